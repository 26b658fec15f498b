"""Hand-written upcasters for the bundled contracts (the generator never touches this file).

Each function is a pure step over plain data: it receives one version's payload as a dict
(schema field names; Avro values as fastavro reads them: `uuid.UUID`, aware `datetime`,
`Decimal`) and returns the next version's payload. The runtime checks the chain when it is
first used and validates every step's output against its target version.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from event_contracts import UpcastError, upcaster

LEGACY_CURRENCY = "EUR"
"""`catalog.ProductAdded` never said which currency its price was in: before
`catalog.ProductListed` existed every tenant was billed in euros, so old prices are EUR."""

_CENT = Decimal("0.01")
_MAX_AMOUNT = Decimal(10) ** 10  # Money.amount is decimal(12, 2): at most 10 integer digits


@upcaster("identity.UserRegistered", 1, 2)
def split_full_name(v1: dict[str, Any]) -> dict[str, Any]:
    """v2 splits the name: the first word is the given name, the rest the family name.

    Whitespace is normalised (trimmed, runs collapsed to one space); a one-word name has an
    empty family name, and an empty name gives two empty parts.
    v1 never recorded a locale, so it is null.
    """
    parts = " ".join(str(v1["full_name"]).split()).split(" ", 1)
    return {
        **v1,
        "given_name": parts[0],
        "family_name": parts[1] if len(parts) > 1 else "",
        "locale": None,
    }


@upcaster("catalog.ProductAdded", 2, 1, target_type="catalog.ProductListed")
def product_added_to_listed(v2: dict[str, Any]) -> dict[str, Any]:
    """ProductAdded v2 -> ProductListed v1: the float price becomes exact Money.

    The amount is the float's shortest decimal form (`repr`, so 19.99 stays 19.99, not
    19.989999...), rounded half-even to cents; the currency is LEGACY_CURRENCY. A price that is
    not finite, or too large for decimal(12, 2), is refused (UpcastError) rather than guessed.
    """
    price = float(v2["price"])
    if not math.isfinite(price):
        raise _refuse(f"price {price!r} is not a finite amount")
    exact = Decimal(repr(price))
    amount = exact.quantize(_CENT, rounding=ROUND_HALF_EVEN) if abs(exact) < _MAX_AMOUNT else exact
    if abs(amount) >= _MAX_AMOUNT:
        raise _refuse(f"price {price!r} does not fit decimal(12, 2)")
    return {
        "event_id": v2["event_id"],
        "product_id": v2["product_id"],
        "tenant_id": v2["tenant_id"],
        "name": v2["name"],
        "price": {"amount": amount, "currency": LEGACY_CURRENCY},
        "category": v2["category"],
        "tags": list(v2["tags"]),
        "listed_at": v2["added_at"],
    }


def _refuse(reason: str) -> UpcastError:
    """An input the target version cannot represent: decode dead-letters it."""
    return UpcastError(
        f"cannot list catalog.ProductAdded v2 as catalog.ProductListed v1: {reason}",
        event_type="catalog.ProductAdded",
        from_version=2,
        to_version=1,
    )

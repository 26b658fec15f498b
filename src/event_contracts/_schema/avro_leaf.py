"""The leaf checks of an Avro schema: enum symbols, aliases, doc, logical types, decimals.

`Checker` (avro_check.py) walks the schema and calls these where a node has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from event_contracts._schema.avro_spec import (
    LOGICAL_BASE,
    AvroIssue,
    is_fullname,
    is_name,
    max_decimal_precision,
)

NAME_FIX = "use letters, digits and underscores, not starting with a digit"


class LeafChecks:
    """Issues collected so far, and the checks of one node's leaves."""

    def __init__(self) -> None:
        self.issues: list[AvroIssue] = []

    def add(self, code: str, at: str, message: str, fix: str) -> None:
        self.issues.append(AvroIssue(code, at, message, fix))

    def enum(self, node: Mapping[str, Any], at: str) -> None:
        symbols = node.get("symbols")
        if not isinstance(symbols, list):
            self.add(
                "AVRO_INVALID",
                f"{at}/symbols" if "symbols" in node else at,
                f"an enum needs a `symbols` array of names, not {json_text(symbols)}",
                'add "symbols": ["A", "B"]',
            )
            return
        seen: set[str] = set()
        for i, s in enumerate(symbols):
            if not is_name(s):
                self.add(
                    "AVRO_BAD_NAME",
                    f"{at}/symbols/{i}",
                    f"enum symbol {json_text(s)} is not a valid Avro name",
                    NAME_FIX,
                )
            elif s in seen:
                self.add(
                    "AVRO_DUPLICATE_SYMBOL",
                    f"{at}/symbols/{i}",
                    f"enum symbol {s!r} is listed twice",
                    "remove the duplicate symbol",
                )
            else:
                seen.add(s)
        if "default" in node and node["default"] not in seen:
            self.add(
                "AVRO_BAD_DEFAULT",
                f"{at}/default",
                f"enum default {json_text(node['default'])} is not one of its symbols",
                "make the enum default one of the symbols",
            )

    # -- attributes ------------------------------------------------------------------------

    def aliases(self, node: Mapping[str, Any], at: str, *, full: bool) -> None:
        if "aliases" not in node:
            return
        aliases = node["aliases"]
        valid = is_fullname if full else is_name
        if not isinstance(aliases, list):
            self.add(
                "AVRO_INVALID",
                f"{at}/aliases",
                f"aliases must be an array of names, not {json_text(aliases)}",
                'write "aliases": ["OldName"]',
            )
            return
        for i, alias in enumerate(aliases):
            if not valid(alias):
                self.add(
                    "AVRO_BAD_NAME",
                    f"{at}/aliases/{i}",
                    f"alias {json_text(alias)} is not a valid Avro name",
                    NAME_FIX,
                )

    def doc(self, node: Mapping[str, Any], at: str) -> None:
        if "doc" in node and not isinstance(node["doc"], str):
            self.add(
                "AVRO_INVALID",
                f"{at}/doc",
                f"doc must be a string, not {json_text(node['doc'])}",
                "write the documentation as one JSON string",
            )

    def logical(self, node: Mapping[str, Any], at: str) -> None:
        logical = node.get("logicalType")
        base = node.get("type")
        allowed = LOGICAL_BASE.get(logical) if isinstance(logical, str) else None
        if allowed is None:
            return  # unknown logical types are ignored by the specification
        if base not in allowed:
            self.add(
                "AVRO_BAD_LOGICAL_TYPE",
                f"{at}/type",
                f"logical type {logical!r} cannot annotate {base!r}; readers would silently "
                "ignore it and see the plain type",
                f"annotate one of: {', '.join(sorted(allowed))}",
            )
            return
        size = node.get("size")
        if logical == "uuid" and base == "fixed" and size != 16:
            self.add(
                "AVRO_BAD_LOGICAL_TYPE",
                f"{at}/size",
                "a uuid fixed must have size 16",
                "set size 16",
            )
        if logical == "duration" and size != 12:
            self.add(
                "AVRO_BAD_LOGICAL_TYPE",
                f"{at}/size",
                "a duration fixed must have size 12",
                "set size 12",
            )
        if logical == "decimal":
            self.decimal(node, at)

    def decimal(self, node: Mapping[str, Any], at: str) -> None:
        precision = node.get("precision")
        scale = node.get("scale", 0)
        if not isinstance(precision, int) or isinstance(precision, bool) or precision < 1:
            self.add(
                "AVRO_BAD_LOGICAL_TYPE",
                f"{at}/precision",
                f"decimal precision must be a positive integer, not {json_text(precision)}",
                "set precision to the number of significant digits (e.g. 12)",
            )
            return
        if not isinstance(scale, int) or isinstance(scale, bool) or scale < 0 or scale > precision:
            self.add(
                "AVRO_BAD_LOGICAL_TYPE",
                f"{at}/scale",
                f"decimal scale must be an integer from 0 to the precision ({precision}), "
                f"not {json_text(scale)}",
                "set scale to the number of digits after the point, at most the precision",
            )
        size = node.get("size")
        if node.get("type") == "fixed" and isinstance(size, int) and not isinstance(size, bool):
            most = max_decimal_precision(size)
            if precision > most:
                self.add(
                    "AVRO_BAD_LOGICAL_TYPE",
                    f"{at}/precision",
                    f"a fixed of {size} bytes holds at most {most} decimal digits, "
                    f"not precision {precision}",
                    "raise the fixed size or lower the precision",
                )


def json_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)

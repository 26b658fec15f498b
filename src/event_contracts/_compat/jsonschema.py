"""JSON Schema compatibility (placeholder until the JSON Schema engine lands)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from event_contracts._compat.model import CompatResult, Mode, Policy
from event_contracts.errors import ContractError


def check_jsonschema(
    old: Any,
    new: Any,
    mode: Mode,
    *,
    policy: Policy = Policy.STRICT,
    old_base: Path | None = None,
    new_base: Path | None = None,
) -> CompatResult:
    raise ContractError("the JSON Schema compatibility engine is not implemented yet")

"""Avro compatibility (placeholder until the Avro engine lands)."""

from __future__ import annotations

from typing import Any

from event_contracts._compat.model import CompatResult, Mode
from event_contracts.errors import ContractError


def check_avro(old: Any, new: Any, mode: Mode) -> CompatResult:
    raise ContractError("the Avro compatibility engine is not implemented yet")

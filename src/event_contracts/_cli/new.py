"""`event-contracts new` (not implemented yet)."""

from __future__ import annotations

import argparse
from typing import Any

from event_contracts.errors import UsageError


def register(sub: Any) -> None:
    p = sub.add_parser("new", help="(not implemented yet)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise UsageError("`event-contracts new` is not implemented yet")

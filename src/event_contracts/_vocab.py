"""Words several capabilities share: compatibility modes, JSON Schema policies, directions.

A low room of its own: `_schema` (configuration) and `_compat` (the engines) both import it, and it
imports nothing from either.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

Direction = Literal["backward", "forward", "none"]
"""backward: the new schema reads data written with the old one (reader = new, writer = old);
forward: the old schema reads data written with the new one (reader = old, writer = new)."""


class Mode(StrEnum):
    """Confluent Schema Registry's compatibility levels."""

    NONE = "NONE"
    BACKWARD = "BACKWARD"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD = "FORWARD"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL = "FULL"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"

    @property
    def transitive(self) -> bool:
        return self.value.endswith("_TRANSITIVE")

    @property
    def directions(self) -> tuple[Direction, ...]:
        """The directions a pair check must pass, in a fixed order."""
        return _DIRECTIONS[self]

    @classmethod
    def parse(cls, value: str | Mode) -> Mode:
        if isinstance(value, Mode):
            return value
        # A dict lookup: calling the enum class costs more than the rest of a cached check.
        found = _MODES.get(str(value).upper())
        if found is None:
            from event_contracts.errors import UsageError

            names = ", ".join(m.value for m in cls)
            raise UsageError(f"unknown compatibility mode {value!r}; use one of {names}")
        return found


_MODES: dict[str, Mode] = {m.value: m for m in Mode}
_BASE_DIRECTIONS: dict[str, tuple[Direction, ...]] = {
    "NONE": (),
    "BACKWARD": ("backward",),
    "FORWARD": ("forward",),
    "FULL": ("backward", "forward"),
}
# By member: `Mode.value` is a descriptor, slow enough to show in a cached check.
_DIRECTIONS: dict[Mode, tuple[Direction, ...]] = {
    m: _BASE_DIRECTIONS[m.value.removesuffix("_TRANSITIVE")] for m in Mode
}


class Policy(StrEnum):
    """Confluent's JSON Schema policies; LENIENT also accepts some content-model changes."""

    STRICT = "STRICT"
    LENIENT = "LENIENT"

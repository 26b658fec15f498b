"""How much data the proof may run: per event type a time budget, per pair an example cap."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SECONDS = 0.3
DEFAULT_EXAMPLES = 50


@dataclass(frozen=True, slots=True)
class Budget:
    seconds: float = DEFAULT_SECONDS
    """Per proved event type, shared by its writer versions."""
    examples: int = DEFAULT_EXAMPLES
    """At most this many examples per (writer, reader) pair."""

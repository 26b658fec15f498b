"""What travels on a transport, and what a failed delivery leaves behind.

A message is the contract's wire form: CloudEvents 1.0 in binary mode (the Kafka binding's
`content-type` and `ce_*` headers, the bare payload as value), keyed by the event's partition
key. Every transport carries exactly these four parts; none adds meaning of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

Headers = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True, slots=True)
class Message:
    """One event on the wire: topic (the event type id), key, CloudEvents headers, payload."""

    topic: str
    key: bytes | None
    headers: Headers
    value: bytes

    def header(self, name: str) -> str | None:
        """A header's value as text (the first with that name, case-insensitive), or None."""
        lowered = name.lower()
        for k, v in self.headers:
            if k.lower() == lowered:
                return v.decode("utf-8", "replace")
        return None

    @property
    def event_id(self) -> str | None:
        """The CloudEvents `id` (what deduplication keys on)."""
        return self.header("ce_id")


def headers_of(pairs: Sequence[tuple[str, bytes | str | None]] | None) -> Headers:
    """Normalize a client's header list (str or bytes values, None dropped)."""
    out: list[tuple[str, bytes]] = []
    for k, v in pairs or ():
        if v is None:
            continue
        out.append((k, v.encode() if isinstance(v, str) else bytes(v)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A delivery that failed every attempt: the raw message and why, for a human or a replay."""

    module: str
    handler: str
    message: Message
    error: str
    """`ExceptionType: message` of the last attempt."""
    attempts: int
    failed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

"""The transport seam, the in-memory transport, and choosing one from a single setting.

`EVENT_CONTRACTS_TRANSPORT` (or `Bus(transport=...)`) is a URL:

    memory                      in-process (default): the monolith and tests
    kafka://host:9092[,host2]   Kafka via confluent-kafka (extra `kafka`)
    redis://host:6379/0         Redis Streams via redis-py (extra `redis`)
    sqs://aws?region=eu-west-1  SNS topics fanned out to SQS queues via boto3 (extra `sqs`)

Every transport moves the same `Message` (CloudEvents binary mode); a consuming module is a
consumer group, so each module gets every event once however many handlers it has.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol
from urllib.parse import parse_qsl, urlsplit

from event_contracts._bus.message import Message
from event_contracts.errors import BusError

ENV_VAR = "EVENT_CONTRACTS_TRANSPORT"
OnMessage = Callable[[Message], None]
RETRY_PAUSE = 0.5
"""Seconds a listener waits before offering a message again whose delivery itself failed."""
log = logging.getLogger("event_contracts.bus")


def delivered(on_message: OnMessage, message: Message, group: str) -> bool:
    """Run the group's dispatcher; False (logged) when delivery itself failed, e.g. the dedup
    store was unreachable: the listener then leaves the message unacknowledged, to retry."""
    try:
        on_message(message)
    except Exception:
        log.exception("bus: delivering %s %s to %s failed", message.topic, message.event_id, group)
        return False
    return True


class Listener(Protocol):
    """A running consumer of one group; `stop()` waits for the message in hand, then commits."""

    def stop(self) -> None: ...


class Transport(Protocol):
    """Moves messages; delivers each to every group listening to its topic, at least once."""

    name: str

    def send(self, message: Message) -> None: ...
    def flush(self, timeout: float = 10.0) -> None: ...
    def listen(self, group: str, topics: Sequence[str], on_message: OnMessage) -> Listener: ...
    def close(self) -> None: ...


class MemoryTransport:
    """One ordered log in memory; each group has a committed offset and a worker thread.

    Publishing appends and returns at once (handlers never run on the publisher's stack); a
    group's worker delivers in order and commits after each message. A group that stops and
    listens again resumes at its committed offset, as a Kafka consumer group would.
    `flush()` waits until every running group has handled everything published so far.
    At most `max_retained` messages are kept for groups that are behind or stopped (and for
    groups yet to come); past that the oldest are dropped, with a warning: memory is bounded.
    """

    name = "memory"

    def __init__(self, *, max_retained: int = 100_000) -> None:
        self.max_retained = max_retained
        self._log: list[Message] = []
        self._base = 0  # offset of _log[0] (the head is trimmed once every group passed it)
        self._offsets: dict[str, int] = {}
        self._running: dict[str, _MemoryListener] = {}
        self._cond = threading.Condition()

    def send(self, message: Message) -> None:
        with self._cond:
            self._log.append(message)
            if len(self._log) > self.max_retained:
                self._drop(len(self._log) - self.max_retained)
            self._cond.notify_all()

    def _drop(self, count: int) -> None:
        del self._log[:count]
        self._base += count
        for group, at in self._offsets.items():
            if at < self._base:
                log.warning("in-memory bus: %s lost %d message(s)", group, self._base - at)
                self._offsets[group] = self._base

    def flush(self, timeout: float = 10.0) -> None:
        with self._cond:
            end = self._base + len(self._log)
            ok = self._cond.wait_for(
                lambda: all(self._offsets[g] >= end for g in self._running), timeout
            )
        if not ok:
            raise BusError(f"in-memory transport: handlers did not catch up within {timeout} s")

    def listen(self, group: str, topics: Sequence[str], on_message: OnMessage) -> Listener:
        with self._cond:
            if group in self._running:
                raise BusError(f"group {group!r} is already listening on this transport")
            self._offsets.setdefault(group, self._base)
            listener = _MemoryListener(self, group, frozenset(topics), on_message)
            self._running[group] = listener
        listener.thread.start()
        return listener

    def seek(self, group: str, offset: int) -> None:
        """Move a group back (or on): what a consumer restarted from an old commit sees."""
        with self._cond:
            self._offsets[group] = max(offset, self._base)
            self._cond.notify_all()

    def close(self) -> None:
        for listener in list(self._running.values()):
            listener.stop()

    def _next(self, listener: _MemoryListener) -> Message | None:
        with self._cond:
            while not listener.stopping:
                at = self._offsets[listener.group]
                if at < self._base + len(self._log):
                    return self._log[at - self._base]
                self._cond.wait()
            return None

    def _commit(self, group: str) -> None:
        with self._cond:
            self._offsets[group] += 1
            low = min(self._offsets.values())
            if low > self._base:
                del self._log[: low - self._base]
                self._base = low
            self._cond.notify_all()


class _MemoryListener:
    def __init__(
        self, transport: MemoryTransport, group: str, topics: frozenset[str], on: OnMessage
    ) -> None:
        self.transport = transport
        self.group = group
        self.topics = topics
        self.on_message = on
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name=f"bus-{group}", daemon=True)

    def _run(self) -> None:
        while True:
            message = self.transport._next(self)
            if message is None:
                return
            if message.topic in self.topics and not delivered(self.on_message, message, self.group):
                time.sleep(RETRY_PAUSE)  # not committed: the same message is offered again
                continue
            self.transport._commit(self.group)

    def stop(self) -> None:
        with self.transport._cond:
            self.stopping = True
            self.transport._cond.notify_all()
        if self.thread is not threading.current_thread():
            self.thread.join()
        with self.transport._cond:
            self.transport._running.pop(self.group, None)
            self.transport._cond.notify_all()


def from_url(url: str | None = None) -> Transport:
    """The transport a URL names (default: `$EVENT_CONTRACTS_TRANSPORT`, else memory)."""
    if url is None:
        url = os.environ.get(ENV_VAR, "").strip() or "memory"
    parts = urlsplit(url)
    scheme = (parts.scheme or parts.path).lower()
    options = dict(parse_qsl(parts.query))
    if scheme in ("memory", "mem", "in-memory"):
        return MemoryTransport()
    if scheme == "kafka":
        from event_contracts._bus.kafka import KafkaTransport

        if not parts.netloc:
            raise BusError(f"{url!r}: name the brokers, e.g. kafka://127.0.0.1:9092")
        return KafkaTransport(parts.netloc, options=options)
    if scheme in ("redis", "rediss"):
        from event_contracts._bus.redis import RedisTransport

        return RedisTransport(url.split("?", 1)[0], options=options)
    if scheme == "sqs":
        from event_contracts._bus.sqs import SqsTransport

        return SqsTransport(parts.netloc, options=options)
    raise BusError(
        f"unknown transport {url!r} (from {ENV_VAR} or Bus(transport=...)); "
        "use memory, kafka://HOST:PORT, redis://HOST:PORT/DB or sqs://aws?region=R"
    )

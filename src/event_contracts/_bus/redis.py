"""Redis Streams via redis-py (the `redis` extra): one stream per event type, one consumer group
per consuming module, each entry acknowledged (XACK) only after the module's handlers ran.

At least once: an entry read but not acknowledged stays in the group's pending entries list; a
listener first re-reads its own pending entries, and claims (XAUTOCLAIM) those another consumer
left idle for `claim-idle-ms` (a consumer that died), so a restart loses nothing. Ordering holds
per stream for one consumer; streams are capped only if `maxlen` is given (approximate trim).

    redis://127.0.0.1:6379/0?maxlen=1000000&claim-idle-ms=30000&consumer=orders-1
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from event_contracts._bus.message import Message
from event_contracts._bus.transport import Listener, OnMessage, delivered
from event_contracts.errors import BusError

log = logging.getLogger("event_contracts.bus")
_HEADER = b"h:"  # header fields are stored as `h:<name>`; `key` and `value` are the others


def _redis() -> Any:
    try:
        return importlib.import_module("redis")
    except ImportError:
        raise BusError(
            "the Redis transport needs redis-py: pip install 'event-contracts[redis]'"
        ) from None


class RedisTransport:
    """Streams named after the event types (with an optional `prefix`)."""

    name = "redis"

    def __init__(self, url: str, *, options: Mapping[str, str] | None = None) -> None:
        self._redis = _redis()
        options = dict(options or {})
        self.maxlen = int(options["maxlen"]) if "maxlen" in options else None
        self.claim_idle_ms = int(options.get("claim-idle-ms", "30000"))
        self.consumer = options.get("consumer") or f"{socket.gethostname()}-{os.getpid()}"
        self.prefix = options.get("prefix", "")
        self.block_ms = int(options.get("block-ms", "100"))
        self.url = url
        self._client = self._redis.Redis.from_url(url)
        self._listeners: list[_RedisListener] = []

    def stream(self, topic: str) -> str:
        return f"{self.prefix}{topic}"

    def send(self, message: Message) -> None:
        fields: dict[bytes, bytes] = {b"value": message.value}
        if message.key is not None:
            fields[b"key"] = message.key
        for k, v in message.headers:
            fields[_HEADER + k.encode()] = v
        try:
            if self.maxlen is None:
                self._client.xadd(self.stream(message.topic), fields)
            else:
                self._client.xadd(
                    self.stream(message.topic), fields, maxlen=self.maxlen, approximate=True
                )
        except self._redis.RedisError as exc:
            raise BusError(f"Redis: cannot add to stream {message.topic!r}: {exc}") from None

    def flush(self, timeout: float = 10.0) -> None:
        """XADD returns once Redis has the entry: nothing is buffered here."""

    def listen(self, group: str, topics: Sequence[str], on_message: OnMessage) -> Listener:
        for topic in topics:
            try:
                self._client.xgroup_create(self.stream(topic), group, id="0", mkstream=True)
            except self._redis.ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise BusError(f"Redis: cannot create group {group!r}: {exc}") from None
        listener = _RedisListener(self, group, list(topics), on_message)
        self._listeners.append(listener)
        listener.thread.start()
        return listener

    def close(self) -> None:
        for listener in list(self._listeners):
            listener.stop()
        self._client.close()


class _RedisListener:
    def __init__(
        self, transport: RedisTransport, group: str, topics: list[str], on: OnMessage
    ) -> None:
        self.transport = transport
        self.group = group
        self.topics = topics
        self.on_message = on
        self.client = transport._redis.Redis.from_url(transport.url)
        # One consumer name per listener: a restarted process claims what the old one left.
        self.consumer = f"{transport.consumer}-{uuid.uuid4().hex[:8]}"
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"bus-redis-{group}", daemon=True)

    def _run(self) -> None:
        streams = {self.transport.stream(t): t for t in self.topics}
        try:
            self._claim(streams)
            while not self.stopping.is_set():
                reply = self.client.xreadgroup(
                    self.group,
                    self.consumer,
                    dict.fromkeys(streams, ">"),
                    count=10,
                    block=self.transport.block_ms,
                )
                for stream, entries in reply or ():
                    if not self._handle(streams, stream, entries):
                        return
                self._claim(streams)
        except self.transport._redis.RedisError as exc:
            if not self.stopping.is_set():
                log.warning("Redis consumer %s stopped: %s", self.group, exc)

    def _claim(self, streams: dict[str, str]) -> None:
        """Take over entries other consumers of the group left pending for too long."""
        for stream in streams:
            start = "0-0"
            while not self.stopping.is_set():
                reply = self.client.xautoclaim(
                    stream,
                    self.group,
                    self.consumer,
                    min_idle_time=self.transport.claim_idle_ms,
                    start_id=start,
                    count=10,
                )
                start, entries = reply[0], reply[1]
                if not self._handle(streams, stream, entries):
                    return
                if start in (b"0-0", "0-0") or not entries:
                    break

    def _handle(self, streams: dict[str, str], stream: Any, entries: Any) -> bool:
        name = stream.decode() if isinstance(stream, bytes) else str(stream)
        topic = streams.get(name, name)
        for entry_id, fields in entries:
            if self.stopping.is_set():
                return False  # left pending: claimed after a restart
            if not fields:  # trimmed away while pending
                self.client.xack(name, self.group, entry_id)
                continue
            headers = tuple(
                (k[len(_HEADER) :].decode(), v) for k, v in fields.items() if k.startswith(_HEADER)
            )
            message = Message(topic, fields.get(b"key"), headers, fields.get(b"value", b""))
            if delivered(self.on_message, message, self.group):
                self.client.xack(name, self.group, entry_id)
            # else: left pending, claimed again once idle for claim-idle-ms
        return True

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.client.close()
        if self in self.transport._listeners:
            self.transport._listeners.remove(self)

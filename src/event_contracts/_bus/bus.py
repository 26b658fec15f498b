"""The bus: publish generated events, run the handlers of consuming modules.

    bus = Bus()                                  # transport from $EVENT_CONTRACTS_TRANSPORT
    @bus.subscriber(UserRegistered, module="notifications")
    def welcome(event: UserRegistered) -> None: ...
    bus.start()                                  # one consumer group per module
    bus.publish(UserRegistered(...))             # metadata filled, CloudEvents binary mode

The module-level `publish`/`subscriber` use a default bus and the default handler registry, so
producers and consumers need no bus object at all (seed 001's publisher and consumers).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from event_contracts._bus.context import event_id_of, partition_key, with_metadata
from event_contracts._bus.dispatch import Dispatcher, RetryPolicy
from event_contracts._bus.handlers import DEFAULT_HANDLERS, HandlerRegistry
from event_contracts._bus.message import Message
from event_contracts._bus.stores import (
    DeadLetterSink,
    DedupStore,
    MemoryDeadLetters,
    MemoryDedupStore,
)
from event_contracts._bus.transport import Listener, Transport, from_url
from event_contracts._runtime.base import IntegrationEvent
from event_contracts._runtime.envelope import to_kafka
from event_contracts.errors import UsageError


@dataclass(frozen=True, slots=True)
class Published:
    """What `publish` sent: the CloudEvents id, the topic and the message key."""

    event_id: str
    topic: str
    key: str
    message: Message


def message_for(
    event: IntegrationEvent,
    *,
    source: str | None = None,
    correlation_id: str | None = None,
    causation_id: str | None = None,
) -> tuple[IntegrationEvent, Message]:
    """The event with its metadata filled, and its wire form (what `publish` sends)."""
    if not isinstance(event, IntegrationEvent):
        raise UsageError(f"publish() takes a generated event instance, not {type(event).__name__}")
    event_id = event_id_of(event)
    event = with_metadata(event, event_id, correlation_id=correlation_id, causation_id=causation_id)
    key = partition_key(event, event_id)
    headers, value = to_kafka(event, id=event_id, source=source, partitionkey=key)
    return event, Message(type(event).EVENT_TYPE, key.encode(), tuple(headers), value)


class Bus:
    """Publishes events through one transport and runs the handlers of consuming modules."""

    def __init__(
        self,
        transport: Transport | str | None = None,
        *,
        handlers: HandlerRegistry | None = None,
        dedup: DedupStore | None = None,
        dead_letters: DeadLetterSink | None = None,
        retry: RetryPolicy | None = None,
        source: str | None = None,
    ) -> None:
        self.transport: Transport = (
            transport
            if transport is not None and not isinstance(transport, str)
            else from_url(transport)
        )
        self.handlers = handlers if handlers is not None else HandlerRegistry()
        self.dedup: DedupStore = dedup if dedup is not None else MemoryDedupStore()
        self.dead_letters: DeadLetterSink = (
            dead_letters if dead_letters is not None else MemoryDeadLetters()
        )
        self.retry = retry if retry is not None else RetryPolicy()
        self.source = source
        self._listeners: dict[str, Listener] = {}
        self._lock = threading.Lock()

    def subscriber(self, event_class: type[IntegrationEvent], *, module: str) -> Any:
        """Decorator: register a handler of `event_class` for consuming module `module`."""
        return self.handlers.subscriber(event_class, module=module)

    def publish(
        self,
        event: IntegrationEvent,
        *,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> Published:
        """Fill the event's metadata and send it; returns once the transport has it queued."""
        event, message = message_for(
            event, source=self.source, correlation_id=correlation_id, causation_id=causation_id
        )
        self.transport.send(message)
        return Published(message.event_id or "", message.topic, message.key.decode(), message)  # type: ignore[union-attr]

    def start(self, modules: Iterable[str] | None = None) -> Bus:
        """Start consuming for `modules` (default: every module with a handler); idempotent."""
        wanted = list(modules) if modules is not None else self.handlers.modules()
        with self._lock:
            for module in wanted:
                if module in self._listeners:
                    continue
                subs = self.handlers.subscriptions(module)
                if not subs:
                    raise UsageError(f"module {module!r} has no handler registered on this bus")
                dispatcher = Dispatcher(module, subs, self.dedup, self.dead_letters, self.retry)
                self._listeners[module] = self.transport.listen(
                    module, dispatcher.topics, dispatcher
                )
        return self

    @property
    def running(self) -> list[str]:
        return sorted(self._listeners)

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until sent messages left this process (in memory: until handled)."""
        self.transport.flush(timeout)

    def stop(self) -> None:
        """Stop every consumer after the message in hand; offsets are committed."""
        with self._lock:
            listeners, self._listeners = list(self._listeners.values()), {}
        for listener in listeners:
            listener.stop()

    def close(self) -> None:
        self.stop()
        self.transport.close()

    def __enter__(self) -> Bus:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.close()


_DEFAULT: Bus | None = None
_DEFAULT_LOCK = threading.Lock()


def get_bus() -> Bus:
    """The default bus: transport from `$EVENT_CONTRACTS_TRANSPORT`, the default handlers."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Bus(handlers=DEFAULT_HANDLERS)
        return _DEFAULT


def configure(transport: Transport | str | None = None, **options: Any) -> Bus:
    """Replace the default bus (closing the old one); options as for `Bus`."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        old, _DEFAULT = _DEFAULT, None
    if old is not None:
        old.close()
    bus = Bus(transport, handlers=options.pop("handlers", DEFAULT_HANDLERS), **options)
    with _DEFAULT_LOCK:
        _DEFAULT = bus
    return bus


def publish(
    event: IntegrationEvent,
    *,
    correlation_id: str | None = None,
    causation_id: str | None = None,
) -> Published:
    """Publish on the default bus, starting its handlers on first use."""
    bus = get_bus()
    bus.start()
    return bus.publish(event, correlation_id=correlation_id, causation_id=causation_id)

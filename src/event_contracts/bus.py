"""Publish and subscribe between modules: `event_contracts.bus`.

    from event_contracts.bus import publish, subscriber

    @subscriber(UserRegistered, module="notifications")     # sync or async def
    def send_welcome(event: UserRegistered) -> None: ...

    publish(UserRegistered(...))                             # in memory by default

The transport is one setting, `EVENT_CONTRACTS_TRANSPORT` (`memory`, `kafka://HOST:PORT`,
`redis://HOST:PORT/DB`, `sqs://aws?region=R`); transports' client libraries are extras
(`event-contracts[kafka]`, `[redis]`, `[sqs]`) and load only when chosen.
See docs/bus.md for guarantees per transport, the outbox and the migration path.
"""

from __future__ import annotations

from event_contracts._bus.bus import Bus, Published, configure, get_bus, message_for, publish
from event_contracts._bus.context import current_delivery
from event_contracts._bus.dispatch import RetryPolicy
from event_contracts._bus.handlers import HandlerRegistry, Subscription, subscriber
from event_contracts._bus.message import DeadLetter, Message
from event_contracts._bus.outbox import OutboxRelay, SqliteOutbox
from event_contracts._bus.outbox_sqlalchemy import SqlAlchemyOutbox, SqlAlchemyOutboxRelay
from event_contracts._bus.stores import (
    DeadLetterSink,
    DedupStore,
    MemoryDeadLetters,
    MemoryDedupStore,
    RedisDedupStore,
    SqliteDeadLetters,
    SqliteDedupStore,
)
from event_contracts._bus.transport import MemoryTransport, Transport, from_url
from event_contracts.errors import BusError

__all__ = [
    "Bus",
    "BusError",
    "DeadLetter",
    "DeadLetterSink",
    "DedupStore",
    "HandlerRegistry",
    "MemoryDeadLetters",
    "MemoryDedupStore",
    "MemoryTransport",
    "Message",
    "OutboxRelay",
    "Published",
    "RedisDedupStore",
    "RetryPolicy",
    "SqlAlchemyOutbox",
    "SqlAlchemyOutboxRelay",
    "SqliteDeadLetters",
    "SqliteDedupStore",
    "SqliteOutbox",
    "Subscription",
    "Transport",
    "configure",
    "current_delivery",
    "from_url",
    "get_bus",
    "message_for",
    "publish",
    "subscriber",
]

"""The transactional outbox through SQLAlchemy (any database it supports), where installed.

    with Session(engine) as session, session.begin():
        session.add(User(...))
        SqlAlchemyOutbox(session).add(UserRegistered(...))     # same transaction

    SqlAlchemyOutboxRelay(engine, bus.transport).run_once()

Same table and semantics as the SQLite outbox (`bus_outbox`, at least once, the very message
`publish` would send), declared with SQLAlchemy Core so it is portable across databases.
"""

from __future__ import annotations

import importlib
import json
import threading
from typing import Any

from event_contracts._bus.bus import message_for
from event_contracts._bus.message import Message
from event_contracts._bus.outbox import TABLE
from event_contracts._bus.transport import Transport
from event_contracts._runtime.base import IntegrationEvent
from event_contracts.errors import BusError


def _sa() -> Any:
    try:
        return importlib.import_module("sqlalchemy")
    except ImportError:
        raise BusError("SqlAlchemyOutbox needs SQLAlchemy: pip install sqlalchemy") from None


def outbox_table(sa: Any, metadata: Any | None = None) -> Any:
    """The outbox as a SQLAlchemy `Table` (add it to your own metadata for migrations)."""
    return sa.Table(
        TABLE,
        metadata if metadata is not None else sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("topic", sa.String(255), nullable=False),
        sa.Column("key", sa.LargeBinary),
        sa.Column("headers", sa.Text, nullable=False),
        sa.Column("value", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Column("published_at", sa.DateTime(timezone=True)),
    )


class SqlAlchemyOutbox:
    """Writes events through the caller's `Session` (or `Connection`), in its transaction."""

    def __init__(self, session: Any, *, source: str | None = None) -> None:
        self._sa = _sa()
        self.session = session
        self.source = source
        self.table = outbox_table(self._sa)
        self.table.create(session.connection(), checkfirst=True)

    def add(
        self,
        event: IntegrationEvent,
        *,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> str:
        """Queue `event` in the current transaction (no commit here); returns its event id."""
        _, message = message_for(
            event, source=self.source, correlation_id=correlation_id, causation_id=causation_id
        )
        self.session.execute(
            self.table.insert().values(
                event_id=message.event_id,
                topic=message.topic,
                key=message.key,
                headers=json.dumps([[k, v.hex()] for k, v in message.headers]),
                value=message.value,
            )
        )
        return message.event_id or ""


class SqlAlchemyOutboxRelay:
    """Sends pending rows in order through a transport, then marks them, one batch at a time."""

    def __init__(self, engine: Any, transport: Transport, *, batch: int = 100) -> None:
        self._sa = _sa()
        self.engine = engine
        self.transport = transport
        self.batch = batch
        self.table = outbox_table(self._sa)
        with engine.begin() as conn:
            self.table.create(conn, checkfirst=True)

    def pending(self) -> int:
        t = self.table
        with self.engine.connect() as conn:
            query = self._sa.select(self._sa.func.count()).where(t.c.published_at.is_(None))
            return int(conn.execute(query).scalar_one())

    def run_once(self) -> int:
        t = self.table
        with self.engine.begin() as conn:
            rows = conn.execute(
                self._sa.select(t.c.id, t.c.topic, t.c.key, t.c.headers, t.c.value)
                .where(t.c.published_at.is_(None))
                .order_by(t.c.id)
                .limit(self.batch)
            ).all()
            if not rows:
                return 0
            for _id, topic, key, headers, value in rows:
                pairs = tuple((k, bytes.fromhex(v)) for k, v in json.loads(headers))
                self.transport.send(Message(topic, key, pairs, bytes(value)))
            self.transport.flush()  # durable on the broker before the rows are marked
            self._mark(conn, [r[0] for r in rows])
        return len(rows)

    def _mark(self, conn: Any, ids: list[int]) -> None:
        t = self.table
        conn.execute(t.update().where(t.c.id.in_(ids)).values(published_at=self._sa.func.now()))

    def run(self, stop: threading.Event, *, interval: float = 0.5) -> None:
        while not stop.is_set():
            if self.run_once() == 0:
                stop.wait(interval)

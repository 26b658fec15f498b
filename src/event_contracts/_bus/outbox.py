"""Transactional outbox on SQLite: publish after the state change commits, never before.

    with conn:                                    # one transaction
        conn.execute("INSERT INTO users ...")
        SqliteOutbox(conn).add(UserRegistered(...))   # the event's wire form, same transaction

    OutboxRelay("app.sqlite3", bus.transport).run_once()   # or .run(stop) in a thread

The row holds the exact message `publish` would send (CloudEvents id included), so a relay that
crashes after sending and before marking sends the same message again on restart: at least
once, and consumers' deduplication by event id makes it effectively once.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from event_contracts._bus.bus import message_for
from event_contracts._bus.message import Message
from event_contracts._bus.transport import Transport
from event_contracts._runtime.base import IntegrationEvent
from event_contracts.errors import UsageError

TABLE = "bus_outbox"
_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, topic TEXT NOT NULL,"
    " key BLOB, headers TEXT NOT NULL, value BLOB NOT NULL,"
    " created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, published_at TEXT)"
)


def create_table(conn: sqlite3.Connection) -> None:
    """Create the outbox table if missing (also done by `SqliteOutbox`)."""
    conn.execute(_DDL)
    conn.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_pending ON {TABLE} (published_at, id)")


class SqliteOutbox:
    """Writes events into the outbox table through the caller's connection and transaction."""

    def __init__(self, conn: sqlite3.Connection, *, source: str | None = None) -> None:
        if not isinstance(conn, sqlite3.Connection):
            raise UsageError(f"SqliteOutbox takes a sqlite3.Connection, not {type(conn).__name__}")
        self.conn = conn
        self.source = source
        create_table(conn)

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
        self.conn.execute(
            f"INSERT INTO {TABLE} (event_id, topic, key, headers, value) VALUES (?, ?, ?, ?, ?)",
            (
                message.event_id,
                message.topic,
                message.key,
                json.dumps([[k, v.hex()] for k, v in message.headers]),
                message.value,
            ),
        )
        return message.event_id or ""


class OutboxRelay:
    """Sends pending outbox rows in order through a transport, then marks them published."""

    def __init__(self, database: str | Path, transport: Transport, *, batch: int = 100) -> None:
        self.database = str(database)
        self.transport = transport
        self.batch = batch
        self._conn = sqlite3.connect(self.database, check_same_thread=False)
        create_table(self._conn)
        self._conn.commit()

    def pending(self) -> int:
        row = self._conn.execute(f"SELECT count(*) FROM {TABLE} WHERE published_at IS NULL")
        return int(row.fetchone()[0])

    def run_once(self) -> int:
        """Send one batch; returns how many rows it published (0: nothing pending)."""
        rows = self._conn.execute(
            f"SELECT id, topic, key, headers, value FROM {TABLE}"
            " WHERE published_at IS NULL ORDER BY id LIMIT ?",
            (self.batch,),
        ).fetchall()
        if not rows:
            return 0
        for _id, topic, key, headers, value in rows:
            pairs = tuple((k, bytes.fromhex(v)) for k, v in json.loads(headers))
            self.transport.send(Message(topic, key, pairs, value))
        self.transport.flush()  # durable on the broker before the rows are marked
        self._mark([r[0] for r in rows])
        return len(rows)

    def _mark(self, ids: list[int]) -> None:
        with self._conn:
            self._conn.executemany(
                f"UPDATE {TABLE} SET published_at = CURRENT_TIMESTAMP WHERE id = ?",
                [(i,) for i in ids],
            )

    def run(self, stop: threading.Event, *, interval: float = 0.5) -> None:
        """Relay until `stop` is set, polling every `interval` seconds when idle."""
        while not stop.is_set():
            if self.run_once() == 0:
                stop.wait(interval)

    def close(self) -> None:
        self._conn.close()

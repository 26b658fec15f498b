"""The transactional outbox: events leave only with the state change, at least once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.bus.scenario import user

from event_contracts.bus import (
    Bus,
    HandlerRegistry,
    MemoryTransport,
    Message,
    OutboxRelay,
    SqliteOutbox,
)
from integration_events.identity import UserRegistered


class Recording(MemoryTransport):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Message] = []

    def send(self, message: Message) -> None:
        self.sent.append(message)
        super().send(message)


def setup(tmp_path: Path) -> tuple[Path, sqlite3.Connection, Recording, list[UserRegistered]]:
    db = tmp_path / "app.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT)")
    transport = Recording()
    handlers = HandlerRegistry()
    got: list[UserRegistered] = []
    handlers.add(UserRegistered, got.append, module="notifications")
    Bus(transport, handlers=handlers).start()
    return db, conn, transport, got


def register(conn: sqlite3.Connection, n: int, *, fail: bool = False) -> str:
    event = user(n)
    with conn:  # one transaction: the user row and the event, or neither
        conn.execute("INSERT INTO users VALUES (?, ?)", (str(event.user_id), event.email))
        event_id = SqliteOutbox(conn).add(event)
        if fail:
            raise RuntimeError("the command failed after writing")
    return event_id


def test_events_are_published_only_when_the_transaction_commits(tmp_path: Path) -> None:
    db, conn, transport, got = setup(tmp_path)
    with pytest.raises(RuntimeError):
        register(conn, 1, fail=True)
    kept = [register(conn, n) for n in (2, 3)]
    relay = OutboxRelay(db, transport)
    assert relay.pending() == 2
    assert relay.run_once() == 2 and relay.run_once() == 0
    transport.flush()
    assert [str(e.event_id) for e in got] == kept
    assert [e.email for e in got] == ["user2@example.com", "user3@example.com"]
    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 2


def test_a_relay_that_crashes_before_marking_sends_again_and_consumers_dedup(
    tmp_path: Path,
) -> None:
    db, conn, transport, got = setup(tmp_path)
    event_id = register(conn, 1)

    class Crashing(OutboxRelay):
        def _mark(self, ids: list[int]) -> None:
            raise KeyboardInterrupt("power cut")

    with pytest.raises(KeyboardInterrupt):
        Crashing(db, transport).run_once()
    restarted = OutboxRelay(db, transport)  # a new process: the row is still pending
    assert restarted.run_once() == 1 and restarted.pending() == 0
    transport.flush()
    assert [m.event_id for m in transport.sent] == [event_id, event_id]
    assert transport.sent[0] == transport.sent[1]  # the very same message, same CloudEvents id
    assert [str(e.event_id) for e in got] == [event_id]  # handled once


def test_the_outbox_through_an_sqlalchemy_session(tmp_path: Path) -> None:
    sa = pytest.importorskip("sqlalchemy")
    from sqlalchemy.orm import Session

    from event_contracts.bus import SqlAlchemyOutbox, SqlAlchemyOutboxRelay

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE users (id TEXT PRIMARY KEY)"))
    transport = Recording()
    handlers = HandlerRegistry()
    got: list[UserRegistered] = []
    handlers.add(UserRegistered, got.append, module="notifications")
    Bus(transport, handlers=handlers).start()
    kept = user(1)
    with pytest.raises(RuntimeError), Session(engine) as session, session.begin():
        session.execute(sa.text("INSERT INTO users VALUES ('u0')"))
        SqlAlchemyOutbox(session).add(user(0))
        raise RuntimeError("rolled back")
    with Session(engine) as session, session.begin():
        session.execute(sa.text("INSERT INTO users VALUES ('u1')"))
        event_id = SqlAlchemyOutbox(session).add(kept)

    class Crashing(SqlAlchemyOutboxRelay):
        def _mark(self, conn: object, ids: list[int]) -> None:
            raise KeyboardInterrupt("power cut")

    with pytest.raises(KeyboardInterrupt):
        Crashing(engine, transport).run_once()
    relay = SqlAlchemyOutboxRelay(engine, transport)
    assert relay.pending() == 1
    assert relay.run_once() == 1 and relay.run_once() == 0 and relay.pending() == 0
    transport.flush()
    assert [m.event_id for m in transport.sent] == [event_id, event_id]
    assert [str(e.event_id) for e in got] == [event_id]
    engine.dispose()

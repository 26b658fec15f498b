"""Where the bus remembers what each handler has done, and keeps what failed.

Deduplication is per (scope, event id), the scope being `<module>:<handler>`: a redelivered
event reaches each handler at most once while its record lasts. In memory by default; SQLite
(stdlib) when it must survive a restart. Dead letters keep the raw message and the error.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Protocol

from event_contracts._bus.message import DeadLetter, Message


class DedupStore(Protocol):
    """Remembers which (scope, event id) pairs were handled."""

    def seen(self, scope: str, event_id: str) -> bool: ...
    def mark(self, scope: str, event_id: str) -> None: ...


class DeadLetterSink(Protocol):
    """Receives deliveries that failed every attempt."""

    def put(self, letter: DeadLetter) -> None: ...


class MemoryDedupStore:
    """Per process; the default (a restarted process handles redelivered events again)."""

    def __init__(self) -> None:
        self._done: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def seen(self, scope: str, event_id: str) -> bool:
        with self._lock:
            return (scope, event_id) in self._done

    def mark(self, scope: str, event_id: str) -> None:
        with self._lock:
            self._done.add((scope, event_id))


class SqliteDedupStore:
    """Survives restarts: one row per (scope, event id) in a SQLite file (or `:memory:`)."""

    def __init__(self, path: str | Path) -> None:
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS bus_handled ("
            " scope TEXT NOT NULL, event_id TEXT NOT NULL,"
            " handled_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,"
            " PRIMARY KEY (scope, event_id))"
        )
        self._lock = threading.Lock()

    def seen(self, scope: str, event_id: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM bus_handled WHERE scope = ? AND event_id = ?", (scope, event_id)
            ).fetchone()
        return row is not None

    def mark(self, scope: str, event_id: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO bus_handled (scope, event_id) VALUES (?, ?)",
                (scope, event_id),
            )

    def close(self) -> None:
        self._db.close()


class MemoryDeadLetters:
    """Dead letters in a list (`.letters`), for tests and the monolith."""

    def __init__(self) -> None:
        self.letters: list[DeadLetter] = []
        self._lock = threading.Lock()

    def put(self, letter: DeadLetter) -> None:
        with self._lock:
            self.letters.append(letter)

    def __len__(self) -> int:
        return len(self.letters)


class SqliteDeadLetters:
    """Dead letters in a SQLite table, raw bytes and headers included, for a later replay."""

    def __init__(self, path: str | Path) -> None:
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS bus_dead_letters ("
            " id INTEGER PRIMARY KEY, module TEXT NOT NULL, handler TEXT NOT NULL,"
            " topic TEXT NOT NULL, key BLOB, headers TEXT NOT NULL, value BLOB NOT NULL,"
            " error TEXT NOT NULL, attempts INTEGER NOT NULL, failed_at TEXT NOT NULL)"
        )
        self._lock = threading.Lock()

    def put(self, letter: DeadLetter) -> None:
        m = letter.message
        headers = json.dumps([[k, v.hex()] for k, v in m.headers])
        with self._lock:
            self._db.execute(
                "INSERT INTO bus_dead_letters (module, handler, topic, key, headers, value,"
                " error, attempts, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    letter.module,
                    letter.handler,
                    m.topic,
                    m.key,
                    headers,
                    m.value,
                    letter.error,
                    letter.attempts,
                    letter.failed_at.isoformat(),
                ),
            )

    def letters(self) -> list[DeadLetter]:
        import datetime as dt

        with self._lock:
            rows = self._db.execute(
                "SELECT module, handler, topic, key, headers, value, error, attempts, failed_at"
                " FROM bus_dead_letters ORDER BY id"
            ).fetchall()
        return [
            DeadLetter(
                module=r[0],
                handler=r[1],
                message=Message(
                    r[2], r[3], tuple((k, bytes.fromhex(v)) for k, v in json.loads(r[4])), r[5]
                ),
                error=r[6],
                attempts=r[7],
                failed_at=dt.datetime.fromisoformat(r[8]),
            )
            for r in rows
        ]


class RedisDedupStore:
    """Shared by every instance of a service: one key per (scope, event id), with a TTL.

    `client` is a redis-py client (the `redis` extra); keys expire after `ttl` seconds (default
    7 days: longer than any redelivery window of the transports here).
    """

    def __init__(self, client: Any, *, prefix: str = "bus:handled:", ttl: int = 7 * 86400) -> None:
        self.client = client
        self.prefix = prefix
        self.ttl = ttl

    def _key(self, scope: str, event_id: str) -> str:
        return f"{self.prefix}{scope}:{event_id}"

    def seen(self, scope: str, event_id: str) -> bool:
        return bool(self.client.exists(self._key(scope, event_id)))

    def mark(self, scope: str, event_id: str) -> None:
        self.client.set(self._key(scope, event_id), b"1", ex=self.ttl)

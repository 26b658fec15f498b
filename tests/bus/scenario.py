"""The scenario every transport passes: publish from one module, handle in two others, one
handler failing into the dead-letter sink, a redelivery deduplicated, a consumer restarted
mid-stream losing nothing."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from event_contracts.bus import (
    Bus,
    HandlerRegistry,
    MemoryDeadLetters,
    Published,
    RetryPolicy,
    SqliteDedupStore,
    Transport,
)
from integration_events.identity import UserRegistered, UserRegisteredV1

NOW = dt.datetime(2026, 3, 14, 15, 9, 26, 535000, tzinfo=dt.UTC)


def user(n: int, *, user_id: uuid.UUID | None = None) -> UserRegistered:
    return UserRegistered(
        event_id=uuid.uuid4(),
        user_id=user_id or uuid.uuid4(),
        tenant_id="acme",
        email=f"user{n}@example.com",
        full_name=f"Ada {n} Lovelace",
        registered_at=NOW,
        given_name="Ada",
        family_name="Lovelace",
    )


def wait_until(check: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what or check}")


class Recorder:
    def __init__(self) -> None:
        self.seen: Counter[tuple[str, str]] = Counter()
        self.events: list[object] = []
        self._lock = threading.Lock()

    def add(self, module: str, event_id: str, event: object) -> None:
        with self._lock:
            self.seen[(module, event_id)] += 1
            self.events.append(event)

    def ids(self, module: str) -> set[str]:
        with self._lock:
            return {i for (m, i) in self.seen if m == module}


def run_scenario(make_transport: Callable[[], Transport], tmp: Path) -> None:
    rec = Recorder()
    handlers = HandlerRegistry()

    @handlers.subscriber(UserRegistered, module="notifications")
    def welcome(event: UserRegistered) -> None:
        assert isinstance(event, UserRegistered)
        rec.add("notifications", str(event.event_id), event)

    @handlers.subscriber(UserRegisteredV1, module="analytics")
    async def count_signup(event: UserRegisteredV1) -> None:  # pinned to v1, async
        assert type(event) is UserRegisteredV1
        rec.add("analytics", str(event.event_id), event)

    @handlers.subscriber(UserRegistered, module="analytics")
    def broken(event: UserRegistered) -> None:
        raise RuntimeError(f"warehouse down for {event.user_id}")

    dedup = SqliteDedupStore(tmp / "dedup.sqlite3")
    dead = MemoryDeadLetters()
    retry = RetryPolicy(attempts=2, backoff=0.0)

    def new_bus() -> Bus:
        return Bus(make_transport(), handlers=handlers, dedup=dedup, dead_letters=dead, retry=retry)

    consumers = new_bus().start()
    producer = Bus(make_transport())  # the identity module: publishes, runs no handler
    sent: list[Published] = [producer.publish(user(n)) for n in range(6)]
    producer.flush()
    ids = {p.event_id for p in sent}
    wait_until(lambda: rec.ids("notifications") >= ids and rec.ids("analytics") >= ids, what="6")

    # One failing handler: retried, then dead-lettered with the raw message; nobody else noticed.
    wait_until(lambda: len(dead) >= 6, what="dead letters")
    letter = next(x for x in dead.letters if x.message.event_id == sent[0].event_id)
    assert letter.module == "analytics" and letter.handler.endswith("broken")
    assert letter.message.value == sent[0].message.value
    assert letter.message.header("ce_type") == "identity.UserRegistered"
    assert "RuntimeError: warehouse down" in letter.error and letter.attempts == 2

    # A redelivery (the same message again) is deduplicated; a later event on the same key
    # (same partition, so handled after it) shows it went through the consumers.
    producer.transport.send(sent[0].message)
    marker = producer.publish(user(99, user_id=uuid.UUID(sent[0].key)))
    producer.flush()
    wait_until(lambda: marker.event_id in rec.ids("notifications"), what="marker")
    wait_until(lambda: marker.event_id in rec.ids("analytics"), what="marker in analytics")
    ids.add(marker.event_id)

    # Restart mid-stream: stop while events are flowing, publish more while stopped, start a
    # new consumer process (new transport client, same dedup store): nothing lost, none twice.
    more = [producer.publish(user(n)) for n in range(100, 120)]
    producer.flush()
    wait_until(lambda: len(rec.ids("notifications") - ids) >= 3, what="some of the 20")
    consumers.stop()
    later = [producer.publish(user(n)) for n in range(200, 205)]
    producer.flush()
    consumers = new_bus().start()
    everything = ids | {p.event_id for p in more + later}
    wait_until(
        lambda: rec.ids("notifications") >= everything and rec.ids("analytics") >= everything,
        what="all events after the restart",
    )
    consumers.stop()
    producer.close()
    assert set(rec.seen.values()) == {1}, "an event reached a handler twice"
    assert len(rec.seen) == 2 * len(everything)
    assert len({(x.message.event_id, x.handler) for x in dead.letters}) == len(dead.letters)
    assert len(dead) == len(everything)

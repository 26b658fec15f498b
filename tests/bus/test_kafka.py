"""The bus over Kafka: librdkafka's mock cluster (the Kafka protocol on 127.0.0.1), started by
the test; producers and consumers connect to it as to any broker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.bus.scenario import run_scenario, user, wait_until

from event_contracts.bus import Bus, HandlerRegistry, from_url
from integration_events.identity import UserRegistered

ck: Any = pytest.importorskip("confluent_kafka", reason="the `kafka` extra is not installed")


@pytest.fixture
def brokers() -> Iterator[str]:
    """A mock cluster lives as long as the client that created it."""
    owner = ck.Producer({"test.mock.num.brokers": 1, "log_level": 3})
    meta = owner.list_topics(timeout=10)
    yield ",".join(f"{b.host}:{b.port}" for b in meta.brokers.values())
    owner.flush(1)


def test_the_transport_scenario_over_kafka(brokers: str, tmp_path: Path) -> None:
    # The shortest session brokers allow: a restarted member is let in once the old one expired.
    url = f"kafka://{brokers}?partitions=3&session.timeout.ms=6000&heartbeat.interval.ms=500"
    run_scenario(lambda: from_url(url), tmp_path)


def test_messages_are_keyed_and_carry_cloudevents_headers(brokers: str) -> None:
    handlers = HandlerRegistry()
    got: list[UserRegistered] = []
    handlers.add(UserRegistered, got.append, module="notifications")
    with Bus(f"kafka://{brokers}", handlers=handlers) as bus:
        sent = bus.publish(user(1))
        bus.flush()
        settings = {"bootstrap.servers": brokers, "group.id": "r", "auto.offset.reset": "earliest"}
        raw = ck.Consumer(settings)
        raw.subscribe([sent.topic])
        msg = None
        for _ in range(200):
            msg = raw.poll(0.1)
            if msg is not None and not msg.error():
                break
        raw.close()
        assert msg is not None
        headers = dict(msg.headers())
        assert headers["ce_type"] == b"identity.UserRegistered"
        assert headers["ce_id"] == sent.event_id.encode()
        assert headers["content-type"] == b"application/avro"
        assert msg.key() == sent.key.encode()
        bus.start()
        wait_until(lambda: len(got) == 1)

"""The bus over the in-memory transport: still the contract's wire form, still isolated."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from tests.bus.scenario import run_scenario, user, wait_until
from tests.runtime.samples import product_v1, user_v1

from event_contracts import BusError, EventMetadata, from_kafka
from event_contracts.bus import (
    Bus,
    HandlerRegistry,
    MemoryDeadLetters,
    MemoryDedupStore,
    MemoryTransport,
    Message,
    RetryPolicy,
    SqliteDeadLetters,
    SqliteDedupStore,
    configure,
    current_delivery,
    from_url,
    publish,
    subscriber,
)
from integration_events.catalog import ProductListed
from integration_events.identity import UserRegistered, UserRegisteredV1
from integration_events.orders import OrderPlaced

FAST = RetryPolicy(attempts=3, backoff=0.0)


def test_the_transport_scenario_in_memory(tmp_path: Path) -> None:
    transport = MemoryTransport()
    run_scenario(lambda: transport, tmp_path)


def test_handlers_get_the_class_they_were_written_against() -> None:
    handlers = HandlerRegistry()
    got: list[object] = []
    handlers.add(UserRegisteredV1, got.append, module="analytics")
    handlers.add(UserRegistered, got.append, module="notifications")
    handlers.add(ProductListed, got.append, module="orders")  # supersedes catalog.ProductAdded
    with Bus("memory", handlers=handlers, retry=FAST) as bus:
        bus.start()
        bus.publish(user_v1())  # a v1 producer: notifications gets v2, upcast
        bus.publish(user(1))  # a v2 producer: analytics, pinned to v1, gets v1
        bus.publish(product_v1(12.5))  # the deprecated type, read as its successor
        bus.flush()
    by_type = {(type(e).__name__, getattr(e, "email", None)) for e in got}
    assert ("UserRegisteredV1", "user1@example.com") in by_type
    assert ("UserRegisteredV2", "ada@example.com") in by_type
    [listed] = [e for e in got if isinstance(e, ProductListed)]
    assert (str(listed.price.amount), listed.price.currency) == ("12.50", "EUR")
    [upcast] = [e for e in got if isinstance(e, UserRegistered) and e.email == "ada@example.com"]
    assert (upcast.given_name, upcast.family_name) == ("Ada", "King Lovelace")


def test_publish_fills_metadata_and_keys_by_the_declared_partition_key() -> None:
    with Bus("memory") as bus:
        event = user(1)
        sent = bus.publish(event)
        assert sent.event_id == str(event.event_id)  # the event's own id is the CloudEvents id
        assert sent.topic == "identity.UserRegistered"
        assert sent.key == str(event.user_id)  # partition-key = "user_id" in event.toml
        assert sent.message.key == str(event.user_id).encode()
        decoded = from_kafka(sent.message.headers, sent.message.value, into=UserRegistered)
        assert decoded.metadata == EventMetadata(correlation_id=sent.event_id, tenant_id="acme")
        assert sent.message.header("ce_partitionkey") == sent.key
        assert sent.message.header("ce_time") == "2026-03-14T15:09:26.535000Z"
        assert sent.message.header("content-type") == "application/avro"
        # A type without a partition key is keyed by its event id.
        order = bus.publish(OrderPlaced.model_validate(_order()))
        assert order.key == order.event_id
        # What the caller set wins.
        own = EventMetadata(correlation_id="flow-7", traceparent=TRACE)
        sent = bus.publish(event.model_copy(update={"metadata": own}), causation_id="cmd-1")
        meta = from_kafka(sent.message.headers, sent.message.value, into=UserRegistered).metadata
        assert meta == EventMetadata(
            correlation_id="flow-7", causation_id="cmd-1", traceparent=TRACE, tenant_id="acme"
        )


TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def _order() -> dict[str, object]:
    from tests.runtime.samples import ADDRESS, ORDER_V1

    return {**ORDER_V1, "event_id": uuid.uuid4(), "shipping_address": ADDRESS}


def test_what_a_handler_publishes_is_caused_by_what_it_handles() -> None:
    handlers = HandlerRegistry()
    seen: list[EventMetadata | None] = []

    @handlers.subscriber(UserRegistered, module="orders")
    def react(event: UserRegistered) -> None:
        assert current_delivery() is not None
        bus.publish(OrderPlaced.model_validate(_order()))

    @handlers.subscriber(OrderPlaced, module="notifications")
    def note(event: OrderPlaced) -> None:
        seen.append(event.metadata)

    with Bus("memory", handlers=handlers, retry=FAST) as bus:
        bus.start()
        traced = user(1).model_copy(update={"metadata": EventMetadata(traceparent=TRACE)})
        first = bus.publish(traced)
        wait_until(lambda: bool(seen))
    [meta] = seen
    assert meta is not None
    assert meta.causation_id == first.event_id
    assert meta.correlation_id == first.event_id  # the flow's first event names the flow
    assert meta.traceparent == TRACE
    assert current_delivery() is None


def test_a_failing_handler_is_retried_then_succeeds_without_a_dead_letter() -> None:
    handlers = HandlerRegistry()
    calls: list[int] = []

    @handlers.subscriber(UserRegistered, module="notifications")
    def flaky(event: UserRegistered) -> None:
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionError("smtp busy")

    dead = MemoryDeadLetters()
    with Bus("memory", handlers=handlers, dead_letters=dead, retry=FAST) as bus:
        bus.start()
        bus.publish(user(1))
        bus.flush()
    assert (len(calls), len(dead)) == (3, 0)


def test_an_undecodable_message_goes_to_the_dead_letters_at_once() -> None:
    handlers = HandlerRegistry()
    handled: list[object] = []
    handlers.add(UserRegistered, handled.append, module="notifications")
    dead = MemoryDeadLetters()
    with Bus("memory", handlers=handlers, dead_letters=dead, retry=FAST) as bus:
        bus.start()
        good = bus.publish(user(1)).message
        headers = tuple((k, b"other-id" if k == "ce_id" else v) for k, v in good.headers)
        bad = Message(good.topic, good.key, headers, good.value[:3])
        bus.transport.send(bad)
        bus.flush()
    [letter] = dead.letters
    assert letter.message == bad and letter.attempts == 0
    assert letter.error.startswith("DecodeError")
    assert len(handled) == 1


def test_publishers_never_run_handlers_on_their_own_stack() -> None:
    handlers = HandlerRegistry()

    @handlers.subscriber(UserRegistered, module="notifications")
    def explode(event: UserRegistered) -> None:
        raise SystemError("boom")

    dead = MemoryDeadLetters()
    with Bus("memory", handlers=handlers, dead_letters=dead, retry=FAST) as bus:
        bus.start()
        bus.publish(user(1))  # does not raise
        bus.flush()
    assert len(dead) == 1


def test_sqlite_stores_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "bus.sqlite3"
    store = SqliteDedupStore(path)
    store.mark("orders:h", "e1")
    store.close()
    again = SqliteDedupStore(path)
    assert again.seen("orders:h", "e1") and not again.seen("orders:other", "e1")
    sink = SqliteDeadLetters(path)
    msg = Message("t", b"k", (("ce_id", b"e1"), ("x", b"\x00\xff")), b"\x01\x02")
    from event_contracts.bus import DeadLetter

    sink.put(DeadLetter("orders", "h", msg, "ValueError: no", 3))
    [back] = SqliteDeadLetters(path).letters()
    assert (back.message, back.error, back.attempts) == (msg, "ValueError: no", 3)


def test_the_transport_is_one_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENT_CONTRACTS_TRANSPORT", raising=False)
    assert isinstance(from_url(), MemoryTransport)
    monkeypatch.setenv("EVENT_CONTRACTS_TRANSPORT", "carrier-pigeon://loft")
    with pytest.raises(BusError, match="unknown transport 'carrier-pigeon://loft'"):
        Bus()
    with pytest.raises(BusError, match="name the brokers"):
        from_url("kafka://")


def test_module_level_publish_and_subscriber_use_the_default_bus() -> None:
    got: list[UserRegistered] = []

    @subscriber(UserRegistered, module="notifications")
    def on_user(event: UserRegistered) -> None:
        got.append(event)

    bus = configure("memory", retry=FAST)
    try:
        publish(user(1))
        bus.flush()
        assert [e.email for e in got] == ["user1@example.com"]
    finally:
        bus.close()
        bus.handlers.clear()


def test_subscriber_takes_a_generated_class_and_a_module_name() -> None:
    from event_contracts import UsageError

    with pytest.raises(UsageError, match="generated event class"):
        subscriber(dict, module="orders")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="lower_snake"):
        subscriber(UserRegistered, module="Orders")
    with Bus("memory") as bus, pytest.raises(UsageError, match="no handler"):
        bus.start(["billing"])


def test_importing_the_runtime_loads_no_transport_library() -> None:
    code = (
        "import sys, event_contracts, event_contracts.bus, integration_events.identity\n"
        "from event_contracts.bus import Bus\n"
        "Bus('memory').publish(__import__('integration_events.identity').identity"
        ".UserRegisteredV1(event_id='00000000-0000-0000-0000-000000000001',"
        " user_id='00000000-0000-0000-0000-000000000002', tenant_id='t', email='e',"
        " full_name='f', registered_at='2026-01-01T00:00:00Z'))\n"
        "extras = ('confluent_kafka', 'redis', 'boto3', 'sqlalchemy')\n"
        "bad = [m for m in extras if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_bus_module_exports_are_sorted_and_resolve() -> None:
    import event_contracts.bus as bus

    assert bus.__all__ == sorted(bus.__all__)
    for name in bus.__all__:
        assert hasattr(bus, name), name


def test_a_delivery_that_fails_outside_the_handlers_is_retried_not_lost() -> None:
    class Flaky(MemoryDedupStore):
        failures = 1

        def mark(self, scope: str, event_id: str) -> None:
            if self.failures:
                self.failures -= 1
                raise OSError("dedup store unreachable")
            super().mark(scope, event_id)

    handlers = HandlerRegistry()
    got: list[UserRegistered] = []
    handlers.add(UserRegistered, got.append, module="notifications")
    with Bus("memory", handlers=handlers, dedup=Flaky(), retry=FAST) as bus:
        bus.start()
        bus.publish(user(1))
        bus.flush()
    # Offered again after the failure: the handler ran twice (at least once), then it was marked.
    assert [e.email for e in got] == ["user1@example.com"] * 2


def test_trace_context_comes_from_opentelemetrys_current_span(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import types

    class Ctx:
        is_valid = True
        trace_id = 0x4BF92F3577B34DA6A3CE929D0E0E4736
        span_id = 0x00F067AA0BA902B7
        trace_flags = 1
        trace_state = None

    class Span:
        def get_span_context(self) -> Ctx:
            return Ctx()

    fake = types.ModuleType("opentelemetry.trace")
    fake.get_current_span = Span  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "opentelemetry.trace", fake)
    with Bus("memory") as bus:
        sent = bus.publish(user(1))
    assert sent.message.header("ce_traceparent") == TRACE


def test_the_in_memory_log_is_bounded() -> None:
    transport = MemoryTransport(max_retained=3)
    handlers = HandlerRegistry()
    got: list[UserRegistered] = []
    handlers.add(UserRegistered, got.append, module="notifications")
    with Bus(transport, handlers=handlers) as bus:
        sent = [bus.publish(user(n)) for n in range(5)]  # nobody listens yet: 3 are kept
        bus.start()
        bus.flush()
    assert [str(e.event_id) for e in got] == [p.event_id for p in sent[2:]]

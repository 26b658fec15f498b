"""Interop with confluent-kafka's own serializers, over HTTP, against a registry with history.

The registry (the in-process fake, served on 127.0.0.1) already holds other teams' schemas, so
the ids it assigns to ours are not registry.lock's. For Avro and JSON Schema and each of the
three subject naming strategies:

- `event-contracts registry push` registers the event type where confluent-kafka looks for it
  (its serializers run with `auto.register.schemas=False`: a lookup under the subject *they*
  compute, which fails if our naming differs);
- our `encode(..., framing="confluent", ids=RegistryIdResolver(...))` writes the registry's id,
  and confluent-kafka's deserializer reads the event back;
- confluent-kafka's serializer writes, our `decode` reads;
- `registry verify` flags the lock/registry id disagreement (and is in sync without it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from confluent_kafka.schema_registry import (
    SchemaRegistryClient,
    record_subject_name_strategy,
    topic_record_subject_name_strategy,
    topic_subject_name_strategy,
)
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import (
    JSONDeserializer,
    JSONSerializer,
)
from confluent_kafka.serialization import MessageField, SerializationContext

from event_contracts import (
    Catalog,
    ConfluentClient,
    IntegrationEvent,
    RegistryIdResolver,
    decode,
    encode,
)
from event_contracts._cli.main import main
from event_contracts._registry.model import schema_text
from event_contracts._registry.naming import SubjectNameStrategy, SubjectNaming
from event_contracts._runtime.schemas import for_class
from integration_events.connections import MetaConnectionEstablishedV1, MetaConnectionEstablishedV2
from integration_events.orders import OrderPlacedV2
from runtime.samples import connection_v1, connection_v2, order_v2

from .conftest import ROOT
from .fake_registry import FakeRegistry, RunningServer

TOPIC = "shop-events"
STRATEGIES = {
    "RecordNameStrategy": record_subject_name_strategy,
    "TopicNameStrategy": topic_subject_name_strategy,
    "TopicRecordNameStrategy": topic_record_subject_name_strategy,
}
EVENTS = {
    "avro": (OrderPlacedV2, order_v2),
    "jsonschema": (MetaConnectionEstablishedV2, connection_v2),
}
CTX = SerializationContext(TOPIC, MessageField.VALUE)


def other_teams(fake: FakeRegistry) -> None:
    """30 schemas registered before ours: ids 1..30, each lock id names one of them."""
    for i in range(30):
        fake.put(
            f"othercorp.Invoice{i}",
            {"type": "record", "name": f"Invoice{i}", "namespace": "othercorp",
             "fields": [{"name": "amount", "type": "long"}, {"name": "note", "type": "string"}]},
        )  # fmt: skip


@pytest.fixture
def registry() -> Iterator[tuple[FakeRegistry, RunningServer]]:
    fake = FakeRegistry(decide=lambda *a: [])
    other_teams(fake)
    with fake.serve() as running:
        yield fake, running


def cli(*args: str) -> int:
    return main(["--root", str(ROOT), "registry", *args])


def naming_args(strategy: str) -> list[str]:
    return ["--strategy", strategy] + (
        [] if strategy == "RecordNameStrategy" else ["--topic", TOPIC]
    )


def wire(event: IntegrationEvent, fmt: str) -> Any:
    """The event as confluent-kafka's serializers take it (and its deserializers give it)."""
    if fmt == "jsonschema":
        return json.loads(encode(event, format="json"))
    from event_contracts._runtime.encode import class_info

    return class_info(type(event)).to_record(event)


@pytest.mark.parametrize("strategy", list(STRATEGIES))
@pytest.mark.parametrize("fmt", list(EVENTS))
def test_both_directions_with_the_registrys_ids(
    registry: tuple[FakeRegistry, RunningServer],
    catalog: Catalog,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    strategy: str,
) -> None:
    fake, server = registry
    cls, make = EVENTS[fmt]
    event = make()
    t = catalog[cls.EVENT_TYPE]
    assert cli("push", "--url", server.url, *naming_args(strategy), "--type", t.id) == 0
    assert "other ids in this registry than in registry.lock" in capsys.readouterr().out
    naming = SubjectNaming(
        SubjectNameStrategy.parse(strategy), None if strategy == "RecordNameStrategy" else TOPIC
    )
    sr = SchemaRegistryClient({"url": server.url})
    writer = schema_text(t.version(cls.EVENT_VERSION))
    conf = {"auto.register.schemas": False, "subject.name.strategy": STRATEGIES[strategy]}
    with ConfluentClient(server.url, env={}) as client:
        ids = RegistryIdResolver(client, catalog, naming=naming)

        # Ours writes the registry's id; confluent-kafka reads the event back.
        ours = encode(event, framing="confluent", ids=ids)
        registered = fake.subjects[naming.subject_of(t)][cls.EVENT_VERSION - 1]
        assert int.from_bytes(ours[1:5], "big") == registered
        assert registered != for_class(cls).lock_ids[(t.id, cls.EVENT_VERSION)]
        if fmt == "avro":
            read = AvroDeserializer(sr)(ours, CTX)
        else:
            read = JSONDeserializer(None, schema_registry_client=sr)(ours, CTX)
        assert cls.model_validate(read) == event

        # confluent-kafka writes (under the subject *it* computes); ours reads.
        if fmt == "avro":
            theirs = AvroSerializer(sr, writer, conf=conf)(wire(event, fmt), CTX)
        else:
            theirs = JSONSerializer(writer, sr, conf=conf)(wire(event, fmt), CTX)
        assert theirs is not None and theirs[:5] == ours[:5]
        assert decode(theirs, into=cls, ids=ids) == event

    # The lock's ids are not this registry's: verify says so, and is in sync without them.
    capsys.readouterr()
    args = ["--url", server.url, *naming_args(strategy), "--type", t.id, "--format", "json"]
    assert cli("verify", *args) == 1
    drift = json.loads(capsys.readouterr().out)["drift"]
    assert {d["kind"] for d in drift} == {"id"}
    lock_ids, assigned = for_class(cls).lock_ids, fake.subjects[naming.subject_of(t)]
    assert {(d["version"], d["registry_id"], d["lock_id"]) for d in drift} == {
        (v.number, assigned[v.number - 1], lock_ids[(t.id, v.number)]) for v in t.versions
    }
    assert cli("verify", *args, "--ignore-lock-ids") == 0


def test_the_lock_ids_would_have_decoded_as_another_teams_schema(
    registry: tuple[FakeRegistry, RunningServer], catalog: Catalog
) -> None:
    """The silent corruption the registry's ids prevent: same bytes, wrong schema, no error."""
    _, server = registry
    assert cli("push", "--url", server.url, "--type", "orders.OrderPlaced") == 0
    wrong = encode(order_v2(), framing="confluent", ids="lock")
    read = AvroDeserializer(SchemaRegistryClient({"url": server.url}))(wrong, CTX)
    assert set(read) == {"amount", "note"}  # an invoice, not an order


def test_what_confluent_kafka_auto_registers_is_what_push_finds(
    registry: tuple[FakeRegistry, RunningServer], capsys: pytest.CaptureFixture[str]
) -> None:
    """A producer auto-registering with confluent-kafka lands in our subject, not a stray one;
    a subject under the old naming (the event type id) is flagged."""
    fake, server = registry
    sr = SchemaRegistryClient({"url": server.url})
    t = "connections.MetaConnectionEstablished"
    v1 = schema_text(for_class(MetaConnectionEstablishedV1).version(t, 1))
    conf = {"auto.register.schemas": True, "subject.name.strategy": record_subject_name_strategy}
    JSONSerializer(v1, sr, conf=conf)(wire(connection_v1(), "jsonschema"), CTX)
    assert "MetaConnectionEstablished" in fake.subjects
    fake.put(t, v1, "JSON")  # where earlier releases of event-contracts pushed it
    capsys.readouterr()
    assert cli("push", "--url", server.url) == 0
    out = capsys.readouterr().out
    assert "MetaConnectionEstablished (connections.MetaConnectionEstablished): v1" in out
    assert "already registered" in out
    assert cli("verify", "--url", server.url, "--ignore-lock-ids", "--format", "json") == 1
    drift = json.loads(capsys.readouterr().out)["drift"]
    assert {(d["kind"], d["subject"]) for d in drift} == {("unknown-subject", t)}

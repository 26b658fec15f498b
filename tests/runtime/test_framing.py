"""Each framing round-trips, and its header tells the reader who wrote the bytes."""

from __future__ import annotations

import pytest

from event_contracts import DecodeError, UnknownVersionError, UsageError, decode, encode
from event_contracts._runtime.ids import LockFileIds
from event_contracts._runtime.schemas import PackageSchemas, for_class
from event_contracts._schema.lock import LockEntry
from integration_events.connections import MetaConnectionEstablishedV1
from integration_events.orders import OrderPlacedV1, OrderPlacedV2

from .samples import IDS, METADATA, connection_v1, order_v1, order_v2


@pytest.mark.parametrize("framing", ["single-object", "confluent", "none"])
def test_avro_round_trip_in_every_framing(framing: str) -> None:
    event = order_v2()
    data = encode(event, framing=framing, ids=IDS)  # type: ignore[arg-type]
    assert decode(data, into=OrderPlacedV2, framing=framing, ids=IDS) == event  # type: ignore[arg-type]


def test_single_object_header_is_marker_then_little_endian_fingerprint() -> None:
    data = encode(order_v1())
    assert data[:2] == b"\xc3\x01"
    assert data[2:10] == bytes.fromhex(OrderPlacedV1.SCHEMA_FINGERPRINT)[::-1]
    assert data[10:] == encode(order_v1(), framing="none")


def test_confluent_header_is_magic_byte_then_big_endian_schema_id() -> None:
    data = encode(order_v2(), framing="confluent", ids=IDS)
    assert data[0] == 0
    assert int.from_bytes(data[1:5], "big") == IDS.id_for("orders.OrderPlaced", 2)
    assert data[5:] == encode(order_v2(), framing="none")


def test_the_lock_ids_are_written_only_when_asked_for() -> None:
    lock_ids = for_class(OrderPlacedV2).lock_ids
    assert ("orders.OrderPlaced", 2) in lock_ids
    data = encode(order_v2(), framing="confluent", ids="lock")
    assert int.from_bytes(data[1:5], "big") == lock_ids[("orders.OrderPlaced", 2)]
    assert decode(data, into=OrderPlacedV2, ids="lock") == order_v2()


def test_confluent_framing_without_ids_refuses_and_says_how_to_fix_it() -> None:
    # The registry assigns ids: a default (the lock's) would be wrong in any registry that
    # held other schemas first, and confluent-kafka would decode garbage without an error.
    data = encode(order_v2(), framing="confluent", ids="lock")
    for attempt in (
        lambda: encode(order_v2(), framing="confluent"),
        lambda: decode(data, into=OrderPlacedV2, framing="confluent"),
    ):
        with pytest.raises(UsageError, match=r"ids=RegistryIdResolver\(.*ids='lock'"):
            attempt()
    # Framing the bytes chose (magic byte 00) is an event error, for the dead-letter queue.
    with pytest.raises(DecodeError, match=r"magic byte.*ids=RegistryIdResolver\(") as info:
        decode(data, into=OrderPlacedV2)
    assert info.value.raw == data


def test_json_of_an_avro_event_has_no_confluent_form() -> None:
    with pytest.raises(UsageError, match=r"Avro event.*format='avro' with framing='confluent'"):
        encode(order_v2(), format="json", framing="confluent", ids=IDS)
    forged = b"\x00" + IDS.id_for("orders.OrderPlaced", 2).to_bytes(4, "big")
    forged += encode(order_v2(), format="json")
    with pytest.raises(DecodeError, match="Avro event"):
        decode(forged, into=OrderPlacedV2, format="json", ids=IDS)


def test_confluent_without_lock_entry_or_resolver_says_what_to_do() -> None:
    schemas = for_class(OrderPlacedV2)
    empty = LockFileIds(PackageSchemas(schemas.package, schemas.root, lock={}))
    with pytest.raises(UnknownVersionError, match="run `event-contracts lock`"):
        encode(order_v2(), framing="confluent", ids=empty)


def test_registry_resolver_plugs_in() -> None:
    from event_contracts import FileRegistry, RegistryIdResolver

    schemas = for_class(OrderPlacedV2)
    entries = [
        LockEntry(700 + i, t.id, v.number, v.format, v.fingerprint)
        for i, (t, v) in enumerate((t, v) for t in schemas.catalog for v in t.versions)
    ]
    resolver = RegistryIdResolver(FileRegistry(schemas.catalog, entries), schemas.catalog)
    data = encode(order_v1(), framing="confluent", ids=resolver)
    expected = next(e.schema_id for e in entries if e.event_type == "orders.OrderPlaced")
    assert int.from_bytes(data[1:5], "big") == expected
    assert decode(data, into=OrderPlacedV2, ids=resolver).coupon_code is None


def test_framing_is_detected_when_not_given() -> None:
    for framing in ("single-object", "confluent"):
        data = encode(order_v2(), framing=framing, ids=IDS)  # type: ignore[arg-type]
        assert decode(data, into=OrderPlacedV2, ids=IDS) == order_v2()


class MemoryIds:
    """A resolver like the registry client's: ids that are not the lock file's."""

    def id_for(self, event_type: str, version: int) -> int:
        return {("orders.OrderPlaced", 1): 901, ("orders.OrderPlaced", 2): 902}[
            (event_type, version)
        ]

    def version_for(self, schema_id: int) -> tuple[str, int]:
        return {901: ("orders.OrderPlaced", 1), 902: ("orders.OrderPlaced", 2)}[schema_id]


def test_confluent_ids_from_a_pluggable_resolver() -> None:
    data = encode(order_v1(), framing="confluent", ids=MemoryIds())
    assert int.from_bytes(data[1:5], "big") == 901
    assert decode(data, into=OrderPlacedV1, ids=MemoryIds()) == order_v1()


def test_metadata_stays_out_of_the_payload() -> None:
    with_meta = order_v2().model_copy(update={"metadata": METADATA})
    assert encode(with_meta) == encode(order_v2())
    assert decode(encode(with_meta), into=OrderPlacedV2).metadata is None


def test_json_event_round_trips_bare_and_with_confluent_framing() -> None:
    event = connection_v1()
    bare = encode(event)
    assert bare.startswith(b'{"eventId":')
    assert decode(bare, into=MetaConnectionEstablishedV1) == event
    framed = encode(event, framing="confluent", ids=IDS)
    assert framed[:1] == b"\x00" and framed[5:] == bare
    assert decode(framed, into=MetaConnectionEstablishedV1, ids=IDS) == event


def test_avro_event_as_json_when_asked() -> None:
    event = order_v2()
    text = encode(event, format="json")
    assert b'"channel":"WHATSAPP"' in text
    assert decode(text, into=OrderPlacedV2, format="json") == event


def test_unknown_fingerprint_is_unknown_version() -> None:
    data = b"\xc3\x01" + bytes(8) + encode(order_v1(), framing="none")
    with pytest.raises(UnknownVersionError) as info:
        decode(data, into=OrderPlacedV2)
    assert info.value.raw == data


def test_header_contradicting_the_caller_is_refused() -> None:
    data = encode(order_v1())
    with pytest.raises(DecodeError, match=r"header says orders\.OrderPlaced v1"):
        decode(data, into=OrderPlacedV2, framing="single-object", version=2)


def test_id_unknown_to_a_custom_resolver_is_unknown_version() -> None:
    data = b"\x00\x00\x00\x03\x84" + encode(order_v1(), framing="none")
    with pytest.raises(UnknownVersionError, match="schema id 900") as info:
        decode(data, into=OrderPlacedV1, ids=MemoryIds())
    assert info.value.raw == data

"""CRC-64-AVRO: the two-byte table gives the specification's fingerprint, bit for bit."""

from __future__ import annotations

import pytest
from fastavro.schema import fingerprint
from hypothesis import given
from hypothesis import strategies as st

from event_contracts._schema import avro


def _fastavro(text: str) -> int:
    """fastavro's CRC-64-AVRO of `text` (it prints the 8 bytes little-endian)."""
    return int.from_bytes(bytes.fromhex(fingerprint(text, "CRC-64-AVRO")), "little")


def _tables() -> list[dict[str, object]]:
    """A byte at a time, and with the two-byte table (as after many bytes)."""
    return [{"bytes": 0, "wide": None}, {"bytes": 0, "wide": avro._wide_table()}]


@pytest.mark.parametrize("state", _tables(), ids=["byte", "two-byte"])
@given(text=st.text(max_size=300))
def test_fingerprint_is_fastavros(state: dict[str, object], text: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(avro, "_state", dict(state))
        mp.setattr(avro, "_WIDE_AFTER", 1 << 62)
        assert avro.rabin64(text.encode("utf-8")) == _fastavro(text)


@pytest.mark.parametrize("state", _tables(), ids=["byte", "two-byte"])
def test_specification_values(state: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(avro, "_state", dict(state))
    assert avro.rabin64(b"") == 0xC15D213AA4D7A795
    assert avro.rabin64(b'"null"') == 0x63DD24E7CC258F8A


def test_the_two_byte_table_is_built_after_enough_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(avro, "_state", {"bytes": 0, "wide": None})
    monkeypatch.setattr(avro, "_WIDE_AFTER", 10)
    text = '{"type":"record","name":"a.B","fields":[]}'
    assert avro.rabin64(b"12345") == _fastavro("12345")
    assert avro._state["wide"] is None
    for cut in range(len(text) + 1):  # odd and even lengths
        assert avro.rabin64(text[:cut].encode()) == _fastavro(text[:cut])
    assert avro._state["wide"] is not None

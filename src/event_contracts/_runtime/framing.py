"""Wire framings around an encoded payload: none, Avro single-object, Confluent.

- `none`: the bare payload; the reader must be told the writer's type and version.
- `single-object` (Avro specification, "Single-object encoding"): `C3 01`, then the writer
  schema's 8-byte CRC-64-AVRO fingerprint, little-endian, then the payload. Self-describing
  without any registry.
- `confluent` (Confluent wire format): magic byte `00`, then the 4-byte big-endian schema id,
  then the payload (Avro binary or JSON text).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from event_contracts.errors import DecodeError

Framing = Literal["none", "single-object", "confluent"]
FRAMINGS: tuple[Framing, ...] = ("none", "single-object", "confluent")

SINGLE_OBJECT_MARKER = b"\xc3\x01"
CONFLUENT_MAGIC = b"\x00"
SO_HEADER = 10
_CF_HEADER = 5


class Header(NamedTuple):
    """What a framing says about the writer, and where the payload starts."""

    framing: Framing
    fingerprint: bytes | None = None
    schema_id: int | None = None
    offset: int = 0


def single_object(fingerprint: bytes, payload: bytes) -> bytes:
    return SINGLE_OBJECT_MARKER + fingerprint + payload


def confluent(schema_id: int, payload: bytes) -> bytes:
    if not 0 <= schema_id < 2**31:
        raise ValueError(f"schema id {schema_id} does not fit Confluent's 4-byte id")
    return CONFLUENT_MAGIC + schema_id.to_bytes(4, "big") + payload


def read_header(data: bytes, framing: Framing | None) -> Header:
    """Parse the framing of `data`; `None` detects single-object or Confluent by their marker."""
    if framing is None:
        if data[:2] == SINGLE_OBJECT_MARKER:
            framing = "single-object"
        elif data[:1] == CONFLUENT_MAGIC:
            framing = "confluent"
        else:
            raise DecodeError(
                "the bytes carry neither the Avro single-object marker C3 01 nor the Confluent "
                "magic byte 00; pass framing='none' with the writer's version for bare payloads",
                raw=data,
            )
    if framing == "single-object":
        if data[:2] != SINGLE_OBJECT_MARKER:
            raise DecodeError(
                f"not Avro single-object encoding: starts with {data[:2].hex() or 'nothing'}, "
                "expected c301",
                raw=data,
            )
        if len(data) < SO_HEADER:
            raise DecodeError(
                f"truncated single-object header: {len(data)} bytes, need {SO_HEADER}", raw=data
            )
        return Header("single-object", data[2:SO_HEADER], None, SO_HEADER)
    if framing == "confluent":
        if data[:1] != CONFLUENT_MAGIC:
            raise DecodeError(
                f"not Confluent framing: magic byte is {data[:1].hex() or 'missing'}, expected 00",
                raw=data,
            )
        if len(data) < _CF_HEADER:
            raise DecodeError(
                f"truncated Confluent header: {len(data)} bytes, need {_CF_HEADER}", raw=data
            )
        return Header("confluent", None, int.from_bytes(data[1:_CF_HEADER], "big"), _CF_HEADER)
    return _NONE


_NONE = Header("none")

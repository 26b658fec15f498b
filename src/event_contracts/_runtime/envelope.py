"""CloudEvents 1.0 envelopes: structured JSON, and Kafka binary or structured mode.

The envelope says which event type and version the data holds (`type`, `dataschema`), so the
data inside is the bare payload (framing "none"). The event's `metadata` travels as extension
attributes (CloudEvents names are lowercase letters and digits): `traceparent`, `tracestate`
(W3C trace context), `correlationid`, `causationid`, `tenant`.

Decoding follows the JSON event format and the Kafka protocol binding rather than our own
output only: `null` attributes count as absent, `datacontenttype` is matched as a media type
(case, parameters, `+json` suffixes), a Kafka `content-type` starting with
`application/cloudevents` means structured mode.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple, TypeVar

from event_contracts._runtime.base import IntegrationEvent
from event_contracts._runtime.ce_attributes import (
    SPECVERSION,
    attributes,
    dataschema,
    metadata_of,
)
from event_contracts._runtime.decode import DEFAULT_MAX_ITEMS, DEFAULT_MAX_SIZE, decode
from event_contracts._runtime.encode import WireFormat, class_info, default_format, encode
from event_contracts._runtime.ids import Ids
from event_contracts._runtime.kafka_headers import KafkaHeaders, header_texts
from event_contracts._runtime.upcast import UpcasterRegistry
from event_contracts.errors import DecodeError, UsageError

E = TypeVar("E", bound=IntegrationEvent)

STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"
_CLOUDEVENTS_MEDIA_PREFIX = "application/cloudevents"
AVRO_CONTENT_TYPE = "application/avro"
JSON_CONTENT_TYPE = "application/json"
# A version has at most 9 digits: a longer one names no version and int() of 5,000 digits fails.
_DATASCHEMA = re.compile(r"^urn:event-contracts:([^:]+):v([1-9][0-9]{0,8})$")
# Media types of bare Avro binary seen in the wild (the Kafka binding's example uses the first).
_AVRO_MEDIA_TYPES = frozenset(
    {"application/avro", "avro/binary", "application/vnd.apache.avro+binary", "application/x-avro"}
)
KafkaMode = Literal["binary", "structured"]
ValueFraming = Literal["none", "confluent"]


class _Framed(NamedTuple):
    """How a binary-mode Kafka value is framed, and where its schema ids come from."""

    framing: ValueFraming | None
    """None: as `decode` detects it (Confluent for JSON starting with `00`, else bare)."""
    ids: Ids


def to_cloudevent(
    event: IntegrationEvent,
    *,
    format: WireFormat | None = None,
    source: str | None = None,
    id: str | None = None,
    time: dt.datetime | None = None,
    partitionkey: str | None = None,
) -> bytes:
    """A structured-mode CloudEvent (`application/cloudevents+json`) as UTF-8 bytes.

    Avro data is binary, so it travels base64-encoded as `data_base64`; JSON data is embedded
    as the `data` value itself.
    """
    fmt = format or default_format(class_info(type(event)))
    payload = encode(event, format=fmt, framing="none")
    content_type = AVRO_CONTENT_TYPE if fmt == "avro" else JSON_CONTENT_TYPE
    attrs = attributes(
        event, source=source, id=id, time=time, content_type=content_type, partitionkey=partitionkey
    )
    head = json.dumps(attrs, ensure_ascii=False, separators=(",", ":"))[:-1]
    if fmt == "avro":
        return f'{head},"data_base64":"{base64.b64encode(payload).decode()}"}}'.encode()
    return head.encode() + b',"data":' + payload + b"}"


def to_kafka(
    event: IntegrationEvent,
    *,
    format: WireFormat | None = None,
    source: str | None = None,
    id: str | None = None,
    time: dt.datetime | None = None,
    partitionkey: str | None = None,
    mode: KafkaMode = "binary",
    framing: ValueFraming = "none",
    ids: Ids = None,
) -> tuple[list[tuple[str, bytes]], bytes]:
    """A Kafka message: (headers as (name, value) pairs, message value).

    Binary mode (default): the payload as value, `content-type` is the data's media type and
    every other attribute a `ce_<name>` header. The payload is bare, or with
    `framing="confluent"` (and `ids`, see `encode`) Confluent-framed: `00` + the registry's
    schema id + the data, the value confluent-kafka's deserializers read, with the CloudEvents
    attributes beside it in the headers. Structured mode: the value is `to_cloudevent(...)` and
    the only header `content-type: application/cloudevents+json`.
    The record key is the caller's choice (`partitionkey`, when given, is the binding's
    recommended source for it and travels as an extension either way).
    """
    if framing not in ("none", "confluent"):
        raise UsageError(f"framing must be 'none' or 'confluent', not {framing!r}")
    if mode == "structured":
        if framing != "none":
            raise UsageError(
                "structured mode carries the data inside a JSON CloudEvent, without framing; "
                "use mode='binary' for Confluent framing"
            )
        value = to_cloudevent(
            event, format=format, source=source, id=id, time=time, partitionkey=partitionkey
        )
        return [("content-type", STRUCTURED_CONTENT_TYPE.encode())], value
    if mode != "binary":
        raise ValueError(f"mode must be 'binary' or 'structured', not {mode!r}")
    fmt = format or default_format(class_info(type(event)))
    payload = encode(event, format=fmt, framing=framing, ids=ids)
    content_type = AVRO_CONTENT_TYPE if fmt == "avro" else JSON_CONTENT_TYPE
    attrs = attributes(
        event, source=source, id=id, time=time, content_type=content_type, partitionkey=partitionkey
    )
    headers = [("content-type", attrs.pop("datacontenttype").encode())]
    headers.extend((f"ce_{k}", v.encode()) for k, v in attrs.items())
    return headers, payload


def from_cloudevent(
    data: bytes | str,
    *,
    into: type[E],
    upcasters: UpcasterRegistry | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    max_items: int = DEFAULT_MAX_ITEMS,
) -> E:
    """Decode a structured-mode CloudEvent into `into`, metadata restored from extensions."""
    if not isinstance(data, str | bytes | bytearray | memoryview):
        # bytes(an int) would allocate that many zero bytes
        raise UsageError(f"from_cloudevent() takes bytes or str, not {type(data).__name__}")
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_size:
        raise DecodeError(f"envelope of {len(raw)} bytes exceeds max_size={max_size}", raw=raw)
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise DecodeError(f"not a JSON CloudEvent: {type(exc).__name__}: {exc}", raw=raw) from None
    if not isinstance(doc, dict):
        raise DecodeError("a structured CloudEvent is a JSON object", raw=raw)
    return _from_document(doc, raw, into, upcasters, _Limits(max_size, max_items))


def _from_document(
    doc: Mapping[str, Any],
    raw: bytes,
    into: type[E],
    upcasters: UpcasterRegistry | None,
    limits: _Limits,
) -> E:
    # JSON format 2.2: a null attribute is the same as an absent one.
    attrs = {k: v for k, v in doc.items() if k not in ("data", "data_base64") and v is not None}
    event_type, version = _identify(attrs, raw)
    content_type = attrs.get("datacontenttype")
    if doc.get("data_base64") is not None:
        try:
            payload = base64.b64decode(str(doc["data_base64"]), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise DecodeError(f"data_base64 is not base64: {exc}", raw=raw) from None
        fmt = _format_of(content_type, event_type, raw)
    elif "data" in doc:
        # JSON format 3.1.2: `data` is the JSON value itself only for a JSON media type (or
        # none); otherwise it is a string and binary data such as Avro needs `data_base64`.
        if _format_of(content_type, event_type, raw) != "json":
            raise DecodeError(
                f"datacontenttype {content_type!r} is binary: it travels as data_base64, not data",
                event_type=event_type,
                raw=raw,
            )
        payload = json.dumps(doc["data"], ensure_ascii=False).encode()
        fmt = "json"
    else:
        raise DecodeError("the CloudEvent carries no data", event_type=event_type, raw=raw)
    return _decode(payload, attrs, raw, into, fmt, event_type, version, upcasters, limits)


def from_kafka(
    headers: KafkaHeaders | None,
    value: bytes | bytearray | memoryview | None,
    *,
    into: type[E],
    upcasters: UpcasterRegistry | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    max_items: int = DEFAULT_MAX_ITEMS,
    framing: ValueFraming | None = None,
    ids: Ids = None,
) -> E:
    """Decode a Kafka CloudEvent (headers plus value) into `into`.

    `framing="confluent"` (with `ids`, see `decode`) reads a binary-mode value that is
    Confluent-framed, checking that the schema id names the version `ce_dataschema` says.
    None: Confluent framing for a JSON value starting with its magic byte `00` (JSON text never
    does), else a bare payload; Avro binary can start with `00`, so say so for Avro.

    The mode is read as the Kafka binding says: a `content-type` starting with
    `application/cloudevents` is structured mode (the value is a JSON CloudEvent), anything
    else binary mode (`ce_*` headers, bare payload as value). A value that is a JSON
    CloudEvent while no `ce_specversion` header is present is read as structured too, with
    `content-type` as its `datacontenttype` if it has none (what some SDKs write).
    `headers` may be pairs (any Kafka client), a mapping, or None (a record without headers).
    """
    if value is None:  # binary mode: a record without value is an event without data
        raise DecodeError("the Kafka record has no value: the CloudEvent carries no data", raw=b"")
    if not isinstance(value, bytes | bytearray | memoryview):
        raise UsageError(f"from_kafka() takes the value as bytes, not {type(value).__name__}")
    value = bytes(value)
    limits = _Limits(max_size, max_items)
    attrs: dict[str, Any] = {}
    for key, text in header_texts(headers):
        if key == "content-type":
            attrs["datacontenttype"] = text
        elif key.startswith("ce_"):
            attrs[key[3:]] = text
    content_type = str(attrs.get("datacontenttype") or "")
    if _media_type(content_type).startswith(_CLOUDEVENTS_MEDIA_PREFIX):
        if not _is_json_media(content_type):
            raise DecodeError(f"unsupported CloudEvents event format {content_type!r}", raw=value)
        return from_cloudevent(
            value, into=into, upcasters=upcasters, max_size=max_size, max_items=max_items
        )
    if "specversion" not in attrs:
        doc = _json_cloudevent(value, max_size)
        if doc is not None:
            if content_type and doc.get("datacontenttype") is None:
                doc["datacontenttype"] = content_type
            return _from_document(doc, bytes(value), into, upcasters, limits)
    event_type, version = _identify(attrs, value)
    fmt = _format_of(attrs.get("datacontenttype"), event_type, value)
    if framing is not None and framing not in ("none", "confluent"):
        raise UsageError(f"framing must be 'none' or 'confluent', not {framing!r}")
    framed = _Framed(framing, ids)
    return _decode(value, attrs, value, into, fmt, event_type, version, upcasters, limits, framed)


def _media_type(content_type: str) -> str:
    """`type/subtype` of a media type, lowercased, parameters dropped."""
    return content_type.split(";", 1)[0].strip().lower()


def _is_json_media(content_type: str) -> bool:
    """JSON format 3.1.1: subtype `json` or a `+json` suffix (`*/json`, `*/*+json`)."""
    subtype = _media_type(content_type).rpartition("/")[2]
    return subtype == "json" or subtype.endswith("+json")


def _format_of(content_type: object, event_type: str, raw: bytes) -> WireFormat:
    if content_type is None:  # JSON format 3.1: an absent datacontenttype means JSON
        return "json"
    text = str(content_type)
    if _media_type(text) in _AVRO_MEDIA_TYPES:
        return "avro"
    if _is_json_media(text):
        return "json"
    raise DecodeError(
        f"unsupported datacontenttype {text!r} (expected Avro or JSON)",
        event_type=event_type,
        raw=raw,
    )


def _json_cloudevent(value: bytes, max_size: int) -> dict[str, Any] | None:
    """The value as a JSON CloudEvent object, or None if it does not look like one."""
    if len(value) > max_size or not bytes(value[:64]).lstrip().startswith(b"{"):
        return None
    try:
        doc = json.loads(value)
    except (ValueError, RecursionError):
        return None
    return doc if isinstance(doc, dict) and "specversion" in doc else None


class _Limits(NamedTuple):
    """The caller's bounds on the work one payload may cause (see `decode`)."""

    max_size: int
    max_items: int


def _decode(
    payload: bytes,
    attrs: Mapping[str, Any],
    raw: bytes,
    into: type[E],
    fmt: WireFormat,
    event_type: str,
    version: int,
    upcasters: UpcasterRegistry | None,
    limits: _Limits,
    framed: _Framed | None = None,
) -> E:
    framing: ValueFraming | None = framed.framing if framed is not None else "none"
    ids = framed.ids if framed is not None else None
    try:
        metadata = metadata_of(attrs)
    except ValueError as exc:
        raise DecodeError(f"bad trace extension attributes: {exc}", raw=raw) from None
    try:
        return decode(
            payload,
            into=into,
            format=fmt,
            framing=framing,
            ids=ids,
            event_type=event_type,
            version=version,
            upcasters=upcasters,
            metadata=metadata,
            max_size=limits.max_size,
            max_items=limits.max_items,
        )
    except DecodeError as exc:
        exc.raw = raw
        raise


def _identify(attrs: Mapping[str, Any], raw: bytes) -> tuple[str, int]:
    if attrs.get("specversion") != SPECVERSION:
        raise DecodeError(
            f"CloudEvents specversion {attrs.get('specversion')!r} is not {SPECVERSION!r}",
            raw=raw,
        )
    for required in ("id", "source", "type"):
        if not isinstance(attrs.get(required), str) or not attrs[required]:
            raise DecodeError(f"the CloudEvent has no {required!r} attribute", raw=raw)
    event_type = str(attrs["type"])
    m = _DATASCHEMA.match(str(attrs.get("dataschema") or ""))
    if m is None or m.group(1) != event_type:
        raise DecodeError(
            f"dataschema {attrs.get('dataschema')!r} does not name a version of {event_type} "
            f"(expected {dataschema(event_type, 1)[:-1]}<n>)",
            event_type=event_type,
            raw=raw,
        )
    return event_type, int(m.group(2))

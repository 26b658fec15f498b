"""CloudEvents 1.0 envelopes: structured JSON, and Kafka binary mode (`ce_*` headers).

The envelope says which event type and version the data holds (`type`, `dataschema`), so the
data inside is the bare payload (framing "none"). The event's `metadata` travels as extension
attributes (CloudEvents names are lowercase letters and digits): `traceparent`, `tracestate`
(W3C trace context), `correlationid`, `causationid`, `tenant`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from event_contracts._runtime.base import EventMetadata, IntegrationEvent
from event_contracts._runtime.decode import DEFAULT_MAX_SIZE, decode
from event_contracts._runtime.encode import WireFormat, class_info, default_format, encode
from event_contracts._runtime.upcast import UpcasterRegistry
from event_contracts.errors import DecodeError

E = TypeVar("E", bound=IntegrationEvent)

SPECVERSION = "1.0"
STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"
AVRO_CONTENT_TYPE = "application/avro"
JSON_CONTENT_TYPE = "application/json"
DATASCHEMA_PREFIX = "urn:event-contracts:"
_DATASCHEMA = re.compile(r"^urn:event-contracts:([^:]+):v([1-9][0-9]*)$")

# metadata field -> CloudEvents extension attribute
EXTENSIONS: Mapping[str, str] = {
    "traceparent": "traceparent",
    "tracestate": "tracestate",
    "correlation_id": "correlationid",
    "causation_id": "causationid",
    "tenant_id": "tenant",
}
_NOT_SUBJECT = frozenset({"event_id", "tenant_id", "correlation_id", "causation_id"})


def dataschema(event_type: str, version: int) -> str:
    """The `dataschema` URI naming one version of one event type."""
    return f"{DATASCHEMA_PREFIX}{event_type}:v{version}"


def attributes(
    event: IntegrationEvent,
    *,
    source: str | None = None,
    id: str | None = None,
    time: dt.datetime | None = None,
    content_type: str,
) -> dict[str, str]:
    """The CloudEvents context attributes of `event` (all strings), extensions included."""
    cls = type(event)
    attrs = {
        "specversion": SPECVERSION,
        "id": id or _event_id(event),
        "source": source or cls.EVENT_TYPE.split(".", 1)[0],
        "type": cls.EVENT_TYPE,
        "time": _rfc3339(time or dt.datetime.now(dt.UTC)),
        "datacontenttype": content_type,
        "dataschema": dataschema(cls.EVENT_TYPE, cls.EVENT_VERSION),
    }
    subject = _subject(event)
    if subject is not None:
        attrs["subject"] = subject
    metadata = getattr(event, "metadata", None)
    if isinstance(metadata, EventMetadata):
        for field, ext in EXTENSIONS.items():
            value = getattr(metadata, field)
            if value is not None:
                attrs[ext] = value
    return attrs


def to_cloudevent(
    event: IntegrationEvent,
    *,
    format: WireFormat | None = None,
    source: str | None = None,
    id: str | None = None,
    time: dt.datetime | None = None,
) -> bytes:
    """A structured-mode CloudEvent (`application/cloudevents+json`) as UTF-8 bytes."""
    fmt = format or default_format(class_info(type(event)))
    payload = encode(event, format=fmt, framing="none")
    content_type = AVRO_CONTENT_TYPE if fmt == "avro" else JSON_CONTENT_TYPE
    attrs = attributes(event, source=source, id=id, time=time, content_type=content_type)
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
) -> tuple[list[tuple[str, bytes]], bytes]:
    """Kafka binary mode: (headers as (name, value) pairs, message value)."""
    fmt = format or default_format(class_info(type(event)))
    payload = encode(event, format=fmt, framing="none")
    content_type = AVRO_CONTENT_TYPE if fmt == "avro" else JSON_CONTENT_TYPE
    attrs = attributes(event, source=source, id=id, time=time, content_type=content_type)
    headers = [("content-type", attrs.pop("datacontenttype").encode())]
    headers.extend((f"ce_{k}", v.encode()) for k, v in attrs.items())
    return headers, payload


def from_cloudevent(
    data: bytes | str,
    *,
    into: type[E],
    upcasters: UpcasterRegistry | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> E:
    """Decode a structured-mode CloudEvent into `into`, metadata restored from extensions."""
    raw = data.encode() if isinstance(data, str) else bytes(data)
    if len(raw) > max_size:
        raise DecodeError(f"envelope of {len(raw)} bytes exceeds max_size={max_size}", raw=raw)
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise DecodeError(f"not a JSON CloudEvent: {type(exc).__name__}: {exc}", raw=raw) from None
    if not isinstance(doc, dict):
        raise DecodeError("a structured CloudEvent is a JSON object", raw=raw)
    attrs = {k: v for k, v in doc.items() if k not in ("data", "data_base64")}
    event_type, version = _identify(attrs, raw)
    if "data_base64" in doc:
        try:
            payload = base64.b64decode(str(doc["data_base64"]), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise DecodeError(f"data_base64 is not base64: {exc}", raw=raw) from None
        fmt: WireFormat = "avro" if attrs.get("datacontenttype") == AVRO_CONTENT_TYPE else "json"
    elif "data" in doc:
        payload = json.dumps(doc["data"], ensure_ascii=False).encode()
        fmt = "json"
    else:
        raise DecodeError("the CloudEvent carries no data", event_type=event_type, raw=raw)
    return _decode(payload, attrs, raw, into, fmt, event_type, version, upcasters, max_size)


def from_kafka(
    headers: Iterable[tuple[str, bytes | str | None]],
    value: bytes,
    *,
    into: type[E],
    upcasters: UpcasterRegistry | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> E:
    """Decode a Kafka binary-mode CloudEvent (headers plus value) into `into`."""
    attrs: dict[str, Any] = {}
    for name, raw_value in headers:
        key = name.lower()
        text = raw_value.decode("utf-8", "replace") if isinstance(raw_value, bytes) else raw_value
        if key == "content-type":
            attrs["datacontenttype"] = text
        elif key.startswith("ce_"):
            attrs[key[3:]] = text
    event_type, version = _identify(attrs, value)
    content_type = str(attrs.get("datacontenttype") or "")
    fmt: WireFormat = "avro" if content_type.startswith(AVRO_CONTENT_TYPE) else "json"
    return _decode(value, attrs, value, into, fmt, event_type, version, upcasters, max_size)


def metadata_of(attrs: Mapping[str, Any]) -> EventMetadata | None:
    """The event metadata carried by CloudEvents extension attributes, if any."""
    values = {f: str(attrs[ext]) for f, ext in EXTENSIONS.items() if attrs.get(ext) is not None}
    return EventMetadata(**values) if values else None


def _decode(
    payload: bytes,
    attrs: Mapping[str, Any],
    raw: bytes,
    into: type[E],
    fmt: WireFormat,
    event_type: str,
    version: int,
    upcasters: UpcasterRegistry | None,
    max_size: int,
) -> E:
    try:
        metadata = metadata_of(attrs)
    except ValueError as exc:
        raise DecodeError(f"bad trace extension attributes: {exc}", raw=raw) from None
    try:
        return decode(
            payload,
            into=into,
            format=fmt,
            framing="none",
            event_type=event_type,
            version=version,
            upcasters=upcasters,
            metadata=metadata,
            max_size=max_size,
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


def _event_id(event: IntegrationEvent) -> str:
    for name in ("event_id", "eventId"):
        value = getattr(event, name, None)
        if value is not None:
            return str(value)
    return str(uuid.uuid4())


def _subject(event: IntegrationEvent) -> str | None:
    """The aggregate id: `AGGREGATE_ID` if the class names it, else its first `*_id` field."""
    cls = type(event)
    named = getattr(cls, "AGGREGATE_ID", None)
    candidates = [named] if isinstance(named, str) else list(cls.model_fields)
    for name in candidates:
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        if named is None and (not snake.endswith("_id") or snake in _NOT_SUBJECT):
            continue
        value = getattr(event, name, None)
        if value is not None:
            return str(value)
    return None


def _rfc3339(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")

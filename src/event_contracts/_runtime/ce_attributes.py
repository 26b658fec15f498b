"""CloudEvents context attributes of an event, and the event metadata they carry back.

Building: `id` from the event's id field, `time` from its occurrence time, `subject` from its
aggregate id, the metadata as extension attributes. Reading: the extensions back into
`EventMetadata`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any

from event_contracts._runtime.base import EventMetadata, IntegrationEvent

SPECVERSION = "1.0"
DATASCHEMA_PREFIX = "urn:event-contracts:"

# metadata field -> CloudEvents extension attribute
EXTENSIONS: Mapping[str, str] = {
    "traceparent": "traceparent",
    "tracestate": "tracestate",
    "correlation_id": "correlationid",
    "causation_id": "causationid",
    "tenant_id": "tenant",
}
# Other spellings accepted when decoding (`tenantid` is what some producers write).
_EXTENSION_ALIASES: Mapping[str, str] = {"tenantid": "tenant_id"}
PARTITIONKEY = "partitionkey"
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
    partitionkey: str | None = None,
) -> dict[str, str]:
    """The CloudEvents context attributes of `event` (all strings), extensions included.

    `time` defaults to the event's occurrence time (see `occurred_at`), else now.
    """
    cls = type(event)
    attrs = {
        "specversion": SPECVERSION,
        "id": id or _event_id(event),
        "source": source or cls.EVENT_TYPE.split(".", 1)[0],
        "type": cls.EVENT_TYPE,
        "time": _rfc3339(time or occurred_at(event) or dt.datetime.now(dt.UTC)),
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
    if partitionkey is not None:
        attrs[PARTITIONKEY] = partitionkey
    return attrs


def occurred_at(event: IntegrationEvent) -> dt.datetime | None:
    """When the event happened, if it says so: the default CloudEvents `time`.

    The field named by the class's `OCCURRED_AT`, else `occurred_at`/`occurredAt`, else the
    event's only required field named `*_at` (`placed_at`; optional ones such as `expires_at`
    are not occurrence times). None when there is no such field or it holds no datetime.
    """
    name = _occurrence_field(type(event))
    value = getattr(event, name, None) if name is not None else None
    return value if isinstance(value, dt.datetime) else None


@cache
def _occurrence_field(cls: type[IntegrationEvent]) -> str | None:
    named = getattr(cls, "OCCURRED_AT", None)
    if isinstance(named, str):
        return named
    fields = cls.model_fields
    for name in ("occurred_at", "occurredAt"):
        if name in fields:
            return name
    timed = [
        name
        for name, info in fields.items()
        if (name.endswith("_at") or name.endswith("At")) and info.is_required()
    ]
    return timed[0] if len(timed) == 1 else None


def metadata_of(attrs: Mapping[str, Any]) -> EventMetadata | None:
    """The event metadata carried by CloudEvents extension attributes, if any."""
    values = {f: str(attrs[ext]) for f, ext in EXTENSIONS.items() if attrs.get(ext) is not None}
    for ext, field in _EXTENSION_ALIASES.items():
        if field not in values and attrs.get(ext) is not None:
            values[field] = str(attrs[ext])
    return EventMetadata(**values) if values else None


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
        if value is not None and str(value):  # the spec: a subject is a non-empty string
            return str(value)
    return None


def _rfc3339(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")

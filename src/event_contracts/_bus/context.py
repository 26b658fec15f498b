"""Metadata the bus fills on publish: event id, causation and correlation, trace context.

Inside a handler, the delivery being handled is the cause of whatever the handler publishes:
its id becomes the new event's causation id, its correlation id (or its own id) the new one's
correlation id, and its W3C trace context travels on unless OpenTelemetry has a current span.
"""

from __future__ import annotations

import contextvars
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from event_contracts._runtime.base import EventMetadata, IntegrationEvent
from event_contracts._runtime.schemas import for_class


@dataclass(frozen=True, slots=True)
class Delivery:
    """The event a handler is handling (what it publishes is caused by it)."""

    event_id: str
    correlation_id: str | None
    traceparent: str | None
    tracestate: str | None
    tenant_id: str | None


_CURRENT: contextvars.ContextVar[Delivery | None] = contextvars.ContextVar(
    "event_contracts_bus_delivery", default=None
)


def current_delivery() -> Delivery | None:
    """The delivery being handled in this context, if any."""
    return _CURRENT.get()


@contextmanager
def delivering(delivery: Delivery) -> Iterator[None]:
    token = _CURRENT.set(delivery)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def event_id_of(event: IntegrationEvent) -> str:
    """The event's own id field (`event_id`/`eventId`) when it has one, else a new UUID."""
    for name in ("event_id", "eventId"):
        value = getattr(event, name, None)
        if value is not None and str(value):
            return str(value)
    return str(uuid.uuid4())


def with_metadata(
    event: IntegrationEvent,
    event_id: str,
    *,
    correlation_id: str | None = None,
    causation_id: str | None = None,
) -> IntegrationEvent:
    """`event` with its metadata filled: what the caller set wins, then the current delivery."""
    old = getattr(event, "metadata", None)
    meta: dict[str, Any] = old.model_dump() if isinstance(old, EventMetadata) else {}
    cause = current_delivery()
    span = _otel_context()
    if span is not None and not meta.get("traceparent"):
        meta["traceparent"], meta["tracestate"] = span
    elif cause is not None and not meta.get("traceparent"):
        meta["traceparent"], meta["tracestate"] = cause.traceparent, cause.tracestate
    if causation_id or not meta.get("causation_id"):
        meta["causation_id"] = causation_id or (cause.event_id if cause is not None else None)
    if correlation_id or not meta.get("correlation_id"):
        meta["correlation_id"] = correlation_id or (
            (cause.correlation_id or cause.event_id) if cause is not None else event_id
        )
    if not meta.get("tenant_id"):
        tenant = getattr(event, "tenant_id", None) or getattr(event, "tenantId", None)
        if tenant is None and cause is not None:
            tenant = cause.tenant_id
        meta["tenant_id"] = str(tenant) if tenant is not None else None
    return event.model_copy(update={"metadata": EventMetadata(**meta)})


def partition_key(event: IntegrationEvent, event_id: str) -> str:
    """The value of the field `partition-key` names in event.toml, else the event id."""
    field = _key_field(type(event))
    if field is None:
        return event_id
    value = getattr(event, field, None)
    return event_id if value is None else str(value)


@cache
def _key_field(cls: type[IntegrationEvent]) -> str | None:
    """The attribute holding the partition key (event.toml names the schema's field)."""
    t = for_class(cls).catalog.event_types.get(cls.EVENT_TYPE)
    if t is None or t.partition_key is None:
        return None
    for name, info in cls.model_fields.items():
        if t.partition_key in (name, info.alias):
            return name
    return None


def topics_for(cls: type[IntegrationEvent]) -> tuple[str, ...]:
    """Topics a handler of `cls` listens to: its type's, and those of every type it supersedes
    (decoding follows `supersedes`, so a ProductListed handler reads ProductAdded events)."""
    catalog = for_class(cls).catalog.event_types
    out = [cls.EVENT_TYPE]
    t = catalog.get(cls.EVENT_TYPE)
    while t is not None and t.supersedes is not None and t.supersedes not in out:
        out.append(t.supersedes)
        t = catalog.get(t.supersedes)
    return tuple(out)


def _otel_context() -> tuple[str, str | None] | None:
    """(traceparent, tracestate) of OpenTelemetry's current span, when the application uses
    OpenTelemetry (it has imported `opentelemetry.trace`); never imported here."""
    trace: Any = sys.modules.get("opentelemetry.trace")
    if trace is None:
        return None
    ctx = trace.get_current_span().get_span_context()
    if not getattr(ctx, "is_valid", False):
        return None
    parent = f"00-{ctx.trace_id:032x}-{ctx.span_id:016x}-{int(ctx.trace_flags):02x}"
    state = ctx.trace_state.to_header() if ctx.trace_state else None
    return parent, state or None

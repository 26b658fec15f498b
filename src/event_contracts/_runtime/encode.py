"""Event instance -> bytes: Avro binary (three framings) or JSON; plans built once per class."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any, Literal

from fastavro import schemaless_writer
from pydantic_core import PydanticSerializationError

from event_contracts._runtime import framing as fr
from event_contracts._runtime.avro_resolve import expand
from event_contracts._runtime.base import IntegrationEvent
from event_contracts._runtime.finite import Check, compile_check
from event_contracts._runtime.ids import Ids, resolver_for
from event_contracts._runtime.schemas import PackageSchemas, for_class, on_clear
from event_contracts._runtime.shape import make_dumper
from event_contracts._runtime.upcast import DEFAULT_REGISTRY
from event_contracts.errors import PayloadValidationError, UsageError

WireFormat = Literal["avro", "json"]
METADATA_FIELD = "metadata"


class ClassInfo:
    """What encoding and decoding need about one generated class, computed once."""

    def __init__(self, cls: type[IntegrationEvent]) -> None:
        self.cls = cls
        self.schemas: PackageSchemas = for_class(cls)
        # A broken step of this type's chain raises here, on first use; other types work.
        DEFAULT_REGISTRY.chain(self.schemas).check(cls.EVENT_TYPE)
        self.event_type = cls.EVENT_TYPE
        self.version_number = cls.EVENT_VERSION
        self.version = self.schemas.version(cls.EVENT_TYPE, cls.EVENT_VERSION)
        if self.version.fingerprint != cls.SCHEMA_FINGERPRINT:
            raise UsageError(
                f"{cls.__qualname__} was generated from a different {cls.EVENT_TYPE} "
                f"v{cls.EVENT_VERSION} (fingerprint {cls.SCHEMA_FINGERPRINT}) than the package "
                f"ships ({self.version.fingerprint}); regenerate the classes"
            )
        self.format = self.version.format
        self.default_format: WireFormat = "avro" if self.format == "avro" else "json"
        self.fingerprint_bytes = self.version.fingerprint_bytes
        self.single_object_header = fr.single_object(self.fingerprint_bytes, b"")
        # The header decode may take as this very class's without a look-up (None: not Avro,
        # or its fingerprint names another version, as `PackageSchemas.find_fingerprint` says)
        self.own_header: bytes | None = None
        self.own_plans: dict[str, Any] = {}  # format -> (registry, plan): see `decode`
        self.exclude = {METADATA_FIELD} if METADATA_FIELD in cls.model_fields else set()
        self._dump: Callable[[Any], dict[str, Any]] | None = None
        # JSON has no NaN or infinities (pydantic would write null): such events are checked
        # where their types admit one (compiled on first JSON use; see `finite`).
        self._finite: Check | Literal[False] | None = False
        if self.format == "avro":
            own = (cls.EVENT_TYPE, cls.EVENT_VERSION)
            if self.schemas.find_fingerprint(self.fingerprint_bytes) == own:
                self.own_header = self.single_object_header
            self.parsed = self.schemas.avro(cls.EVENT_TYPE, cls.EVENT_VERSION)
            self.expanded = expand(self.version.schema, recursive=True)
            self._dump = make_dumper(cls, self.expanded)
            # The fast dumper converts logical types itself; its dict is written plain.
            self.write_schema = (
                self.schemas.avro_plain(cls.EVENT_TYPE, cls.EVENT_VERSION)
                if self._dump is not None
                else self.parsed
            )

    def finite_check(self) -> Check | None:
        """The class's non-finite-float check, None when its instances cannot hold one."""
        if self._finite is False:
            self._finite = compile_check(self.cls)
        return self._finite

    def to_record(self, event: Any) -> dict[str, Any]:
        """The event as the dict fastavro writes (schema names as keys)."""
        if self._dump is not None:
            return self._dump(event)
        data: dict[str, Any] = _lists(event.model_dump(by_alias=True, exclude=self.exclude))
        return data


_INFO: dict[type[Any], ClassInfo] = {}
_INFO_LOCK = threading.Lock()
on_clear(_INFO.clear)


def class_info(cls: type[Any]) -> ClassInfo:
    found = _INFO.get(cls)
    if found is None:
        if not (isinstance(cls, type) and issubclass(cls, IntegrationEvent)):
            raise UsageError(f"{cls!r} is not a generated event class (IntegrationEvent)")
        with _INFO_LOCK:
            found = _INFO.get(cls)
            if found is None:
                found = ClassInfo(cls)
                _INFO[cls] = found
    return found


def default_format(info: ClassInfo) -> WireFormat:
    return "avro" if info.format == "avro" else "json"


def encode(
    event: IntegrationEvent,
    *,
    format: WireFormat | None = None,
    framing: fr.Framing | None = None,
    ids: Ids = None,
) -> bytes:
    """Encode `event` as bytes (its `metadata` stays out: it travels in the envelope).

    format: "avro" (Avro events only) or "json"; default: the event's own schema format.
    framing: "single-object" (default for Avro), "confluent" or "none" (default for JSON).
    ids: for "confluent", where the schema id comes from: a SchemaIdResolver (such as
    RegistryIdResolver, backed by the registry), or "lock" for registry.lock's ids. Required:
    the registry assigns ids, so no default could be right for every registry.
    Confluent framing holds Avro binary, or JSON text of a JSON Schema event (what
    confluent-kafka's JSONDeserializer reads); JSON of an Avro event has no Confluent form.
    """
    info = _INFO.get(type(event)) or class_info(type(event))
    fmt = format or info.default_format
    if fmt == "avro":
        if info.format != "avro":
            raise UsageError(
                f"{info.event_type} is a JSON Schema event; encode it with format='json'"
            )
        if framing is None or framing == "single-object":  # the common case: one buffer
            return avro_payload(info, event, info.single_object_header)
        payload = avro_payload(info, event)
    elif fmt == "json":
        check_finite(info, event)
        payload = json_payload(info, event)
        framing = framing or "none"
        if framing == "single-object":
            raise UsageError("single-object encoding is Avro's; use framing='confluent' or 'none'")
        if framing == "confluent" and info.format == "avro":
            raise UsageError(confluent_json_of_avro(info.event_type))
    else:
        raise UsageError(f"unknown format {fmt!r}; use 'avro' or 'json'")
    if framing == "confluent":
        what = f"writes the schema id of {info.event_type} v{info.version_number}"
        resolver = resolver_for(ids, info.schemas, what)
        return fr.confluent(resolver.id_for(info.event_type, info.version_number), payload)
    if framing == "none":
        return payload
    raise UsageError(f"unknown framing {framing!r}; use one of {', '.join(fr.FRAMINGS)}")


def confluent_json_of_avro(event_type: str) -> str:
    return (
        f"{event_type} is an Avro event: with Confluent framing its registry id names an Avro "
        "schema, so readers (confluent-kafka's AvroDeserializer, and decode) expect Avro binary "
        "after it, not JSON text; use format='avro' with framing='confluent', or JSON with "
        "framing='none'"
    )


def avro_payload(info: ClassInfo, event: Any, header: bytes = b"") -> bytes:
    """The event's Avro binary, after `header` (written first into the same buffer)."""
    buf = io.BytesIO()
    buf.write(header)
    dump = info._dump
    try:
        record = dump(event) if dump is not None else info.to_record(event)
        schemaless_writer(buf, info.write_schema, record)
    except Exception as exc:  # fastavro raises ValueError, TypeError, AttributeError...
        raise _refused(info, f"cannot be written as Avro: {type(exc).__name__}: {exc}") from exc
    return buf.getvalue()


def json_payload(info: ClassInfo, event: IntegrationEvent) -> bytes:
    """The event's JSON text. A string no UTF-8 can hold (a lone surrogate such as "\ud800")
    is refused as in Avro, with an error under the package's root."""
    try:
        return event.model_dump_json(by_alias=True, exclude=info.exclude).encode()
    except PydanticSerializationError as exc:
        raise _refused(info, f"cannot be written as JSON: {exc}") from exc


def _lists(value: Any) -> Any:
    """Tuples as lists: in a union, fastavro reads a tuple as `(branch name, value)`."""
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


def check_finite(info: ClassInfo, event: Any) -> None:
    check = info.finite_check()
    if check is not None and check(event):
        raise _refused(
            info,
            "holds NaN or an infinity, which JSON cannot carry; encode it as Avro or keep the "
            "value finite",
        )


def _refused(info: ClassInfo, why: str) -> PayloadValidationError:
    """The error for an event of `info`'s class that cannot be written: `why`, after its
    type and version."""
    return PayloadValidationError(
        f"{info.event_type} v{info.version_number} {why}",
        event_type=info.event_type,
        from_version=info.version_number,
        to_version=info.version_number,
    )

"""Small building blocks the generated classes use (runtime: pydantic and the stdlib only).

- `FrozenMap`: a read-only, hashable mapping (Avro maps, JSON objects used as dictionaries).
- `FrozenModel`: the base of nested records: frozen, closed, populated by name or alias.
- `OpenFrozenModel`: the same for JSON Schema objects with an open content model.
- `not_null`: a before-validator for JSON Schema properties that may be absent but not null.
- `OmitAbsent`: a dump holds exactly the optional properties that were given, so a dumped
  JSON Schema event is the document it was read from, valid against its schema.
- JSON Schema values kept exactly (`JsonDateTime`, `JsonDate`, `JsonUuid`, `JsonNumber`,
  `MultipleOf`, `unique_items`): see `json_values`.
- `AvroBytes`: Avro `bytes`/`fixed`, written in JSON as Avro's JSON encoding does.
- `SchemaChecked`: for JSON Schema events using keywords no Python type expresses (`not`,
  `if`/`then`/`else`, `patternProperties`, ...): after the typed validation, the event's wire
  form is validated against its own schema file with `jsonschema`.
"""

from __future__ import annotations

import datetime
import struct
import threading
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Generic, Self, TypeVar

import pydantic
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    PlainSerializer,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    StrictBytes,
    StrictFloat,
    StrictInt,
    ValidationInfo,
    model_serializer,
    model_validator,
)
from pydantic_core import core_schema

from event_contracts._runtime.json_values import (
    Bound,
    JsonDate,
    JsonDateTime,
    JsonNumber,
    JsonUuid,
    MultipleOf,
    unique_items,
)

__all__ = [
    "AwareDatetime", "Bound", "Date", "Float32", "FrozenMap", "FrozenModel", "Int32", "Int64",
    "JsonDate", "JsonDateTime", "JsonInt", "JsonNumber", "JsonUuid", "MultipleOf",
    "NaiveDatetime", "OmitAbsent", "OpenFrozenModel", "SchemaChecked", "Time", "json_equal",
    "not_null", "unique_items",
]  # fmt: skip

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """An immutable dict: validated like `dict[K, V]`, hashable, dumped as a plain dict."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        args = getattr(source, "__args__", (Any, Any))
        dict_schema = handler.generate_schema(dict[args[0], args[1]])  # type: ignore[valid-type]
        return core_schema.no_info_after_validator_function(
            cls,
            dict_schema,
            serialization=core_schema.plain_serializer_function_ser_schema(
                # Only a FrozenMap becomes a dict: in a union, other members pass through.
                lambda m: dict(m) if isinstance(m, cls) else m,
                return_schema=dict_schema,
            ),
        )


class FrozenModel(BaseModel, frozen=True, extra="forbid", populate_by_name=True, defer_build=True):
    """Base of generated nested records and objects."""


class OpenFrozenModel(
    BaseModel, frozen=True, extra="allow", populate_by_name=True, defer_build=True
):
    """Base of generated JSON Schema objects that accept unknown properties."""


def _reject_null(value: Any) -> Any:
    if value is None:
        raise ValueError("may be omitted but not null")
    return value


not_null = BeforeValidator(_reject_null)
"""Runs only when the property is given (defaults are not validated): absent is fine, null not."""


class OmitAbsent(BaseModel, frozen=True, defer_build=True):
    """Mixin: a dump holds the optional properties the instance was given, no others.

    JSON Schema: a property absent on input is absent on output (its default is not written,
    nor a `null` where `null` was never given), unless the schema requires it (a required
    property with a `default` is filled when absent and always written). Optional not-null
    properties at None are left out too (`model_copy(update=...)` can put None there).
    """

    OMIT_IF_UNSET: ClassVar[tuple[str, ...]] = ()
    OMIT_IF_NONE: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _omit_absent(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            fields = type(self).model_fields
            given = self.__pydantic_fields_set__
            for name in self.OMIT_IF_UNSET:
                alias = fields[name].alias
                key = alias if info.by_alias and alias else name
                if name not in given or (name in self.OMIT_IF_NONE and data.get(key) is None):
                    data.pop(key, None)
        return data


def _bytes_from_json(value: Any, info: ValidationInfo) -> Any:
    if info.mode == "json" and isinstance(value, str):
        try:
            return value.encode("latin-1")
        except UnicodeEncodeError:
            raise ValueError("bytes in JSON are characters U+0000..U+00FF, one per byte") from None
    return value


def _bytes_to_json(value: bytes) -> str:
    return value.decode("latin-1")


AvroBytes = Annotated[
    StrictBytes,
    BeforeValidator(_bytes_from_json),
    PlainSerializer(_bytes_to_json, return_type=str, when_used="json"),
]
"""Avro `bytes` and `fixed`: in JSON, as Avro's JSON encoding writes them (each byte one
character U+0000..U+00FF), so that any bytes, UTF-8 or not, go through JSON and back."""
Int32 = Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]
"""Avro `int`: a 32-bit signed integer (bool is not an int here)."""
Int64 = Annotated[StrictInt, Field(ge=-(2**63), le=2**63 - 1)]
"""Avro `long`: a 64-bit signed integer."""
_F32 = struct.Struct("<f")


def _float32(value: float) -> float:
    try:
        _F32.pack(value)
    except OverflowError:  # finite, but past single precision: it would be sent as infinity
        raise ValueError(
            f"{value!r} is too large for an Avro float (single precision, at most about "
            "3.4028235e38): it would arrive as infinity; make the field a double"
        ) from None
    return value


Float32 = Annotated[StrictFloat, AfterValidator(_float32)]
"""Avro `float`: single precision. A finite value that would round to infinity is refused;
any other is sent rounded to the nearest single-precision value (0.1 arrives as
0.10000000149011612), as an Avro float holds it."""


def _no_numbers(value: Any) -> Any:
    # pydantic reads numbers as Unix times; a schema's timestamp never means that here
    if isinstance(value, int | float | Decimal):
        raise ValueError("expected a date/time value or an ISO 8601 string, not a number")
    return value


_NOT_A_NUMBER = BeforeValidator(_no_numbers)
AwareDatetime = Annotated[pydantic.AwareDatetime, _NOT_A_NUMBER]
"""A timezone-aware datetime (Avro timestamp-*, JSON Schema date-time)."""
NaiveDatetime = Annotated[pydantic.NaiveDatetime, _NOT_A_NUMBER]
"""A datetime without a timezone (Avro local-timestamp-*)."""
Date = Annotated[datetime.date, _NOT_A_NUMBER]
Time = Annotated[datetime.time, _NOT_A_NUMBER]


def _integral(value: Any) -> Any:
    # JSON Schema's "integer" is a number with no fractional part: 1.0 is one, True is not
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


JsonInt = Annotated[StrictInt, BeforeValidator(_integral)]
"""JSON Schema `integer`: any integral number (`1` or `1.0`), never a bool or a string."""


_DRAFT_07 = ("http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema")
_VALIDATORS: dict[type[Any], Any] = {}
_LOCK = threading.Lock()


def _schema_validator(cls: type[Any]) -> Any:
    """The jsonschema validator for a generated class's own schema file (built once per class).

    References to other files resolve, relative to the schema, to the files shipped beside it
    in `<package>/_schemas/`.
    """
    found = _VALIDATORS.get(cls)
    if found is None:
        # imported here: jsonschema costs more to import than all the event classes need
        import json
        import posixpath
        from importlib import resources
        from urllib.parse import urlsplit

        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7, DRAFT202012

        from event_contracts._runtime.json_judge import FORMATS, validator_class

        package = cls.__module__.rsplit(".", 2)[0]  # <package>.<module>._<name>_v<n>
        shipped = resources.files(package).joinpath("_schemas")
        resource: str = cls.SCHEMA_RESOURCE
        schema = json.loads(shipped.joinpath(*resource.split("/")).read_text(encoding="utf-8"))
        draft07 = schema.get("$schema") in _DRAFT_07
        spec = DRAFT7 if draft07 else DRAFT202012
        base = str(schema.get("$id") or f"file:///{resource}")
        base_dir = posixpath.dirname(urlsplit(base).path)

        def retrieve(uri: str) -> Any:
            relative = posixpath.relpath(urlsplit(uri).path, base_dir)
            path = posixpath.normpath(posixpath.join(posixpath.dirname(resource), relative))
            text = shipped.joinpath(*path.split("/")).read_text(encoding="utf-8")
            return Resource.from_contents(json.loads(text), default_specification=spec)

        draft = validator_class({"$schema": _DRAFT_07[0]} if draft07 else {})
        registry = Registry(retrieve=retrieve)  # type: ignore[call-arg]
        found = draft({**schema, "$id": base}, registry=registry, format_checker=FORMATS)
        with _LOCK:
            _VALIDATORS[cls] = found
    return found


class SchemaChecked(BaseModel, frozen=True, defer_build=True):
    """Mixin: after typed validation, check the event's wire form against its JSON Schema.

    The generated types accept a superset of the schema where a keyword has no exact Python
    type; this check removes the difference, so the class accepts exactly what the schema does.
    The checked instance is the class's own output (absent optional properties stay absent).
    """

    SCHEMA_CHECKED: ClassVar[tuple[str, ...]] = ()
    """Where and why the generator relies on this check (JSON pointer: keyword)."""

    @model_validator(mode="after")
    def _check_against_schema(self) -> Self:
        from jsonschema.exceptions import best_match

        instance = self.model_dump(mode="json", by_alias=True)
        error = best_match(_schema_validator(type(self)).iter_errors(instance))
        if error is not None:
            where = "/" + "/".join(str(p) for p in error.absolute_path)
            raise ValueError(f"not valid against the schema at {where}: {error.message}")
        return self


class json_equal:
    """On a `Literal` of JSON scalars: JSON equality, where `true` is not `1` (Python says it
    is, so pydantic's own literal lookup would turn `1` into `True`); gives the literal's value
    (an integral `1.0` reads as `1`)."""

    def __init__(self, *values: Any) -> None:
        self.values = values

    def _check(self, value: Any, _literal: Any = None) -> Any:
        for v in self.values:
            same_kind = type(value) is type(v) or (isinstance(value, float) and type(v) is int)
            if same_kind and value == v:
                return v
        raise ValueError(f"expected one of {self.values!r}")

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # wraps the literal's schema (kept for JSON Schema output) without calling it
        return core_schema.no_info_wrap_validator_function(self._check, handler(source))

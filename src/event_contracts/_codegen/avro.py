"""Avro schema → `VersionPlan`: records become frozen models, enums `StrEnum`s.

Type mapping (pure, see `_primitive` and `_logical`): arrays → tuples, maps → `FrozenMap`,
unions → `A | B`, logical types → `UUID`, aware/naive `datetime`, `date`, `time`, and
`Decimal` with precision and scale enforced. A logical type the specification does not allow
on its underlying type is ignored, as the specification says readers must.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass, field
from typing import Any

from event_contracts._codegen import naming
from event_contracts._codegen.literals import json_literal, py_bytes, py_str
from event_contracts._codegen.plan import EnumPlan, FieldPlan, ModelPlan, Names, field_names, union
from event_contracts.errors import CodegenError

_PRIMITIVES = {
    "null": "None",
    "boolean": "_pd.StrictBool",
    "int": "_ecs.Int32",
    "long": "_ecs.Int64",
    "float": "_ecs.Float32",
    "double": "_pd.StrictFloat",
    "bytes": "_ecs.AvroBytes",
    "string": "_pd.StrictStr",
}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class _Named:
    kind: str  # record | enum | fixed
    py: str
    schema: dict[str, Any]
    namespace: str | None  # where its own references resolve (its full name's namespace)
    symbols: dict[str, str] = field(default_factory=dict)  # enum symbol → member name


@dataclass
class _Planner:
    where: str
    names: Names = field(default_factory=Names)
    named: dict[str, _Named] = field(default_factory=dict)
    definitions: list[ModelPlan | EnumPlan] = field(default_factory=list)
    root: ModelPlan | None = None

    # -- naming ----------------------------------------------------------------------------
    def fullname(self, schema: dict[str, Any], namespace: str | None) -> tuple[str, str | None]:
        name = str(schema["name"])
        if "." in name:
            return name, name.rsplit(".", 1)[0]
        ns = schema.get("namespace", namespace) or None
        return (f"{ns}.{name}" if ns else name), ns

    def lookup(self, ref: str, namespace: str | None) -> _Named:
        for candidate in ([f"{namespace}.{ref}"] if namespace and "." not in ref else []) + [ref]:
            if candidate in self.named:
                return self.named[candidate]
        raise CodegenError(f"{self.where}: unknown Avro type name {ref!r}")

    # -- types -----------------------------------------------------------------------------
    def annotation(self, schema: Any, namespace: str | None, hint: str) -> str:
        if isinstance(schema, str):
            if schema in _PRIMITIVES:
                return _PRIMITIVES[schema]
            return self.lookup(schema, namespace).py
        if isinstance(schema, list):
            return union([self.annotation(s, namespace, hint) for s in schema])
        if not isinstance(schema, dict):
            raise CodegenError(f"{self.where}: {hint}: not an Avro schema: {schema!r}")
        kind = schema.get("type")
        logical = _logical(schema)
        if kind == "fixed":  # a named type, even when it carries a logical type
            full, ns = self.fullname(schema, namespace)
            self.named[full] = _Named("fixed", logical or _fixed(int(schema["size"])), schema, ns)
            return self.named[full].py
        if logical is not None:
            return logical
        if kind == "array":
            return f"tuple[{self.annotation(schema['items'], namespace, hint)}, ...]"
        if kind == "map":
            return f"_ecs.FrozenMap[str, {self.annotation(schema['values'], namespace, hint)}]"
        if kind == "enum":
            return self.enum(schema, namespace).py
        if kind in ("record", "error"):
            return self.record(schema, namespace, event_class=None).py
        if isinstance(kind, str | list | dict):
            return self.annotation(kind, namespace, hint)
        raise CodegenError(f"{self.where}: {hint}: unknown Avro type {kind!r}")

    def enum(self, schema: dict[str, Any], namespace: str | None) -> _Named:
        full, ns = self.fullname(schema, namespace)
        py = self.names.claim(str(schema["name"]))
        taken: set[str] = set()
        symbols = {
            str(s): naming.unique(naming.member_name(str(s)), taken) for s in schema["symbols"]
        }
        entry = _Named("enum", py, schema, ns, symbols)
        self.named[full] = entry
        self.definitions.append(
            EnumPlan(py, _doc(schema), tuple((m, s) for s, m in symbols.items()))
        )
        return entry

    def record(
        self, schema: dict[str, Any], namespace: str | None, *, event_class: str | None
    ) -> _Named:
        full, ns = self.fullname(schema, namespace)
        py = event_class or self.names.claim(str(schema["name"]))
        entry = _Named("record", py, schema, ns)
        self.named[full] = entry  # before the fields: recursive references resolve to it
        raw_fields = list(schema.get("fields", []))
        wires = [str(f["name"]) for f in raw_fields]
        where = f"{self.where}: record {full}"
        py_names = field_names(wires, where=where, top_level=event_class is not None)
        fields = []
        for f, py_name in zip(raw_fields, py_names, strict=True):
            fwhere = f"{where}, field {f['name']!r}"
            annotation = self.annotation(f["type"], ns, fwhere)
            default = None
            if "default" in f:
                default = self.default(f["type"], f["default"], ns, fwhere)
            fields.append(
                FieldPlan(
                    py_name=py_name,
                    wire_name=str(f["name"]),
                    annotation=annotation,
                    default=default,
                    description=_with_precision(_doc(f), f["type"]),
                )
            )
        plan = ModelPlan(py, _doc(schema), tuple(fields))
        if event_class is None:
            self.definitions.append(plan)
        else:
            self.root = plan
        return entry

    # -- defaults --------------------------------------------------------------------------
    def default(self, schema: Any, value: Any, namespace: str | None, where: str) -> str:
        """Python source for an Avro default (a union's default belongs to its first branch)."""
        try:
            return self._default(schema, value, namespace, where)
        except (TypeError, ValueError, KeyError, OverflowError, decimal.InvalidOperation) as exc:
            raise CodegenError(f"{where}: default {value!r} does not fit the type: {exc}") from None

    def _default(self, schema: Any, value: Any, namespace: str | None, where: str) -> str:
        if isinstance(schema, list):
            return self._default(schema[0], value, namespace, where)
        if isinstance(schema, str) and schema not in _PRIMITIVES:
            named = self.lookup(schema, namespace)
            return self._named_default(named, value, namespace, where)
        if isinstance(schema, dict):
            kind = schema.get("type")
            if _logical(schema) is not None:
                return _logical_default(schema, value)
            if kind == "array":
                items = [self._default(schema["items"], v, namespace, where) for v in value]
                return "(" + "".join(f"{i}, " for i in items).rstrip(" ") + ")"
            if kind == "map":
                pairs = ", ".join(
                    f"{py_str(str(k))}: {self._default(schema['values'], v, namespace, where)}"
                    for k, v in dict(value).items()
                )
                return f"_ecs.FrozenMap({{{pairs}}})"
            if kind in ("record", "error", "enum", "fixed"):
                full, _ = self.fullname(schema, namespace)
                return self._named_default(self.named[full], value, namespace, where)
            return self._default(kind, value, namespace, where)
        return _primitive_default(str(schema), value, where)

    def _named_default(self, named: _Named, value: Any, namespace: str | None, where: str) -> str:
        if named.kind == "enum":
            return f"{named.py}.{named.symbols[str(value)]}"
        if named.kind == "fixed":
            if _logical(named.schema) is not None:
                return _logical_default(named.schema, value)
            return py_bytes(_avro_bytes(value))
        given = dict(value)
        items = []
        for f in named.schema.get("fields", []):
            if f["name"] in given:
                # names inside resolve in the record's own namespace, not the default's site
                inner = self._default(f["type"], given[f["name"]], named.namespace, where)
                items.append(f"{py_str(str(f['name']))}: {inner}")
        return f"{named.py}.model_validate({{{', '.join(items)}}})"


def plan_avro(
    schema: Any, *, event_class: str, where: str
) -> tuple[tuple[ModelPlan | EnumPlan, ...], ModelPlan]:
    """Nested definitions (dependency order) and the event model for an Avro record schema."""
    if not isinstance(schema, dict) or schema.get("type") not in ("record", "error"):
        raise CodegenError(f"{where}: an Avro event schema must be a record at the top")
    planner = _Planner(where)
    planner.names.taken.add(event_class)
    try:
        planner.record(schema, None, event_class=event_class)
    except (KeyError, TypeError) as exc:
        raise CodegenError(f"{where}: malformed Avro schema ({exc!r}); run `validate`") from None
    assert planner.root is not None
    return tuple(planner.definitions), planner.root


def _doc(schema: dict[str, Any]) -> str | None:
    doc = schema.get("doc")
    return str(doc) if isinstance(doc, str) and doc.strip() else None


_MILLIS = ("timestamp-millis", "local-timestamp-millis", "time-millis")
MILLIS_NOTE = "Stored to the millisecond: finer digits are dropped (floored) on encode."
FLOAT_NOTE = (
    "Single precision (Avro float): sent as the nearest float32 value (0.1 arrives as "
    "0.10000000149011612); a value past its range is refused."
)


def _with_precision(doc: str | None, schema: Any) -> str | None:
    """The field's doc, and a word on the precision where the wire keeps milliseconds only
    (a `datetime` holds microseconds; fastavro floors them, as the specification's long does)
    or single precision (a Python float is a double)."""
    branches = schema if isinstance(schema, list) else [schema]
    millis = any(isinstance(b, dict) and b.get("logicalType") in _MILLIS for b in branches)
    kinds = {b.get("type") if isinstance(b, dict) else b for b in branches}
    if millis:
        note = MILLIS_NOTE
    elif "float" in kinds and "double" not in kinds:  # else the double takes what a float rounds
        note = FLOAT_NOTE
    else:
        return doc
    return f"{doc} {note}" if doc else note


def _fixed(size: int) -> str:
    return f"_t.Annotated[_ecs.AvroBytes, _pd.Field(min_length={size}, max_length={size})]"


def _logical(schema: dict[str, Any]) -> str | None:
    """The annotation for a valid logical type, or None (then the underlying type applies)."""
    logical, base = schema.get("logicalType"), schema.get("type")
    if logical == "uuid" and base == "string":
        # uuid on fixed(16) (Avro 1.12) stays bytes: fastavro reads and writes it as bytes
        return "_uuid.UUID"
    if logical in ("timestamp-millis", "timestamp-micros") and base == "long":
        return "_ecs.AwareDatetime"
    if logical in ("local-timestamp-millis", "local-timestamp-micros") and base == "long":
        return "_ecs.NaiveDatetime"
    if logical == "date" and base == "int":
        return "_ecs.Date"
    if (logical, base) in (("time-millis", "int"), ("time-micros", "long")):
        return "_ecs.Time"
    if logical == "decimal" and base in ("bytes", "fixed"):
        precision, scale = schema.get("precision"), schema.get("scale", 0)
        if isinstance(precision, int) and isinstance(scale, int) and 0 <= scale <= precision > 0:
            return (
                "_t.Annotated[_decimal.Decimal, _pd.Strict(), "
                f"_pd.Field(max_digits={precision}, decimal_places={scale})]"
            )
    return None


def _avro_bytes(value: Any) -> bytes:
    """Avro JSON encodes bytes defaults as strings whose code points are the byte values."""
    return str(value).encode("latin-1")


def _logical_default(schema: dict[str, Any], value: Any) -> str:
    logical = schema["logicalType"]
    if logical == "uuid":
        return f"_uuid.UUID({py_str(str(uuid.UUID(str(value))))})"
    if logical in ("timestamp-millis", "timestamp-micros", "local-timestamp-millis",
                   "local-timestamp-micros"):  # fmt: skip
        unit = "milliseconds" if logical.endswith("millis") else "microseconds"
        moment = _EPOCH + dt.timedelta(**{unit: int(value)})
        tz = ", tzinfo=_dt.UTC" if not logical.startswith("local") else ""
        return f"_dt.datetime({_parts(moment)}{tz})"
    if logical == "date":
        day = dt.date(1970, 1, 1) + dt.timedelta(days=int(value))
        return f"_dt.date({day.year}, {day.month}, {day.day})"
    if logical in ("time-millis", "time-micros"):
        unit = "milliseconds" if logical == "time-millis" else "microseconds"
        t = (_EPOCH + dt.timedelta(**{unit: int(value)})).time()
        return f"_dt.time({t.hour}, {t.minute}, {t.second}, {t.microsecond})"
    raw = _avro_bytes(value)  # decimal: two's-complement big-endian unscaled integer
    unscaled = int.from_bytes(raw, "big", signed=True) if raw else 0
    number = decimal.Decimal(unscaled).scaleb(-int(schema.get("scale", 0)))
    return f"_decimal.Decimal({py_str(str(number))})"


def _parts(m: dt.datetime) -> str:
    return f"{m.year}, {m.month}, {m.day}, {m.hour}, {m.minute}, {m.second}, {m.microsecond}"


def _primitive_default(kind: str, value: Any, where: str) -> str:
    if kind == "null":
        if value is not None:
            raise ValueError("null takes only null")
        return "None"
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError("not a boolean")
        return "True" if value else "False"
    if kind in ("int", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("not an integer")
        return str(value)
    if kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("not a number")
        return json_literal(float(value), where=where)
    if kind == "bytes":
        return py_bytes(_avro_bytes(value))
    if kind == "string":
        if not isinstance(value, str):
            raise ValueError("not a string")
        return py_str(value)
    raise ValueError(f"unknown type {kind!r}")

"""The `jsonschema` validator classes fall back to, judging as the generated types do.

Imported only when a class needs it (jsonschema is never on the per-message path):

- formats `date-time`, `date` and `uuid` are checked, by the same functions as the typed
  fields (`json_values`): RFC 3339 (leap second included) and RFC 4122. Other formats stay
  annotations, as the JSON Schema default says.
- `multipleOf` is judged on the decimal values exactly (jsonschema divides floats:
  `3 / 0.1 == 30.000000000000004`, so it would call 3 no multiple of 0.1).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from event_contracts._runtime import json_values as jv

# `jsonschema` (~60 ms to import) is imported on first use of `FORMATS` or `validator_class`,
# not with this module: the generator imports it for every package, and a package (or a data
# proof) of Avro types only never judges with it.


def __getattr__(name: str) -> Any:
    """`FORMATS`, `Draft7`, `Draft202012`: built, with jsonschema imported, on first use."""
    if name in _BUILT:
        return _build()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_BUILT = ("FORMATS", "Draft7", "Draft202012")
_PARSERS = {"date-time": jv.parse_date_time, "date": jv.date_value, "uuid": jv.uuid_value}
"""Each format the generated classes check, by the function their typed field parses it with."""
CHECKED_FORMATS = frozenset(_PARSERS)
"""The formats `FORMATS` checks (every other one is an annotation): the compatibility check
treats a change of one of these as a change of what data is valid."""


def checked_format(schema: Any) -> str | None:
    """The `format` of a schema object, when it is one the runtime checks."""
    fmt = schema.get("format") if isinstance(schema, dict) else None
    return fmt if isinstance(fmt, str) and fmt in CHECKED_FORMATS else None


def _check(parse: Any) -> Any:
    def check(instance: object) -> bool:
        if isinstance(instance, str):
            parse(instance)
        return True

    return check


def _multiple_of(validator: Any, step: Any, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema import ValidationError

    if not validator.is_type(instance, "number") or isinstance(step, bool):
        return
    try:
        jv.MultipleOf(step).check(instance)
    except ValueError:
        yield ValidationError(f"{instance!r} is not a multiple of {step}")


@cache
def _build() -> dict[str, Any]:
    from jsonschema import Draft7Validator, Draft202012Validator, FormatChecker
    from jsonschema.validators import extend

    formats = FormatChecker(formats=())
    for name, parse in _PARSERS.items():
        formats.checks(name, raises=Exception)(_check(parse))
    return {
        "FORMATS": formats,
        "Draft7": extend(Draft7Validator, {"multipleOf": _multiple_of}),  # type: ignore[no-untyped-call]
        "Draft202012": extend(Draft202012Validator, {"multipleOf": _multiple_of}),  # type: ignore[no-untyped-call]
    }


def validator_class(schema: Any) -> Any:
    """Draft-07 for schemas that say so, 2020-12 otherwise."""
    declared = str(schema.get("$schema", "")) if isinstance(schema, dict) else ""
    return _build()["Draft7" if declared.rstrip("#").endswith("draft-07/schema") else "Draft202012"]

"""JSON Schema values the generated classes keep exactly as the JSON carried them.

A JSON Schema class must give back the document it read, type for type and character for
character, and judge it as `jsonschema` (with format checking) does:

- `JsonDateTime`: RFC 3339 `date-time` (`T` and `Z` in either case, `±HH:MM` offsets, any
  number of fraction digits, the leap second `23:59:60` in UTC). The value is an aware
  `datetime` (fractions past microseconds cut, a leap second read as `23:59:59.999999`); the
  text it came from is what is written back.
- `JsonDate`: RFC 3339 `full-date` only (`2020-01-01`, not a date-time).
- `JsonUuid`: RFC 4122's hyphenated form (any case; no braces, `urn:uuid:` or bare hex), written
  back as it came.
- `JsonNumber`: `number`: an int stays an int (`7`, not `7.0`); NaN, infinities and numbers
  beyond a double's range are refused.
- `MultipleOf`: `multipleOf` with exact decimal arithmetic (`3` is a multiple of `0.1`).
- `Bound`: a numeric bound past a double's range (`"maximum": 1e400` written as an integer).
- `unique_items`: `uniqueItems`, comparing JSON values in linear time (`1` equals `1.0`, `true`
  is not `1`, two uuids that differ in case are different strings).
"""

from __future__ import annotations

import datetime as _dt
import re
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field, GetCoreSchemaHandler, StrictFloat, StrictInt
from pydantic_core import PydanticCustomError, core_schema

if TYPE_CHECKING:
    from fractions import Fraction

_DATE_TIME = re.compile(
    r"\d{4}-\d\d-\d\d[Tt](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|(60))(?:\.\d+)?"
    r"(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)",
    re.ASCII,
)
_LEAP = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):60(?:\.\d+)?(?:[Zz]|([+-])(\d\d):(\d\d))",
    re.ASCII,
)
_DATE = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)


class _DateTime(_dt.datetime):
    """An aware datetime that remembers the RFC 3339 text it was read from."""

    __slots__ = ("text",)
    text: str

    def __reduce_ex__(self, protocol: Any) -> Any:  # datetime defines it: copies keep the text
        text = getattr(self, "text", None)
        if text is None:
            return super().__reduce_ex__(protocol)
        return (parse_date_time, (text,))


class _Uuid(uuid.UUID):
    """A UUID that remembers its text when that is not the canonical lower-case form."""

    __slots__ = ("text",)
    text: str

    def __reduce__(self) -> Any:
        return (uuid_value, (uuid_text(self),))


def _bad(kind: str, value: str) -> PydanticCustomError:
    return PydanticCustomError(
        f"json_{kind.replace('-', '_')}", "not a valid RFC {rfc} {kind}: {value}",
        {"rfc": "4122" if kind == "uuid" else "3339", "kind": kind, "value": repr(value[:60])},
    )  # fmt: skip


def parse_date_time(text: str) -> _dt.datetime:
    """The aware datetime an RFC 3339 date-time names (ValueError when it is not one)."""
    m = _DATE_TIME.fullmatch(text)
    if m is None:
        raise ValueError(text)
    if m.group(1) is None:  # the grammar is checked: the stdlib reads it (and the calendar)
        upper = text if text[10] == "T" and text[-1] != "z" else text.upper()
        value = _DateTime.fromisoformat(upper)
    else:
        value = _leap_second(text)
    value.text = text
    return value


def _leap_second(text: str) -> _DateTime:
    """`23:59:60` is valid as the last second of a UTC day only (RFC 3339 5.7); it reads as
    `23:59:59.999999`, in order before the next day."""
    m = _LEAP.fullmatch(text)
    if m is None:  # pragma: no cover - _DATE_TIME matched
        raise ValueError(text)
    year, month, day, hour, minute = (int(g) for g in m.group(1, 2, 3, 4, 5))
    offset = _dt.timedelta(0)
    if m.group(6):
        offset = _dt.timedelta(hours=int(m.group(7)), minutes=int(m.group(8)))
        offset = -offset if m.group(6) == "-" else offset
    if (hour * 60 + minute - offset // _dt.timedelta(minutes=1)) % 1440 != 1439:
        raise ValueError(text)
    return _DateTime(year, month, day, hour, minute, 59, 999_999, _dt.timezone(offset))


def date_time_value(value: Any) -> _dt.datetime:
    if isinstance(value, str):
        try:
            return parse_date_time(value)
        except ValueError:
            raise _bad("date-time", value) from None
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        return value
    raise PydanticCustomError("json_date_time", "expected an aware datetime or RFC 3339 text")


def date_time_text(value: Any) -> Any:
    if not isinstance(value, _dt.datetime):  # in a union, other members pass through
        return value
    text = getattr(value, "text", None)
    if text is not None:
        return str(text)
    out = value.isoformat()
    return out[:-6] + "Z" if out.endswith("+00:00") else out


def date_value(value: Any) -> _dt.date:
    if isinstance(value, str):
        if _DATE.fullmatch(value):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise _bad("date", value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    raise PydanticCustomError("json_date", "expected a date or RFC 3339 full-date text")


def uuid_value(value: Any) -> uuid.UUID:
    if isinstance(value, str):
        # jsonschema's check: what `uuid.UUID` parses, hyphens where RFC 4122 puts them
        if len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-":
            digits = value.replace("-", "")
            # int() would also take "_", "+", spaces and non-ASCII digits: ASCII letters and
            # digits only, then int() refuses what is not hex
            if len(digits) == 32 and digits.isascii() and digits.isalnum():
                try:
                    number = int(digits, 16)
                except ValueError:
                    raise _bad("uuid", value) from None
                found = _Uuid.__new__(_Uuid)  # uuid.UUID.__init__ would parse it again
                object.__setattr__(found, "int", number)
                object.__setattr__(found, "is_safe", uuid.SafeUUID.unknown)
                if value != value.lower():  # canonical text is lower case
                    object.__setattr__(found, "text", value)
                return found
        raise _bad("uuid", value)
    if isinstance(value, uuid.UUID):
        return value
    raise PydanticCustomError("json_uuid", "expected a UUID or its RFC 4122 text")


def uuid_text(value: Any) -> Any:
    if not isinstance(value, uuid.UUID):  # in a union, other members pass through
        return value
    return getattr(value, "text", None) or str(value)


def _date_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, _dt.date) else value


class _Format:
    """Pydantic metadata: validate with `parse`, write JSON with `text`, Python as is."""

    def __init__(self, parse: Any, text: Any) -> None:
        self.parse, self.text = parse, text

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                self.text, when_used="json"
            ),
        )


JsonDateTime = Annotated[_dt.datetime, _Format(date_time_value, date_time_text)]
"""JSON Schema `format: date-time`: an aware datetime, written back as the text it was read from."""
JsonDate = Annotated[_dt.date, _Format(date_value, _date_text)]
"""JSON Schema `format: date`: RFC 3339 full-date."""
JsonUuid = Annotated[uuid.UUID, _Format(uuid_value, uuid_text)]
"""JSON Schema `format: uuid`: hyphenated, any case, written back as it came."""

JsonNumber = StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)]
"""JSON Schema `number`: ints stay ints; NaN, infinities and overflowing numbers are refused."""


def _exact(value: float | int) -> Fraction:
    # a float's shortest repr is the decimal the JSON text wrote (0.1, not 0.1000000000000000055)
    from fractions import Fraction  # only classes with multipleOf pay for the import

    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


class _NumberCheck:
    """An after-validator on JSON numbers (booleans are no numbers): `refused` says why not."""

    def refused(self, value: float) -> PydanticCustomError | None:
        raise NotImplementedError

    def check(self, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            error = self.refused(value)
            if error is not None:
                raise error
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))


class MultipleOf(_NumberCheck):
    """`multipleOf` judged on the decimal values, exactly."""

    def __init__(self, step: float | int) -> None:
        self.step = _exact(step)
        self.shown = step

    def refused(self, value: float) -> PydanticCustomError | None:
        if (_exact(value) / self.step).denominator == 1:
            return None
        return PydanticCustomError(
            "multiple_of", "{value} is not a multiple of {step}",
            {"value": value, "step": self.shown},
        )  # fmt: skip


class Bound(_NumberCheck):
    """`minimum`, `maximum` or an exclusive one past a double's range (`10**400`), which
    pydantic's own bounds cannot report (it raises a TypeError building the error). Python
    compares ints and floats exactly, as jsonschema does."""

    def __init__(self, op: str, limit: int) -> None:
        self.op, self.limit = op, limit
        self.words = _BOUND_WORDS[op]
        sign, digits = ("-" if limit < 0 else ""), str(abs(limit))
        self.shown = f"{sign}{digits[0]}.{digits[1:7]}e{len(digits) - 1}"  # (300+ digits)

    def refused(self, value: float) -> PydanticCustomError | None:
        if _holds(self.op, value, self.limit):
            return None
        return PydanticCustomError(
            f"{self.op}_bound", "Input should be {words} {limit}",
            {"words": self.words, "limit": self.shown},
        )  # fmt: skip


_BOUND_WORDS = {
    "ge": "greater than or equal to",
    "gt": "greater than",
    "le": "less than or equal to",
    "lt": "less than",
}


def _holds(op: str, value: float, limit: int) -> bool:
    if op == "ge":
        return value >= limit
    if op == "gt":
        return value > limit
    if op == "le":
        return value <= limit
    return value < limit


def json_key(value: Any) -> Any:
    """A hashable form equal exactly when two values are the same JSON value."""
    if value is None or isinstance(value, str):  # StrEnum members are their strings
        return value
    if isinstance(value, bool):
        return (bool, value)
    if isinstance(value, int | float):
        return value  # 1 == 1.0 and hash(1) == hash(1.0), as JSON Schema compares numbers
    if isinstance(value, _dt.datetime):
        return date_time_text(value)
    if isinstance(value, uuid.UUID):
        return uuid_text(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return json_key(value.model_dump(mode="json", by_alias=True))
    if isinstance(value, Mapping):
        return (dict, frozenset((str(k), json_key(v)) for k, v in value.items()))
    if isinstance(value, tuple | list):
        return (list, tuple(json_key(v) for v in value))
    return value


def _reject_duplicates(value: tuple[Any, ...]) -> tuple[Any, ...]:
    seen: set[Any] = set()
    for item in value:
        key = json_key(item)
        if key in seen:
            shown = repr(key if isinstance(key, str) else item)
            raise PydanticCustomError(
                "unique_items", "items must be unique; {item} appears twice", {"item": shown}
            )
        seen.add(key)
    return value


class _Unique:
    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_reject_duplicates, handler(source))


unique_items = _Unique()
"""After-validator for `uniqueItems: true`: no two items are the same JSON value."""

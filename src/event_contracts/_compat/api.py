"""`check_compatibility`: one entry point for both formats and every mode."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from event_contracts._compat.lazy import later, with_context
from event_contracts._compat.model import CompatResult, Finding, Mode, Policy
from event_contracts._schema.jsonpos import LazyLines
from event_contracts._schema.jsontext import json_int
from event_contracts.errors import Problem, SchemaError, UsageError

if TYPE_CHECKING:
    from event_contracts._compat.avro_nodes import Indexed

Format = Literal["avro", "jsonschema"]
SchemaInput = Any  # parsed schema (dict, list, str), JSON text, or a Path

_JSON_SCHEMA_ONLY = frozenset(
    {
        "$schema",
        "$id",
        "$ref",
        "$defs",
        "definitions",
        "properties",
        "additionalProperties",
        "patternProperties",
        "required",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "const",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "pattern",
        "prefixItems",
        "if",
        "then",
        "else",
    }
)
_AVRO_ONLY = frozenset(
    {"fields", "symbols", "values", "size", "logicalType", "aliases", "namespace"}
)


class _Loaded:
    """One schema input: its JSON text (if any, decoded on first use) or decoded value."""

    __slots__ = ("_schema", "base", "source", "text")

    def __init__(
        self, schema: Any, text: str | None, base: Path | None, source: Path | None = None
    ) -> None:
        self._schema, self.text, self.base, self.source = schema, text, base, source

    def decode(self) -> Any:
        # Lazy: with a known format, an Avro check of a cached text never decodes it.
        if self._schema is _UNDECODED:
            assert self.text is not None
            try:
                self._schema = _decode(self.text.strip())
            except RecursionError:
                raise SchemaError(
                    [
                        Problem(
                            "MALFORMED_JSON",
                            self.source,
                            "the JSON nests too deeply to read (Python's limit is about 1000 "
                            "levels)",
                            "flatten the schema: define nested types once, refer to them by name",
                        )
                    ]
                ) from None
            except json.JSONDecodeError as exc:  # a user's input: one error root, with a place
                raise SchemaError(
                    [
                        Problem(
                            "MALFORMED_JSON",
                            self.source,
                            f"the schema is not valid JSON: {exc.msg}",
                            "fix the JSON syntax at that position",
                            line=exc.lineno,
                            column=exc.colno,
                        )
                    ]
                ) from None
        return self._schema

    @property
    def schema(self) -> Any:
        return self.decode()


_UNDECODED = object()
_DECODER = json.JSONDecoder(parse_int=json_int)  # `json.loads` with options builds one per call

_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]


def _decode(text: str) -> Any:
    """`_DECODER.decode(text)` for a text without surrounding whitespace, minus its two regex
    matches: the scanner reads the value; anything else (an error, data after the value)
    goes through `decode` itself, for its very error."""
    try:
        value, end = _SCAN(text, 0)
    except (StopIteration, json.JSONDecodeError):
        return _DECODER.decode(text)
    return value if end == len(text) else _DECODER.decode(text)


def _load(value: SchemaInput) -> tuple[_Loaded, Format | None]:
    if isinstance(value, Path):
        text = value.read_text(encoding="utf-8")
        fmt: Format | None = "avro" if value.suffix == ".avsc" else "jsonschema"
        return _Loaded(_UNDECODED, text, value.parent, value), fmt
    if isinstance(value, str):
        if value.lstrip()[:1] in ("{", "[", '"'):
            return _Loaded(_UNDECODED, value, None), None
        candidate = Path(value)
        if candidate.suffix in (".avsc", ".json") and candidate.is_file():
            return _load(candidate)
        return _Loaded(value, None, None), "avro"  # a bare primitive name, as Avro allows
    return _Loaded(value, None, None), None


def infer_format(schema: Any) -> Format:
    """Guess the format of a parsed schema: Avro unless it uses JSON Schema vocabulary."""
    if isinstance(schema, bool):
        return "jsonschema"
    if isinstance(schema, (str, list)):
        return "avro"
    if isinstance(schema, dict):
        keys = set(schema)
        if keys & _AVRO_ONLY:
            return "avro"
        if keys & _JSON_SCHEMA_ONLY:
            return "jsonschema"
        items = schema.get("items")
        if isinstance(items, (dict, bool)) and schema.get("type") == "array":
            return "avro" if isinstance(items, dict) and set(items) & _AVRO_ONLY else "jsonschema"
        if schema.get("type") in ("integer", "number", "object") or isinstance(
            schema.get("type"), list
        ):
            return "jsonschema"
    return "avro"


def check_compatibility(
    old: SchemaInput,
    new: SchemaInput,
    *,
    mode: Mode | str = Mode.BACKWARD,
    format: Format | None = None,
    policy: Policy | str = Policy.STRICT,
) -> CompatResult:
    """Judge whether `new` may follow `old` under `mode`.

    BACKWARD: `new` reads data written with `old`; FORWARD: `old` reads data written with
    `new`; FULL: both. NONE always passes. Schemas of different formats give a finding.
    """
    the_mode = Mode.parse(mode)
    old_l, old_fmt = _load(old)
    new_l, new_fmt = _load(new)
    old_fmt = format or old_fmt or infer_format(old_l.schema)
    new_fmt = format or new_fmt or infer_format(new_l.schema)
    if the_mode is Mode.NONE:
        return CompatResult(the_mode)
    if old_fmt != new_fmt:
        return CompatResult(
            the_mode,
            (
                Finding(
                    rule="FORMAT_CHANGED",
                    message=f"the old schema is {old_fmt} and the new one is {new_fmt}; "
                    "no reader of one format can read data written in the other",
                    fix="keep the event type's format, or declare a new event type",
                ),
            ),
        )
    if old_fmt == "avro":
        engine = _avro()
        # The Avro engine defers each finding's line itself (no copy of its findings here).
        old_i = _avro_index(engine, old_l, None)
        # Parsed from text, the old schema lends the new one what did not change.
        new_i = _avro_index(engine, new_l, old_i if old_l.text is not None else None)
        return engine.check(old_i, new_i, the_mode, old_l.text, new_l.text)
    elif old_fmt == "jsonschema":
        from event_contracts._compat.jsonschema import check_jsonschema

        result = check_jsonschema(
            old_l.schema,
            new_l.schema,
            the_mode,
            policy=Policy(str(policy).upper()),
            old_base=old_l.base,
            new_base=new_l.base,
        )
    else:
        raise UsageError(f"unknown schema format {old_fmt!r}; use 'avro' or 'jsonschema'")
    return _with_lines(result, old_l.text, new_l.text)


class _AvroEngine(NamedTuple):
    check: Callable[[Indexed, Indexed, Mode, str | None, str | None], CompatResult]
    index_value: Callable[[Any], Indexed]
    index_text: Callable[[str, Callable[[], Any], Indexed | None], Indexed]


@cache
def _avro() -> _AvroEngine:
    """The Avro engine, imported on first use (not at start-up) and looked up once: an
    import statement per check costs as much as a tenth of a cached check."""
    from event_contracts._compat.avro import check_avro
    from event_contracts._compat.avro_names import index, index_text

    return _AvroEngine(check_avro, index, index_text)


def _avro_index(engine: _AvroEngine, loaded: _Loaded, like: Indexed | None) -> Indexed:
    if loaded.text is not None:
        return engine.index_text(loaded.text, loaded.decode, like)
    return engine.index_value(loaded.schema)


def _with_lines(result: CompatResult, old_text: str | None, new_text: str | None) -> CompatResult:
    """Give each finding its line in the text its pointer names, computed when first read."""
    if not result.findings or (old_text is None and new_text is None):
        return result
    texts = {
        "old": LazyLines(old_text) if old_text is not None else None,
        "new": LazyLines(new_text) if new_text is not None else None,
    }
    findings = []
    for f in result.findings:
        lines = texts[f.pointer_side]
        if f.line is None and lines is not None:
            f = with_context(f, line=later(lines.want(f.pointer)))
        findings.append(f)
    return replace(result, findings=tuple(findings))


def check_against_versions(
    new: SchemaInput,
    earlier: Sequence[SchemaInput],
    *,
    mode: Mode | str = Mode.BACKWARD,
    format: Format | None = None,
    policy: Policy | str = Policy.STRICT,
) -> CompatResult:
    """Check `new` against earlier versions (oldest first) as Confluent Schema Registry does.

    Transitive modes check against all of them, the others against the latest only. Each
    finding's `old_version` is the 1-based position of the earlier version it concerns and
    `new_version` is `len(earlier) + 1`.
    """
    the_mode = Mode.parse(mode)
    n = len(earlier)
    indices = range(n) if the_mode.transitive else range(max(n - 1, 0), n)
    findings: list[Finding] = []
    for i in indices:
        result = check_compatibility(earlier[i], new, mode=the_mode, format=format, policy=policy)
        findings.extend(
            with_context(f, old_version=i + 1, new_version=n + 1) for f in result.findings
        )
    return CompatResult(the_mode, tuple(findings))

"""One version file: read, parsed, checked (Avro's rules or the JSON Schema meta-schema),
fingerprinted; problems carry the file, line and column."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from event_contracts._schema import avro as avro_schema
from event_contracts._schema import cache
from event_contracts._schema import jsonschema as json_schema
from event_contracts._schema.filehash import read_as, text_of
from event_contracts._schema.jsonpos import positions
from event_contracts._schema.jsonrefs import embedded_resources, ref_problems
from event_contracts._schema.jsontext import json_int, lone_surrogate
from event_contracts._schema.model import Format, SchemaVersion
from event_contracts._schema.scan_state import ScanState as _Scan
from event_contracts._schema.stored import (
    check_kind,
    remember_version,
    stored_version,
)


def _load_version(s: _Scan, type_id: str, n: int, fmt: Format, path: Path) -> SchemaVersion | None:
    blob = s.blob(type_id, path.name)
    stored = stored_version(type_id, n, fmt, path, blob, deep=s.deep)
    if stored is not None:
        return stored
    v = _read_version(s, type_id, n, fmt, path)
    if v is not None:
        remember_version(type_id, v, blob, deep=s.deep)
    return v


def _read_version(s: _Scan, type_id: str, n: int, fmt: Format, path: Path) -> SchemaVersion | None:
    try:
        text = text_of(read_as(path, s.blob(type_id, path.name)))
    except (OSError, UnicodeDecodeError) as exc:
        s.problem("UNREADABLE_FILE", path, f"cannot read the file: {exc}", "save it as UTF-8 text")
        return None
    if not text.strip():
        s.problem("EMPTY_FILE", path, "the file is empty", "write the schema, or delete the file")
        return None
    try:
        schema = json.loads(text, parse_constant=_not_json, parse_int=json_int)
    except RecursionError:
        s.problem(
            "MALFORMED_JSON",
            path,
            "the JSON nests too deeply to read (Python's limit is about 1000 levels)",
            "flatten the schema: define nested types once and refer to them by name",
            line=1,
            column=1,
        )
        return None
    except json.JSONDecodeError as exc:
        line, column = (exc.lineno, exc.colno) if exc.doc else _locate_constant(text)
        s.problem(
            "MALFORMED_JSON",
            path,
            f"not valid JSON: {exc.msg}",
            "fix the JSON syntax at that position",
            line=line,
            column=column,
        )
        return None
    surrogate = lone_surrogate(text, schema)
    if surrogate is not None:
        s.problem(
            "MALFORMED_JSON",
            path,
            f"the string {surrogate!r} holds a lone surrogate escape, which is not Unicode text",
            "remove the \\uD8xx-\\uDFxx escape, or pair it as a valid UTF-16 surrogate pair",
            line=1,
            column=1,
        )
        return None
    before = len(s.problems)
    try:
        if fmt == "avro":
            _check_avro(s, type_id, path, text, schema)
        else:
            _check_jsonschema(s, type_id, n, path, text, schema)
    except RecursionError:  # the checks walk the schema recursively, as every parser does
        del s.problems[before:]
        s.problem(
            "AVRO_INVALID" if fmt == "avro" else "JSONSCHEMA_INVALID",
            path,
            "the schema nests too deeply to check (Python's limit is about 1000 levels)",
            "flatten the schema: define nested types once and refer to them by name",
            line=1,
            column=1,
        )
    if len(s.problems) > before:
        return None
    try:
        if fmt == "avro" and not s.deep:
            # a shallow load reads few files (the gate: the files a pull request changed, the
            # rest come from `stored.py`; the runtime: the types it meets); computing these
            # costs less than reading the cache's file of every canonical form
            canonical, fp = avro_schema.canonical_and_fingerprint(schema, checked=False)
        elif fmt == "avro":
            canonical, fp = cache.current().get(
                "avro-canonical",
                text,
                lambda: avro_schema.canonical_and_fingerprint(schema, checked=s.deep),
                cache.pair,
            )
        else:
            canonical, fp = json_schema.canonical_and_fingerprint(schema)
    except Exception as exc:  # a schema fastavro cannot canonicalise is a problem, not a crash
        s.problem(
            "AVRO_INVALID",
            path,
            f"cannot compute the canonical form: {exc}",
            "correct the schema so it follows the Avro specification",
        )
        return None
    return SchemaVersion(n, fmt, schema, path, text, fp, canonical)


# Python's json reads NaN, Infinity and -Infinity; JSON (RFC 8259) and other tools do not.
# A string, or what the JSON reader refuses outside one: NaN, infinities, an integer past
# Python's default conversion limit of 4300 digits.
_CONSTANT = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|(-?Infinity|NaN|-?[0-9]{4301,})')


def _not_json(word: str) -> Any:
    raise json.JSONDecodeError(f"{word} is not a JSON value (write a number or null)", "", 0)


def _locate_constant(text: str) -> tuple[int, int]:
    """Where the NaN/Infinity or over-long integer `_not_json`/`_int` refused sits."""
    for m in _CONSTANT.finditer(text):
        if m.group(1):
            line = text.count("\n", 0, m.start()) + 1
            return line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return 1, 1


def _at(text: str, ptr: str) -> dict[str, Any]:
    table = positions(text)
    while ptr not in table and ptr:
        ptr = ptr.rsplit("/", 1)[0]
    line, col = table.get(ptr, (None, None))
    return {"line": line, "column": col}


def _check_avro(s: _Scan, type_id: str, path: Path, text: str, schema: Any) -> None:
    if not (isinstance(schema, dict) and schema.get("type") == "record"):
        s.problem(
            "AVRO_NOT_A_RECORD",
            path,
            "an event schema must be an Avro record",
            f'make the top level {{"type": "record", "name": "{type_id}", "fields": [...]}}',
            line=1,
            column=1,
        )
        return
    # A shallow scan (the gate, which checks what changed deeply itself) reads names and
    # fingerprints only; the canonical form still refuses what fastavro cannot parse.
    if s.deep:
        issues = cache.current().get(
            check_kind("avro"), text, lambda: _avro_issues(schema), _issues
        )
        for code, pointer, message, fix in issues:
            s.problem(code, path, message, fix, pointer=pointer, **_at(text, pointer))
    full = avro_schema.record_fullname(schema)
    if full != type_id:
        s.problem(
            "NAME_MISMATCH",
            path,
            f"the record's full name is {full!r} but the folder says {type_id!r}",
            f'set "name": "{type_id.rsplit(".", 1)[1]}" and "namespace": '
            f'"{type_id.rsplit(".", 1)[0]}" (or "name": "{type_id}")',
            pointer="/name",
            **_at(text, "/name"),
        )


def _avro_issues(schema: Any) -> list[tuple[str, str, str, str]]:
    return [(i.code, i.pointer, i.message, i.fix) for i in avro_schema.check(schema)]


def _issues(value: Any) -> list[tuple[str, str, str, str]]:
    return [(str(c), str(p), str(m), str(f)) for c, p, m, f in value]


def _check_jsonschema(s: _Scan, type_id: str, n: int, path: Path, text: str, schema: Any) -> None:
    module, name = type_id.split(".")
    if not isinstance(schema, dict):
        s.problem(
            "JSONSCHEMA_NOT_OBJECT",
            path,
            "an event schema must be a JSON object",
            '{"type": "object", "title": "...", "properties": {...}}',
            line=1,
            column=1,
        )
        return
    try:
        json_schema.draft_of(schema)
    except KeyError:
        s.problem(
            "JSONSCHEMA_UNSUPPORTED_DRAFT",
            path,
            f"$schema {schema['$schema']!r} is not supported",
            f'use "{json_schema.DRAFT_2020_12}" or "{json_schema.DRAFT_07}"',
            pointer="/$schema",
            **_at(text, "/$schema"),
        )
        return
    if s.deep:
        found = cache.current().get(
            check_kind("jsonschema"),
            text,
            lambda: list(json_schema.meta_errors(schema)),
            cache.pairs,
        )
        for ptr, message in found:
            s.problem(
                "JSONSCHEMA_INVALID",
                path,
                f"invalid JSON Schema: {message}",
                json_schema.meta_fix(message),
                pointer=ptr,
                **_at(text, ptr),
            )
    refs = _may_hold_refs(text)
    for ptr, why in (
        ref_problems(schema, path, s.root, json_schema.draft_of(schema)) if refs else ()
    ):
        if why:
            s.problem(
                "JSONSCHEMA_BAD_REF",
                path,
                why,
                "use a local ref (#/$defs/...) or a relative path to a file under schemas/",
                pointer=ptr,
                **_at(text, ptr),
            )
    if refs:
        for ptr in embedded_resources(schema, json_schema.draft_of(schema)):
            s.problem(
                "JSONSCHEMA_EMBEDDED_RESOURCE",
                path,
                f"the subschema at {ptr} has an $id of its own (an embedded resource), and the "
                "file has $refs: JSON Schema resolves a $ref inside it against that $id, the "
                "compatibility check and the generated classes against the file",
                "remove the $id (refer to the subschema as #/$defs/...), or move it to a file "
                "of its own under schemas/ and refer to that file",
                pointer=f"{ptr}/$id",
                **_at(text, f"{ptr}/$id"),
            )
    if schema.get("type") != "object":
        s.problem(
            "JSONSCHEMA_NOT_OBJECT",
            path,
            'an event schema must have "type": "object"',
            'set "type": "object"',
            pointer="/type",
            **_at(text, "/type"),
        )
    if schema.get("title") != name:
        s.problem(
            "NAME_MISMATCH",
            path,
            (
                f"the title is {schema['title']!r} but the folder says {name!r}"
                if "title" in schema
                else f"the schema has no title; the folder says {name!r}"
            ),
            f'set "title": "{name}"',
            pointer="/title",
            **_at(text, "/title"),
        )
    sid = schema.get("$id")
    if sid is not None and not _id_agrees(str(sid), module, name, n):
        s.problem(
            "NAME_MISMATCH",
            path,
            f"$id {sid!r} does not name {type_id} version {n}",
            f'use an $id ending in "{module}/{name}/v{n}.json", or remove it',
            pointer="/$id",
            **_at(text, "/$id"),
        )


def _may_hold_refs(text: str) -> bool:
    """False when no key of the JSON `text` can be `$ref` or `$dynamicRef` (neither is
    written, and no `\\u` escape could spell one): most files, and a walk saved."""
    return "$ref" in text or "$dynamicRef" in text or "\\u" in text


def _id_agrees(sid: str, module: str, name: str, n: int) -> bool:
    base = sid.split("#", 1)[0].rstrip("/")
    return base.endswith(
        (
            f"{module}/{name}/v{n}.json",
            f"{module}.{name}",
            f"{module}.{name}.v{n}",
            f"{module}/{name}/v{n}",
        )
    )

"""`event.toml`: read, checked key by key, and the line of a key for findings."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from event_contracts._schema.filehash import read_as, text_of
from event_contracts._schema.names import (
    did_you_mean,
)
from event_contracts._schema.scan_state import ScanState as _Scan
from event_contracts._schema.stored import (
    remember_toml,
    stored_toml,
)
from event_contracts._vocab import Mode, Policy

EVENT_KEYS = (
    "description",
    "subscribers",
    "mode",
    "policy",
    "supersedes",
    "deprecated",
    "partition-key",
)


def _event_toml(s: _Scan, type_id: str, event_dir: Path) -> dict[str, Any] | None:
    blob = s.blob(type_id, "event.toml")
    found = stored_toml(blob)
    if found is None:
        found = _read_event_toml(s, event_dir, blob)
        if found is not None:
            remember_toml(blob, found)
    return found


def _read_event_toml(s: _Scan, event_dir: Path, blob: str | None) -> dict[str, Any] | None:
    path = event_dir / "event.toml"
    if not path.is_file():
        s.problem(
            "MISSING_EVENT_TOML",
            path,
            "every event type needs an event.toml",
            'create it with at least: description = "..." and subscribers = []',
        )
        return None
    try:
        text = text_of(read_as(path, blob))
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        s.problem("UNREADABLE_FILE", path, f"cannot read the file: {exc}", "save it as UTF-8 text")
        return None
    except RecursionError:
        s.problem(
            "MALFORMED_TOML",
            path,
            "the TOML nests too deeply to read",
            "flatten the nested arrays or tables",
            line=1,
        )
        return None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(m.group(1)), int(m.group(2))) if m else (len(text.splitlines()), None)
        s.problem(
            "MALFORMED_TOML",
            path,
            f"not valid TOML: {exc}",
            "fix the TOML syntax",
            line=line,
            column=column,
        )
        return None
    except ValueError as exc:  # an integer of more digits than Python converts (4300)
        s.problem("MALFORMED_TOML", path, f"not readable TOML: {exc}", "shorten the number")
        return None
    ok = True
    for key in sorted(set(data) - set(EVENT_KEYS)):
        s.problem(
            "UNKNOWN_EVENT_KEY",
            path,
            f"unknown key {key!r} in event.toml",
            f"known keys: {', '.join(EVENT_KEYS)}" + did_you_mean(key, EVENT_KEYS),
            line=_toml_line(path, key),
        )
        ok = False
    checks: list[tuple[str, bool, str]] = [
        ("description", isinstance(data.get("description", ""), str), "a string"),
        (
            "subscribers",
            isinstance(data.get("subscribers", []), list)
            and all(isinstance(x, str) for x in data.get("subscribers", [])),
            "a list of module names",
        ),
        (
            "mode",
            data.get("mode") is None or str(data.get("mode")) in Mode.__members__,
            "one of " + ", ".join(Mode.__members__),
        ),
        (
            "policy",
            data.get("policy") is None or str(data.get("policy")) in Policy.__members__,
            "STRICT or LENIENT",
        ),
        (
            "supersedes",
            data.get("supersedes") is None or isinstance(data.get("supersedes"), str),
            "an event type id such as catalog.ProductAdded",
        ),
        (
            "deprecated",
            isinstance(data.get("deprecated", False), (bool, str)),
            "true, false or a notice string",
        ),
        (
            "partition-key",
            data.get("partition-key") is None
            or (isinstance(data.get("partition-key"), str) and bool(data["partition-key"])),
            "the name of a top-level field of the event (the bus's message key)",
        ),
    ]
    for key, good, what in checks:
        if not good:
            s.problem(
                "BAD_EVENT_VALUE",
                path,
                f"{key} = {data.get(key)!r} is not {what}",
                f"set {key} to {what}",
                line=_toml_line(path, key),
            )
            ok = False
    if "description" not in data or not str(data.get("description", "")).strip():
        s.problem(
            "MISSING_DESCRIPTION",
            path,
            "event.toml has no description",
            'add description = "what fact this event records and when it is published"',
            line=1,
        )
        ok = False
    return data if ok else None


def _toml_line(path: Path, key: str) -> int:
    """`toml_line`, or 1 for a key spelled with escapes, which a line scan cannot match."""
    return toml_line(path, key) or 1


def toml_line(path: Path, key: str) -> int | None:
    """The line defining `key`: `key = ...`, a quoted or dotted key, or a `[key]` table."""
    name = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    pattern = re.compile(rf"^\s*(?:\[\[?\s*{name}\s*[\].]|{name}\s*[=.])")
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.match(line):
                return i
    except (OSError, UnicodeDecodeError):
        pass
    return None

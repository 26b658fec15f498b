"""Pair-check verdicts remembered by content: a chain checked once is not checked again.

The gate's pair check (`check_against_versions`) judges a new version against earlier ones from
their texts, the mode, the format and the policy only. So its result is kept in the schema cache
under those: the git blob ids of the files (from the catalog the gate loaded, or hashed from the
file when it is not in it), the mode, format, policy and a hash of the checker's own code
(`_compat/`, `_schema/`, this module), beside the versions of jsonschema and fastavro that key
the cache file itself. A JSON Schema whose `$ref`s reach other files is never remembered (its
verdict depends on them), nor a result that JSON would not give back exactly. Like the rest of
the cache it only saves time: cold, warm or deleted, the findings are the same. The verdicts
have a cache file of their own (`verdicts-v1.json`), which only `check --full` reads: a pull
request's check judges new files, and would only pay for reading them.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from event_contracts._compat.model import CompatResult, Finding, Mode, Policy
from event_contracts._gate.checks import PairChecker
from event_contracts._schema import cache
from event_contracts._schema.filehash import blob_id, read_as
from event_contracts._schema.jsonrefs import reaches_files
from event_contracts._schema.jsonschema import draft_of
from event_contracts._schema.model import Catalog
from event_contracts._schema.stored import StoredVersion

_FIELDS = tuple(Finding.__dataclass_fields__)


@functools.cache
def _code() -> str:
    """A hash of the code that decides a verdict (a development install keeps its version)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    src = Path(__file__).parents[1]
    for path in sorted([*src.glob("_compat/*.py"), *src.glob("_schema/*.py"), src / "_vocab.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _verdicts() -> cache.Cache:
    return cache.current().part("verdicts")


class Remembered:
    """A `PairChecker` that asks `checker` only for chains it has not judged before.

    `ids`: blob ids of files under `root` (POSIX paths relative to it), as `Catalog.file_ids`."""

    def __init__(
        self,
        checker: PairChecker,
        root: Path | None,
        ids: Mapping[str, str] | None,
        *,
        texts: Mapping[Path, str] | None = None,
    ) -> None:
        self.checker, self.root, self.ids = checker, root, ids or {}
        self.texts = texts or {}

    def __call__(
        self,
        new: Any,
        earlier: Sequence[Any],
        *,
        mode: Mode | str = Mode.BACKWARD,
        format: Any = None,
        policy: Policy | str = Policy.STRICT,
    ) -> CompatResult:
        key = self._key([*earlier, new], mode, format, policy)
        if key is not None:
            found = _decode(_verdicts().find(key))
            if found is not None:
                return found
        result = self.checker(new, earlier, mode=mode, format=format, policy=policy)
        if key is not None:
            value = _encode(result)
            if value is not None:
                self._still([*earlier, new], key.rsplit(":", 1)[1].split(","))
                _verdicts().keep(key, value)
        return result

    def _still(self, paths: Sequence[Path], ids: Sequence[str]) -> None:
        """Refuse to remember a verdict the checker reached from a text other than the ones
        its key names: a file saved again while the gate ran (`filehash.read_as`)."""
        for path, blob in zip(paths, ids, strict=True):
            read_as(path, blob)

    def _key(self, paths: list[Any], mode: Any, fmt: Any, policy: Any) -> str | None:
        if fmt not in ("avro", "jsonschema") or not all(isinstance(p, Path) for p in paths):
            return None
        ids = []
        for path in paths:
            found = self._id(path, fmt)
            if found is None:
                return None
            ids.append(found)
        return f"verdict:{_code()}:{fmt}:{Mode.parse(mode)}:{Policy(str(policy).upper())}:" + (
            ",".join(ids)
        )

    def _id(self, path: Path, fmt: str) -> str | None:
        known = None
        if self.root is not None:
            try:
                known = self.ids.get(path.relative_to(self.root).as_posix())
            except ValueError:
                known = None
        local = f"verdict-local-refs:{known}"
        if known is not None and (fmt == "avro" or _verdicts().find(local) is True):
            return known
        text = self.texts.get(path) if known is not None else None
        if text is not None and not _may_refer(text):  # the text the loader read: no `$ref`
            _verdicts().keep(local, True)
            return known
        try:
            data = path.read_bytes()
        except OSError:
            return None  # the checker reports it
        if fmt == "jsonschema" and _may_refer(data):
            try:
                schema = json.loads(data)
                if reaches_files(schema, draft_of(schema)):
                    return None
            except (ValueError, KeyError, TypeError):
                return None
        found = blob_id(data)
        if fmt == "jsonschema":
            _verdicts().keep(f"verdict-local-refs:{found}", True)  # the text decides alone
        return found


def _may_refer(text: str | bytes) -> bool:
    """Whether a JSON text may hold a `$ref` (spelled out, or with a `\\u` escape in it)."""
    if isinstance(text, str):
        return "$ref" in text or "\\u" in text
    return b"$ref" in text or b"\\u" in text


def read_texts(catalog: Catalog) -> dict[Path, str]:
    """The texts of `catalog`'s versions the loader read (not those it took from the cache,
    which would read their file), by file: what `Remembered` need not read again."""
    return {
        v.source: v.text
        for t in catalog.event_types.values()
        for v in t.versions
        if not isinstance(v, StoredVersion)
    }


def _encode(result: CompatResult) -> dict[str, Any] | None:
    findings = []
    for f in result.findings:
        entry = {name: getattr(f, name) for name in _FIELDS}  # computes lazy fields
        entry["subscribers"] = list(entry["subscribers"])
        findings.append(entry)
    value = {"mode": str(result.mode), "findings": findings, "searched": result.searched}
    try:
        back = json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return None
    return value if repr(back) == repr(value) else None  # tuples, NaN...: not exactly kept


def _decode(value: Any) -> CompatResult | None:
    if not isinstance(value, dict):
        return None
    try:
        findings = tuple(
            Finding(**{**f, "subscribers": tuple(f["subscribers"])}) for f in value["findings"]
        )
        return CompatResult(Mode.parse(value["mode"]), findings, searched=int(value["searched"]))
    except (KeyError, TypeError, ValueError):
        return None  # a damaged entry: check again

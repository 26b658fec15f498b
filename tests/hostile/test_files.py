"""Hostile schema files, event.toml and pyproject values, and arguments: every command refuses
them with exit 2 and a message, writes nothing, and `generate` refuses what `validate` does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.gate.conftest import PYPROJECT

from .project import TOML, project, refused, snapshot, thing


def nested_arrays(depth: int) -> str:
    items = '{"type": "array", "items": ' * depth + '"int"' + "}" * depth
    return json.dumps(thing()).replace(
        '"fields": []', f'"fields": [{{"name": "a", "type": {items}}}]'
    )


AVSC, JSON, EVENT = (
    f"schemas/catalog/Thing/{name}" for name in ("v1.avsc", "v1.json", "event.toml")
)
JSON_SCHEMA = '{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Thing", '

HOSTILE_FILES: dict[str, dict[str, str]] = {
    "deep JSON": {AVSC: "[" * 100_000 + "]" * 100_000},
    "5,000-digit integer": {AVSC: json.dumps(thing()).replace("[]", '[], "x": ' + "9" * 5000)},
    "5,000-digit integer in JSON Schema": {
        JSON: JSON_SCHEMA + '"type": "object", "maxLength": ' + "9" * 5000 + "}",
        AVSC: "",
    },
    "5,000-digit integer in event.toml": {EVENT: TOML + "x = " + "9" * 5000},
    "lone surrogate doc": {AVSC: json.dumps(thing(doc="\ud800"))},
    "JSON Schema nested 400 deep": {
        JSON: JSON_SCHEMA
        + '"type": "object", "properties": {"a": '
        + '{"type": "object", "properties": {"a": ' * 400
        + "{}"
        + "}}" * 400
        + "}}",
    },
    "multipleOf 0": {
        JSON: JSON_SCHEMA
        + '"type": "object", "properties": {"a": {"type": "number", "multipleOf": 0}}}'
    },
    "invalid patternProperties regex": {
        JSON: JSON_SCHEMA + '"type": "object", "patternProperties": {"[": {"type": "string"}}}'
    },
    "unknown subscriber": {EVENT: TOML.replace("orders", "nobody")},
    "supersedes itself": {EVENT: TOML + 'supersedes = "catalog.Thing"\n'},
    "supersedes nothing": {EVENT: TOML + 'supersedes = "catalog.Gone"\n'},
}


def files_of(case: str) -> dict[str, str]:
    files = dict(HOSTILE_FILES[case])
    if files.get(AVSC) == "":  # the case replaces v1.avsc by v1.json
        del files[AVSC]
    return files


# Files every command must refuse (they cannot be read as schemas at all); the others are
# valid JSON that `validate` refuses, so `lock` and `generate` must too (`check` judges them
# as the gate does, which is another matter: it must only never crash on them).
UNREADABLE = {
    "deep JSON",
    "5,000-digit integer",
    "5,000-digit integer in JSON Schema",
    "5,000-digit integer in event.toml",
    "lone surrogate doc",
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_hostile_schema_files_are_refused(tmp_path: Path, case: str) -> None:
    files = files_of(case)
    repo = project(tmp_path / "p", files)
    if JSON in files:
        (tmp_path / "p/schemas/catalog/Thing/v1.avsc").unlink()
    if case in UNREADABLE:
        results = refused(repo)
    else:
        results = refused(repo, [("validate",), ("lock",), ("generate",)])
        assert repo.run("check").code in (0, 1, 2)
    # generate refuses what validate refuses, with the same problems
    codes = set(re.findall(r": ([A-Z_]+): ", results["validate"].out))
    assert codes
    assert codes == set(re.findall(r": ([A-Z_]+): ", results["generate"].err))


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("schemas", "/etc", "inside the project"),
        ("schemas", "../..", "through '..'"),
        ("package-dir", "/tmp", "inside the project"),
        ("package-dir", "../elsewhere", "through '..'"),
        ("package-dir", "src/\u0000", "control characters"),
        ("schemas", "C:\\\\schemas", "inside the project"),
    ],
)
def test_pyproject_folders_outside_the_project_are_refused(
    tmp_path: Path, key: str, value: str, says: str
) -> None:
    repo = project(tmp_path / "p")
    text = PYPROJECT.replace('schemas = "schemas"', f"{key} = {json.dumps(value)}")
    repo.write("pyproject.toml", text)
    for run in refused(repo).values():
        assert says in run.err


def test_a_schemas_link_leaving_the_project_is_refused(tmp_path: Path) -> None:
    outside = project(tmp_path / "outside")
    repo = project(tmp_path / "p")
    (repo.root / "schemas" / "catalog").rename(repo.root / "gone")
    (repo.root / "schemas").rmdir() if not any((repo.root / "schemas").iterdir()) else None
    (repo.root / "schemas").symlink_to(outside.root / "schemas")
    for run in refused(repo).values():
        assert "symbolic link" in run.err


@pytest.mark.parametrize("ref", ["", " ", "--", "-x"])
def test_check_refuses_an_empty_or_option_like_base(tmp_path: Path, ref: str) -> None:
    repo = project(tmp_path / "p")
    repo.commit("one")
    for args in (["check", f"--against={ref}"], ["version", f"--against={ref}"]):
        before = snapshot(repo.root)
        run = repo.run(*args)
        assert run.code == 2, run.err
        assert "--against" in run.err and "Traceback" not in run.err
        assert snapshot(repo.root) == before


@pytest.mark.parametrize("seconds", ["nan", "inf", "-inf", "0", "-1", "1e400"])
def test_registry_timeout_must_be_a_positive_finite_number(
    tmp_path: Path, seconds: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("httpx")
    repo = project(tmp_path / "p")
    run = repo.run("registry", "push", "--url", "http://127.0.0.1:9", f"--timeout={seconds}")
    assert run.code == 2 and "timeout must be a positive number" in run.err
    monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_TIMEOUT", seconds)
    run = repo.run("registry", "push", "--url", "http://127.0.0.1:9")
    assert run.code == 2 and "timeout" in run.err


@pytest.mark.parametrize(
    "case", sorted(UNREADABLE - {"lone surrogate doc", "5,000-digit integer in event.toml"})
)
def test_compat_refuses_unreadable_schema_files(tmp_path: Path, case: str) -> None:
    (rel,) = [rel for rel in files_of(case) if rel != EVENT]
    repo = project(tmp_path / "p", files_of(case))
    good, hostile = tmp_path / "good.avsc", repo.root / rel
    good.write_text(json.dumps(thing()))
    for old, new in ((good, hostile), (hostile, good)):
        run = repo.run("compat", str(old), str(new))
        assert run.code == 2 and "error" in run.err and "Traceback" not in run.err

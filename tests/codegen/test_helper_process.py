"""A cold `generate` shares its checking, rendering and compiling with a forked helper
(`_schema/helper.py`). The helper only fills caches: the package, the errors and the exit
status are what one process gives, whether the helper works, dies, or is never started."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.codegen.helpers import make_project, run_cli

from event_contracts._codegen import output, writer
from event_contracts._schema import cache, helper, loader
from event_contracts.errors import CodegenError

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the helper forks on Linux only")

PACKAGE = "gen_helper"


def avro(name: str, module: str, n: int) -> dict[str, Any]:
    fields: list[dict[str, Any]] = [{"name": "id", "type": "string"}]
    fields += [{"name": f"f{i}", "type": ["null", "long"], "default": None} for i in range(n)]
    fields.append({"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A"]}})
    return {"type": "record", "name": name, "namespace": module, "fields": fields}


def jsonschema(n: int) -> dict[str, Any]:
    props = {f"p{i}": {"type": "string", "format": "date"} for i in range(n)}
    return {"type": "object", "properties": {"id": {"type": "integer"}, **props}}


SCHEMAS: dict[str, Any] = {
    **{f"orders/Thing{i}Happened/v{v}.avsc": avro(f"Thing{i}Happened", "orders", i + v)
       for i in range(7) for v in (1, 2)},
    **{f"shipping/Parcel{i}Moved/v{v}.json": jsonschema(i + v) for i in range(6) for v in (1, 2)},
}  # fmt: skip


def files(root: Path) -> dict[str, bytes]:
    pkg = root / "src" / PACKAGE
    return {p.relative_to(pkg).as_posix(): p.read_bytes() for p in pkg.rglob("*") if p.is_file()}


def cold_generate(
    tmp: Path, name: str, schemas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str, dict[str, bytes]]:
    """`generate` in a new project, with no package and an empty cache, as the CLI runs it."""
    root = tmp / name
    root.mkdir()
    make_project(root, schemas, package=PACKAGE)
    shutil.rmtree(root / "src" / PACKAGE)
    monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(tmp / f"cache-{name}"))
    code, out, err = run_cli(root, "generate")
    cache.current().save()
    return code, out, err, files(root) if code == 0 else {}


@pytest.fixture(autouse=True)
def one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI forks only with one thread; this process may hold idle ones from earlier tests
    (the bus's event loop), which the helper's work never waits for."""
    monkeypatch.setattr(helper.threading, "active_count", lambda: 1)


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> list[list[Any]]:
    """Share work from the second type on, and record what each `in_two` returned."""
    monkeypatch.setattr(output, "SHARED_AT", 1)
    monkeypatch.setattr(loader, "SHARED_AT", 2)
    calls: list[list[Any]] = []
    real = helper.in_two

    def spy(items: Sequence[Any], work: Any) -> list[Any]:
        found = real(items, work)
        calls.append(found)
        return found

    monkeypatch.setattr(helper, "in_two", spy)
    return calls


def one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helper, "available", lambda: False)


def test_a_cold_generate_with_a_helper_writes_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: list[list[Any]]
) -> None:
    code, out, _, together = cold_generate(tmp_path, "two", SCHEMAS, monkeypatch)
    assert code == 0
    renders, compiles = shared  # the version files' work, then the module files' compiling
    assert len(renders) == 2 and all(renders), "both processes rendered a share"
    rendered = [key for half in renders for key, _, _ in half]
    assert len(rendered) == len(set(rendered)) == len(SCHEMAS)  # each once, none left over
    assert len(compiles) == 2
    one_process(monkeypatch)
    code, out_alone, _, alone = cold_generate(tmp_path, "one", SCHEMAS, monkeypatch)
    assert code == 0 and together == alone and out == out_alone
    assert len(together) > 2 * len(SCHEMAS)


def test_a_broken_schema_is_reported_as_one_process_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: list[list[Any]]
) -> None:
    broken = dict(SCHEMAS)
    bad = avro("Thing3Happened", "orders", 1)
    bad["fields"][1]["default"] = "not null"  # a union's default must match its first branch
    broken["orders/Thing3Happened/v2.avsc"] = bad
    broken["shipping/Parcel2Moved/v1.json"] = {"type": "object", "properties": {"a": {"type": 5}}}
    code, out, err, _ = cold_generate(tmp_path, "two", broken, monkeypatch)
    assert shared and len(shared[0]) == 2
    one_process(monkeypatch)
    alone = cold_generate(tmp_path, "one", broken, monkeypatch)
    assert code == 2 and "Thing3Happened/v2.avsc" in err and "Parcel2Moved/v1.json" in err
    assert (code, out, err.replace("/two/", "/one/")) == alone[:3]


def test_a_cold_validate_shares_its_checks_and_reports_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: list[list[Any]]
) -> None:
    broken = {**SCHEMAS, "shipping/Parcel2Moved/v1.json": {"properties": {"a": {"type": 5}}}}
    reports = []
    for name in ("two", "one"):
        root = tmp_path / name
        root.mkdir()
        make_project(root, broken, package=PACKAGE)
        monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(tmp_path / f"cache-{name}"))
        code, out, err = run_cli(root, "validate", "--format", "json")
        reports.append((code, out.replace(str(root), "ROOT"), err))
        if name == "two":
            assert len(shared) == 1 and shared[0] == [None, None]  # the checks, in two
            one_process(monkeypatch)
    assert reports[0] == reports[1] and reports[0][0] == 1 and "Parcel2Moved" in reports[0][1]


def test_a_helper_that_dies_costs_time_not_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: list[list[Any]]
) -> None:
    def dies(fd: int, run: Any) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(helper, "_helper", dies)
    code, _, _, together = cold_generate(tmp_path, "two", SCHEMAS, monkeypatch)
    assert code == 0 and shared and all(len(found) == 1 for found in shared)  # no helper's half
    one_process(monkeypatch)
    assert cold_generate(tmp_path, "one", SCHEMAS, monkeypatch)[3] == together


def test_the_helpers_cache_entries_are_kept_by_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_current", cache.Cache())
    parent = os.getpid()

    def work(part: Sequence[int]) -> list[tuple[int, int]]:
        return [(x, cache.current().get("square", str(x), lambda x=x: x * x, int)) for x in part]

    with helper.allowed():
        found = helper.in_two(range(10), work)
    assert len(found) == 2 and os.getpid() == parent
    assert sorted(pair for half in found for pair in half) == [(x, x * x) for x in range(10)]
    for x in range(10):  # every entry is here, the helper's half included: none computed again
        assert cache.current().get("square", str(x), lambda: -1, int) == x * x


def test_neither_side_of_the_work_forks_a_helper_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The work already shares both cores: inside it, in the helper as here, no second fork."""
    monkeypatch.setattr(cache, "_current", cache.Cache())

    def work(part: Sequence[int]) -> list[bool]:
        may = helper.available()
        for x in part:
            cache.current().keep(f"may-fork:{x}", may)
        return [may]

    with helper.allowed():
        assert helper.in_two(range(4), work) == [[False], [False]]
        assert helper.available()  # and after it, as before
    assert [cache.current().find(f"may-fork:{x}") for x in range(4)] == [False] * 4


def test_a_library_call_never_forks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "SHARED_AT", 1)
    monkeypatch.setattr(output, "SHARED_AT", 1)

    def no_fork() -> int:
        raise AssertionError("a library call forked")

    monkeypatch.setattr(os, "fork", no_fork)
    root = tmp_path / "lib"
    root.mkdir()
    make_project(root, SCHEMAS, package=PACKAGE)
    assert not helper.available()
    assert writer.changes(root)  # the whole package, computed in this process
    with helper.allowed():
        monkeypatch.setattr(helper.threading, "active_count", lambda: 2)
        assert not helper.available()  # another thread could hold a lock the helper needs


def test_code_python_cannot_parse_is_refused_when_the_compiling_is_shared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(output, "SHARED_AT", 1)
    monkeypatch.setattr(cache, "_current", cache.Cache())
    good = [writer.Change(f"p/m{i}.py", "create", None, b"x = 1\n" * (i + 1)) for i in range(6)]
    deep = writer.Change("p/deep.py", "create", None, b"x = " + b"(" * 300 + b")" * 300 + b"\n")
    bad = writer.Change("p/bad.py", "create", None, b"def (:\n")
    with helper.allowed(), pytest.raises(CodegenError, match=r"p/deep\.py: .*would not import"):
        output.check_compiles([*good[:3], deep, *good[3:], bad])
    with helper.allowed(), pytest.raises(CodegenError, match=r"p/bad\.py: "):
        output.check_compiles([*good, bad])
    with helper.allowed():
        output.check_compiles(good)

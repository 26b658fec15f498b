"""`check --full` remembers pair-check verdicts by content: the same findings with the cache
cold, warm or deleted mid-run, a warm run checks no pair again, and a JSON Schema whose `$ref`
names another file is judged afresh when that file changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.gate.conftest import Repo, make_repo, order_v1, product_v1, product_v2

from event_contracts._compat import avro as avro_engine
from event_contracts._compat import jsonschema as json_engine
from event_contracts._gate import plan as plan_module

MONEY = {"type": "object", "properties": {"cents": {"type": "integer"}}}


def _order(total: dict[str, Any] | None, *, title: str = "OrderPlaced") -> dict[str, Any]:
    schema = {**order_v1(), "title": title}
    if total is not None:
        schema["properties"] = {**schema["properties"], "total": total}
    return schema


def _shipped(money: dict[str, Any]) -> dict[str, Any]:
    return {**_order(None, title="OrderShipped"), "$defs": {"Money": money}}


def _repository(root: Path) -> Repo:
    """Breaking and compatible chains of both formats, one of them through a file `$ref`."""
    r = make_repo(root)
    r.event("catalog.ProductAdded", [product_v1(), product_v2()])
    broken = product_v2()
    broken["name"] = "ProductListed"
    broken["fields"][1] = {"name": "title", "type": "int"}  # string -> int: breaks both ways
    r.event("catalog.ProductListed", [{**product_v1(), "name": "ProductListed"}, broken])
    money = {"type": "object", "properties": {"cents": {"type": "integer"}}}
    r.event(
        "orders.OrderPlaced",
        [_order(money), _order({"$ref": "../OrderShipped/v1.json#/$defs/Money"})],
        fmt="json",
    )
    r.event("orders.OrderShipped", [_shipped(MONEY)], fmt="json")
    paid = [_order(None, title="OrderPaid"), _order({"type": "string"}, title="OrderPaid")]
    r.event("orders.OrderPaid", paid, fmt="json")
    assert r.run("lock").code == 0
    r.commit("published")
    return r


def _verdict(r: Repo) -> tuple[int, str]:
    run = r.run("check", "--full", "--no-proof", "--format", "json")
    assert run.code in (0, 1), run.err
    return run.code, run.out


def test_full_verdicts_are_the_same_cold_warm_and_deleted_mid_run(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _repository(tmp_path / "repo")
    monkeypatch.setenv("EVENT_CONTRACTS_NO_CACHE", "1")
    uncached = _verdict(r)
    monkeypatch.delenv("EVENT_CONTRACTS_NO_CACHE")
    assert uncached[0] == 1 and "TYPE_MISMATCH" in uncached[1]  # breaking chains are reported
    assert _verdict(r) == uncached  # cold
    assert (cache_dir / "verdicts-v1.json").is_file()  # a file of their own
    assert _verdict(r) == uncached  # warm
    (cache_dir / "verdicts-v1.json").write_text("{damaged")
    assert _verdict(r) == uncached  # a damaged file counts as none
    real_plan = plan_module.plan

    def plan_then_delete(*args: Any) -> Any:
        shutil.rmtree(cache_dir, ignore_errors=True)
        return real_plan(*args)

    with monkeypatch.context() as m:
        m.setattr(plan_module, "plan", plan_then_delete)
        assert _verdict(r) == uncached  # deleted in the middle of the run
    assert _verdict(r) == uncached  # and after it


def test_a_warm_run_checks_no_pair_again(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _repository(tmp_path / "repo")
    first = _verdict(r)
    calls: list[str] = []
    real_avro, real_json = avro_engine.check_avro, json_engine.check_jsonschema

    def avro(*args: Any, **kwargs: Any) -> Any:
        calls.append("avro")
        return real_avro(*args, **kwargs)

    def json_schema(*args: Any, **kwargs: Any) -> Any:
        calls.append("jsonschema")
        return real_json(*args, **kwargs)

    monkeypatch.setattr(avro_engine, "check_avro", avro)
    monkeypatch.setattr(json_engine, "check_jsonschema", json_schema)
    from event_contracts._compat import api

    api._avro.cache_clear()  # the engine is looked up once per process
    try:
        assert _verdict(r) == first
    finally:
        api._avro.cache_clear()
    # Only the chain whose `$ref` reaches another file is judged again.
    assert calls == ["jsonschema"]


def test_a_changed_ref_target_is_judged_afresh(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _repository(tmp_path / "repo")
    before = _verdict(r)  # warms the cache
    assert "orders.OrderPlaced" not in _breaking_types(before[1])
    money = {"type": "object", "properties": {"cents": {"type": "string"}}}
    r.write("schemas/orders/OrderShipped/v1.json", _shipped(money))
    monkeypatch.setenv("EVENT_CONTRACTS_NO_CACHE", "1")
    uncached = _verdict(r)
    monkeypatch.delenv("EVENT_CONTRACTS_NO_CACHE")
    assert "orders.OrderPlaced" in _breaking_types(uncached[1])
    assert _verdict(r) == uncached


def _breaking_types(out: str) -> set[str]:
    return {
        f["event_type"]
        for f in json.loads(out)["findings"]
        if f["severity"] == "error" and f["rule"] != "LOCK_ENTRY_MISSING"
    }


def test_a_cold_run_keys_verdicts_by_the_texts_it_loaded(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from event_contracts._gate import verdicts

    r = _repository(tmp_path / "repo")
    monkeypatch.setenv("EVENT_CONTRACTS_NO_CACHE", "1")
    uncached = _verdict(r)
    monkeypatch.delenv("EVENT_CONTRACTS_NO_CACHE")
    shutil.rmtree(cache_dir, ignore_errors=True)  # cold: every version read by the loader
    hashed: list[int] = []
    real = verdicts.blob_id

    def spy(data: bytes) -> str:
        hashed.append(len(data))
        return real(data)

    monkeypatch.setattr(verdicts, "blob_id", spy)
    assert _verdict(r) == uncached
    # JSON files without `$ref` are keyed by the loader's blob ids, not read and hashed again;
    # the one whose `$ref` reaches another file is never remembered.
    assert hashed == []
    keys = json.loads((cache_dir / "verdicts-v1.json").read_text())["entries"]
    local = [k for k in keys if k.startswith("verdict-local-refs:")]
    assert len(local) == 3  # OrderPaid v1 and v2, OrderPlaced v1
    monkeypatch.setattr(verdicts, "blob_id", real)
    assert _verdict(r) == uncached  # warm


def test_a_file_saved_while_the_gate_checks_it_leaves_no_verdict_behind(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verdict is keyed by the ids the gate took for the files; a file saved again before
    the checker read it must not leave the new text's verdict under the old text's id."""
    from event_contracts._gate import verdicts

    r = _repository(tmp_path / "repo")
    breaking = _verdict(r)
    assert breaking[0] == 1 and "ProductListed" in breaking[1]
    shutil.rmtree(cache_dir, ignore_errors=True)
    listed = "schemas/catalog/ProductListed/v2.avsc"
    text = (r.root / listed).read_text()
    fixed = {**product_v2(), "name": "ProductListed"}  # compatible with v1
    real = verdicts.Remembered.__call__

    def save_first(self: Any, new: Any, earlier: Any, **kwargs: Any) -> Any:
        if isinstance(new, Path) and new.as_posix().endswith(listed):
            r.write(listed, fixed)  # the editor saves as the checker is about to read
        return real(self, new, earlier, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(verdicts.Remembered, "__call__", save_first)
        run = r.run("check", "--full", "--no-proof")
    assert run.code == 2 and "changed while" in run.err and "ProductListed" in run.err
    (r.root / listed).write_text(text)  # undone: the breaking text again
    assert _verdict(r) == breaking

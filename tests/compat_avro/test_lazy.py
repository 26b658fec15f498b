"""What a finding reports beyond its verdict (line, message, counterexample) is computed on first
read, and reads exactly as if it had been computed at once: through copies, equality, `repr`,
pickling and `check_against_versions`, with the caches cold, warm or cleared in between."""

from __future__ import annotations

import dataclasses
import json
import pickle
from typing import Any

from event_contracts import Finding, check_against_versions, check_compatibility
from event_contracts._compat.avro_names import clear_cache
from event_contracts._compat.lazy import pending

LAZY = ("line", "message", "fix", "counterexample")


def order(*extra: dict[str, Any], customer: Any = "string") -> dict[str, Any]:
    fields = [
        {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "customer", "type": customer},
        {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9}},
        *extra,
    ]
    return {"type": "record", "name": "Order", "namespace": "shop", "fields": fields}


OLD = json.dumps(order(), indent=2)
NEW = json.dumps(order({"name": "channel", "type": "string"}, customer="long"), indent=2)


def report(findings: tuple[Finding, ...]) -> list[tuple[Any, ...]]:
    return [
        (f.rule, f.direction, f.pointer, f.line, f.message, f.fix, f.counterexample)
        for f in findings
    ]


def test_nothing_beyond_the_verdict_is_computed_until_read() -> None:
    clear_cache()
    result = check_compatibility(OLD, NEW, mode="FULL", format="avro")
    assert not result.compatible
    assert [(f.rule, f.direction) for f in result.findings] == [
        ("TYPE_MISMATCH", "backward"),
        ("READER_FIELD_MISSING_DEFAULT", "backward"),
        ("TYPE_MISMATCH", "forward"),
    ]
    assert all(pending(f, name) for f in result.findings for name in LAZY)
    first = result.findings[0]
    assert first.line == NEW.splitlines().index('      "type": "long"') + 1
    assert not pending(first, "line")
    assert pending(first, "counterexample") and pending(result.findings[1], "line")


def test_read_lazily_or_at_once_the_report_is_the_same() -> None:
    clear_cache()
    at_once = report(check_compatibility(OLD, NEW, mode="FULL", format="avro").findings)
    clear_cache()
    later = check_compatibility(OLD, NEW, mode="FULL", format="avro").findings
    clear_cache()  # the findings keep what they need to compute their fields
    assert report(tuple(reversed(later)))[::-1] == at_once
    assert all(f.counterexample is not None and f.line for f in later)
    assert "no payload was found" not in later[0].message


def test_copies_equality_repr_and_pickling_see_the_values() -> None:
    clear_cache()
    f = check_compatibility(OLD, NEW, mode="FULL", format="avro").findings[2]
    clear_cache()
    g = check_compatibility(OLD, NEW, mode="FULL", format="avro").findings[2]
    assert f == g  # forces both
    assert not any(pending(f, name) for name in LAZY)
    clear_cache()
    h = check_compatibility(OLD, NEW, mode="FULL", format="avro").findings[2]
    assert "line=" in repr(h) and f"line={f.line}" in repr(h)
    clear_cache()
    k = check_compatibility(OLD, NEW, mode="FULL", format="avro").findings[2]
    assert pickle.loads(pickle.dumps(k)) == f
    clear_cache()
    m = check_compatibility(OLD, NEW, mode="FULL", format="avro").findings[2]
    copy = dataclasses.replace(m, event_type="shop.Order")
    assert copy == dataclasses.replace(f, event_type="shop.Order")


def test_versions_keep_their_findings_lazy_and_equal() -> None:
    clear_cache()
    direct = report(check_compatibility(OLD, NEW, mode="FULL", format="avro").findings)
    clear_cache()
    result = check_against_versions(NEW, [OLD], mode="FULL_TRANSITIVE", format="avro")
    assert all(pending(f, name) for f in result.findings for name in LAZY)
    assert report(result.findings) == direct
    assert {(f.old_version, f.new_version) for f in result.findings} == {(1, 2)}


def test_engine_builders_make_what_the_dataclass_makes() -> None:
    from event_contracts._compat import lazy
    from event_contracts._compat.model import CompatResult, Mode

    args = ("TYPE_MISMATCH", "m", "backward", "/fields/1/type", "old", 7, "f", ("x", 1))
    made = Finding(**dict(zip(lazy._ENGINE_FIELDS, args, strict=True)))  # type: ignore[arg-type]
    defaults = {n: raw.__get__(lazy._TEMPLATE) for n, raw in lazy._RAW.items()}
    fallback = lazy._slot_builder(Finding, lazy._ENGINE_FIELDS, defaults)
    for build in (lazy.engine_finding, fallback):
        built = build(*args)
        assert type(built) is Finding
        assert built == made and repr(built) == repr(made) and hash(built) == hash(made)
        assert pickle.loads(pickle.dumps(built)) == made
        with_version = dataclasses.replace(built, old_version=2)
        assert with_version.old_version == 2 and with_version.rule == made.rule
    result = lazy.engine_result(Mode.FULL, (made,))
    assert type(result) is CompatResult and result == CompatResult(Mode.FULL, (made,))
    assert not result.compatible

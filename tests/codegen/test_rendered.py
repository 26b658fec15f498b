"""The pack of rendered version files: found by key, verified by blob id, compacted."""

from __future__ import annotations

from pathlib import Path

import pytest

from event_contracts._codegen import rendered
from event_contracts._schema import cache


def test_texts_are_found_by_key_in_a_later_run(tmp_path: Path) -> None:
    first = rendered.Rendered(tmp_path)
    assert first.find("a") is None
    first.keep("a", b"alpha", ["A", "B"])
    first.save()
    assert rendered.Rendered(tmp_path).find("a") == (b"alpha", ["A", "B"])


def test_past_its_limit_the_pack_keeps_what_the_run_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = rendered.Rendered(tmp_path)
    first.keep("a", b"alpha", ["A"])
    first.keep("b", b"beta", ["B"])
    first.save()
    monkeypatch.setattr(rendered, "LIMIT", 0)
    second = rendered.Rendered(tmp_path)
    assert second.find("a") == (b"alpha", ["A"])  # used; "b" is not
    second.keep("c", b"gamma", [])
    second.save()
    third = rendered.Rendered(tmp_path)
    assert (third.find("a"), third.find("b"), third.find("c")) == (
        (b"alpha", ["A"]),
        None,
        (b"gamma", []),
    )
    assert (tmp_path / rendered.PACK).stat().st_size == len(b"alphagamma")


def test_an_index_pointing_at_other_bytes_is_no_entry(tmp_path: Path) -> None:
    first = rendered.Rendered(tmp_path)
    first.keep("a", b"alpha", [])
    first.keep("b", b"bravo", [])
    first.save()
    (tmp_path / rendered.PACK).write_bytes(b"bravoalpha")  # the same size, swapped
    again = rendered.Rendered(tmp_path)
    assert again.find("a") is None and again.find("b") is None


def test_with_the_cache_turned_off_nothing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_current", cache.current())  # restored after the test
    monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("EVENT_CONTRACTS_NO_CACHE", "1")
    cache.open_user_cache()  # as the CLI does
    store = rendered.for_cache()
    store.keep("a", b"alpha", [])
    store.save()
    assert store.find("a") is None
    assert list(tmp_path.iterdir()) == []
    monkeypatch.delenv("EVENT_CONTRACTS_NO_CACHE")
    cache.open_user_cache()
    store = rendered.for_cache()  # on again: the same calls leave the pack behind
    store.keep("a", b"alpha", [])
    store.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([rendered.PACK, rendered.INDEX])


def test_another_release_of_the_libraries_reads_no_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = rendered.Rendered(tmp_path)
    first.keep("a", b"alpha", [])
    first.save()
    monkeypatch.setattr(rendered, "_prefix", lambda: "codegen-rendered:9.9/1.0/1.0/1.0:")
    assert rendered.Rendered(tmp_path).find("a") is None

"""Properties of what authoring writes: TOML that reads back, cells that stay cells, stubs that
compile, and `$id`s that follow the type and version."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from event_contracts._authoring.catalog_md import cell
from event_contracts._authoring.schema_text import event_toml, retarget_id
from event_contracts._authoring.upcaster_stub import plan_stub
from event_contracts._schema.loader import EVENT_NAME, MODULE_NAME

modules = st.from_regex(MODULE_NAME, fullmatch=True).filter(lambda s: len(s) < 30)
names = st.from_regex(EVENT_NAME, fullmatch=True).filter(lambda s: len(s) < 60)


@given(st.text(), st.lists(modules, max_size=4), st.one_of(st.none(), modules))
def test_event_toml_reads_back_whatever_the_description(
    description: str, subscribers: list[str], supersedes: str | None
) -> None:
    sup = f"{supersedes}.Old" if supersedes else None
    data = tomllib.loads(event_toml(description, subscribers, sup))
    assert data["description"] == description
    assert data["subscribers"] == subscribers
    assert data.get("supersedes") == sup


@given(st.text())
def test_a_markdown_cell_stays_one_cell_without_raw_html(text: str) -> None:
    out = cell(text)
    assert "\n" not in out and "\r" not in out
    assert "<" not in out and ">" not in out
    assert "|" not in out.replace("\\|", "")


@given(modules, names, st.integers(1, 50), modules, names)
def test_the_stub_compiles_and_names_both_types(
    old_mod: str, old_name: str, version: int, new_mod: str, new_name: str
) -> None:
    stub = plan_stub(
        Path("/nonexistent/upcasters.py"), f"{old_mod}.{old_name}", version, f"{new_mod}.{new_name}"
    )
    tree = ast.parse(stub.text)
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert [f.name for f in funcs] == [stub.function]
    assert f'"{old_mod}.{old_name}", {version}, 1' in " ".join(stub.text.split())
    assert f'target_type="{new_mod}.{new_name}"' in stub.text


@given(
    st.sampled_from(["https://x.example/schemas/", "urn:events:", ""]),
    modules,
    names,
    st.integers(1, 9),
    modules,
    names,
)
def test_retarget_id_follows_type_and_version(
    prefix: str, m: str, n: str, v: int, m2: str, n2: str
) -> None:
    for tail, new_tail in (
        (f"{m}/{n}/v{v}.json", f"{m2}/{n2}/v1.json"),
        (f"{m}.{n}.v{v}", f"{m2}.{n2}.v1"),
    ):
        assert retarget_id(prefix + tail, (m, n, v), (m2, n2, 1)) == prefix + new_tail
    assert retarget_id(prefix + "unrelated", (m, n, v), (m2, n2, 1)) is None or m == "unrelated"

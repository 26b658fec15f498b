"""`new event`, `new version`, `new event --supersedes`, end to end through the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from event_contracts import load_catalog

from .conftest import Project


def _created(project: Project, out: str) -> Path:
    path = Path(out.strip())
    return path if path.is_absolute() else Path.cwd() / path


def test_new_avro_event_creates_folder_toml_and_v1(project: Project) -> None:
    r = project.run(
        "new",
        "event",
        "catalog.PriceChanged",
        "--subscribers",
        "orders,analytics",
        "--description",
        "A product's price changed.",
    )
    assert r.code == 0, r.err
    v1 = project.schemas / "catalog" / "PriceChanged" / "v1.avsc"
    assert _created(project, r.out).resolve() == v1.resolve()
    schema = json.loads(v1.read_text())
    assert (schema["namespace"], schema["name"]) == ("catalog", "PriceChanged")
    assert schema["doc"] == "A product's price changed."
    assert [f["name"] for f in schema["fields"]] == ["event_id", "tenant_id", "occurred_at"]
    meta = tomllib.loads((v1.parent / "event.toml").read_text())
    assert meta["subscribers"] == ["orders", "analytics"]
    assert meta["description"] == "A product's price changed."
    t = load_catalog(project.schemas)["catalog.PriceChanged"]  # the result is valid as is
    assert t.format == "avro" and [v.number for v in t.versions] == [1]


def test_new_json_event_is_a_closed_2020_12_schema(project: Project) -> None:
    r = project.run("new", "event", "orders.OrderShipped", "--format", "json")
    assert r.code == 0, r.err
    schema = json.loads((project.schemas / "orders/OrderShipped/v1.json").read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "OrderShipped"
    assert schema["additionalProperties"] is False
    assert schema["description"]
    assert set(schema["required"]) <= set(schema["properties"])
    assert load_catalog(project.schemas)["orders.OrderShipped"].format == "jsonschema"


def test_description_is_escaped_in_event_toml(project: Project) -> None:
    text = 'Said "hi" \\ then\nleft\x7f.'
    assert project.run("new", "event", "orders.OrderWaved", "--description", text).code == 0
    meta = tomllib.loads((project.schemas / "orders/OrderWaved/event.toml").read_text())
    assert meta["description"] == text


def test_refuses_an_existing_type_and_changes_nothing(project: Project) -> None:
    before = project.snapshot()
    r = project.run("new", "event", "catalog.ProductAdded")
    assert r.code == 2
    assert "already exists" in r.err and "new version catalog.ProductAdded" in r.err
    assert project.snapshot() == before


def test_refuses_a_name_differing_only_in_case(project: Project) -> None:
    before = project.snapshot()
    r = project.run("new", "event", "catalog.Productadded")
    assert r.code == 2 and "only in case" in r.err
    assert project.snapshot() == before


@pytest.mark.parametrize(
    ("type_id", "hint"),
    [
        ("catalog.product_added", "catalog.ProductAdded"),
        ("catalog.productAdded", "PascalCase"),
        ("Catalog.ProductAdded", "lower_snake_case"),
        ("ProductAdded", "<module>.<EventName>"),
        ("catalog.Product.Added", "<module>.<EventName>"),
        ("warehouse.StockMoved", "add it to `modules`"),
    ],
)
def test_refuses_names_that_break_the_conventions(
    project: Project, type_id: str, hint: str
) -> None:
    before = project.snapshot()
    r = project.run("new", "event", type_id)
    assert r.code == 2
    assert hint in r.err
    assert "Traceback" not in r.err
    assert project.snapshot() == before


def test_refuses_an_unknown_subscriber_with_a_suggestion(project: Project) -> None:
    before = project.snapshot()
    r = project.run("new", "event", "orders.OrderShipped", "--subscribers", "invntory")
    assert r.code == 2 and "did you mean 'inventory'" in r.err
    assert project.snapshot() == before


def test_new_version_copies_the_latest_avro_verbatim(project: Project) -> None:
    folder = project.schemas / "orders" / "OrderPlaced"
    before = project.snapshot()
    r = project.run("new", "version", "orders.OrderPlaced")
    assert r.code == 0, r.err
    assert _created(project, r.out).resolve() == (folder / "v3.avsc").resolve()
    assert (folder / "v3.avsc").read_text() == (folder / "v2.avsc").read_text()
    after = project.snapshot()
    assert {k: v for k, v in after.items() if k in before} == before  # nothing else touched
    assert project.run("new", "version", "orders.OrderPlaced").code == 0
    assert (folder / "v4.avsc").exists()
    assert [v.number for v in load_catalog(project.schemas)["orders.OrderPlaced"].versions] == [
        1,
        2,
        3,
        4,
    ]


def test_new_version_retargets_a_versioned_json_id(project: Project) -> None:
    folder = project.schemas / "connections" / "MetaConnectionEstablished"
    assert project.run("new", "version", "connections.MetaConnectionEstablished").code == 0
    v2, v3 = (json.loads((folder / f"v{n}.json").read_text()) for n in (2, 3))
    assert v3["$id"].endswith("/connections/MetaConnectionEstablished/v3.json")
    assert {k: v for k, v in v3.items() if k != "$id"} == {
        k: v for k, v in v2.items() if k != "$id"
    }
    load_catalog(project.schemas)  # $id agrees with the folder: loads without problems


def test_new_version_of_an_unknown_type_is_refused(project: Project) -> None:
    r = project.run("new", "version", "catalog.ProductAded")
    assert r.code == 2
    assert "catalog.ProductAdded" in r.err and "new event" in r.err


UPCASTERS = Path("src/integration_events/upcasters.py")

EXPECTED_STUB = '''\
@upcaster("catalog.ProductAdded", 2, 1, target_type="catalog.ProductPublished")
def product_added_v2_to_product_published_v1(data: dict[str, Any]) -> dict[str, Any]:
    """TODO: map catalog.ProductAdded v2 to catalog.ProductPublished v1."""
    # event-contracts:stub: the gate fails until this step maps the data; then delete this line
    return dict(data)
'''


def test_supersedes_copies_renames_links_and_stubs_an_upcaster(project: Project) -> None:
    r = project.run(
        "new", "event", "catalog.ProductPublished", "--supersedes", "catalog.ProductAdded"
    )
    assert r.code == 0, r.err
    folder = project.schemas / "catalog" / "ProductPublished"
    new = json.loads((folder / "v1.avsc").read_text())
    old = json.loads((project.schemas / "catalog/ProductAdded/v2.avsc").read_text())
    assert (new["namespace"], new["name"]) == ("catalog", "ProductPublished")
    assert new["fields"] == old["fields"]
    meta = tomllib.loads((folder / "event.toml").read_text())
    assert meta["supersedes"] == "catalog.ProductAdded"
    assert meta["subscribers"] == ["orders", "inventory", "analytics"]  # the old type's
    catalog = load_catalog(project.schemas)
    assert catalog["catalog.ProductPublished"].supersedes == "catalog.ProductAdded"
    module = (project.root / UPCASTERS).read_text()
    assert module.endswith(EXPECTED_STUB)
    assert "from event_contracts import upcaster" in module
    compile(module, str(UPCASTERS), "exec")
    assert "upcasters.py" in r.err


def test_supersedes_appends_and_never_rewrites_the_upcaster_module(project: Project) -> None:
    path = project.root / UPCASTERS
    path.parent.mkdir(parents=True)
    existing = '"""Hand-written."""\n\nimport json\n\nVALUE = json.dumps(1)\n'
    path.write_text(existing)
    r = project.run(
        "new", "event", "catalog.ProductPublished", "--supersedes", "catalog.ProductAdded"
    )
    assert r.code == 0, r.err
    text = path.read_text()
    assert text.startswith(existing)
    assert "from typing import Any  # noqa: E402" in text
    assert text.endswith(EXPECTED_STUB)
    compile(text, str(path), "exec")
    # A second superseding type for the same old version gets a distinct function name.
    r = project.run(
        "new", "event", "inventory.ProductPublished", "--supersedes", "catalog.ProductAdded"
    )
    assert r.code == 0, r.err
    again = path.read_text()
    assert again.startswith(text)
    assert "def catalog_product_added_v2_to_inventory_product_published_v1(" in again
    compile(again, str(path), "exec")


def test_supersedes_a_json_type_renames_title_and_id(project: Project) -> None:
    r = project.run(
        "new",
        "event",
        "connections.MetaConnectionOpened",
        "--supersedes",
        "connections.MetaConnectionEstablished",
    )
    assert r.code == 0, r.err
    schema = json.loads((project.schemas / "connections/MetaConnectionOpened/v1.json").read_text())
    assert schema["title"] == "MetaConnectionOpened"
    assert schema["$id"].endswith("/connections/MetaConnectionOpened/v1.json")
    assert schema["additionalProperties"] is False
    assert 'connections.MetaConnectionEstablished", 2, 1' in (project.root / UPCASTERS).read_text()
    load_catalog(project.schemas)


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["catalog.ProductPublished", "--supersedes", "catalog.ProductAded"], "did you mean"),
        (["catalog.ProductListed", "--supersedes", "catalog.ProductAdded"], "already exists"),
        (
            [
                "catalog.ProductPublished",
                "--supersedes",
                "catalog.ProductAdded",
                "--format",
                "json",
            ],
            "keeps the format",
        ),
        (
            [
                "catalog.ProductPublished",
                "--supersedes",
                "catalog.ProductAdded",
                "--subscribers",
                "nobody",
            ],
            "not a known module",
        ),
    ],
)
def test_supersedes_refusals_write_nothing(project: Project, args: list[str], hint: str) -> None:
    before = project.snapshot()
    r = project.run("new", "event", *args)
    assert r.code == 2 and hint in r.err
    assert project.snapshot() == before
    assert not (project.root / UPCASTERS).exists()


def test_a_broken_upcaster_module_is_refused_before_anything_is_written(project: Project) -> None:
    path = project.root / UPCASTERS
    path.parent.mkdir(parents=True)
    path.write_text("def broken(:\n")
    before = project.snapshot()
    r = project.run(
        "new", "event", "catalog.ProductPublished", "--supersedes", "catalog.ProductAdded"
    )
    assert r.code == 2 and "does not parse" in r.err
    assert project.snapshot() == before


def test_long_names_give_a_stub_that_ruff_format_accepts(project: Project, tmp_path: Path) -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed")
    for new in ("communications.IncomingMetaMessageReceivedAgainAndAgain", "catalog.ProductSold"):
        old = (
            "communications.IncomingMetaMessageReceived"
            if "communications" in new
            else "catalog.ProductAdded"
        )
        assert project.run("new", "event", new, "--supersedes", old).code == 0
    done = subprocess.run(
        [
            ruff,
            "format",
            "--check",
            "--diff",
            "--line-length",
            "100",
            str(project.root / UPCASTERS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

"""`catalog`: Markdown against a golden file, a self-contained HTML page that a real browser
renders, git dates on the timeline, and escaping of what schemas say."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import Project

GOLDEN = Path(__file__).parent / "golden" / "catalog.md"
BUNDLED_IDS = (
    "catalog.ProductAdded",
    "catalog.ProductListed",
    "communications.IncomingMetaMessageReceived",
    "connections.MetaConnectionEstablished",
    "connections.MetaConnectionRevoked",
    "connections.MetaTokenInvalidated",
    "connections.MetaTokenReconnected",
    "identity.ClientRegistered",
    "identity.UserRegistered",
    "inventory.StockAdjusted",
    "inventory.StockReserved",
    "orders.OrderCancelled",
    "orders.OrderPlaced",
)


def _write(project: Project, *extra: str) -> tuple[str, str]:
    r = project.run("catalog", "--out", "docs/catalog", *extra)
    assert r.code == 0, r.err
    out = project.root / "docs" / "catalog"
    return (out / "catalog.md").read_text(), (out / "catalog.html").read_text()


def test_markdown_matches_the_golden_file(project: Project) -> None:
    md, _ = _write(project, "--no-git-dates")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(md, encoding="utf-8")
    assert md == GOLDEN.read_text(encoding="utf-8"), "run with UPDATE_GOLDEN=1 to accept"


def test_markdown_shows_what_the_issue_asks_for(project: Project) -> None:
    md, _ = _write(project, "--no-git-dates")
    for type_id in BUNDLED_IDS:
        assert f"### {type_id}" in md
    assert '  m_catalog -->|"ProductAdded<br/>ProductListed"| m_orders' in md
    assert "> **Deprecated:** Publish catalog.ProductListed instead" in md
    assert "- **Supersedes:** [catalog.ProductAdded](#catalogproductadded)" in md
    assert "- **Superseded by:** [catalog.ProductListed](#catalogproductlisted)" in md
    assert '| `category` | `string` | "uncategorized" | Catalog category slug. |' in md
    assert "| `sender.platformUserId` | `string, minLength 1` | yes |" in md
    assert "| `price.amount` | `decimal(12,2)` |" in md
    assert "  v2 : catalog.ProductAdded v2 : " in md  # timeline in version order


def test_output_is_deterministic(project: Project) -> None:
    first = _write(project, "--no-git-dates")
    assert _write(project, "--no-git-dates") == first


def test_html_is_self_contained(project: Project) -> None:
    _, html = _write(project)
    assert html.startswith("<!DOCTYPE html>")
    for forbidden in ("<script", "<link", " src=", "@import", "url(http"):
        assert forbidden not in html
    assert "<svg" in html and "<style>" in html
    for type_id in BUNDLED_IDS:
        assert f'id="t-{type_id}"' in html


def test_timeline_uses_commit_dates_and_marks_uncommitted_versions(git_project: Project) -> None:
    assert git_project.run("new", "version", "orders.OrderPlaced").code == 0
    git_project.commit("orders v3", date="2026-03-02")
    assert git_project.run("new", "event", "orders.OrderShipped").code == 0
    md, html = _write(git_project)
    assert "Each version under the date its file was first committed." in md
    assert "- **2026-01-15**: [catalog.ProductAdded v1]" in md
    assert "- **2026-03-02**: [orders.OrderPlaced v3](#ordersorderplaced-v3)" in md
    assert "- **not committed yet**: [orders.OrderShipped v1]" in md
    assert "first committed 2026-03-02" in md
    assert md.index("2026-01-15 :") < md.index("2026-03-02 :") < md.index("not committed yet :")
    assert "first committed 2026-03-02" in html


def test_what_schemas_say_is_escaped(project: Project) -> None:
    text = "Sends <script>alert(1)</script> | twice & more"
    assert project.run("new", "event", "orders.OrderPinged", "--description", text).code == 0
    md, html = _write(project, "--no-git-dates")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Sends &lt;script&gt;alert(1)&lt;/script&gt; \\| twice &amp; more" in md


def test_an_invalid_schemas_folder_is_refused(project: Project) -> None:
    (project.schemas / "orders" / "OrderPlaced" / "v2.avsc").write_text("{")
    r = project.run("catalog", "--out", "out")
    assert r.code == 2 and "MALFORMED_JSON" in r.err
    assert not (project.root / "out").exists()


def test_an_unwritable_out_folder_is_exit_2(project: Project) -> None:
    (project.root / "taken").write_text("a file")
    r = project.run("catalog", "--out", "taken/catalog")
    assert r.code == 2 and "cannot write the catalog" in r.err and "Traceback" not in r.err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no headless chromium on this machine")
def test_html_renders_in_a_headless_browser(project: Project, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    md, _ = _write(project)
    page = project.root / "docs" / "catalog" / "catalog.html"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "<h1>Event catalog</h1>" in dom
    assert len(re.findall(r'<section class="event[ "]', dom)) == len(BUNDLED_IDS)
    for type_id in BUNDLED_IDS:
        assert type_id in dom
    assert "<svg" in dom and dom.count('class="edge"') == md.count(" -->|") == 22

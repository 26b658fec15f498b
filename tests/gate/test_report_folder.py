"""`compat-report/`: a committed README that explains every report file, reports that stay
generated (ignored by git), and a check that never touches the README."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.gate.conftest import Repo, product_v2

from event_contracts._report import FILES, README

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "compat-report"
CATALOG_FILES = ("catalog.md", "catalog.html")  # `event-contracts catalog --out compat-report`


def test_the_readme_explains_every_file_the_commands_write() -> None:
    text = (FOLDER / README).read_text(encoding="utf-8")
    for name in (*FILES.values(), *CATALOG_FILES):
        assert f"`{name}`" in text, f"compat-report/README.md does not explain {name}"
    assert "event-contracts check --report-dir compat-report" in text
    assert "event-contracts catalog --out compat-report" in text


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_ignores_the_reports_but_not_the_readme(tmp_path: Path) -> None:
    repo = tmp_path / "template"
    (repo / "compat-report").mkdir(parents=True)
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    for name in (README, *FILES.values(), *CATALOG_FILES):
        (repo / "compat-report" / name).write_text("x\n")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    assert sorted(line[3:] for line in done.stdout.splitlines()) == [
        ".gitignore",
        "compat-report/README.md",
    ]


def test_check_writes_the_reports_beside_the_readme_and_leaves_it_alone(repo: Repo) -> None:
    readme = repo.root / "compat-report" / README
    readme.parent.mkdir()
    readme.write_text("# Our reports\n\nHand-written.\n", encoding="utf-8")
    stale_report = repo.root / "compat-report" / "report.md"
    stale_report.write_text("old run\n")
    v3 = product_v2()
    v3["fields"].append({"name": "price", "type": "double"})  # breaking: exit 1
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    for _ in range(2):
        run = repo.run("check", "--report-dir", str(readme.parent))
        assert run.code == 1
        assert readme.read_text(encoding="utf-8") == "# Our reports\n\nHand-written.\n"
    assert sorted(p.name for p in readme.parent.iterdir()) == sorted([README, *FILES.values()])
    assert stale_report.read_text() != "old run\n"  # the reports themselves are rewritten

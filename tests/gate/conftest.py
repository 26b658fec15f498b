"""Temporary git repositories holding a small schemas folder, and a way to run the CLI in them."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from event_contracts._cli.main import main
from event_contracts._compat.model import CompatResult, Finding, Mode

PYPROJECT = """[project]
name = "shop"
version = "0"

[tool.event-contracts]
schemas = "schemas"
main-branch = "main"
modes = { avro = "FULL_TRANSITIVE", jsonschema = "BACKWARD_TRANSITIVE" }
modules = ["catalog", "orders", "inventory", "analytics", "billing"]
"""


def product_v1() -> dict[str, Any]:
    return {
        "type": "record",
        "name": "ProductAdded",
        "namespace": "catalog",
        "doc": "A product was added.",
        "fields": [
            {"name": "product_id", "type": "string"},
            {"name": "title", "type": "string", "doc": "Shown to buyers."},
        ],
    }


def product_v2() -> dict[str, Any]:
    schema = product_v1()
    schema["fields"].append({"name": "brand", "type": ["null", "string"], "default": None})
    return schema


def order_v1() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "OrderPlaced",
        "type": "object",
        "additionalProperties": False,
        "required": ["orderId"],
        "properties": {"orderId": {"type": "string", "description": "The order."}},
    }


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Repo:
    root: Path

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def write(self, rel: str, content: Any) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else json.dumps(content, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
        return path

    def event(
        self,
        type_id: str,
        versions: Sequence[dict[str, Any]],
        *,
        fmt: str = "avro",
        subscribers: Sequence[str] = ("orders", "analytics"),
        **meta: str,
    ) -> None:
        module, name = type_id.split(".")
        folder = f"schemas/{module}/{name}"
        toml = f'description = "{name} happened."\nsubscribers = {json.dumps(list(subscribers))}\n'
        toml += "".join(f'{k} = "{v}"\n' for k, v in meta.items())
        self.write(f"{folder}/event.toml", toml)
        suffix = ".avsc" if fmt == "avro" else ".json"
        for n, schema in enumerate(versions, 1):
            self.write(f"{folder}/v{n}{suffix}", schema)

    def commit(self, message: str = "change") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def run(self, *args: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--root", str(self.root), *args])
        return Run(code, out.getvalue(), err.getvalue())


def make_repo(root: Path) -> Repo:
    root.mkdir(parents=True, exist_ok=True)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.email", "dev@example.com")
    repo.git("config", "user.name", "dev")
    repo.git("config", "commit.gpgsign", "false")
    repo.write("pyproject.toml", PYPROJECT)
    return repo


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A schema cache of the test's own (the commands fill it; a test may delete it)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("EVENT_CONTRACTS_NO_CACHE", raising=False)
    return folder


@contextlib.contextmanager
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every file read through `Path.read_text`/`read_bytes` inside the block, in order."""
    seen: list[Path] = []
    real_text, real_bytes = Path.read_text, Path.read_bytes

    def read_text(self: Path, *args: Any, **kwargs: Any) -> str:
        seen.append(self)
        return real_text(self, *args, **kwargs)

    def read_bytes(self: Path) -> bytes:
        seen.append(self)
        return real_bytes(self)

    with monkeypatch.context() as m:
        m.setattr(Path, "read_text", read_text)
        m.setattr(Path, "read_bytes", read_bytes)
        yield seen


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repo]:
    """A repository on `main` with two published types (and their lock), then a branch `pr`."""
    r = make_repo(tmp_path / "repo")
    r.event("catalog.ProductAdded", [product_v1(), product_v2()])
    r.event("orders.OrderPlaced", [order_v1()], fmt="json", subscribers=["billing"])
    assert r.run("lock").code == 0
    r.commit("published")
    r.git("checkout", "-q", "-b", "pr")
    yield r


def fake_checker(
    new: Any,
    earlier: Sequence[Any],
    *,
    mode: Any = "BACKWARD",
    format: Any = None,
    policy: Any = None,
) -> CompatResult:
    """Stands in for the engines in planning tests: a reader's new field without a default
    (Avro) or a newly required property (JSON Schema) breaks backward compatibility."""
    mode = Mode.parse(mode)
    findings: list[Finding] = []
    new_schema = json.loads(Path(new).read_text())
    targets = range(len(earlier)) if mode.transitive else range(len(earlier) - 1, len(earlier))
    for i in targets:
        old_schema = json.loads(Path(earlier[i]).read_text())
        if "backward" not in mode.directions:
            continue
        if format == "avro":
            old_names = {f["name"] for f in old_schema["fields"]}
            for k, field in enumerate(new_schema["fields"]):
                if field["name"] not in old_names and "default" not in field:
                    findings.append(
                        Finding(
                            rule="FAKE_FIELD_NO_DEFAULT",
                            message=f"field {field['name']} has no default",
                            direction="backward",
                            pointer=f"/fields/{k}",
                            old_version=i + 1,
                            new_version=len(earlier) + 1,
                        )
                    )
        else:
            added = set(new_schema.get("required", ())) - set(old_schema.get("required", ()))
            for name in sorted(added):
                findings.append(
                    Finding(
                        rule="FAKE_REQUIRED_ADDED",
                        message=f"{name} is newly required",
                        direction="backward",
                        pointer="/required",
                        old_version=i + 1,
                        new_version=len(earlier) + 1,
                    )
                )
    return CompatResult(mode, tuple(findings))


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("event_contracts._gate.gate.check_against_versions", fake_checker)

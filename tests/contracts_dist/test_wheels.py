"""Both wheels of this repository, installed alone into a fresh environment (runtime
dependencies only): every event type of whatever `schemas/` holds imports there, finds its
schema file, and decodes bytes written here into its latest class."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from hypothesis import find, settings

from event_contracts import encode
from event_contracts._runtime.base import IntegrationEvent
from event_contracts._schema.config import load_config
from event_contracts.testing import events

REPO = Path(__file__).resolve().parents[2]
RUNTIME = ["pydantic>=2.7,<3", "fastavro>=1.9,<2", "jsonschema>=4.21,<5"]
BUILD_WHEEL = [sys.executable, "-m", "build", "--wheel", "--no-isolation"]
PYPISERVER = [sys.executable, "-m", "pypiserver", "run", "-i", "127.0.0.1"]

CONSUMER = """
import base64, importlib, importlib.util, json, sys
from importlib import resources
from event_contracts import decode
cases = json.load(open(sys.argv[1]))
package = importlib.import_module(cases["package"])
assert (resources.files(package) / "py.typed").is_file()
index = importlib.import_module(cases["package"] + "._index")
for case in cases["events"]:
    latest = index.class_for(case["type"])
    assert (resources.files(package) / "_schemas" / latest.SCHEMA_RESOURCE).is_file()
    event = decode(base64.b64decode(case["bytes"]), into=latest)
    assert (event.EVENT_TYPE, event.EVENT_VERSION) == (case["type"], latest.EVENT_VERSION)
tooling = ("httpx", "semver", "build", "hatchling", "twine", "hypothesis")
assert [m for m in tooling if importlib.util.find_spec(m)] == []
print(len(cases["events"]))
"""


def _examples() -> list[dict[str, object]]:
    """One encoded example of every version of every type, from the repository's package."""
    from importlib import import_module

    package = load_config(REPO).package
    index = import_module(f"{package}._index")
    out: list[dict[str, object]] = []
    for type_id, version in sorted(index.CLASSES):
        cls: type[IntegrationEvent] = index.class_for(type_id, version)
        example = find(events(cls), lambda _: True, settings=settings(database=None))
        raw = encode(example)
        out.append({"type": cls.EVENT_TYPE, "bytes": base64.b64encode(raw).decode()})
    return out


@pytest.mark.slow
def test_the_wheels_install_alone_and_every_type_decodes(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    cli = [sys.executable, "-m", "event_contracts", "--root", str(REPO)]
    subprocess.run([*cli, "build", "--out", str(dist)], check=True, capture_output=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheels = sorted(str(p) for p in dist.glob("*.whl"))
    assert len(wheels) == 2  # the engine and the contracts, apart
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = str(env_dir / "bin" / "python")
    pip = [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-deps", *wheels], check=True)
    subprocess.run(
        [*pip, "pydantic>=2.7,<3", "fastavro>=1.9,<2", "jsonschema>=4.21,<5"], check=True
    )
    examples = _examples()
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps({"package": load_config(REPO).package, "events": examples}))
    out = subprocess.run(
        [py, "-c", CONSUMER, str(cases)], check=True, capture_output=True, text=True, cwd=tmp_path
    )
    assert int(out.stdout) == len(examples) > 0

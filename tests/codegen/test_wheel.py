"""`python -m build` makes a wheel that works alone: fresh venv, no extras, encode, decode."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CONSUMER = """
import uuid, datetime as dt
from importlib import resources
from integration_events.catalog import ProductAdded, ProductAddedV1
from integration_events._index import class_for
e = ProductAdded(event_id=uuid.uuid4(), product_id=uuid.uuid4(), tenant_id="t", name="n",
                 price=1.5, added_at=dt.datetime.now(dt.timezone.utc))
assert hash(e) and e.tags == () and e.EVENT_VERSION == 2
assert class_for("catalog.ProductAdded", 1) is ProductAddedV1
schemas = resources.files("integration_events") / "_schemas"
assert (schemas / ProductAdded.SCHEMA_RESOURCE).is_file()
assert (resources.files("integration_events") / "py.typed").is_file()

# encode and decode with nothing but the runtime dependencies installed
import importlib.util
assert importlib.util.find_spec("httpx") is None and importlib.util.find_spec("semver") is None
from event_contracts import decode, encode, to_kafka, from_kafka
old = ProductAddedV1(event_id=uuid.uuid4(), product_id=uuid.uuid4(), tenant_id="t", name="n",
                     price=2.0, added_at=dt.datetime.now(dt.timezone.utc))
latest = decode(encode(old), into=ProductAdded)
assert latest.category == "uncategorized" and latest.price == 2.0
from integration_events.identity import UserRegistered, UserRegisteredV1
user = UserRegisteredV1(event_id=uuid.uuid4(), user_id=uuid.uuid4(), tenant_id="t",
                        email="ada@example.com", full_name="Ada Lovelace",
                        registered_at=dt.datetime.now(dt.timezone.utc))
upcast = decode(encode(user, framing="confluent", ids="lock"), into=UserRegistered, ids="lock")
assert (upcast.given_name, upcast.family_name) == ("Ada", "Lovelace")
headers, value = to_kafka(user)
assert from_kafka(headers, value, into=UserRegistered).family_name == "Lovelace"
print("ok")
"""


@pytest.mark.slow
def test_wheel_installs_alone_and_its_classes_work(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("*.whl"))
    assert next(dist.glob("*.tar.gz"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    pip = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True)
    runtime_deps = ["pydantic>=2.7,<3", "fastavro>=1.9,<2", "jsonschema>=4.21,<5"]
    subprocess.run([*pip, *runtime_deps], check=True)
    out = subprocess.run([str(py), "-c", CONSUMER], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "ok"

"""The hostile-input fuzz suite: hypothesis draws schema files, event.toml and pyproject values,
payload bytes and Kafka headers, and checks the house rules.

- The CLI (run in-process through `main`) never raises: bad input exits 2 with a message and
  writes nothing; what `validate` refuses, `lock`, `list` and `generate` refuse too; what
  `generate` writes compiles.
- The runtime raises nothing but `ContractError` subclasses, whatever the bytes or headers.

Each property runs briefly by default and long under `-m slow` (HYPOTHESIS_PROFILE=ci).
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.gate.conftest import PYPROJECT
from tests.runtime.samples import (
    connection_v2,
    order_v1,
    order_v2,
    product_v2,
    stock_v1,
    user_v1,
)

from event_contracts import ContractError, decode, encode, from_cloudevent, from_kafka, to_kafka
from event_contracts._cli.main import main
from event_contracts._runtime.schemas import for_package
from integration_events.connections import MetaConnectionEstablishedV2
from integration_events.orders import OrderPlacedV1, OrderPlacedV2

from .project import TOML, snapshot
from .strategies import (
    EVENT_TOMLS,
    HEADERS,
    PYPROJECT_TABLES,
    TEXT,
    avro_schema_texts,
    hostile_orders,
    json_schema_texts,
    mutated,
)
from .test_payloads import SCHEMA as ORDER_V2_SCHEMA
from .test_payloads import order_record

FAST = settings(max_examples=15)
"""The everyday run; `-m slow` runs the same properties with the profile's count."""


def fast_and_slow(
    prop: Callable[..., None], **strategies: st.SearchStrategy[Any]
) -> tuple[Callable[..., None], Callable[..., None]]:
    """Two tests of one property: a short one, and a long one marked slow."""
    fast = FAST(given(**strategies)(prop))
    slow = pytest.mark.slow(given(**strategies)(prop))
    return fast, slow


# --- the CLI on hostile projects -------------------------------------------------------------


def run(root: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *args])
    return code, err.getvalue()


PROJECTS = st.fixed_dictionaries(
    {
        "pyproject": st.integers(0, 4).flatmap(
            lambda n: PYPROJECT_TABLES if n == 0 else st.just(PYPROJECT)
        ),
        "event.toml": st.integers(0, 3).flatmap(lambda n: EVENT_TOMLS if n == 0 else st.just(TOML)),
        "schema": st.tuples(st.just("v1.avsc"), avro_schema_texts())
        | st.tuples(st.just("v1.json"), json_schema_texts()),
    }
)


def cli_property(project: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "schemas/catalog/Thing"
        folder.mkdir(parents=True)
        (root / "pyproject.toml").write_text(project["pyproject"], errors="surrogatepass")
        (folder / "event.toml").write_text(project["event.toml"], errors="surrogatepass")
        name, text = project["schema"]
        (folder / name).write_text(text, errors="surrogatepass")
        valid, _ = run(root, "validate")
        assert valid in (0, 1, 2)
        for command in ("list", "lock", "generate"):
            before = snapshot(root)
            code, err = run(root, command)
            assert code in (0, 1, 2), (command, code, err)
            if valid != 0:  # what validate refuses, every command refuses
                assert code == 2, (command, err)
            if code == 2:
                assert err.startswith("error") or "\nerror" in err, (command, err)
                assert snapshot(root) == before, f"{command} failed but wrote files"
        schema = str(folder / name)
        code, err = run(root, "compat", schema, schema)  # the file, against itself
        assert code in (0, 1, 2), err
        for path in root.rglob("*.py"):  # what generate wrote compiles
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)


test_cli_on_hostile_projects, test_cli_on_hostile_projects_long = fast_and_slow(
    cli_property, project=PROJECTS
)


# --- the runtime on hostile bytes -------------------------------------------------------------

SAMPLES = [order_v1(), order_v2(), user_v1(), product_v2(), stock_v1(), connection_v2()]
FRAMINGS = ["none", "confluent", "single-object"]


@st.composite
def payloads(draw: st.DrawFn) -> tuple[Any, bytes, str, str]:
    sample = draw(st.sampled_from(SAMPLES))
    cls = type(sample)
    avro = for_package("integration_events").event_type(cls.EVENT_TYPE).format == "avro"
    fmt = draw(st.sampled_from(["avro", "json"] if avro else ["json"]))
    # JSON text after an Avro schema id is a framing no reader reads: encode refuses it.
    framings = FRAMINGS if fmt == "avro" else ["none"] if avro else ["none", "confluent"]
    framing = draw(st.sampled_from(framings))
    ids = "lock" if framing == "confluent" else None
    valid = encode(sample, format=fmt, framing=framing, ids=ids)  # type: ignore[arg-type]
    kind = draw(st.integers(0, 3))
    if kind == 0:
        data = draw(st.binary(max_size=64))
    elif kind == 1 and cls is OrderPlacedV2 and fmt == "avro" and framing == "none":
        data = draw(hostile_orders(ORDER_V2_SCHEMA, order_record()))
    else:
        data = draw(mutated(valid))
    return cls, data, fmt, framing


def payload_property(case: tuple[Any, bytes, str, str]) -> None:
    cls, data, fmt, framing = case
    try:
        ids = "lock" if framing == "confluent" else None
        event = decode(data, into=cls, format=fmt, framing=framing, ids=ids)  # type: ignore[arg-type]
    except ContractError:
        return
    assert isinstance(event, cls)


test_decode_hostile_bytes, test_decode_hostile_bytes_long = fast_and_slow(
    payload_property, case=payloads()
)

VALUES = st.none() | st.binary(max_size=64) | TEXT | st.integers() | st.just(encode(order_v2()))
BASE_HEADERS = to_kafka(order_v2())[0]


def header_property(headers: Any, value: Any, with_base: bool) -> None:
    if with_base and isinstance(headers, list):
        headers = [*BASE_HEADERS, *headers]
    for into in (OrderPlacedV2, OrderPlacedV1, MetaConnectionEstablishedV2):
        with contextlib.suppress(ContractError):
            from_kafka(headers, value, into=into)
    with contextlib.suppress(ContractError):
        from_cloudevent(value, into=OrderPlacedV2)


test_from_kafka_hostile_headers, test_from_kafka_hostile_headers_long = fast_and_slow(
    header_property, headers=HEADERS, value=VALUES, with_base=st.booleans()
)

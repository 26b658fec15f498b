"""The generated classes check three formats (`date-time`, `date`, `uuid`), so the verdict does
too: a reader that checks a format its writer did not refuses strings the writer allows. JSON
Schema and Confluent call `format` an annotation (`registry_accepts` stays true); every other
format is still one. The judge here is the runtime's (`json_judge`), which decodes the data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.gate.conftest import Repo, make_repo

from event_contracts._compat.jsonschema import check_jsonschema
from event_contracts._compat.model import Mode
from event_contracts._runtime.json_judge import FORMATS, validator_class

S: dict[str, Any] = {"type": "string"}


def _obj(**at: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {"at": at}}


def _runtime_accepts(schema: dict[str, Any], doc: Any) -> bool:
    return bool(validator_class(schema)(schema, format_checker=FORMATS).is_valid(doc))


# (old, new): each breaks BACKWARD as the runtime judges, and FORWARD is the other direction
NARROWED = [
    (S, {**S, "format": "date-time"}),
    (S, {**S, "format": "date"}),
    (S, {**S, "format": "uuid"}),
    ({**S, "format": "date"}, {**S, "format": "date-time"}),
    ({**S, "format": "date-time"}, {**S, "format": "date"}),
    ({**S, "format": "email"}, {**S, "format": "uuid"}),
    ({"type": ["string", "null"]}, {"type": ["string", "null"], "format": "date"}),
    ({}, {"format": "uuid"}),  # no type: the format applies to strings
]


@pytest.mark.parametrize(("old", "new"), NARROWED)
def test_a_checked_format_the_writer_did_not_have_breaks(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    result = check_jsonschema(_obj(**old), _obj(**new), Mode.BACKWARD)
    assert not result.compatible
    for f in result.findings:  # where a rule of Confluent's comes first, it names the change
        assert f.rule != "FORMAT_NARROWED" or (
            f.registry_accepts is True and f.pointer == "/properties/at/format"
        )
        doc = f.counterexample
        assert _runtime_accepts(_obj(**old), doc) and not _runtime_accepts(_obj(**new), doc)
    # the same change read the other way round: the old schema checks less, or the other format
    forward = check_jsonschema(_obj(**old), _obj(**new), Mode.FORWARD)
    assert forward.compatible == (old.get("format") not in ("date", "date-time", "uuid"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (S, {**S, "format": "email"}),  # not checked: an annotation
        ({**S, "format": "date-time"}, S),  # the reader checks less
        ({**S, "format": "uuid"}, {**S, "format": "uuid", "title": "Id"}),
        ({"type": "integer"}, {"type": "integer", "format": "date"}),  # on no string
        ({"enum": ["2024-01-02"]}, {**S, "format": "date"}),  # every value it lists fits
    ],
)
def test_what_the_runtime_does_not_refuse_stays_compatible(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    assert check_jsonschema(_obj(**old), _obj(**new), Mode.BACKWARD).compatible


def test_a_listed_value_that_is_no_date_is_refused() -> None:
    old, new = _obj(enum=["soon"]), _obj(**S, format="date")
    result = check_jsonschema(old, new, Mode.BACKWARD)
    assert not result.compatible
    assert [f.counterexample for f in result.findings] == [{"at": "soon"}]
    assert _runtime_accepts(old, {"at": "soon"}) and not _runtime_accepts(new, {"at": "soon"})


def test_the_gate_fails_it_without_the_data_proof(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(tmp_path / "cache"))
    r: Repo = make_repo(tmp_path / "repo")
    v1 = {"title": "OrderPlaced", **_obj(**S)}
    r.event("orders.OrderPlaced", [v1], fmt="json")
    r.commit("published")
    r.git("checkout", "-q", "-b", "pr")
    r.write(
        "schemas/orders/OrderPlaced/v2.json",
        {"title": "OrderPlaced", **_obj(**S, format="date-time")},
    )
    run = r.run("check", "--no-proof", "--format", "json")
    assert run.code == 1, run.out
    rules = [f["rule"] for f in run.json()["findings"]]
    assert "FORMAT_NARROWED" in rules


def test_a_checked_format_beside_a_ref_constrains_too() -> None:
    # 2020-12 applies the keywords beside `$ref`; a checked format there is one of them
    defs = {"$defs": {"s": S}}
    old = {**_obj(**{"$ref": "#/$defs/s"}), **defs}
    new = {**_obj(**{"$ref": "#/$defs/s", "format": "date"}), **defs}
    result = check_jsonschema(old, new, Mode.BACKWARD)
    assert not result.compatible
    for f in result.findings:
        doc = f.counterexample
        assert _runtime_accepts(old, doc) and not _runtime_accepts(new, doc)
    # draft-07 ignores what stands beside `$ref`: there it is nothing
    d7 = {"$schema": "http://json-schema.org/draft-07/schema#"}
    old7 = {**d7, **_obj(**{"$ref": "#/definitions/s"}), "definitions": {"s": S}}
    new7 = {**d7, **_obj(**{"$ref": "#/definitions/s", "format": "date"}), "definitions": {"s": S}}
    assert check_jsonschema(old7, new7, Mode.BACKWARD).compatible
    assert _runtime_accepts(new7, {"at": "x"})


def test_the_verdict_checks_the_formats_the_generated_classes_type() -> None:
    # a format the classes type (and so refuse strings for) is one the verdict must check
    from event_contracts._codegen.jsonschema import _FORMATS
    from event_contracts._runtime.json_judge import CHECKED_FORMATS

    assert set(_FORMATS) == CHECKED_FORMATS

"""Every bundled version's class accepts exactly what its schema accepts, and round-trips it.

References: fastavro (validation and a binary round trip) for Avro, jsonschema (with format
checking) for JSON Schema, on data hypothesis generates from each schema.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import fastavro
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.codegen.strategies import avro_datum, json_instance

from event_contracts import load_catalog
from integration_events._index import class_for

REPO = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(REPO / "schemas")
VERSIONS = [(t, v) for t in CATALOG for v in t.versions]
AVRO = [pytest.param(t, v, id=f"{t.id}-v{v.number}") for t, v in VERSIONS if v.format == "avro"]
JSON = [pytest.param(t, v, id=f"{t.id}-v{v.number}") for t, v in VERSIONS if v.format != "avro"]


FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _rfc3339(value: object) -> bool:
    """RFC 3339 date-time (jsonschema checks it only with an optional extra installed)."""
    if not isinstance(value, str):
        return True
    if len(value) < 20 or value[10] not in "Tt":
        raise ValueError(value)
    moment = dt.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    return moment.tzinfo is not None


def _plain(value: Any) -> Any:
    """Generated classes dump tuples and FrozenMaps; fastavro gives lists and dicts."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("event", "version"), AVRO)
def test_avro_classes_round_trip_schema_valid_data(event: Any, version: Any) -> None:
    parsed = fastavro.parse_schema(version.schema)
    cls = class_for(event.id, version.number)

    @given(avro_datum(version.schema))
    def check(datum: dict[str, Any]) -> None:
        buf = io.BytesIO()
        fastavro.schemaless_writer(buf, parsed, datum)
        buf.seek(0)
        read = fastavro.schemaless_reader(buf, parsed)
        instance = cls.model_validate(read)
        dumped = _plain(instance.model_dump(by_alias=True, exclude={"metadata"}))
        assert fastavro.validation.validate(dumped, parsed, raise_errors=False)
        assert dumped == _plain(read)
        assert hash(instance) == hash(cls.model_validate(read))

    check()


@pytest.mark.parametrize(("event", "version"), AVRO)
def test_avro_classes_reject_what_the_schema_rejects(event: Any, version: Any) -> None:
    parsed = fastavro.parse_schema(version.schema)
    cls = class_for(event.id, version.number)
    bad_values = st.sampled_from([None, "text", 3, 2**40, 1.5, True, [1], {"a": 1}])

    @given(avro_datum(version.schema), st.data())
    def check(datum: dict[str, Any], data: st.DataObject) -> None:
        field = data.draw(st.sampled_from(version.schema["fields"]))["name"]
        broken = {**datum, field: data.draw(bad_values)}
        avro_ok = fastavro.validation.validate(broken, parsed, raise_errors=False)
        try:
            cls.model_validate(broken)
            ours = True
        except ValidationError:
            ours = False
        if not avro_ok:
            assert not ours, (field, broken[field])

    check()


@pytest.mark.parametrize(("event", "version"), JSON)
def test_json_classes_accept_exactly_what_the_schema_accepts(event: Any, version: Any) -> None:
    validator = jsonschema.Draft202012Validator(version.schema, format_checker=FORMATS)
    cls = class_for(event.id, version.number)
    tweaks = st.sampled_from([None, "", 0, -1, 1.0, 2.5, True, [], {}, "x" * 300, "not-a-uuid"])

    @given(json_instance(version.schema, version.schema), st.data())
    def check(instance: dict[str, Any], data: st.DataObject) -> None:
        assert validator.is_valid(instance)
        model = cls.model_validate(instance)
        dumped = json.loads(model.model_dump_json(by_alias=True, exclude={"metadata"}))
        assert validator.is_valid(dumped)
        assert cls.model_validate(dumped) == model
        key = data.draw(st.sampled_from([*version.schema["properties"], "unknownProperty"]))
        broken = {**instance, key: data.draw(tweaks)}
        if data.draw(st.booleans()):
            broken.pop(key)
        try:
            cls.model_validate(broken)
            ours = True
        except ValidationError:
            ours = False
        assert ours == validator.is_valid(broken), (key, broken.get(key, "<absent>"))

    check()

"""`jsonschema` is imported when something judges with it, not with the generator or the runtime:
a package (or a data proof) of Avro types only never pays for it."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import event_contracts, event_contracts._runtime.schemas, event_contracts._runtime.codegen_support
import event_contracts._codegen.writer, event_contracts._codegen.jsonschema
from event_contracts._codegen.avro import plan_avro
from event_contracts._runtime import json_judge
assert "jsonschema" not in sys.modules, "jsonschema imported"

# judged as before once used: formats checked, multipleOf exact on decimals
draft7 = json_judge.validator_class({"$schema": "http://json-schema.org/draft-07/schema#"})
assert "jsonschema" in sys.modules
assert draft7 is json_judge.Draft7 and json_judge.validator_class({}) is json_judge.Draft202012
check = json_judge.validator_class({})
assert check({"multipleOf": 0.1}).is_valid(3)
assert not check({"multipleOf": 0.1}).is_valid(3.05)
dated = check({"format": "date"}, format_checker=json_judge.FORMATS)
assert dated.is_valid("2024-02-29") and not dated.is_valid("2023-02-29")
assert check({"format": "date"}).is_valid("2023-02-29")  # formats are annotations without it
try:
    json_judge.NoSuchThing
except AttributeError as exc:
    assert "NoSuchThing" in str(exc)
else:
    raise AssertionError("no AttributeError")
"""


def test_jsonschema_is_imported_on_first_judgement_only() -> None:
    subprocess.run([sys.executable, "-c", CODE], check=True)

"""Replay a finding's counterexample independently of the engine, with fastavro's JSON reader.

Counterexamples are in Avro's JSON encoding (unions as {"branch": value}, bytes as latin-1
code points), so `fastavro.json_reader(writer, reader)` can decode them with schema
resolution. Logical values are shown as text, so only writers without logical types replay.
"""

from __future__ import annotations

import io
import json
from typing import Any

from fastavro import json_reader

from event_contracts import Finding
from event_contracts._compat.avro_rules import RULES_BY_ID


def replayable(finding: Finding, writer: Any) -> bool:
    return (
        finding.counterexample is not None
        and RULES_BY_ID[finding.rule].effect == "fails"
        and "logicalType" not in json.dumps(writer)
    )


def replay_fails(finding: Finding, writer: Any, reader: Any) -> bool:
    """Does reading the counterexample (written with `writer`) with `reader` raise?"""
    text = json.dumps(finding.counterexample)
    try:
        list(json_reader(io.StringIO(text), writer, reader))
    except Exception:  # fastavro raises several unrelated types; any of them is the proof
        return True
    return False

"""A warning for each keyword a new or edited JSON Schema version's draft ignores
(`_schema.ignored_keywords`): the gate tells the author in the pull request that added it."""

from __future__ import annotations

from event_contracts._compat.model import Finding
from event_contracts._gate.checks import Where
from event_contracts._gate.model import CheckCase
from event_contracts._gate.plan import TypeChange
from event_contracts._schema import jsonschema as json_schema
from event_contracts._schema.ignored_keywords import fix, ignored_keywords, message
from event_contracts._schema.version_file import _at


def keyword_cases(tc: TypeChange, where: Where) -> list[CheckCase]:
    t = tc.head
    if t is None or t.format != "jsonschema":
        return []
    cases = []
    for vc in tc.versions:
        v = vc.head
        if v is None or vc.status not in ("new", "edited") or not isinstance(v.schema, dict):
            continue
        draft = json_schema.draft_of(v.schema)
        found = ignored_keywords(v.schema, draft)
        if not found:
            continue
        findings = tuple(
            Finding(
                rule="JSONSCHEMA_IGNORED_KEYWORD",  # = CODE, spelled out for the rule list
                message=message(word, draft),
                severity="warning",
                pointer=ptr,
                line=_at(v.text, ptr)["line"],
                fix=fix(word, draft),
                event_type=t.id,
                new_version=v.number,
                file=where.version(t, v),
            )
            for ptr, word in found
        )
        cases.append(CheckCase(t.id, f"keywords v{v.number}", findings))
    return cases

"""The record every JSON Schema rule is, and the words rules share."""

from __future__ import annotations

from dataclasses import dataclass

OPEN = (
    "An object has an open content model when `additionalProperties` is absent or true and it has "
    "no `patternProperties`: data may carry any undeclared property, of any type."
)
CLOSED = (
    "An object has a closed content model when `additionalProperties` is false: data may carry "
    "only the declared properties."
)
PARTIAL = (
    "An object has a partially open content model when `additionalProperties` is a schema or it "
    "has `patternProperties`: undeclared properties are allowed if they match that schema."
)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    purpose: str
    explain: str
    fix: str  # for BACKWARD findings (the new schema is the reader)
    fix_forward: str = ""  # for FORWARD findings (the new schema is the writer), if different

    def fix_for(self, direction: str, writer: str, reader: str) -> str:
        template = self.fix_forward if direction == "forward" and self.fix_forward else self.fix
        return template.format(writer=writer, reader=reader)


def rule(rule_id: str, purpose: str, explain: str = "", fix: str = "") -> Rule:
    """A rule; `explain` is a str.format template (`{writer}`, `{reader}`, `{where}`)."""
    return Rule(rule_id, purpose, explain or purpose.replace("{", "{{").replace("}", "}}"), fix)


LOOSEN_FIX = "make the keyword in {reader} accept everything it accepts in {writer}"
TIGHT = (
    "{reader} accepts fewer values at {where} than {writer} allows, so some data written with "
    "{writer} is rejected."
)
VERB = {"ADDED": "added", "REMOVED": "removed", "INCREASED": "raised", "DECREASED": "lowered"}
COMPARED = {  # direction-neutral: in FORWARD the reader is the old schema
    "ADDED": "{reader} sets `%s` at {where} and {writer} does not",
    "REMOVED": "{reader} has no `%s` at {where} and {writer} does",
    "INCREASED": "`%s` at {where} is higher in {reader} than in {writer}",
    "DECREASED": "`%s` at {where} is lower in {reader} than in {writer}",
}


def bounds(stem: str, word: str, tighter: tuple[str, ...]) -> list[Rule]:
    """ADDED/REMOVED/INCREASED/DECREASED rules for one bound keyword."""
    out = []
    for change in ("ADDED", "REMOVED", "INCREASED", "DECREASED"):
        rule_id = f"{stem}_{change}"
        purpose = f"`{word}` was {VERB[change]}."
        if change in tighter:
            explain = COMPARED[change] % word + ", so some data written with {writer} is rejected."
            out.append(rule(rule_id, purpose, explain, LOOSEN_FIX))
        else:
            out.append(rule(rule_id, purpose + " The reader accepts at least what it did."))
    return out

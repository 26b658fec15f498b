"""The pull-request gate: compare the working tree's schemas with a base, judge every change.

plan.py       base catalog vs head catalog: which types and versions changed (by fingerprint)
docs.py       the docs-free form of a schema, to tell a docs edit from a data edit
checks.py     one function per check (chain, immutability, presence, supersedes)
lockcheck.py  the registry.lock checks (work without git history)
stale.py      the hook for "stale generated code" (wired when codegen lands)
gate.py       runs the plan's checks and returns a frozen `GateReport`
model.py      `CheckCase` and `GateReport`: data the renderers in `_report/` read
"""

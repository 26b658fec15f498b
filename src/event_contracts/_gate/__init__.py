"""The pull-request gate: compare the working tree's schemas with a base, judge every change.

source.py     the two sides: the working tree, and the base (git ref, folder, or none)
gitbase.py    the base from git, reading only the event-type folders that changed
plan.py       base catalog vs head catalog: which types and versions changed (by fingerprint)
checks.py     one function per check (chain, immutability, presence, supersedes); the
              docs-free form they compare lives in `_schema/docs_free.py`
lockcheck.py  the registry.lock checks (work without git history)
stale.py      stale generated code: asks `_codegen.stale_files` what `generate` would change
rules.py      the gate's own rule ids and severities
timing.py     `--timings`: where the time went
gate.py       runs the plan's checks and returns a frozen `GateReport`
model.py      `CheckCase` and `GateReport`: data the renderers in `_report/` read
"""

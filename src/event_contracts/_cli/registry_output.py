"""What `registry push` and `registry verify` print: text for people, JSON for machines."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from event_contracts._cli.common import shown

if TYPE_CHECKING:
    from event_contracts._registry.push import PushReport, Rejection, Step
    from event_contracts._registry.verify import VerifyReport


def push_json(report: PushReport, url: str, differ: list[Step]) -> dict[str, Any]:
    r = report.rejection
    return {
        "registry": url,
        "dry_run": report.dry_run,
        "changed": report.changed,
        "steps": [
            {
                "action": s.action,
                "event_type": s.event_type,
                "subject": s.subject,
                "version": s.version,
                "id": s.schema_id,
                "subject_version": s.subject_version,
                "compatibility": s.mode.value if s.mode else None,
                "previous_compatibility": s.previous_mode.value if s.previous_mode else None,
            }
            for s in report.steps
        ],
        "ids_differ_from_lock": [[s.event_type, s.version] for s in differ],
        "rejection": None
        if r is None
        else {
            "event_type": r.event_type,
            "subject": r.subject,
            "version": r.version,
            "compatibility": r.mode.value,
            "registry_messages": list(r.registry_messages),
            "local_error": r.local_error,
            "local_findings": [
                {"rule": f.rule, "direction": f.direction, "message": f.message, "fix": f.fix}
                for f in r.local_findings
            ],
        },
    }


def _label(subject: str, event_type: str) -> str:
    """The subject, naming the event type too when the subject is not simply its id."""
    return subject if subject == event_type else f"{subject} ({event_type})"


def print_push(report: PushReport, url: str) -> None:
    verbs = {"registered": "registered", "would-register": "would register"}
    present: dict[str, list[Step]] = {}
    for s in report.steps:
        if s.action == "present":
            present.setdefault(s.subject, []).append(s)
    for subject, steps in present.items():
        listed = ", ".join(f"v{s.version} (id {s.schema_id})" for s in steps)
        print(f"{_label(subject, steps[0].event_type)}: {listed} already registered")
    for s in report.steps:
        if s.action == "present":
            continue
        if s.action in ("mode-set", "would-set-mode"):
            was = s.previous_mode.value if s.previous_mode else "not set"
            verb = "set" if s.action == "mode-set" else "would set"
            mode = s.mode.value if s.mode else "?"
            print(f"{_label(s.subject, s.event_type)}: compatibility {verb} to {mode} (was {was})")
        else:
            where = f" as version {s.subject_version}" if s.subject_version else ""
            ident = f", id {s.schema_id}" if s.schema_id is not None else ""
            label = _label(s.subject, s.event_type)
            print(f"{label}: v{s.version} {verbs[s.action]}{where}{ident}")
    if report.rejection is not None:
        print_rejection(report.rejection)
        done = report.count("registered")
        print(f"push stopped at the first refusal; {done} version(s) registered before it")
        return
    prefix = "dry run: " if report.dry_run else ""
    if not report.changed and not any(
        s.action in ("would-register", "would-set-mode") for s in report.steps
    ):
        print(f"{url}: already registered, nothing changed ({report.count('present')} versions)")
        return
    registered = report.count("would-register" if report.dry_run else "registered")
    modes = report.count("would-set-mode" if report.dry_run else "mode-set")
    verb = "would register" if report.dry_run else "registered"
    print(
        f"{prefix}{url}: {registered} version(s) {verb}, {modes} compatibility level(s) "
        f"{'would be ' if report.dry_run else ''}set, {report.count('present')} already registered"
    )


def print_rejection(r: Rejection) -> None:
    label = _label(r.subject, r.event_type)
    print(f"REFUSED: {label}: v{r.version} is incompatible under {r.mode.value}")
    print("  the registry says:")
    for m in r.registry_messages or ("(no reasons given: this registry is not verbose)",):
        print(f"    - {m if len(m) <= 300 else m[:297] + '...'}")  # oldSchema can be huge
    print("  event-contracts says:")
    if r.local_error is not None:
        print(f"    (the local check could not run: {r.local_error})")
    elif not r.local_findings:
        print(
            "    (no breaking change found locally: the registry judges this pair differently; "
            "see docs/registry.md)"
        )
    for f in r.local_findings:
        where = f" [{f.direction}, v{f.old_version} → v{f.new_version}]" if f.old_version else ""
        file = shown(f.file) if f.file else ""
        at = f"{file}:{f.line}: " if file and f.line else f"{file}: " if file else ""
        fix = f" Fix: {f.fix}" if f.fix and f.fix not in f.message else ""
        print(f"    - {at}{f.rule}{where}: {f.message}{fix}")


def print_verify(report: VerifyReport, url: str, output: str) -> None:
    if output == "json":
        print(
            json.dumps(
                {
                    "registry": url,
                    "in_sync": report.in_sync,
                    "checked_subjects": report.checked_subjects,
                    "checked_versions": report.checked_versions,
                    "drift": [
                        {
                            "kind": d.kind,
                            "subject": d.subject,
                            "event_type": d.event_type,
                            "version": d.version,
                            "subject_version": d.subject_version,
                            "registry_id": d.registry_id,
                            "lock_id": d.lock_id,
                            "message": d.message,
                        }
                        for d in report.drifts
                    ],
                },
                indent=2,
            )
        )
        return
    for d in report.drifts:
        print(f"DRIFT {d.kind}: {d.message}")
    summary = (
        f"{report.checked_versions} version(s) in {report.checked_subjects} subject(s) checked"
    )
    if report.in_sync:
        print(f"{url}: in sync, {summary}")
    else:
        print(f"{url}: {len(report.drifts)} drift(s), {summary}")

"""Keep-a-Changelog sections for a release, written from a `Bump`'s reasons."""

from __future__ import annotations

import re
from pathlib import Path

from event_contracts._authoring.semver_bump import Bump, Change
from event_contracts._schema.model import Catalog
from event_contracts.errors import UsageError

HEADER = """# Changelog

All notable changes to the integration events package are listed here: new event types and
versions, deprecations and removals. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and versions follow
[Semantic Versioning](https://semver.org/spec/v2.0.0.html) as `event-contracts version`
suggests them.
"""

# Keep a Changelog's headings, in its order.
_SECTIONS = (
    ("Added", ("added-type", "added-version")),
    ("Changed", ("changed-wire", "changed-docs", "changed-metadata")),
    ("Deprecated", ("deprecated",)),
    ("Removed", ("removed-type", "removed-version")),
)


def section(label: str, date: str | None, bump: Bump, head: Catalog) -> str:
    """`## [label] - date` and one bullet per change; new types carry their description."""
    title = f"## [{label}]" + (f" - {date}" if date and label != "Unreleased" else "")
    lines = [title]
    for heading, kinds in _SECTIONS:
        items = [_entry(c, head) for c in bump.reasons if c.kind in kinds]
        if items:
            lines += ["", f"### {heading}", "", *items]
    return "\n".join(lines) + "\n"


def _entry(c: Change, head: Catalog) -> str:
    t = head.event_types.get(c.event_type)
    if c.kind == "added-type" and t is not None:
        versions = ", ".join(f"v{v.number}" for v in t.versions)
        text = f"- `{t.id}` ({versions}): {' '.join(t.description.split())}"
        return text + (f" Supersedes `{t.supersedes}`." if t.supersedes else "")
    if c.kind == "added-version":
        return f"- `{c.event_type}` v{c.version}."
    if c.kind == "removed-type":
        return f"- `{c.event_type}`."
    if c.kind == "removed-version":
        return f"- `{c.event_type}` v{c.version}."
    if c.kind == "deprecated" and t is not None and t.deprecated:
        return f"- `{c.event_type}`: {' '.join(t.deprecated.split())}"
    return f"- {c.message[:1].upper()}{c.message[1:]}."


def prepend(path: Path, text: str, label: str) -> None:
    """Insert `text` above the newest release in `path` (created with a header if absent)."""
    existing = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if re.search(rf"^## \[{re.escape(label)}\]", existing, flags=re.MULTILINE):
        raise UsageError(
            f"{path.name} already has a section for [{label}]; edit it by hand, or bump "
            "[project] version in pyproject.toml first"
        )
    m = re.search(r"^## ", existing, flags=re.MULTILINE)
    if m is None:
        new = existing.rstrip("\n") + "\n\n" + text
    else:
        new = existing[: m.start()] + text + "\n" + existing[m.start() :]
    path.write_text(new, encoding="utf-8")

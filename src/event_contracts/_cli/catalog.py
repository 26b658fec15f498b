"""`event-contracts catalog`: the event catalog as Markdown and one self-contained HTML page."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from event_contracts._authoring.catalog_data import build_view
from event_contracts._authoring.catalog_html import render_html
from event_contracts._authoring.catalog_md import render_markdown
from event_contracts._authoring.gitfiles import first_commit_dates
from event_contracts._cli.common import project, shown
from event_contracts._fs import real_folder, write_text
from event_contracts._schema.loader import load_catalog
from event_contracts.errors import UsageError

DEFAULT_OUT = "docs/catalog"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "catalog",
        help="write the event catalog (catalog.md and a self-contained catalog.html)",
        description="Write catalog.md and catalog.html: every event type, its versions and "
        "fields, the modules and the events between them, and a timeline of versions.",
    )
    p.add_argument(
        "--out",
        default=DEFAULT_OUT,
        help=f"output folder, relative to the project root (default: {DEFAULT_OUT})",
    )
    p.add_argument(
        "--no-git-dates",
        action="store_true",
        help="order the timeline by version number instead of reading commit dates from git",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    proj = project(args)
    catalog = load_catalog(proj.schemas, config=proj.config)
    out = Path(args.out)
    out = out if out.is_absolute() else proj.root / out
    dates = {} if args.no_git_dates else first_commit_dates(proj.schemas)
    view = build_view(catalog, dates)
    md, html = out / "catalog.md", out / "catalog.html"
    try:
        real_folder(out, "--out")
        write_text(md, render_markdown(view, out.resolve()))
        write_text(html, render_html(view))
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write the catalog ({exc.strerror})") from None
    print(f"wrote {shown(md, proj.root)} and {shown(html, proj.root)} ({len(catalog)} event types)")
    return 0

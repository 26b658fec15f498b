"""Authoring costs on the bundled schemas, against loading the catalog (the reference).

.venv/bin/python bench/authoring.py
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from event_contracts import load_catalog
from event_contracts._authoring.catalog_data import build_view
from event_contracts._authoring.catalog_html import render_html
from event_contracts._authoring.catalog_md import render_markdown
from event_contracts._authoring.semver_bump import suggest_bump

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def best_of(fn: Callable[[], object], repeat: int = 5, number: int = 20) -> float:
    """Best mean seconds per call over `repeat` rounds of `number` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def main() -> None:
    catalog = load_catalog(SCHEMAS)
    out = Path(tempfile.mkdtemp())
    view = build_view(catalog)
    load = best_of(lambda: load_catalog(SCHEMAS))
    figures = {
        "build view": best_of(lambda: build_view(catalog)),
        "render Markdown": best_of(lambda: render_markdown(view, out)),
        "render HTML (+SVG)": best_of(lambda: render_html(view)),
        "suggest_bump (catalog vs itself)": best_of(lambda: suggest_bump(catalog, catalog)),
        "suggest_bump (empty base)": best_of(lambda: suggest_bump(None, catalog)),
    }
    n = sum(len(t.versions) for t in catalog)
    print(f"bundled schemas: {len(catalog)} event types, {n} versions")
    print(f"{'load_catalog (reference)':<34} {load * 1e3:8.2f} ms   1.00x")
    for name, secs in figures.items():
        print(f"{name:<34} {secs * 1e3:8.2f} ms   {secs / load:.2f}x")


if __name__ == "__main__":
    main()

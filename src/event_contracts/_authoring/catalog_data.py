"""What both catalog pages show, computed once: modules, edges between them, a timeline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from event_contracts._schema.model import Catalog, EventType

UNCOMMITTED = "not committed yet"


@dataclass(frozen=True, slots=True)
class Edge:
    producer: str
    subscriber: str
    events: tuple[str, ...]
    """Event type ids published by `producer` and consumed by `subscriber`, sorted."""


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    entries: tuple[tuple[str, int], ...]
    """(event type id, version number), sorted."""


@dataclass(frozen=True, slots=True)
class CatalogView:
    catalog: Catalog
    modules: tuple[str, ...]
    """Every module that produces or consumes something, sorted."""
    by_module: Mapping[str, tuple[EventType, ...]]
    superseded_by: Mapping[str, tuple[str, ...]]
    edges: tuple[Edge, ...]
    timeline: tuple[Period, ...]
    dated: bool
    """True when the timeline uses git commit dates, False for version order."""
    dates: Mapping[tuple[str, int], str]

    @property
    def types(self) -> tuple[EventType, ...]:
        return tuple(self.catalog)

    def version_count(self) -> int:
        return sum(len(t.versions) for t in self.catalog)


def build_view(catalog: Catalog, file_dates: Mapping[Path, str] | None = None) -> CatalogView:
    """`file_dates`: first-commit date per schema file (absolute paths); None or empty: no git."""
    by_module: dict[str, list[EventType]] = defaultdict(list)
    superseded: dict[str, list[str]] = defaultdict(list)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    modules: set[str] = set()
    for t in catalog:
        by_module[t.module].append(t)
        modules.add(t.module)
        if t.supersedes:
            superseded[t.supersedes].append(t.id)
        for sub in t.subscribers:
            modules.add(sub)
            pairs[(t.module, sub)].append(t.id)
    edges = tuple(Edge(p, s, tuple(sorted(ev))) for (p, s), ev in sorted(pairs.items()))
    dates: dict[tuple[str, int], str] = {}
    if file_dates:
        for t in catalog:
            for v in t.versions:
                d = file_dates.get(v.source.resolve())
                if d:
                    dates[(t.id, v.number)] = d
    return CatalogView(
        catalog=catalog,
        modules=tuple(sorted(modules)),
        by_module={m: tuple(ts) for m, ts in sorted(by_module.items())},
        superseded_by={k: tuple(sorted(v)) for k, v in sorted(superseded.items())},
        edges=edges,
        timeline=_timeline(catalog, dates, bool(file_dates)),
        dated=bool(file_dates),
        dates=dates,
    )


def _timeline(
    catalog: Catalog, dates: Mapping[tuple[str, int], str], dated: bool
) -> tuple[Period, ...]:
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for t in catalog:
        for v in t.versions:
            key = dates.get((t.id, v.number), UNCOMMITTED) if dated else f"v{v.number}"
            groups[key].append((t.id, v.number))

    def order(label: str) -> tuple[int, str]:
        if dated:
            return (1, label) if label == UNCOMMITTED else (0, label)
        return (int(label[1:]), "")

    return tuple(Period(k, tuple(sorted(groups[k]))) for k in sorted(groups, key=order))

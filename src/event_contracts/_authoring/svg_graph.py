"""The module graph drawn as inline SVG (no script, no CDN): modules on a circle, one curved
arrow per producer → subscriber pair, its events in a tooltip and a label."""

from __future__ import annotations

import math
from html import escape

from event_contracts._authoring.catalog_data import CatalogView

PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)
WIDTH, HEIGHT = 760, 620
NODE_H = 30


def _f(x: float) -> str:
    return f"{x:.1f}"


def render_svg(view: CatalogView) -> str:
    n = max(len(view.modules), 1)
    cx, cy = WIDTH / 2, HEIGHT / 2
    radius = min(WIDTH, HEIGHT) / 2 - 70
    pos: dict[str, tuple[float, float]] = {}
    for i, m in enumerate(view.modules):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        pos[m] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    colour = {m: PALETTE[i % len(PALETTE)] for i, m in enumerate(view.modules)}
    index = {m: i for i, m in enumerate(view.modules)}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" class="graph" '
        'aria-label="Modules and the events between them">',
        "<defs>",
    ]
    for m in view.modules:
        out.append(
            f'<marker id="arrow-{index[m]}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" '
            f'fill="{colour[m]}"/></marker>'
        )
    out.append("</defs>")
    for e in view.edges:
        (x1, y1), (x2, y2) = pos[e.producer], pos[e.subscriber]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        # Bow each arrow to its right, so A→B and B→A do not overlap.
        qx, qy = (
            (x1 + x2) / 2 + dy / length * 0.18 * length,
            (y1 + y2) / 2 - dx / length * 0.18 * length,
        )
        sx, sy = _towards(x1, y1, qx, qy, NODE_H * 0.9)
        ex, ey = _towards(x2, y2, qx, qy, NODE_H * 0.9)
        mx, my = 0.25 * sx + 0.5 * qx + 0.25 * ex, 0.25 * sy + 0.5 * qy + 0.25 * ey
        names = ", ".join(ev.split(".", 1)[1] for ev in e.events)
        title = escape(f"{e.producer} → {e.subscriber}: {names}")
        out.append(
            f'<g class="edge" data-from="{escape(e.producer)}" data-to="{escape(e.subscriber)}">'
            f"<title>{title}</title>"
            f'<path d="M{_f(sx)},{_f(sy)} Q{_f(qx)},{_f(qy)} {_f(ex)},{_f(ey)}" fill="none" '
            f'stroke="{colour[e.producer]}" stroke-width="{_f(1.2 + 0.6 * len(e.events))}" '
            f'stroke-opacity="0.75" marker-end="url(#arrow-{index[e.producer]})"/>'
            f'<circle cx="{_f(mx)}" cy="{_f(my)}" r="8" fill="#fff" stroke="{colour[e.producer]}"/>'
            f'<text x="{_f(mx)}" y="{_f(my + 3.5)}" text-anchor="middle" font-size="10">'
            f"{len(e.events)}</text></g>"
        )
    for m in view.modules:
        x, y = pos[m]
        w = 16 + 7.5 * len(m)
        produced = len(view.by_module.get(m, ()))
        title = escape(f"{m}: publishes {produced} event type(s)")
        out.append(
            f'<g class="node" data-module="{escape(m)}"><title>{title}</title>'
            f'<rect x="{_f(x - w / 2)}" y="{_f(y - NODE_H / 2)}" width="{_f(w)}" height="{NODE_H}" '
            f'rx="8" fill="#fff" stroke="{colour[m]}" stroke-width="2"/>'
            f'<text x="{_f(x)}" y="{_f(y + 4.5)}" text-anchor="middle" font-size="13">'
            f"{escape(m)}</text></g>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _towards(x: float, y: float, tx: float, ty: float, dist: float) -> tuple[float, float]:
    """The point `dist` from (x, y) in the direction of (tx, ty): arrows stop at the node."""
    dx, dy = tx - x, ty - y
    d = math.hypot(dx, dy) or 1.0
    return x + dx / d * dist, y + dy / d * dist

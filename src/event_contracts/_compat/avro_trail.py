"""Where the walker is: a linked trail of steps, turned into words and pointers only on demand.

Building strings for every position would dominate a check that finds nothing, so the walker
threads cheap tuples and a finding materialises them:

    trail := None | (parent trail, step)
    step  := ("field", reader record, reader field, writer field)   # absolute reader position
             (fields as `avro_nodes.FieldRef`: name, type node, index)
           | ("items",) | ("values",)                               # both sides descend
           | ("rbranch", k)                                         # reader union branch k
           | ("wbranch", i, branch type name)                       # writer union branch i
"""

from __future__ import annotations

from typing import Any

from event_contracts._schema.jsonpos import escape

Trail = tuple[Any, tuple[Any, ...]] | None


def steps(trail: Trail) -> list[tuple[Any, ...]]:
    out = []
    while trail is not None:
        trail, step = trail
        out.append(step)
    out.reverse()
    return out


def pointer(trail: Trail, base: str = "") -> str:
    """JSON pointer into the reader schema; a field step restarts at its record's definition."""
    if trail is not None and trail[1][0] == "field":  # the usual place: a field's own type
        step = trail[1]
        return f"{step[1].pointer}/fields/{step[2][2]}/type"
    tokens: list[str] = []
    while trail is not None:
        trail, step = trail
        kind = step[0]
        if kind == "field":
            return f"{step[1].pointer}/fields/{step[2][2]}/type" + "".join(reversed(tokens))
        if kind in ("items", "values"):
            tokens.append(f"/{kind}")
        elif kind == "rbranch":
            tokens.append(f"/{step[1]}")
    return base + "".join(reversed(tokens))


def where(trail: Trail) -> str:
    """How a message names the position: field `Order.lines[].sku`, or the top-level type."""
    suffix = ""
    while trail is not None:
        trail, step = trail
        kind = step[0]
        if kind == "field":
            return f"field `{step[1].short}.{escape(step[2][0])}{suffix}`"
        if kind == "items":
            suffix = "[]" + suffix
        elif kind == "values":
            suffix = "{}" + suffix
    return "the top-level type" + (f" `{suffix}`" if suffix else "")


def writer_path(trail: Trail) -> tuple[tuple[Any, ...], ...]:
    """The steps from the writer's root to the position, for building a counterexample:
    ("field", writer name, reader name), ("items",), ("values",), ("branch", i, name)."""
    out: list[tuple[Any, ...]] = []
    for step in steps(trail):
        kind = step[0]
        if kind == "field":
            out.append(("field", step[3][0], step[2][0]))
        elif kind in ("items", "values"):
            out.append((kind,))
        elif kind == "wbranch":
            out.append(("branch", step[1], step[2]))
    return tuple(out)

"""Where a gate run spends its time (git, loading, checks), for `bench/gate.py` and `--timings`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

SPENT: dict[str, float] = {}


def reset() -> None:
    SPENT.clear()


@contextmanager
def phase(name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        SPENT[name] = SPENT.get(name, 0.0) + time.perf_counter() - start

"""The proof's fallback for schemas `examples.sampler` does not cover: examples drawn by
hypothesis from `event_contracts.testing.payloads`, seeded, up to a batch per engine call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import FlakyStrategyDefinition, Unsatisfiable

from event_contracts.testing import payloads

BATCH = 10


def strategy_for(event_type: str, version: int, package: str) -> st.SearchStrategy[Any] | None:
    try:
        strategy = payloads(event_type, version, package=package)
    except Exception:  # a schema the strategies cannot cover
        return None
    return None if strategy.is_empty else strategy  # e.g. a record that must contain itself


def draw_examples(
    strategy: st.SearchStrategy[Any],
    seed_value: int,
    examples: int,
    run_one: Callable[[Any], None],
    finished: Callable[[], bool],
) -> bool:
    """Feed drawn payloads to `run_one` until `finished()`; False if none could be drawn.

    Up to BATCH examples per engine call (hypothesis' cost per test case, not per value,
    dominates small payloads), drawn one by one so that stopping costs nothing: ending with
    an exception would make hypothesis replay and pretty-print the "failing" example."""
    done: list[bool] = []

    @seed(seed_value)
    @settings(
        max_examples=-(-examples // BATCH) + 2,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        for _ in range(BATCH):
            if done or finished():
                done.append(True)
                return
            run_one(data.draw(strategy))

    try:
        run()
    except FlakyStrategyDefinition:
        if not done:
            raise
        # Hypothesis noticed that a test case stopped drawing once the budget was spent.
    except Unsatisfiable:  # no example fits hypothesis' buffer (a huge schema): none ran
        return False
    return True

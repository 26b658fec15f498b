"""Cache-filling work split with a forked helper process: a cold run on two cores.

A cold `generate` at 5,000 types spends about 7 s of CPU checking, rendering and compiling
each version file. Every one of those results is remembered by content (the schema cache,
the render pack), so the work can be shared without sharing a decision: a helper forked from
the CLI computes the results for half the items while the CLI computes the other half, sends
back what it put in the cache, and the ordinary run that follows finds everything cached.
A result the helper did not send (it failed, was killed, met a broken file) is computed by
the ordinary run, which reports problems as ever: the helper can cost time, never change an
outcome.

Only where `fork` is cheap and safe: on Linux, in a CLI command (`allowed`), with one
thread. A library call never forks the caller's process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from event_contracts._schema import cache

T = TypeVar("T")
R = TypeVar("R")

_allowed = False


def allowed() -> contextlib.AbstractContextManager[None]:
    """Let this process fork helpers while the block runs (the CLI's command)."""
    return _allowing(True)


@contextlib.contextmanager
def _allowing(value: bool) -> Iterator[None]:
    global _allowed
    before, _allowed = _allowed, value
    try:
        yield
    finally:
        _allowed = before


def available() -> bool:
    """True where `in_two` would fork: the CLI on Linux, two cores or more, one thread."""
    return (
        _allowed
        and sys.platform == "linux"
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1
    )


def in_two(items: Sequence[T], work: Callable[[Sequence[T]], R]) -> list[R]:
    """`work` on every other item here and on the rest in a helper; the results of both, the
    helper's cache entries kept here. Only this process's result when the helper failed."""
    global _allowed
    if not available() or len(items) < 2:
        return [work(items)]
    known = cache.current()
    known.preload()  # read once, before the fork: the helper shares the pages
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the helper's side (its effects are what tests see)
        _allowed = False  # a helper forks no helper of its own
        os.close(read)
        _helper(write, lambda: (known.journal(), work(items[1::2])))
    os.close(write)
    data = None
    try:
        with _allowing(False):  # the work already shares the cores
            mine = work(items[0::2])
        data = _read_all(read)
    finally:
        os.close(read)
        if data is None:  # this side failed: the helper's half is not wanted either
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    try:
        entries, theirs = pickle.loads(data)
    except Exception:  # a helper that died halfway: its half is computed later
        return [mine]
    for key, value in entries.items():
        known.keep(key, value)
    return [mine, theirs]


def _helper(fd: int, run: Callable[[], tuple[dict[str, Any], Any]]) -> None:  # pragma: no cover
    """Run, send the pickled result, and leave without the parent's exit handlers (no cache
    save, no flushed output)."""
    try:
        journal, result = run()
        data = pickle.dumps((journal, result), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:  # whatever happens, the parent computes it again
        pass
    finally:
        os._exit(0)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)

"""Hand-written upcasters and the chain they form with schema resolution.

An upcaster is a pure function over plain data for one step of one event type (`from_version`
-> `to_version`), or, with `target_type`, one step across `supersedes` (the last version of the
old type -> a version of the new type). Between steps, schema resolution fills the gaps; a
hand-written step overrides resolution for its hop.

The chain is checked when first built for a package: a step naming an unknown type or version,
a step going backwards (a cycle), two steps for the same hop, or a cross-type step that leaves
later versions of the old type stranded (a gap) breaks the event type the step starts from.
Its first encode or decode raises `UpcastChainError` naming the type and versions; every other
type of the package keeps working.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from event_contracts._runtime.schemas import SCHEMAS_DIR, PackageSchemas
from event_contracts._runtime.upcast_check import ChainProblem, step_problem, successors
from event_contracts.errors import UpcastChainError, UpcastError

Payload = dict[str, Any]
UpcastFn = Callable[[Payload], Payload]
F = TypeVar("F", bound=UpcastFn)


@dataclass(frozen=True, slots=True)
class Step:
    """One registered upcaster."""

    event_type: str
    from_version: int
    target_type: str
    to_version: int
    fn: UpcastFn

    @property
    def crosses(self) -> bool:
        return self.target_type != self.event_type

    @property
    def package(self) -> str:
        return str(getattr(self.fn, "__module__", "") or "").split(".", 1)[0]

    def __str__(self) -> str:
        return (
            f"{self.event_type} v{self.from_version} -> {self.target_type} v{self.to_version} "
            f"({getattr(self.fn, '__qualname__', self.fn)!s})"
        )


@dataclass(frozen=True, slots=True)
class Hop:
    """One stage of a decoding path: schema resolution, or a hand-written step."""

    kind: Literal["resolve", "step"]
    event_type: str
    from_version: int
    to_version: int
    step: Step | None = None


class UpcasterRegistry:
    """Where upcasters register; the default one backs `event_contracts.upcaster`."""

    def __init__(self) -> None:
        self._steps: list[Step] = []
        self._generation = 0
        self._chains: dict[str, tuple[int, Chain]] = {}
        self._lock = threading.Lock()

    def upcaster(
        self,
        event_type: str,
        from_version: int,
        to_version: int,
        *,
        target_type: str | None = None,
    ) -> Callable[[F], F]:
        """Register the decorated function as the step `from_version` -> `to_version`."""

        def register(fn: F) -> F:
            self.register(event_type, from_version, to_version, fn, target_type=target_type)
            return fn

        return register

    def register(
        self,
        event_type: str,
        from_version: int,
        to_version: int,
        fn: UpcastFn,
        *,
        target_type: str | None = None,
    ) -> Step:
        for label, value in (("from_version", from_version), ("to_version", to_version)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise UpcastChainError(
                    f"upcaster for {event_type}: {label} must be a version number >= 1, "
                    f"not {value!r}",
                    event_type=event_type,
                )
        if not callable(fn):
            raise UpcastChainError(f"upcaster for {event_type} is not callable: {fn!r}")
        step = Step(event_type, from_version, target_type or event_type, to_version, fn)
        with self._lock:
            self._steps.append(step)
            self._generation += 1
        return step

    def unregister(self, fn: UpcastFn) -> None:
        """Remove every step backed by `fn` (for tests)."""
        with self._lock:
            self._steps = [s for s in self._steps if s.fn is not fn]
            self._generation += 1

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)

    def chain(self, schemas: PackageSchemas) -> Chain:
        """The validated chain for one package (built once per set of registered steps)."""
        cached = self._chains.get(schemas.package)
        if cached is not None and cached[0] == self._generation:
            return cached[1]
        with self._lock:
            generation, steps = self._generation, list(self._steps)
        chain = Chain.build(schemas, steps)
        self._chains[schemas.package] = (generation, chain)
        return chain


class Chain:
    """The valid steps that concern one package, indexed by hop, and the problems of the rest."""

    def __init__(
        self,
        schemas: PackageSchemas,
        by_hop: dict[tuple[str, int], Step],
        problems: tuple[ChainProblem, ...] = (),
    ) -> None:
        self.schemas = schemas
        self.by_hop = by_hop
        self.problems = problems
        self._broken: dict[str, list[ChainProblem]] = {}
        for p in problems:
            self._broken.setdefault(p.event_type, []).append(p)

    @classmethod
    def build(cls, schemas: PackageSchemas, steps: list[Step]) -> Chain:
        """Never raises: a broken step breaks the type it starts from (see `check`)."""
        catalog = schemas.catalog.event_types
        relevant = [s for s in steps if _applies(s, schemas.package, catalog)]
        problems: list[ChainProblem] = []
        by_hop: dict[tuple[str, int], Step] = {}
        for s in relevant:
            problem = step_problem(schemas, s)
            if problem is not None:
                problems.append(problem)
                continue
            other = by_hop.get((s.event_type, s.from_version))
            if other is not None:
                problems.append(
                    ChainProblem(
                        s.event_type,
                        s,
                        f"two upcasters for the same hop from {s.event_type} v{s.from_version}: "
                        f"{other} and {s}; keep one",
                        "delete one of the two steps",
                        "duplicate",
                    )
                )
                continue
            by_hop[(s.event_type, s.from_version)] = s
        chain = cls(schemas, by_hop)
        problems.extend(chain._cross_cycles())
        return cls(schemas, by_hop, tuple(problems))

    def check(self, *type_ids: str, raw: bytes | None = None) -> None:
        """Raise `UpcastChainError` if a step of one of these event types is broken."""
        found = [p for t in type_ids for p in self._broken.get(t, ())]
        if found:
            raise _chain_error(self.schemas.package, found, raw)

    def verify(self) -> None:
        """Raise `UpcastChainError` if any step of the package is broken (for tests)."""
        if self.problems:
            raise _chain_error(self.schemas.package, list(self.problems), None)

    def _cross_cycles(self) -> Iterator[ChainProblem]:
        crossing = {s.event_type: s for s in self.by_hop.values() if s.crosses}
        for start in crossing:
            seen = {start}
            at = start
            while at in crossing:
                at = crossing[at].target_type
                if at in seen:
                    yield ChainProblem(
                        start,
                        crossing[start],
                        f"upcasters across types loop back to {at}",
                        "delete the step that closes the loop",
                        "cycle",
                    )
                    break
                seen.add(at)

    def path(self, src: tuple[str, int], dst: tuple[str, int], raw: bytes | None) -> list[Hop]:
        """The hops from the writer's (type, version) to the reader's, or UpcastError."""
        (src_type, src_v), (dst_type, dst_v) = src, dst
        self.check(src_type, dst_type, raw=raw)
        hops: list[Hop] = []
        at_type, at_v = src_type, src_v
        seen = {at_type}
        while at_type != dst_type:
            cross = next(
                (s for s in self.by_hop.values() if s.crosses and s.event_type == at_type), None
            )
            if cross is None or cross.target_type in seen:
                raise UpcastError(
                    f"no path from {src_type} v{src_v} to {dst_type} v{dst_v}: "
                    + (
                        f"{at_type} has no upcaster to the type that supersedes it"
                        if dst_type in successors(self.schemas, at_type)
                        else f"{dst_type} does not supersede {at_type} (directly or not)"
                    ),
                    event_type=src_type,
                    from_version=src_v,
                    to_version=dst_v,
                    raw=raw,
                )
            if at_v > cross.from_version:
                raise UpcastError(
                    f"no path from {src_type} v{at_v}: the upcaster to {cross.target_type} starts "
                    f"at v{cross.from_version}",
                    event_type=src_type,
                    from_version=src_v,
                    to_version=dst_v,
                    raw=raw,
                )
            hops.extend(self._within(at_type, at_v, cross.from_version))
            hops.append(Hop("step", at_type, cross.from_version, cross.to_version, cross))
            at_type, at_v = cross.target_type, cross.to_version
            self.check(at_type, raw=raw)
            seen.add(at_type)
        if at_v > dst_v:
            hops.append(Hop("resolve", at_type, at_v, dst_v))  # downcast: resolution only
        else:
            hops.extend(self._within(at_type, at_v, dst_v))
        return hops

    def _within(self, event_type: str, start: int, end: int) -> list[Hop]:
        hops: list[Hop] = []
        v = start
        while v < end:
            step = self.by_hop.get((event_type, v))
            if step is not None and not step.crosses and step.to_version <= end:
                hops.append(Hop("step", event_type, v, step.to_version, step))
                v = step.to_version
                continue
            nxt = v + 1
            while nxt < end and (event_type, nxt) not in self.by_hop:
                nxt += 1
            hops.append(Hop("resolve", event_type, v, nxt))
            v = nxt
        return hops


def _applies(step: Step, package: str, catalog: Any) -> bool:
    """A step belongs to the package that ships it; a step from elsewhere (a service's own
    module, a test) applies to the types it names, unless another contracts package ships it."""
    if step.package == package:
        return True
    return step.event_type in catalog and not _is_contracts_package(step.package)


def _is_contracts_package(name: str) -> bool:
    if not name:
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    return any((Path(folder) / SCHEMAS_DIR).is_dir() for folder in locations)


def _chain_error(package: str, found: list[ChainProblem], raw: bytes | None) -> UpcastChainError:
    first = found[0]
    more = "".join(f"\n  {p.message}" for p in found[1:])
    return UpcastChainError(
        f"broken upcaster chain in package {package!r}: {first.message}{more}",
        event_type=first.step.event_type,
        from_version=first.step.from_version,
        to_version=first.step.to_version,
        raw=raw,
    )


DEFAULT_REGISTRY = UpcasterRegistry()


def upcaster(
    event_type: str,
    from_version: int,
    to_version: int,
    *,
    target_type: str | None = None,
) -> Callable[[F], F]:
    """Register a hand-written step: a pure function from one version's dict to the next's.

    `target_type` makes it a step across `supersedes` (from the last version of `event_type`
    to `to_version` of the type that supersedes it).
    """
    registry = _COLLECTING[-1] if _COLLECTING else DEFAULT_REGISTRY
    return registry.upcaster(event_type, from_version, to_version, target_type=target_type)


_COLLECTING: list[UpcasterRegistry] = []


@contextmanager
def collecting(registry: UpcasterRegistry) -> Iterator[UpcasterRegistry]:
    """Within the block, `@upcaster` registers into `registry` instead of the default one
    (the gate loads a working tree's upcasters this way, apart from the process's own)."""
    _COLLECTING.append(registry)
    try:
        yield registry
    finally:
        _COLLECTING.pop()

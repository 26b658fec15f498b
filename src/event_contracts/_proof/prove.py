"""Encode generated examples with each writer class; decode them into every reader the mode
promises, through the real runtime and the working tree's upcasters.

Readers of a writer version: newer versions for BACKWARD, older for FORWARD, both for FULL (all
of them when transitive, the neighbour otherwise), and every version of each type that
supersedes it. Examples are drawn from the writer's schema (`examples.sampler`; hypothesis and
`event_contracts.testing.payloads` for what it does not cover), seeded from the writer's
fingerprint, so a run is reproducible. For Avro, when no upcaster is on the path, the decoded
event must equal fastavro's resolving read of the same bytes (compared as the reader's
bytes). A step that refuses an input by raising `UpcastError` (the convention
`verify_upcasters` allows) is not a failure: decode dead-letters such events by design.
Each type gets `Budget.seconds`, shared by its writer versions and counted after the warm-up
(each pair's first example, which imports classes and compiles decode plans); a pair stops at
its first failure or after `Budget.examples` examples.
"""

from __future__ import annotations

import hashlib
import io
import random
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastavro import parse_schema, schemaless_reader, schemaless_writer

from event_contracts._compat.model import Finding
from event_contracts._gate.model import CheckCase
from event_contracts._gate.union_order import shadowing
from event_contracts._proof.budget import Budget
from event_contracts._proof.examples import NoValue, sampler
from event_contracts._proof.jsonable import jsonable
from event_contracts._runtime import framing as fr
from event_contracts._runtime.base import IntegrationEvent
from event_contracts._runtime.decode import decode
from event_contracts._runtime.encode import avro_payload, class_info, encode
from event_contracts._runtime.schemas import PackageSchemas, for_package
from event_contracts._runtime.upcast import Chain, Hop, UpcasterRegistry
from event_contracts._schema.model import EventType
from event_contracts.errors import ContractError, EventError, UpcastError

CASE = "data proof"
Key = tuple[str, int]


@dataclass
class Stats:
    budget: Budget
    types: list[str] = field(default_factory=list)
    pairs: int = 0
    examples: int = 0
    """Decodes run: one per example per reader."""
    failed: int = 0
    not_run: int = 0
    """Pairs left out, for either reason below."""
    broken_chain: int = 0
    """Pairs left out because the upcaster chain has no path (its own finding says so)."""
    no_example: list[dict[str, Any]] = field(default_factory=list)
    """Writer versions none of whose pairs ran an example: `event_type`, `version`, `pairs`
    (how many were left out) and `reason`."""
    seconds: float = 0.0

    def skip(self, writer: Key, pairs: int, reason: str) -> None:
        """`pairs` of `writer` ran no example, for `reason`."""
        self.not_run += pairs
        self.no_example.append(
            {"event_type": writer[0], "version": writer[1], "pairs": pairs, "reason": reason}
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "types": list(self.types),
            "pairs": self.pairs,
            "examples": self.examples,
            "failed": self.failed,
            "not_run": self.not_run,
            "not_run_broken_chain": self.broken_chain,
            "not_run_no_example": self.not_run - self.broken_chain,
            "no_example": [dict(u) for u in self.no_example],
            "seconds": round(self.seconds, 3),
            "budget_seconds_per_type": self.budget.seconds,
            "max_examples_per_pair": self.budget.examples,
        }


@dataclass
class _Pair:
    reader: Key
    hops: list[Hop]
    count: int = 0
    compare: bool | None = None  # whether fastavro is a reference for this reader (once)
    parsed: tuple[Any, Any] | None = None  # (writer, reader) as fastavro parsed them, once
    cls: type[IntegrationEvent] | None = None  # the reader's class, looked up once


def prove(
    package: str,
    types: Iterable[EventType],
    registry: UpcasterRegistry,
    budget: Budget,
    *,
    where: Mapping[Key, str],
    known: Collection[tuple[Key, Key]] = (),
    fresh: Collection[Key] | None = None,
) -> tuple[list[CheckCase], Stats]:
    """`types`: the event types to prove (as writers); `where`: version -> file for findings;
    `known`: (writer, reader) pairs the verdict already reports as breaking (not proved);
    `fresh`: the versions the change adds or edits (None: all). A pair of two other versions
    is proved only when a hand-written step is on its path (upcasters may have changed):
    plain resolution between published versions was proved when they were added."""
    stats = Stats(budget)
    schemas = for_package(package)
    chain = registry.chain(schemas)
    cases: list[CheckCase] = []
    start = time.perf_counter()
    for t in sorted(types, key=lambda t: t.id):
        stats.types.append(t.id)
        findings: list[Finding] = []
        work = [
            (v.number, _pairs(schemas, chain, t, v.number, stats, known, fresh)) for v in t.versions
        ]
        work = [(n, pairs) for n, pairs in work if pairs]
        for number, pairs in work:
            findings += _prove_writer(
                schemas,
                registry,
                (t.id, number),
                pairs,
                budget,
                budget.seconds / len(work),
                stats,
                where.get((t.id, number)),
            )
        cases.append(CheckCase(t.id, CASE, tuple(findings)))
    stats.seconds = time.perf_counter() - start
    return cases, stats


def readers(schemas: PackageSchemas, t: EventType, number: int) -> list[Key]:
    """Every (type, version) the mode and `supersedes` promise can read `t` v`number`."""
    out: list[Key] = []
    numbers = [v.number for v in t.versions]
    for direction in t.mode.directions:
        later = direction == "backward"
        others = [n for n in numbers if (n > number if later else n < number)]
        if not t.mode.transitive:
            others = others[:1] if later else others[-1:]
        out += [(t.id, n) for n in others]
    seen = {t.id}
    at = t.id
    while at in schemas.superseded_by and schemas.superseded_by[at] not in seen:
        at = schemas.superseded_by[at]
        seen.add(at)
        out += [(at, v.number) for v in schemas.event_type(at).versions]
    return out


def _pairs(
    schemas: PackageSchemas,
    chain: Chain,
    t: EventType,
    number: int,
    stats: Stats,
    known: Collection[tuple[Key, Key]],
    fresh: Collection[Key] | None,
) -> list[_Pair]:
    pairs = []
    writer = (t.id, number)
    for reader in readers(schemas, t, number):
        if (writer, reader) in known:
            continue
        try:
            hops = chain.path(writer, reader, None)
        except ContractError:
            stats.not_run += 1  # a broken chain: its own finding says so
            stats.broken_chain += 1
            continue
        if any(
            ((h.event_type, h.from_version), (h.event_type, h.to_version)) in known
            for h in hops
            if h.step is None
        ):
            continue  # the verdict reports this resolution as breaking already
        settled = fresh is not None and writer not in fresh and reader not in fresh
        if settled and all(h.step is None for h in hops):
            continue
        pairs.append(_Pair(reader, hops))
    return pairs


def _prove_writer(
    schemas: PackageSchemas,
    registry: UpcasterRegistry,
    writer: Key,
    pairs: list[_Pair],
    budget: Budget,
    share: float,
    stats: Stats,
    file: str | None,
) -> list[Finding]:
    """Run examples of `writer` into `pairs` for `share` seconds, counted once every pair has
    run its first example (the warm-up: importing classes, compiling decode plans)."""
    wt, wv = writer
    version = schemas.version(wt, wv)
    cls = schemas.class_for(wt, wv)
    sample = sampler(version.format, version.schema)
    strategy = None
    why = "neither the proof's sampler nor hypothesis can draw a value of its schema"
    if sample is None:  # a schema only hypothesis' strategies cover (or none does)
        try:
            from event_contracts._proof.drawn import strategy_for
        except ImportError:
            strategy_for = None  # type: ignore[assignment]  # hypothesis is not installed
            why = (
                "its schema needs hypothesis, which is not installed "
                "(pip install 'event-contracts[tools]')"
            )
        if strategy_for is not None:
            strategy = strategy_for(wt, wv, schemas.package)
    if cls is None:
        stats.skip(writer, len(pairs), "it has no generated class")
        return []
    if sample is None and strategy is None:
        stats.skip(writer, len(pairs), why)
        return []
    live = {p.reader: p for p in pairs}
    findings: list[Finding] = []
    clock: list[float] = []  # when this writer's share of the budget ends, once warmed up
    seed = int.from_bytes(hashlib.sha256(version.fingerprint.encode()).digest()[:8], "big")

    def _finished() -> bool:
        if not live:
            return True
        if not clock:
            if all(p.count for p in live.values()):
                clock.append(time.perf_counter() + share)
            return False
        return time.perf_counter() > clock[0]

    def _example(payload: dict[str, Any]) -> None:
        try:
            data = encode(cls.model_validate(payload))
        except Exception:  # not an event the writer class accepts: not a consumer's problem
            return
        for key, pair in list(live.items()):
            pair.count += 1
            stats.examples += 1
            problem = _decode(schemas, registry, writer, pair, data, version.format)
            if problem is not None:
                stats.failed += 1
                del live[key]
                findings.append(_finding(writer, pair, payload, problem, file))
            elif pair.count >= budget.examples:
                del live[key]

    if sample is not None:
        drawn = _draw_direct(sample, seed, budget.examples, _example, _finished)
    else:
        from event_contracts._proof.drawn import draw_examples

        assert strategy is not None
        drawn = draw_examples(strategy, seed, budget.examples, _example, _finished)
    ran = sum(1 for p in pairs if p.count)
    stats.pairs += ran
    if ran < len(pairs):  # no example reached them: none could be drawn, or the class took none
        reason = (
            "no value fits its schema"
            if not drawn
            else "the writer class refused every example drawn from its schema"
        )
        stats.skip(writer, len(pairs) - ran, reason)
    return findings


def _draw_direct(
    sample: Callable[[random.Random, int], dict[str, Any]],
    seed: int,
    examples: int,
    run_one: Callable[[dict[str, Any]], None],
    finished: Callable[[], bool],
) -> bool:
    """As `drawn.draw_examples`, from the schema directly: at most as many attempts as
    hypothesis' engine calls would make; False if no example could be made."""
    rng = random.Random(seed)
    made = False
    for i in range(examples + 20):
        if finished():
            break
        try:
            payload = sample(rng, i)
        except NoValue:
            continue
        made = True
        run_one(payload)
    return made


def _decode(
    schemas: PackageSchemas,
    registry: UpcasterRegistry,
    writer: Key,
    pair: _Pair,
    data: bytes,
    fmt: str,
) -> tuple[str, Exception | None] | None:
    """None when the reader decodes `data`; else (where it failed, the exception)."""
    wt, wv = writer
    reader = pair.cls
    if reader is None:
        reader = pair.cls = schemas.class_for(*pair.reader)
        if reader is None:
            return None
    try:
        if fmt == "avro":
            event = decode(data, into=reader, upcasters=registry)
        else:
            event = decode(data, into=reader, event_type=wt, version=wv, upcasters=registry)
    except UpcastError as exc:
        if isinstance(exc.__cause__, UpcastError):
            return None  # the step refused an input its target cannot hold: a dead letter
        return _failing_hop(pair.hops, exc, writer, pair.reader), exc
    except Exception as exc:
        return _failing_hop(pair.hops, exc, writer, pair.reader), exc
    if fmt != "avro" or any(h.kind == "step" for h in pair.hops):
        return None
    reader_schema = schemas.avro(*pair.reader)
    if pair.compare is None:
        # a union listing a type before a narrower one promoting to it: fastavro moves a value
        # of the narrower type into the earlier branch, the runtime keeps it (as Java does),
        # so fastavro is no reference for this reader (`union_order`, docs/runtime.md)
        pair.compare = next(shadowing(reader_schema), None) is None
    if not pair.compare:
        return None
    offset = fr.read_header(data, "single-object").offset
    try:
        if pair.parsed is None:  # fastavro parses a schema given as a dict on every call
            pair.parsed = parse_schema(schemas.avro(wt, wv)), parse_schema(reader_schema)
        expected = schemaless_reader(io.BytesIO(data[offset:]), *pair.parsed)
        buf = io.BytesIO()
        schemaless_writer(buf, pair.parsed[1], expected)
    except Exception as exc:
        return "fastavro's resolving read (the runtime read it)", exc
    got = avro_payload(class_info(reader), event)
    if got != buf.getvalue():
        return (
            "comparison with fastavro's resolving read",
            ValueError(
                f"the runtime decoded {jsonable(event.model_dump())!r}, "
                f"fastavro read {jsonable(expected)!r}"
            ),
        )
    return None


def _failing_hop(hops: list[Hop], exc: Exception, writer: Key, reader: Key) -> str:
    if isinstance(exc, EventError):
        for h in hops:  # the runtime's message names the step that failed
            if h.step is not None and f"upcaster {h.step}" in str(exc):
                return f"the upcaster {h.step}"
    resolved = [
        f"{h.event_type} v{h.from_version} -> v{h.to_version}" for h in hops if h.step is None
    ]
    if resolved:
        return "schema resolution (" + ", ".join(resolved) + f") into {reader[0]} v{reader[1]}"
    return f"the reader class {reader[0]} v{reader[1]}"


def _finding(
    writer: Key, pair: _Pair, payload: Any, problem: tuple[str, Exception | None], file: str | None
) -> Finding:
    (wt, wv), (rt, rv) = writer, pair.reader
    where, exc = problem
    error = f"{type(exc).__name__}: {exc}" if exc is not None else "?"
    if len(error) > 600:
        error = error[:600] + "…"
    step = next((h.step for h in pair.hops if h.step and where == f"the upcaster {h.step}"), None)
    if step is not None:
        fix = (
            f"fix {where}: it must turn every {step.event_type} v{step.from_version} payload "
            f"into valid {step.target_type} v{step.to_version} data (or refuse with UpcastError)"
        )
    else:
        fix = (
            f"make {rt} v{rv} read {wt} v{wv} data as the verdict promised (a default the "
            "generated class fills, an optional field), or put the change in a new event type"
        )
    return Finding(
        rule="DATA_PROOF_FAILED",
        message=f"{wt} v{wv} data does not decode into {rt} v{rv}: {where} failed "
        f"after {pair.count} example(s): {error}",
        direction="backward" if rt != wt or rv > wv else "forward",
        fix=fix,
        counterexample=jsonable(payload),
        event_type=wt,
        old_version=wv,
        new_version=rv,
        file=file,
    )

"""Where the two sides come from: the working tree, and a base (git ref, folder, or none).

The base is read with `git archive` into a temporary folder, never by checking out. Both sides
load with `deep=False` (parse and fingerprint); only the versions that changed get the checks
`validate` adds (Avro's rules, the JSON Schema meta-schema), which keeps a large repository fast.
A file loaded before (the same git blob id at the same place) is not even read: its fingerprint
comes from the schema cache, its text from the disk only if a check asks for it (`stored.py`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from event_contracts._gate.gitbase import Fetched, base_catalog, base_ids, fetch
from event_contracts._gate.lockcheck import Lock
from event_contracts._gate.plan import TypeChange
from event_contracts._gate.timing import phase
from event_contracts._schema import avro as avro_schema
from event_contracts._schema import cache
from event_contracts._schema import jsonschema as json_schema
from event_contracts._schema.filehash import Folders, folder_ids
from event_contracts._schema.gitref import default_base, has_commits, repo_root, resolve_ref
from event_contracts._schema.jsonpos import positions
from event_contracts._schema.loader import scan
from event_contracts._schema.lock import LOCK_NAME
from event_contracts._schema.model import Catalog, Config, SchemaVersion
from event_contracts._schema.stored import check_kind
from event_contracts.errors import GitError, Problem, SchemaError

TOLERATED = frozenset({"VERSION_GAP"})
"""Problems the gate reports as findings itself (a gap is a deleted version)."""


@dataclass(frozen=True, slots=True)
class Base:
    catalog: Catalog | None
    lock: Lock | None
    label: str | None
    notes: tuple[str, ...] = field(default_factory=tuple)


def load_head(
    schemas: Path, config: Config, *, probe: BaseProbe | None = None
) -> tuple[Catalog, list[Problem]]:
    """The working tree's catalog; raises SchemaError for anything but tolerated problems.
    `probe`: told the files' blob ids as soon as they are known."""
    dirs: Folders = {}
    with phase("load head: file ids"):
        cache.current().preload()  # the scan needs it; read while git lists the files
        ids = folder_ids(schemas, dirs=dirs)
    if probe is not None:
        probe.head_ids(ids)
    with phase("load head: read what changed (parse, fingerprint)"):
        catalog, problems = scan(schemas, config=config, deep=False, ids=ids, dirs=dirs)
    fatal = [p for p in problems if p.code not in TOLERATED]
    if fatal:
        raise SchemaError(fatal)
    return catalog, problems


def deep_problems(
    changes: tuple[TypeChange, ...], *, everything: bool = False, head: Catalog | None = None
) -> list[Problem]:
    """What `validate` checks beyond the shallow load, for the new and edited versions (or
    all): the Avro specification's rules, the JSON Schema meta-schema. `head`: the catalog the
    versions come from; a file its blob id shows checked clean before is not read again."""
    problems: list[Problem] = []
    with phase("validate changed types"):
        for tc in changes:
            for vc in tc.versions:
                v = vc.head
                if v is None or (not everything and vc.status not in ("new", "edited")):
                    continue
                if head is not None and _clean_before(v, head):
                    continue
                if v.format == "avro":
                    problems += _avro_problems(v)
                    continue
                found = _meta_errors(v)
                for ptr, message in found:
                    line, column = positions(v.text).get(ptr, (None, None))
                    problems.append(
                        Problem(
                            "JSONSCHEMA_INVALID",
                            v.source,
                            f"invalid JSON Schema: {message}",
                            json_schema.meta_fix(message),
                            line=line,
                            column=column,
                            pointer=ptr,
                        )
                    )
    return problems


def _clean_before(v: SchemaVersion, head: Catalog) -> bool:
    """Whether the cache holds "no problem" for this very file (the entries `_meta_errors`
    and `_avro_problems` keep are keyed by the text's blob id, which git's index has)."""
    if not head.file_ids:
        return False
    try:
        rel = v.source.relative_to(head.root).as_posix()
    except ValueError:
        return False
    blob = head.file_ids.get(rel)
    kind = check_kind(v.format)
    return blob is not None and cache.current().find(f"{kind}:{blob}") == []


def _meta_errors(v: SchemaVersion) -> list[tuple[str, str]]:
    return cache.current().get(
        check_kind("jsonschema"),
        v.text,
        lambda: list(json_schema.meta_errors(v.schema)),
        cache.pairs,
    )


def _avro_problems(v: SchemaVersion) -> list[Problem]:
    issues = cache.current().get(
        check_kind("avro"),
        v.text,
        lambda: [(i.code, i.pointer, i.message, i.fix) for i in avro_schema.check(v.schema)],
        _issues,
    )
    found = positions(v.text) if issues else {}  # lines only for what is reported
    return [
        Problem(
            code,
            v.source,
            message,
            fix,
            line=found.get(pointer, (None, None))[0],
            column=found.get(pointer, (None, None))[1],
            pointer=pointer,
        )
        for code, pointer, message, fix in issues
    ]


def _issues(value: Any) -> list[tuple[str, str, str, str]]:
    """`decode` for cached Avro rule findings (the loader stores the same entries)."""
    return [(str(c), str(p), str(m), str(f)) for c, p, m, f in value]


class BaseProbe:
    """The base's git work, run in a thread while the head loads: git works, Python reads.
    First what needs nothing from the head (which commit; the blob ids of its files, `git
    ls-tree`); then, once the head's blob ids are known (`head_ids`), the changed folders and
    the lock file at the base (`gitbase.fetch`)."""

    def __init__(self, root: Path, schemas: Path, config: Config, against: str | None) -> None:
        self.against = against
        self._top: Path | None = None
        self._value: tuple[tuple[Path, str, str] | None, dict[str, str] | None] | None = None
        self._fetched: Fetched | None = None
        self._error: BaseException | None = None
        self._head: Mapping[str, str] | None = None
        self._head_known = threading.Event()
        self._thread: threading.Thread | None = None
        if against is not None and Path(against).is_dir():
            return  # a folder: nothing for git to do
        self._thread = threading.Thread(
            target=self._run, args=(root, schemas, config), name="event-contracts-base"
        )
        self._thread.start()

    def head_ids(self, ids: Mapping[str, str] | None) -> None:
        """The working tree's blob ids under the schemas folder (None: there will be none)."""
        if not self._head_known.is_set():
            self._head = ids
            self._head_known.set()

    def _run(self, root: Path, schemas: Path, config: Config) -> None:
        try:
            with phase("base (git, in the background: which commit, its files)"):
                with contextlib.suppress(GitError):
                    self._top = repo_root(root)
                found = _resolve(self._top, root, config, self.against)
                ids = None
                if found is not None:
                    repo, commit, _label = found
                    ids = base_ids(repo, commit, _rel(schemas, repo))
            self._value = (found, ids)
        except BaseException as exc:  # re-raised where the main thread asks for the result
            self._error = exc
            return
        if found is None or ids is None:
            return
        self._head_known.wait()
        if self._head is None:
            return
        # an error here is raised again where `base_catalog` runs these itself
        with (
            phase("base (git, in the background: the changed folders)"),
            contextlib.suppress(Exception),
        ):
            self._fetched = fetch(repo, commit, _rel(schemas, repo), self._head, ids)

    def result(
        self,
    ) -> tuple[tuple[Path, str, str] | None, dict[str, str] | None, Fetched | None]:
        """((repository, commit, label) or None without history, the base's blob ids, what
        was fetched for the head's ids)."""
        self.head_ids(None)  # a head loaded without telling its ids: nothing fetched for it
        if self._thread is not None:
            with phase("base (waiting for git)"):
                self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return (*self._value, self._fetched)

    def top(self) -> Path | None:
        """The top of the git work tree (None outside git, or when the base is a folder)."""
        self.join()
        return self._top

    def join(self) -> None:
        """Wait for the thread without raising (a run that stopped early)."""
        self.head_ids(None)  # a head that did not load: nothing to fetch for it
        if self._thread is not None:
            self._thread.join()


def _rel(schemas: Path, repo: Path) -> str:
    return schemas.resolve().relative_to(repo.resolve()).as_posix()


@contextmanager
def open_base(
    probe: BaseProbe,
    schemas: Path,
    config: Config,
    head: Catalog,
    head_lock: Lock | None,
) -> Iterator[Base]:
    """The base side, valid inside the `with` block (its files live in a temporary folder)."""
    against = probe.against
    if against is not None and Path(against).is_dir():
        folder = Path(against)
        if (folder / config.schemas).is_dir():
            folder = folder / config.schemas
        yield _load_base(folder, config, f"folder {against}")
        return
    found, at_base, fetched = probe.result()
    if found is None:
        yield Base(None, head_lock, None, (_NO_HISTORY,))
        return
    repo, commit, label = found
    rel = _rel(schemas, repo)
    with ExitStack() as stack:
        with phase("base (git, changed types)"):
            catalog, base_lock, exists = stack.enter_context(
                base_catalog(
                    repo, commit, rel, head, config, head_lock, base_files=at_base, fetched=fetched
                )
            )
        notes = () if exists else (f"{rel}/ does not exist at the base: every event type is new",)
        yield Base(catalog, base_lock, label, notes)


def _resolve(
    repo: Path | None, root: Path, config: Config, against: str | None
) -> tuple[Path, str, str] | None:
    """(repository, base commit, label); None when there is no git history to compare with.
    `repo`: the top of the work tree holding `root`, None outside git."""
    if repo is None:
        if against is not None:
            raise GitError(
                f"--against {against}: not a folder, and {root} is not inside a git "
                "repository to read a ref from"
            ) from None
        return None
    if against is not None:
        if against == "HEAD" and not has_commits(repo):
            return None  # the first commit (a pre-commit hook): nothing is published yet
        commit = resolve_ref(repo, against)
        return repo, commit, f"{against} ({commit[:10]})"
    if not has_commits(repo):
        return None
    commit = default_base(repo, config.main_branch)
    return repo, commit, f"the merge base {commit[:10]} of HEAD and {config.main_branch}"


_NO_HISTORY = (
    "no git history here: checked the lock file and each event type's own version chain only"
)


def _load_base(folder: Path, config: Config, label: str) -> Base:
    with phase("load base (parse, fingerprint)"):
        catalog, _problems = scan(folder, config=config, deep=False, ids=folder_ids(folder))
    # Base problems are not this change's fault; types that failed to load count as new.
    return Base(catalog, Lock.read(folder / LOCK_NAME), label)

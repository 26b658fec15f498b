"""The generated package around the version files: module `__init__`s, unions, the index.

<package>/<module>/__init__.py       lazy: latest version by type name, every version as <Name>V<n>
<package>/<module>/_<name>_v<n>.py   one event version and its nested types
<package>/<module>/_events.py        `AnyEvent`: union of the module's latest versions
<package>/_index.py                  (event type, version) ↔ class, by import path (lazy)
"""

from __future__ import annotations

import keyword
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from event_contracts._codegen import naming
from event_contracts._codegen.literals import py_str
from event_contracts._codegen.render import HEADER, import_line, import_names
from event_contracts._schema.model import EventType
from event_contracts.errors import CodegenError

UNION_NAME = "AnyEvent"


@dataclass(frozen=True, slots=True)
class VersionRef:
    type_id: str
    module: str
    event_name: str
    version: int
    fingerprint: str
    file_module: str  # `_product_added_v2`
    class_name: str  # `ProductAddedV2`
    latest: bool
    nested: tuple[str, ...] = ()  # the version file's other public classes (`SalesChannel`)


def public_names(refs: list[VersionRef]) -> dict[str, tuple[str, str]]:
    """Every public name of a module → (version file, class in it).

    The latest version of each type by the type's name, every version as `<Name>V<n>`; nested
    enums and records of a latest version by their own name (prefixed with the type's name
    when two types share it), and of every version as `<Name>V<n><Nested>`.
    """
    names: dict[str, tuple[str, str]] = {}
    for r in refs:
        names[r.class_name] = (r.file_module, r.class_name)
        if r.latest:
            names[r.event_name] = (r.file_module, r.class_name)
    names[UNION_NAME] = ("_events", UNION_NAME)
    latest = [r for r in refs if r.latest]
    uses = Counter(n for r in latest for n in set(r.nested))
    shared = {n for n, count in uses.items() if count > 1}
    for r in latest:
        for nested in r.nested:
            plain = f"{r.event_name}{nested}" if nested in shared or nested in names else nested
            names.setdefault(plain, (r.file_module, nested))
    for r in refs:
        for nested in r.nested:
            names.setdefault(f"{r.class_name}{nested}", (r.file_module, nested))
    return names


def module_init(package: str, module: str, source: str, refs: list[VersionRef]) -> str:
    lazy = public_names(refs)
    names = sorted(lazy, key=naming.isort_key)  # the order ruff (RUF022) wants in __all__
    # Type checkers see each name as an alias of its class in its version file: one import of
    # the version modules, so two versions' `SalesChannel`s never shadow each other.
    files = sorted({file for file, _ in lazy.values()} - {"_events"})
    checking = [
        *import_names(f"{package}.{module}", files, "    "),
        *import_line(f"{package}.{module}._events", UNION_NAME, "    "),
        "",
        *[f"    {n} = {lazy[n][0]}.{lazy[n][1]}" for n in names if n != UNION_NAME],
    ]
    lines = [
        HEADER.format(source=source),
        f'"""Events published by the `{module}` module: the latest version of each type by its',
        "name, every version as `<Name>V<n>`, and `AnyEvent`, the union of the latest versions.",
        "Nested enums and records: the latest version's by their own name, every version's as",
        "`<Name>V<n><Nested>`.",
        "",
        "Imports are lazy: naming one class imports only its own file.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "import typing as _t",
        "",
        "if _t.TYPE_CHECKING:",
        *checking,
        "",
        "__all__ = [",
        *[f"    {py_str(n)}," for n in names],
        "]",
        "",
        "_LAZY: dict[str, tuple[str, str]] = {",
        *[f"    {py_str(n)}: ({py_str('.' + lazy[n][0])}, {py_str(lazy[n][1])})," for n in names],
        "}",
        "",
        "# Type checkers see only the names above: a module `__getattr__` would make any name",
        "# (a typo too) importable for them.",
        "if not _t.TYPE_CHECKING:",
        "",
        "    def __getattr__(name: str) -> object:",
        "        try:",
        "            module, attr = _LAZY[name]",
        "        except KeyError:",
        "            raise AttributeError("
        + 'f"module {__name__!r} has no attribute {name!r}") from None',
        "        value = getattr(importlib.import_module(module, __name__), attr)",
        "        globals()[name] = value",
        "        return value",
        "",
        "",
        "def __dir__() -> list[str]:",
        "    return sorted(set(globals()) | set(__all__))",
    ]
    return "\n".join(lines) + "\n"


def module_events(package: str, module: str, source: str, refs: list[VersionRef]) -> str:
    latest = sorted((r for r in refs if r.latest), key=lambda r: r.class_name)
    imports: list[str] = []
    for r in sorted(latest, key=lambda r: r.file_module):
        imports += import_line(f"{package}.{module}.{r.file_module}", r.class_name)
    union = " | ".join(r.class_name for r in latest)
    lines = [
        HEADER.format(source=source),
        f'"""The union of the latest version of every `{module}` event, for `match` and typing."""',
        "",
        "from __future__ import annotations",
        "",
        "import typing as _t",
        "",
        *imports,
        "",
        f'__all__ = ["LATEST", "{UNION_NAME}"]',
        "",
        f"{UNION_NAME}: _t.TypeAlias = {union}",
        "",
        "LATEST: tuple[",
        *[f"    type[{r.class_name}]," for r in latest],
        "] = (",
        *[f"    {r.class_name}," for r in latest],
        ")",
    ]
    return "\n".join(lines) + "\n"


def index(package: str, source: str, refs: list[VersionRef]) -> str:
    ordered = sorted(refs, key=lambda r: (r.type_id, r.version))
    rows = []
    for r in ordered:
        fields = (r.type_id, str(r.version), r.fingerprint, f"{package}.{r.module}.{r.file_module}")
        if any(not f or f.split() != [f] for f in fields):  # names are checked: never happens
            raise CodegenError(f"{r.type_id} v{r.version}: a name with white space in it")
        line = " ".join(fields) + ":" + r.class_name + "\n"
        rows.append(f"    {py_str(line)}")
    lines = [
        HEADER.format(source=source),
        '"""Every generated event class by (event type, version), and back; imports lazily."""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from collections.abc import Mapping",
        "from types import MappingProxyType",
        "",
        "from event_contracts._runtime.base import IntegrationEvent",
        "from event_contracts.errors import UnknownEventTypeError, UnknownVersionError",
        "",
        '__all__ = ["BY_FINGERPRINT", "CLASSES", "LATEST", "class_for", "key_of"]',
        "",
        *(["_VERSIONS = (", *rows, ")"] if rows else ['_VERSIONS = ""']),
        '"""One line per version, in order: event type, version, fingerprint, "module:Class".',
        "A text, not a dict display: Python compiles and imports a long text at once, a long",
        'display entry by entry (slow, and memory-hungry, at thousands of versions)."""',
        "",
        '_ROWS = [line.split(" ") for line in _VERSIONS.splitlines()]',
        "",
        "CLASSES: Mapping[tuple[str, int], str] = MappingProxyType(",
        "    {(t, int(v)): where for t, v, _, where in _ROWS}",
        ")",
        '"""(event type, version) → "module:Class" of the generated class."""',
        "",
        "LATEST: Mapping[str, int] = MappingProxyType({t: int(v) for t, v, _, _ in _ROWS})",
        '"""Each event type\'s latest version (the rows are in version order)."""',
        "",
        "",
        "def _by_fingerprint() -> dict[str, tuple[str, int]]:",
        "    found: dict[str, tuple[str, int]] = {}",
        "    for t, v, fingerprint, _ in _ROWS:  # versions differing only in docs: the first",
        "        found.setdefault(fingerprint, (t, int(v)))",
        "    return found",
        "",
        "",
        "BY_FINGERPRINT: Mapping[str, tuple[str, int]] = MappingProxyType(_by_fingerprint())",
        "",
        "",
        "def class_for(event_type: str, version: int | None = None) -> type[IntegrationEvent]:",
        '    """The class of one version (default: the latest) of an event type."""',
        "    if event_type not in LATEST:",
        "        raise UnknownEventTypeError(",
        '            f"unknown event type {event_type!r}; known: {sorted(LATEST)}",',
        "            event_type=event_type,",
        "        )",
        "    number = LATEST[event_type] if version is None else version",
        "    try:",
        '        module, _, attr = CLASSES[(event_type, number)].partition(":")',
        "    except KeyError:",
        "        raise UnknownVersionError(",
        '            f"{event_type} has no version {number}; latest is {LATEST[event_type]}",',
        "            event_type=event_type,",
        "            to_version=number,",
        "        ) from None",
        "    cls: type[IntegrationEvent] = getattr(importlib.import_module(module), attr)",
        "    return cls",
        "",
        "",
        "def key_of(cls: type[IntegrationEvent]) -> tuple[str, int]:",
        '    """(event type, version) of a generated class."""',
        "    return cls.EVENT_TYPE, cls.EVENT_VERSION",
    ]
    return "\n".join(lines) + "\n"


def check_names(event: EventType) -> None:
    classes = {event.name} | {naming.version_class(event.name, v.number) for v in event.versions}
    if UNION_NAME in classes:
        raise CodegenError(f"{event.id}: the name {UNION_NAME} is reserved for the union")


def check_module(module: str, pkg: Path, refs: list[VersionRef]) -> None:
    if keyword.iskeyword(module) or keyword.issoftkeyword(module):
        raise CodegenError(f"module {module!r} is a Python keyword and cannot be a package")
    if (pkg / f"{module}.py").exists():
        raise CodegenError(f"{pkg / module}.py is hand-written and collides with module {module!r}")
    names: dict[str, str] = {}
    for r in refs:
        for name in (r.class_name, r.event_name) if r.latest else (r.class_name,):
            other = names.setdefault(name, r.type_id)
            if other != r.type_id:
                raise CodegenError(
                    f"{r.type_id} and {other} both want the name {module}.{name}; rename one"
                )

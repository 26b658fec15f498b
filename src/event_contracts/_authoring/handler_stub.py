"""`event-contracts new subscriber TYPE --module M`: a bus handler stub in M's handler folder."""

from __future__ import annotations

from pathlib import Path

from event_contracts._bus.coverage import handler_file
from event_contracts._schema.loader import load_catalog
from event_contracts._schema.model import Config
from event_contracts._schema.names import did_you_mean
from event_contracts.errors import UsageError

_TEMPLATE = '''\
"""{module}: handler of {type_id} ({doc})"""

from __future__ import annotations

from event_contracts.bus import subscriber
from {package}.{producer} import {name}


@subscriber({name}, module="{module}")
def handle(event: {name}) -> None:
    """React to {type_id}; delivered at least once, deduplicated by event id."""
    raise NotImplementedError("{module}: handle {type_id}")
'''


def new_subscriber(root: Path, config: Config, type_id: str, module: str) -> tuple[Path, list[str]]:
    """Write the stub (never overwriting); returns its path and notes for the user."""
    folder = config.handlers.get(module)
    if folder is None:
        raise UsageError(
            f"module {module!r} has no handler folder: add it under [tool.event-contracts], "
            f'e.g. handlers = {{ {module} = "src/{module}/handlers" }}'
        )
    catalog = load_catalog(root / config.schemas, config=config)
    event = catalog.event_types.get(type_id)
    if event is None:
        raise UsageError(
            f"unknown event type {type_id!r}" + did_you_mean(type_id, list(catalog.event_types))
        )
    path = handler_file(root, config, module, event)
    if path.exists():
        raise UsageError(f"{path} already exists; it is never overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    init = path.parent / "__init__.py"
    if not init.exists():
        init.write_text(f'"""{module}: bus handlers."""\n', encoding="utf-8")
        notes.append(f"created {init}")
    doc = event.description.split(". ")[0].rstrip(".").replace('"', "'")
    path.write_text(
        _TEMPLATE.format(
            module=module,
            type_id=type_id,
            doc=doc,
            package=config.package,
            producer=event.module,
            name=event.name,
        ),
        encoding="utf-8",
    )
    notes.append(f"import {path.stem} where {module} starts, so the handler registers")
    if module not in event.subscribers:
        notes.append(
            f"{module} is not among {type_id}'s subscribers: add it to {event.path / 'event.toml'}"
        )
    return path, notes

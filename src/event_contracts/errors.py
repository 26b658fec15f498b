"""The one error root of event-contracts, and its tree.

    ContractError                      every error this package raises
    ├── UsageError                     bad command-line usage or arguments (CLI exit 2)
    ├── ConfigError                    a broken `[tool.event-contracts]` table or `event.toml`
    ├── SchemaError                    schema files that cannot be loaded; carries every Problem
    ├── GitError                       a git ref that does not exist, a repository that is not one
    ├── CodegenError                   a schema that cannot become safe Python code
    ├── RegistryError                  a schema registry refused or failed (carries code and status)
    ├── BusError                       the event bus: unknown transport, missing extra, broker error
    └── EventError                     run time: carries event type, versions and the raw payload
        ├── UnknownEventTypeError
        ├── UnknownVersionError
        ├── DecodeError                corrupt, truncated or malicious bytes
        ├── PayloadValidationError     data that does not match its schema or class
        ├── UpcastError                no path between versions, or an upcaster that failed
        └── UpcastChainError           a broken chain found when it is built (gap, cycle, duplicate)

Messages say what happened and what to do about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing one event class stays light
    from pathlib import Path

__all__ = [
    "BusError",
    "CodegenError",
    "ConfigError",
    "ContractError",
    "DecodeError",
    "EventError",
    "GitError",
    "PayloadValidationError",
    "Problem",
    "RegistryError",
    "SchemaError",
    "UnknownEventTypeError",
    "UnknownVersionError",
    "UpcastChainError",
    "UpcastError",
    "UsageError",
]


class ContractError(Exception):
    """Root of every error raised by event-contracts."""


class UsageError(ContractError):
    """The command line or an argument is wrong; the CLI exits 2."""


class ConfigError(ContractError):
    """Project or event configuration is broken."""


class GitError(ContractError):
    """A git operation failed: unknown ref, not a repository, shallow history."""


class CodegenError(ContractError):
    """A schema cannot be turned into safe, typed Python code."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the schemas folder, as `validate` reports it."""

    code: str
    file: Path | None
    message: str
    fix: str = ""
    line: int | None = None
    column: int | None = None
    pointer: str = ""

    def location(self) -> str:
        where = str(self.file) if self.file is not None else "<schemas>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.pointer:
            where += f" ({self.pointer})"
        return where

    def __str__(self) -> str:
        text = f"{self.location()}: {self.code}: {self.message}"
        return f"{text} Fix: {self.fix}" if self.fix else text


class SchemaError(ContractError):
    """Schema files could not be loaded; `problems` lists every one found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the schemas:\n{lines}")


class RegistryError(ContractError):
    """A schema registry call failed; `error_code` is Confluent's code when it sent one."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        error_code: int | None = None,
        messages: Sequence[str] = (),
    ) -> None:
        self.status = status
        self.error_code = error_code
        self.messages: tuple[str, ...] = tuple(messages)
        super().__init__(message)


class BusError(ContractError):
    """The event bus cannot do what was asked: unknown transport, missing extra, broker error."""


class EventError(ContractError):
    """A run-time failure on one event; carries what a dead-letter queue needs."""

    def __init__(
        self,
        message: str,
        *,
        event_type: str | None = None,
        from_version: int | None = None,
        to_version: int | None = None,
        raw: bytes | str | None = None,
    ) -> None:
        self.event_type = event_type
        self.from_version = from_version
        self.to_version = to_version
        self.raw = raw
        super().__init__(message)


class UnknownEventTypeError(EventError):
    """The payload names an event type this package does not know."""


class UnknownVersionError(EventError):
    """The payload names a version (or fingerprint, or schema id) this package does not know."""


class DecodeError(EventError):
    """The bytes are corrupt, truncated, or not what their framing claims."""


class PayloadValidationError(EventError):
    """The data does not match the schema or class it claims."""


class UpcastError(EventError):
    """No path between two versions, or an upcaster raised or returned invalid data."""


class UpcastChainError(EventError):
    """The registered upcasters do not form a chain (gap, cycle, duplicate, unknown version)."""

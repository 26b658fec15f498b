"""Confluent Schema Registry error codes, and the RegistryError each one becomes.

Error bodies look like `{"error_code": 40401, "message": "Subject 'x' not found."}`. Confluent
sends 409 or 40901 for an incompatible schema depending on its release; both mean the same.
"""

from __future__ import annotations

import json
import re
from typing import Any

from event_contracts.errors import RegistryError

SUBJECT_NOT_FOUND = 40401
VERSION_NOT_FOUND = 40402
SCHEMA_NOT_FOUND = 40403
SUBJECT_SOFT_DELETED = 40404
SUBJECT_NOT_SOFT_DELETED = 40405
SCHEMA_VERSION_SOFT_DELETED = 40406
SCHEMA_VERSION_NOT_SOFT_DELETED = 40407
SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408
INCOMPATIBLE_SCHEMA = 40901
INCOMPATIBLE_SCHEMA_LEGACY = 409
INVALID_SCHEMA = 42201
INVALID_VERSION = 42202
INVALID_COMPATIBILITY_LEVEL = 42203
STORE_ERROR = 50001
OPERATION_TIMEOUT = 50002
REQUEST_FORWARDING_FAILED = 50003

# code -> (what it means, what to do); shown after the registry's own message.
_MEANING: dict[int, tuple[str, str]] = {
    SUBJECT_NOT_FOUND: (
        "subject not found",
        "nothing is registered under this subject: run `event-contracts registry push`, "
        "or check the subject naming strategy (--strategy/--topic)",
    ),
    VERSION_NOT_FOUND: (
        "version not found",
        "list the subject's versions with `event-contracts registry pull --subject S`",
    ),
    SCHEMA_NOT_FOUND: (
        "schema not found",
        "the registry does not hold this schema (under this subject, or with this id)",
    ),
    SUBJECT_SOFT_DELETED: ("subject soft-deleted", "restore it in the registry, or delete it"),
    SCHEMA_VERSION_SOFT_DELETED: ("version soft-deleted", "restore it in the registry"),
    SUBJECT_COMPATIBILITY_NOT_CONFIGURED: (
        "no subject-level compatibility",
        "the global default applies; `registry push` sets the type's mode on the subject",
    ),
    INCOMPATIBLE_SCHEMA: (
        "incompatible schema",
        "the registry refused the version under the subject's compatibility level; "
        "run `event-contracts check` and fix the schema, or publish a new event type",
    ),
    INVALID_SCHEMA: (
        "invalid schema",
        "the registry cannot parse the schema: run `event-contracts validate`; "
        "schema references across subjects are not supported",
    ),
    INVALID_VERSION: ("invalid version", "versions are 1, 2, ... or 'latest'"),
    INVALID_COMPATIBILITY_LEVEL: (
        "invalid compatibility level",
        "use NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL "
        "or FULL_TRANSITIVE",
    ),
    STORE_ERROR: ("error in the registry's backend store", "retry later; the registry is unwell"),
    OPERATION_TIMEOUT: ("the registry timed out", "retry later"),
    REQUEST_FORWARDING_FAILED: (
        "the registry could not forward the request to its primary",
        "retry later; the registry cluster has no reachable primary",
    ),
}
_MEANING[INCOMPATIBLE_SCHEMA_LEGACY] = _MEANING[INCOMPATIBLE_SCHEMA]

_BY_STATUS: dict[int, tuple[str, str]] = {
    401: (
        "unauthorized",
        "set EVENT_CONTRACTS_REGISTRY_USER and EVENT_CONTRACTS_REGISTRY_PASSWORD, "
        "or EVENT_CONTRACTS_REGISTRY_TOKEN",
    ),
    403: ("forbidden", "the credentials lack permission on this subject or operation"),
    404: ("not found", "check the registry URL, including any path prefix it needs"),
    405: ("method not allowed", "this registry does not implement this endpoint"),
    429: ("rate limited", "retry later"),
}


MAX_MESSAGE = 1000
"""Characters of a registry's message shown (a hostile one can be 50 MB)."""
MAX_MESSAGES = 50


def cut(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` shortened to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters cut)"


def cut_messages(messages: list[str]) -> list[str]:
    shown = [cut(m) for m in messages[:MAX_MESSAGES]]
    if len(messages) > MAX_MESSAGES:
        shown.append(f"... and {len(messages) - MAX_MESSAGES} more message(s)")
    return shown


def is_incompatible(error: RegistryError) -> bool:
    return error.error_code in (INCOMPATIBLE_SCHEMA, INCOMPATIBLE_SCHEMA_LEGACY)


def is_not_found(error: RegistryError, *codes: int) -> bool:
    """True for one of `codes` (any 404 when none given)."""
    if codes:
        return error.error_code in codes
    return error.status == 404


def parse_body(text: str) -> tuple[int | None, str, list[str]]:
    """(error_code, message, messages) from an error body, tolerating non-JSON bodies."""
    try:
        body: Any = json.loads(text) if text else None
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        snippet = " ".join(text[:400].split())[:200]
        return None, snippet, []
    code = body.get("error_code")
    raw = body.get("message")
    message = raw.strip() if isinstance(raw, str) else ""
    extra = body.get("messages")
    messages = [m for m in extra if isinstance(m, str)] if isinstance(extra, list) else []
    valid = isinstance(code, int) and not isinstance(code, bool) and 0 <= code < 10**6
    return (code if valid else None), message, messages


_DETAILS = re.compile(r"details:\s*\[(.*)\]\s*$", re.S)


def incompatibility_messages(message: str) -> list[str]:
    """The reasons Confluent packs into a 409 message (`..., details: [{errorType:...}, ...]`).

    Items are the top-level `{...}` groups; braces nest (an `oldSchema` item holds JSON).
    """
    found = _DETAILS.search(message) if len(message) <= 200_000 else None
    if not found:
        return [message] if message else []
    items: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(found.group(1)):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                items.append(found.group(1)[start : i + 1])
    return items or [message]


def error_from_response(what: str, status: int, text: str, *, redact: Any = None) -> RegistryError:
    """The RegistryError for an HTTP error response to `what` (e.g. "register catalog.X").

    The registry's message and reasons are cut to MAX_MESSAGE characters each."""
    code, message, messages = parse_body(text)
    meaning, fix = _MEANING.get(code or -1) or _BY_STATUS.get(status) or ("request failed", "")
    if code in (INCOMPATIBLE_SCHEMA, INCOMPATIBLE_SCHEMA_LEGACY) and not messages:
        messages = incompatibility_messages(message)
    messages = cut_messages(messages)
    shown = f"error code {code}, HTTP {status}" if code is not None else f"HTTP {status}"
    text_out = f"{what}: {meaning} ({shown})"
    if message:
        text_out += f": {cut(message)}"
    if fix:
        text_out += f". {fix[0].upper()}{fix[1:]}"
    if redact is not None:
        text_out = redact(text_out)
        messages = [redact(m) for m in messages]
    return RegistryError(text_out, status=status, error_code=code, messages=messages)

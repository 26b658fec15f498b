"""Secrets in what the package prints: every form a credential may travel in, hidden.

Shared by the registry client and `publish`: a server (or a tool such as twine) may echo a
credential raw, percent-encoded, JSON-escaped, or as the base64 `user:password` of a basic
`Authorization` header (standard, URL-safe, with or without padding).
"""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

REDACTED = "***"


def secret_forms(
    username: str | None, password: str | None, token: str | None = None
) -> tuple[str, ...]:
    """Every form the secrets may travel in, longest first (so no form is half-replaced)."""
    raw = [s for s in (password, token) if s]
    if password and username is not None:
        pair = f"{username}:{password}".encode()
        for encoded in (base64.b64encode(pair), base64.urlsafe_b64encode(pair)):
            text = encoded.decode()
            raw.extend((text, text.rstrip("=")))
    forms = set(raw)
    for s in raw:
        forms.add(quote(s, safe=""))
        forms.add(json.dumps(s)[1:-1])
        forms.add(json.dumps(s, ensure_ascii=False)[1:-1])
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def redact(text: str, forms: tuple[str, ...]) -> str:
    """`text` with each of `forms` (from `secret_forms`) replaced."""
    for secret in forms:
        text = text.replace(secret, REDACTED)
    return text


def url_without_credentials(url: str) -> str:
    """`url` with anything before an `@` in its authority hidden, even when it does not parse."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url.rsplit("@", 1)[-1]
    authority, slash, path = rest.partition("/")
    return f"{scheme}://{authority.rsplit('@', 1)[-1]}{slash}{path}"

"""How to reach a registry: URL, credentials, TLS, timeouts and retries.

Values come from arguments first, then environment variables:

    EVENT_CONTRACTS_REGISTRY_URL          base URL (may carry `user:password@`)
    EVENT_CONTRACTS_REGISTRY_USER         basic auth user (Confluent Cloud: the API key)
    EVENT_CONTRACTS_REGISTRY_PASSWORD     basic auth password (Confluent Cloud: the API secret)
    EVENT_CONTRACTS_REGISTRY_TOKEN        bearer token (OAuth), instead of basic auth
    EVENT_CONTRACTS_REGISTRY_CA_BUNDLE    CA certificates (PEM) to trust
    EVENT_CONTRACTS_REGISTRY_CLIENT_CERT  client certificate (PEM) for mutual TLS
    EVENT_CONTRACTS_REGISTRY_CLIENT_KEY   its private key, when not inside the certificate file
    EVENT_CONTRACTS_REGISTRY_TIMEOUT      seconds per request, a total deadline (default 10)

Secrets never appear in a repr, an error message or the CLI's output: `redact` hides every form
a secret travels in (raw, percent-encoded, JSON-escaped, the base64 `user:password` of basic
auth, the bearer token), so a server that echoes the Authorization header cannot get it shown.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import unquote, urlsplit, urlunsplit

from event_contracts._secrets import REDACTED, redact, secret_forms, url_without_credentials
from event_contracts.errors import UsageError

ENV_PREFIX = "EVENT_CONTRACTS_REGISTRY_"
_ENV_NAMES = {
    "username": "USER",
    "password": "PASSWORD",
    "token": "TOKEN",
    "ca_bundle": "CA_BUNDLE",
    "client_cert": "CLIENT_CERT",
    "client_key": "CLIENT_KEY",
    "timeout": "TIMEOUT",
}


@dataclass(frozen=True, slots=True)
class RegistrySettings:
    url: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    verify: bool = True
    """False turns certificate checks off (tests, self-signed dev registries only)."""
    ca_bundle: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    timeout: float = 10.0
    retries: int = 3
    """Further attempts after a connection error, timeout, 429 or 5xx; never after a 4xx."""
    backoff: float = 0.25
    """Seconds before the first retry; doubles each time, up to `max_backoff`."""
    max_backoff: float = 4.0
    max_retry_after: float = 30.0
    """The longest `Retry-After` honoured; a registry asking for more is reported at once."""
    max_response_bytes: int = 32 * 1024 * 1024
    """Larger answers are refused unread (a registry listing is far smaller)."""

    def __post_init__(self) -> None:
        try:
            parts = urlsplit(self.url)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname)
            valid = valid and (parts.port is None or parts.port > 0)  # .port raises if not a number
        except ValueError:  # an unclosed IPv6 bracket, a port that is not a number
            valid = False
        if not valid:
            raise UsageError(
                f"registry URL {url_without_credentials(self.url)!r} is not an http(s) URL; "
                "pass --url https://host:8081 or set EVENT_CONTRACTS_REGISTRY_URL"
            )
        if parts.username is not None or parts.password is not None:
            # Credentials in the URL move to the auth fields so the URL itself can be shown.
            clean = urlunsplit(
                (parts.scheme, parts.netloc.rsplit("@", 1)[1], parts.path, parts.query, "")
            )
            object.__setattr__(self, "url", clean)
            if self.username is None and parts.username:
                object.__setattr__(self, "username", unquote(parts.username))
            if self.password is None and parts.password:
                object.__setattr__(self, "password", unquote(parts.password))
        if self.token and (self.username or self.password):
            raise UsageError(
                "give either basic auth (user and password) or a bearer token, not both"
            )
        if self.password and not self.username:
            raise UsageError("a registry password needs a user (EVENT_CONTRACTS_REGISTRY_USER)")
        if not (isinstance(self.timeout, int | float) and math.isfinite(self.timeout)) or (
            self.timeout <= 0
        ):
            raise UsageError(
                f"the registry timeout must be a positive number of seconds, not {self.timeout!r}"
            )
        if not isinstance(self.retries, int) or not 0 <= self.retries <= 100:
            raise UsageError(f"retries must be between 0 and 100, not {self.retries!r}")
        for name in ("backoff", "max_backoff", "max_retry_after"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise UsageError(f"{name} must be a number of seconds, 0 or more, not {value!r}")
        if not isinstance(self.max_response_bytes, int) or self.max_response_bytes < 1:
            raise UsageError(
                f"max_response_bytes must be a positive integer, not {self.max_response_bytes!r}"
            )

    @classmethod
    def from_env(
        cls,
        url: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
        **options: object,
    ) -> RegistrySettings:
        """Settings from explicit options, falling back to EVENT_CONTRACTS_REGISTRY_* variables."""
        env = os.environ if env is None else env
        the_url = url or env.get(ENV_PREFIX + "URL")
        if not the_url:
            raise UsageError("no registry URL: pass --url URL or set EVENT_CONTRACTS_REGISTRY_URL")
        values: dict[str, object] = {k: v for k, v in options.items() if v is not None}
        for name, var in _ENV_NAMES.items():
            if name not in values and env.get(ENV_PREFIX + var):
                values[name] = env[ENV_PREFIX + var]
        if isinstance(values.get("timeout"), str):
            try:
                values["timeout"] = float(str(values["timeout"]))
            except ValueError:
                raise UsageError(
                    f"registry timeout {values['timeout']!r} is not a number"
                ) from None
        return cls(the_url, **values)  # type: ignore[arg-type]

    @property
    def display_url(self) -> str:
        """The URL without any user or password in it."""
        parts = urlsplit(self.url)
        host = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit((parts.scheme, host, parts.path, parts.query, "")).rstrip("/")

    @property
    def auth_kind(self) -> str:
        return "bearer" if self.token else "basic" if self.username else "none"

    def secrets(self) -> tuple[str, ...]:
        """Every form a secret may travel in, longest first (so no form is half-replaced)."""
        return secret_forms(self.username, self.password, self.token)

    def redact(self, text: str) -> str:
        """`text` with every form of every secret replaced, for anything quoting a server."""
        return redact(text, self.secrets())

    def with_options(self, **changes: object) -> RegistrySettings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return (
            f"RegistrySettings(url={self.display_url!r}, auth={self.auth_kind!r}, "
            f"username={self.username!r}, password={(REDACTED if self.password else None)!r}, "
            f"token={(REDACTED if self.token else None)!r}, verify={self.verify!r}, "
            f"ca_bundle={self.ca_bundle!r}, client_cert={self.client_cert!r}, "
            f"timeout={self.timeout!r}, retries={self.retries!r})"
        )

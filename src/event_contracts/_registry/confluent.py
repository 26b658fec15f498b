"""A client for the Confluent Schema Registry REST API (also Karapace, Redpanda, Apicurio ccompat).

Tooling only: this is the one module that imports httpx, which the `tools` extra installs. Pass
`transport=` (any `httpx.BaseTransport`, e.g. `httpx.MockTransport`) to test without a server.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from event_contracts._compat.model import Mode
from event_contracts._registry import answers, codes
from event_contracts._registry.model import (
    CompatibilityCheck,
    RegisteredSchema,
    SchemaType,
    VersionRef,
)
from event_contracts._registry.settings import RegistrySettings
from event_contracts._registry.transport import ACCEPT, CONTENT_TYPE, Exchange
from event_contracts.errors import RegistryError

__all__ = ["ACCEPT", "CONTENT_TYPE", "ConfluentClient"]


def _seg(text: str) -> str:
    """One URL path segment: subjects may hold `/`, `:` or spaces."""
    return quote(text, safe="")


class ConfluentClient:
    """Register, look up and check schemas on a Confluent-compatible registry.

    Every method raises RegistryError (with `status`, `error_code`, `messages`) on failure,
    whatever the server answers; connection errors, timeouts, 429 and 5xx are retried
    `settings.retries` times first (see transport.py). Use as a context manager, or call
    `close()`.
    """

    def __init__(
        self,
        settings: RegistrySettings | str,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        if isinstance(settings, str):
            settings = RegistrySettings.from_env(settings, **options)
        elif options:
            settings = settings.with_options(**options)
        self.settings = settings
        self._sleep = sleep
        auth: httpx.Auth | None = None
        headers = {"Accept": ACCEPT, "Accept-Encoding": "identity", "User-Agent": "event-contracts"}
        if settings.token:
            headers["Authorization"] = f"Bearer {settings.token}"
        elif settings.username:
            auth = httpx.BasicAuth(settings.username, settings.password or "")
        verify = _tls(settings)
        self._http = httpx.Client(
            base_url=settings.url.rstrip("/") + "/",
            auth=auth,
            headers=headers,
            timeout=settings.timeout,
            verify=verify,
            transport=transport,
            follow_redirects=False,
        )
        self._exchange = Exchange(settings, self._http, sleep)

    @classmethod
    def from_env(
        cls, url: str | None = None, *, transport: httpx.BaseTransport | None = None, **options: Any
    ) -> ConfluentClient:
        return cls(RegistrySettings.from_env(url, **options), transport=transport)

    def __repr__(self) -> str:
        return f"ConfluentClient({self.settings!r})"

    def __enter__(self) -> ConfluentClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- subjects and versions ------------------------------------------------------------
    def subjects(self) -> list[str]:
        what = "list subjects"
        return answers.subjects(self._call("GET", "subjects", what=what), what)

    def versions(self, subject: str) -> list[int]:
        what = f"list versions of {subject!r}"
        return answers.versions(
            self._call("GET", f"subjects/{_seg(subject)}/versions", what=what), what
        )

    def get_version(self, subject: str, version: VersionRef) -> RegisteredSchema:
        what = f"get version {version} of {subject!r}"
        body = self._call("GET", f"subjects/{_seg(subject)}/versions/{version}", what=what)
        return answers.registered(body, what, subject=subject)

    def schema_by_id(self, schema_id: int) -> RegisteredSchema:
        what = f"get schema id {schema_id}"
        body = self._call("GET", f"schemas/ids/{int(schema_id)}", what=what)
        return answers.registered(body, what, known_id=int(schema_id))

    def lookup(self, subject: str, schema: str, schema_type: SchemaType) -> RegisteredSchema | None:
        """The version of `subject` holding `schema`; None when the subject or schema is absent."""
        what = f"look up a schema under {subject!r}"
        try:
            body = self._call(
                "POST",
                f"subjects/{_seg(subject)}",
                body=_schema_body(schema, schema_type),
                what=what,
            )
        except RegistryError as exc:
            if codes.is_not_found(exc, codes.SUBJECT_NOT_FOUND, codes.SCHEMA_NOT_FOUND):
                return None
            raise
        return answers.registered(body, what, subject=subject)

    def register(self, subject: str, schema: str, schema_type: SchemaType) -> int:
        """Register `schema` as the subject's next version (or find it); returns its global id."""
        what = f"register a schema under {subject!r}"
        body = self._call(
            "POST",
            f"subjects/{_seg(subject)}/versions",
            body=_schema_body(schema, schema_type),
            what=what,
        )
        return answers.schema_id(body, what)

    # -- compatibility ----------------------------------------------------------------------
    def check_compatibility(
        self,
        subject: str,
        schema: str,
        schema_type: SchemaType,
        version: VersionRef | None = "latest",
    ) -> CompatibilityCheck:
        """Ask whether `schema` may join `subject`: against one version, or all (version=None).

        With version=None the registry applies the subject's level (transitive or not) over
        every version, as it does when registering.
        """
        path = f"compatibility/subjects/{_seg(subject)}/versions"
        if version is not None:
            path += f"/{version}"
        what = f"check compatibility with {subject!r}"
        body = self._call(
            "POST",
            path,
            body=_schema_body(schema, schema_type),
            params={"verbose": "true"},
            what=what,
        )
        return CompatibilityCheck(*answers.compatibility(body, what))

    def get_compatibility(self, subject: str) -> Mode | None:
        """The subject-level compatibility; None when the subject has none of its own."""
        what = f"get the compatibility of {subject!r}"
        try:
            body = self._call("GET", f"config/{_seg(subject)}", what=what)
        except RegistryError as exc:
            # 40408 (recent Confluent) or 40401 (older ones, Karapace) when nothing is set.
            if codes.is_not_found(
                exc, codes.SUBJECT_COMPATIBILITY_NOT_CONFIGURED, codes.SUBJECT_NOT_FOUND
            ):
                return None
            raise
        return answers.mode(body, what)

    def get_global_compatibility(self) -> Mode:
        what = "get the global compatibility"
        mode = answers.mode(self._call("GET", "config", what=what), what)
        if mode is None:
            raise RegistryError("the registry's global config has no compatibility level")
        return mode

    def set_compatibility(self, subject: str, mode: Mode | str) -> Mode:
        the_mode = Mode.parse(mode)
        what = f"set the compatibility of {subject!r} to {the_mode.value}"
        body = self._call(
            "PUT", f"config/{_seg(subject)}", body={"compatibility": the_mode.value}, what=what
        )
        return answers.mode(body, what) or the_mode

    # -- transport ----------------------------------------------------------------------------
    def _call(
        self,
        method: str,
        path: str,
        *,
        what: str,
        body: Any = None,
        params: dict[str, str] | None = None,
    ) -> Any:
        return self._exchange.call(method, path, what=what, body=body, params=params)


def _tls(settings: RegistrySettings) -> ssl.SSLContext | bool:
    """The TLS context: system CAs or the given bundle, an optional client certificate."""
    if settings.ca_bundle is None and settings.client_cert is None:
        return settings.verify
    try:
        context = ssl.create_default_context(cafile=settings.ca_bundle)
        if settings.client_cert:
            context.load_cert_chain(settings.client_cert, settings.client_key)
    except (OSError, ssl.SSLError) as exc:
        files = ", ".join(
            f for f in (settings.ca_bundle, settings.client_cert, settings.client_key) if f
        )
        raise RegistryError(
            f"cannot set up TLS for the registry from {files}: {exc}; "
            "check the paths and that the files are PEM"
        ) from None
    if not settings.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _schema_body(schema: str, schema_type: SchemaType) -> dict[str, Any]:
    body: dict[str, Any] = {"schema": schema}
    if schema_type != "AVRO":  # AVRO is the default; older registries reject the field for it
        body["schemaType"] = schema_type
    return body

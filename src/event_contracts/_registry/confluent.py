"""A client for the Confluent Schema Registry REST API (also Karapace, Redpanda, Apicurio ccompat).

Tooling only: this is the one module that imports httpx, which the `tools` extra installs. Pass
`transport=` (any `httpx.BaseTransport`, e.g. `httpx.MockTransport`) to test without a server.
"""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from event_contracts._compat.model import Mode
from event_contracts._registry import codes
from event_contracts._registry.model import (
    CompatibilityCheck,
    RegisteredSchema,
    SchemaType,
    VersionRef,
)
from event_contracts._registry.settings import RegistrySettings
from event_contracts.errors import RegistryError

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
ACCEPT = (
    "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, "
    "application/json; qs=0.5"
)
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def _seg(text: str) -> str:
    """One URL path segment: subjects may hold `/`, `:` or spaces."""
    return quote(text, safe="")


class ConfluentClient:
    """Register, look up and check schemas on a Confluent-compatible registry.

    Every method raises RegistryError (with `status`, `error_code`, `messages`) on failure;
    connection errors, timeouts, 429 and 5xx are retried `settings.retries` times with
    exponential backoff first. Use as a context manager, or call `close()`.
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
        headers = {"Accept": ACCEPT, "User-Agent": "event-contracts"}
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
        body = self._call("GET", "subjects", what="list subjects")
        return sorted(str(s) for s in body)

    def versions(self, subject: str) -> list[int]:
        body = self._call(
            "GET", f"subjects/{_seg(subject)}/versions", what=f"list versions of {subject!r}"
        )
        return sorted(int(v) for v in body)

    def get_version(self, subject: str, version: VersionRef) -> RegisteredSchema:
        body = self._call(
            "GET",
            f"subjects/{_seg(subject)}/versions/{version}",
            what=f"get version {version} of {subject!r}",
        )
        return _registered(body, subject=subject)

    def schema_by_id(self, schema_id: int) -> RegisteredSchema:
        body = self._call("GET", f"schemas/ids/{int(schema_id)}", what=f"get schema id {schema_id}")
        return _registered({**body, "id": schema_id})

    def lookup(self, subject: str, schema: str, schema_type: SchemaType) -> RegisteredSchema | None:
        """The version of `subject` holding `schema`; None when the subject or schema is absent."""
        try:
            body = self._call(
                "POST",
                f"subjects/{_seg(subject)}",
                body=_schema_body(schema, schema_type),
                what=f"look up a schema under {subject!r}",
            )
        except RegistryError as exc:
            if codes.is_not_found(exc, codes.SUBJECT_NOT_FOUND, codes.SCHEMA_NOT_FOUND):
                return None
            raise
        return _registered(body, subject=subject)

    def register(self, subject: str, schema: str, schema_type: SchemaType) -> int:
        """Register `schema` as the subject's next version (or find it); returns its global id."""
        body = self._call(
            "POST",
            f"subjects/{_seg(subject)}/versions",
            body=_schema_body(schema, schema_type),
            what=f"register a schema under {subject!r}",
        )
        return int(body["id"])

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
        body = self._call(
            "POST",
            path,
            body=_schema_body(schema, schema_type),
            params={"verbose": "true"},
            what=f"check compatibility with {subject!r}",
        )
        messages = body.get("messages") or ()
        return CompatibilityCheck(bool(body.get("is_compatible")), tuple(str(m) for m in messages))

    def get_compatibility(self, subject: str) -> Mode | None:
        """The subject-level compatibility; None when the subject has none of its own."""
        try:
            body = self._call(
                "GET", f"config/{_seg(subject)}", what=f"get the compatibility of {subject!r}"
            )
        except RegistryError as exc:
            # 40408 (recent Confluent) or 40401 (older ones, Karapace) when nothing is set.
            if codes.is_not_found(
                exc, codes.SUBJECT_COMPATIBILITY_NOT_CONFIGURED, codes.SUBJECT_NOT_FOUND
            ):
                return None
            raise
        return _mode(body)

    def get_global_compatibility(self) -> Mode:
        mode = _mode(self._call("GET", "config", what="get the global compatibility"))
        if mode is None:
            raise RegistryError("the registry's global config has no compatibility level")
        return mode

    def set_compatibility(self, subject: str, mode: Mode | str) -> Mode:
        the_mode = Mode.parse(mode)
        body = self._call(
            "PUT",
            f"config/{_seg(subject)}",
            body={"compatibility": the_mode.value},
            what=f"set the compatibility of {subject!r} to {the_mode.value}",
        )
        return _mode(body) or the_mode

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
        content = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": CONTENT_TYPE} if content is not None else {}
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self._http.request(
                    method, path, content=content, headers=headers, params=params
                )
            except httpx.TimeoutException:
                if last:
                    reason = f"timed out after {self.settings.timeout:g} s"
                    raise self._unreachable(what, reason) from None
            except httpx.TransportError as exc:
                if last:
                    raise self._unreachable(what, str(exc) or type(exc).__name__) from None
            else:
                if response.status_code < 300:
                    return _json(response, what, self.settings.redact)
                if response.status_code < 400:
                    where = self.settings.redact(response.headers.get("Location", "elsewhere"))
                    raise RegistryError(
                        f"{what}: the registry redirects to {where} (HTTP "
                        f"{response.status_code}); use that URL as --url",
                        status=response.status_code,
                    )
                if response.status_code not in _RETRY_STATUS or last:
                    raise codes.error_from_response(
                        what, response.status_code, response.text, redact=self.settings.redact
                    )
            self._sleep(min(self.settings.max_backoff, self.settings.backoff * 2**attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _unreachable(self, what: str, reason: str) -> RegistryError:
        attempts = self.settings.retries + 1
        tries = f"{attempts} attempts" if attempts > 1 else "1 attempt"
        return RegistryError(
            self.settings.redact(
                f"{what}: cannot reach the schema registry at {self.settings.display_url} "
                f"({reason}; {tries}). Check the URL, the network and the TLS settings"
            )
        )


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


def _json(response: httpx.Response, what: str, redact: Callable[[str], str]) -> Any:
    try:
        return response.json()
    except ValueError:
        snippet = redact(" ".join(response.text.split())[:200])
        raise RegistryError(
            f"{what}: the registry answered HTTP {response.status_code} with a body that is "
            f"not JSON ({snippet!r}); is the URL a schema registry?",
            status=response.status_code,
        ) from None


def _registered(body: Any, *, subject: str | None = None) -> RegisteredSchema:
    if not isinstance(body, dict) or "schema" not in body:
        raise RegistryError(f"unexpected answer from the registry: {str(body)[:200]}")
    schema_type = str(body.get("schemaType") or "AVRO").upper()
    if schema_type not in ("AVRO", "JSON", "PROTOBUF"):
        raise RegistryError(f"the registry returned an unknown schemaType {schema_type!r}")
    version = body.get("version")
    return RegisteredSchema(
        schema_id=int(body["id"]),
        schema=str(body["schema"]),
        schema_type=schema_type,  # type: ignore[arg-type]
        subject=str(body.get("subject") or subject) if (body.get("subject") or subject) else None,
        version=int(version) if version is not None else None,
    )


def _mode(body: Any) -> Mode | None:
    if not isinstance(body, dict):
        return None
    level = body.get("compatibilityLevel") or body.get("compatibility")
    return Mode.parse(str(level)) if level else None

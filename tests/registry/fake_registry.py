"""An in-process Confluent Schema Registry for tests: stdlib http.server in a thread.

It implements the documented REST endpoints with Confluent's status codes and error bodies
(`{"error_code": 40401, "message": "Subject 'x' not found."}`): subjects and versions,
registration (ids global and stable for identical schemas), lookup, schemas by id,
compatibility checks (one version or all, `verbose=true`) and subject/global config.
Compatibility refusals are computed with event-contracts' own engine unless a test injects
`decide`. Tests can also inject failures (`fail_next`), slowness (`delay`) and required
credentials (`require_basic`, `require_token`), and read every request in `requests`.
"""

from __future__ import annotations

import base64
import json
import re
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from fastavro.schema import parse_schema

Decide = Callable[[Any, list[Any], str, str], list[str]]
"""(new schema, earlier schemas oldest first, mode, format) -> reasons; empty = compatible."""

MODES = (
    "NONE",
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
)


def engine_decide(new: Any, earlier: list[Any], mode: str, fmt: str) -> list[str]:
    """Confluent-style reasons from event-contracts' engine."""
    from event_contracts import check_against_versions

    result = check_against_versions(
        new, earlier, mode=mode, format="avro" if fmt == "AVRO" else "jsonschema"
    )
    return [
        f"{{errorType:'{f.rule}', description:'{f.message}'}}"
        for f in result.findings
        if f.breaking
    ]


@dataclass
class Stored:
    schema_id: int
    text: str
    schema_type: str
    parsed: Any


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class FakeRegistry:
    decide: Decide = engine_decide
    global_mode: str = "BACKWARD"
    incompatible_code: int = 40901
    """Recent Confluent sends 40901; older releases (and Karapace) send 409."""
    require_basic: tuple[str, str] | None = None
    require_token: str | None = None
    delay: float = 0.0
    all_versions_endpoint: bool = True
    levels: tuple[str, ...] = MODES
    """Compatibility levels this registry accepts (some lack the transitive ones)."""
    schemas: list[Stored] = field(default_factory=list)
    subjects: dict[str, list[int]] = field(default_factory=dict)
    """subject -> schema ids, version n at index n - 1."""
    config: dict[str, str] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    failures: list[tuple[int, int | None, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, n: int, status: int = 503, error_code: int | None = 50003) -> None:
        """The next n requests fail with `status` (and a Confluent body when error_code)."""
        messages = {
            50001: "Error in the backend data store",
            50002: "Operation timed out",
            50003: "Error while forwarding the request to the primary",
        }
        self.failures.extend(
            [(status, error_code, messages.get(error_code or 0, "Service Unavailable"))] * n
        )

    # -- test helpers ------------------------------------------------------------------------
    def put(self, subject: str, schema: Any, schema_type: str = "AVRO") -> int:
        """Register directly, bypassing compatibility (to set up drift)."""
        text = schema if isinstance(schema, str) else json.dumps(schema, separators=(",", ":"))
        stored = self._store(text, schema_type, _parse(text, schema_type))
        self.subjects.setdefault(subject, []).append(stored.schema_id)
        return stored.schema_id

    def _store(self, text: str, schema_type: str, parsed: Any) -> Stored:
        key = json.dumps(parsed, separators=(",", ":"))
        for s in self.schemas:
            if s.schema_type == schema_type and json.dumps(s.parsed, separators=(",", ":")) == key:
                return s
        stored = Stored(len(self.schemas) + 1, text, schema_type, parsed)
        self.schemas.append(stored)
        return stored

    def by_id(self, schema_id: int) -> Stored:
        return self.schemas[schema_id - 1]

    def mode_of(self, subject: str) -> str:
        return self.config.get(subject, self.global_mode)

    # -- request handling --------------------------------------------------------------------
    def handle(self, req: Request) -> tuple[int, Any]:
        with self.lock:
            self.requests.append(req)
            failure = self.failures.pop(0) if self.failures else None
        if self.delay:
            time.sleep(self.delay)
        if failure is not None:
            status, code, message = failure
            return status, {"error_code": code, "message": message} if code else message
        denied = self._auth(req.headers)
        if denied is not None:
            return denied
        with self.lock:
            return self._route(req)

    def _auth(self, headers: dict[str, str]) -> tuple[int, Any] | None:
        given = headers.get("authorization", "")
        if self.require_basic is not None:
            user, password = self.require_basic
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            if given != f"Basic {token}":
                return 401, {"error_code": 401, "message": "Unauthorized"}
        if self.require_token is not None and given != f"Bearer {self.require_token}":
            return 401, {"error_code": 401, "message": "Unauthorized"}
        return None

    def _route(self, req: Request) -> tuple[int, Any]:
        m, p = req.method, req.path
        routes: list[tuple[str, str, Callable[..., tuple[int, Any]]]] = [
            ("GET", r"/subjects", self._list_subjects),
            ("GET", r"/subjects/([^/]+)/versions", self._list_versions),
            ("GET", r"/subjects/([^/]+)/versions/([^/]+)", self._get_version),
            ("POST", r"/subjects/([^/]+)/versions", self._register),
            ("POST", r"/subjects/([^/]+)", self._lookup),
            ("DELETE", r"/subjects/([^/]+)", self._delete_subject),
            ("GET", r"/schemas/ids/([^/]+)", self._by_id),
            ("POST", r"/compatibility/subjects/([^/]+)/versions/([^/]+)", self._compat_one),
            ("GET", r"/config", self._get_global),
            ("PUT", r"/config", self._put_global),
            ("GET", r"/config/([^/]+)", self._get_config),
            ("PUT", r"/config/([^/]+)", self._put_config),
        ]
        if self.all_versions_endpoint:
            routes.append(("POST", r"/compatibility/subjects/([^/]+)/versions", self._compat_all))
        for method, pattern, fn in routes:
            found = re.fullmatch(pattern, p)
            if found and method == m:
                return fn(req, *(unquote(g) for g in found.groups()))
        return 404, {"error_code": 404, "message": "HTTP 404 Not Found"}

    # -- endpoints ---------------------------------------------------------------------------
    def _list_subjects(self, req: Request) -> tuple[int, Any]:
        return 200, sorted(self.subjects)

    def _list_versions(self, req: Request, subject: str) -> tuple[int, Any]:
        if subject not in self.subjects:
            return _subject_not_found(subject)
        return 200, list(range(1, len(self.subjects[subject]) + 1))

    def _version_index(self, subject: str, version: str) -> int | tuple[int, Any]:
        ids = self.subjects[subject]
        if version == "latest" or version == "-1":
            return len(ids)
        if not version.isdigit() or int(version) < 1:
            return 422, {
                "error_code": 42202,
                "message": f"The specified version '{version}' is not a valid version id. "
                'Allowed values are between [1, 2^31-1] and the string "latest"',
            }
        if int(version) > len(ids):
            return 404, {"error_code": 40402, "message": f"Version {version} not found."}
        return int(version)

    def _get_version(self, req: Request, subject: str, version: str) -> tuple[int, Any]:
        if subject not in self.subjects:
            return _subject_not_found(subject)
        n = self._version_index(subject, version)
        if isinstance(n, tuple):
            return n
        return 200, self._describe(subject, n)

    def _describe(self, subject: str, n: int) -> dict[str, Any]:
        s = self.by_id(self.subjects[subject][n - 1])
        out: dict[str, Any] = {"subject": subject, "version": n, "id": s.schema_id}
        if s.schema_type != "AVRO":
            out["schemaType"] = s.schema_type
        out["schema"] = s.text
        return out

    def _candidate(self, req: Request) -> tuple[str, str, Any] | tuple[int, Any]:
        body = req.body
        if not isinstance(body, dict) or not isinstance(body.get("schema"), str):
            return 422, {"error_code": 42201, "message": "Empty schema"}
        schema_type = str(body.get("schemaType", "AVRO"))
        if schema_type not in ("AVRO", "JSON", "PROTOBUF"):
            return 422, {"error_code": 42201, "message": f"Invalid schema type {schema_type}"}
        try:
            parsed = _parse(body["schema"], schema_type)
        except Exception as exc:
            return 422, {
                "error_code": 42201,
                "message": f"Invalid schema {body['schema']}, details: {exc}",
            }
        return body["schema"], schema_type, parsed

    def _register(self, req: Request, subject: str) -> tuple[int, Any]:
        cand = self._candidate(req)
        if isinstance(cand[0], int):
            return cand  # type: ignore[return-value]
        text, schema_type, parsed = cand
        ids = self.subjects.get(subject, [])
        for sid in ids:
            s = self.by_id(sid)
            if s.schema_type == schema_type and s.parsed == parsed:
                return 200, {"id": sid}
        earlier = [self.by_id(i) for i in ids]
        if any(e.schema_type != schema_type for e in earlier):
            reasons = ["{errorType:'SCHEMA_TYPE_CHANGED', description:'schema type changed'}"]
        else:
            reasons = self._reasons(parsed, [e.parsed for e in earlier], subject, schema_type)
        if reasons:
            details = ", ".join(
                [
                    *reasons,
                    f"{{oldSchemaVersion: {len(ids)}}}",
                    f"{{oldSchema: '{earlier[-1].text}'}}",
                    f"{{compatibility: '{self.mode_of(subject)}'}}",
                ]
            )
            return 409, {
                "error_code": self.incompatible_code,
                "message": "Schema being registered is incompatible with an earlier schema "
                f'for subject "{subject}", details: [{details}]',
            }
        stored = self._store(text, schema_type, parsed)
        self.subjects.setdefault(subject, []).append(stored.schema_id)
        return 200, {"id": stored.schema_id}

    def _reasons(self, new: Any, earlier: list[Any], subject: str, schema_type: str) -> list[str]:
        mode = self.mode_of(subject)
        if mode == "NONE" or not earlier:
            return []
        return self.decide(new, earlier, mode, schema_type)

    def _lookup(self, req: Request, subject: str) -> tuple[int, Any]:
        if subject not in self.subjects:
            return _subject_not_found(subject)
        cand = self._candidate(req)
        if isinstance(cand[0], int):
            return cand  # type: ignore[return-value]
        _, schema_type, parsed = cand
        for n, sid in enumerate(self.subjects[subject], 1):
            s = self.by_id(sid)
            if s.schema_type == schema_type and s.parsed == parsed:
                return 200, self._describe(subject, n)
        return 404, {"error_code": 40403, "message": "Schema not found"}

    def _delete_subject(self, req: Request, subject: str) -> tuple[int, Any]:
        if subject not in self.subjects:
            return _subject_not_found(subject)
        versions = list(range(1, len(self.subjects.pop(subject)) + 1))
        return 200, versions

    def _by_id(self, req: Request, raw: str) -> tuple[int, Any]:
        if not raw.isdigit() or not 1 <= int(raw) <= len(self.schemas):
            return 404, {"error_code": 40403, "message": f"Schema {raw} not found"}
        s = self.by_id(int(raw))
        out: dict[str, Any] = {"schema": s.text}
        if s.schema_type != "AVRO":
            out["schemaType"] = s.schema_type
        return 200, out

    def _verdict(self, req: Request, subject: str, reasons: list[str]) -> tuple[int, Any]:
        out: dict[str, Any] = {"is_compatible": not reasons}
        if req.query.get("verbose", ["false"])[0] == "true":
            out["messages"] = (
                [*reasons, f"{{compatibility: '{self.mode_of(subject)}'}}"] if (reasons) else []
            )
        return 200, out

    def _compat_one(self, req: Request, subject: str, version: str) -> tuple[int, Any]:
        if subject not in self.subjects:
            return _subject_not_found(subject)
        cand = self._candidate(req)
        if isinstance(cand[0], int):
            return cand  # type: ignore[return-value]
        _, schema_type, parsed = cand
        n = self._version_index(subject, version)
        if isinstance(n, tuple):
            return n
        old = self.by_id(self.subjects[subject][n - 1])
        mode = self.mode_of(subject).removesuffix("_TRANSITIVE")
        reasons = [] if mode == "NONE" else self.decide(parsed, [old.parsed], mode, schema_type)
        return self._verdict(req, subject, reasons)

    def _compat_all(self, req: Request, subject: str) -> tuple[int, Any]:
        cand = self._candidate(req)
        if isinstance(cand[0], int):
            return cand  # type: ignore[return-value]
        _, schema_type, parsed = cand
        # Confluent answers a subject it does not know with {"is_compatible": true}.
        earlier = [self.by_id(i).parsed for i in self.subjects.get(subject, [])]
        return self._verdict(req, subject, self._reasons(parsed, earlier, subject, schema_type))

    def _get_global(self, req: Request) -> tuple[int, Any]:
        return 200, {"compatibilityLevel": self.global_mode}

    def _put_global(self, req: Request) -> tuple[int, Any]:
        level = _level(req.body)
        if level is None or level not in self.levels:
            return _invalid_level()
        self.global_mode = level
        return 200, {"compatibility": level}

    def _get_config(self, req: Request, subject: str) -> tuple[int, Any]:
        if subject in self.config:
            return 200, {"compatibilityLevel": self.config[subject]}
        if req.query.get("defaultToGlobal", ["false"])[0] == "true":
            return 200, {"compatibilityLevel": self.global_mode}
        return 404, {
            "error_code": 40408,
            "message": f"Subject '{subject}' does not have subject-level compatibility configured",
        }

    def _put_config(self, req: Request, subject: str) -> tuple[int, Any]:
        level = _level(req.body)
        if level is None or level not in self.levels:
            return _invalid_level()
        self.config[subject] = level
        return 200, {"compatibility": level}

    # -- serving -------------------------------------------------------------------------------
    def serve(self, tls: ssl.SSLContext | None = None) -> RunningServer:
        return RunningServer(self, tls)


def _subject_not_found(subject: str) -> tuple[int, Any]:
    return 404, {"error_code": 40401, "message": f"Subject '{subject}' not found."}


def _invalid_level() -> tuple[int, Any]:
    return 422, {
        "error_code": 42203,
        "message": "Invalid compatibility level. Valid values are none, backward, forward, full, "
        "backward_transitive, forward_transitive, and full_transitive",
    }


def _level(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    level = str(body.get("compatibility", "")).upper()
    return level if level in MODES else None


def _parse(text: str, schema_type: str) -> Any:
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        if schema_type != "AVRO":
            raise
        parsed = text
    if schema_type == "AVRO":
        parse_schema(parsed, _write_hint=False)
    elif schema_type == "JSON":
        from jsonschema.validators import validator_for

        validator_for(parsed).check_schema(parsed)
    else:
        raise ValueError("PROTOBUF is not supported by this fake")
    return parsed


class _Handler(BaseHTTPRequestHandler):
    registry: FakeRegistry

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            status, payload = 400, {"error_code": 400, "message": "Unrecognized token"}
        else:
            req = Request(
                self.command,
                parts.path.rstrip("/") or "/",
                parse_qs(parts.query),
                {k.lower(): v for k, v in self.headers.items()},
                body,
            )
            status, payload = self.registry.handle(req)
        data = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        try:
            self.send_response(status)
            ctype = (
                "text/plain"
                if isinstance(payload, str)
                else "application/vnd.schemaregistry.v1+json"
            )
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            pass

    do_GET = do_POST = do_PUT = do_DELETE = _serve


class RunningServer:
    """The fake on 127.0.0.1 with a free port; `url`, and `close()` (or use `with`)."""

    def __init__(self, registry: FakeRegistry, tls: ssl.SSLContext | None = None) -> None:
        handler = type("Handler", (_Handler,), {"registry": registry})
        self.registry = registry
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        host, port = self.httpd.server_address[:2]
        self.url = f"{'https' if tls else 'http'}://{host}:{port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

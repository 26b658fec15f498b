"""One HTTP exchange with a registry: a total deadline, a size cap, retries, no secret shown.

A registry is a server we do not control, so every answer is treated as hostile:

- `timeout` is a deadline for the whole request (connect, headers and body), not per read: a
  watchdog shuts the socket down when it passes, so a server trickling one byte a second cannot
  hold a command for minutes. Answers larger than `max_response_bytes` are refused unread.
- Connection errors, timeouts, 429 and 5xx are retried `retries` times with exponential
  backoff; a `Retry-After` the registry sends is honoured up to `max_retry_after` seconds, and
  one asking for longer is reported at once rather than waited for.
- The body is redacted before anything reads it (every form of every secret, see
  `RegistrySettings.redact`), so a server echoing the Authorization header gets nothing shown.
- The body is parsed as JSON (too deep is "not JSON"); its shape is checked by `answers.py`.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import math
import socket
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import httpx

from event_contracts._registry import codes
from event_contracts._registry.settings import RegistrySettings
from event_contracts.errors import RegistryError

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
ACCEPT = (
    "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, "
    "application/json; qs=0.5"
)
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class _Deadline(Exception):
    """The request ran past its deadline (raised inside the exchange, reported as a timeout)."""


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


class Exchange:
    """Sends requests for ConfluentClient; `call` returns the parsed JSON of a 2xx answer."""

    def __init__(
        self,
        settings: RegistrySettings,
        http: httpx.Client,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.http = http
        self.sleep = sleep
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()

    def call(
        self,
        method: str,
        path: str,
        *,
        what: str,
        body: Any = None,
        params: dict[str, str] | None = None,
    ) -> Any:
        s = self.settings
        content = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": CONTENT_TYPE} if content is not None else {}
        attempts = s.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            wait = min(s.max_backoff, s.backoff * 2**attempt)
            try:
                status, text, response_headers = self._once(method, path, content, headers, params)
            except _Deadline:
                if last:
                    reason = f"timed out after {s.timeout:g} s, the deadline for a whole request"
                    raise self._unreachable(what, reason) from None
            except _TooLarge as big:
                raise RegistryError(
                    f"{what}: the registry's answer is larger than {s.max_response_bytes} bytes "
                    f"({big.size} or more); refused unread. Is the URL a schema registry?"
                ) from None
            except httpx.TimeoutException:
                if last:
                    raise self._unreachable(what, f"timed out after {s.timeout:g} s") from None
            except httpx.HTTPError as exc:
                if last:
                    reason = s.redact(str(exc) or type(exc).__name__)
                    raise self._unreachable(what, reason) from None
            else:
                if status < 300:
                    return parse_json(text, what, status)
                if status < 400:
                    where = s.redact(response_headers.get("location", "elsewhere"))[:200]
                    raise RegistryError(
                        f"{what}: the registry redirects to {where} (HTTP {status}); use that "
                        "URL as --url",
                        status=status,
                    )
                if status not in RETRY_STATUS or last:
                    raise codes.error_from_response(what, status, text)
                asked = retry_after(response_headers.get("retry-after"))
                if asked is not None and asked > s.max_retry_after:
                    error = codes.error_from_response(what, status, text)
                    raise RegistryError(
                        f"{error}. The registry asks to retry after {asked:g} s, longer than "
                        f"the {s.max_retry_after:g} s this client waits; retry later",
                        status=status,
                        error_code=error.error_code,
                        messages=error.messages,
                    )
                if asked is not None:
                    wait = max(wait, asked)
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self,
        method: str,
        path: str,
        content: bytes | None,
        headers: dict[str, str],
        params: dict[str, str] | None,
    ) -> tuple[int, str, httpx.Headers]:
        """(status, redacted body text, headers) of one request, within the deadline."""
        s = self.settings
        deadline = time.monotonic() + s.timeout
        fired = threading.Event()
        watchdog = threading.Timer(s.timeout, self._abort, args=(fired,))
        watchdog.daemon = True
        watchdog.start()
        try:
            with self.http.stream(
                method,
                path,
                content=content,
                headers=headers,
                params=params,
                extensions={"trace": self._trace},
            ) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > s.max_response_bytes:
                    raise _TooLarge(int(declared))
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > s.max_response_bytes:
                        raise _TooLarge(size)
                    if time.monotonic() > deadline:
                        raise _Deadline
                    chunks.append(chunk)
                raw = b"".join(chunks)
                text = s.redact(raw.decode(response.encoding or "utf-8", "replace"))
                return response.status_code, text, response.headers
        except (_TooLarge, _Deadline):
            raise
        except Exception:
            if fired.is_set():
                raise _Deadline from None
            raise
        finally:
            watchdog.cancel()

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: remember each new connection's socket for the watchdog."""
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                with self._lock:
                    self._sockets.add(sock)

    def _abort(self, fired: threading.Event) -> None:
        """The deadline passed: shut the client's sockets so the blocked read returns."""
        fired.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def _unreachable(self, what: str, reason: str) -> RegistryError:
        attempts = self.settings.retries + 1
        tries = f"{attempts} attempts" if attempts > 1 else "1 attempt"
        return RegistryError(
            self.settings.redact(
                f"{what}: cannot reach the schema registry at {self.settings.display_url} "
                f"({reason}; {tries}). Check the URL, the network and the TLS settings"
            )
        )


def retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date); None if unusable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(min(int(text[:12]), 10**9))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    seconds = when.timestamp() - time.time()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def parse_json(text: str, what: str, status: int) -> Any:
    """The JSON value of a 2xx answer; RegistryError when it is not JSON (or nests too deep
    for the parser). Callers never recurse into the value: `answers.py` checks its shape."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        snippet = " ".join(text[:400].split())[:200]
        raise RegistryError(
            f"{what}: the registry answered HTTP {status} with a body that is not JSON "
            f"({snippet!r}); is the URL a schema registry?",
            status=status,
        ) from None

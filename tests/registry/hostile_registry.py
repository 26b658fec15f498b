"""A registry that misbehaves on purpose, over real HTTP on 127.0.0.1.

Each request is answered by `behave(method, path, headers) -> Reply`: any status, headers and
body bytes, optionally trickled `trickle` seconds per byte, status line and headers included
(the slow-loris server a per-read timeout cannot stop).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"[]"
    headers: dict[str, str] = field(default_factory=dict)
    trickle: float = 0.0
    """Seconds between bytes of the response (0: all at once)."""
    trickle_body_only: bool = False
    """Send the status line and headers at once, then trickle the body."""


Behave = Callable[[str, str, dict[str, str]], Reply]


class _Handler(BaseHTTPRequestHandler):
    behave: Behave

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        reply = self.behave(
            self.command, self.path, {k.lower(): v for k, v in self.headers.items()}
        )
        head = [f"HTTP/1.1 {reply.status} Whatever"]
        # The connection is closed after each reply, and said so (RFC 9112 9.6): otherwise a
        # loaded machine lets the client reuse it before the close arrives, and fail.
        headers = {
            "Content-Type": "application/vnd.schemaregistry.v1+json",
            "Connection": "close",
            **reply.headers,
        }
        if "Transfer-Encoding" not in headers:
            headers.setdefault("Content-Length", str(len(reply.body)))
        head += [f"{k}: {v}" for k, v in headers.items()]
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + reply.body
        try:
            if reply.trickle:
                start = len(data) - len(reply.body) if reply.trickle_body_only else 0
                self.wfile.write(data[:start])
                for i in range(start, len(data)):
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()
                    time.sleep(reply.trickle)
            else:
                self.wfile.write(data)
        except OSError:  # the client gave up
            pass
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = _serve


class HostileServer:
    def __init__(self, behave: Behave) -> None:
        handler = type("Handler", (_Handler,), {"behave": staticmethod(behave)})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        host, port = self.httpd.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

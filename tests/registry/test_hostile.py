"""A registry that misbehaves on purpose: no secret shown, no hang, no traceback, no flood."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import pytest

from event_contracts import RegistryError
from event_contracts._cli.main import main
from event_contracts._registry.confluent import ConfluentClient

from .conftest import ROOT
from .hostile_registry import HostileServer, Reply

USER, PASSWORD, TOKEN = "alice", 'pa:ss/w0rd+"é', "tok-SECRET-123"
BASIC = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def forms() -> list[str]:
    """Every form a secret could be shown in."""
    return [PASSWORD, TOKEN, BASIC, BASIC.rstrip("="), json.dumps(PASSWORD)[1:-1]]


def assert_hidden(*texts: str) -> None:
    for text in texts:
        for form in forms():
            assert form not in text, f"{form!r} shown in {text[:300]!r}"


def echo(method: str, path: str, headers: dict[str, str]) -> Reply:
    """Echo the Authorization header everywhere a registry's words reach the user."""
    auth = headers.get("authorization", "")
    if path.startswith("/subjects/") and "versions/" in path:
        body = {"subject": auth, "version": 1, "id": 1, "schema": json.dumps({"doc": auth})}
        return Reply(200, json.dumps(body).encode())
    if path.startswith("/subjects"):
        return Reply(200, json.dumps([auth, f"x {auth} y"]).encode())
    if path.startswith("/config/"):
        return Reply(200, b'{"compatibilityLevel": "BACKWARD"}')
    return Reply(
        401, json.dumps({"error_code": 40101, "message": f"bad credentials {auth}"}).encode()
    )


@pytest.mark.parametrize("auth", ["basic", "bearer"])
def test_a_registry_echoing_the_authorization_header_gets_nothing_shown(
    auth: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("URL", "USER", "PASSWORD", "TOKEN"):
        monkeypatch.delenv(f"EVENT_CONTRACTS_REGISTRY_{name}", raising=False)
    if auth == "basic":
        monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_USER", USER)
        monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_PASSWORD", PASSWORD)
    else:
        monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_TOKEN", TOKEN)
    with HostileServer(echo) as server:
        base = ["--root", str(ROOT), "registry"]
        listed = main([*base, "pull", "--url", server.url, "--retries", "0"])
        shown = main([*base, "pull", "--url", server.url, "--subject", "s", "--version", "1"])
        failed = main([*base, "verify", "--url", server.url, "--retries", "0"])
        pushed = main([*base, "push", "--url", server.url, "--retries", "0"])
        with ConfluentClient(server.url, retries=0) as client:
            with pytest.raises(RegistryError) as info:
                client.get_global_compatibility()
            subjects = client.subjects()
    out, err = capsys.readouterr()
    assert (listed, shown, failed, pushed) == (0, 0, 2, 2)
    assert "Traceback" not in err
    assert "***" in out and "***" in err
    assert_hidden(out, err, str(info.value), repr(info.value), repr(client), *subjects)


def test_the_base64_and_escaped_forms_are_redacted_by_the_settings() -> None:
    client = ConfluentClient("http://r.test", username=USER, password=PASSWORD, env={})
    text = " ".join(f for f in forms() if f != TOKEN)
    assert_hidden(client.settings.redact(text))
    assert_hidden(repr(client), repr(client.settings))


def test_a_huge_error_message_is_cut() -> None:
    message = "x" * 5_000_000
    body = json.dumps({"error_code": 42201, "message": message, "messages": ["m" * 3000] * 500})
    with (
        HostileServer(lambda *_: Reply(422, body.encode())) as server,
        ConfluentClient(server.url, retries=0, env={}) as c,
        pytest.raises(RegistryError) as info,
    ):
        c.register("s", "{}", "AVRO")
    assert len(str(info.value)) < 2_000
    assert "more characters cut" in str(info.value)
    assert len(info.value.messages) == 51 and all(len(m) < 1_100 for m in info.value.messages)


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_trickling_registry_cannot_hold_a_request_past_its_deadline(where: str) -> None:
    body = json.dumps(["a"] * 200).encode()

    def trickle(*_: Any) -> Reply:
        # every byte arrives in time for a per-read timeout; the whole answer would take 40 s+
        return Reply(200, body, trickle=0.04, trickle_body_only=where == "body")

    with HostileServer(trickle) as server:
        started = time.monotonic()
        with (
            ConfluentClient(server.url, timeout=0.6, retries=1, env={}, sleep=lambda s: None) as c,
            pytest.raises(RegistryError, match=r"timed out after 0\.6 s"),
        ):
            c.subjects()
        elapsed = time.monotonic() - started
    assert elapsed < 4.0  # two attempts of 0.6 s each, with slack for a loaded machine


def test_an_answer_larger_than_the_cap_is_refused_unread() -> None:
    body = json.dumps(["s" * 1000] * 2000).encode()
    for declared in (True, False):
        headers = {} if declared else {"Transfer-Encoding": "chunked"}

        def big(*_: Any, headers: dict[str, str] = headers) -> Reply:
            if "Transfer-Encoding" in headers:  # no Content-Length: the cap counts the bytes
                chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
                return Reply(200, chunked, headers=headers)
            return Reply(200, body)

        with (
            HostileServer(big) as server,
            ConfluentClient(server.url, retries=0, max_response_bytes=100_000, env={}) as c,
            pytest.raises(RegistryError, match="larger than 100000 bytes"),
        ):
            c.subjects()


def mock(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> ConfluentClient:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers=headers or {})

    return ConfluentClient(
        "http://r.test", transport=httpx.MockTransport(handler), env={}, sleep=lambda s: None
    )


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    ("call", "body"),
    [
        (lambda c: c.register("s", "{}", "AVRO"), {"id": "abc"}),
        (lambda c: c.register("s", "{}", "AVRO"), {"id": True}),
        (lambda c: c.register("s", "{}", "AVRO"), {"id": 2**40}),
        (lambda c: c.register("s", "{}", "AVRO"), [1, 2]),
        (lambda c: c.get_version("s", 1), ["schema"]),
        (lambda c: c.get_version("s", 1), {"schema": 1, "id": 1}),
        (lambda c: c.get_version("s", 1), {"schema": "{}", "id": 1, "version": "x"}),
        (lambda c: c.get_version("s", 1), {"schema": "{}", "id": 1, "schemaType": ["AVRO"]}),
        (lambda c: c.schema_by_id(1), "just a string"),
        (lambda c: c.subjects(), {"subjects": []}),
        (lambda c: c.subjects(), [1, 2]),
        (lambda c: c.versions("s"), ["1"]),
        (lambda c: c.versions("s"), [0]),
        (lambda c: c.check_compatibility("s", "{}", "AVRO"), {"is_compatible": "yes"}),
        (
            lambda c: c.check_compatibility("s", "{}", "AVRO"),
            {"is_compatible": False, "messages": [{}]},
        ),
        (lambda c: c.get_compatibility("s"), {"compatibilityLevel": "SIDEWAYS"}),
        (lambda c: c.get_compatibility("s"), {"compatibilityLevel": [1]}),
        (lambda c: c.subjects(), DEEP),
        (lambda c: c.register("s", "{}", "AVRO"), b'{"id": ' + DEEP + b"}"),
    ],
)
def test_every_wrong_answer_shape_is_a_registry_error(call: Any, body: Any) -> None:
    with mock(body) as c, pytest.raises(RegistryError, match="registry") as info:
        call(c)
    assert len(str(info.value)) < 1_000


def test_a_deeply_nested_error_body_is_a_registry_error() -> None:
    with mock(DEEP, status=422) as c, pytest.raises(RegistryError, match="HTTP 422"):
        c.subjects()


def test_retry_after_is_honoured_within_the_bound() -> None:
    sleeps: list[float] = []
    answers = iter(
        [httpx.Response(503, headers={"Retry-After": "2"}), httpx.Response(200, json=["a"])]
    )
    with ConfluentClient(
        "http://r.test",
        transport=httpx.MockTransport(lambda r: next(answers)),
        sleep=sleeps.append,
        env={},
    ) as c:
        assert c.subjects() == ["a"]
    assert sleeps == [2.0]


def test_a_retry_after_beyond_the_bound_is_reported_at_once() -> None:
    sleeps: list[float] = []
    with (
        ConfluentClient(
            "http://r.test",
            transport=httpx.MockTransport(
                lambda r: httpx.Response(
                    429, headers={"Retry-After": "3600"}, json={"message": "slow"}
                )
            ),
            sleep=sleeps.append,
            env={},
        ) as c,
        pytest.raises(RegistryError, match="retry after 3600 s"),
    ):
        c.subjects()
    assert sleeps == []


def test_a_retry_after_date_is_read() -> None:
    from event_contracts._registry.transport import retry_after

    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: at once
    assert retry_after("soon") is None
    assert retry_after("9" * 40) == 10**9

"""ConfluentClient against httpx.MockTransport: requests on the wire, errors, retries."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from event_contracts import Mode, RegistryError
from event_contracts._registry.confluent import CONTENT_TYPE, ConfluentClient

Handler = Callable[[httpx.Request], httpx.Response]


def make(handler: Handler, sleeps: list[float] | None = None, **options: Any) -> ConfluentClient:
    record = sleeps if sleeps is not None else []
    return ConfluentClient(
        "http://registry.test:8081",
        transport=httpx.MockTransport(handler),
        sleep=record.append,
        env={},
        **options,
    )


def reply(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body, headers={"Content-Type": CONTENT_TYPE})


def test_register_posts_the_schema_with_confluents_content_type() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return reply(200, {"id": 7})

    with make(handler) as c:
        assert c.register("orders.OrderPlaced", '{"type":"string"}', "AVRO") == 7
        assert c.register("orders.Js", '{"type":"object"}', "JSON") == 7
    avro, js = seen
    assert avro.method == "POST"
    assert avro.url.path == "/subjects/orders.OrderPlaced/versions"
    assert avro.headers["Content-Type"] == CONTENT_TYPE
    assert "application/vnd.schemaregistry.v1+json" in avro.headers["Accept"]
    assert json.loads(avro.content) == {"schema": '{"type":"string"}'}  # AVRO is the default
    assert json.loads(js.content) == {"schema": '{"type":"object"}', "schemaType": "JSON"}


def test_subjects_with_slashes_and_spaces_are_one_path_segment() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.raw_path.decode())
        return reply(200, [1])

    with make(handler) as c:
        c.versions("team/a b")
    assert paths == ["/subjects/team%2Fa%20b/versions"]


def test_base_url_path_prefix_is_kept_for_apicurio_style_urls() -> None:
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        return reply(200, ["a"])

    c = ConfluentClient(
        "http://apicurio.test/apis/ccompat/v7",
        transport=httpx.MockTransport(handler),
        env={},
    )
    assert c.subjects() == ["a"]
    assert urls == ["http://apicurio.test/apis/ccompat/v7/subjects"]


def test_compatibility_is_asked_verbosely_against_one_version_or_all() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return reply(200, {"is_compatible": False, "messages": ["{errorType:'X'}"]})

    with make(handler) as c:
        one = c.check_compatibility("s", '"int"', "AVRO", version=3)
        latest = c.check_compatibility("s", '"int"', "AVRO")
        every = c.check_compatibility("s", '"int"', "AVRO", version=None)
    assert [r.url.path for r in seen] == [
        "/compatibility/subjects/s/versions/3",
        "/compatibility/subjects/s/versions/latest",
        "/compatibility/subjects/s/versions",
    ]
    assert all(r.url.params["verbose"] == "true" for r in seen)
    assert not one.is_compatible and one.messages == ("{errorType:'X'}",)
    assert latest == every == one


def test_config_get_and_put() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            assert json.loads(request.content) == {"compatibility": "FULL_TRANSITIVE"}
            return reply(200, {"compatibility": "FULL_TRANSITIVE"})
        if request.url.path == "/config/unset":
            return reply(404, {"error_code": 40408, "message": "Subject 'unset' does not have"})
        if request.url.path == "/config/old-registry":
            return reply(404, {"error_code": 40401, "message": "Subject not found."})
        return reply(200, {"compatibilityLevel": "BACKWARD"})

    with make(handler) as c:
        assert c.set_compatibility("s", "full_transitive") is Mode.FULL_TRANSITIVE
        assert c.get_compatibility("s") is Mode.BACKWARD
        assert c.get_compatibility("unset") is None
        assert c.get_compatibility("old-registry") is None
        assert c.get_global_compatibility() is Mode.BACKWARD


def test_get_by_id_and_version_read_schema_type() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/schemas/ids/5":
            return reply(200, {"schema": '{"type":"object"}', "schemaType": "JSON"})
        return reply(200, {"subject": "s", "version": 2, "id": 9, "schema": '"string"'})

    with make(handler) as c:
        by_id = c.schema_by_id(5)
        version = c.get_version("s", "latest")
    assert (by_id.schema_id, by_id.schema_type, by_id.subject) == (5, "JSON", None)
    assert (version.schema_id, version.schema_type, version.version) == (9, "AVRO", 2)


@pytest.mark.parametrize(
    ("status", "code", "words"),
    [
        (404, 40401, "subject not found"),
        (404, 40402, "version not found"),
        (404, 40403, "schema not found"),
        (409, 40901, "incompatible schema"),
        (409, 409, "incompatible schema"),
        (422, 42201, "invalid schema"),
        (422, 42202, "invalid version"),
        (422, 42203, "invalid compatibility level"),
        (401, 401, "unauthorized"),
        (403, 40301, "forbidden"),
    ],
)
def test_each_client_error_becomes_a_registry_error_at_once(
    status: int, code: int, words: str
) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return reply(status, {"error_code": code, "message": "the registry's own words"})

    sleeps: list[float] = []
    with make(handler, sleeps) as c, pytest.raises(RegistryError) as info:
        c.get_version("s", 1)
    err = info.value
    assert (err.status, err.error_code) == (status, code)
    assert words in str(err) and "the registry's own words" in str(err)
    assert calls == [1] and sleeps == []  # a 4xx is never retried


def test_incompatible_registration_carries_confluents_details_as_messages() -> None:
    message = (
        'Schema being registered is incompatible with an earlier schema for subject "s", '
        "details: [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field "
        "'x' at path '/fields/1' in the new schema has no default value'}, "
        '{oldSchemaVersion: 1}, {oldSchema: \'{"type":"record","name":"A","fields":'
        '[{"name":"x","type":{"type":"string"}}]}\'}, {compatibility: \'BACKWARD\'}]'
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return reply(409, {"error_code": 409, "message": message})

    with make(handler) as c, pytest.raises(RegistryError) as info:
        c.register("s", '"string"', "AVRO")
    assert info.value.messages[0].startswith("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'")
    assert info.value.messages[1] == "{oldSchemaVersion: 1}"
    assert info.value.messages[2].startswith("{oldSchema: '{") and info.value.messages[2].endswith(
        "}]}'}"
    )
    assert info.value.messages[3] == "{compatibility: 'BACKWARD'}"


@pytest.mark.parametrize("code", [50001, 50002, 50003])
def test_server_errors_are_retried_with_exponential_backoff_then_reported(code: int) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return reply(500, {"error_code": code, "message": "server trouble"})

    sleeps: list[float] = []
    with make(handler, sleeps, retries=3, backoff=0.5) as c, pytest.raises(RegistryError) as info:
        c.subjects()
    assert len(calls) == 4
    assert sleeps == [0.5, 1.0, 2.0]
    assert (info.value.status, info.value.error_code) == (500, code)


def test_backoff_is_capped() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return reply(503, {"error_code": 50003, "message": "no primary"})

    sleeps: list[float] = []
    with (
        make(handler, sleeps, retries=5, backoff=1.0, max_backoff=3.0) as c,
        pytest.raises(RegistryError),
    ):
        c.subjects()
    assert sleeps == [1.0, 2.0, 3.0, 3.0, 3.0]


def test_a_transient_failure_then_success_returns_the_answer() -> None:
    answers = iter([reply(502, "bad gateway"), reply(429, {"error_code": 429}), reply(200, ["s"])])
    with make(lambda request: next(answers)) as c:
        assert c.subjects() == ["s"]


def test_connection_errors_are_retried_then_reported_without_a_traceback_chain() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with make(handler, retries=2) as c, pytest.raises(RegistryError) as info:
        c.subjects()
    assert len(calls) == 3
    assert "cannot reach the schema registry at http://registry.test:8081" in str(info.value)
    assert "3 attempts" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_timeouts_are_reported_as_such() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with make(handler, retries=0, timeout=2.5) as c, pytest.raises(RegistryError) as info:
        c.subjects()
    assert "timed out after 2.5 s" in str(info.value)


def test_a_body_that_is_not_json_is_a_clear_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>login page</html>")

    with make(handler) as c, pytest.raises(RegistryError, match="not JSON"):
        c.subjects()


def test_lookup_returns_none_when_the_subject_or_schema_is_absent() -> None:
    codes = iter([40401, 40403])

    def handler(request: httpx.Request) -> httpx.Response:
        return reply(404, {"error_code": next(codes), "message": "nope"})

    with make(handler) as c:
        assert c.lookup("s", '"string"', "AVRO") is None
        assert c.lookup("s", '"string"', "AVRO") is None


def test_basic_auth_header() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization", ""))
        return reply(200, [])

    with make(handler, username="key", password="s3cr3t") as c:
        c.subjects()
    assert seen == ["Basic " + base64.b64encode(b"key:s3cr3t").decode()]


def test_bearer_token_header() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization", ""))
        return reply(200, [])

    with make(handler, token="tok-123") as c:
        c.subjects()
    assert seen == ["Bearer tok-123"]


def test_secrets_never_appear_in_repr_or_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # a registry that echoes the credentials back in its error message
        return reply(401, {"error_code": 401, "message": f"bad {request.headers['Authorization']}"})

    with make(handler, token="tok-SECRET") as c:
        assert "tok-SECRET" not in repr(c)
        with pytest.raises(RegistryError) as info:
            c.subjects()
    assert "tok-SECRET" not in str(info.value)
    assert "***" in str(info.value)


def test_a_redirect_is_reported_not_followed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "https://new.example/"})

    with make(handler) as c, pytest.raises(RegistryError, match="redirects to https://new"):
        c.subjects()

"""The real httpx client against the in-process fake registry, over TCP."""

from __future__ import annotations

import base64
import socket

import pytest

from event_contracts import Mode, RegistryError
from event_contracts._registry.confluent import CONTENT_TYPE, ConfluentClient

from .fake_registry import FakeRegistry, RunningServer

AVRO_A = '{"type":"record","name":"A","namespace":"t","fields":[{"name":"x","type":"int"}]}'
AVRO_A2 = (
    '{"type":"record","name":"A","namespace":"t","fields":[{"name":"x","type":"int"},'
    '{"name":"y","type":"string","default":""}]}'
)
JSON_S = '{"type":"object","properties":{"x":{"type":"integer"}}}'


def refuse_everything(new: object, earlier: list[object], mode: str, fmt: str) -> list[str]:
    return ["{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'stub refusal'}"]


def test_ids_are_global_and_stable_for_identical_schemas(client: ConfluentClient) -> None:
    first = client.register("t.A", AVRO_A, "AVRO")
    assert client.register("t.A", AVRO_A, "AVRO") == first  # again: same id, no new version
    assert client.versions("t.A") == [1]
    assert client.register("other-value", AVRO_A, "AVRO") == first  # same schema, other subject
    second = client.register("t.A", AVRO_A2, "AVRO")
    assert second != first
    assert client.versions("t.A") == [1, 2]
    assert client.subjects() == ["other-value", "t.A"]
    assert client.register("j", JSON_S, "JSON") not in (first, second)


def test_lookup_get_version_and_get_by_id(client: ConfluentClient) -> None:
    sid = client.register("t.A", AVRO_A, "AVRO")
    jid = client.register("j", JSON_S, "JSON")
    found = client.lookup("t.A", AVRO_A, "AVRO")
    assert found is not None and (found.schema_id, found.version) == (sid, 1)
    assert client.lookup("t.A", AVRO_A2, "AVRO") is None  # 40403
    assert client.lookup("nobody", AVRO_A, "AVRO") is None  # 40401
    assert client.get_version("t.A", "latest").schema == AVRO_A
    by_id = client.schema_by_id(jid)
    assert (by_id.schema_type, by_id.schema) == ("JSON", JSON_S)
    assert client.schema_by_id(sid).fingerprint() == client.get_version("t.A", 1).fingerprint()


def test_requests_carry_confluents_content_type(
    client: ConfluentClient, fake: FakeRegistry
) -> None:
    client.register("t.A", AVRO_A, "AVRO")
    post = fake.requests[-1]
    assert post.headers["content-type"] == CONTENT_TYPE
    assert post.body == {"schema": AVRO_A}


def test_compatibility_level_round_trip(client: ConfluentClient) -> None:
    client.register("t.A", AVRO_A, "AVRO")
    assert client.get_compatibility("t.A") is None  # 40408: only the global default applies
    assert client.set_compatibility("t.A", Mode.FULL_TRANSITIVE) is Mode.FULL_TRANSITIVE
    assert client.get_compatibility("t.A") is Mode.FULL_TRANSITIVE
    assert client.get_global_compatibility() is Mode.BACKWARD


def test_compatibility_checks_report_the_registrys_messages(
    client: ConfluentClient, fake: FakeRegistry
) -> None:
    client.register("t.A", AVRO_A, "AVRO")
    assert client.check_compatibility("t.A", AVRO_A2, "AVRO").is_compatible
    fake.decide = refuse_everything
    for version in ("latest", 1, None):
        check = client.check_compatibility("t.A", AVRO_A2, "AVRO", version=version)
        assert not check.is_compatible
        assert "stub refusal" in check.messages[0]
    client.set_compatibility("t.A", "NONE")
    assert client.check_compatibility("t.A", AVRO_A2, "AVRO", version=None).is_compatible


# -- every error code, through the wire ----------------------------------------------------------
def test_40401_subject_not_found(client: ConfluentClient) -> None:
    with pytest.raises(RegistryError) as info:
        client.versions("missing")
    assert (info.value.status, info.value.error_code) == (404, 40401)
    assert "Subject 'missing' not found." in str(info.value)


def test_40402_version_not_found(client: ConfluentClient) -> None:
    client.register("t.A", AVRO_A, "AVRO")
    with pytest.raises(RegistryError) as info:
        client.get_version("t.A", 9)
    assert (info.value.status, info.value.error_code) == (404, 40402)


def test_40403_schema_not_found(client: ConfluentClient) -> None:
    with pytest.raises(RegistryError) as info:
        client.schema_by_id(999)
    assert (info.value.status, info.value.error_code) == (404, 40403)


@pytest.mark.parametrize("code", [40901, 409])
def test_40901_incompatible_with_its_messages(
    client: ConfluentClient, fake: FakeRegistry, code: int
) -> None:
    fake.incompatible_code = code
    client.register("t.A", AVRO_A, "AVRO")
    fake.decide = refuse_everything
    with pytest.raises(RegistryError) as info:
        client.register("t.A", AVRO_A2, "AVRO")
    err = info.value
    assert (err.status, err.error_code) == (409, code)
    assert "stub refusal" in err.messages[0]
    assert "{oldSchemaVersion: 1}" in err.messages
    assert client.versions("t.A") == [1]


def test_42201_invalid_schema(client: ConfluentClient) -> None:
    with pytest.raises(RegistryError) as info:
        client.register("t.A", '{"type":"nonsense"}', "AVRO")
    assert (info.value.status, info.value.error_code) == (422, 42201)


def test_42202_invalid_version(client: ConfluentClient) -> None:
    client.register("t.A", AVRO_A, "AVRO")
    with pytest.raises(RegistryError) as info:
        client.get_version("t.A", 0)
    assert (info.value.status, info.value.error_code) == (422, 42202)


def test_42203_invalid_compatibility_level(client: ConfluentClient, fake: FakeRegistry) -> None:
    fake.levels = ("NONE", "BACKWARD", "FORWARD", "FULL")  # a registry without transitive levels
    with pytest.raises(RegistryError) as info:
        client.set_compatibility("t.A", "FULL_TRANSITIVE")
    assert (info.value.status, info.value.error_code) == (422, 42203)


@pytest.mark.parametrize("code", [50001, 50002, 50003])
def test_5000x_server_side_errors_after_retries(
    server: RunningServer, fake: FakeRegistry, code: int
) -> None:
    fake.fail_next(3, status=500, error_code=code)
    sleeps: list[float] = []
    client = ConfluentClient(server.url, retries=2, sleep=sleeps.append, env={})
    with client as c, pytest.raises(RegistryError) as info:
        c.subjects()
    assert (info.value.status, info.value.error_code) == (500, code)
    assert len(fake.requests) == 3 and len(sleeps) == 2


# -- retries, connection failures, timeouts --------------------------------------------------------
def test_two_503s_then_success(
    client: ConfluentClient, fake: FakeRegistry, sleeps: list[float]
) -> None:
    fake.fail_next(2, status=503)
    assert client.register("t.A", AVRO_A, "AVRO") == 1
    assert len(fake.requests) == 3
    assert sleeps == [0.25, 0.5]
    assert client.versions("t.A") == [1]  # retried registration did not duplicate anything


def test_4xx_is_not_retried(
    client: ConfluentClient, fake: FakeRegistry, sleeps: list[float]
) -> None:
    with pytest.raises(RegistryError):
        client.versions("missing")
    assert len(fake.requests) == 1 and sleeps == []


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_refused_is_retried_then_reported() -> None:
    sleeps: list[float] = []
    url = f"http://127.0.0.1:{_closed_port()}"
    client = ConfluentClient(url, retries=2, sleep=sleeps.append, env={})
    with client as c, pytest.raises(RegistryError) as info:
        c.subjects()
    assert "cannot reach the schema registry" in str(info.value)
    assert "3 attempts" in str(info.value)
    assert len(sleeps) == 2 and info.value.status is None


def test_a_slow_registry_times_out(server: RunningServer, fake: FakeRegistry) -> None:
    fake.delay = 1.0
    with (
        ConfluentClient(server.url, timeout=0.1, retries=1, sleep=lambda s: None, env={}) as c,
        pytest.raises(RegistryError, match=r"timed out after 0\.1 s"),
    ):
        c.subjects()
    assert len(fake.requests) == 2


# -- auth ------------------------------------------------------------------------------------------
def test_basic_auth(server: RunningServer, fake: FakeRegistry) -> None:
    fake.require_basic = ("api-key", "api-secret")
    with ConfluentClient(server.url, env={}) as anonymous, pytest.raises(RegistryError) as info:
        anonymous.subjects()
    assert info.value.status == 401 and "EVENT_CONTRACTS_REGISTRY_USER" in str(info.value)
    env = {
        "EVENT_CONTRACTS_REGISTRY_USER": "api-key",
        "EVENT_CONTRACTS_REGISTRY_PASSWORD": "api-secret",
    }
    with ConfluentClient(server.url, env=env) as c:
        assert c.subjects() == []
    expected = "Basic " + base64.b64encode(b"api-key:api-secret").decode()
    assert fake.requests[-1].headers["authorization"] == expected


def test_bearer_token(server: RunningServer, fake: FakeRegistry) -> None:
    fake.require_token = "oauth-token-1"
    with ConfluentClient(server.url, token="wrong", env={}) as c, pytest.raises(RegistryError):
        c.subjects()
    with ConfluentClient(server.url, env={"EVENT_CONTRACTS_REGISTRY_TOKEN": "oauth-token-1"}) as c:
        assert c.subjects() == []
    assert fake.requests[-1].headers["authorization"] == "Bearer oauth-token-1"


def test_the_client_and_the_file_registry_share_one_interface(client: ConfluentClient) -> None:
    from event_contracts._registry.model import Registry

    assert isinstance(client, Registry)

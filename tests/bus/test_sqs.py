"""The bus over SNS and SQS: moto in server mode on 127.0.0.1, started by the test; the
transport talks to it with boto3 over HTTP as it would to AWS."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.bus.scenario import run_scenario, user

from event_contracts.bus import Message, from_url

pytest.importorskip("boto3", reason="the `sqs` extra is not installed")
moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop()


def test_the_transport_scenario_over_sns_and_sqs(endpoint: str, tmp_path: Path) -> None:
    # Messages a stopped consumer received but did not delete come back after 1 s.
    url = f"sqs://{endpoint}?region=us-east-1&visibility-timeout=1&wait-seconds=1"
    run_scenario(lambda: from_url(url), tmp_path)


def test_the_body_is_a_json_cloudevent_that_round_trips() -> None:
    from event_contracts._bus.sqs import from_structured, to_structured
    from event_contracts.bus import message_for

    _, message = message_for(user(1))
    body = to_structured(message)
    assert '"specversion":"1.0"' in body and '"type":"identity.UserRegistered"' in body
    back = from_structured(body)
    assert isinstance(back, Message)
    assert (back.topic, back.key, back.value) == (message.topic, message.key, message.value)
    assert sorted(back.headers) == sorted(message.headers)

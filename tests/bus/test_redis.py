"""The bus over Redis Streams: a real redis-server (Debian's), started by the test on a free
port on 127.0.0.1; `.ci/run` installs it when missing."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.bus.scenario import run_scenario

from event_contracts.bus import from_url

redis = pytest.importorskip("redis", reason="the `redis` extra is not installed")
SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    if SERVER is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    port = free_port()
    proc = subprocess.Popen(
        [SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise
            time.sleep(0.05)
    client.close()
    yield url
    proc.terminate()
    proc.wait(10)


def test_the_transport_scenario_over_redis_streams(redis_url: str, tmp_path: Path) -> None:
    # Entries a stopped consumer left pending are claimed by the next after 200 ms idle.
    run_scenario(lambda: from_url(f"{redis_url}?claim-idle-ms=200"), tmp_path)


def test_entries_carry_the_cloudevents_headers(redis_url: str) -> None:
    from tests.bus.scenario import user

    from event_contracts.bus import Bus

    with Bus(redis_url) as bus:
        sent = bus.publish(user(1))
    client = redis.Redis.from_url(redis_url)
    [(_entry_id, fields)] = client.xrange("identity.UserRegistered")
    assert fields[b"h:ce_id"] == sent.event_id.encode()
    assert fields[b"h:content-type"] == b"application/avro"
    assert fields[b"key"] == sent.key.encode() and fields[b"value"] == sent.message.value
    client.close()


def test_the_redis_dedup_store_is_shared_and_expires(redis_url: str) -> None:
    from event_contracts.bus import RedisDedupStore

    client = redis.Redis.from_url(redis_url)
    one, two = RedisDedupStore(client, ttl=60), RedisDedupStore(redis.Redis.from_url(redis_url))
    assert not one.seen("orders:h", "e1")
    one.mark("orders:h", "e1")
    assert two.seen("orders:h", "e1") and not two.seen("billing:h", "e1")
    assert 0 < client.ttl("bus:handled:orders:h:e1") <= 60
    client.close()
    two.client.close()

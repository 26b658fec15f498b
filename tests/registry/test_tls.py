"""TLS settings against the fake registry served over HTTPS with a throwaway certificate."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from event_contracts import RegistryError
from event_contracts._registry.confluent import ConfluentClient

from .fake_registry import FakeRegistry, RunningServer

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "1",
            "-subj", f"/CN={name}", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("tls")
    return {"server": _self_signed(folder, "server"), "client": _self_signed(folder, "client")}


@pytest.fixture
def https(certs: dict[str, tuple[Path, Path]]) -> Iterator[RunningServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certs["server"])
    with FakeRegistry().serve(tls=context) as running:
        yield running


def test_a_ca_bundle_makes_a_private_certificate_trusted(
    https: RunningServer, certs: dict[str, tuple[Path, Path]]
) -> None:
    with ConfluentClient(https.url, ca_bundle=str(certs["server"][0]), env={}) as c:
        assert c.subjects() == []


def test_an_untrusted_certificate_is_refused(https: RunningServer) -> None:
    with (
        ConfluentClient(https.url, retries=0, env={}) as c,
        pytest.raises(RegistryError, match="cannot reach the schema registry"),
    ):
        c.subjects()


def test_insecure_skips_the_check(https: RunningServer) -> None:
    with ConfluentClient(https.url, verify=False, env={}) as c:
        assert c.subjects() == []


def test_mutual_tls_sends_the_client_certificate(certs: dict[str, tuple[Path, Path]]) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certs["server"])
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(certs["client"][0])
    ca = str(certs["server"][0])
    with FakeRegistry().serve(tls=context) as server:
        client_cert, client_key = (str(p) for p in certs["client"])
        with ConfluentClient(
            server.url, ca_bundle=ca, client_cert=client_cert, client_key=client_key, env={}
        ) as c:
            assert c.subjects() == []
        with (
            ConfluentClient(server.url, ca_bundle=ca, retries=0, env={}) as c,
            pytest.raises(RegistryError),
        ):
            c.subjects()


def test_unreadable_tls_files_are_a_clear_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.pem")
    with pytest.raises(RegistryError, match=r"cannot set up TLS for the registry from .*nope\.pem"):
        ConfluentClient("https://registry.test", ca_bundle=missing, env={})

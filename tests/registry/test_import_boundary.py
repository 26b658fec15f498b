"""Runtime code never pulls in httpx: only the Confluent client needs the tools extra."""

from __future__ import annotations

import subprocess
import sys

import event_contracts


def test_importing_the_package_and_the_resolver_does_not_import_httpx() -> None:
    code = (
        "import sys, event_contracts, event_contracts._registry.resolver, "
        "event_contracts._registry.file\n"
        "assert 'httpx' not in sys.modules, 'httpx imported'\n"
        "event_contracts.ConfluentClient\n"
        "assert 'httpx' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_client_is_part_of_the_public_api() -> None:
    assert event_contracts.ConfluentClient.__name__ == "ConfluentClient"
    assert "ConfluentClient" in event_contracts.__all__

"""`event-contracts registry push|verify|pull` against the fake registry, as a user runs them."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from event_contracts import Catalog, EventType, Mode
from event_contracts._cli.main import main
from event_contracts._registry.naming import SubjectNaming

from .conftest import ROOT
from .fake_registry import FakeRegistry, RunningServer


@pytest.fixture(autouse=True)
def _no_registry_env(monkeypatch: pytest.MonkeyPatch) -> None:
    names = ("URL", "USER", "PASSWORD", "TOKEN", "CA_BUNDLE", "CLIENT_CERT", "TIMEOUT")
    for name in (*names, "STRATEGY", "TOPIC"):
        monkeypatch.delenv(f"EVENT_CONTRACTS_REGISTRY_{name}", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(ROOT), "registry", *args])
    out, err = capsys.readouterr()
    return code, out, err


def subject(t: EventType) -> str:
    return SubjectNaming().subject_of(t)


def writes(fake: FakeRegistry) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests if r.method in ("PUT", "DELETE")] + [
        r.path
        for r in fake.requests
        if r.method == "POST"
        and r.path.endswith("/versions")
        and not r.path.startswith("/compatibility")
    ]


def refuse_second_versions(new: Any, earlier: list[Any], mode: str, fmt: str) -> list[str]:
    return ["{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'stub says no'}"]


def test_push_registers_every_version_in_order_and_sets_modes(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry, catalog: Catalog
) -> None:
    code, out, err = run(capsys, "push", "--url", server.url)
    assert (code, err) == (0, "")
    # subjects as confluent-kafka names them: Avro full names, JSON Schema titles
    assert sorted(fake.subjects) == sorted(subject(t) for t in catalog)
    assert "connections.MetaConnectionEstablished" not in fake.subjects
    assert "MetaConnectionEstablished" in fake.subjects
    for t in catalog:
        assert fake.config[subject(t)] == t.mode.value
        registered = [fake.by_id(i).parsed for i in fake.subjects[subject(t)]]
        assert registered == [v.schema for v in t.versions]
    total = sum(len(t.versions) for t in catalog)
    assert f"{total} version(s) registered, {len(catalog)} compatibility level(s) set" in out
    assert "catalog.ProductAdded: v2 registered as version 2" in out
    assert "registry.lock" not in out  # an empty registry assigned the lock's ids


def test_a_second_push_changes_nothing_and_says_so(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    assert run(capsys, "push", "--url", server.url)[0] == 0
    fake.requests.clear()
    code, out, _ = run(capsys, "push", "--url", server.url)
    assert code == 0
    assert "already registered, nothing changed" in out
    assert writes(fake) == []


def test_dry_run_changes_nothing(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    code, out, _ = run(capsys, "push", "--url", server.url, "--dry-run")
    assert code == 0
    assert fake.subjects == {} and fake.config == {}
    assert "would register" in out and "dry run" in out


def test_push_stops_at_the_first_refusal_with_both_verdicts(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    fake.decide = refuse_second_versions
    code, out, _ = run(capsys, "push", "--url", server.url)
    assert code == 1
    # catalog.ProductAdded is first in order and has two versions: v2 is refused
    assert "REFUSED: catalog.ProductAdded: v2 is incompatible under FULL_TRANSITIVE" in out
    assert "the registry says:" in out and "stub says no" in out
    assert "event-contracts says:" in out
    assert "push stopped at the first refusal" in out
    assert fake.subjects == {"catalog.ProductAdded": [1]}  # nothing after the refusal


def test_push_as_json_says_what_it_did_and_what_the_registry_refused(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    code, out, _ = run(capsys, "push", "--url", server.url, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["changed"] is True and data["rejection"] is None
    registered = [s for s in data["steps"] if s["action"] == "registered"]
    assert registered and all(isinstance(s["id"], int) for s in registered)
    assert {s["subject"] for s in registered} == set(fake.subjects)
    code, out, _ = run(capsys, "push", "--url", server.url, "--format", "json", "--dry-run")
    assert code == 0 and json.loads(out)["changed"] is False


def test_push_as_json_carries_both_verdicts_of_a_refusal(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    fake.decide = refuse_second_versions
    code, out, _ = run(capsys, "push", "--url", server.url, "--format", "json")
    rejection = json.loads(out)["rejection"]
    assert code == 1 and (rejection["event_type"], rejection["version"]) == (
        "catalog.ProductAdded",
        2,
    )
    assert "stub says no" in " ".join(rejection["registry_messages"])


def test_the_old_output_option_still_works_with_a_warning(
    capsys: pytest.CaptureFixture[str], server: RunningServer
) -> None:
    run(capsys, "push", "--url", server.url)
    code, out, err = run(capsys, "verify", "--url", server.url, "--output", "json")
    assert code == 0 and json.loads(out)["in_sync"] is True
    assert "deprecated" in err and "--format" in err


def test_push_with_a_topic_strategy(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    code, _, err = run(
        capsys, "push", "--url", server.url, "--strategy", "TopicNameStrategy", "--topic", "orders"
    )
    assert code == 2 and "choose one with --type" in err
    code, _, _ = run(
        capsys,
        "push",
        "--url",
        server.url,
        "--strategy",
        "TopicNameStrategy",
        "--topic",
        "orders",
        "--type",
        "orders.OrderPlaced",
    )
    assert code == 0 and list(fake.subjects) == ["orders-value"]
    code, _, _ = run(
        capsys,
        "push",
        "--url",
        server.url,
        "--strategy",
        "TopicRecordNameStrategy",
        "--topic",
        "orders",
        "--type",
        "orders.OrderPlaced",
    )
    assert code == 0 and "orders-orders.OrderPlaced" in fake.subjects


def test_a_level_the_registry_refuses_is_reported_with_exit_2(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    fake.levels = ("NONE", "BACKWARD", "FORWARD", "FULL")
    code, _, err = run(capsys, "push", "--url", server.url)
    assert code == 2
    assert "invalid compatibility level (error code 42203" in err
    assert "Traceback" not in err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("action", [["push"], ["verify"], ["pull", "--subject", "s"]])
def test_an_unreachable_registry_exits_2_without_a_traceback(
    capsys: pytest.CaptureFixture[str], action: list[str]
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    code, _, err = run(capsys, *action, "--url", url, "--retries", "0")
    assert code == 2
    assert "cannot reach the schema registry" in err and "Traceback" not in err


def test_no_url_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "verify")
    assert code == 2 and "EVENT_CONTRACTS_REGISTRY_URL" in err


def test_secrets_never_appear_in_output(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    server: RunningServer,
    fake: FakeRegistry,
) -> None:
    fake.require_basic = ("team-key", "pa55-secret-word")
    monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_URL", server.url)
    monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_USER", "team-key")
    monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_PASSWORD", "pa55-secret-word")
    outputs = [
        run(capsys, "push"),
        run(capsys, "verify"),
        run(capsys, "verify", "--format", "json"),
    ]
    assert [o[0] for o in outputs] == [0, 0, 0]
    monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_PASSWORD", "wrong-secret-word")
    failed = run(capsys, "verify")
    assert failed[0] == 2 and "unauthorized" in failed[2]
    url_creds = server.url.replace("http://", "http://team-key:pa55-secret-word@")
    monkeypatch.delenv("EVENT_CONTRACTS_REGISTRY_PASSWORD")
    outputs.append(run(capsys, "verify", "--url", url_creds))
    assert outputs[-1][0] == 0
    for _, out, err in [*outputs, failed]:
        assert "pa55-secret-word" not in out + err
        assert "wrong-secret-word" not in out + err


def test_verify_in_sync_after_push(
    capsys: pytest.CaptureFixture[str], server: RunningServer, catalog: Catalog
) -> None:
    run(capsys, "push", "--url", server.url)
    code, out, _ = run(capsys, "verify", "--url", server.url)
    total = sum(len(t.versions) for t in catalog)
    assert code == 0
    assert f"in sync, {total} version(s) in {len(catalog)} subject(s) checked" in out


def test_verify_reports_every_kind_of_drift(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry, catalog: Catalog
) -> None:
    run(capsys, "push", "--url", server.url)
    fake.put("catalog.ProductAdded", {"type": "record", "name": "X", "fields": []})  # extra
    fake.put("orders.Refunded", '"string"')  # a subject no type maps to
    fake.put("someone.Else", '"string"')  # not one of our modules: not ours to judge
    fake.subjects.pop("identity.UserRegistered")  # nothing registered
    fake.config["orders.OrderPlaced"] = "NONE"  # mode changed by hand
    # a subject whose first version is not ours
    fake.subjects["StockReserved"] = []
    fake.put("StockReserved", {"type": "object", "properties": {}}, "JSON")
    code, out, _ = run(capsys, "verify", "--url", server.url, "--format", "json")
    assert code == 1
    report = json.loads(out)
    kinds = {(d["kind"], d["subject"], d["version"]) for d in report["drift"]}
    assert kinds == {
        ("unknown-version", "catalog.ProductAdded", None),
        ("unknown-subject", "orders.Refunded", None),
        ("missing", "identity.UserRegistered", 1),
        ("missing", "identity.UserRegistered", 2),
        ("mode", "orders.OrderPlaced", None),
        ("different", "StockReserved", 1),
    }
    assert not report["in_sync"]
    code, out, _ = run(capsys, "verify", "--url", server.url)
    assert code == 1 and "DRIFT different: inventory.StockReserved v1 differs" in out


def test_verify_compares_meaning_not_text(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry, catalog: Catalog
) -> None:
    # Registered with other whitespace and key order (as another tool would): still in sync.
    for t in catalog:
        fake.config[subject(t)] = t.mode.value
        for v in t.versions:
            if v.format == "avro":
                text = json.dumps(v.schema, indent=4)
            else:
                text = json.dumps(v.schema, sort_keys=True)
            fake.put(subject(t), text, "AVRO" if v.format == "avro" else "JSON")
    code, out, _ = run(capsys, "verify", "--url", server.url)
    assert code == 0, out


def test_pull_prints_what_a_subject_holds(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    run(capsys, "push", "--url", server.url)
    code, out, _ = run(capsys, "pull", "--url", server.url, "--subject", "catalog.ProductAdded")
    assert code == 0
    assert "subject catalog.ProductAdded: 2 version(s) shown, compatibility FULL_TRANSITIVE" in out
    assert "= catalog.ProductAdded v2 here" in out and '"category"' in out
    code, out, _ = run(
        capsys,
        "pull",
        "--url",
        server.url,
        "--subject",
        "catalog.ProductAdded",
        "--version",
        "1",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert [v["version"] for v in data["versions"]] == [1]
    assert data["versions"][0]["local"] == "catalog.ProductAdded v1"
    assert data["compatibility"] == Mode.FULL_TRANSITIVE.value


def test_pull_of_an_unknown_subject(
    capsys: pytest.CaptureFixture[str], server: RunningServer
) -> None:
    code, _, err = run(capsys, "pull", "--url", server.url, "--subject", "nope")
    assert code == 2 and "Subject 'nope' not found." in err
    code, _, err = run(capsys, "pull", "--url", server.url, "--subject", "nope", "--version", "x")
    assert code == 2 and "--version" in err


def test_push_refuses_a_subject_holding_versions_it_does_not_know(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    fake.put("catalog.ProductAdded", {"type": "record", "name": "Other", "fields": []})
    code, _, err = run(capsys, "push", "--url", server.url)
    assert code == 2
    assert "holds 1 version(s) that match no version of catalog.ProductAdded" in err
    assert fake.subjects == {"catalog.ProductAdded": [1]}


def test_push_refuses_to_register_versions_out_of_order(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry, catalog: Catalog
) -> None:
    v2 = catalog["catalog.ProductAdded"].version(2)
    fake.put("catalog.ProductAdded", v2.schema)
    code, _, err = run(capsys, "push", "--url", server.url)
    assert code == 2 and "earlier version(s) v1 are not" in err


def test_pull_without_a_subject_lists_subjects(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    code, out, _ = run(capsys, "pull", "--url", server.url)
    assert code == 0 and "no subjects" in out
    fake.put("a.B", '"string"')
    fake.put("c-value", '"int"')
    code, out, _ = run(capsys, "pull", "--url", server.url)
    assert out.split() == ["a.B", "c-value"]


def test_the_strategy_and_topic_can_come_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    server: RunningServer,
    fake: FakeRegistry,
) -> None:
    monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_STRATEGY", "TopicRecordNameStrategy")
    monkeypatch.setenv("EVENT_CONTRACTS_REGISTRY_TOPIC", "events")
    code, out, _ = run(capsys, "push", "--url", server.url, "--type", "orders.OrderPlaced")
    assert code == 0 and list(fake.subjects) == ["events-orders.OrderPlaced"]
    assert "events-orders.OrderPlaced (orders.OrderPlaced): v1 registered" in out


def test_registries_without_the_all_versions_check_fall_back_to_latest(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry
) -> None:
    fake.all_versions_endpoint = False  # answers a bare 404, as some registries do
    fake.decide = refuse_second_versions
    code, out, _ = run(capsys, "push", "--url", server.url)
    assert code == 1 and "stub says no" in out
    checks = [r.path for r in fake.requests if r.path.startswith("/compatibility/")]
    assert checks == [
        "/compatibility/subjects/catalog.ProductAdded/versions",
        "/compatibility/subjects/catalog.ProductAdded/versions/latest",
    ]


def test_dry_run_asks_the_registry_about_the_next_version(
    capsys: pytest.CaptureFixture[str], server: RunningServer, fake: FakeRegistry, catalog: Catalog
) -> None:
    v1 = catalog["catalog.ProductAdded"].version(1)
    fake.put("catalog.ProductAdded", v1.schema)
    fake.decide = refuse_second_versions
    code, out, _ = run(
        capsys, "push", "--url", server.url, "--dry-run", "--type", "catalog.ProductAdded"
    )
    assert code == 1 and "REFUSED: catalog.ProductAdded: v2" in out
    assert fake.subjects["catalog.ProductAdded"] == [1] and fake.config == {}

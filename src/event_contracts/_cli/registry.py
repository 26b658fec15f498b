"""`event-contracts registry push|verify|pull`: the schemas on a Confluent-compatible registry.

Exit 0 done / in sync, 1 a refusal (push) or drift (verify), 2 bad usage or an unreachable or
failing registry. Credentials come from options or EVENT_CONTRACTS_REGISTRY_* variables and are
never printed.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from event_contracts._cli.common import deprecated, project
from event_contracts._cli.registry_output import print_push, print_verify, push_json
from event_contracts._registry.naming import SubjectNameStrategy, SubjectNaming
from event_contracts._schema.loader import load_catalog
from event_contracts._schema.model import Catalog
from event_contracts.errors import ContractError, UsageError

if TYPE_CHECKING:
    from event_contracts._registry.confluent import ConfluentClient


def register(sub: Any) -> None:
    p = sub.add_parser(
        "registry",
        help="push, verify or read schemas on a Confluent-compatible schema registry",
        description="Work with a Confluent-compatible schema registry (Confluent, Karapace, "
        "Redpanda, Apicurio's ccompat API). Credentials: EVENT_CONTRACTS_REGISTRY_USER and "
        "_PASSWORD, or _TOKEN; they are never printed.",
    )
    actions = p.add_subparsers(dest="registry_command", metavar="ACTION", required=True)
    push = actions.add_parser(
        "push", help="set compatibility levels and register every version, in order"
    )
    _connection_options(push)
    _naming_options(push)
    push.add_argument("--dry-run", action="store_true", help="change nothing; say what would be")
    _format_option(push)
    push.set_defaults(func=run_push)
    verify = actions.add_parser(
        "verify",
        help="check the registry holds exactly the repository's versions (1 on drift)",
    )
    _connection_options(verify)
    _naming_options(verify)
    _format_option(verify)
    verify.add_argument(
        "--ignore-lock-ids",
        action="store_true",
        help="do not compare the registry's ids with registry.lock's (when every producer and "
        "consumer takes ids from the registry, never ids='lock')",
    )
    verify.set_defaults(func=run_verify)
    pull = actions.add_parser("pull", help="print what a subject holds")
    _connection_options(pull)
    pull.add_argument("--subject", help="the subject to read (default: list every subject)")
    pull.add_argument(
        "--version", default="all", help="a version number, 'latest' or 'all' (default)"
    )
    _format_option(pull)
    pull.set_defaults(func=run_pull)


def _format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json"), default=None, help="output format")
    # `--output` before 0.2: still read, with a warning, for one release
    p.add_argument("--output", choices=("text", "json"), default=None, help=argparse.SUPPRESS)


def _output(args: argparse.Namespace) -> str:
    if args.output is not None:
        deprecated(f"registry {args.registry_command} --output", "--format")
        return str(args.format or args.output)
    return str(args.format or "text")


def _connection_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("registry connection")
    g.add_argument("--url", help="registry base URL (default: $EVENT_CONTRACTS_REGISTRY_URL)")
    g.add_argument("--user", help="basic auth user (default: $EVENT_CONTRACTS_REGISTRY_USER)")
    g.add_argument(
        "--password",
        help="basic auth password; prefer $EVENT_CONTRACTS_REGISTRY_PASSWORD (no shell history)",
    )
    g.add_argument("--token", help="bearer token; prefer $EVENT_CONTRACTS_REGISTRY_TOKEN")
    g.add_argument("--ca-bundle", help="PEM file of CA certificates to trust")
    g.add_argument("--cert", help="client certificate (PEM) for mutual TLS")
    g.add_argument("--key", help="private key of the client certificate")
    g.add_argument(
        "--insecure", action="store_true", help="do not verify the server certificate (dev only)"
    )
    g.add_argument(
        "--timeout",
        type=float,
        help="seconds for each request as a whole, a deadline, not per read (default 10)",
    )
    g.add_argument("--retries", type=int, help="retries on connection errors and 5xx (default 3)")


def _naming_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--strategy",
        help="subject naming: RecordNameStrategy (default; subject = event type), "
        "TopicNameStrategy (<topic>-value) or TopicRecordNameStrategy (<topic>-<event type>); "
        "default: $EVENT_CONTRACTS_REGISTRY_STRATEGY",
    )
    p.add_argument(
        "--topic",
        help="the topic, for the Topic* strategies (default: $EVENT_CONTRACTS_REGISTRY_TOPIC)",
    )
    p.add_argument(
        "--type",
        dest="types",
        action="append",
        default=[],
        metavar="EVENT_TYPE",
        help="only this event type (repeatable)",
    )


@contextmanager
def _client(args: argparse.Namespace) -> Iterator[ConfluentClient]:
    try:
        from event_contracts._registry.confluent import ConfluentClient
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise UsageError(
            "the registry client needs httpx: pip install 'event-contracts[tools]'"
        ) from None
    from event_contracts._registry.settings import RegistrySettings

    settings = RegistrySettings.from_env(
        args.url,
        username=args.user,
        password=args.password,
        token=args.token,
        ca_bundle=args.ca_bundle,
        client_cert=args.cert,
        client_key=args.key,
        timeout=args.timeout,
        retries=args.retries,
        verify=False if args.insecure else None,
    )
    client = ConfluentClient(settings)
    try:
        yield client
    finally:
        client.close()


def _naming(args: argparse.Namespace) -> SubjectNaming:
    strategy = args.strategy or os.environ.get("EVENT_CONTRACTS_REGISTRY_STRATEGY") or "record"
    topic = args.topic or os.environ.get("EVENT_CONTRACTS_REGISTRY_TOPIC") or None
    return SubjectNaming(SubjectNameStrategy.parse(strategy), topic)


def _catalog(args: argparse.Namespace) -> Catalog:
    proj = project(args)
    return load_catalog(proj.schemas, config=proj.config)


# -- push --------------------------------------------------------------------------------------
def run_push(args: argparse.Namespace) -> int:
    from event_contracts._registry.push import push

    catalog, naming = _catalog(args), _naming(args)
    with _client(args) as client:
        report = push(client, catalog, naming=naming, types=args.types, dry_run=args.dry_run)
        url = client.settings.display_url
    as_json = _output(args) == "json"
    if not as_json:
        print_push(report, url)
    lock_ids = _lock_ids(args)
    differ = [
        s
        for s in report.steps
        if s.schema_id is not None
        and lock_ids.get((s.event_type, s.version or 0), s.schema_id) != s.schema_id
    ]
    if as_json:
        print(json.dumps(push_json(report, url, differ), indent=2, default=str))
    elif differ:
        print(
            f"note: {len(differ)} version(s) have other ids in this registry than in "
            "registry.lock (it held other schemas first); Confluent framing must take ids from "
            "the registry (RegistryIdResolver), not ids='lock'. See docs/registry.md"
        )
    return 1 if report.rejection is not None else 0


# -- verify ------------------------------------------------------------------------------------
def run_verify(args: argparse.Namespace) -> int:
    from event_contracts._registry.verify import verify

    catalog, naming = _catalog(args), _naming(args)
    lock_ids = None if args.ignore_lock_ids else _lock_ids(args)
    with _client(args) as client:
        report = verify(client, catalog, naming=naming, types=args.types, lock_ids=lock_ids)
        print_verify(report, client.settings.display_url, _output(args))
    return 0 if report.in_sync else 1


def _lock_ids(args: argparse.Namespace) -> dict[tuple[str, int], int]:
    from event_contracts._schema.lock import LOCK_NAME, read_lock

    entries = read_lock(project(args).schemas / LOCK_NAME)
    return {(e.event_type, e.version): e.schema_id for e in entries}


# -- pull --------------------------------------------------------------------------------------
def run_pull(args: argparse.Namespace) -> int:
    output = _output(args)
    wanted = str(args.version).lower()
    if wanted not in ("all", "latest") and not wanted.isdigit():
        raise UsageError(f"--version {args.version!r}: use a number, 'latest' or 'all'")
    if not args.subject:
        with _client(args) as client:
            subjects = client.subjects()
        if output == "json":
            print(json.dumps(subjects, indent=2))
        else:
            print("\n".join(subjects) if subjects else "the registry holds no subjects")
        return 0
    with _client(args) as client:
        numbers: list[Any] = client.versions(args.subject) if wanted == "all" else [wanted]
        schemas = [client.get_version(args.subject, n) for n in numbers]
        mode = client.get_compatibility(args.subject)
    local: dict[str, tuple[str, int]] = {}
    try:
        local = {fp: (t.id, v.number) for fp, (t, v) in _catalog(args).by_fingerprint().items()}
    except ContractError:  # no readable schemas here: pull still prints what the registry holds
        local = {}
    rows = []
    for r in schemas:
        try:
            known = local.get(r.fingerprint())
        except ContractError:
            known = None
        rows.append((r, known))
    if output == "json":
        out = {
            "subject": args.subject,
            "compatibility": mode.value if mode else None,
            "versions": [
                {
                    "version": r.version,
                    "id": r.schema_id,
                    "schemaType": r.schema_type,
                    "schema": _parsed(r.schema),
                    "local": f"{k[0]} v{k[1]}" if k else None,
                }
                for r, k in rows
            ],
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    level = mode.value if mode else "not set (global default applies)"
    print(f"subject {args.subject}: {len(rows)} version(s) shown, compatibility {level}")
    for r, k in rows:
        note = f" = {k[0]} v{k[1]} here" if k else " (not in this repository)"
        print(f"\nversion {r.version}  id {r.schema_id}  {r.schema_type}{note}")
        print(json.dumps(_parsed(r.schema), indent=2, ensure_ascii=False))
    return 0


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text

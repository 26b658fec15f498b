"""`event-contracts compat OLD NEW --mode M`: an ad-hoc check of two schema files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from event_contracts._cli.common import deprecated
from event_contracts._compat.api import Format, check_compatibility, infer_format
from event_contracts._compat.model import Mode, Policy
from event_contracts._report.common import registry_phrase
from event_contracts._schema.jsonpos import line_of
from event_contracts._schema.jsonschema import meta_errors
from event_contracts._schema.jsontext import json_int
from event_contracts.errors import SchemaError, UsageError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "compat",
        help="check two schema files against each other",
        description="Judge NEW against OLD under a compatibility mode, as the gate does for one "
        "pair of versions, with a breaking payload for each finding.",
    )
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--mode", default="BACKWARD", help="compatibility mode (default BACKWARD)")
    p.add_argument(
        "--schema-format",
        choices=SCHEMA_FORMATS,
        default=None,
        help="avro or jsonschema (default: from the file suffix and content)",
    )
    p.add_argument("--policy", choices=("STRICT", "LENIENT"), default="STRICT")
    # `--format` is the output format, as in every command. Until 0.2 it named the schema
    # format here and `--output` the output format: both spellings still work, with a warning.
    p.add_argument(
        "--format",
        dest="format_arg",
        choices=OUTPUT_FORMATS + SCHEMA_FORMATS,
        metavar="{text,json}",
        default=None,
        help="output format: text (default) or json",
    )
    p.add_argument("--output", choices=OUTPUT_FORMATS, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


OUTPUT_FORMATS = ("text", "json")
SCHEMA_FORMATS = ("avro", "jsonschema")


def _formats(args: argparse.Namespace) -> tuple[str, Format | None]:
    """(output format, schema format), honouring the spellings before 0.2 with a warning."""
    output = "text"
    schema_format: Format | None = args.schema_format
    if args.format_arg in SCHEMA_FORMATS:
        deprecated(f"compat --format {args.format_arg}", f"--schema-format {args.format_arg}")
        schema_format = schema_format or args.format_arg
    elif args.format_arg is not None:
        output = args.format_arg
    if args.output is not None:
        deprecated(f"compat --output {args.output}", f"--format {args.output}")
        output = args.output
    return output, schema_format


def run(args: argparse.Namespace) -> int:
    output, schema_format = _formats(args)
    for path in (args.old, args.new):
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
        _check_schema_file(path, schema_format)
    try:
        result = check_compatibility(
            args.old,
            args.new,
            mode=Mode.parse(args.mode),
            format=schema_format,
            policy=Policy(args.policy),
        )
    except SchemaError as exc:  # names no file: say which pair it came from
        problems = "; ".join(f"{p.pointer or '/'}: {p.message}" for p in exc.problems)
        raise UsageError(f"{args.old} or {args.new} is not a valid schema: {problems}") from None
    if output == "json":
        print(
            json.dumps(
                {
                    "compatible": result.compatible,
                    "mode": result.mode.value,
                    "findings": [
                        {
                            "rule": f.rule,
                            "severity": f.severity,
                            "direction": f.direction,
                            "pointer": f.pointer,
                            "line": f.line,
                            "message": f.message,
                            "fix": f.fix,
                            "counterexample": f.counterexample,
                            "registry_accepts": f.registry_accepts,
                        }
                        for f in result.findings
                    ],
                    "search": {
                        "documents": result.searched,
                        "seconds": round(result.search_seconds, 4),
                    },
                },
                indent=2,
                default=str,
            )
        )
    else:
        for f in result.findings:
            where = f"{args.new if f.pointer_side == 'new' else args.old}"
            if f.line:
                where += f":{f.line}"
            print(f"{where}: {f.severity}: {f.rule} [{f.direction}] {f.pointer}\n    {f.message}")
            if f.fix and f.fix not in f.message:
                print(f"    fix: {f.fix}")
            if f.counterexample is not None:
                print(f"    breaks on: {json.dumps(f.counterexample, default=str)}")
            if f.registry_accepts is not None:
                print(f"    {registry_phrase(f.registry_accepts)}")
        print(("compatible" if result.compatible else "INCOMPATIBLE") + f" under {result.mode}")
    return 0 if result.compatible else 1


def _check_schema_file(path: Path, fmt: str | None) -> None:
    """Refuse unreadable or invalid schema files up front (exit 2), naming file and place."""
    try:
        text = path.read_text(encoding="utf-8")
        schema = json.loads(text, parse_int=json_int)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise UsageError(f"{path}: the JSON nests too deeply to read") from None
    if (fmt or infer_format(schema) if path.suffix != ".avsc" else "avro") != "jsonschema":
        return
    try:
        errors = list(meta_errors(schema))
    except KeyError:
        raise UsageError(f"{path}: unsupported $schema {schema.get('$schema')!r}") from None
    if errors:
        pointer, message = errors[0]
        line = line_of(text, pointer)
        raise UsageError(f"{path}:{line} ({pointer or '/'}): invalid JSON Schema: {message}")

"""Running a hand-written upcaster step and checking what it returned, for decode and tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastavro.validation import validate as avro_validate
from pydantic import ValidationError

from event_contracts._runtime.upcast import Hop
from event_contracts.errors import UpcastError

Record = dict[str, Any]
Stage = Callable[[Record], Record]
Check = Callable[[Record], str | None]


def avro_checker(parsed: Any) -> Check:
    return lambda record: avro_invalid(record, parsed)


def avro_invalid(record: dict[str, Any], parsed: Any) -> str | None:
    try:
        avro_validate(record, parsed, raise_errors=True)
    except Exception as exc:
        return str(exc)
    return None


def step_stage(
    hop: Hop, origin: tuple[str, int], invalid: Callable[[dict[str, Any]], str | None]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    step = hop.step
    assert step is not None

    def stage(record: dict[str, Any]) -> dict[str, Any]:
        try:
            out = step.fn(record)
        except Exception as exc:
            raise UpcastError(
                f"upcaster {step} raised {type(exc).__name__}: {exc}",
                event_type=origin[0],
                from_version=origin[1],
                to_version=step.to_version,
            ) from exc
        problem = (
            f"returned {type(out).__name__}, not a dict"
            if not isinstance(out, dict)
            else invalid(out)
        )
        if problem is not None:
            raise UpcastError(
                f"upcaster {step} returned data invalid for {step.target_type} "
                f"v{step.to_version}: {problem}",
                event_type=origin[0],
                from_version=origin[1],
                to_version=step.to_version,
            )
        return out

    return stage


def json_checker(validator: Any) -> Callable[[dict[str, Any]], str | None]:
    return lambda record: json_invalid(record, validator)


def json_invalid(record: dict[str, Any], validator: Any) -> str | None:
    error = next(iter(validator.iter_errors(record)), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{error.message} (at /{where})"


def first_error(exc: ValidationError) -> str:
    errors = exc.errors()
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "<root>"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}"

"""Generation time for 1,000 event versions: full, no-change `generate`, and `generate --check`.

References in the same run: loading the catalog alone (parse + fingerprint, what any command
pays), and datamodel-code-generator (the usual JSON Schema → pydantic tool, in-process, batched)
on a sample of the same JSON Schema versions. Targets: full < 20 s; no-change and --check < 2 s.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _synthetic import make_project
from event_contracts._cli.main import main
from event_contracts._schema.loader import scan


def timed(label: str, fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    print(f"{label:<40} {elapsed:8.3f} s", file=sys.__stdout__)
    return elapsed


def run(argv: list[str]) -> None:
    code = main(argv)
    assert code == 0, (argv, code)


def bench() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp))
        count = len(list((root / "schemas").rglob("v*.*")))
        print(f"{count} event versions")
        ref = timed(
            "reference: load catalog (deep=False)", lambda: scan(root / "schemas", deep=False)
        )
        quiet = ["--root", str(root)]
        with contextlib.redirect_stdout(io.StringIO()):
            full = timed("full generate", lambda: run([*quiet, "generate"]))
            again = timed("no-change generate", lambda: run([*quiet, "generate"]))
            check = timed("generate --check", lambda: run([*quiet, "generate", "--check"]))
        print(f"full: {full / count * 1000:.2f} ms per version; {full / ref:.1f}x catalog load")
        print(f"no-change: {again / ref:.2f}x catalog load; --check: {check / ref:.2f}x")
        reference_datamodel_codegen(root, full / count)


def reference_datamodel_codegen(root: Path, ours_per_version: float, sample: int = 40) -> None:
    """datamodel-code-generator on `sample` JSON Schema versions, in one process."""
    try:
        from datamodel_code_generator import DataModelType, InputFileType, generate
    except ImportError:
        print("datamodel-code-generator not installed (dev extra): reference skipped")
        return
    files = sorted((root / "schemas").rglob("v*.json"))[:sample]
    with tempfile.TemporaryDirectory() as out, warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        start = time.perf_counter()
        for i, path in enumerate(files):
            generate(
                path.read_text(),
                input_file_type=InputFileType.JsonSchema,
                output=Path(out) / f"m{i}.py",
                output_model_type=DataModelType.PydanticV2BaseModel,
            )
        per = (time.perf_counter() - start) / len(files)
    print(
        f"reference: datamodel-code-generator {per * 1000:.1f} ms per JSON Schema; "
        f"ours {ours_per_version * 1000:.2f} ms per version ({per / ours_per_version:.0f}x faster)"
    )


if __name__ == "__main__":
    bench()

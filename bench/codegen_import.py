"""Import time of one generated class when 1,000 versions are generated, against pydantic alone.

Each figure is the best of several fresh interpreters (`python -c ...`), so caches of the
running process do not count. Target: one class < 50 ms more than `import pydantic`.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _synthetic import make_project
from event_contracts._cli.main import main

RUNS = 7


def best(code: str, env: dict[str, str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - start)
    return min(times)


def bench() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp))
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["--root", str(root), "generate"]) == 0
        env = {**os.environ, "PYTHONPATH": str(root / "src")}
        # warm the bytecode caches once, as an installed package has them
        warm = "import compileall, sys; compileall.compile_dir(sys.argv[1], quiet=1)"
        subprocess.run([sys.executable, "-c", warm, str(root / "src")], check=True, env=env)
        base = best("import pydantic; pydantic.BaseModel", env)
        empty = best("pass", env)
        # pydantic builds its schema machinery when the first model is defined, whoever does it
        first_model = best("import pydantic\nclass A(pydantic.BaseModel):\n    x: int", env)
        one = best("from bench_events.mod0 import Thing0Happened", env)
        eager = best(
            "import importlib\n"
            "from bench_events import _index\n"
            "for t, v in _index.CLASSES: _index.class_for(t, v)",
            env,
        )
    print(f"interpreter start              {empty * 1000:8.1f} ms")
    print(f"import pydantic                {base * 1000:8.1f} ms")
    print(f"pydantic + one trivial model   {first_model * 1000:8.1f} ms")
    print(
        f"import one class (lazy)        {one * 1000:8.1f} ms  (+{(one - base) * 1000:.1f} ms"
        " over pydantic; target < +50 ms)"
    )
    print(
        f"import all 1,000 classes       {eager * 1000:8.1f} ms  (+{(eager - base) * 1000:.1f} ms)"
    )
    print(f"one class costs {(one - base) / max(eager - base, 1e-9):.1%} of importing them all")


if __name__ == "__main__":
    bench()

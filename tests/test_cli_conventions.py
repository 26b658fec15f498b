"""CLI conventions Python users expect: --version, `python -m`, -q/-v, --format as the output
format everywhere, help with a summary and exit codes, a missing extra named instead of a
traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from event_contracts._cli.main import build_parser, main

V1 = {"type": "record", "name": "a.Thing", "fields": [{"name": "x", "type": "int"}]}
V2 = {"type": "record", "name": "a.Thing", "fields": [{"name": "x", "type": "long"}]}


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "v1.avsc", tmp_path / "v2.avsc"
    old.write_text(json.dumps(V1), encoding="utf-8")
    new.write_text(json.dumps(V2), encoding="utf-8")
    return str(old), str(new)


def test_python_dash_m_prints_the_installed_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "event_contracts", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"event-contracts {metadata.version('event-contracts')}"


def test_the_script_exits_with_the_commands_status_and_output_after_freezing_its_objects(
    pair: tuple[str, str],
) -> None:
    """The installed script is `console`: `main`'s status and its whole output, and no last
    cycle collection over what the command built (the objects are frozen before exit)."""
    scripts = metadata.entry_points(group="console_scripts", name="event-contracts")
    assert [e.value for e in scripts] == ["event_contracts._cli.main:console"]
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0, file=sys.stderr))\n"
        "from event_contracts._cli.main import console\n"
        "sys.argv = ['event-contracts', 'compat', *sys.argv[1:]]\n"
        "console()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *pair, "--mode", "FORWARD"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1  # long -> int breaks a FORWARD reader
    assert "TYPE_MISMATCH" in done.stdout
    assert done.stdout.rstrip().endswith("INCOMPATIBLE under FORWARD")
    assert done.stderr.strip().endswith("frozen True")


def _commands(parser: object) -> list[tuple[str, object]]:
    import argparse

    assert isinstance(parser, argparse.ArgumentParser)
    out: list[tuple[str, object]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                out.append((name, child))
                out.extend((f"{name} {n}", c) for n, c in _commands(child))
    return out


def test_every_subcommand_help_has_a_summary_and_the_exit_codes() -> None:
    commands = _commands(build_parser())
    assert len(commands) >= 14  # ten commands, `new` and `registry` actions
    for name, command in commands:
        text = command.format_help()  # type: ignore[attr-defined]
        usage_end = text.index("\n\n") + 2
        summary = text[usage_end:].splitlines()[0]
        assert summary and not summary.startswith(("positional", "options")), name
        assert "exit codes:" in text and "2  bad input" in text, name


def test_compat_format_is_the_output_format(
    pair: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compat", *pair, "--mode", "FORWARD", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["compatible"] is False
    assert captured.err == ""


@pytest.mark.parametrize(
    ("old_spelling", "new_spelling"),
    [(["--format", "avro"], "--schema-format avro"), (["--output", "json"], "--format json")],
)
def test_compat_old_spellings_still_work_with_a_deprecation_warning(
    pair: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
    old_spelling: list[str],
    new_spelling: str,
) -> None:
    assert main(["compat", *pair, "--mode", "FORWARD", *old_spelling]) == 1
    captured = capsys.readouterr()
    assert "deprecated" in captured.err and new_spelling in captured.err
    assert "INCOMPATIBLE" in captured.out or json.loads(captured.out)["compatible"] is False


def test_quiet_prints_nothing_on_stdout_and_keeps_the_exit_code(
    pair: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-q", "compat", *pair, "--mode", "FORWARD"]) == 1
    assert capsys.readouterr().out == ""
    assert main(["-q", "compat", *pair, "--mode", "BACKWARD"]) == 0


def test_verbose_adds_the_traceback_to_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "missing.avsc")
    assert main(["compat", missing, missing]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main(["-v", "compat", missing, missing]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "is not a file" in err


def test_a_missing_tools_extra_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\nversion = "1.0.0"\n[tool.event-contracts]\nmodules = ["a"]\n',
        encoding="utf-8",
    )
    (tmp_path / "schemas").mkdir()
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "base"], check=True)
    monkeypatch.setitem(sys.modules, "semver", None)  # as if the extra were not installed
    assert main(["--root", str(tmp_path), "version", "--check", "--against", "HEAD"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'event-contracts[tools]'" in err
    assert "Traceback" not in err


def test_a_command_collects_cycles_less_often_and_restores_the_setting(
    pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from event_contracts._cli import main as cli_main
    from event_contracts._schema import cache

    seen: list[tuple[int, int, int]] = []
    real = cache.open_user_cache

    def spy() -> cache.Cache:  # the command's first step
        seen.append(gc.get_threshold())
        return real()

    monkeypatch.setattr(cache, "open_user_cache", spy)
    before = gc.get_threshold()
    assert main(["compat", *pair, "--mode", "BACKWARD"]) == 0
    assert gc.get_threshold() == before
    assert seen and seen[0][0] >= cli_main.YOUNG_OBJECTS
    assert seen[0][1:] == before[1:]


def test_a_run_registers_only_its_command_but_help_and_typos_see_them_all(
    capsys: pytest.CaptureFixture[str],
) -> None:
    everything = {name for name, _ in _commands(build_parser())}
    assert {name for name, _ in _commands(build_parser(["--root", "x", "-q", "list"]))} == {"list"}
    assert {n for n, _ in _commands(build_parser(["registry", "push"]))} == {
        n for n in everything if n.split()[0] == "registry"
    }
    for argv in (["--help"], ["chek"], []):
        assert {name for name, _ in _commands(build_parser(argv))} == everything
    assert main(["chek"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'chek'" in err and "'check'" in err and "'publish'" in err
    assert main(["check", "--help"]) == 0
    assert "--no-proof" in capsys.readouterr().out

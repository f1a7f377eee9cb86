"""A command of the command line imports only what it needs (issue 17: read commands within
0.35 s). Each command runs in a fresh interpreter; the modules it loaded are checked."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from contactdesk import cli

ROOT = Path(__file__).resolve().parents[2]
#: libraries the four lean read commands must not load
HEAVY = (
    "sqlalchemy",
    "alembic",
    "PySide6",
    "icalendar",
    "reportlab",
    "phonenumbers",
    "email_validator",
    "pypdf",
    "vobject",
)

PROBE = """
import json, sys
from contactdesk.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\n@@" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def loaded(*argv: str) -> tuple[int, set[str], str]:
    """(exit code, modules loaded, output) of one command in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    out, _, tail = result.stdout.rpartition("\n@@")
    report = json.loads(tail)
    return report["code"], set(report["modules"]), out + result.stderr


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("imports") / "demo.sqlite"
    code, _, out = loaded("--database", str(path), "demo")
    assert code == 0, out
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["contacts", "search", "weiss"],
        ["contacts", "search", "jugend", "--json", "--limit", "2"],
        ["contacts", "list", "--tag", "Jugend"],
        ["events", "list", "--json"],
        ["events", "list", "--from", "2021-01-01", "--to", "2021-12-31"],
        ["agreements", "due", "--days", "3650"],
    ],
    ids=" ".join,
)
def test_lean_read_commands_load_no_heavy_library(argv: list[str], demo_db: Path) -> None:
    code, modules, out = loaded("--database", str(demo_db), *argv)
    assert code == 0, out
    assert out.strip(), "the command printed nothing"
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == [], heavy
    # only the command's own area module of the command line
    areas = {m.rsplit(".", 1)[1] for m in modules if m.startswith("contactdesk.cli.")}
    assert areas - {"common", "jsonstream", argv[0]} == set()


def test_the_normal_path_really_differs(demo_db: Path) -> None:
    """The check above can fail: switched off, the same command loads SQLAlchemy."""
    import os

    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--database", str(demo_db), "agreements", "due"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**os.environ, "CONTACTDESK_READPATH": "normal"},
    )
    modules = set(json.loads(result.stdout.rpartition("\n@@")[2])["modules"])
    assert "sqlalchemy" in modules


def test_the_window_path_parses_without_any_area_module() -> None:
    """No subcommand (the window) and --help import none of the area modules."""
    before = {m for m in sys.modules if m.startswith("contactdesk.cli.")}
    code = (
        "import sys; from contactdesk.cli import build_parser, command_of;"
        "build_parser(command_of(['--database', 'x.sqlite']), full=False)"
        ".parse_args(['--database', 'x.sqlite']);"
        "print(sorted(m for m in sys.modules if m.startswith('contactdesk.cli.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "['contactdesk.cli.common']", result.stdout
    assert before == {m for m in sys.modules if m.startswith("contactdesk.cli.")}


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str | None]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return [(a.dest, a.help) for a in action._choices_actions]
    return []


def test_command_table_matches_the_area_modules() -> None:
    """COMMANDS names every subcommand of every area module, with its help, in order."""
    full = cli.build_parser()
    lazy = cli.build_parser(None, full=False)
    expected = [("demo", "Beispieldaten laden (mehrfach aufrufbar)")] + [
        (name, helptext) for name, (_, helptext) in cli.COMMANDS.items()
    ]
    assert _subcommands(full) == expected
    assert _subcommands(lazy) == expected
    assert lazy.format_help() == full.format_help()
    for name in cli.COMMANDS:  # the parser main() builds for each command
        one = cli.build_parser(name, full=False)
        assert _subcommands(one) == expected
        assert one.format_help() == full.format_help()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["contacts", "list"], "contacts"),
        (["--database", "contacts", "events", "list"], "events"),
        (["-v", "--area", "contacts", "--no-welcome"], None),
        (["--database=x.sqlite", "agreements", "due"], "agreements"),
        (["--help"], None),
        (["--", "contacts"], None),
        ([], None),
    ],
)
def test_command_of(argv: list[str], command: str | None) -> None:
    assert cli.command_of(argv) == command


def test_abbreviated_option_still_finds_its_command(demo_db: Path) -> None:
    """argparse accepts `--datab X`; command_of() reads X as the command, and main() falls
    back to the full parser instead of failing."""
    code, _, out = loaded("--datab", str(demo_db), "agreements", "due", "--days", "3650")
    assert code == 0, out
    assert "Kündigungsfrist" in out

"""The rule of the stairs, read from the source: the GUI asks services and leaves database,
calendar and recurrence libraries to the core; the core never imports the GUI, not even inside
a function."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "contactdesk"

#: libraries only the core may use (the GUI asks a service instead)
CORE_ONLY = ("sqlalchemy", "icalendar", "dateutil.rrule")

#: GUI modules that still import them at run time, with what they import. Owners remove their
#: entry when they fix the module; a new offender fails at once (the list only shrinks).
KNOWN_OFFENDERS: dict[str, set[str]] = {}


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside `if TYPE_CHECKING:` (only for type checkers)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
            (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
            or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
        ):
            for child in node.body:
                inside.update(id(n) for n in ast.walk(child))
    return inside


def imported_names(path: Path, *, with_type_checking: bool) -> set[tuple[str, str]]:
    """(module, name) of every import anywhere in the file, inside functions too; name is ""
    for `import module` and `import_module("module")`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set() if with_type_checking else _type_checking_blocks(tree)
    names: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names.update((alias.name, "") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Call):  # importlib.import_module("...") / __import__("...")
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add((first.value, ""))
    return names


def offending(names: set[tuple[str, str]]) -> set[str]:
    found = set()
    for module, name in names:
        full = f"{module}.{name}" if name else module
        for lib in CORE_ONLY:
            if module == lib or module.startswith(lib + "."):
                found.add(module)
            elif full == lib or full.startswith(lib + "."):  # from dateutil import rrule
                found.add(lib)
        if module == "contactdesk.core.db" and name.startswith("_"):
            found.add(full)
    return found


def gui_offenders() -> dict[str, set[str]]:
    result = {}
    for path in sorted((PACKAGE / "gui").rglob("*.py")):
        bad = offending(imported_names(path, with_type_checking=False))
        if bad:
            result[str(path.relative_to(PACKAGE))] = bad
    return result


def test_gui_leaves_database_and_calendar_libraries_to_the_core() -> None:
    found = gui_offenders()
    new = {k: v - KNOWN_OFFENDERS.get(k, set()) for k, v in found.items()}
    assert {k: v for k, v in new.items() if v} == {}, "the GUI must ask a service instead"
    fixed = {k: v - found.get(k, set()) for k, v in KNOWN_OFFENDERS.items()}
    assert {k: v for k, v in fixed.items() if v} == {}, "fixed: remove from KNOWN_OFFENDERS"


def test_the_check_finds_what_it_must(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from sqlalchemy.orm import Session\n"
        "def later():\n"
        "    from dateutil import rrule\n"
        "    import icalendar\n"
        "    from contactdesk.core.db import _sqlite_path, open_database\n"
        "    from sqlalchemy import select\n",
        encoding="utf-8",
    )
    assert offending(imported_names(sample, with_type_checking=False)) == {
        "dateutil.rrule",
        "icalendar",
        "contactdesk.core.db._sqlite_path",
        "sqlalchemy",
    }


GUI_MODULES = ("contactdesk.gui", "PySide6", "shiboken6")


def gui_imports_of_core_module(path: Path, root: Path = PACKAGE) -> set[str]:
    """What a core file imports from the GUI or Qt, anywhere in the file (inside functions and
    `if TYPE_CHECKING:` too), by every spelling: `import PySide6`, `from contactdesk import gui`,
    relative `from ...gui import x`, `import_module("contactdesk.gui.x")`."""
    package = path.relative_to(root.parent).with_suffix("").parts[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    full: set[str] = set()
    for module, name in imported_names(path, with_type_checking=True):
        full.add(module)
        if name:
            full.add(f"{module}.{name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = list(package[: len(package) - (node.level - 1)])
            module = ".".join([*base, node.module] if node.module else base)
            full.add(module)
            full.update(f"{module}.{alias.name}" for alias in node.names)
    return {n for n in full if any(n == m or n.startswith(m + ".") for m in GUI_MODULES)}


def test_core_never_imports_the_gui_not_even_inside_functions() -> None:
    offenders = {}
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        bad = gui_imports_of_core_module(path)
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = bad
    assert offenders == {}


def builds_undo_commands(path: Path) -> bool:
    """True when the module constructs an undo command itself (calls core.undo's Command)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "Command":
                return True
    return False


def test_gui_takes_undo_commands_from_the_core() -> None:
    builders = [
        str(path.relative_to(PACKAGE))
        for path in sorted((PACKAGE / "gui").rglob("*.py"))
        if builds_undo_commands(path)
    ]
    assert builders == [], "undo commands belong in core/undo*.py"


def test_the_undo_check_finds_a_builder(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def later(u):\n    return u.Command('x', print, print)\n")
    assert builds_undo_commands(sample)
    sample.write_text("from contactdesk.core.undo import Command\nstack: list[Command] = []\n")
    assert not builds_undo_commands(sample)


def test_the_core_check_finds_every_spelling(tmp_path: Path) -> None:
    root = tmp_path / "contactdesk"
    (root / "core" / "deep").mkdir(parents=True)
    sample = root / "core" / "deep" / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from contactdesk.core import db\n"
        "from .. import errors\n"
        "if TYPE_CHECKING:\n"
        "    from PySide6.QtWidgets import QWidget\n"
        "def later():\n"
        "    import shiboken6\n"
        "    from contactdesk import gui\n"
        "    from ...gui import selftest\n"
        "    from importlib import import_module\n"
        "    return import_module('contactdesk.gui.app')\n",
        encoding="utf-8",
    )
    assert gui_imports_of_core_module(sample, root) == {
        "PySide6.QtWidgets",
        "PySide6.QtWidgets.QWidget",
        "shiboken6",
        "contactdesk.gui",
        "contactdesk.gui.selftest",
        "contactdesk.gui.app",
    }

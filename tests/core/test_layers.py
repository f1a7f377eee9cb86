"""The rule of the stairs: nothing below the GUI imports Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path


def test_core_and_cli_import_no_pyside6() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import contactdesk.core
        for info in pkgutil.walk_packages(contactdesk.core.__path__, "contactdesk.core."):
            if ".migrations.versions." in info.name or info.name.endswith("migrations.env"):
                continue
            importlib.import_module(info.name)
        import contactdesk.cli
        from contactdesk.cli import build_parser
        build_parser()
        loaded = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
        print(len([m for m in sys.modules if m.startswith("contactdesk.core")]))
        assert not loaded, loaded
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 8  # the walk really imported the core modules


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_formats_and_models_stay_below_the_services() -> None:
    """Formats turn data into bytes and back; models import nothing above them."""
    core = Path(__file__).resolve().parents[2] / "contactdesk" / "core"
    offenders = {
        str(path.relative_to(core)): sorted(
            name for name in _imports(path) if name.startswith("contactdesk.core.services")
        )
        for folder in ("formats", "models")
        for path in (core / folder).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}

"""The rule of the stairs: nothing below the GUI imports Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap


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

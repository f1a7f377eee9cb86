"""A name starting with `_` belongs to its module: no other module of the package imports it
or reaches into it (`from contactdesk.core.db import _x`, `db._x`). A name two modules share is
public. Read from the source with `ast`, so imports inside functions count too.

(ruff's PLC2701 does not help here: it leaves imports within the same top-level package alone.)
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "contactdesk"


def _is_private(name: str) -> bool:
    """`_x` is private; `__x__` and gettext's `_` are not."""
    dunder = name.startswith("__") and name.endswith("__")
    return name.startswith("_") and name != "_" and not dunder


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module an ImportFrom reads from (relative imports resolved)."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_package_module(name: str, root: Path) -> bool:
    """Whether `name` (dotted, inside the package) is a module or package of ours."""
    rel = Path(*name.split(".")[1:]) if "." in name else Path()
    return (root / rel).with_suffix(".py").is_file() or (root / rel / "__init__.py").is_file()


def private_uses(path: Path, root: Path = PACKAGE) -> list[str]:
    """`line: what` for every private name this file takes from another module of `root`."""
    top = root.name
    module = _module_name(path, root)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    module_aliases: dict[str, str] = {}  # local name -> our module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == top and alias.asname:
                    module_aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, module, path.name == "__init__.py")
            if source.split(".")[0] != top or source == module:
                continue
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"{node.lineno}: from {source} import {alias.name}")
                elif _is_package_module(f"{source}.{alias.name}", root):
                    module_aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in module_aliases
            and module_aliases[node.value.id] != module
            and _is_private(node.attr)
        ):
            found.append(f"{node.lineno}: {module_aliases[node.value.id]}.{node.attr}")
    return found


def test_no_module_uses_a_private_name_of_another() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        uses = private_uses(path)
        if uses:
            offenders[str(path.relative_to(PACKAGE))] = uses
    assert offenders == {}, "make the shared name public (drop the underscore)"


def test_the_check_finds_what_it_must(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "core").mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    (root / "core" / "__init__.py").write_text("", encoding="utf-8")
    (root / "core" / "db.py").write_text(
        "def _own(): ...\ndef use(): return _own()\n", encoding="utf-8"
    )
    (root / "core" / "user.py").write_text(
        "import pkg.core.db as database\n"
        "from pkg.core import db\n"
        "from pkg.core.db import use, _\n"
        "from . import db as rel\n"
        "def later():\n"
        "    from pkg.core.db import _hidden\n"
        "    from .db import _relative\n"
        "    return db._path, database._url, rel._conn, db.__name__, use._x\n",
        encoding="utf-8",
    )
    assert private_uses(root / "core" / "user.py", root) == [
        "6: from pkg.core.db import _hidden",
        "7: from pkg.core.db import _relative",
        "8: pkg.core.db._path",
        "8: pkg.core.db._url",
        "8: pkg.core.db._conn",
    ]
    assert private_uses(root / "core" / "db.py", root) == []

"""No source file grows past about 600 lines (issue 13): a module that big holds more than one
subject and wants splitting along its seams. Migrations and the demo data are data, not code,
and stay whole; test modules get a little more room for their fixtures."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 600
TEST_LIMIT = 650
EXEMPT = ("contactdesk/core/migrations/versions/", "contactdesk/core/demo/")


def long_files(folder: str, limit: int) -> dict[str, int]:
    found = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name.startswith(EXEMPT):
            continue
        with path.open(encoding="utf-8") as handle:
            count = sum(1 for _line in handle)
        if count > limit:
            found[name] = count
    return found


def test_no_module_of_the_package_is_over_600_lines() -> None:
    assert long_files("contactdesk", LIMIT) == {}


def test_no_test_module_is_over_650_lines() -> None:
    assert long_files("tests", TEST_LIMIT) == {}
    assert long_files("scripts", LIMIT) == {}

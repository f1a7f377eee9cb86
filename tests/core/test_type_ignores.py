"""Every `type: ignore` in the package names its error code and says why it is there:

    value = thing.bar  # type: ignore[attr-defined]  # PySide6 stubs lack QFoo.bar

mypy itself (pyproject: warn_unused_ignores, ignore-without-code) fails on an ignore that is no
longer needed or has no code; this test adds the reason a reader needs. Comments are read with
`tokenize`, so text inside strings does not count.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "contactdesk"

IGNORE = re.compile(r"#\s*type:\s*ignore\b")
#: `# type: ignore[code, code]  # a reason with at least a few words`
WELL_FORMED = re.compile(
    r"#\s*type:\s*ignore\[[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*\]\s+#\s*(?P<reason>\S.*)$"
)


def bad_ignores(source: str) -> list[str]:
    """`line: comment` for each type-ignore comment without an error code or reason."""
    bad = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type != tokenize.COMMENT or not IGNORE.search(token.string):
            continue
        match = WELL_FORMED.search(token.string)
        if match is None or len(match["reason"].split()) < 2:
            bad.append(f"{token.start[0]}: {token.string}")
    return bad


def test_every_type_ignore_names_its_code_and_reason() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        bad = bad_ignores(path.read_text(encoding="utf-8"))
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = bad
    assert offenders == {}, "write: # type: ignore[code]  # why it cannot be typed"


def test_the_check_tells_good_from_bad() -> None:
    source = (
        "a = 1  # type: ignore\n"
        "b = 2  # type: ignore[attr-defined]\n"
        "c = 3  # type: ignore[attr-defined]  # ok\n"
        "d = 4  # type: ignore[attr-defined]  # PySide6 stubs lack QFoo.bar\n"
        "e = 5  # type: ignore[arg-type, union-attr]  # reportlab stubs: Flowable list\n"
        "f = '# type: ignore'\n"
        "g = 6  # type:ignore[misc]#no space reason\n"
    )
    assert bad_ignores(source) == [
        "1: # type: ignore",
        "2: # type: ignore[attr-defined]",
        "3: # type: ignore[attr-defined]  # ok",
        "7: # type:ignore[misc]#no space reason",
    ]

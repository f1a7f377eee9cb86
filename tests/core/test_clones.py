"""The clone detector (tests/tools/clones.py) and what it guards: no two view modules repeat six
or more lines of the same shape (issue 13). What similar code remains, and why, is listed in the
README's development section."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.tools.clones import clones_across, clones_between, lines_of

PACKAGE = Path(__file__).resolve().parents[2] / "contactdesk"

TWIN = """
def show_errors(self, fields):
    first = None
    for key, message in fields.items():
        widget, err = self.widgets[key]
        mark_invalid(widget, message)
        err.setText(message)
        err.setVisible(True)
        if first is None:
            first = widget
    self.summary.setText("\\n".join(fields.values()))
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_twin_with_other_names_and_texts_is_found(tmp_path: Path) -> None:
    a = write(tmp_path, "a.py", "import os\n\nX = 1\n" + TWIN)
    renamed = TWIN.replace("show_errors", "mark_fields").replace("first", "target")
    renamed = renamed.replace('"\\n"', '"; "')
    b = write(tmp_path, "b.py", '"""Another module."""\n\n' + renamed)
    found = clones_between(a, b)
    assert len(found) == 1
    clone = found[0]
    assert clone.length >= 6
    assert clone.first_lines[0] == 5 and clone.second_lines[0] == 4  # the def lines
    assert clones_across([a, b]) == found


def test_imports_docstrings_comments_and_blank_lines_do_not_count(tmp_path: Path) -> None:
    header = '''
        """A docstring
        over several lines."""

        from x import (
            a,
            b,
            c,
            d,
            e,
        )
        # a comment
        import y
    '''
    header = textwrap.dedent(header)
    a = write(tmp_path, "a.py", header + "\nZ = a(b)\n")
    b = write(tmp_path, "b.py", header.replace("x import", "w import") + "\nQ = c(d)\n")
    assert [line.shape for line in lines_of(a)] == ["N = N ( N )"]
    assert clones_between(a, b) == []


def test_thin_runs_of_keywords_and_punctuation_are_not_clones(tmp_path: Path) -> None:
    thin_a = "def f(a, b):\n    if a:\n        return a\n    else:\n        return b\n    pass\n"
    thin_b = "def g(x, y):\n    if x:\n        return x\n    else:\n        return y\n    pass\n"
    a = write(tmp_path, "a.py", thin_a)
    b = write(tmp_path, "b.py", thin_b)
    assert clones_between(a, b, min_names=1) == []  # no name is shared on any line
    assert clones_between(a, a.with_name("a.py")) == []  # a file is no twin of itself


def test_a_short_twin_is_not_reported(tmp_path: Path) -> None:
    five = "\n".join(TWIN.strip().splitlines()[:5]) + "\n"
    a = write(tmp_path, "a.py", five)
    b = write(tmp_path, "b.py", "\n" + five)
    assert clones_between(a, b) == []
    assert len(clones_between(a, b, min_lines=5)) == 1


def test_no_two_modules_of_the_window_or_the_command_line_repeat_six_statements() -> None:
    """The views (and every other GUI module) are built on shared bases: an editor on
    gui/views/base/editor.py, a list area on base/master_detail.py, a list model on
    gui/models/rows.py, a dialog from gui/widgets/dialog_parts.py; a command's answer on
    cli/common.py. A twin found here wants its one home there."""
    files = [*(PACKAGE / "gui").rglob("*.py"), *(PACKAGE / "cli").rglob("*.py")]
    found = clones_across(sorted(files))
    assert not found, "\n".join(str(clone) for clone in found)

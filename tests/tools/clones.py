"""A small clone detector: runs of six or more statements of the same shape in two files.

A line is a statement (a call written over several physical lines is one line). Its *shape*
is its tokens with every name, string and number replaced by a placeholder (keywords and
operators stay), so `self.title.setText(_("A"))` and `self.name.setText(_("B"))` have the same
shape. Blank lines, comments, import statements and what is declared rather than done
(docstrings, attribute docs, the attributes of a class body) do not count and do not break a
run. Two files form a pair when they share a run of `min_lines` consecutive counted lines of
the same shape.

A run only counts as a clone when it is not *thin*: at least half of its lines must carry a
name that is the same on both sides (a call, an attribute, a helper) and it must hold at least
`min_names` distinct such names. Six lines of `)`, `else:` and `return x` share a shape with
half the code base; six lines doing the same thing with the same calls are a clone.

Run `python -m tests.tools.clones DIR...` to list the pairs (used while cleaning up).
"""

from __future__ import annotations

import io
import keyword
import sys
import tokenize
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

MIN_LINES = 6
MIN_NAMES = 4
SKIP_TOKENS = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}


@dataclass(frozen=True)
class Line:
    number: int
    shape: str
    names: frozenset[str]


@dataclass(frozen=True)
class Clone:
    first: Path
    first_lines: tuple[int, int]
    second: Path
    second_lines: tuple[int, int]
    length: int

    def __str__(self) -> str:
        a, b = self.first_lines
        c, d = self.second_lines
        return f"{self.first}:{a}-{b} ~ {self.second}:{c}-{d} ({self.length} lines)"


def _statement_kinds(source: str) -> tuple[set[int], set[int]]:
    """Line numbers of import statements and of what is declared rather than done: docstrings,
    the strings that document an attribute, and the attributes a class body declares (a
    signal, a key, a title). Neither is code to compare."""
    import ast

    imports: set[int] = set()
    declared: set[int] = set()

    def rows(node: ast.stmt | ast.expr) -> range:
        return range(node.lineno, (node.end_lineno or node.lineno) + 1)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.update(rows(node))
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            declared.update(rows(node))
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.Assign | ast.AnnAssign):
                    declared.update(rows(item))
    return imports, declared


def lines_of(path: Path) -> list[Line]:
    """The counted lines of a file: one per statement (a call written over several lines is
    one line), with its shape and the names in it."""
    source = path.read_text(encoding="utf-8")
    imports, declared = _statement_kinds(source)
    shapes: dict[int, list[str]] = defaultdict(list)
    names: dict[int, set[str]] = defaultdict(set)
    start: int | None = None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NEWLINE:
            start = None  # the statement ends
            continue
        row = token.start[0]
        if token.type in SKIP_TOKENS or row in imports or row in declared:
            continue
        if start is None:
            start = row
        if token.type == tokenize.NAME and not keyword.iskeyword(token.string):
            shapes[start].append("N")
            if token.string not in ("self", "_", "cls"):
                names[start].add(token.string)
        elif token.type == tokenize.STRING or token.type in _FSTRING_TOKENS:
            if not shapes[start] or shapes[start][-1] != "S":
                shapes[start].append("S")
        elif token.type == tokenize.NUMBER:
            shapes[start].append("0")
        else:
            shapes[start].append(token.string)
    return [Line(row, " ".join(shapes[row]), frozenset(names[row])) for row in sorted(shapes)]


_FSTRING_TOKENS = {
    getattr(tokenize, name)
    for name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
    if hasattr(tokenize, name)
}


def _thick(a: list[Line], b: list[Line], min_names: int) -> bool:
    shared = [x.names & y.names for x, y in zip(a, b, strict=True)]
    carrying = sum(1 for names in shared if names)
    distinct = set().union(*shared)
    return carrying * 2 >= len(a) and len(distinct) >= min_names


def clones_between(
    first: Path,
    second: Path,
    *,
    min_lines: int = MIN_LINES,
    min_names: int = MIN_NAMES,
) -> list[Clone]:
    """The maximal runs of same-shape lines that two different files share (not thin)."""
    if first.resolve() == second.resolve():
        return []  # a file is no twin of itself
    return clones_across([first, second], min_lines=min_lines, min_names=min_names)


def clones_across(
    files: list[Path], *, min_lines: int = MIN_LINES, min_names: int = MIN_NAMES
) -> list[Clone]:
    """Every clone between two different files of the list.

    Every window of `min_lines` shapes is indexed once; two places sharing a window are
    followed to the end of their common run, starting only where the run begins."""
    ordered = sorted(set(files))
    lines = [lines_of(path) for path in ordered]
    shapes = [[line.shape for line in file_lines] for file_lines in lines]
    windows: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for f, file_shapes in enumerate(shapes):
        for i in range(len(file_shapes) - min_lines + 1):
            windows[tuple(file_shapes[i : i + min_lines])].append((f, i))
    found: list[Clone] = []
    for places in windows.values():
        if len({f for f, _i in places}) < 2:
            continue
        for k, (fa, i) in enumerate(places):
            for fb, j in places[k + 1 :]:
                if fa == fb:
                    continue
                sa, sb = shapes[fa], shapes[fb]
                if i > 0 and j > 0 and sa[i - 1] == sb[j - 1]:
                    continue  # inside a longer run, found from its start
                n = min_lines
                while i + n < len(sa) and j + n < len(sb) and sa[i + n] == sb[j + n]:
                    n += 1
                a, b = lines[fa][i : i + n], lines[fb][j : j + n]
                if _thick(a, b, min_names):
                    found.append(
                        Clone(
                            ordered[fa],
                            (a[0].number, a[-1].number),
                            ordered[fb],
                            (b[0].number, b[-1].number),
                            n,
                        )
                    )
    return sorted(found, key=lambda c: (-c.length, str(c.first), c.first_lines))


def main(argv: list[str]) -> int:
    files = [p for arg in argv for p in sorted(Path(arg).rglob("*.py"))]
    for clone in clones_across(files):
        print(clone)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

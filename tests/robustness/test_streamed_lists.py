"""`contacts list/search --json` stream their rows (issue 18, finding 9): the output is byte
for byte what the command printed before (json.dump of the whole list, indent 2)."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactdesk.cli.jsonstream import write_json_list
from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs

ROOT = Path(__file__).resolve().parents[2]

NAMES = ["Jörg", 'Anna "Anni"', "Back\\slash", "Tab\there", "Ayşe", "Zoë\u2028x", "Emoji 😀", "Ä"]


def _old_json(rows: list[cs.ContactRow]) -> str:
    """What `contacts list --json` printed before streaming (print_json of the whole list)."""
    return json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stream") / "klein.sqlite"
    db = open_database(path)
    with db.session() as session:
        items = [
            cs.ContactData(
                first_name=name,
                last_name=f"Muster{i}",
                emails=[cs.EmailData(f"p{i}@example.org")] if i % 2 else [],
                tags=["Ehrenamt"] if i % 3 == 0 else [],
            )
            for i, name in enumerate(NAMES)
        ] + [
            cs.ContactData(
                kind="organisation", name="Verein „Miteinander“ e. V.", org_kind="verein"
            )
        ]
        cs.bulk_create(session, items)
        session.commit()
    db.dispose()
    return path


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CONTACTDESK_DATABASE"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--database", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("contacts", "list"),
        ("contacts", "list", "--limit", "3"),
        ("contacts", "list", "--kind", "organisation"),
        ("contacts", "list", "--tag", "Ehrenamt"),
        ("contacts", "search", "Muster"),
        ("contacts", "search", "Muster", "--limit", "2"),
        ("contacts", "search", "niemand"),
    ],
)
def test_streamed_json_is_the_old_output(small_db: Path, args: tuple[str, ...]) -> None:
    result = _run(small_db, *args, "--json")
    assert result.returncode == 0, result.stderr
    db = open_database(small_db)
    try:
        with db.session() as session:
            query = args[2] if args[1] == "search" else ""
            flt = cs.ContactFilter(
                query=query,
                kind="organisation" if "--kind" in args else None,
                tag="Ehrenamt" if "--tag" in args else None,
            )
            limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
            rows = cs.list_contacts(session, flt, limit=limit)
    finally:
        db.dispose()
    assert result.stdout == _old_json(rows)
    assert json.loads(result.stdout) == [dataclasses.asdict(r) for r in rows]


def test_text_output_lists_every_contact_once(small_db: Path) -> None:
    result = _run(small_db, "contacts", "list")
    assert result.returncode == 0
    lines = result.stdout.rstrip("\n").split("\n")
    assert len(lines) == len(NAMES) + 1
    assert any("Jörg Muster0" in line and "<" not in line for line in lines)
    assert any("Ä Muster7 <p7@example.org>" in line for line in lines)


def test_search_without_letters_or_digits_is_refused_not_everything(small_db: Path) -> None:
    """Finding 9: a lone `"` printed every contact."""
    result = _run(small_db, "contacts", "search", '"')
    assert result.returncode == 2
    assert result.stdout == ""
    assert "keine Buchstaben oder Ziffern" in result.stderr and "Traceback" not in result.stderr


def test_row_to_dict_is_asdict() -> None:
    row = cs.ContactRow(1, "person", "A", "B", "c@d", "+49", "X", "t", "r", "o")
    assert row.to_dict() == dataclasses.asdict(row)
    assert list(row.to_dict()) == [f.name for f in dataclasses.fields(cs.ContactRow)]


_scalars = (
    st.text()
    | st.integers()
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=False)
    | st.lists(st.integers() | st.text(), max_size=3)
    | st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)
)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=10), _scalars, max_size=6), max_size=5))
def test_write_json_list_equals_json_dump(items: list[dict[str, object]]) -> None:
    out = io.StringIO()
    assert write_json_list(items, out) == len(items)
    assert out.getvalue() == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def test_write_json_list_special_floats() -> None:
    items = [{"a": math.inf, "b": -math.inf, "c": 1.5}]
    out = io.StringIO()
    write_json_list(items, out)
    assert out.getvalue() == json.dumps(items, ensure_ascii=False, indent=2) + "\n"

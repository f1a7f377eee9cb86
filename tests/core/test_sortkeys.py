"""Sort keys: ordering by key is the name order, whatever happens to the contacts.

The search reads its hits in key order (the index rowids), so the invariant is what makes a
search list its hits sorted by name. The checks compare against an oracle written from scratch:
Python sorting (sort_name, id) and matching query words as prefixes of the indexed words.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from contactdesk.core import search, sortkeys
from contactdesk.core.db import Database, open_database
from contactdesk.core.models import Contact
from contactdesk.core.services import contacts as cs

NAMES = ["Müller", "Muller", "Weiß", "Weiss", "Öztürk", "Abel", "Zander", "Groß", "Mai", "Maier"]
FIRST = ["Anna", "Jörg", "Ayşe", ""]

_counter = itertools.count()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sortkeys") / "template.sqlite"
    open_database(path).dispose()
    return path


def _fresh(template: Path, tmp: Path) -> Database:
    path = tmp / f"db{next(_counter)}.sqlite"
    shutil.copy(template, path)
    return open_database(path)


def _check(db: Database) -> None:
    with db.session() as s:
        rows = s.execute(select(Contact.id, Contact.sort_name, Contact.sort_key)).all()
        index_keys = set(s.scalars(select(search.fts_table.c.rowid)))
    assert all(r.sort_key is not None for r in rows)
    by_key = [r.id for r in sorted(rows, key=lambda r: r.sort_key)]
    by_name = [r.id for r in sorted(rows, key=lambda r: (r.sort_name, r.id))]
    assert by_key == by_name
    assert index_keys == {r.sort_key for r in rows}  # one index entry per contact, at its key


def _person(last: str, first: str) -> cs.ContactData:
    return cs.ContactData(first_name=first, last_name=last)


operation = st.one_of(
    st.tuples(st.just("create"), st.sampled_from(NAMES), st.sampled_from(FIRST)),
    st.tuples(st.just("rename"), st.integers(0, 50), st.sampled_from(NAMES)),
    st.tuples(st.just("bulk"), st.lists(st.sampled_from(NAMES), min_size=1, max_size=12)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("erase"), st.integers(0, 50)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(operation, min_size=1, max_size=25), step=st.sampled_from([2, 8, 1 << 32]))
def test_key_order_is_name_order_after_any_edits(
    template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    ops: list[tuple],  # type: ignore[type-arg]
    step: int,
) -> None:
    # A tiny STEP exhausts the gaps at once: the renumbering path is exercised too.
    monkeypatch.setattr(sortkeys, "STEP", step)
    db = _fresh(template, tmp_path)
    try:
        ids: list[int] = []
        for op in ops:
            with db.session() as s:
                if op[0] == "create":
                    person = _person(op[1], op[2])
                    ids.append(cs.create_contact(s, person, allow_duplicate=True).id or 0)
                elif op[0] == "rename" and ids:
                    cid = ids[op[1] % len(ids)]
                    data = cs.get_contact(s, cid)
                    data.last_name = op[2]
                    cs.update_contact(s, cid, data)
                elif op[0] == "bulk":
                    ids += cs.bulk_create(s, [_person(n, "Bulk") for n in op[1]])
                elif op[0] == "delete" and ids:
                    cid = ids[op[1] % len(ids)]
                    if cs.get_contact(s, cid).deleted is False:
                        cs.delete_contact(s, cid)
                elif op[0] == "erase" and ids:
                    cs.erase_contact(s, ids.pop(op[1] % len(ids)))
            _check(db)
    finally:
        db.dispose()


def _oracle(db: Database, query: str, include_deleted: bool = False) -> list[int]:
    """Contacts whose indexed words start with every query word, in name order."""
    words = [piece for word in search.tokens(query) for piece in search.tokens(search.fold(word))]
    with db.session() as s:
        rows = s.execute(
            select(Contact.id, Contact.sort_name, Contact.deleted_at, search.fts_table.c.text).join(
                search.fts_table, search.fts_table.c.rowid == Contact.sort_key
            )
        ).all()
    hits = [
        r
        for r in rows
        if (include_deleted or r.deleted_at is None)
        and all(any(w.startswith(q) for w in r.text.split()) for q in words)
    ]
    return [r.id for r in sorted(hits, key=lambda r: (r.sort_name, r.id))]


def test_search_lists_hits_in_name_order_page_by_page(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sortkeys, "STEP", 4)  # renumbering happens while the data is built
    db = _fresh(template, tmp_path)
    with db.session() as s:
        created = [
            cs.create_contact(s, _person(last, first), allow_duplicate=True).id
            for last, first in itertools.product(NAMES, FIRST[:3])
        ]
        cs.bulk_create(s, [_person(n, "Bulk") for n in NAMES * 3])
        org = cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Stadt Weißwasser", org_kind="kommune")
        )
        cs.delete_contact(s, created[4] or 0)
        data = cs.get_contact(s, created[0] or 0)
        data.last_name = "Zzz Weiß"
        cs.update_contact(s, created[0] or 0, data)
    _check(db)
    for query in ("m", "mu", "weiss", "müller anna", "bulk", "a", "stadt", "zzz", "q"):
        expected = _oracle(db, query)
        with db.session() as s:
            listed = [r.id for r in cs.list_contacts(s, cs.ContactFilter(query=query))]
            paged = [
                r.id
                for offset in range(0, len(expected) + 3, 3)
                for r in cs.list_contacts(s, cs.ContactFilter(query=query), limit=3, offset=offset)
            ]
            with_deleted = [
                r.id
                for r in cs.list_contacts(s, cs.ContactFilter(query=query, include_deleted=True))
            ]
        assert listed == expected, query
        assert paged == expected, query
        assert with_deleted == _oracle(db, query, include_deleted=True), query
    # The filtered plans (kind, tag, network role) agree with the oracle as well.
    with db.session() as s:
        orgs = [
            r.id for r in cs.list_contacts(s, cs.ContactFilter(query="weiss", kind="organisation"))
        ]
        people = [r.id for r in cs.list_contacts(s, cs.ContactFilter(query="weiss", kind="person"))]
    assert orgs == [org.id]
    assert people == [i for i in _oracle(db, "weiss") if i != org.id]

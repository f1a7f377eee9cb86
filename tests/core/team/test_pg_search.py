"""PostgreSQL full-text search: the GIN index is used, hostile input is harmless, and why
`unaccent` is not part of it (the oracle tests of tests/core/test_search.py run on both engines)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from contactdesk.core import search
from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs


def test_unaccent_does_not_fold_as_we_do(pg_url: str) -> None:
    """unaccent turns Müller into Muller but never into Mueller, and keeps ß or turns it
    into ss depending on its rules file: it cannot replace core/folding.py."""
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
            folded = conn.execute(text("SELECT lower(unaccent('Müller'))")).scalar()
    finally:
        engine.dispose()
    assert folded == "muller"
    assert search.fold("Müller") == "mueller" != folded


@pytest.mark.parametrize("hostile", ["'", "&", "|", "!", ":*", "(", "a:b", "\\", "<->", "x & !y"])
def test_typed_operators_never_reach_tsquery_syntax(pg_url: str, hostile: str) -> None:
    database = open_database(pg_url)
    try:
        with database.session() as s:
            cs.create_contact(s, cs.ContactData(first_name="Jörg", last_name="Müller"))
        with database.session() as s:
            rows = cs.list_contacts(s, cs.ContactFilter(query=hostile), limit=5)
        assert [r.display_name for r in rows] in ([], ["Jörg Müller"])
    finally:
        database.dispose()


def test_search_uses_the_gin_index(pg_url: str) -> None:
    database = open_database(pg_url)
    try:
        with database.session() as s:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            expr = search.tsquery_expression("müller weiß")
            assert expr == "'mueller':* & 'weiss':*"
            plan = " ".join(
                row[0]
                for row in s.execute(
                    text(
                        "EXPLAIN SELECT rowid FROM contact_fts WHERE tsv @@ CAST(:q AS tsquery)"
                    ).bindparams(q=expr)
                )
            )
        assert "ix_contact_fts_tsv" in plan
    finally:
        database.dispose()


def test_sort_keys_beyond_32_bits_are_indexed_and_found(pg_url: str) -> None:
    """Sort keys are 2**20 apart: from the 2,048th contact on they pass 2**31."""
    database = open_database(pg_url)
    try:
        items = [cs.ContactData(first_name="Anna", last_name=f"Muster{i:04d}") for i in range(2100)]
        items.append(cs.ContactData(first_name="Zacharias", last_name="Zwiebelmann"))
        with database.session() as s:
            cs.bulk_create(s, items)
        with database.session() as s:
            rows = cs.list_contacts(s, cs.ContactFilter(query="zwiebel"))
            keys = s.execute(text("SELECT max(rowid) FROM contact_fts")).scalar()
        assert [r.display_name for r in rows] == ["Zacharias Zwiebelmann"]
        assert keys > 2**31
    finally:
        database.dispose()


def test_renumbered_index_entries_beyond_32_bits(pg_url: str) -> None:
    database = open_database(pg_url)
    try:
        with database.session() as s:
            cs.create_contact(s, cs.ContactData(first_name="Zacharias", last_name="Zwiebelmann"))
        with database.session() as s:
            key = s.execute(text("SELECT rowid FROM contact_fts")).scalar()
            s.execute(text("UPDATE contact SET sort_key = :k"), {"k": key + 2**33})
            search.rekey(s, {key: key + 2**33})
        with database.session() as s:
            rows = cs.list_contacts(s, cs.ContactFilter(query="zwiebel"))
        assert [r.display_name for r in rows] == ["Zacharias Zwiebelmann"]
    finally:
        database.dispose()

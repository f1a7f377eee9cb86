"""German folding and the FTS5 query builder."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from contactdesk.core import search
from contactdesk.core.db import Database
from contactdesk.core.models import Contact
from contactdesk.core.services import contacts as cs


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Weißwasser", "weisswasser"),
        ("Müller", "mueller"),
        ("ÖZTÜRK", "oeztuerk"),
        ("Ayşe", "ayse"),
        ("Café", "cafe"),
        ("STRASSE", "strasse"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert search.fold(text) == folded


def test_index_text_contains_both_umlaut_forms() -> None:
    words = search.index_text(["Jörg Müller", "Jugendclub'83"]).split()
    assert {"joerg", "jorg", "mueller", "muller", "jugendclub", "83"} <= set(words)


def _index_text_part_by_part(parts: list[str | None]) -> str:
    """The index text built one word at a time: each word of each part as a query splits it,
    in both folded forms (the rule `index_text` must keep)."""
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        for word in search.tokens(part):
            for form in (search.fold(word), search.fold_simple(word)):
                words += search.tokens(form)
    return " ".join(dict.fromkeys(words))


_TEXT = st.text(
    alphabet=st.sampled_from("aAöÖüßẞéèçşñ ÆœﬁIİı'-_.@+0123456789\u0308\u00a0\t"), max_size=20
)


@given(st.lists(st.one_of(st.none(), _TEXT), max_size=6))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_index_text_is_the_words_of_every_part(parts: list[str | None]) -> None:
    assert search.index_text(parts) == _index_text_part_by_part(parts)


@pytest.mark.parametrize("hostile", ['"', "*", "(", ")", "NEAR", "AND", "OR NOT", "a:b", "^x", "-"])
def test_match_expression_quotes_everything(hostile: str) -> None:
    expr = search.match_expression(hostile)
    if expr is not None:
        assert all(part.startswith('"') and part.endswith('"*') for part in expr.split(" "))


@pytest.fixture
def people(core_db: Database) -> Database:
    with core_db.session() as s:
        org = cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Stadt Weißwasser", org_kind="kommune")
        )
        cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Jugendclub'83", org_kind="verein")
        )
        cs.create_contact(
            s,
            cs.ContactData(
                first_name="Jörg",
                last_name="Müller",
                roles=[cs.RoleData(organisation_id=org.id or 0, function="Bürgermeister")],
                addresses=[cs.AddressData("Markt 1", "02943", "Weißwasser/O.L.")],
                tags=["Patenstadt"],
            ),
        )
        cs.create_contact(s, cs.ContactData(first_name="Ayşe", last_name="Öztürk"))
        cs.create_contact(
            s,
            cs.ContactData(
                first_name="Max",
                last_name="Mustermann",
                emails=[cs.EmailData("max@tgz.example")],
                phones=[cs.PhoneData("03494 123456")],
            ),
        )
    return core_db


def _names(db: Database, query: str) -> list[str]:
    with db.session() as s:
        return [r.display_name for r in cs.list_contacts(s, cs.ContactFilter(query=query))]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Weisswasser", "Stadt Weißwasser"),
        ("weißwasser", "Stadt Weißwasser"),
        ("Mueller", "Jörg Müller"),
        ("Muller", "Jörg Müller"),
        ("MÜLLER", "Jörg Müller"),
        ("jugendclub 83", "Jugendclub'83"),
        ("Jugendclub'83", "Jugendclub'83"),
        ("Ozturk", "Ayşe Öztürk"),
        ("oeztuerk", "Ayşe Öztürk"),
        ("ayse", "Ayşe Öztürk"),
        ("buergerm", "Jörg Müller"),  # role function
        ("patenst", "Jörg Müller"),  # tag
        ("tgz.example", "Max Mustermann"),  # e-mail
        ("03494", "Max Mustermann"),  # phone, national digits
        ("03494 123456", "Max Mustermann"),  # phone as written, with separators
        ("03494 / 12 34 56", "Max Mustermann"),
        ("+49 3494 123456", "Max Mustermann"),  # as displayed
        ("0049 3494 123", "Max Mustermann"),
        ("+493494123456", "Max Mustermann"),
        ("02943", "Jörg Müller"),  # postal code
    ],
)
def test_folded_search_finds(people: Database, query: str, expected: str) -> None:
    assert expected in _names(people, query)


def test_phone_like_query_does_not_find_other_numbers(people: Database) -> None:
    assert _names(people, "03494 999") == []


def test_bulk_insert_indexes_like_the_editor(core_db: Database) -> None:
    """A contact imported in bulk is found by exactly the words of one saved in the editor."""
    data = [
        cs.ContactData(
            salutation="Frau",
            title="Dr.",
            first_name="Jördis",
            last_name="Weiß-Öztürk",
            notes="Ansprechpartnerin für das Netzwerk",
            website="https://jugendclub83.example",
            emails=[cs.EmailData("j.weiss@tgz.example")],
            phones=[cs.PhoneData("03494 123456"), cs.PhoneData("+41 44 668 18 00")],
            addresses=[cs.AddressData("Markt 1", "06766", "Bitterfeld-Wolfen")],
            tags=["Patenstadt", "Ehrenamt"],
        ),
        cs.ContactData(
            kind="organisation",
            name="Gemeindeverwaltungsverband Vorderes Kandertal",
            org_kind="gemeindeverwaltungsverband",
            network_role="patenstadt",
            emails=[cs.EmailData("info@gvv-kandertal.example")],
        ),
    ]
    with core_db.session() as s:
        one = [cs.create_contact(s, item).id for item in data]
        bulk = cs.bulk_create(s, data)
        by_key = {row[0]: row[1] for row in s.execute(search.fts_table.select())}
        keys = {row[0]: row[1] for row in s.execute(select(Contact.id, Contact.sort_key))}
        texts = {cid: by_key[key] for cid, key in keys.items()}
    for a, b in zip(one, bulk, strict=True):
        assert set(texts[a].split()) == set(texts[b].split())


def test_search_narrows_with_every_word(people: Database) -> None:
    assert _names(people, "müller weißwasser") == ["Jörg Müller"]
    assert _names(people, "müller öztürk") == []


def test_deleted_contacts_are_not_found(people: Database) -> None:
    with people.session() as s:
        cid = cs.list_contacts(s, cs.ContactFilter(query="Öztürk"))[0].id
        cs.delete_contact(s, cid)
    assert _names(people, "Öztürk") == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_any_typed_text_is_searched_without_error(people: Database, text: str) -> None:
    # The database is only read, so sharing it between examples is safe.
    with people.session() as s:
        rows = cs.list_contacts(s, cs.ContactFilter(query=text), limit=5)
    if not search.tokens(text):
        assert len(rows) == 5  # no words: everything is listed


def test_both_search_plans_give_the_same_sorted_rows(
    people: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many hits walk the name index, few hits sort their matches: same rows, same order."""
    queries = ("weisswasser", "m", "stadt", "jugendclub 83", "x", "")
    results = []
    for few_hits in (1, 3, 10**6):
        monkeypatch.setattr(search, "FEW_HITS", few_hits)
        with people.session() as s:
            results.append(
                [
                    (
                        [r.display_name for r in cs.list_contacts(s, cs.ContactFilter(query=q))],
                        [
                            r.display_name
                            for r in cs.list_contacts(
                                s, cs.ContactFilter(query=q), limit=1, offset=1
                            )
                        ],
                    )
                    for q in queries
                ]
            )
    assert results[0] == results[1] == results[2]
    by_query = dict(zip(queries, results[0], strict=True))
    assert by_query["stadt"][0] == ["Jörg Müller", "Stadt Weißwasser"]  # his role's organisation
    assert by_query["x"][0] == []
    assert by_query["m"][1] == by_query["m"][0][1:2]


@pytest.fixture
def crowd(core_db: Database) -> Database:
    """Sixty people whose surnames put the hits of a prefix together in the name order (as on a
    town's list): "Becker" first, "Müller" in the middle, "Wolf" last; some are deleted."""
    surnames = ["Becker", "Koch", "Müller", "Mueller-Lang", "Schmidt", "Wolf"]
    with core_db.session() as s:
        ids = [
            cs.create_contact(
                s,
                cs.ContactData(
                    first_name=f"Anna{i:02d}" if i % 3 else f"Paul{i:02d}",
                    last_name=surnames[i * len(surnames) // 60],
                    tags=["Ehrenamt"] if i % 4 == 0 else [],
                ),
            ).id
            for i in range(60)
        ]
        for cid in ids[20:26] + ids[41:43]:  # among the first hits of "m" and of "s"
            assert cid is not None
            cs.delete_contact(s, cid)
    return core_db


@pytest.mark.parametrize("walk_rows", [1, 5, 25, 10**6])
def test_search_pages_are_slices_of_the_whole_list(
    crowd: Database, monkeypatch: pytest.MonkeyPatch, walk_rows: int
) -> None:
    """A keystroke's page (on PostgreSQL: a bounded walk in name order, else the sorted GIN
    hits) is exactly that slice of the list of all hits, deleted contacts left out or kept."""
    monkeypatch.setattr(search, "WALK_ROWS", walk_rows)
    with crowd.session() as s:
        for query in ("m", "mu", "mueller", "s", "anna", "paul", "ehrenamt", "anna m", "zz"):
            for deleted in (False, True):
                flt = cs.ContactFilter(query=query, include_deleted=deleted)
                whole = [r.id for r in cs.list_contacts(s, flt)]
                for limit, offset in ((1, 0), (3, 0), (5, 2), (7, 9), (50, 0), (4, 40)):
                    page = [r.id for r in cs.list_contacts(s, flt, limit=limit, offset=offset)]
                    assert page == whole[offset : offset + limit], (query, deleted, limit)
        everyone = cs.list_contacts(s, cs.ContactFilter(include_deleted=True))
        muellers = [r.id for r in everyone if "ller" in r.display_name]
        found = [
            r.id for r in cs.list_contacts(s, cs.ContactFilter(query="mu", include_deleted=True))
        ]
        assert found == muellers  # Müller and Mueller-Lang, in name order
        in_bin = {r.id for r in everyone} - {r.id for r in cs.list_contacts(s)}
        assert len(in_bin) == 8
        first = cs.list_contacts(s, cs.ContactFilter(query="m"), limit=3)
        assert len(first) == 3 and not in_bin & {r.id for r in first}

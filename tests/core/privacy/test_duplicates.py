"""The duplicate finder: scores and reasons of single pairs, recall on a generated register, the
register itself (SQLite file) and the warning when a new contact is saved."""

from __future__ import annotations

from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import duplicates as dup
from contactdesk.core.services.duplicates import Record, find_pairs, score_pair

from .dupset import generate, precision_recall


def person(pid: int, first: str, last: str, *emails: str, phones=(), orgs=()) -> Record:
    return Record(
        pid,
        "person",
        f"{first} {last}",
        first,
        last,
        frozenset(emails),
        frozenset(phones),
        frozenset(orgs),
    )


def test_folded_spelling_without_email_is_a_duplicate() -> None:
    score, reasons = score_pair(
        person(1, "Bärbel", "Schößler", "b@example.de"), person(2, "Baerbel", "Schössler")
    )
    assert score >= dup.THRESHOLD
    assert reasons == (dup.R_FOLDED_NAME,)


def test_reasons_of_each_kind() -> None:
    assert score_pair(person(1, "Anna", "Meier"), person(2, "Anna", "Mayer"))[1] == (
        dup.R_SOUNDS_ALIKE,
    )
    assert score_pair(person(1, "Anna", "Berger"), person(2, "Berger", "Anna"))[1] == (
        dup.R_SWAPPED,
    )
    assert (
        score_pair(person(1, "Anna", "Brandstätter"), person(2, "Anna", "Brandstäter"))[0]
        >= dup.THRESHOLD
    )
    same_mail = score_pair(
        person(1, "Anna", "Berg", "a@x.de"), person(2, "Hanna", "Kurz", "a@x.de")
    )
    assert same_mail[0] >= dup.THRESHOLD and dup.R_EMAIL in same_mail[1]
    with_org = score_pair(
        person(1, "Anna", "Berg", orgs=(5,)), person(2, "Anna", "Berg", orgs=(5,))
    )
    assert with_org[1] == (dup.R_SAME_NAME, dup.R_ORGANISATION) and with_org[0] > 0.8
    phone = score_pair(
        person(1, "Anna", "Berg", phones=("+49340",)), person(2, "A.", "Berg", phones=("+49340",))
    )
    assert dup.R_PHONE in phone[1] and dup.R_FIRST_MISSING in phone[1]


def test_two_people_of_one_name_with_other_addresses_are_not_reported() -> None:
    score, reasons = score_pair(
        person(1, "Jörg", "Müller", "jm@x.de"), person(2, "Jörg", "Müller", "other@x.de")
    )
    assert score < dup.THRESHOLD and dup.R_OTHER_EMAILS in reasons
    assert score_pair(person(1, "Anna", "Berg"), person(2, "Paul", "Kurz"))[0] == 0.0
    org = Record(3, "organisation", "Anna Berg")
    assert score_pair(person(1, "Anna", "Berg"), org)[0] == 0.0


def test_pairs_keep_the_older_record_and_come_once() -> None:
    records = [person(9, "Anna", "Meier"), person(4, "Anna", "Mayer"), person(5, "Paul", "Kurz")]
    pairs = find_pairs(records)
    assert [(p.keep_id, p.other_id) for p in pairs] == [(4, 9)]
    assert pairs[0].to_dict()["reasons"] == ["ähnlich klingender Name (Kölner Phonetik)"]


def test_recall_on_a_generated_register_with_known_duplicates() -> None:
    records, truth = generate(3000, 400)
    found = {(p.keep_id, p.other_id) for p in find_pairs(records)}
    precision, recall = precision_recall(found, truth)
    print(f"precision {precision:.3f}, recall {recall:.3f} on {len(truth)} known duplicates")
    assert recall >= 0.9
    assert precision >= 0.8


def test_register_and_warning_on_save(core_db: Database) -> None:
    with core_db.session() as s:
        org = cs.create_contact(s, cs.ContactData(kind="organisation", name="Bürgerstiftung"))
        first = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Bärbel",
                last_name="Schößler",
                emails=[cs.EmailData("baerbel@example.de")],
                roles=[cs.RoleData(org.id or 0, "Vorsitzende")],
            ),
        )
        cs.create_contact(s, cs.ContactData(first_name="Paul", last_name="Kurz"))
    typed = cs.ContactData(first_name="Baerbel", last_name="Schössler")
    with core_db.session() as s:
        found = cs.find_duplicates(s, typed)
        assert [r.display_name for r in found] == ["Bärbel Schößler"]
        try:
            cs.create_contact(s, typed)
        except cs.DuplicateContactError as err:
            assert err.reasons[first.id or 0].startswith("gleicher Name in anderer Schreibweise")
        else:
            raise AssertionError("no warning")
        second = cs.create_contact(s, typed, allow_duplicate=True)
        pairs = dup.find_all(s)
    assert [(p.keep_id, p.other_id) for p in pairs] == [(first.id, second.id)]
    # a contact in the wastebasket is not offered
    with core_db.session() as s:
        cs.delete_contact(s, second.id or 0)
        assert dup.find_all(s) == []


def test_warning_reads_only_names_that_can_match(core_db: Database) -> None:
    with core_db.session() as s:
        stored = cs.create_contact(s, cs.ContactData(first_name="Anna", last_name="Kaiser"))
        for last in ("Albers", "Berger", "Zander"):
            cs.create_contact(s, cs.ContactData(first_name="Paul", last_name=last))
        swapped = cs.ContactData(first_name="Kaiser", last_name="Anna")
        sounds = cs.ContactData(first_name="Anna", last_name="Keyser")
        typo = cs.ContactData(first_name="Anna", last_name="Kaiserr")
        for data in (swapped, sounds, typo):
            assert [p.keep_id for p in dup.similar_to(s, data)] == [stored.id], data.last_name
        assert dup.similar_to(s, cs.ContactData(first_name="Otto", last_name="Kern")) == []

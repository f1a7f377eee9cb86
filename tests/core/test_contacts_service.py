"""Contact register use cases: validation, roles, consent, duplicates, delete, undo."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from contactdesk.core.db import Database
from contactdesk.core.errors import NotFoundError, ValidationError
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import validation as contact_validation
from contactdesk.core.undo import UndoStack, created_contact, deleted_contact, updated_contact


def _org(db: Database, name: str = "Jugendclub'83") -> int:
    with db.session() as s:
        created = cs.create_contact(
            s,
            cs.ContactData(
                kind="organisation", name=name, org_kind="verein", network_role="projektpartner"
            ),
        )
    assert created.id is not None
    return created.id


def test_person_round_trip_with_everything(core_db: Database) -> None:
    org_id = _org(core_db)
    data = cs.ContactData(
        salutation="Frau",
        title="Dr.",
        first_name="Ayşe",
        last_name="Öztürk",
        is_public_office_holder=True,
        emails=[cs.EmailData(" ayse@example.de ", "dienstlich"), cs.EmailData("", "leer")],
        phones=[cs.PhoneData("0340 / 123 456", "dienstlich"), cs.PhoneData("+49 151 23456789")],
        addresses=[cs.AddressData("Markt 1", "06766", "Bitterfeld-Wolfen")],
        website="www.example.de",
        tags=["Patenstadt", " patenstadt ", "LAGA"],
        roles=[
            cs.RoleData(
                organisation_id=org_id,
                function="Ansprechpartnerin Ehrenamt",
                is_contact_person=True,
                start_date=date(2021, 5, 1),
            )
        ],
        consents=[cs.ConsentData("einladungen", date(2021, 5, 3), "schriftlich")],
        interactions=[
            cs.InteractionData("anruf", datetime(2021, 5, 20, 12, tzinfo=UTC), "Absprache")
        ],
    )
    with core_db.session() as s:
        created = cs.create_contact(s, data)
    with core_db.session() as s:
        loaded = cs.get_contact(s, created.id or 0)
    assert loaded.display_name == "Dr. Ayşe Öztürk"
    assert [e.address for e in loaded.emails] == ["ayse@example.de"]
    assert [p.number for p in loaded.phones] == ["+49340123456", "+4915123456789"]
    assert loaded.website == "https://www.example.de"
    assert loaded.tags == ["LAGA", "Patenstadt"]
    assert loaded.roles[0].organisation_name == "Jugendclub'83"
    assert loaded.consents[0].is_valid_on(date(2022, 1, 1))
    assert loaded.interactions[0].summary == "Absprache"
    assert loaded.is_public_office_holder
    with core_db.session() as s:
        row = cs.list_contacts(s, cs.ContactFilter(kind="person"))[0]
    assert row.affiliation == "Ansprechpartnerin Ehrenamt, Jugendclub'83"
    assert row.phone == "+49340123456"
    assert cs.format_phone(row.phone) == "+49 340 123456"


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (cs.ContactData(first_name="Nur"), "last_name", "Nachnamen"),
        (cs.ContactData(), "last_name", "Namen"),
        (cs.ContactData(kind="organisation"), "name", "Organisation"),
        (
            cs.ContactData(last_name="X", emails=[cs.EmailData("kein-at.example.de")]),
            "emails.0",
            "E-Mail-Adresse",
        ),
        (
            cs.ContactData(last_name="X", phones=[cs.PhoneData("12")]),
            "phones.0",
            "Telefonnummer",
        ),
        (
            cs.ContactData(
                last_name="X",
                consents=[
                    cs.ConsentData(
                        "einladungen", date(2021, 5, 1), "email", valid_until=date(2021, 4, 1)
                    )
                ],
            ),
            "consents.0",
            "Einwilligung",
        ),
    ],
)
def test_validation_messages_are_german(
    core_db: Database, data: cs.ContactData, field: str, words: str
) -> None:
    with core_db.session() as s, pytest.raises(ValidationError) as info:
        cs.create_contact(s, data)
    assert field in info.value.fields
    assert words in info.value.fields[field]
    with core_db.session() as s:
        assert cs.list_contacts(s) == []


def test_role_end_before_start_is_rejected(core_db: Database) -> None:
    org_id = _org(core_db)
    data = cs.ContactData(
        last_name="Urban",
        roles=[
            cs.RoleData(org_id, "Referent", start_date=date(2022, 1, 1), end_date=date(2021, 1, 1))
        ],
    )
    with core_db.session() as s, pytest.raises(ValidationError, match="endet vor"):
        cs.create_contact(s, data)


def test_failed_update_changes_nothing(core_db: Database) -> None:
    with core_db.session() as s:
        created = cs.create_contact(
            s, cs.ContactData(last_name="Urban", emails=[cs.EmailData("urban@example.de")])
        )
    broken = cs.ContactData(last_name="Urban", emails=[cs.EmailData("urban@")])
    with pytest.raises(ValidationError), core_db.session() as s:
        cs.update_contact(s, created.id or 0, broken)
    with core_db.session() as s:
        assert cs.get_contact(s, created.id or 0).emails[0].address == "urban@example.de"


def test_duplicate_needs_folded_name_and_shared_channel(core_db: Database) -> None:
    with core_db.session() as s:
        cs.create_contact(
            s,
            cs.ContactData(
                first_name="Jörg", last_name="Müller", emails=[cs.EmailData("jm@example.de")]
            ),
        )
    same = cs.ContactData(
        first_name="JÖRG", last_name="MÜLLER", emails=[cs.EmailData("JM@example.de")]
    )
    with core_db.session() as s, pytest.raises(cs.DuplicateContactError) as info:
        cs.create_contact(s, same)
    assert info.value.existing[0].display_name == "Jörg Müller"
    assert "vorhandenen Kontakt" in info.value.message
    other_mail = cs.ContactData(
        first_name="Jörg", last_name="Müller", emails=[cs.EmailData("anderer@example.de")]
    )
    with core_db.session() as s:
        cs.create_contact(s, other_mail)  # same name, different person: no warning
        cs.create_contact(s, same, allow_duplicate=True)
        assert len(cs.list_contacts(s)) == 3


def test_deleting_an_organisation_keeps_its_people(core_db: Database) -> None:
    org_id = _org(core_db)
    with core_db.session() as s:
        person = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Lena",
                last_name="Müller",
                roles=[cs.RoleData(org_id, "Ansprechpartnerin Ehrenamt")],
            ),
        )
        result = cs.delete_contact(s, org_id)
    assert result.affected_people == ["Lena Müller"]
    with core_db.session() as s:
        rows = cs.list_contacts(s)
        assert [r.display_name for r in rows] == ["Lena Müller"]
        assert rows[0].affiliation == ""
        assert cs.get_contact(s, person.id or 0).roles[0].organisation_id == org_id
        cs.restore_contact(s, org_id)
    with core_db.session() as s:
        assert cs.list_contacts(s, cs.ContactFilter(kind="person"))[0].affiliation.endswith(
            "Jugendclub'83"
        )


def test_erasing_an_organisation_removes_roles_not_people(core_db: Database) -> None:
    org_id = _org(core_db)
    with core_db.session() as s:
        person = cs.create_contact(
            s, cs.ContactData(last_name="Fuchs", roles=[cs.RoleData(org_id, "Vorsitz")])
        )
        cs.erase_contact(s, org_id)
    with core_db.session() as s:
        assert cs.get_contact(s, person.id or 0).roles == []
        with pytest.raises(NotFoundError):
            cs.get_contact(s, org_id)


def test_role_on_deleted_organisation_is_rejected(core_db: Database) -> None:
    org_id = _org(core_db)
    with core_db.session() as s:
        cs.delete_contact(s, org_id)
    with core_db.session() as s, pytest.raises(ValidationError, match="Organisation"):
        cs.create_contact(s, cs.ContactData(last_name="X", roles=[cs.RoleData(org_id, "Y")]))


def test_renaming_an_organisation_updates_members_and_search(core_db: Database) -> None:
    org_id = _org(core_db, "TGZ")
    with core_db.session() as s:
        cs.create_contact(
            s, cs.ContactData(last_name="Groß", roles=[cs.RoleData(org_id, "Geschäftsführer")])
        )
        org = cs.get_contact(s, org_id)
        org.name = "TGZ Bitterfeld-Wolfen mbH"
        cs.update_contact(s, org_id, org)
    with core_db.session() as s:
        rows = cs.list_contacts(s, cs.ContactFilter(query="bitterfeld gross", kind="person"))
    assert [r.affiliation for r in rows] == ["Geschäftsführer, TGZ Bitterfeld-Wolfen mbH"]


def test_filters_by_kind_tag_and_network_role(core_db: Database) -> None:
    _org(core_db)
    with core_db.session() as s:
        cs.create_contact(s, cs.ContactData(last_name="Urban", tags=["Engagierte Stadt"]))
        assert [r.display_name for r in cs.list_contacts(s, cs.ContactFilter(kind="person"))] == [
            "Urban"
        ]
        assert [
            r.display_name for r in cs.list_contacts(s, cs.ContactFilter(tag="Engagierte Stadt"))
        ] == ["Urban"]
        assert [
            r.display_name
            for r in cs.list_contacts(s, cs.ContactFilter(network_role="projektpartner"))
        ] == ["Jugendclub'83"]


def test_paging_returns_disjoint_sorted_pages(core_db: Database) -> None:
    with core_db.session() as s:
        for i in range(25):
            cs.create_contact(s, cs.ContactData(last_name=f"Person {i:02d}"))
    with core_db.session() as s:
        first = cs.list_contacts(s, limit=10)
        second = cs.list_contacts(s, limit=10, offset=10)
        rest = cs.list_contacts(s, limit=10, offset=20)
    names = [r.display_name for r in first + second + rest]
    assert names == sorted(names)
    assert len(set(names)) == 25


def test_undo_redo_of_create_update_delete(core_db: Database) -> None:
    stack = UndoStack(core_db)
    with core_db.session() as s:
        created = cs.create_contact(s, cs.ContactData(first_name="Jörg", last_name="Müller"))
    stack.push(created_contact(created))
    cid = created.id or 0
    with core_db.session() as s:
        before = cs.get_contact(s, cid)
        changed = cs.get_contact(s, cid)
        changed.last_name = "Müller-Weiß"
        after = cs.update_contact(s, cid, changed)
    stack.push(updated_contact(before, after))
    with core_db.session() as s:
        cs.delete_contact(s, cid)
    stack.push(deleted_contact(cid, after.display_name))

    assert stack.undo_text == "Löschen von „Jörg Müller-Weiß“"
    stack.undo()  # delete
    with core_db.session() as s:
        assert cs.get_contact(s, cid).display_name == "Jörg Müller-Weiß"
        assert not cs.get_contact(s, cid).deleted
    stack.undo()  # update
    with core_db.session() as s:
        assert cs.get_contact(s, cid).last_name == "Müller"
        assert [r.display_name for r in cs.list_contacts(s, cs.ContactFilter(query="weiss"))] == []
    stack.redo()
    with core_db.session() as s:
        assert cs.get_contact(s, cid).last_name == "Müller-Weiß"
    stack.undo()
    stack.undo()  # create
    with core_db.session() as s:
        assert cs.list_contacts(s) == []
    assert not stack.can_undo
    assert stack.can_redo
    stack.redo()
    with core_db.session() as s:
        assert [r.display_name for r in cs.list_contacts(s)] == ["Jörg Müller"]
    stack.push(deleted_contact(cid, "x"))
    assert not stack.can_redo  # a new command drops the redo history


def test_consent_validity() -> None:
    consent = cs.ConsentData(
        "einladungen",
        date(2021, 1, 1),
        "email",
        valid_until=date(2022, 12, 31),
        withdrawn_on=date(2022, 6, 1),
    )
    assert not consent.is_valid_on(date(2020, 12, 31))
    assert consent.is_valid_on(date(2022, 5, 31))
    assert not consent.is_valid_on(date(2022, 6, 1))


def test_ids_of_erased_contacts_are_never_reused(core_db: Database) -> None:
    with core_db.session() as s:
        first = cs.create_contact(s, cs.ContactData(last_name="Erster"))
        last = cs.create_contact(s, cs.ContactData(last_name="Letzter"))
        cs.erase_contact(s, last.id or 0)
    with core_db.session() as s:
        again = cs.create_contact(s, cs.ContactData(last_name="Neu"))
        bulk = cs.bulk_create(s, [cs.ContactData(last_name="Masse")])
    assert (again.id or 0) > (last.id or 0) > (first.id or 0)
    assert bulk[0] > (again.id or 0)
    with core_db.session() as s:
        cs.erase_contact(s, bulk[0])
    with core_db.session() as s:
        assert cs.bulk_create(s, [cs.ContactData(last_name="Noch einer")])[0] > bulk[0]


def test_phone_forms_from_normalise_phones_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    numbers = ["0340 1234567", "+49 340 1234567", "0340 1234567", "12", "", " 03493 4000 0 "]
    numbers += ["+1 650 253 0000", "0171 1234567 ext. 12", "Telefon", "0049 (0)340 1234567"]
    calls: list[str] = []
    original = cs.normalise_phone

    def counted(number: str, region: str = cs.DEFAULT_REGION) -> str:
        calls.append(number)
        return original(number, region)

    # normalise_phones calls normalise_phone of its own module (the package re-exports both)
    monkeypatch.setattr(contact_validation, "normalise_phone", counted)
    forms = cs.normalise_phones(numbers)
    assert sorted(calls) == sorted(set(numbers))  # a number that repeats is parsed once
    assert forms["0340 1234567"] == "+493401234567" and forms["12"] is None
    for number in numbers:
        data = cs.ContactData(
            last_name="Urban", phones=[cs.PhoneData("0345 123456"), cs.PhoneData(number, "mobil")]
        )
        outcomes: list[object] = []
        for phone_forms in (None, forms, {}):
            try:
                outcomes.append(cs.validate(data, phone_forms=phone_forms))
            except ValidationError as exc:
                outcomes.append(exc.fields)
        assert outcomes[0] == outcomes[1] == outcomes[2], number

"""Exports read contacts in bulk (issue 18, finding 9): for every contact the same fields as
get_contact() gives (formats.export_rows), in the same order, and the same phone texts as
phonenumbers.parse()."""

from __future__ import annotations

import contextlib
import random
from datetime import UTC, date, datetime
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactdesk.core.db import Database, open_database
from contactdesk.core.errors import NotFoundError
from contactdesk.core.formats import outlook_csv
from contactdesk.core.formats.export_rows import from_contact_data
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contact_export import export_contacts


@pytest.fixture
def filled(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "export.sqlite")
    with db.session() as s:
        club = cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Verein Miteinander", org_kind="verein")
        )
        other = cs.create_contact(s, cs.ContactData(kind="organisation", name="Stadtwerke"))
        for i in range(30):
            cs.create_contact(
                s,
                cs.ContactData(
                    salutation="Frau" if i % 2 else "",
                    title="Dr." if i % 5 == 0 else "",
                    first_name=f"Vorname{i}",
                    last_name=f"Öztürk{i % 7}",
                    emails=[cs.EmailData(f"p{i}@example.de", "dienstlich")]
                    + ([cs.EmailData(f"privat{i}@example.de", "privat")] if i % 3 == 0 else []),
                    phones=[cs.PhoneData(f"0340 / 123 4{i:02d}", "dienstlich")]
                    + ([cs.PhoneData("+33 1 23 45 67 89", "mobil")] if i % 4 == 0 else []),
                    addresses=[cs.AddressData("Markt 1", "06766", "Bitterfeld-Wolfen")]
                    + (
                        [cs.AddressData("Weg 2", "06749", "Sandersdorf", label="privat")]
                        if i % 2
                        else []
                    ),
                    tags=["Ehrenamt", "LAGA"][: i % 3],
                    roles=[
                        cs.RoleData(club.id or 0, "Vorsitz", start_date=date(2020, 1, 1)),
                        cs.RoleData(other.id or 0, "Beirat"),
                    ][: i % 3],
                    consents=[cs.ConsentData("einladungen", date(2021, 5, 3), "schriftlich")]
                    if i % 2
                    else [],
                    interactions=[
                        cs.InteractionData("anruf", datetime(2021, 5, 20, 12, tzinfo=UTC), "A"),
                        cs.InteractionData("treffen", datetime(2022, 1, 2, 9, tzinfo=UTC), "B"),
                    ]
                    if i % 5 == 1
                    else [],
                    notes="Notiz" if i % 2 else "",
                    website="www.example.de" if i % 6 == 0 else "",
                ),
                allow_duplicate=True,  # "Vorname4 Öztürk4" and "Vorname14 …" sound alike
            )
        gone = cs.create_contact(s, cs.ContactData(first_name="Weg", last_name="Gelöscht"))
        cs.delete_contact(s, gone.id or 0)
        s.commit()
    yield db
    db.dispose()


def test_every_live_contact_equals_get_contact_in_name_order(filled: Database) -> None:
    with filled.session() as s:
        order = [row.id for row in cs.list_contacts(s, cs.ContactFilter())]
        expected = [from_contact_data(cs.get_contact(s, cid)) for cid in order]
        assert list(export_contacts(s, None)) == expected
    assert len(expected) == 32


def test_given_ids_in_their_order_with_repeats(filled: Database) -> None:
    with filled.session() as s:
        ids = [row.id for row in cs.list_contacts(s, cs.ContactFilter())][::-3]
        ids = ids + ids[:2]
        expected = [from_contact_data(cs.get_contact(s, cid)) for cid in ids]
        assert list(export_contacts(s, ids)) == expected


def test_a_missing_id_is_not_found(filled: Database) -> None:
    with filled.session() as s, pytest.raises(NotFoundError):
        list(export_contacts(s, [1, 99_999]))


_numbers = st.from_regex(r"\+[1-9][0-9]{7,14}", fullmatch=True)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_numbers)
def test_phone_for_csv_reads_e164_like_phonenumbers(number: str) -> None:
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        expected = number.replace("+", "00", 1)
    else:
        fmt = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if parsed.country_code == 49
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        text = phonenumbers.format_number(parsed, fmt)
        expected = "00" + text[1:] if text.startswith("+") else text
    assert outlook_csv.phone_for_csv(number) == expected


@pytest.mark.parametrize(
    "number", ["+493493123456", "+390612345678", "+4915123456789", "+12025550143", "+8613800138000"]
)
def test_phone_for_csv_known_numbers(number: str) -> None:
    test_phone_for_csv_reads_e164_like_phonenumbers.hypothesis.inner_test(number)


def _formatted(parsed: phonenumbers.PhoneNumber) -> str:
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == 49
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    text = phonenumbers.format_number(parsed, fmt)
    return "00" + text[1:] if text.startswith("+") else text


def _former_csv(number: str) -> str:
    """What phone_for_csv() gave before the formats were compiled once: an E.164 text split
    into country code and national number, format_number() on that."""
    digits = number[1:]
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE and digits[size] != "0":
            national = int(digits[size:])
            return _formatted(phonenumbers.PhoneNumber(country_code=code, national_number=national))
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            break
    try:
        return _formatted(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return number.replace("+", "00", 1)


def test_phone_for_csv_formats_every_german_prefix_like_phonenumbers() -> None:
    """Every German area code / mobile prefix of 1-4 digits, national numbers of 5-13 digits:
    the formats chosen once per country give what format_number() gives, and for German
    numbers that is also what parse() + format_number() give."""
    different = []
    for prefix in range(1, 10_000):
        head = str(prefix)
        for length in range(max(5, len(head) + 1), 14, 2):
            number = "+49" + (head + "7531902468135")[:length]
            expected = _former_csv(number)
            if outlook_csv.phone_for_csv(number) != expected:
                different.append(number)
            with contextlib.suppress(phonenumbers.NumberParseException):
                if _formatted(phonenumbers.parse(number, None)) != expected:
                    different.append(number)
    assert different == []


def test_phone_for_csv_formats_every_country_like_phonenumbers() -> None:
    """Random numbers of every country code: as before; and a number stored as the E.164 form
    of what parse() read (as the register stores them) gives what parse() gives."""
    rng = random.Random(18)
    different = []
    for code in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        for length in range(5, 13):
            for _ in range(12):
                national = str(rng.randint(1, 9)) + "".join(
                    rng.choice("0123456789") for _ in range(length - 1)
                )
                number = f"+{code}{national}"
                if outlook_csv.phone_for_csv(number) != _former_csv(number):
                    different.append(number)
                try:
                    parsed = phonenumbers.parse(number, None)
                except phonenumbers.NumberParseException:
                    continue
                stored = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
                if outlook_csv.phone_for_csv(stored) != _formatted(parsed):
                    different.append(stored)
    assert different == []

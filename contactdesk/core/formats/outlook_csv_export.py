"""Writing contacts as German Outlook CSV (the layout is described in formats.outlook_csv).

The writer takes ExportContact tuples (formats.export_rows) and streams one row per contact
into csv.writer.writerows: the column of every field is an index fixed here once, each row is a
list filled by position, and only the cells that got a value are checked for a formula start.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import IO

import phonenumbers

from contactdesk.core.formats.export_rows import (
    AddressRow,
    ExportContact,
    current_role,
    today_iso,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

#: The German Outlook columns we write, in Outlook's own order.
EXPORT_HEADERS = (
    "Anrede",
    "Vorname",
    "Weitere Vornamen",
    "Nachname",
    "Suffix",
    "Firma",
    "Abteilung",
    "Position",
    "Straße geschäftlich",
    "Ort geschäftlich",
    "Region geschäftlich",
    "Postleitzahl geschäftlich",
    "Land/Region geschäftlich",
    "Straße privat",
    "Ort privat",
    "Region privat",
    "Postleitzahl privat",
    "Land/Region privat",
    "Fax geschäftlich",
    "Telefon geschäftlich",
    "Telefon geschäftlich 2",
    "Telefon Firma",
    "Telefon privat",
    "Mobiltelefon",
    "Weiteres Telefon",
    "E-Mail-Adresse",
    "E-Mail 2: Adresse",
    "E-Mail 3: Adresse",
    "Kategorien",
    "Notizen",
    "Webseite",
)
_AT = {name: index for index, name in enumerate(EXPORT_HEADERS)}
_ANREDE, _VORNAME, _NACHNAME = _AT["Anrede"], _AT["Vorname"], _AT["Nachname"]
_FIRMA, _POSITION = _AT["Firma"], _AT["Position"]
#: (street, city, postal code, country) columns of the first business and first home address
_BUSINESS = tuple(
    _AT[f"{field} geschäftlich"] for field in ("Straße", "Ort", "Postleitzahl", "Land/Region")
)
_HOME = tuple(_AT[f"{field} privat"] for field in ("Straße", "Ort", "Postleitzahl", "Land/Region"))
#: phone label (casefolded) -> its own column; other phones take the first free spare column
_PHONE_SLOTS = {
    "mobil": _AT["Mobiltelefon"],
    "privat": _AT["Telefon privat"],
    "fax": _AT["Fax geschäftlich"],
    "zentrale": _AT["Telefon Firma"],
}
_PHONE_SPARE = (
    _AT["Telefon geschäftlich"],
    _AT["Telefon geschäftlich 2"],
    _AT["Weiteres Telefon"],
)
_EMAIL_COLUMNS = (_AT["E-Mail-Adresse"], _AT["E-Mail 2: Adresse"], _AT["E-Mail 3: Adresse"])
_FIRST_EMAIL = _EMAIL_COLUMNS[0]
_KATEGORIEN, _NOTIZEN, _WEBSEITE = _AT["Kategorien"], _AT["Notizen"], _AT["Webseite"]
_WIDTH = len(EXPORT_HEADERS)
_FORMULA_CELL = re.compile("\0[" + re.escape("".join(FORMULA_START)) + "]")


def protect_cell(value: str) -> str:
    """The cell text that no spreadsheet evaluates as a formula (leading apostrophe)."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _split_e164(text: str) -> tuple[int, str] | None:
    """(country code, national number) of a plain E.164 text ("+493493123456"), or None.

    Stored numbers are E.164 (validated when saved): country code and national number are
    split off directly. Anything else (a leading zero of the national number, an extension,
    text) is left to phonenumbers.parse()."""
    digits = text[1:]
    if text[:1] == "+" and digits.isdigit() and digits.isascii() and 8 <= len(digits) <= 15:
        for size in (1, 2, 3):
            code = int(digits[:size])
            if code in _COUNTRY_CODES:
                if digits[size] != "0":
                    return code, digits[size:]
                break
    return None


_COUNTRY_CODES = frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
#: "$1"-style first group of a format rule (as phonenumbers finds it)
_FIRST_GROUP = re.compile(r"(\\\d)")

Layout = tuple[re.Pattern[str] | None, re.Pattern[str], str]


@cache
def _layouts(country_code: int, national: bool) -> tuple[Layout, ...] | None:
    """The number formats of a country as phonenumbers.format_number() applies them, with
    their patterns compiled once: (leading digits test, whole number pattern, replacement).

    format_number() looks up the metadata and compiles (or looks up) every pattern again for
    each number; an export formats every phone number, so the choice is made here with the
    same metadata and the same rules: the first format whose last leading-digits pattern
    matches the start and whose pattern matches the whole national number; NATIONAL puts the
    national prefix rule in place of the first group. tests/robustness/test_bulk_export.py
    compares the result with format_number() for every German prefix and every country."""
    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        country_code, region.upper()
    )
    if metadata is None:
        return None
    formats = (
        metadata.number_format
        if national or not metadata.intl_number_format
        else metadata.intl_number_format
    )
    layouts: list[Layout] = []
    for number_format in formats:
        leading = number_format.leading_digits_pattern
        pattern, rule = number_format.pattern, number_format.format
        if pattern is None or rule is None:  # not in phonenumbers' metadata; format_number
            return None  # would fail on it too: leave the country to format_number()
        prefix_rule = number_format.national_prefix_formatting_rule
        if national and prefix_rule:
            rule = _FIRST_GROUP.sub(prefix_rule, rule, count=1)
        layouts.append((re.compile(leading[-1]) if leading else None, re.compile(pattern), rule))
    return tuple(layouts)


def phone_for_csv(e164: str) -> str:
    """03493 123456 for German numbers, 0033 1 23 45 67 89 for others (no leading +)."""
    split = _split_e164(e164)
    if split is not None:
        code, national_number = split
        layouts = _layouts(code, code == 49)
        if layouts is not None:
            text = national_number
            for leading, pattern, rule in layouts:
                if (leading is None or leading.match(national_number)) and pattern.fullmatch(
                    national_number
                ):
                    text = pattern.sub(rule, national_number)
                    break
            return text if code == 49 else f"00{code} {text}"
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164.replace("+", "00", 1) if e164.startswith("+") else e164
    if parsed.country_code == 49:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    text = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return "00" + text[1:] if text.startswith("+") else text


def write_rows(contacts: Iterable[ExportContact]) -> bytes:
    """German Outlook CSV: ';' separated, UTF-8 with BOM, CRLF, formula cells protected."""
    out = io.StringIO(newline="")
    write_to(out, contacts)
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def write_to(out: IO[str], contacts: Iterable[ExportContact]) -> int:
    """The header and one row per contact into a text stream; the number of contacts."""
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(EXPORT_HEADERS)
    counter = _Counter(contacts)
    writer.writerows(rows(counter))
    return counter.count


class _Counter:
    """Passes the contacts through and counts them (the export reports how many it wrote)."""

    def __init__(self, contacts: Iterable[ExportContact]) -> None:
        self.contacts = contacts
        self.count = 0

    def __iter__(self) -> Iterator[ExportContact]:
        for contact in self.contacts:
            self.count += 1
            yield contact


def rows(contacts: Iterable[ExportContact]) -> Iterator[list[str]]:
    """One list of cells per contact, in the order of EXPORT_HEADERS."""
    today = today_iso()
    starts = FORMULA_START
    formula = _FORMULA_CELL.search
    none: list[AddressRow] = []
    more_addresses = none  # the second and further addresses of a kind go into the notes
    formatted: dict[str, str] = {}  # a number shared by several contacts is formatted once
    for (
        is_person,
        _uid,
        salutation,
        title,
        first_name,
        last_name,
        name,
        display_name,
        website,
        notes,
        emails,
        phones,
        addresses,
        tags,
        roles,
    ) in contacts:
        row = [""] * _WIDTH
        if is_person:
            row[_ANREDE] = f"{salutation} {title}" if salutation and title else salutation or title
            row[_VORNAME] = first_name
            row[_NACHNAME] = last_name
            role = current_role(roles, today) if roles else None
            if role is not None:
                row[_FIRMA] = role[0]
                row[_POSITION] = role[1]
        else:
            row[_FIRMA] = name or display_name
        extra: list[str] = []  # what has no column of its own goes into the notes
        if len(addresses) == 1:  # the usual case: no lists to split
            first = addresses[0]
            street, city, postal_code, country = (
                _HOME if first[4].casefold() == "privat" else _BUSINESS
            )
            row[street], row[city] = first[0], first[2]
            row[postal_code], row[country] = first[1], first[3]
        elif addresses:
            business = [a for a in addresses if a[4].casefold() != "privat"]
            home = [a for a in addresses if a[4].casefold() == "privat"]
            for group, (street, city, postal_code, country) in (
                (business, _BUSINESS),
                (home, _HOME),
            ):
                if group:
                    first = group[0]
                    row[street], row[city] = first[0], first[2]
                    row[postal_code], row[country] = first[1], first[3]
            more_addresses = business[1:] + home[1:]
        if phones:
            used: set[int] = set()
            for number, label in phones:
                text = formatted.get(number)
                if text is None:
                    text = formatted[number] = phone_for_csv(number)
                column = _PHONE_SLOTS.get(label.casefold())
                if column is None or column in used:
                    column = next((c for c in _PHONE_SPARE if c not in used), None)
                if column is None:
                    extra.append(f"Telefon {label}: {text}".replace("  ", " "))
                else:
                    used.add(column)
                    row[column] = text
        if len(emails) == 1:
            row[_FIRST_EMAIL] = emails[0][0]
        else:
            for index, (address, _label) in enumerate(emails):
                if index < 3:
                    row[_EMAIL_COLUMNS[index]] = address
                else:
                    extra.append(f"E-Mail: {address}")
        if more_addresses:
            extra += [f"Adresse: {a[0]}, {a[1]} {a[2]}" for a in more_addresses]
            more_addresses = none
        if tags:
            row[_KATEGORIEN] = ";".join(tags)
        if extra:
            row[_NOTIZEN] = f"{notes}\n\n" + "\n".join(extra) if notes else "\n".join(extra)
        else:
            row[_NOTIZEN] = notes
        row[_WEBSEITE] = website
        # one search over the row instead of a test per cell: NUL before each cell, so a
        # formula character right after a NUL starts a cell (a NUL inside a value can only
        # send the row to the exact per-cell test below, never let a formula through)
        if formula("\0" + "\0".join(row)) is None:
            yield row
        else:
            yield [f"'{value}" if value.startswith(starts) else value for value in row]

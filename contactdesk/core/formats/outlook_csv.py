"""Outlook contact CSV: reading English and German Outlook exports, writing the German layout.

Reading: the encoding is UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"),
else Windows-1252 (what German Outlook writes). The delimiter is found with csv.Sniffer among
comma, semicolon and tab, falling back to the most frequent one in the header line. Columns are
recognised by their English or German Outlook names (case and surrounding blanks ignored), and
by the names Thunderbird (English and German) and Google Contacts (the current layout with
"E-mail 1 - Value" and the older one with "Given Name") give them; when a file has several
columns for one field, the name listed first in COLUMNS wins (Outlook's "Home Street" before
Thunderbird's "Home Address", which Outlook.com uses for the whole formatted address). Unknown
columns are ignored. Quoted notes over several lines are fine (the csv module).

Writing: the German Outlook layout, because German Outlook maps these headers by itself when
importing; delimiter ";" (the list separator of a German Windows, which Outlook and Excel use for
CSV), UTF-8 with BOM so Excel shows umlauts, CRLF line ends. The writer is in
outlook_csv_export (plain export tuples of export_rows; write() here takes ContactData).

Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with = + - @, a tab or
a carriage return (or their full-width forms) is written with a leading apostrophe ', so no
spreadsheet runs it. Reading removes such an apostrophe again when a formula character follows,
so our own files come back unchanged. Phone numbers are stored as E.164 (+49...), which would
need that apostrophe; instead they are written in a readable form that needs none and that
Outlook dials and we read back: German numbers in national form ("03493 123456"), others in
international form with 00 for + ("0033 1 23 45 67 89").
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from contactdesk.core.contact_data import (
    AddressData,
    ContactData,
    EmailData,
    PhoneData,
)
from contactdesk.core.countries import region_for_country
from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import limits
from contactdesk.core.formats.export_rows import from_contact_data
from contactdesk.core.formats.outlook_csv_export import (
    EXPORT_HEADERS,
    FORMULA_START,
    phone_for_csv,
    protect_cell,
    write_rows,
)
from contactdesk.core.formats.vcard import Affiliation, split_full_name, system_group

__all__ = [
    "EXPORT_HEADERS",
    "FORMULA_START",
    "ParsedRow",
    "parse",
    "phone_for_csv",
    "protect_cell",
    "write",
]

PERSON = "person"
ORGANISATION = "organisation"

# Field key -> accepted column names (English Outlook, German Outlook, older spellings).
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("Title", "Anrede", "Name Prefix"),
    "first": ("First Name", "Vorname", "Given Name"),
    "middle": ("Middle Name", "Weitere Vornamen", "Additional Name"),
    "last": ("Last Name", "Nachname", "Family Name"),
    "suffix": ("Suffix", "Name Suffix"),
    "display": ("Display Name", "Anzeigename", "Name"),
    "nickname": ("Nickname", "Spitzname"),
    "company": (
        "Company",
        "Firma",
        "Organization",
        "Organisation",
        "Organization Name",
        "Organization 1 - Name",
    ),
    "department": (
        "Department",
        "Abteilung",
        "Organization Department",
        "Organization 1 - Department",
    ),
    "job": (
        "Job Title",
        "Position",
        "Arbeitstitel",
        "Organization Title",
        "Organization 1 - Title",
    ),
    "b_street": ("Business Street", "Straße geschäftlich", "Work Address", "Dienstlich: Adresse"),
    "b_street2": (
        "Business Street 2",
        "Straße geschäftlich 2",
        "Work Address 2",
        "Dienstlich: Adresse 2",
    ),
    "b_street3": ("Business Street 3", "Straße geschäftlich 3"),
    "b_city": ("Business City", "Ort geschäftlich", "Work City", "Dienstlich: Ort"),
    "b_postal": (
        "Business Postal Code",
        "Postleitzahl geschäftlich",
        "Work ZipCode",
        "Dienstlich: PLZ",
    ),
    "b_country": (
        "Business Country/Region",
        "Business Country",
        "Land/Region geschäftlich",
        "Land geschäftlich",
        "Work Country",
        "Dienstlich: Land",
    ),
    "h_street": ("Home Street", "Straße privat", "Home Address", "Privat: Adresse"),
    "h_street2": ("Home Street 2", "Straße privat 2", "Home Address 2", "Privat: Adresse 2"),
    "h_street3": ("Home Street 3", "Straße privat 3"),
    "h_city": ("Home City", "Ort privat", "Privat: Ort"),
    "h_postal": ("Home Postal Code", "Postleitzahl privat", "Home ZipCode", "Privat: PLZ"),
    "h_country": (
        "Home Country/Region",
        "Home Country",
        "Land/Region privat",
        "Land privat",
        "Privat: Land",
    ),
    "o_street": ("Other Street", "Weitere Straße"),
    "o_street2": ("Other Street 2", "Weitere Straße 2"),
    "o_street3": ("Other Street 3", "Weitere Straße 3"),
    "o_city": ("Other City", "Weiterer Ort"),
    "o_postal": ("Other Postal Code", "Weitere Postleitzahl"),
    "o_country": ("Other Country/Region", "Other Country", "Weiteres/e Land/Region"),
    # Outlook's "Bundesland/Kanton": the column is "Region …" (German), "… State" (English)
    "b_region": ("Business State", "Region geschäftlich", "Work State", "Dienstlich: Region"),
    "h_region": ("Home State", "Region privat", "Privat: Region"),
    "o_region": ("Other State", "Weitere Region"),
    "b_phone": ("Business Phone", "Telefon geschäftlich", "Work Phone", "Tel. dienstlich"),
    "b_phone2": ("Business Phone 2", "Telefon geschäftlich 2"),
    "main_phone": ("Company Main Phone", "Telefon Firma"),
    "primary_phone": ("Primary Phone", "Haupttelefon"),
    # newer German Outlook (365) writes "Telefon (privat)", older ones "Telefon privat"
    "h_phone": ("Home Phone", "Telefon privat", "Telefon (privat)", "Tel. privat"),
    "h_phone2": ("Home Phone 2", "Telefon privat 2", "Telefon (privat 2)"),
    "mobile": ("Mobile Phone", "Mobiltelefon", "Mobile Number", "Mobil-Tel.-Nr."),
    "mobile2": ("Mobile Phone 2", "Mobiltelefon 2"),
    "car_phone": ("Car Phone", "Autotelefon"),
    "assistant_phone": ("Assistant's Phone", "Telefon Assistent"),
    "callback": ("Callback", "Rückmeldung"),
    "isdn": ("ISDN",),
    "other_phone": ("Other Phone", "Weiteres Telefon"),
    "pager": ("Pager", "Pager Number", "Pager-Nummer"),
    "b_fax": ("Business Fax", "Fax geschäftlich", "Fax Number", "Fax-Nummer"),
    "h_fax": ("Home Fax", "Fax privat"),
    "other_fax": ("Other Fax", "Weiteres Fax"),
    "email": ("E-mail Address", "E-Mail-Adresse", "Primary Email", "Primäre E-Mail-Adresse"),
    "email_type": ("E-mail Type", "E-Mail-Typ"),
    "email2": (
        "E-mail 2 Address",
        "E-Mail 2: Adresse",
        "Secondary Email",
        "Sekundäre E-Mail-Adresse",
    ),
    "email3": ("E-mail 3 Address", "E-Mail 3: Adresse"),
    "web": ("Web Page", "Webseite", "Web-Seite", "Web Page 1", "Webseite 1"),
    "web2": ("Web Page 2", "Webseite 2"),
    "notes": ("Notes", "Notizen"),
    "categories": ("Categories", "Kategorien", "Labels", "Group Membership"),
    "birthday": ("Birthday", "Geburtstag"),
    "birth_year": ("Birth Year", "Geburtsjahr"),
    "birth_month": ("Birth Month", "Geburtsmonat"),
    "birth_day": ("Birth Day",),
}
_LOOKUP = {name.casefold(): key for key, names in COLUMNS.items() for name in names}
_RANK = {name.casefold(): rank for names in COLUMNS.values() for rank, name in enumerate(names)}
#: Google Contacts: "E-mail 1 - Value", "Phone 2 - Label", "Address 1 - Street", ...
_NUMBERED = re.compile(r"^(e-mail|phone|address|website) (\d+) - (.+)$", re.IGNORECASE)
_GOOGLE_LABELS = {
    "mobile": "mobil",
    "work": "dienstlich",
    "home": "privat",
    "main": "Zentrale",
    "work fax": "Fax",
    "home fax": "Fax",
    "fax": "Fax",
    "pager": "Pager",
}
#: several values in one Google cell: "a@example.org ::: b@example.org"
_GOOGLE_SEPARATOR = re.compile(r"\s*:::\s*")

# (field key, phone label) in the order our phones are filled from a row.
_PHONES = (
    ("b_phone", "dienstlich"),
    ("b_phone2", "dienstlich"),
    ("main_phone", "Zentrale"),
    ("primary_phone", ""),
    ("mobile", "mobil"),
    ("mobile2", "mobil"),
    ("h_phone", "privat"),
    ("h_phone2", "privat"),
    ("car_phone", "mobil"),
    ("assistant_phone", "Sekretariat"),
    ("callback", ""),
    ("isdn", ""),
    ("other_phone", ""),
    ("pager", "Pager"),
    ("b_fax", "Fax"),
    ("h_fax", "Fax"),
    ("other_fax", "Fax"),
)
_SALUTATIONS = {"herr": "Herr", "frau": "Frau", "mr.": "Herr", "mrs.": "Frau", "ms.": "Frau"}


@dataclass
class ParsedRow:
    """One data row. `contact` is None when the row cannot be imported (see `problems`)."""

    line: int
    contact: ContactData | None
    problems: list[str] = field(default_factory=list)
    raw_name: str = ""
    warnings: list[str] = field(default_factory=list)
    affiliation: Affiliation = field(default_factory=Affiliation)

    @property
    def place(self) -> str:
        return f"Zeile {self.line}"


# --------------------------------------------------------------------------- reading


def parse(data: bytes, filename: str) -> list[ParsedRow]:
    """Every data row of an Outlook CSV; ImportError_ when the file is not such a CSV."""
    text = _decode(data, filename)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportError_("Die Datei ist leer.", file=filename) from None
    except csv.Error as exc:
        if _TOO_LONG in str(exc):
            raise _csv_error(exc, filename, 1) from exc
        raise ImportError_(
            "Die Kopfzeile der CSV-Datei ist nicht lesbar.", file=filename, line=1, detail=str(exc)
        ) from exc
    columns: dict[str, int] = {}
    ranks: dict[str, int] = {}
    numbered: dict[tuple[str, int], dict[str, int]] = {}
    for index, name in enumerate(header):
        folded = name.strip().strip('"').casefold()
        key = _LOOKUP.get(folded)
        if key and _RANK[folded] < ranks.get(key, len(COLUMNS[key])):
            columns[key], ranks[key] = index, _RANK[folded]
        match = _NUMBERED.match(folded)
        if match:
            kind, number, part = match.groups()
            numbered.setdefault((kind, int(number)), {}).setdefault(part, index)
    if "birth_month" in columns and header[columns.get("birthday", 0)].strip() == "Geburtstag":
        columns["birth_day"] = columns.pop("birthday")  # German Thunderbird: the day of the month
    if not columns.keys() & {"first", "last", "company", "email", "display"} and not numbered:
        found = ", ".join(f"„{h.strip()}“" for h in header if h.strip())[:500]
        raise ImportError_(
            "Die Spalten der CSV-Datei sind unbekannt. Erwartet wird ein Adressbuch-Export aus "
            "Outlook, Thunderbird oder Google Kontakte mit Spalten wie „Vorname“, „Nachname“, "
            "„Firma“, „E-Mail-Adresse“ (oder „First Name“, „Last Name“, „Company“, "
            f"„E-mail Address“). Gefunden: {found or 'keine'}.",
            file=filename,
            line=1,
        )
    rows: list[ParsedRow] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(exc, filename, line) from exc
        if any(cell.strip() for cell in cells):
            if len(rows) >= limits.MAX_CONTACT_ENTRIES:
                raise limits.too_many_entries("Zeilen", filename, line)
            rows.append(_row(line, cells, columns, numbered))
        line = reader.line_num + 1
    return rows


#: what the csv module says when a cell is longer than csv.field_size_limit()
_TOO_LONG = "field larger than field limit"


def _csv_error(exc: csv.Error, filename: str, line: int) -> ImportError_:
    """The German reason of a csv.Error: an overlong cell, an open quote, anything else."""
    text = str(exc)
    if _TOO_LONG in text:
        return ImportError_(
            f"Ein Feld der CSV-Datei ist länger als {limits.MAX_CSV_FIELD_CHARS // 1024} KB "
            "(höchstens so viel wird je Feld eingelesen). Die Datei ist beschädigt oder kein "
            "Adressbuch-Export.",
            file=filename,
            line=line,
            detail=text,
        )
    if "EOF" in text or "end of data" in text:
        return ImportError_(
            "Die CSV-Datei ist beschädigt (ein Anführungszeichen ist nicht geschlossen).",
            file=filename,
            line=line,
            detail=text,
        )
    return ImportError_(
        "Die CSV-Datei ist beschädigt (eine Zeile ist nicht lesbar).",
        file=filename,
        line=line,
        detail=text,
    )


def _decode(data: bytes, filename: str) -> str:
    if not data.strip():
        raise ImportError_("Die Datei ist leer.", file=filename)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportError_(
                "Die Datei gibt sich als UTF-16 aus, ist aber nicht lesbar.", file=filename
            ) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ImportError_(
            "Die Datei enthält Binärdaten und ist keine CSV-Datei "
            "(oder in einer nicht unterstützten Kodierung gespeichert).",
            file=filename,
            line=data[:nul].count(b"\n") + 1,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _delimiter(text: str) -> str:
    # the first 8 KB of the header are enough (a CSV's column names take about 2 KB); the
    # sniffer's regular expressions are slow on long lines
    header = text.lstrip("\ufeff")[:8192].split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in ",;\t"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    if index is None or index >= len(cells):
        return ""
    value = cells[index].strip()
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_START):
        value = value[1:]  # our own protection against formula injection
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _row(
    line: int,
    cells: list[str],
    columns: dict[str, int],
    numbered: dict[tuple[str, int], dict[str, int]] | None = None,
) -> ParsedRow:
    def get(key: str) -> str:
        return _cell(cells, columns, key)

    place = f"Zeile {line}"
    first = " ".join(p for p in (get("first"), get("middle")) if p)
    last, company = get("last"), get("company")
    display = get("display")
    row = ParsedRow(
        line, None, raw_name=" ".join(p for p in (first, last) if p) or company or display
    )
    if not (first or last or company or display):
        row.problems.append(f"{place}: kein Name und keine Firma.")
        return row
    data = ContactData()
    notes = [get("notes")]
    if not (first or last or company):  # Thunderbird, Google: only a display name
        words = display.split()
        if len(words) > 1:
            _, _, first, last = split_full_name(display)
            kind = "Person"
        else:
            company, kind = display, "Organisation"
        row.warnings.append(
            f"{place}: nur der Anzeigename „{display}“ ist angegeben; als {kind} übernommen. "
            "Bitte prüfen."
        )
    if get("nickname"):
        notes.append(f"Spitzname: {get('nickname')}")
    if first or last:
        data.kind = PERSON
        data.first_name, data.last_name = first, last
        salutation, titles = "", []
        for token in get("title").split():
            if not salutation and token.casefold() in _SALUTATIONS:
                salutation = _SALUTATIONS[token.casefold()]
            else:
                titles.append(token)
        data.salutation, data.title = salutation, " ".join(titles)
        row.affiliation = Affiliation(company, get("department"), get("job"))
        if get("suffix"):
            notes.append(f"Namenszusatz: {get('suffix')}")
    else:
        data.kind = ORGANISATION
        data.name = company
    exchange_type = get("email_type").upper() == "EX"
    for key in ("email", "email2", "email3"):
        address = get(key)
        if not address:
            continue
        if address.startswith(("/o=", "/O=")) or (key == "email" and exchange_type):
            row.warnings.append(
                f"{place}: Exchange-interne Adresse „{address[:60]}“ übersprungen "
                "(keine E-Mail-Adresse)."
            )
            continue
        data.emails.extend(EmailData(a, "") for a in _GOOGLE_SEPARATOR.split(address) if a)
    for key, label in _PHONES:
        if get(key):
            data.phones.append(PhoneData(get(key), label))
    for prefix, label in (("b", "dienstlich"), ("h", "privat"), ("o", "")):
        parts = (get(f"{prefix}_street"), get(f"{prefix}_street2"), get(f"{prefix}_street3"))
        street = ", ".join(p for p in parts if p)
        city, postal = get(f"{prefix}_city"), get(f"{prefix}_postal")
        region = get(f"{prefix}_region")
        if region and (street or city or postal):
            if region_for_country(get(f"{prefix}_country") or "Deutschland") in _NO_REGION:
                # no field for the Bundesland: kept in the notes rather than lost
                notes.append(f"Bundesland/Kanton{f' ({label})' if label else ''}: {region}")
            elif region.casefold() not in city.casefold():
                city = f"{city}, {region}" if city else region  # "Bayside, NY", as vCard does
        if street or city or postal:
            country = get(f"{prefix}_country") or "Deutschland"
            data.addresses.append(
                AddressData(street.replace("\n", ", "), postal, city, country, label)
            )
    websites = [w for w in (get("web"), get("web2")) if w]
    if numbered:
        _numbered_columns(cells, numbered, data, websites)
    if websites:
        data.website = websites[0]
        notes += [f"Webseite: {w}" for w in websites[1:]]
    data.tags = [
        t.strip()
        for t in re.split(r"\s*:::\s*|[;,]", get("categories"))
        if t.strip() and not system_group(t.strip())
    ]
    birthday = _birthday(get("birthday")) or _birthday_parts(
        get("birth_year"), get("birth_month"), get("birth_day")
    )
    if birthday:
        notes.append(birthday)
    data.notes = "\n\n".join(n for n in notes if n.strip())
    row.contact = data
    return row


#: countries whose addresses need no state: the Bundesland/Kanton goes into the notes
_NO_REGION = {"DE", "AT", "CH", "LI", "LU"}


def _numbered_columns(
    cells: list[str],
    numbered: dict[tuple[str, int], dict[str, int]],
    data: ContactData,
    websites: list[str],
) -> None:
    """Google's numbered columns: "E-mail 1 - Value", "Phone 2 - Label", "Address 1 - City" ..."""
    for (kind, _), parts in sorted(numbered.items()):

        def part(name: str, parts: dict[str, int] = parts) -> str:
            index = parts.get(name)
            return _cell(cells, {"x": index}, "x") if index is not None else ""

        raw_label = (part("label") or part("type")).lstrip("* ").strip()
        label = _GOOGLE_LABELS.get(raw_label.casefold(), raw_label)
        values = [v for v in _GOOGLE_SEPARATOR.split(part("value")) if v]
        if kind == "e-mail":
            data.emails.extend(EmailData(v, label) for v in values)
        elif kind == "phone":
            data.phones.extend(PhoneData(v, label) for v in values)
        elif kind == "website":
            websites.extend(values)
        else:
            street = ", ".join(p for p in (part("street"), part("extended address")) if p)
            if not street and part("po box"):
                street = f"Postfach {part('po box')}"
            city, postal = part("city"), part("postal code")
            if not (street or city or postal) and part("formatted"):
                street = part("formatted").replace("\n", ", ")
            if street or city or postal:
                data.addresses.append(
                    AddressData(
                        street.replace("\n", ", "),
                        postal,
                        city,
                        part("country") or "Deutschland",
                        label,
                    )
                )


def _birthday(value: str) -> str:
    """Outlook writes 15.3.1970 (German), 3/15/1970 (English) or 0.0.00 for none; Google
    1970-03-15 or --03-15 (no year)."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})", value)
    day = month = year = 0
    if match:
        day, month, year = map(int, match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", value)
        if match:
            month, day, year = map(int, match.groups())
        else:
            match = re.fullmatch(r"(\d{4}|-)-(\d{1,2})-(\d{1,2})", value)
            if match:
                year = 0 if match[1] == "-" else int(match[1])
                month, day = int(match[2]), int(match[3])
    if not match:
        return f"Geburtstag: {value}" if value else ""
    try:
        date(year if year > 1000 else 2000, month, day)
    except ValueError:
        return ""  # 0.0.00 and friends: no birthday
    return f"Geburtstag: {day:02d}.{month:02d}.{year if year > 1000 else ''}"


def _birthday_parts(year: str, month: str, day: str) -> str:
    """Thunderbird: year, month and day in three columns (the year may be empty)."""
    if not (month.isdigit() and day.isdigit()):
        return ""
    return _birthday(f"{day}.{month}.{year if year.isdigit() else '0'}")


# --------------------------------------------------------------------------- writing


def write(contacts: Iterable[ContactData]) -> bytes:
    """German Outlook CSV of ContactData: ';' separated, UTF-8 with BOM, CRLF, formula cells
    protected (the same bytes as the export service writes; see outlook_csv_export)."""
    return write_rows(map(from_contact_data, contacts))

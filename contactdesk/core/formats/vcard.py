"""vCard 2.1, 3.0 and 4.0: reading .vcf files into ContactData and writing contacts as vCards.

Standard library only. Reading copes with what real programs write:

- Outlook for Windows writes vCard 2.1: text in Windows-1252 unless a ``CHARSET`` parameter says
  otherwise, ``ENCODING=QUOTED-PRINTABLE`` with soft line breaks (``=`` at the end of a line),
  bare type parameters (``TEL;WORK;VOICE:``) and base64 photos over many lines.
- Thunderbird, Apple and Google write 3.0 (``TYPE=work,voice``) or 4.0 (``TYPE="work,voice"``,
  ``TEL;VALUE=uri:tel:+49...``, ``KIND:org``), UTF-8, lines folded with a space or tab.

Text without a charset is read as UTF-8 when it is valid UTF-8, else as Windows-1252 (a file in
another encoding than declared is read that way too, with a warning on the card). What cannot be
read at all (binary data, no card in the file) raises ImportError_ naming the file and the line;
a card that cannot be used (no name, cut off before END:VCARD) is reported on its ParsedCard and
the other cards of the file stay usable.

Writing: 3.0 by default (UTF-8, CRLF, folded at 75 octets without splitting a character),
4.0 on request, and 2.1 for Outlook for Windows with an explicit ``CHARSET`` and quoted-printable
where a value is not plain short ASCII. Outlook for Windows reads only the first card of a file,
so write_each() gives one file per contact. The writer is in vcard_export (it takes the
plain export tuples of export_rows; write() and write_each() here take ContactData).

Our fields without a vCard property: a person's organisation and function come from the first
current role (ORG, TITLE); on reading they are returned as ParsedCard.affiliation and left to the
import service. A birthday (BDAY) has no field of its own and is kept in the notes
("Geburtstag: 15.03."), and so are a nickname, anniversaries, chat addresses and related names
(`_NOTED`); ROLE joins TITLE as the function; the state of an address abroad joins its city
("Bayside, NY").

This module holds the card loop of `parse` and the writers over ContactData; the work is done
in its siblings, each a step of reading (no session anywhere):

- vcard_lines.py   bytes -> unfolded content lines with parsed heads (BOM, binary check, limits)
- vcard_values.py  CardReader: a line's value decoded (charsets, quoted-printable, escapes)
- vcard_card.py    one card's lines -> ParsedCard with ContactData and Affiliation
- vcard_export.py  the writer (2.1, 3.0, 4.0) over the export rows
"""

from __future__ import annotations

import re

from contactdesk.core.contact_data import ContactData
from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import limits
from contactdesk.core.formats.export_rows import from_contact_data
from contactdesk.core.formats.vcard_card import (
    ORGANISATION,
    PERSON,
    Affiliation,
    ParsedCard,
    build_card,
    salutation_and_title,
    same_name,
    split_full_name,
    system_group,
    truncated_card,
)
from contactdesk.core.formats.vcard_export import (
    CRLF,
    VERSIONS,
    safe_file_stem,
    write_cards,
    write_each_card,
)
from contactdesk.core.formats.vcard_lines import Line, logical_lines, prepare

__all__ = [
    "CRLF",
    "ORGANISATION",
    "PERSON",
    "VERSIONS",
    "Affiliation",
    "ParsedCard",
    "parse",
    "safe_file_stem",
    "salutation_and_title",
    "same_name",
    "split_full_name",
    "system_group",
    "write",
    "write_each",
]

# --------------------------------------------------------------------------- reading


_BEGIN_CARD = re.compile(rb"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD", re.IGNORECASE | re.MULTILINE)


def parse(data: bytes, filename: str) -> list[ParsedCard]:
    """All cards of a .vcf file; ImportError_ when the file is no vCard file at all."""
    content, forced_utf8 = prepare(data, filename)
    for count, found in enumerate(_BEGIN_CARD.finditer(content), start=1):
        if count > limits.MAX_CONTACT_ENTRIES:  # checked before any card is read
            line_no = content.count(b"\n", 0, found.start()) + 1
            raise limits.too_many_entries("Visitenkarten", filename, line_no)
    lines, stray = logical_lines(content, filename)
    cards: list[ParsedCard] = []
    current: list[Line] | None = None
    start = 0
    skip_depth = 0  # inside a nested card (2.1 AGENT), which we do not import
    saw_begin = False
    for line in lines:
        name = line[1].name
        if name != "BEGIN" and name != "END":  # the common case: a property of the card
            if current is not None and not skip_depth:
                current.append(line)
            continue
        is_vcard = line[2].strip().upper() == b"VCARD"
        is_begin = is_vcard and name == "BEGIN"
        is_end = is_vcard and name == "END"
        if skip_depth:
            skip_depth += 1 if is_begin else -1 if is_end else 0
            continue
        if is_begin:
            saw_begin = True
            if current is not None and current and current[-1][1].name == "AGENT":
                skip_depth = 1
                continue
            if current is not None:
                cards.append(truncated_card(len(cards) + 1, start))
            current, start = [], line[0]
        elif is_end:
            if current is not None:
                cards.append(build_card(current, len(cards) + 1, start, forced_utf8, stray))
            current = None
        elif current is not None:
            current.append(line)
    if not saw_begin:
        raise ImportError_(
            "Die Datei enthält keine vCard (die Zeile BEGIN:VCARD fehlt). "
            "Bitte wählen Sie eine .vcf-Datei, z. B. einen Export aus Outlook oder Thunderbird.",
            file=filename,
            line=1,
        )
    if current is not None:
        cards.append(truncated_card(len(cards) + 1, start))
    return cards


# --------------------------------------------------------------------------- writing


def write(contacts: list[ContactData], version: str = "3.0", *, charset: str = "utf-8") -> bytes:
    """vCards of all `contacts` in one file. `charset` only matters for 2.1 (utf-8 or
    windows-1252; values that Windows-1252 cannot hold are written as UTF-8). The same bytes
    as the export service writes (see vcard_export)."""
    return write_cards(map(from_contact_data, contacts), version, charset=charset)


def write_each(
    contacts: list[ContactData], version: str = "2.1", *, charset: str = "utf-8"
) -> list[tuple[str, bytes]]:
    """One (file name, vCard bytes) per contact, for Outlook for Windows (reads one card)."""
    return list(write_each_card(map(from_contact_data, contacts), version, charset=charset))

"""One vCard into ContactData: names, channels, addresses, organisation and what has no field.

Our fields without a vCard property: a person's organisation and function come from the first
current role (ORG, TITLE); on reading they are returned as ParsedCard.affiliation and left to the
import service. A birthday (BDAY) has no field of its own and is kept in the notes
("Geburtstag: 15.03."), and so are a nickname, anniversaries, chat addresses and related names
(`_NOTED`); ROLE joins TITLE as the function; the state of an address abroad joins its city
("Bayside, NY"). A card that cannot be used (no name, a distribution list, cut off before
END:VCARD) is a ParsedCard without contact whose `problems` say why.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from contactdesk.core.contact_data import (
    AddressData,
    ContactData,
    EmailData,
    PhoneData,
)
from contactdesk.core.countries import region_for_country
from contactdesk.core.formats.vcard_export import VERSIONS
from contactdesk.core.formats.vcard_lines import TYPE_LABELS, Line
from contactdesk.core.formats.vcard_values import CardReader

PERSON = "person"
ORGANISATION = "organisation"

_SALUTATIONS = {
    "herr": "Herr",
    "frau": "Frau",
    "divers": "Divers",
    "mr": "Herr",
    "mr.": "Herr",
    "mrs": "Frau",
    "mrs.": "Frau",
    "ms": "Frau",
    "ms.": "Frau",
}
#: charsets we accept in a CHARSET parameter (codec names as codecs.lookup() spells them).
_BDAY = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})")


# --------------------------------------------------------------------------- results


@dataclass
class Affiliation:
    """Organisation, department and function of a person as the file names them."""

    organisation: str = ""
    department: str = ""
    function: str = ""

    def __bool__(self) -> bool:
        return bool(self.organisation or self.department or self.function)


@dataclass
class ParsedCard:
    """One BEGIN:VCARD ... END:VCARD block.

    `contact` is None when the card cannot be imported; `problems` then says why (German, with
    card number and line). `warnings` are remarks on a usable card.
    """

    card_number: int
    line: int
    contact: ContactData | None
    problems: list[str] = field(default_factory=list)
    raw_name: str = ""
    warnings: list[str] = field(default_factory=list)
    affiliation: Affiliation = field(default_factory=Affiliation)

    @property
    def place(self) -> str:
        return f"Karte {self.card_number} (Zeile {self.line})"


def truncated_card(number: int, line: int) -> ParsedCard:
    place = f"Karte {number} (Zeile {line})"
    return ParsedCard(
        number,
        line,
        None,
        [
            f"{place}: Die Karte ist unvollständig (END:VCARD fehlt); "
            "die Datei ist vermutlich abgeschnitten. Bitte exportieren Sie sie erneut."
        ],
    )


#: Apple's built-in labels (written as "_$!<Mobile>!$_") -> our labels; "" keeps the TYPE's
_APPLE_LABELS = {
    **dict(TYPE_LABELS),  # home, work, fax, pager, cell
    "mobile": "mobil",
    "iphone": "mobil",
    "main": "zentrale",
    "homefax": "Fax",
    "workfax": "Fax",
    "otherfax": "Fax",
    "other": "",
}


def _apple_label(text: str) -> str:
    """Our label for an X-ABLabel: the built-in ones mapped, a custom one kept (shortened)."""
    text = text.strip()
    if text.startswith("_$!<") and text.endswith(">!$_"):
        return _APPLE_LABELS.get(text[4:-4].lower(), "")
    return text[:40]


def build_card(
    lines: list[Line], number: int, start: int, forced_utf8: bool, stray: list[int]
) -> ParsedCard:
    place = f"Karte {number} (Zeile {start})"
    version = "3.0"
    end = lines[-1][0] if lines else start
    for _, head, raw in lines:
        if head.name == "VERSION":
            version = raw.decode("latin-1").strip() or "3.0"
            break
    reader = CardReader(version if version in VERSIONS else "3.0", forced_utf8, place)
    if version not in VERSIONS:
        reader.warnings.append(f"{place}: unbekannte vCard-Version „{version[:20]}“.")
    for number_ in stray[bisect_right(stray, start) : bisect_left(stray, end)]:
        reader.warnings.append(f"{place}: unverständliche Zeile {number_} übersprungen.")
    n: list[str] | None = None
    fn = ""
    org: list[str] = []
    titles: list[str] = []
    notes: list[str] = []
    urls: list[str] = []
    kind = ""
    show_as_company = False
    birthday = ""
    data = ContactData()
    apple_labels: dict[str, str] = {}  # group -> X-ABLabel text
    grouped: list[tuple[str, EmailData | PhoneData | AddressData]] = []
    for line in lines:
        _, head, raw = line
        name = head.name
        if name == "N":
            n = [part.strip() for part in reader.components(line, lists=True)]
        elif name == "FN":
            fn = reader.value(line)
        elif name == "ORG":
            org = [c.strip() for c in reader.components(line) if c.strip()]
        elif name == "TITLE":
            titles.append(reader.value(line))
        elif name == "EMAIL":
            address = reader.value(line)
            if address.lower().startswith("mailto:"):
                address = address[7:]
            if address:
                data.emails.append(EmailData(address, head.label))
                if head.group:
                    grouped.append((head.group, data.emails[-1]))
        elif name == "TEL":
            number_text = reader.value(line)
            if number_text.lower().startswith("tel:"):
                number_text = number_text[4:].replace(";ext=", " ext. ")
            if number_text:
                data.phones.append(PhoneData(number_text, head.label))
                if head.group:
                    grouped.append((head.group, data.phones[-1]))
        elif name == "ADR":
            parts = [*reader.components(line), "", "", "", "", "", "", ""][:7]
            pobox, extended, street, city, region, code, country = (p.strip() for p in parts)
            if region and region_for_country(country or "Deutschland") not in _NO_REGION:
                # "Bayside, NY": abroad the state belongs to the address; we have no field for it
                city = f"{city}, {region}" if city else region
            street = ", ".join(p for p in (street, extended) if p)
            if not street and pobox:
                street = f"Postfach {pobox}"
            if street or city or code:
                data.addresses.append(
                    AddressData(street, code, city, country or "Deutschland", head.label)
                )
                if head.group:
                    grouped.append((head.group, data.addresses[-1]))
        elif name == "URL":
            url = reader.value(line)
            if url:
                urls.append(url)
        elif name == "NOTE":
            note = reader.value(line)
            if note:
                notes.append(note)
        elif name == "CATEGORIES":
            tags = reader.components(line, ",;" if version == "2.1" else ",")
            data.tags += [t.strip() for t in tags if t.strip() and not system_group(t.strip())]
        elif name == "UID":
            uid = reader.value(line)
            if uid.lower().startswith("urn:uuid:"):
                uid = uid[9:]
            if 0 < len(uid) <= 36:  # longer foreign ids do not fit; matching uses names then
                data.uid = uid
        elif name == "BDAY":
            birthday = _birthday(reader.value(line))
        elif name == "NICKNAME":
            nickname = reader.value(line)
            if nickname:
                notes.append(f"Spitzname: {nickname}")
        elif name == "ROLE":
            titles.append(reader.value(line))
        elif name in _NOTED:
            text = reader.value(line)
            if name in _DATED:
                text = _birthday(text).partition(": ")[2]
            if text:
                notes.append(f"{_NOTED[name]}: {text}")
        elif name in ("KIND", "X-ADDRESSBOOKSERVER-KIND"):
            kind = raw.decode("latin-1").strip().lower()
        elif name == "X-ABLABEL" and head.group:
            apple_labels[head.group] = reader.value(line)
        elif name == "X-ABSHOWAS":
            show_as_company = raw.decode("latin-1").strip().upper() == "COMPANY"
        # PHOTO, LOGO, SOUND, KEY, REV, PRODID and other X- properties are not imported.
    for group, channel in grouped:
        label = _apple_label(apple_labels.get(group, ""))
        if label:
            channel.label = label
    card = ParsedCard(number, start, None, raw_name=fn, warnings=reader.warnings)
    if kind == "group":
        card.problems.append(f"{place}: Verteilerlisten (KIND:group) werden nicht importiert.")
        return card
    family, given, additional, prefix, suffix = ([*n, "", "", "", "", ""] if n else [""] * 5)[:5]
    first = " ".join(p for p in (given, additional) if p)
    org_name = org[0] if org else ""
    card.raw_name = fn or " ".join(p for p in (first, family) if p) or ", ".join(org)
    is_org = kind in ("org", "organization", "organisation") or (
        show_as_company and bool(org_name or fn)
    )
    if not is_org and not family and not first and org_name:
        is_org = not fn or same_name(fn, org_name) or same_name(fn, ", ".join(org))
    if is_org:
        data.kind = ORGANISATION
        data.name = ", ".join(org) if org else fn
    elif family or first:
        data.kind = PERSON
        data.last_name, data.first_name = family, first
        data.salutation, data.title = salutation_and_title(prefix)
    elif fn:
        data.kind = PERSON
        data.salutation, data.title, data.first_name, data.last_name = split_full_name(fn)
    else:
        card.problems.append(f"{place}: kein Name (weder FN noch N noch ORG).")
        return card
    if data.kind == PERSON:
        card.affiliation = Affiliation(
            org_name, ", ".join(org[1:]), "; ".join(t for t in titles if t)
        )
        if suffix:
            notes.append(f"Namenszusatz: {suffix}")
    if urls:
        data.website = urls[0]
        notes += [f"Webseite: {u}" for u in urls[1:]]
    if birthday and birthday not in "\n".join(notes):
        notes.append(birthday)
    data.notes = "\n\n".join(notes)
    card.contact = data
    return card


def system_group(tag: str) -> bool:
    """Google's own groups, not the user's: "myContacts", "* starred" (as in its CSV)."""
    return tag == "myContacts" or tag.startswith("*")


def same_name(a: str, b: str) -> bool:
    """The same name but for case and spacing ("Stadt  Wolfen" = "stadt wolfen")."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def salutation_and_title(prefix: str) -> tuple[str, str]:
    """(salutation, title) from a name prefix: "Frau Dr." -> ("Frau", "Dr."); "Mr" -> "Herr"."""
    salutation = ""
    titles: list[str] = []
    for token in prefix.replace(",", " ").split():
        if not salutation and token.casefold() in _SALUTATIONS:
            salutation = _SALUTATIONS[token.casefold()]
        else:
            titles.append(token)
    return salutation, " ".join(titles)


def split_full_name(fn: str) -> tuple[str, str, str, str]:
    """(salutation, title, first, last) from a display name: "Dr. Jörg Müller", "Müller, Jörg"."""
    if "," in fn:
        last, _, first = fn.partition(",")
        salutation, title, first_, _ = split_full_name(first.strip() + " x")
        return salutation, title, first_, last.strip()
    tokens = fn.split()
    salutation = ""
    titles: list[str] = []
    while len(tokens) > 1:
        token = tokens[0]
        if not salutation and token.casefold() in _SALUTATIONS:
            salutation = _SALUTATIONS[token.casefold()]
        elif token.endswith("."):
            titles.append(token)
        else:
            break
        tokens.pop(0)
    return salutation, " ".join(titles), " ".join(tokens[:-1]), tokens[-1] if tokens else ""


#: properties without a field of their own that are kept in the notes, with their German name
_NOTED = {
    "ANNIVERSARY": "Jahrestag",
    "X-ANNIVERSARY": "Jahrestag",
    "X-MS-ANNIVERSARY": "Jahrestag",
    "X-EVOLUTION-ANNIVERSARY": "Jahrestag",
    "IMPP": "Chat",
    "X-AIM": "Chat (AIM)",
    "X-JABBER": "Chat (Jabber)",
    "X-SKYPE": "Skype",
    "X-SKYPE-USERNAME": "Skype",
    "RELATED": "Beziehung",
    "X-ABRELATEDNAMES": "Beziehung",
    "X-EVOLUTION-SPOUSE": "Partner/in",
    "X-MS-SPOUSE": "Partner/in",
    "X-EVOLUTION-MANAGER": "Vorgesetzte/r",
    "X-MS-MANAGER": "Vorgesetzte/r",
    "X-EVOLUTION-ASSISTANT": "Assistenz",
    "X-MS-ASSISTANT": "Assistenz",
}
_DATED = {"ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"}
#: countries whose addresses are complete without the state (the Land is not written)
_NO_REGION = {"DE", "AT", "CH", "LI", "LU"}


def _birthday(value: str) -> str:
    """'Geburtstag: 15.03.1970' or 'Geburtstag: 15.03.' (no year); the raw text otherwise."""
    if not value:
        return ""
    match = _BDAY.match(value)
    if match:
        year, month, day = match.groups()
        try:
            date(2000 if year == "--" else int(year), int(month), int(day))
        except ValueError:
            return f"Geburtstag: {value}"
        return f"Geburtstag: {day}.{month}.{'' if year == '--' else year}"
    return f"Geburtstag: {value}"

"""Outlook .msg files (dragged out of Outlook or saved with "Speichern unter"): contacts and
calendar items, read into what the vCard and iCalendar imports already take.

Library: `olefile` (BSD) opens the compound file; the MAPI properties are read by our own small
reader (core.formats.msg_store). extract-msg would read more, but it is GPL-3.0, which would force
a licence decision on the whole program.

- IPM.Contact -> one OutlookCard, a vcard.ParsedCard (contact plus the organisation, department
  and job title as an Affiliation, exactly what the vCard reader gives), so the contact import
  validates, matches and stores it the way it does a .vcf.
- IPM.Appointment, IPM.Schedule.Meeting.Request/Canceled/Resp.Pos/Neg/Tent -> one VCALENDAR
  (core.formats.msg_calendar) for the calendar import.
- Any other item (an e-mail) -> its .ics and .vcf attachments and attached Outlook items; a mail
  without them is refused: it "enthält weder Kontakt noch Termin". Tasks, notes, journal entries
  and distribution lists are refused by name.

Everything that goes wrong is an ImportError_ with a German message naming the file: not a
compound file, a cut-off or damaged one (olefile with DEFECT_INCORRECT: holes are errors, not
silently shorter streams), an item without what it needs.
"""

from __future__ import annotations

import dataclasses
import io
import struct
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import olefile

from contactdesk.core.contact_data import AddressData, ContactData, EmailData, PhoneData
from contactdesk.core.countries import region_for_country
from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import vcard
from contactdesk.core.formats.msg_calendar import calendar_ics, is_calendar_class
from contactdesk.core.formats.msg_store import (
    PS_PUBLIC_STRINGS,
    PSETID_ADDRESS,
    MsgFile,
    MsgFormatError,
    PropertyStore,
    open_message,
)

MAX_DEPTH = 3  # attached items inside attached items
PID_MESSAGE_CLASS = 0x001A
PID_SUBJECT = 0x0037
PID_BODY = 0x1000
PID_ATTACH_DATA = 0x3701
PID_ATTACH_FILENAME = 0x3704
PID_ATTACH_METHOD = 0x3705
PID_ATTACH_LONG_FILENAME = 0x3707
PID_ATTACH_MIME = 0x370E
ATTACH_EMBEDDED = 5
#: person (tagged properties)
PID_DISPLAY_NAME = 0x3001
PID_GENERATION = 0x3A05
PID_GIVEN_NAME = 0x3A06
PID_SURNAME = 0x3A11
PID_MIDDLE_NAME = 0x3A44
PID_PREFIX = 0x3A45
PID_NICKNAME = 0x3A4F
PID_COMPANY = 0x3A16
PID_JOB_TITLE = 0x3A17
PID_DEPARTMENT = 0x3A18
PID_BIRTHDAY = 0x3A42
PID_ANNIVERSARY = 0x3A41
PID_SPOUSE = 0x3A48
PID_MANAGER = 0x3A4E
PID_ASSISTANT = 0x3A30
PID_PERSONAL_HOME_PAGE = 0x3A50
PID_BUSINESS_HOME_PAGE = 0x3A51
#: named properties of contacts (PSETID_Address)
LID_HTML = 0x802B
LID_IM = 0x8062
LID_BIRTHDAY_LOCAL = 0x80DE
LID_ANNIVERSARY_LOCAL = 0x80DF
#: Email1..3: (display name, address type, address, original display name)
LID_EMAILS = (
    (0x8080, 0x8082, 0x8083, 0x8084),
    (0x8090, 0x8092, 0x8093, 0x8094),
    (0x80A0, 0x80A2, 0x80A3, 0x80A4),
)
#: phone properties in Outlook's order -> our label
PHONES = (
    (0x3A08, "dienstlich"),  # business
    (0x3A1B, "dienstlich"),  # business 2
    (0x3A57, "zentrale"),  # company main
    (0x3A09, "privat"),  # home
    (0x3A2F, "privat"),  # home 2
    (0x3A1C, "mobil"),  # mobile
    (0x3A24, "Fax"),  # business fax
    (0x3A25, "Fax"),  # home fax
    (0x3A23, "Fax"),  # primary fax
    (0x3A1A, ""),  # primary
    (0x3A2E, "sekretariat"),  # assistant
    (0x3A02, ""),  # callback
    (0x3A1E, "Auto"),  # car
    (0x3A1F, ""),  # other
    (0x3A21, "Pager"),  # pager
    (0x3A1D, ""),  # radio
    (0x3A2D, ""),  # ISDN
)
#: postal addresses: (label, street, city, state, postal code, country, post office box);
#: a number above 0x8000 is a LID in PSETID_Address
ADDRESSES = (
    ("dienstlich", 0x8045, 0x8046, 0x8047, 0x8048, 0x8049, 0x804A),
    ("privat", 0x3A5D, 0x3A59, 0x3A5C, 0x3A5B, 0x3A5A, 0x3A5E),
    ("", 0x3A63, 0x3A5F, 0x3A62, 0x3A61, 0x3A60, 0x3A64),
    ("dienstlich", 0x3A29, 0x3A27, 0x3A28, 0x3A2A, 0x3A26, 0x3A2B),  # mailing address
)
#: Outlook items that are neither contact nor appointment, in words
OTHER_ITEMS = (
    ("IPM.TASK", "eine Aufgabe"),
    ("IPM.STICKYNOTE", "eine Notiz"),
    ("IPM.ACTIVITY", "ein Journaleintrag"),
)
#: countries whose addresses are complete without the state
_NO_REGION = {"DE", "AT", "CH", "LI", "LU"}


@dataclass
class OutlookCard(vcard.ParsedCard):
    """A contact of an Outlook item, placed by what it is ("Outlook-Kontakt", "Anhang „x.vcf“,
    Karte 2 (Zeile 7)") rather than by a line of the .msg file."""

    where: str = ""

    @property
    def place(self) -> str:
        return self.where or super().place


def _placed(card: vcard.ParsedCard, where: str) -> OutlookCard:
    fields = {f.name: getattr(card, f.name) for f in dataclasses.fields(card)}
    fields["where"] = where
    return OutlookCard(**fields)


@dataclass(frozen=True)
class MsgContent:
    """What an Outlook item brings: contacts, or one calendar object, plus German remarks."""

    message_class: str  # e.g. "IPM.Contact", "IPM.Schedule.Meeting.Resp.Pos"
    contacts: list[ContactData]
    ics: bytes | None  # one VCALENDAR (METHOD PUBLISH/REQUEST/CANCEL/REPLY) for calendar items
    warnings: list[str]
    #: the same contacts as the vCard reader gives them (with organisation, place, problems)
    cards: list[vcard.ParsedCard] = field(default_factory=list)


def read_msg(data: bytes, *, source: str) -> MsgContent:
    """Read an Outlook .msg file; ImportError_ (German, naming `source`) when that fails."""
    if not data:
        raise ImportError_("Die Datei ist leer.", file=source)
    if not data.startswith(olefile.MAGIC):
        raise ImportError_(
            "Die Datei ist keine Outlook-Nachricht (.msg). Bitte ziehen Sie den Eintrag direkt "
            "aus Outlook oder speichern Sie ihn dort als „Outlook-Nachrichtenformat“.",
            file=source,
        )
    try:
        # DEFECT_INCORRECT: a cut-off file raises instead of giving streams with holes
        with olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT) as ole:
            return _read(open_message(ole), source, 0)
    except ImportError_:
        raise
    except (
        OSError,
        ValueError,
        IndexError,
        KeyError,
        OverflowError,
        struct.error,
        MsgFormatError,
    ) as exc:
        raise ImportError_(
            "Die Outlook-Datei ist beschädigt und kann nicht gelesen werden. Bitte ziehen Sie "
            "den Eintrag noch einmal aus Outlook.",
            file=source,
            detail=repr(exc),
        ) from exc


def _read(msg: MsgFile, source: str, depth: int) -> MsgContent:
    message_class = msg.message.text(PID_MESSAGE_CLASS) or "IPM.Note"
    upper = message_class.upper()
    warnings: list[str] = []
    if upper.startswith("IPM.CONTACT"):
        card = contact_card(msg.message, 1)
        return MsgContent(message_class, _contacts([card]), None, card.warnings, [card])
    if upper.startswith("IPM.DISTLIST"):
        raise ImportError_(
            "Die Datei ist eine Outlook-Verteilerliste; Verteilerlisten werden nicht importiert.",
            file=source,
        )
    for prefix, what in OTHER_ITEMS:
        if upper.startswith(prefix):
            raise ImportError_(
                f"Die Outlook-Datei ist {what}; importiert werden nur Kontakte und Termine.",
                file=source,
            )
    if is_calendar_class(message_class):
        try:
            ics = calendar_ics(msg, message_class, warnings)
        except ValueError as exc:
            raise ImportError_(str(exc), file=source) from exc
        return MsgContent(message_class, [], ics, warnings)
    return _from_attachments(msg, message_class, source, depth)


def _contacts(cards: list[vcard.ParsedCard]) -> list[ContactData]:
    return [card.contact for card in cards if card.contact is not None]


def _from_attachments(msg: MsgFile, message_class: str, source: str, depth: int) -> MsgContent:
    """The .ics and .vcf files and Outlook items attached to a mail."""
    cards: list[vcard.ParsedCard] = []
    calendars: list[bytes] = []
    warnings: list[str] = []
    for number, attachment in enumerate(msg.attachments, 1):
        name = attachment.text(PID_ATTACH_LONG_FILENAME) or attachment.text(PID_ATTACH_FILENAME)
        mime = attachment.text(PID_ATTACH_MIME).lower()
        suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
        if attachment.integer(PID_ATTACH_METHOD) == ATTACH_EMBEDDED:
            if depth >= MAX_DEPTH:
                continue
            inner = _embedded(msg, attachment)
            if inner is None:
                continue
            try:
                content = _read(inner, source, depth + 1)
            except ImportError_:
                continue  # an attached plain mail: nothing to import from it
            label = f"Anhang {number}" + (f" „{name}“" if name else "")
            cards += [_placed(card, f"{label}: {card.place}") for card in content.cards]
            calendars += [content.ics] if content.ics else []
            warnings += content.warnings
            continue
        data = attachment.binary(PID_ATTACH_DATA)
        if not data:
            continue
        if suffix == "ics" or mime == "text/calendar":
            calendars.append(data)
        elif suffix == "vcf" or mime in ("text/vcard", "text/x-vcard", "text/directory"):
            try:
                parsed = vcard.parse(data, f"{source} › {name or 'Anhang'}")
                label = f"Anhang „{name}“" if name else f"Anhang {number}"
                cards += [_placed(card, f"{label}, {card.place}") for card in parsed]
            except ImportError_ as exc:
                warnings.append(f"Anhang „{name}“: {exc.message}")
    if len(calendars) > 1:
        warnings.append(
            f"Die Nachricht enthält {len(calendars)} Kalenderanhänge; übernommen wird der erste."
        )
    if not cards and not calendars:
        raise ImportError_(
            "Die Outlook-Nachricht enthält weder Kontakt noch Termin (auch keinen Anhang im "
            "Format .vcf oder .ics).",
            file=source,
        )
    return MsgContent(
        message_class, _contacts(cards), calendars[0] if calendars else None, warnings, cards
    )


def _embedded(msg: MsgFile, attachment: PropertyStore) -> MsgFile | None:
    path = [*attachment.path, "__substg1.0_3701000D"]
    if not msg.ole.exists(path):
        return None
    return open_message(msg.ole, path, msg.message.names, msg.message.children)


# --------------------------------------------------------------------------- contacts


def _day(moment: datetime | None, *, local: bool) -> date | None:
    """The date of a birthday or anniversary: "local" ones are stored as UTC midnight of the
    day, the others as the local midnight in UTC (23:00 the day before, in Berlin)."""
    if moment is None or moment.year < 1700 or moment.year > 4000:
        return None
    if local:
        return moment.astimezone(UTC).date()
    return (moment.astimezone(UTC) + timedelta(hours=12)).date()


def _multiline(text: str) -> str:
    return ", ".join(part.strip() for part in text.replace("\r", "\n").split("\n") if part.strip())


def contact_card(p: PropertyStore, number: int) -> OutlookCard:
    """An IPM.Contact as the vCard reader would give it (ParsedCard with an Affiliation)."""
    place = "Outlook-Kontakt"
    data = ContactData()
    notes: list[str] = []
    given = " ".join(x for x in (p.text(PID_GIVEN_NAME), p.text(PID_MIDDLE_NAME)) if x)
    surname = p.text(PID_SURNAME)
    display = p.text(PID_DISPLAY_NAME) or p.text(PID_SUBJECT)
    company = p.text(PID_COMPANY)
    card = OutlookCard(number, 0, None, raw_name=display or company, where="Outlook-Kontakt")
    if not given and not surname and company and (not display or vcard.same_name(display, company)):
        data.kind = vcard.ORGANISATION
        data.name = company
    elif given or surname:
        data.kind = vcard.PERSON
        data.first_name, data.last_name = given, surname
        data.salutation, data.title = vcard.salutation_and_title(p.text(PID_PREFIX))
    elif display:
        data.kind = vcard.PERSON
        first, _, last = display.rpartition(" ")
        data.first_name, data.last_name = first, last
        data.salutation, data.title = vcard.salutation_and_title(p.text(PID_PREFIX))
    else:
        card.problems.append(f"{place}: kein Name (weder Vorname, Nachname noch Firma).")
        return card
    if data.kind == vcard.PERSON:
        card.affiliation = vcard.Affiliation(company, p.text(PID_DEPARTMENT), p.text(PID_JOB_TITLE))
        if p.text(PID_GENERATION):
            notes.append(f"Namenszusatz: {p.text(PID_GENERATION)}")
    data.emails = _emails(p, (display, " ".join(x for x in (given, surname) if x), company))
    data.phones = _phones(p)
    data.addresses = _addresses(p)
    sites = [
        site
        for site in (
            p.text(PID_BUSINESS_HOME_PAGE),
            p.named_text(PSETID_ADDRESS, LID_HTML),
            p.text(PID_PERSONAL_HOME_PAGE),
        )
        if site
    ]
    sites = list(dict.fromkeys(sites))
    if sites:
        data.website = sites[0]
        notes += [f"Webseite: {site}" for site in sites[1:]]
    data.tags = list(dict.fromkeys(p.strings(p.named_id(PS_PUBLIC_STRINGS, "Keywords"))))
    body = p.text(PID_BODY).replace("\r\n", "\n").replace("\r", "\n")
    birthday = _day(p.named_time(PSETID_ADDRESS, LID_BIRTHDAY_LOCAL), local=True) or _day(
        p.time(PID_BIRTHDAY), local=False
    )
    anniversary = _day(p.named_time(PSETID_ADDRESS, LID_ANNIVERSARY_LOCAL), local=True) or _day(
        p.time(PID_ANNIVERSARY), local=False
    )
    for label, value in (
        ("Spitzname", p.text(PID_NICKNAME)),
        ("Jahrestag", f"{anniversary:%d.%m.%Y}" if anniversary else ""),
        ("Chat", p.named_text(PSETID_ADDRESS, LID_IM)),
        ("Partner/in", p.text(PID_SPOUSE)),
        ("Vorgesetzte/r", p.text(PID_MANAGER)),
        ("Assistenz", p.text(PID_ASSISTANT)),
    ):
        if value:
            notes.append(f"{label}: {value}")
    if birthday:
        notes.append(f"Geburtstag: {birthday:%d.%m.%Y}")
    data.notes = "\n\n".join([body.strip(), *notes] if body.strip() else notes)
    card.raw_name = display or " ".join(x for x in (given, surname) if x) or company
    card.contact = data
    return card


def _emails(p: PropertyStore, names: tuple[str, ...]) -> list[EmailData]:
    """Email1..3; a display name the user gave ("Jörg privat") becomes the label, the one
    Outlook makes ("Jörg Müller (joerg@example.org)") or the person's name does not."""
    found: list[EmailData] = []
    for display_lid, type_lid, address_lid, original_lid in LID_EMAILS:
        address = p.named_text(PSETID_ADDRESS, address_lid)
        kind = p.named_text(PSETID_ADDRESS, type_lid).upper()
        if not address or kind == "EX" or address.startswith("/"):
            # an Exchange address: the SMTP form is in the original or the display name
            for lid in (original_lid, display_lid):
                text = p.named_text(PSETID_ADDRESS, lid)
                if "(" in text and text.endswith(")"):
                    text = text[text.rfind("(") + 1 : -1]
                if "@" in text and " " not in text.strip():
                    address = text.strip()
                    break
            else:
                continue
        if address.lower().startswith("mailto:"):
            address = address[7:]
        if "@" in address and all(e.address.lower() != address.lower() for e in found):
            found.append(EmailData(address, _email_label(p, display_lid, address, names)))
    return found


def _email_label(p: PropertyStore, lid: int, address: str, names: tuple[str, ...]) -> str:
    display = p.named_text(PSETID_ADDRESS, lid)
    if not display or display.endswith(")") or "@" in display:
        return ""
    if any(vcard.same_name(display, name) for name in names if name):
        return ""
    return display[:40]


def _phones(p: PropertyStore) -> list[PhoneData]:
    found: list[PhoneData] = []
    seen: set[str] = set()
    for pid, label in PHONES:
        number = p.text(pid)
        key = "".join(ch for ch in number if ch.isdigit() or ch == "+")
        if number and key not in seen:
            seen.add(key)
            found.append(PhoneData(number, label))
    return found


def _addresses(p: PropertyStore) -> list[AddressData]:
    found: list[AddressData] = []
    for label, *pids in ADDRESSES:
        street, city, state, code, country, pobox = (
            p.named_text(PSETID_ADDRESS, pid) if pid >= 0x8000 else p.text(pid) for pid in pids
        )
        street = _multiline(street)
        if not street and pobox:
            street = f"Postfach {pobox}"
        if state and region_for_country(country or "Deutschland") not in _NO_REGION:
            city = f"{city}, {state}" if city else state
        if not (street or city or code):
            continue
        address = AddressData(street, code, city, country or "Deutschland", label)
        if any((a.street, a.postal_code, a.city) == (street, code, city) for a in found):
            continue  # the mailing address repeats the business or home address
        found.append(address)
    return found

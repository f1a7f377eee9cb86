"""The contact export writers as they were before the fast export (issue 18), kept as the
reference the export is compared with byte for byte (tests/core/test_export_equivalence.py).

They work on ContactData, field by field, exactly as the product did until the export read plain
rows; only the phone formatting (phonenumbers, tested on its own) is taken from the product.
Do not "improve" this file: its value is that it is the old code.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from itertools import repeat

from contactdesk.core.contact_data import ContactData, RoleData
from contactdesk.core.formats import outlook_csv

CRLF = b"\r\n"
_LABEL_TYPES = {
    "dienstlich": "work",
    "zentrale": "work",
    "sekretariat": "work",
    "privat": "home",
    "mobil": "cell",
    "fax": "fax",
    "pager": "pager",
}
_PREF = {"2.1": "PREF", "3.0": "TYPE=pref", "4.0": "PREF=1"}
_CHARSETS = {"utf-8", "cp1252"}


def _codec(charset: str) -> str | None:
    try:
        name = codecs.lookup(charset.strip()).name
    except LookupError:
        return None
    return name if name in _CHARSETS else None


# --------------------------------------------------------------------------- Outlook CSV


def write_csv(contacts: Iterable[ContactData]) -> bytes:
    """German Outlook CSV: ';' separated, UTF-8 with BOM, CRLF, formula cells protected."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(outlook_csv.EXPORT_HEADERS)
    starts = outlook_csv.FORMULA_START
    for contact in contacts:
        record = _record(contact)
        writer.writerow(
            [
                f"'{value}" if value.startswith(starts) else value
                for value in map(record.get, outlook_csv.EXPORT_HEADERS, repeat(""))
            ]
        )
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def _record(contact: ContactData) -> dict[str, str]:
    rec: dict[str, str] = {}
    if contact.is_person:
        rec["Anrede"] = " ".join(p for p in (contact.salutation, contact.title) if p)
        rec["Vorname"] = contact.first_name
        rec["Nachname"] = contact.last_name
        role = _current_role(contact)
        if role is not None:
            rec["Firma"] = role.organisation_name
            rec["Position"] = role.function
    else:
        rec["Firma"] = contact.name or contact.display_name
    business = [a for a in contact.addresses if a.label.casefold() != "privat"]
    home = [a for a in contact.addresses if a.label.casefold() == "privat"]
    for addresses, suffix in ((business, "geschäftlich"), (home, "privat")):
        if addresses:
            a = addresses[0]
            rec[f"Straße {suffix}"] = a.street
            rec[f"Ort {suffix}"] = a.city
            rec[f"Postleitzahl {suffix}"] = a.postal_code
            rec[f"Land/Region {suffix}"] = a.country
    slots = {
        "mobil": ["Mobiltelefon"],
        "privat": ["Telefon privat"],
        "fax": ["Fax geschäftlich"],
        "zentrale": ["Telefon Firma"],
    }
    spare = ["Telefon geschäftlich", "Telefon geschäftlich 2", "Weiteres Telefon"]
    extra: list[str] = []  # what has no column of its own goes into the notes
    for phone in contact.phones:
        preferred = [c for c in slots.get(phone.label.casefold(), []) if c not in rec]
        free = preferred or [c for c in spare if c not in rec]
        if free:
            rec[free[0]] = outlook_csv.phone_for_csv(phone.number)
        else:
            extra.append(
                f"Telefon {phone.label}: {outlook_csv.phone_for_csv(phone.number)}".replace(
                    "  ", " "
                )
            )
    email_columns = ("E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse")
    for index, email in enumerate(contact.emails):
        if index < len(email_columns):
            rec[email_columns[index]] = email.address
        else:
            extra.append(f"E-Mail: {email.address}")
    for address in business[1:] + home[1:]:
        extra.append(f"Adresse: {address.street}, {address.postal_code} {address.city}")
    rec["Kategorien"] = ";".join(contact.tags)
    rec["Notizen"] = "\n\n".join(p for p in (contact.notes, "\n".join(extra)) if p)
    rec["Webseite"] = contact.website
    return rec


def _current_role(contact: ContactData) -> RoleData | None:
    today = date.today()
    for role in contact.roles:
        if role.end_date is None or role.end_date >= today:
            return role
    return contact.roles[0] if contact.roles else None


# --------------------------------------------------------------------------- vCard


def write_vcards(
    contacts: list[ContactData], version: str = "3.0", *, charset: str = "utf-8"
) -> bytes:
    """vCards of all `contacts` in one file. `charset` only matters for 2.1 (utf-8 or
    windows-1252; values that Windows-1252 cannot hold are written as UTF-8)."""
    if version not in ("2.1", "3.0", "4.0"):
        raise ValueError(f"unsupported vCard version {version!r}")
    if _codec(charset) not in ("utf-8", "cp1252"):
        raise ValueError(f"unsupported charset {charset!r}")
    return b"".join(_write_card(c, version, charset) for c in contacts)


def _current_role_index(contact: ContactData) -> int | None:
    if not contact.roles:
        return None
    today = date.today()
    for index, role in enumerate(contact.roles):
        if role.end_date is None or role.end_date >= today:
            return index
    return 0


def _types(label: str) -> list[str]:
    vcard_type = _LABEL_TYPES.get(label.casefold())
    return [vcard_type] if vcard_type else []


class _CardWriter:
    def __init__(self, version: str, charset: str) -> None:
        self.version = version
        self.charset = _codec(charset) or "utf-8"
        self.out: list[bytes] = []

    def add(
        self,
        name: str,
        value: str | list[str],
        *,
        types: list[str] | None = None,
        params: list[str] | None = None,
        raw: bool = False,
    ) -> None:
        """Append a property; a list is a compound value (N, ADR, ORG) joined with ';'."""
        parts = value if isinstance(value, list) else [value]
        parts = [p.replace("\r\n", "\n").replace("\r", "\n") for p in parts]
        param_list = list(params or [])
        if types:
            if self.version == "2.1":
                param_list += [t.upper() for t in types]
            elif self.version == "3.0":
                param_list.append("TYPE=" + ",".join(types))
            else:
                joined = ",".join(types)
                param_list.append(f'TYPE="{joined}"' if len(types) > 1 else f"TYPE={joined}")
        compound = isinstance(value, list)
        if self.version == "2.1":
            self._add_21(name, param_list, parts, compound, raw)
            return
        text = ";".join(p if raw else _escape(p) for p in parts)
        head = ";".join([name, *param_list])
        self.out.append(_fold(f"{head}:{text}".encode()))

    def _add_21(
        self, name: str, params: list[str], parts: list[str], compound: bool, raw: bool
    ) -> None:
        if raw:
            text = ";".join(parts)
        else:
            text = ";".join(
                p.replace("\\", "\\\\").replace(";", "\\;") if compound else p for p in parts
            )
        head = ";".join([name, *params])
        plain = f"{head}:{text}"
        if text.isascii() and "\n" not in text and len(plain) <= 75 and text == text.strip():
            self.out.append(plain.encode("ascii") + CRLF)
            return
        charset, codec = "UTF-8", "utf-8"
        if self.charset == "cp1252":
            try:
                text.encode("cp1252")
                charset, codec = "WINDOWS-1252", "cp1252"
            except UnicodeEncodeError:
                pass
        payload = text.replace("\n", "\r\n").encode(codec)
        head = f"{head};CHARSET={charset};ENCODING=QUOTED-PRINTABLE:"
        self.out.append(_quoted_printable(head, payload))


def _escape(value: str) -> str:
    value = value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,")
    return value.replace(";", "\\;")


def _fold(line: bytes, limit: int = 75) -> bytes:
    """Lines of at most `limit` octets, continued with a space; never inside a character."""
    if len(line) <= limit:
        return line + CRLF
    chunks: list[bytes] = []
    start = 0
    while start < len(line):
        width = limit if not chunks else limit - 1
        end = min(start + width, len(line))
        while start < end < len(line) and (line[end] & 0xC0) == 0x80:
            end -= 1
        chunks.append((b" " if chunks else b"") + line[start:end])
        start = end
    return CRLF.join(chunks) + CRLF


def _quoted_printable(head: str, payload: bytes, limit: int = 76) -> bytes:
    """head + value in quoted-printable, soft line breaks ('=' CRLF) keep lines <= 76 chars."""
    tokens: list[str] = []
    for index, byte in enumerate(payload):
        if 33 <= byte <= 126 and byte != 61:
            tokens.append(chr(byte))
        elif byte == 32 and index != len(payload) - 1 and payload[index + 1] not in (13, 10):
            tokens.append(" ")
        else:
            tokens.append(f"={byte:02X}")
    lines: list[str] = []
    current = head
    for token in tokens:
        if len(current) + len(token) > limit - 1:
            lines.append(current + "=")
            current = ""
            if token == " ":
                token = "=20"  # a leading space would look like a folded line
        current += token
    lines.append(current)
    return "\r\n".join(lines).encode("ascii") + CRLF


def _write_card(contact: ContactData, version: str, charset: str) -> bytes:
    w = _CardWriter(version, charset)
    w.add("BEGIN", "VCARD", raw=True)
    w.add("VERSION", version, raw=True)
    if version != "2.1":
        w.add("PRODID", "-//contactdesk//contactdesk//DE", raw=True)
    if contact.uid:
        uid = (
            f"urn:uuid:{contact.uid}" if version == "4.0" and _is_uuid(contact.uid) else contact.uid
        )
        w.add("UID", uid)
    if contact.is_person:
        display = " ".join(p for p in (contact.title, contact.first_name, contact.last_name) if p)
        prefix = " ".join(p for p in (contact.salutation, contact.title) if p)
        if version == "4.0":
            w.add("KIND", "individual", raw=True)
        w.add("N", [contact.last_name, contact.first_name, "", prefix, ""])
        w.add("FN", display or contact.display_name)
        index = _current_role_index(contact)
        if index is not None:
            role = contact.roles[index]
            if role.organisation_name:
                w.add("ORG", [role.organisation_name])
            if role.function:
                w.add("TITLE", role.function)
    else:
        if version == "4.0":
            w.add("KIND", "org", raw=True)
        else:
            w.add("N", ["", "", "", "", ""])
            w.add("X-ABShowAs", "COMPANY", raw=True)
        w.add("FN", contact.name or contact.display_name)
        w.add("ORG", [contact.name or contact.display_name])
    for index, email in enumerate(contact.emails):
        types = _types(email.label)
        if version == "3.0":
            types = ["internet", *types]
        params = [_PREF[version]] if index == 0 else []
        if version == "2.1":
            types = ["internet"]
        w.add("EMAIL", email.address, types=types, params=params)
    for phone in contact.phones:
        types = _types(phone.label)
        if not {"cell", "fax", "pager"} & set(types):
            types.append("voice")
        if version == "4.0":
            w.add("TEL", f"tel:{phone.number}", types=types, params=["VALUE=uri"], raw=True)
        else:
            w.add("TEL", phone.number, types=types)
    for address in contact.addresses:
        w.add(
            "ADR",
            ["", "", address.street, address.city, "", address.postal_code, address.country],
            types=_types(address.label),
        )
    if contact.website:
        w.add("URL", contact.website, raw=version != "2.1")
    if contact.notes:
        w.add("NOTE", contact.notes)
    if contact.tags:
        if version == "2.1":
            tags = [
                t.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
                for t in contact.tags
            ]
        else:
            tags = [_escape(t) for t in contact.tags]
        w.add("CATEGORIES", ",".join(tags), raw=True)
    w.add("END", "VCARD", raw=True)
    return b"".join(w.out)


def _is_uuid(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", value))

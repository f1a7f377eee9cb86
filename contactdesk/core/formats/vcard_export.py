"""Writing contacts as vCards 2.1, 3.0 and 4.0 (the choices are described in formats.vcard).

The writer takes ExportContact tuples (formats.export_rows). A card is built as a list of text
lines; the property heads ("EMAIL;TYPE=internet,work") are made once per version, type and
label and then reused, escaping is skipped for values without a special character, and 3.0/4.0
cards are encoded once and folded only when a line is longer than 75 octets.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from contactdesk.core.formats.export_rows import ExportContact, current_role, today_iso

VERSIONS = ("2.1", "3.0", "4.0")
CRLF = b"\r\n"

#: our labels -> vCard TYPE values.
LABEL_TYPES = {
    "dienstlich": "work",
    "zentrale": "work",
    "sekretariat": "work",
    "privat": "home",
    "mobil": "cell",
    "fax": "fax",
    "pager": "pager",
}
_PREF = {"2.1": "PREF", "3.0": "TYPE=pref", "4.0": "PREF=1"}
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)
}
_UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
#: a character that escaping or line-end normalising changes
_SPECIAL = re.compile(r"[\\\n\r,;]")
_LINE_ENDS = re.compile(r"[\r\n]")
_PRODID = "PRODID:-//contactdesk//contactdesk//DE"


def _charset_codec(charset: str) -> str:
    try:
        name = codecs.lookup(charset.strip()).name
    except LookupError:
        name = ""
    if name not in ("utf-8", "cp1252"):
        raise ValueError(f"unsupported charset {charset!r}")
    return name


def write_cards(
    contacts: Iterable[ExportContact], version: str = "3.0", *, charset: str = "utf-8"
) -> bytes:
    """vCards of all `contacts` in one file. `charset` only matters for 2.1 (utf-8 or
    windows-1252; values that Windows-1252 cannot hold are written as UTF-8)."""
    return b"".join(cards(contacts, version, charset=charset))


def cards(
    contacts: Iterable[ExportContact], version: str = "3.0", *, charset: str = "utf-8"
) -> Iterator[bytes]:
    """The bytes of one card per contact, in order."""
    if version not in VERSIONS:
        raise ValueError(f"unsupported vCard version {version!r}")
    card = _card_builder(version, _charset_codec(charset))
    for contact in contacts:
        yield card(contact)


def write_each_card(
    contacts: Iterable[ExportContact], version: str = "2.1", *, charset: str = "utf-8"
) -> Iterator[tuple[str, bytes]]:
    """One (file name, vCard bytes) per contact, for Outlook for Windows (reads one card);
    names are unique regardless of case ("Müller, Jörg.vcf", "Müller, Jörg (2).vcf")."""
    if version not in VERSIONS:
        raise ValueError(f"unsupported vCard version {version!r}")
    card = _card_builder(version, _charset_codec(charset))
    used: set[str] = set()
    for contact in contacts:
        stem = safe_file_stem(_file_title(contact))
        candidate, counter = stem, 1
        while candidate.casefold() in used:
            counter += 1
            candidate = f"{stem} ({counter})"
        used.add(candidate.casefold())
        yield f"{candidate}.vcf", card(contact)


def _file_title(contact: ExportContact) -> str:
    if contact.is_person:
        return ", ".join(p for p in (contact.last_name, contact.first_name) if p)
    return contact.name or contact.display_name


def safe_file_stem(title: str, max_length: int = 100) -> str:
    """A file name stem that Windows, macOS and Linux accept ("Müller, Jörg")."""
    cleaned = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in title)
    cleaned = " ".join(cleaned.split())[:max_length].strip(" .")
    if not cleaned:
        cleaned = "Kontakt"
    if cleaned.split(".")[0].upper() in _WINDOWS_RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


# --------------------------------------------------------------------------- values


def _normal(value: str) -> str:
    """Line ends as LF (a value from Windows may hold CRLF or CR)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def _escape(value: str) -> str:
    """A 3.0/4.0 text value: backslash, line end, comma and semicolon escaped."""
    if _SPECIAL.search(value) is None:
        return value
    value = _normal(value).replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,")
    return value.replace(";", "\\;")


def _tag_21(tag: str) -> str:
    return tag.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def _tag_30(tag: str) -> str:
    # a tag is escaped before the line ends are normalised (CR stays a bare line end)
    value = tag.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,")
    return value.replace(";", "\\;")


@lru_cache(maxsize=256)
def _head(version: str, name: str, types: tuple[str, ...], params: tuple[str, ...]) -> str:
    """NAME;PARAM...;TYPE=... as each version spells types."""
    parts = [name, *params]
    if types:
        if version == "2.1":
            parts += [t.upper() for t in types]
        elif version == "3.0":
            parts.append("TYPE=" + ",".join(types))
        else:
            joined = ",".join(types)
            parts.append(f'TYPE="{joined}"' if len(types) > 1 else f"TYPE={joined}")
    return ";".join(parts)


def _types(label: str) -> tuple[str, ...]:
    vcard_type = LABEL_TYPES.get(label.casefold())
    return (vcard_type,) if vcard_type else ()


@lru_cache(maxsize=256)
def _email_head(version: str, label: str, first: bool) -> str:
    types = _types(label)
    if version == "3.0":
        types = ("internet", *types)
    elif version == "2.1":
        types = ("internet",)
    return _head(version, "EMAIL", types, (_PREF[version],) if first else ())


@lru_cache(maxsize=256)
def _phone_head(version: str, label: str) -> str:
    types = _types(label)
    if not {"cell", "fax", "pager"} & set(types):
        types = (*types, "voice")
    return _head(version, "TEL", types, ("VALUE=uri",) if version == "4.0" else ())


@lru_cache(maxsize=256)
def _address_head(version: str, label: str) -> str:
    return _head(version, "ADR", _types(label), ())


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


def _line_21(head: str, text: str, codec: str) -> bytes:
    """A 2.1 property: plain when short printable ASCII, else quoted-printable with CHARSET."""
    plain = f"{head}:{text}"
    if text.isascii() and "\n" not in text and len(plain) <= 75 and text == text.strip():
        return plain.encode("ascii") + CRLF
    charset, name = "UTF-8", "utf-8"
    if codec == "cp1252":
        try:
            text.encode("cp1252")
            charset, name = "WINDOWS-1252", "cp1252"
        except UnicodeEncodeError:
            pass
    payload = text.replace("\n", "\r\n").encode(name)
    return _quoted_printable(f"{head};CHARSET={charset};ENCODING=QUOTED-PRINTABLE:", payload)


# --------------------------------------------------------------------------- cards


def _card_builder(version: str, codec: str) -> Callable[[ExportContact], bytes]:
    """The function that turns one contact into the bytes of its card."""
    v21, v40 = version == "2.1", version == "4.0"
    today = today_iso()
    special = _SPECIAL.search
    escape: Callable[[str], str]
    if v21:
        # 2.1 has no escaping of text; a compound value (N, ADR, ORG) escapes \ and ;
        escape = raw = _normal

        def compound(*parts: str) -> str:
            if special("".join(parts)) is None:
                return ";".join(parts)
            return ";".join([_normal(p).replace("\\", "\\\\").replace(";", "\\;") for p in parts])

    else:

        def escape(value: str) -> str:
            return value if special(value) is None else _escape(value)

        def compound(*parts: str) -> str:
            if special("".join(parts)) is None:
                return ";".join(parts)
            return ";".join([_escape(p) for p in parts])

        raw = _normal
    begin = (
        "BEGIN:VCARD\r\nVERSION:2.1" if v21 else f"BEGIN:VCARD\r\nVERSION:{version}\r\n{_PRODID}"
    )

    def card(contact: ExportContact) -> bytes:
        (
            is_person,
            uid,
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
        ) = contact
        # the properties as "HEAD:text" lines (no head holds a colon; 2.1 splits them again)
        lines = [begin]
        add = lines.append
        if uid:
            add("UID:" + escape(f"urn:uuid:{uid}" if v40 and _UUID.fullmatch(uid) else uid))
        if is_person:
            display = " ".join(p for p in (title, first_name, last_name) if p)
            prefix = f"{salutation} {title}" if salutation and title else salutation or title
            if v40:
                add("KIND:individual")
            add("N:" + compound(last_name, first_name, "", prefix, ""))
            add("FN:" + escape(display or display_name))
            if roles:
                role = current_role(roles, today)
                if role is not None:
                    if role[0]:
                        add("ORG:" + compound(role[0]))
                    if role[1]:
                        add("TITLE:" + escape(role[1]))
        else:
            if v40:
                add("KIND:org")
            else:
                add("N:;;;;")
                add("X-ABShowAs:COMPANY")
            add("FN:" + escape(name or display_name))
            add("ORG:" + compound(name or display_name))
        first = True
        for address, label in emails:
            add(f"{_email_head(version, label, first)}:{escape(address)}")
            first = False
        for number, label in phones:
            text = raw(f"tel:{number}") if v40 else escape(number)
            add(f"{_phone_head(version, label)}:{text}")
        for street, postal_code, city, country, label in addresses:
            text = compound("", "", street, city, "", postal_code, country)
            add(f"{_address_head(version, label)}:{text}")
        if website:
            add("URL:" + (escape(website) if v21 else raw(website)))
        if notes:
            add("NOTE:" + escape(notes))
        if tags:
            joined = ",".join([_tag_21(t) for t in tags] if v21 else [_tag_30(t) for t in tags])
            add("CATEGORIES:" + raw(joined))
        if v21:
            return b"".join(
                [
                    b"BEGIN:VCARD\r\nVERSION:2.1\r\n",
                    *[_line_21(*line.partition(":")[::2], codec) for line in lines[1:]],
                    b"END:VCARD\r\n",
                ]
            )
        add("END:VCARD\r\n")
        data = "\r\n".join(lines).encode()
        if max(map(len, data.split(CRLF))) <= 75:
            return data
        return b"".join(_fold(line.encode()) for line in "\r\n".join(lines[:-1]).split("\r\n")) + (
            b"END:VCARD\r\n"
        )

    return card

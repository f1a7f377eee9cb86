"""How a person appears in free text: their name in every German spelling and order, their
e-mail addresses, phone numbers and streets. The Auskunft (services/privacy.py) searches stored
text with these patterns; the erasure (services/privacy_erase.py) replaces what they match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from contactdesk.core.contact_data import ContactData
from contactdesk.core.folding import fold, fold_simple

#: What a name is replaced with in text that must stay (archive records, other people's notes)
NAME_PLACEHOLDER = "[gelöschte Person]"
DATA_PLACEHOLDER = "[gelöscht]"
_SEP = r"[\s/\-().]*"


def _spellings(word: str) -> set[str]:
    """Original, "ae" and "a" spellings of a word (Zwiebelkönig, Zwiebelkoenig, Zwiebelkonig)."""
    word = word.strip()
    if not word:
        return set()
    return {word, fold(word), fold_simple(word)}


def _alt(words: set[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _phone_patterns(e164: str) -> list[str]:
    digits = e164.lstrip("+")
    out = []
    try:
        parsed = phonenumbers.parse(e164)
        national = phonenumbers.national_significant_number(parsed)
        country = str(parsed.country_code)
    except phonenumbers.NumberParseException:
        national, country = "", ""
    if national:
        out.append(_SEP.join(("0", *national)))  # 0341 98765432
        out.append(r"(?:\+|00)" + _SEP.join((*country, *national)))  # +49 341 ...
        out.append(r"(?:\+|00)" + _SEP.join(country) + _SEP + r"\(0\)" + _SEP + _SEP.join(national))
    out.append(_SEP.join(digits))
    return [r"(?<!\d)" + p + r"(?!\d)" for p in out]


@dataclass(frozen=True)
class Traces:
    """The patterns of one person; `names` alone for the things that say who someone is."""

    names: re.Pattern[str]
    data: re.Pattern[str] | None

    def mentions(self, text: str | None) -> bool:
        if not text:
            return False
        return bool(self.names.search(text) or (self.data and self.data.search(text)))

    def scrub(self, text: str) -> str:
        text = self.names.sub(NAME_PLACEHOLDER, text)
        if self.data is not None:
            text = self.data.sub(DATA_PLACEHOLDER, text)
        return text


def traces_of(data: ContactData, *, last_name_alone: bool) -> Traces:
    """Patterns of one contact. `last_name_alone`: also the last name on its own (only when no
    other contact of the register carries it, else "Müller" would hit other people)."""
    names: list[str] = []
    if data.is_person:
        last = _spellings(data.last_name)
        first = _spellings(data.first_name)
        if last and first:
            lf, ff = _alt(last), _alt(first)
            names.append(rf"\b{ff}\s+{lf}\b")
            names.append(rf"\b{lf},?\s+{ff}\b")
        if last:
            names.append(rf"\b(?:Frau|Herrn?|Fr\.|Hr\.|Dr\.|Prof\.)\s+{_alt(last)}\b")
            if last_name_alone or not first:
                names.append(rf"\b{_alt(last)}\b")
    else:
        names.append(rf"\b{_alt(_spellings(data.name))}\b")
    if data.display_name:
        names.append(re.escape(data.display_name))
    data_parts: list[str] = [re.escape(e.address) for e in data.emails if e.address]
    for phone in data.phones:
        if phone.number:
            data_parts += _phone_patterns(phone.number)
    for address in data.addresses:
        if address.street.strip():
            data_parts.append(rf"\b{_alt(_spellings(address.street))}")
    return Traces(
        names=re.compile("|".join(names), re.IGNORECASE),
        data=re.compile("|".join(data_parts), re.IGNORECASE) if data_parts else None,
    )


def decode_text(content: bytes, mime_type: str, filename: str) -> str | None:
    """The text of a stored file when it is plain text (txt, csv, html, eml, ics, vcf, json,
    xml, md), else None: compressed formats (PDF, Office) cannot be searched here."""
    textual = mime_type.startswith("text/") or mime_type in (
        "application/json",
        "application/xml",
        "message/rfc822",
    )
    if not textual and not re.search(r"\.(txt|csv|html?|eml|ics|vcf|json|xml|md)$", filename, re.I):
        return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None

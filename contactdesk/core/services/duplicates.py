"""One record per person: find contacts that are probably the same person or organisation.

A pair is scored from its names (folded the German way of core/folding.py, Kölner Phonetik of
core/phonetics.py for spelling variants, swapped first and last name, small typos) and its
channels (same e-mail address, same phone number, same organisation); each part adds a German
reason. Records are only compared inside small blocks that share a key (an e-mail, a phone, the
folded name, the sound of the name, a name with the start of the other one), so 100,000
contacts cost a few seconds rather than 5 * 10^9 comparisons.

The register's list (*Kontakte › Dubletten suchen*), the command line (`contacts duplicates`)
and the warning when a new contact is saved (services.contacts.create_contact) all ask here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactdesk.core.contact_data import ContactData
from contactdesk.core.folding import fold_cached, tokens
from contactdesk.core.i18n import N_, _
from contactdesk.core.models import Contact, Email, Organisation, Person, Phone, Role
from contactdesk.core.phonetics import cologne

#: A pair at or above this score is reported.
THRESHOLD = 0.5
#: Blocks with more members than this say little (a very common name); they are left out.
BLOCK_LIMIT = 100

R_SAME_NAME = N_("gleicher Name")
R_FOLDED_NAME = N_("gleicher Name in anderer Schreibweise (Umlaute, ß/ss, Groß-/Kleinschreibung)")
R_SWAPPED = N_("Vor- und Nachname vertauscht")
R_SOUNDS_ALIKE = N_("ähnlich klingender Name (Kölner Phonetik)")
R_TYPO = N_("fast gleich geschriebener Name (Tippfehler?)")
R_FIRST_MISSING = N_("gleicher Nachname, Vorname fehlt oder ist abgekürzt")
R_EMAIL = N_("gleiche E-Mail-Adresse")
R_PHONE = N_("gleiche Telefonnummer")
R_ORGANISATION = N_("gleiche Organisation")
R_OTHER_EMAILS = N_("verschiedene E-Mail-Adressen")


@dataclass(frozen=True)
class Record:
    """What the finder knows of one contact."""

    id: int
    kind: str
    display_name: str
    first_name: str = ""
    last_name: str = ""
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    organisations: frozenset[int] = frozenset()


@dataclass(frozen=True)
class DuplicatePair:
    """Two contacts that are probably one; `keep_id` is the older record (smaller id)."""

    keep_id: int
    other_id: int
    keep_name: str
    other_name: str
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def reason(self) -> str:
        """The reasons as one German sentence part, translated."""
        return "; ".join(_(r) for r in self.reasons)

    def to_dict(self) -> dict[str, Any]:
        return {
            "keep_id": self.keep_id,
            "other_id": self.other_id,
            "keep_name": self.keep_name,
            "other_name": self.other_name,
            "score": round(self.score, 2),
            "reasons": [_(r) for r in self.reasons],
        }


# --------------------------------------------------------------------------- keys


@lru_cache(maxsize=1 << 17)
def _folded(text: str) -> str:
    return " ".join(tokens(fold_cached(text)))


def _name_parts(rec: Record) -> tuple[str, str]:
    """(folded first, folded last); an organisation keeps its whole name in the second."""
    if rec.kind == "person":
        return _folded(rec.first_name), _folded(rec.last_name)
    return "", _folded(rec.display_name)


def block_keys(rec: Record) -> set[tuple[str, str]]:
    """The blocks a record belongs to; two records are compared when they share one."""
    keys: set[tuple[str, str]] = {("e", e) for e in rec.emails}
    keys |= {("p", p) for p in rec.phones}
    first, last = _name_parts(rec)
    if rec.kind == "person":
        if last or first:
            keys.add(("n", " ".join(sorted((first, last)))))
            sounds = sorted((cologne(first), cologne(last)))
            if sounds[0] or sounds[1]:
                keys.add(("k", " ".join(sounds)))
        if last:
            keys.add(("l", last + "|" + first[:1]))
            keys.add(("lx", last))  # a first name missing or abbreviated
            keys.add(("kl", cologne(last)))
        if first and last:
            keys.add(("f", first + "|" + last[:1]))
    elif last:
        keys.add(("o", last))
        keys.add(("ko", cologne(last)))
    return keys


# --------------------------------------------------------------------------- scoring


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _one_typo(a: str, b: str) -> bool:
    """Whether b is a with one letter added, dropped, changed or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    rest_a, rest_b = a[start:], b[start:]
    if len(a) == len(b):
        if rest_a[1:] == rest_b[1:]:
            return True  # one letter changed
        return rest_a[:2] == rest_b[1::-1] and rest_a[2:] == rest_b[2:]  # swapped
    return rest_a[1:] == rest_b if len(a) > len(b) else rest_b[1:] == rest_a


def _name_score(a: Record, b: Record) -> tuple[float, str | None]:
    fa, la = _name_parts(a)
    fb, lb = _name_parts(b)
    if not (la or fa) or not (lb or fb):
        return 0.0, None
    if fa == fb and la == lb:
        same = a.display_name.strip() == b.display_name.strip()
        return 0.7, R_SAME_NAME if same else R_FOLDED_NAME
    if a.kind == "person" and fa and la and fa == lb and la == fb:
        return 0.65, R_SWAPPED
    if _digits(fa + la) != _digits(fb + lb):
        return 0.0, None  # "Gruppe 1" and "Gruppe 2" are not spelling variants
    if a.kind == "person":
        if (
            la
            and la == lb
            and (not fa or not fb or (fa[:1] == fb[:1] and min(len(fa), len(fb)) <= 2))
        ):
            return 0.5, R_FIRST_MISSING
        for same, x, y in ((fa == fb, la, lb), (la == lb, fa, fb)):
            if same and x and y:
                if _one_typo(x, y):
                    return 0.5, R_TYPO
                if cologne(x) == cologne(y) and _similar(x, y) >= 0.65:
                    return 0.55, R_SOUNDS_ALIKE
        sound_a = (cologne(fa), cologne(la))
        sound_b = (cologne(fb), cologne(lb))
        if sound_a[1] and sound_a == sound_b and _similar(f"{fa} {la}", f"{fb} {lb}") >= 0.8:
            return 0.55, R_SOUNDS_ALIKE
    elif la and lb:
        if _one_typo(la, lb):
            return 0.5, R_TYPO
        if cologne(la) == cologne(lb) and _similar(la, lb) >= 0.8:
            return 0.55, R_SOUNDS_ALIKE
    return 0.0, None


def score_pair(a: Record, b: Record) -> tuple[float, tuple[str, ...]]:
    """How likely two records are one contact (0..1) and why."""
    if a.kind != b.kind:
        return 0.0, ()
    score, reason = _name_score(a, b)
    reasons = [reason] if reason else []
    if a.emails & b.emails:
        score += 0.6
        reasons.append(R_EMAIL)
    elif a.emails and b.emails and not a.phones & b.phones:
        score -= 0.3  # both have addresses and none is shared: rather two people of one name
        reasons.append(R_OTHER_EMAILS)
    if a.phones & b.phones:
        score += 0.4
        reasons.append(R_PHONE)
    if a.organisations & b.organisations:
        score += 0.15
        reasons.append(R_ORGANISATION)
    return min(1.0, max(0.0, score)), tuple(reasons)


def _pair(a: Record, b: Record, score: float, reasons: tuple[str, ...]) -> DuplicatePair:
    keep, other = (a, b) if a.id < b.id else (b, a)
    return DuplicatePair(
        keep.id, other.id, keep.display_name, other.display_name, round(score, 3), reasons
    )


def find_pairs(
    records: Iterable[Record], *, threshold: float = THRESHOLD, block_limit: int = BLOCK_LIMIT
) -> list[DuplicatePair]:
    """Every pair scoring at least `threshold`, best first."""
    blocks: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for rec in records:
        for key in block_keys(rec):
            blocks[key].append(rec)
    seen: set[tuple[int, int]] = set()
    found: list[DuplicatePair] = []
    for members in blocks.values():
        if len(members) < 2 or len(members) > block_limit:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                ids = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if ids in seen or a.id == b.id:
                    continue
                seen.add(ids)
                score, reasons = score_pair(a, b)
                if score >= threshold:
                    found.append(_pair(a, b, score, reasons))
    found.sort(key=lambda p: (-p.score, p.keep_id, p.other_id))
    return found


# --------------------------------------------------------------------------- the register


def _channels(session: Session, ids: list[int] | None = None) -> Iterator[dict[int, set[Any]]]:
    queries = (
        select(Email.contact_id, func.lower(Email.address)),
        select(Phone.contact_id, Phone.number),
        select(Role.person_id, Role.organisation_id),
    )
    for stmt in queries:
        owner = stmt.selected_columns[0]
        if ids is not None:
            stmt = stmt.where(owner.in_(ids))
        found: dict[int, set[Any]] = defaultdict(set)
        for cid, value in session.execute(stmt):
            found[cid].add(value)
        yield found


def load_records(session: Session, ids: list[int] | None = None) -> list[Record]:
    """The live contacts (not in the wastebasket) as the finder sees them."""
    person = Person.__table__
    stmt = (
        select(
            Contact.id,
            Contact.kind,
            Contact.display_name,
            person.c.first_name,
            person.c.last_name,
        )
        .outerjoin(person, person.c.id == Contact.id)
        .where(Contact.deleted_at.is_(None))
    )
    if ids is not None:
        stmt = stmt.where(Contact.id.in_(ids))
    rows = session.execute(stmt).all()
    emails, phones, roles = _channels(session, ids)
    empty: frozenset[Any] = frozenset()
    return [
        Record(
            id=r.id,
            kind=r.kind,
            display_name=r.display_name,
            first_name=r.first_name or "",
            last_name=r.last_name or "",
            emails=frozenset(emails[r.id]) if r.id in emails else empty,
            phones=frozenset(phones[r.id]) if r.id in phones else empty,
            organisations=frozenset(roles[r.id]) if r.id in roles else empty,
        )
        for r in rows
    ]


def find_all(session: Session, *, threshold: float = THRESHOLD) -> list[DuplicatePair]:
    """Every probable duplicate pair of the register, best first."""
    return find_pairs(load_records(session), threshold=threshold)


def record_of(data: ContactData) -> Record:
    """A contact being edited (validated data), as the finder sees it."""
    name = data.name if not data.is_person else f"{data.first_name} {data.last_name}".strip()
    return Record(
        id=data.id if data.id is not None else -1,
        kind=data.kind,
        display_name=data.display_name or name,
        first_name=data.first_name if data.is_person else "",
        last_name=data.last_name if data.is_person else data.name,
        emails=frozenset(e.address.casefold() for e in data.emails if e.address),
        phones=frozenset(p.number for p in data.phones if p.number),
        organisations=frozenset(r.organisation_id for r in data.roles if r.organisation_id > 0),
    )


def similar_to(
    session: Session, data: ContactData, *, threshold: float = THRESHOLD
) -> list[DuplicatePair]:
    """Live contacts that are probably the contact in `data` (a new one, or one being edited).

    `keep_id` of each pair is the stored contact; `other_id` is the edited one (-1 when new).
    """
    new = record_of(data)
    wanted = block_keys(new)
    if not wanted:
        return []
    ids: set[int] = set()
    if new.emails:
        ids.update(
            session.scalars(
                select(Email.contact_id).where(func.lower(Email.address).in_(sorted(new.emails)))
            )
        )
    if new.phones:
        ids.update(
            session.scalars(select(Phone.contact_id).where(Phone.number.in_(sorted(new.phones))))
        )
    table = Person.__table__ if new.kind == "person" else Organisation.__table__
    names = (
        select(table.c.id, table.c.first_name, table.c.last_name)
        if new.kind == "person"
        else select(table.c.id, table.c.name)
    )
    for row in session.execute(names):
        probe = Record(
            id=row[0],
            kind=new.kind,
            display_name="",
            first_name=row[1] if new.kind == "person" else "",
            last_name=(row[2] if new.kind == "person" else row[1]) or "",
        )
        if block_keys(probe) & wanted:
            ids.add(row[0])
    ids.discard(new.id)
    if not ids:
        return []
    found = []
    for rec in load_records(session, sorted(ids)):
        score, reasons = score_pair(new, rec)
        if score >= threshold:
            found.append(
                DuplicatePair(rec.id, new.id, rec.display_name, new.display_name, score, reasons)
            )
    found.sort(key=lambda p: (-p.score, p.keep_id))
    return found


__all__ = [
    "THRESHOLD",
    "DuplicatePair",
    "Record",
    "block_keys",
    "find_all",
    "find_pairs",
    "load_records",
    "record_of",
    "score_pair",
    "similar_to",
]

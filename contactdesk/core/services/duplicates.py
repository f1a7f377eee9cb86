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

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from contactdesk.core.contact_data import ContactData
from contactdesk.core.folding import fold_cached, tokens
from contactdesk.core.gcpause import bulk_work
from contactdesk.core.i18n import N_, _
from contactdesk.core.models import Contact, Email, Organisation, Person, Phone, Role
from contactdesk.core.phonetics import cologne

#: A pair at or above this score is reported.
THRESHOLD = 0.5
#: Blocks with more members than this say little (a very common name); they are left out.
BLOCK_LIMIT = 30

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


class _Prepared:
    """A record with its folded names and their sounds, worked out once."""

    __slots__ = ("digits", "first", "last", "rec", "sound_first", "sound_last")

    def __init__(self, rec: Record) -> None:
        self.rec = rec
        if rec.kind == "person":
            self.first, self.last = _folded(rec.first_name), _folded(rec.last_name)
        else:  # an organisation keeps its whole name as the "last" part
            self.first, self.last = "", _folded(rec.display_name)
        self.sound_first = cologne(self.first) if self.first else ""
        self.sound_last = cologne(self.last) if self.last else ""
        self.digits = "".join(ch for ch in self.first + self.last if ch.isdigit())


#: The block of one last name: only pairs with a missing or abbreviated first name are compared.
_LAST_ONLY = "x"


@lru_cache(maxsize=1 << 16)
def _deletes(word: str) -> tuple[str, ...]:
    """The word and each form of it with one letter left out (symmetric-delete blocking)."""
    if len(word) < 4:
        return (word,)
    return (word, *{word[:i] + word[i + 1 :] for i in range(len(word))})


def _keys(p: _Prepared) -> set[str]:
    """Block keys as strings: a letter for the kind of key, then its value."""
    rec, first, last = p.rec, p.first, p.last
    keys = {"e" + e for e in rec.emails}
    if rec.phones:
        keys.update("p" + n for n in rec.phones)
    if rec.kind == "person":
        if last or first:
            keys.add("n" + (f"{first}|{last}" if first < last else f"{last}|{first}"))
            a, b = p.sound_first, p.sound_last
            if a or b:
                keys.add("k" + (f"{a}|{b}" if a < b else f"{b}|{a}"))
        if last:
            keys.add(_LAST_ONLY + last)  # a first name missing or abbreviated
        if first and last:
            # one typo in either name: both spellings share a form with one letter left out
            head = "l" + last + "|"
            keys.update([head + form for form in _deletes(first)])
            head = "f" + first + "|"
            keys.update([head + form for form in _deletes(last)])
    elif last:
        keys.add("o" + last)
        keys.add("s" + p.sound_last)
        keys.update(["t" + form for form in _deletes(last)])
    return keys


def block_keys(rec: Record) -> set[str]:
    """The blocks a record belongs to; two records are compared when they share one."""
    return _keys(_Prepared(rec))


# --------------------------------------------------------------------------- scoring


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


def _name_score(a: _Prepared, b: _Prepared) -> tuple[float, str | None]:
    fa, la, fb, lb = a.first, a.last, b.first, b.last
    if not (la or fa) or not (lb or fb):
        return 0.0, None
    if fa == fb and la == lb:
        same = a.rec.display_name.strip() == b.rec.display_name.strip()
        return 0.7, R_SAME_NAME if same else R_FOLDED_NAME
    person = a.rec.kind == "person"
    if person and fa and la and fa == lb and la == fb:
        return 0.65, R_SWAPPED
    if a.digits != b.digits:
        return 0.0, None  # "Gruppe 1" and "Gruppe 2" are not spelling variants
    if person:
        if (
            la
            and la == lb
            and (not fa or not fb or (fa[:1] == fb[:1] and min(len(fa), len(fb)) <= 2))
        ):
            return 0.5, R_FIRST_MISSING
        for same, x, y, sx, sy in (
            (fa == fb, la, lb, a.sound_last, b.sound_last),
            (la == lb, fa, fb, a.sound_first, b.sound_first),
        ):
            if same and x and y:
                if _one_typo(x, y):
                    return 0.5, R_TYPO
                if sx == sy and x[:1] == y[:1] and _similar(x, y) >= 0.75:
                    return 0.55, R_SOUNDS_ALIKE
        if (
            a.sound_last
            and a.sound_last == b.sound_last
            and a.sound_first == b.sound_first
            and _similar(f"{fa} {la}", f"{fb} {lb}") >= 0.8
        ):
            return 0.55, R_SOUNDS_ALIKE
    elif la and lb:
        if _one_typo(la, lb):
            return 0.5, R_TYPO
        if a.sound_last == b.sound_last and _similar(la, lb) >= 0.8:
            return 0.55, R_SOUNDS_ALIKE
    return 0.0, None


def _score(a: _Prepared, b: _Prepared) -> tuple[float, tuple[str, ...]]:
    ra, rb = a.rec, b.rec
    if ra.kind != rb.kind:
        return 0.0, ()
    score, reason = _name_score(a, b)
    reasons = [reason] if reason else []
    if ra.emails & rb.emails:
        score += 0.6
        reasons.append(R_EMAIL)
    elif ra.emails and rb.emails and not ra.phones & rb.phones:
        score -= 0.3  # both have addresses and none is shared: rather two people of one name
        reasons.append(R_OTHER_EMAILS)
    if ra.phones & rb.phones:
        score += 0.4
        reasons.append(R_PHONE)
    if ra.organisations & rb.organisations:
        score += 0.15
        reasons.append(R_ORGANISATION)
    return min(1.0, max(0.0, score)), tuple(reasons)


def score_pair(a: Record, b: Record) -> tuple[float, tuple[str, ...]]:
    """How likely two records are one contact (0..1) and why."""
    return _score(_Prepared(a), _Prepared(b))


def _pair(a: Record, b: Record, score: float, reasons: tuple[str, ...]) -> DuplicatePair:
    keep, other = (a, b) if a.id < b.id else (b, a)
    return DuplicatePair(
        keep.id, other.id, keep.display_name, other.display_name, round(score, 3), reasons
    )


@bulk_work
def find_pairs(
    records: Iterable[Record], *, threshold: float = THRESHOLD, block_limit: int = BLOCK_LIMIT
) -> list[DuplicatePair]:
    """Every pair scoring at least `threshold`, best first."""
    blocks: dict[str, list[_Prepared]] = defaultdict(list)
    for rec in records:
        prepared = _Prepared(rec)
        for key in _keys(prepared):
            blocks[key].append(prepared)
    seen: set[tuple[int, int]] = set()
    found: list[DuplicatePair] = []
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        if key.startswith(_LAST_ONLY):
            short = [m for m in members if len(m.first) <= 2]
            if not short or len(short) > block_limit:
                continue
            candidates: Iterable[tuple[_Prepared, _Prepared]] = (
                (a, b) for a in short for b in members
            )
        elif len(members) > block_limit:
            continue
        else:
            candidates = ((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
        for a, b in candidates:
            ia, ib = a.rec.id, b.rec.id
            if ia == ib:
                continue
            ids = (ia, ib) if ia < ib else (ib, ia)
            if ids in seen:
                continue
            seen.add(ids)
            score, reasons = _score(a, b)
            if score >= threshold:
                found.append(_pair(a.rec, b.rec, score, reasons))
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


_SOUND_CLASSES = ("aeijouy", "bp", "dt", "fvw", "gkqc", "l", "mn", "r", "szc", "h", "x")


def _sound_class(letter: str) -> set[str]:
    """Initial letters that may begin a name sounding like one beginning with `letter`."""
    found = {letter}
    for group in _SOUND_CLASSES:
        if letter in group:
            found.update(group)
    if letter in "ph":
        found.update("fvwp")  # "Ph" sounds like F
    return found


@bulk_work
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
    ).join(Contact, Contact.id == table.c.id)
    # Only names that can share a block: their sort name (folded "last first") starts with a
    # letter that sounds like the first letter of either name (Kölner Phonetik classes); an
    # index range each, instead of reading the whole register while someone types.
    prepared = _Prepared(new)
    starts = sorted(
        {x for part in (prepared.last, prepared.first) if part for x in _sound_class(part[0])}
    )
    if starts:
        names = names.where(
            or_(
                *[
                    and_(Contact.sort_name >= ch, Contact.sort_name < chr(ord(ch) + 1))
                    for ch in starts
                ]
            )
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

"""Paper types and numbers ("M006-2021"): the counter only ever counts up, a number is never reused."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactdesk.core.enums import (
    DEFAULT_NUMBER_FORMAT,
)
from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError
from contactdesk.core.models import (
    Paper,
    PaperNumberCounter,
    PaperType,
)


def list_paper_types(session: Session, *, include_inactive: bool = False) -> list[tuple[str, str]]:
    """(code, name) of the paper types, in the town's order."""
    stmt = select(PaperType.code, PaperType.name).order_by(PaperType.position, PaperType.code)
    if not include_inactive:
        stmt = stmt.where(PaperType.active.is_(True))
    return [(r.code, r.name) for r in session.execute(stmt)]


def add_paper_type(session: Session, code: str, name: str) -> tuple[str, str]:
    """The extension point for more paper types (e.g. "A" Anfrage): one row, no code change."""
    code = code.strip().upper()
    name = name.strip()
    errors = {}
    if not re.fullmatch(r"[A-Z]{1,5}", code):
        errors["code"] = "Das Kürzel besteht aus 1 bis 5 Großbuchstaben (z. B. „A“)."
    if not name:
        errors["name"] = "Bitte geben Sie eine Bezeichnung für die Vorlagenart ein."
    if errors:
        raise ValidationError(errors)
    if session.get(PaperType, code) is not None:
        raise ConflictError(f"Die Vorlagenart „{code}“ gibt es schon.")
    position = (session.scalar(select(func.max(PaperType.position))) or 0) + 1
    session.add(PaperType(code=code, name=name, position=position, active=True))
    session.flush()
    return code, name


def format_reference(
    type_code: str, number: int, year: int, number_format: str | None = None
) -> str:
    """The paper number in the town's format (default M006-2021)."""
    fmt = number_format or DEFAULT_NUMBER_FORMAT
    try:
        return fmt.format(code=type_code, number=number, year=year)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValidationError(
            {"number_format": f"Das Nummernformat „{fmt}“ ist ungültig."}
        ) from exc


_REFERENCE = re.compile(r"^\s*([A-Za-z]{1,5})\s*-?\s*(\d{1,6})\s*[-/]\s*(\d{4})\s*$")


def parse_reference(text: str) -> tuple[str, int, int]:
    """("M", 6, 2021) from "M006-2021" (also "m6-2021", "M 006/2021")."""
    m = _REFERENCE.match(text)
    if not m:
        raise ValidationError(
            {"reference": f"„{text}“ ist keine Vorlagennummer (erwartet z. B. M006-2021)."}
        )
    return m.group(1).upper(), int(m.group(2)), int(m.group(3))


def _locked_counter(session: Session, type_code: str, year: int) -> PaperNumberCounter:
    """The counter row of a type and year, locked until the transaction ends. The first paper
    of a year creates it with INSERT … ON CONFLICT DO NOTHING: on a server two people creating
    the first paper at once both get a number (one waits for the other), not a key error."""
    locked = (
        select(PaperNumberCounter)
        .where(PaperNumberCounter.type_code == type_code, PaperNumberCounter.year == year)
        .with_for_update()
    )
    counter = session.scalars(locked).one_or_none()
    if counter is not None:
        return counter
    from sqlalchemy.dialects import postgresql, sqlite

    pg = session.get_bind().dialect.name == "postgresql"
    insert = postgresql.insert(PaperNumberCounter) if pg else sqlite.insert(PaperNumberCounter)
    values = {"type_code": type_code, "year": year, "last_number": 0}
    session.execute(insert.values(values).on_conflict_do_nothing())
    return session.scalars(locked).one()


def assign_number(session: Session, type_code: str, year: int, wanted: int | None) -> int:
    counter = _locked_counter(session, type_code, year)
    if wanted is not None:
        if wanted < 1:
            raise ValidationError({"number": "Die laufende Nummer beginnt bei 1."})
        if wanted <= counter.last_number:
            raise ConflictError(
                f"Die Nummer {format_reference(type_code, wanted, year)} wurde schon vergeben "
                f"(zuletzt {format_reference(type_code, counter.last_number, year)}). "
                "Eine Vorlagennummer wird nie ein zweites Mal vergeben."
            )
        counter.last_number = wanted
    else:
        counter.last_number += 1
    session.flush()
    return counter.last_number


def next_reference(
    session: Session, type_code: str, year: int, number_format: str | None = None
) -> str:
    """The number the next paper of this type and year will get (for the editor's preview)."""
    last = session.scalar(
        select(PaperNumberCounter.last_number).where(
            PaperNumberCounter.type_code == type_code, PaperNumberCounter.year == year
        )
    )
    return format_reference(type_code, (last or 0) + 1, year, number_format)


def find_paper(session: Session, reference: str, *, include_deleted: bool = False) -> int:
    """The id of a paper by its number ("M006-2021"); NotFoundError with a German message."""
    exact = select(Paper.id).where(Paper.reference == reference.strip())
    if not include_deleted:
        exact = exact.where(Paper.deleted_at.is_(None))
    found = session.scalar(exact)
    if found is not None:  # the number as stored, in whatever format the town uses
        return found
    type_code, number, year = parse_reference(reference)
    stmt = select(Paper.id).where(
        Paper.type_code == type_code, Paper.number == number, Paper.year == year
    )
    if not include_deleted:
        stmt = stmt.where(Paper.deleted_at.is_(None))
    paper_id = session.scalar(stmt)
    if paper_id is None:
        raise NotFoundError(
            f"Eine Vorlage {format_reference(type_code, number, year)} gibt es nicht."
        )
    return paper_id

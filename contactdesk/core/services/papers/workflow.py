"""The status workflow of a paper (Entwurf -> freigegeben -> in Beratung -> ...), delete and restore."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from contactdesk.core.errors import ConflictError, ValidationError
from contactdesk.core.models import (
    Paper,
    PaperStatusChange,
    utcnow,
)
from contactdesk.core.services.papers.data import PS, STATUS_LABELS, TRANSITIONS, PaperData
from contactdesk.core.services.papers.records import load_paper, to_data


def allowed_transitions(status: str) -> tuple[str, ...]:
    return tuple(s.value if hasattr(s, "value") else s for s in TRANSITIONS.get(status, ()))


def record_status_change(paper: Paper, to_status: str, on_date: date, note: str) -> None:
    last = [h for h in paper.history if h.from_status is not None]
    if last and on_date < last[-1].on_date:
        raise ValidationError(
            {"on_date": "Das Datum liegt vor dem letzten Statuswechsel dieser Vorlage."}
        )
    paper.history.append(
        PaperStatusChange(
            from_status=paper.status,
            to_status=to_status,
            on_date=on_date,
            note=note.strip(),
            recorded_at=utcnow(),
        )
    )
    paper.status = to_status


def change_status(
    session: Session, paper_id: int, to_status: str, *, on_date: date | None = None, note: str = ""
) -> PaperData:
    """Move a paper along the workflow; release through release_paper (it stores the PDF)."""
    paper = load_paper(session, paper_id)
    if to_status == PS.FREIGEGEBEN.value:
        raise ConflictError(
            "Eine Vorlage wird über „Freigeben“ freigegeben; dabei wird das PDF gespeichert."
        )
    if to_status not in allowed_transitions(paper.status):
        raise ConflictError(
            f"Eine Vorlage im Status „{STATUS_LABELS.get(paper.status, paper.status)}“ kann "
            f"nicht auf „{STATUS_LABELS.get(to_status, to_status)}“ gesetzt werden."
        )
    record_status_change(paper, to_status, on_date or date.today(), note)
    session.flush()
    return to_data(session, paper)


def revert_status_change(session: Session, paper_id: int, *, expected: str) -> PaperData:
    """Undo the last status step (not a release: its version stays, see release_paper).

    `expected` is the status the step led to; when the paper has moved on since (another
    window, the command line), nothing is changed and ConflictError explains why.
    """
    paper = load_paper(session, paper_id)
    steps = [h for h in paper.history if h.from_status is not None]
    if not steps or paper.status != expected or steps[-1].to_status != expected:
        raise ConflictError(
            "Der Statuswechsel kann nicht rückgängig gemacht werden: die Vorlage steht "
            f"inzwischen auf „{STATUS_LABELS.get(paper.status, paper.status)}“."
        )
    last = steps[-1]
    if last.to_status == PS.FREIGEGEBEN.value:
        raise ConflictError(
            "Eine Freigabe wird nicht gelöscht; setzen Sie die Vorlage auf „Entwurf“ zurück."
        )
    paper.history.remove(last)
    paper.status = last.from_status or PS.ENTWURF.value
    session.flush()
    return to_data(session, paper)


def delete_paper(session: Session, paper_id: int) -> PaperData:
    """Move to the wastebasket; the number stays taken for good."""
    paper = load_paper(session, paper_id)
    paper.deleted_at = utcnow()
    session.flush()
    return to_data(session, paper)


def restore_paper(session: Session, paper_id: int) -> PaperData:
    paper = load_paper(session, paper_id)
    paper.deleted_at = None
    session.flush()
    return to_data(session, paper)

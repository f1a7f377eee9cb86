"""Undo commands of the committee papers (Vorlagen): each replays the papers service in a fresh
session, like the commands of contacts, agreements and events in `core/undo.py`. Edits are
snapshot-based: undo writes the fields back as they were before the edit."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from contactdesk.core import undo
from contactdesk.core.changes import PAPER_KINDS
from contactdesk.core.i18n import _
from contactdesk.core.models import PaperStatus as PS
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperData
from contactdesk.core.undo import Command


def created_paper(after: PaperData) -> Command:
    assert after.id is not None
    pid = after.id
    return Command(
        kinds=PAPER_KINDS,
        text=_("Anlegen von {ref}").format(ref=after.reference),
        undo=lambda s: ps.delete_paper(s, pid),
        redo=lambda s: ps.restore_paper(s, pid),
    )


def updated_paper(before: PaperData, after: PaperData) -> Command:
    """Snapshot-based: undo writes the fields back as they were before the edit; undo and redo
    check the paper's version like every other edit (core/undo.py)."""
    return undo.updated_paper(_("Ändern von {ref}").format(ref=after.reference), before, after)


def deleted_paper(paper_id: int, reference: str) -> Command:
    return Command(
        kinds=PAPER_KINDS,
        text=_("Löschen von {ref}").format(ref=reference),
        undo=lambda s: ps.restore_paper(s, paper_id),
        redo=lambda s: ps.delete_paper(s, paper_id),
    )


def released_paper(paper_id: int, reference: str, on_date: date, note: str) -> Command:
    """The first release of a draft. Undo sets it back to Entwurf; the stored version stays
    (a released PDF is never removed); redo releases again as the next version."""
    return Command(
        kinds=PAPER_KINDS,
        text=_("Freigabe von {ref}").format(ref=reference),
        undo=lambda s: ps.change_status(
            s, paper_id, PS.ENTWURF.value, on_date=on_date, note="Freigabe zurückgenommen"
        ),
        redo=lambda s: ps.release_paper(s, paper_id, on_date=on_date, note=note),
    )


def status_step(paper_id: int, reference: str, to_status: str, on_date: date, note: str) -> Command:
    """A step of the workflow (not a release). Undo drops the step again; after a return to
    Entwurf that means released again, with the versions as they were."""
    return Command(
        kinds=PAPER_KINDS,
        text=_("Statuswechsel von {ref}").format(ref=reference),
        undo=lambda s: ps.revert_status_change(s, paper_id, expected=to_status),
        redo=lambda s: ps.change_status(s, paper_id, to_status, on_date=on_date, note=note),
    )


def added_attachment(paper_id: int, info: ps.AttachmentInfo) -> Command:
    """Undo takes the Anlage off again; redo puts the same bytes back (the file on disk may
    have moved since)."""
    current: dict[str, Any] = {"id": info.id, "removed": None}

    def undo(s: Session) -> None:
        current["removed"] = ps.remove_attachment(s, current["id"])

    def redo(s: Session) -> None:
        current["id"] = ps.restore_attachment(s, current["removed"]).id

    return Command(
        kinds=PAPER_KINDS,
        text=_("Anhängen von „{title}“").format(title=info.title),
        undo=undo,
        redo=redo,
    )


def removed_attachment(removed: ps.RemovedAttachment) -> Command:
    """Undo puts the Anlage back at its place with its bytes; redo removes it again."""
    current: dict[str, Any] = {"removed": removed, "id": None}

    def undo(s: Session) -> None:
        current["id"] = ps.restore_attachment(s, current["removed"]).id

    def redo(s: Session) -> None:
        current["removed"] = ps.remove_attachment(s, current["id"])

    return Command(
        kinds=PAPER_KINDS,
        text=_("Entfernen von „{title}“").format(title=removed.title),
        undo=undo,
        redo=redo,
    )

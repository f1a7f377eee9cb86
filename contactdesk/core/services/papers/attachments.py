"""Attachments of a paper: agreement documents or files, removable while the paper is open."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError, os_reason
from contactdesk.core.models import (
    Document,
    PaperAttachment,
    utcnow,
)
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services.papers.data import (
    FINAL,
    MAX_ATTACHMENT_BYTES,
    AttachmentInfo,
    RemovedAttachment,
)
from contactdesk.core.services.papers.records import attachment_info, load_paper


def add_document_attachment(
    session: Session, paper_id: int, document_id: int, *, title: str = ""
) -> AttachmentInfo:
    """Attach a document of the agreements register (kept there, referenced here)."""
    paper = load_paper(session, paper_id)
    doc = session.get(Document, document_id)
    if doc is None or doc.removed_at is not None:
        raise ValidationError(
            {"document_id": "Das Dokument gibt es im Vereinbarungsregister nicht mehr."}
        )
    if any(a.document_id == document_id for a in paper.attachments):
        raise ConflictError(f"„{doc.filename}“ ist schon als Anlage angehängt.")
    row = PaperAttachment(
        position=len(paper.attachments),
        title=title.strip() or Path(doc.filename).stem,
        document_id=doc.id,
        filename=doc.filename,
        mime_type=doc.mime_type,
        size=doc.size,
        sha256=doc.sha256,
        added_at=utcnow(),
    )
    paper.attachments.append(row)
    paper.updated_at = utcnow()
    session.flush()
    return attachment_info(row)


def add_file_attachment(
    session: Session, paper_id: int, source: Path | str, *, title: str = ""
) -> AttachmentInfo:
    """Copy a file into the database as an Anlage (checked by SHA-256 like agreement documents)."""
    paper = load_paper(session, paper_id)
    path = Path(source)
    try:
        if not path.is_file():
            raise ValidationError({"attachment": f"Die Datei „{path}“ gibt es nicht."})
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                {
                    "attachment": f"Die Datei „{path.name}“ ist zu groß; erlaubt sind höchstens "
                    f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB."
                }
            )
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            {"attachment": f"Die Datei „{path.name}“ kann nicht gelesen werden ({os_reason(exc)})."}
        ) from exc
    row = PaperAttachment(
        position=len(paper.attachments),
        title=title.strip() or path.stem,
        filename=path.name,
        mime_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        added_at=utcnow(),
    )
    paper.attachments.append(row)
    paper.updated_at = utcnow()
    session.flush()
    return attachment_info(row)


def remove_attachment(session: Session, attachment_id: int) -> RemovedAttachment:
    """Take an Anlage off the paper; returns it whole for `restore_attachment` (undo)."""
    row = session.get(PaperAttachment, attachment_id)
    if row is None:
        raise NotFoundError("Die Anlage wurde nicht gefunden.")
    paper = load_paper(session, row.paper_id)
    if paper.status in FINAL:
        raise ConflictError("Die Anlagen einer abgeschlossenen Vorlage bleiben, wie sie sind.")
    removed = RemovedAttachment(
        paper_id=paper.id,
        position=row.position,
        uid=row.uid,
        title=row.title,
        document_id=row.document_id,
        filename=row.filename,
        mime_type=row.mime_type,
        size=row.size,
        sha256=row.sha256,
        content=row.content if row.document_id is None else None,
        added_at=row.added_at,
    )
    paper.attachments.remove(row)
    for position, a in enumerate(paper.attachments):
        a.position = position
    paper.updated_at = utcnow()
    session.flush()
    return removed


def restore_attachment(session: Session, removed: RemovedAttachment) -> AttachmentInfo:
    """Put a removed Anlage back at its place, with the same bytes (checked by SHA-256)."""
    paper = load_paper(session, removed.paper_id)
    if paper.status in FINAL:
        raise ConflictError("Die Anlagen einer abgeschlossenen Vorlage bleiben, wie sie sind.")
    if removed.document_id is not None:
        doc = session.get(Document, removed.document_id)
        if doc is None or doc.removed_at is not None:
            raise ValidationError(
                {"document_id": "Das Dokument gibt es im Vereinbarungsregister nicht mehr."}
            )
    elif removed.content is None or hashlib.sha256(removed.content).hexdigest() != removed.sha256:
        raise ConflictError("Die Anlage kann nicht wiederhergestellt werden (Inhalt fehlt).")
    row = PaperAttachment(
        uid=removed.uid,
        title=removed.title,
        document_id=removed.document_id,
        filename=removed.filename,
        mime_type=removed.mime_type,
        size=removed.size,
        sha256=removed.sha256,
        content=removed.content,
        added_at=removed.added_at,
    )
    paper.attachments.insert(min(removed.position, len(paper.attachments)), row)
    for position, a in enumerate(paper.attachments):
        a.position = position
    paper.updated_at = utcnow()
    session.flush()
    return attachment_info(row)


def attachment_content(session: Session, attachment_id: int) -> bytes:
    """The bytes of an Anlage, checked against its SHA-256."""
    row = session.get(PaperAttachment, attachment_id)
    if row is None:
        raise NotFoundError("Die Anlage wurde nicht gefunden.")
    if row.document_id is not None:
        return agreement_service.document_content(session, row.document_id)
    content = session.scalar(
        select(PaperAttachment.content).where(PaperAttachment.id == attachment_id)
    )
    if content is None or hashlib.sha256(content).hexdigest() != row.sha256:
        raise agreement_service.DocumentIntegrityError(
            f"Die Anlage „{row.filename}“ ist beschädigt oder fehlt (Prüfsumme stimmt nicht)."
        )
    return content

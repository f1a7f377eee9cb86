"""Documents of an agreement, stored inside the database (table document_blob) rather than in
a folder next to it: one file holds everything, so a backup or a copy of the database is
always complete, an import or a crash can never leave a row without its file or a file
without its row, and every write is part of the same transaction. Each document keeps its
SHA-256; reading it back checks the hash, so a changed or missing content is reported and
never silently replaced.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError, os_reason
from contactdesk.core.models import Document, DocumentBlob, utcnow
from contactdesk.core.services.agreements.data import DocumentInfo, document_info
from contactdesk.core.services.agreements.register import load_agreement

#: Largest attachment accepted (the signed PDF and annexes; scans stay far below).
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024


class DocumentIntegrityError(ConflictError):
    """A stored document no longer matches its SHA-256, or its content is gone."""


def add_document(
    session: Session, agreement_id: int, source: Path | str, *, note: str = ""
) -> DocumentInfo:
    """Copy a file into the database; refuse unreadable, empty-named or oversized files."""
    path = Path(source)
    agreement = load_agreement(session, agreement_id)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ValidationError({"document": f"Die Datei „{path}“ gibt es nicht."}) from exc
    except OSError as exc:
        raise ValidationError(
            {"document": f"Die Datei „{path.name}“ kann nicht gelesen werden ({os_reason(exc)})."}
        ) from exc
    if not path.is_file():
        raise ValidationError({"document": f"„{path.name}“ ist keine Datei."})
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {
                "document": f"Die Datei „{path.name}“ ist {size / 1024 / 1024:.0f} MB groß; "
                f"erlaubt sind höchstens {MAX_DOCUMENT_BYTES // 1024 // 1024} MB."
            }
        )
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            {"document": f"Die Datei „{path.name}“ kann nicht gelesen werden ({os_reason(exc)})."}
        ) from exc
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    doc = Document(
        filename=path.name,
        mime_type=mime,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        note=note.strip(),
        added_at=utcnow(),
        blob=DocumentBlob(content=content),
    )
    agreement.documents.append(doc)
    session.flush()
    return document_info(doc)


def _document(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFoundError("Das Dokument wurde nicht gefunden.")
    return doc


def document_content(session: Session, document_id: int) -> bytes:
    """The stored bytes, checked against size and SHA-256."""
    doc = _document(session, document_id)
    content = session.scalar(
        select(DocumentBlob.content).where(DocumentBlob.document_id == document_id)
    )
    if content is None:
        raise DocumentIntegrityError(
            f"Der Inhalt des Dokuments „{doc.filename}“ fehlt in der Datenbank. "
            "Bitte hängen Sie die Datei erneut an oder stellen Sie eine Datensicherung wieder her."
        )
    if len(content) != doc.size or hashlib.sha256(content).hexdigest() != doc.sha256:
        raise DocumentIntegrityError(
            f"Das Dokument „{doc.filename}“ wurde verändert oder ist beschädigt "
            "(Prüfsumme stimmt nicht). Es wird nicht geöffnet. Bitte stellen Sie eine "
            "Datensicherung wieder her."
        )
    return content


def export_document(session: Session, document_id: int, target_dir: Path) -> Path:
    """Write the checked document to `target_dir` (atomically) and return its path."""
    doc = _document(session, document_id)
    content = document_content(session, document_id)
    target_dir.mkdir(parents=True, exist_ok=True)
    safe_name = "".join(ch if ch not in '<>:"/\\|?*' else "_" for ch in doc.filename) or "dokument"
    target = target_dir / safe_name
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)
    return target


def verify_documents(session: Session, agreement_id: int) -> list[str]:
    """German problem reports for every document of the agreement that fails its check."""
    problems = []
    for doc in load_agreement(session, agreement_id).documents:
        if doc.removed_at is not None:
            continue
        try:
            document_content(session, doc.id)
        except DocumentIntegrityError as exc:
            problems.append(exc.message)
    return problems


def remove_document(session: Session, document_id: int) -> DocumentInfo:
    """Take a document off the agreement (kept for undo until the agreement is erased)."""
    doc = _document(session, document_id)
    doc.removed_at = datetime.now(UTC)
    return document_info(doc)


def restore_document(session: Session, document_id: int) -> DocumentInfo:
    doc = _document(session, document_id)
    doc.removed_at = None
    return document_info(doc)

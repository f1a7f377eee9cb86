"""Releasing a paper (stored PDF version with SHA-256) and printing drafts and released versions."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import pdf as pdfout
from contactdesk.core.i18n import source_language
from contactdesk.core.models import (
    PaperVersion,
    utcnow,
)
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services.papers.data import (
    PS,
    STATUS_LABELS,
    DeadlineRule,
    PaperData,
    ReleaseResult,
)
from contactdesk.core.services.papers.deadlines import submission_deadline
from contactdesk.core.services.papers.records import get_paper, load_paper, to_data, version_info
from contactdesk.core.services.papers.workflow import record_status_change


def release_paper(
    session: Session,
    paper_id: int,
    *,
    settings: pdfout.PdfSettings | None = None,
    on_date: date | None = None,
    note: str = "",
    rule: DeadlineRule | None = None,
) -> ReleaseResult:
    """Freeze the paper: render its PDF and store it as the next version; status freigegeben."""
    paper = load_paper(session, paper_id)
    if paper.status not in (PS.ENTWURF.value, PS.FREIGEGEBEN.value, PS.IN_BERATUNG.value):
        raise ConflictError(
            f"Eine Vorlage im Status „{STATUS_LABELS[paper.status]}“ kann nicht freigegeben werden."
        )
    missing = {}
    if not paper.submitter:
        missing["submitter"] = "Vor der Freigabe fehlt der Einreicher."
    if not paper.lead_office:
        missing["lead_office"] = "Vor der Freigabe fehlt die federführende Stelle."
    if missing:
        raise ValidationError(missing)
    on_date = on_date or date.today()
    data = to_data(session, paper)
    result = pdfout.render_paper(print_data(session, data, draft=False), settings)
    if paper.status == PS.ENTWURF.value:
        record_status_change(paper, PS.FREIGEGEBEN.value, on_date, note or "freigegeben")
    number = (max((v.version for v in paper.versions), default=0)) + 1
    version = PaperVersion(
        version=number,
        released_on=on_date,
        released_at=utcnow(),
        reference=paper.reference,
        size=len(result.data),
        sha256=hashlib.sha256(result.data).hexdigest(),
        note=note.strip(),
        pdf=result.data,
    )
    paper.versions.append(version)
    session.flush()
    warnings = list(result.warnings)
    if not paper.consultations:
        warnings.append("Die Vorlage steht noch auf keiner Sitzung (Beratungsfolge leer).")
    for c in data.consultations:
        if c.start is None:
            continue
        deadline = submission_deadline(c.start.date(), rule)
        if on_date > deadline and c.start.date() >= on_date:
            warnings.append(
                f"Die Einreichungsfrist für {c.committee_name} am {c.start:%d.%m.%Y} war der "
                f"{deadline:%d.%m.%Y}; die Vorlage ist verspätet."
            )
    return ReleaseResult(to_data(session, paper), version_info(version), warnings)


def print_data(session: Session, data: PaperData, *, draft: bool) -> pdfout.PaperPrint:
    return pdfout.PaperPrint(
        reference=data.reference,
        type_name=data.type_name,
        subject=data.subject,
        is_public=data.is_public,
        paper_date=data.paper_date,
        submitter=data.submitter,
        lead_office=data.lead_office,
        consultations=[
            pdfout.ConsultationLine(
                c.committee_name or c.session_title,
                c.start.date() if c.start else date.today(),
                c.role_label,
            )
            for c in data.consultations
        ],
        body=data.body,
        financial_effects=data.financial_effects or "keine",
        attachments=[a.title for a in data.attachments],
        signature=data.submitter,
        draft=draft,
    )


_PAGE = re.compile(rb"/Type\s*/Page[^s]")


@source_language()
def render_draft(
    session: Session, paper_id: int, settings: pdfout.PdfSettings | None = None
) -> pdfout.PdfResult:
    """A fresh rendering of the current text (for the preview); stores nothing."""
    data = get_paper(session, paper_id)
    return pdfout.render_paper(
        print_data(session, data, draft=data.status == PS.ENTWURF.value), settings
    )


def version_pdf(session: Session, version_id: int) -> bytes:
    version = session.get(PaperVersion, version_id)
    if version is None:
        raise NotFoundError("Diese Fassung der Vorlage gibt es nicht.")
    content = session.scalar(select(PaperVersion.pdf).where(PaperVersion.id == version_id))
    if content is None or hashlib.sha256(content).hexdigest() != version.sha256:
        raise agreement_service.DocumentIntegrityError(
            f"Die gespeicherte Fassung {version.version} von {version.reference} ist beschädigt "
            "(Prüfsumme stimmt nicht). Bitte stellen Sie eine Datensicherung wieder her."
        )
    return content


@source_language()
def paper_pdf(
    session: Session,
    paper_id: int,
    settings: pdfout.PdfSettings | None = None,
    *,
    version: int | None = None,
) -> pdfout.PdfResult:
    """The PDF to print or save: a released paper gives its released bytes, a draft a rendering."""
    data = get_paper(session, paper_id)
    if version is not None:
        match = [v for v in data.versions if v.version == version]
        if not match:
            raise NotFoundError(f"Die Vorlage {data.reference} hat keine Fassung {version}.")
        content = version_pdf(session, match[0].id)
        return pdfout.PdfResult(content, len(_PAGE.findall(content)))
    if data.versions and data.status != PS.ENTWURF.value:
        content = version_pdf(session, data.versions[-1].id)
        return pdfout.PdfResult(content, len(_PAGE.findall(content)))
    return render_draft(session, paper_id, settings)


def export_paper_pdf(
    session: Session,
    paper_id: int,
    target: Path | str,
    settings: pdfout.PdfSettings | None = None,
) -> pdfout.PdfResult:
    """Write the paper's PDF to a file (atomically); never touches the stored versions."""
    result = paper_pdf(session, paper_id, settings)
    atomic_write(Path(target), result.data)
    return result

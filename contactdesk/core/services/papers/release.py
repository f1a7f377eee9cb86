"""Releasing a paper (stored PDF version with SHA-256) and printing drafts and released versions."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from datetime import UTC, date, datetime, time
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
    VersionInfo,
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
    number = (max((v.version for v in paper.versions), default=0)) + 1
    printed = print_data(
        session,
        data,
        draft=False,
        version=VersionInfo(0, "", number, on_date, utcnow(), paper.reference, 0, "", ""),
    )
    result = pdfout.render_paper(printed, settings)
    if paper.status == PS.ENTWURF.value:
        record_status_change(paper, PS.FREIGEGEBEN.value, on_date, note or "freigegeben")
    version = PaperVersion(
        version=number,
        released_on=on_date,
        released_at=utcnow(),
        reference=paper.reference,
        size=len(result.data),
        sha256=hashlib.sha256(result.data).hexdigest(),
        content_sha256=printed.content_sha256,
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


def print_data(
    session: Session,
    data: PaperData,
    *,
    draft: bool,
    version: VersionInfo | None = None,
) -> pdfout.PaperPrint:
    """What the PDF prints; `version` adds "Fassung n vom …" and the release stamp."""
    printed = pdfout.PaperPrint(
        reference=data.reference,
        type_name=data.type_name,
        type_code=data.type_code,
        subject=data.subject,
        is_public=data.is_public,
        paper_date=data.paper_date,
        submitter=data.submitter,
        lead_office=data.lead_office,
        consultations=[
            pdfout.ConsultationLine(
                c.committee_name or c.session_title,
                c.start.date() if c.start else data.paper_date or date.today(),
                c.role_label,
                is_public=data.is_public if c.public is None else (c.public and data.is_public),
                result=c.result,
                votes_yes=c.votes_yes,
                votes_no=c.votes_no,
                votes_abstain=c.votes_abstain,
            )
            for c in data.consultations
        ],
        body=data.body,
        financial_effects=data.financial_effects or "keine",
        attachments=[a.title for a in data.attachments],
        signature=data.submitter,
        draft=draft,
        proposal=data.proposal,
        answer=data.answer,
        clerk=data.clerk,
        clerk_phone=data.clerk_phone,
        file_number=data.file_number,
        signed_by=data.signed_by,
        signer_function=data.signer_function,
        finance_product=data.finance_product,
        finance_year=data.finance_year,
        finance_amount=data.finance_amount,
    )
    printed.content_sha256 = content_hash(printed)
    if version is not None:
        printed.version = version.version
        printed.version_date = version.released_on
        printed.created = datetime.combine(version.released_on, time(), UTC)
    else:
        printed.created = (data.updated_at or utcnow()).replace(microsecond=0)
    return printed


#: what the content hash leaves out: how the copy is marked, and what the session decided
#: afterwards (a Beschluss recorded later does not make the released text a different one)
_NOT_CONTENT = {"draft", "version", "version_date", "content_sha256", "created"}
_NOT_CONSULTATION_CONTENT = {"result", "votes_yes", "votes_no", "votes_abstain"}


def content_hash(printed: pdfout.PaperPrint) -> str:
    """SHA-256 of the paper's printed content: the stamp on a released copy, and the test of
    whether the current text still is the released one."""
    fields = {k: v for k, v in dataclasses.asdict(printed).items() if k not in _NOT_CONTENT}
    fields["consultations"] = [
        {k: v for k, v in c.items() if k not in _NOT_CONSULTATION_CONTENT}
        for c in fields["consultations"]
    ]
    canonical = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def changed_since_release(session: Session, data: PaperData) -> bool:
    """The current text differs from the last released version (its PDF shows the old one)."""
    if not data.versions:
        return False
    latest = data.versions[-1]
    if latest.content_sha256:
        return content_hash(print_data(session, data, draft=False)) != latest.content_sha256
    return data.changed_since_release  # versions released before revision 0009 (by time)


_PAGE = re.compile(rb"/Type\s*/Page[^s]")


@source_language()
def render_draft(
    session: Session, paper_id: int, settings: pdfout.PdfSettings | None = None
) -> pdfout.PdfResult:
    """A fresh rendering of the current text (for the preview and `--draft`); stores nothing.

    Marked ENTWURF on every page unless the current text is exactly the latest released one
    (then it is printed like that version, with its stamp).
    """
    data = get_paper(session, paper_id)
    if (
        data.versions
        and data.status != PS.ENTWURF.value
        and not changed_since_release(session, data)
    ):
        printed = print_data(session, data, draft=False, version=data.versions[-1])
    else:
        printed = print_data(session, data, draft=True)
    return pdfout.render_paper(printed, settings)


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
    draft: bool = False,
) -> pdfout.PdfResult:
    """The PDF to print or save: a released paper gives its released bytes (with a warning
    when its text has changed since), a draft a rendering; `draft` renders the current text."""
    data = get_paper(session, paper_id)
    if version is not None:
        match = [v for v in data.versions if v.version == version]
        if not match:
            raise NotFoundError(f"Die Vorlage {data.reference} hat keine Fassung {version}.")
        content = version_pdf(session, match[0].id)
        return pdfout.PdfResult(content, len(_PAGE.findall(content)))
    if draft:
        return render_draft(session, paper_id, settings)
    if data.versions and data.status != PS.ENTWURF.value:
        latest = data.versions[-1]
        content = version_pdf(session, latest.id)
        result = pdfout.PdfResult(content, len(_PAGE.findall(content)))
        if changed_since_release(session, data):
            result.warnings.append(
                f"Die Vorlage {data.reference} wurde seit der Freigabe (Fassung "
                f"{latest.version} vom {latest.released_on:%d.%m.%Y}) geändert. Ausgegeben "
                "wurde die freigegebene Fassung; den aktuellen Text gibt es als Entwurf "
                f"(„papers pdf {data.reference} --draft“ oder die Vorschau)."
            )
        return result
    return render_draft(session, paper_id, settings)


def export_paper_pdf(
    session: Session,
    paper_id: int,
    target: Path | str,
    settings: pdfout.PdfSettings | None = None,
    *,
    draft: bool = False,
) -> pdfout.PdfResult:
    """Write the paper's PDF to a file (atomically); never touches the stored versions."""
    result = paper_pdf(session, paper_id, settings, draft=draft)
    atomic_write(Path(target), result.data)
    return result

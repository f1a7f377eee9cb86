"""Print-ready PDFs (reportlab, embedded DejaVu Sans): committee papers and session summaries."""

from contactdesk.core.formats.pdf.common import PdfResult, PdfSettings
from contactdesk.core.formats.pdf.markup import parse as parse_markup
from contactdesk.core.formats.pdf.markup import plain_text
from contactdesk.core.formats.pdf.paper import ConsultationLine, PaperPrint, render_paper
from contactdesk.core.formats.pdf.session_summary import (
    AgendaPaper,
    AgreementChange,
    DeadlineLine,
    HeldEvent,
    SummaryPrint,
    UpcomingEvent,
    render_session_summary,
)

__all__ = [
    "AgendaPaper",
    "AgreementChange",
    "ConsultationLine",
    "DeadlineLine",
    "HeldEvent",
    "PaperPrint",
    "PdfResult",
    "PdfSettings",
    "SummaryPrint",
    "UpcomingEvent",
    "parse_markup",
    "plain_text",
    "render_paper",
    "render_session_summary",
]

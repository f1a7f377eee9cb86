"""Print-ready PDFs (reportlab, embedded DejaVu Sans): committee papers and session summaries.

reportlab is loaded on first use of a renderer, not on import: the GUI imports this package
at start, and the start of the app should not pay for layout code it does not need yet.
"""

from __future__ import annotations

import importlib
from typing import Any

from contactdesk.core.formats.pdf.settings import PdfResult, PdfSettings

_LAZY = {
    "parse_markup": ("markup", "parse"),
    "plain_text": ("markup", "plain_text"),
    "ConsultationLine": ("paper", "ConsultationLine"),
    "PaperPrint": ("paper", "PaperPrint"),
    "render_paper": ("paper", "render_paper"),
    "AgendaPaper": ("session_summary", "AgendaPaper"),
    "AgreementChange": ("session_summary", "AgreementChange"),
    "DeadlineLine": ("session_summary", "DeadlineLine"),
    "HeldEvent": ("session_summary", "HeldEvent"),
    "SummaryPrint": ("session_summary", "SummaryPrint"),
    "UpcomingEvent": ("session_summary", "UpcomingEvent"),
    "render_session_summary": ("session_summary", "render_session_summary"),
    "MeetingHead": ("meeting", "MeetingHead"),
    "PersonRow": ("meeting", "PersonRow"),
    "TaskRow": ("meeting", "TaskRow"),
    "MinutesPrint": ("meeting", "MinutesPrint"),
    "AttendanceSheetPrint": ("meeting", "AttendanceSheetPrint"),
    "InvitationItem": ("meeting", "InvitationItem"),
    "InvitationPrint": ("meeting", "InvitationPrint"),
    "render_minutes": ("meeting", "render_minutes"),
    "render_attendance_sheet": ("meeting", "render_attendance_sheet"),
    "render_invitation": ("meeting", "render_invitation"),
    "AttendanceLine": ("session_summary", "AttendanceLine"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(name) from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    globals()[name] = value
    return value


__all__ = ["PdfResult", "PdfSettings", *_LAZY]

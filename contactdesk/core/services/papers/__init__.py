"""Committee papers (Vorlagen) and session summaries: numbering, Beratungsfolge, status workflow,
released versions, submission deadlines, writing help, PDF and OParl export.

Numbers: a paper gets the next number of its type and year ("M006-2021") from the table
paper_number_counter, which only ever counts up. A deleted paper keeps its row (soft delete) and
its number; even a paper erased from the database cannot give its number back, because the
counter never goes down. Imported historical papers may name their number, but only one above
every number handed out so far.

Released versions: releasing renders the PDF and stores the bytes in paper_version with a
running version number and their SHA-256, in the database like the agreement documents (one
file to back up, written in the same transaction). A stored version is never changed; releasing
again (after corrections) adds the next version. `paper_pdf` of a released paper returns the
bytes of its latest released version, not a new rendering.

The Sachverhalt uses the small markup described in contactdesk.core.formats.pdf.markup.

The package splits these subjects into one module each; this module re-exports every public name,
so `from contactdesk.core.services import papers as ps; ps.create_paper(...)` keeps working.
"""

from __future__ import annotations

from contactdesk.core.services.papers.attachments import (
    add_document_attachment,
    add_file_attachment,
    attachment_content,
    remove_attachment,
    restore_attachment,
)
from contactdesk.core.services.papers.data import (
    DEFAULT_DEADLINE_DAYS,
    DEFAULT_NUMBER_FORMAT,
    DEFAULT_WARN_DAYS,
    EXTRACT_CHARS,
    FINAL,
    MAX_ATTACHMENT_BYTES,
    NUMBER_FORMATS,
    PS,
    ROLE_LABELS,
    STATUS_LABELS,
    TRANSITIONS,
    AttachmentInfo,
    ConsultationData,
    DeadlineRule,
    DeadlineWarning,
    PaperData,
    PaperFilter,
    PaperRow,
    PaperStatusChangeData,
    ReleaseResult,
    RemovedAttachment,
    VersionInfo,
)
from contactdesk.core.services.papers.deadlines import (
    deadline_warnings,
    german_holidays,
    submission_deadline,
)
from contactdesk.core.services.papers.meeting_prints import (
    TaskData,
    attendance_sheet,
    attendance_sheet_pdf,
    event_tasks,
    invitation,
    invitation_pdf,
    minutes,
    minutes_pdf,
    set_event_tasks,
)
from contactdesk.core.services.papers.meetings import PersonLine, people_of_event
from contactdesk.core.services.papers.numbering import (
    add_paper_type,
    assign_number,
    find_paper,
    format_reference,
    list_paper_types,
    next_reference,
    parse_reference,
)
from contactdesk.core.services.papers.oparl_export import (
    MeetingExport,
    export_oparl,
    oparl_export,
    oparl_meeting_export,
    require_base_url,
)
from contactdesk.core.services.papers.print_settings import oparl_base_url, pdf_settings
from contactdesk.core.services.papers.records import (
    attachment_info,
    consultation_data,
    get_paper,
    linked_ids,
    load_paper,
    local_time,
    session_rows,
    to_data,
    type_names,
    version_info,
)
from contactdesk.core.services.papers.register import (
    create_paper,
    list_papers,
    set_consultations,
    suggest_financial_effects,
    update_paper,
    validate,
)
from contactdesk.core.services.papers.release import (
    changed_since_release,
    content_hash,
    export_paper_pdf,
    paper_pdf,
    print_data,
    release_paper,
    render_draft,
    version_pdf,
)
from contactdesk.core.services.papers.session_summary import (
    export_session_summary,
    list_sessions,
    session_summary,
    session_summary_pdf,
)
from contactdesk.core.services.papers.workflow import (
    allowed_transitions,
    change_status,
    delete_paper,
    record_status_change,
    restore_paper,
    revert_status_change,
)
from contactdesk.core.services.papers.writing_help import (
    WRITING_BLOCKS,
    block_agreement_status,
    block_partners,
    block_patenstadt_candidates,
    block_upcoming_workshops,
)

__all__ = [
    "DEFAULT_DEADLINE_DAYS",
    "DEFAULT_NUMBER_FORMAT",
    "DEFAULT_WARN_DAYS",
    "EXTRACT_CHARS",
    "FINAL",
    "MAX_ATTACHMENT_BYTES",
    "NUMBER_FORMATS",
    "PS",
    "ROLE_LABELS",
    "STATUS_LABELS",
    "TRANSITIONS",
    "WRITING_BLOCKS",
    "AttachmentInfo",
    "ConsultationData",
    "DeadlineRule",
    "DeadlineWarning",
    "MeetingExport",
    "PaperData",
    "PaperFilter",
    "PaperRow",
    "PaperStatusChangeData",
    "PersonLine",
    "ReleaseResult",
    "RemovedAttachment",
    "TaskData",
    "VersionInfo",
    "add_document_attachment",
    "add_file_attachment",
    "add_paper_type",
    "allowed_transitions",
    "assign_number",
    "attachment_content",
    "attachment_info",
    "attendance_sheet",
    "attendance_sheet_pdf",
    "block_agreement_status",
    "block_partners",
    "block_patenstadt_candidates",
    "block_upcoming_workshops",
    "change_status",
    "changed_since_release",
    "consultation_data",
    "content_hash",
    "create_paper",
    "deadline_warnings",
    "delete_paper",
    "event_tasks",
    "export_oparl",
    "export_paper_pdf",
    "export_session_summary",
    "find_paper",
    "format_reference",
    "german_holidays",
    "get_paper",
    "invitation",
    "invitation_pdf",
    "linked_ids",
    "list_paper_types",
    "list_papers",
    "list_sessions",
    "load_paper",
    "local_time",
    "minutes",
    "minutes_pdf",
    "next_reference",
    "oparl_base_url",
    "oparl_export",
    "oparl_meeting_export",
    "paper_pdf",
    "parse_reference",
    "pdf_settings",
    "people_of_event",
    "print_data",
    "record_status_change",
    "release_paper",
    "remove_attachment",
    "render_draft",
    "require_base_url",
    "restore_attachment",
    "restore_paper",
    "revert_status_change",
    "session_rows",
    "session_summary",
    "session_summary_pdf",
    "set_consultations",
    "set_event_tasks",
    "submission_deadline",
    "suggest_financial_effects",
    "to_data",
    "type_names",
    "update_paper",
    "validate",
    "version_info",
    "version_pdf",
]

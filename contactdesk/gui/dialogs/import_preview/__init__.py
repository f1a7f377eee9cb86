"""The import preview: every card, row and event of an import and what will happen to it.

Contacts that match an existing one get a choice per row (Aktualisieren / Überspringen /
Trotzdem anlegen); new ones can be skipped; invalid ones are listed with file, place and reason
and are not imported. Events show what the core decided (neu, aktualisieren, absagen, Antwort,
unverändert, ungültig). "Importieren" accepts; the caller then commits everything in one
transaction. After the commit `ImportReportDialog` shows the German report.

One subject per module (the public names are re-exported here):

- rows.py    the lines of the preview (`PreviewRow`, `contact_rows`, `event_rows`) and texts;
- table.py   the table model, the decision editor and the line filter;
- dialog.py  `ImportPreviewDialog`;
- report.py  `report_text` and `ImportReportDialog`.
"""

from contactdesk.gui.dialogs.import_preview.dialog import ImportPreviewDialog
from contactdesk.gui.dialogs.import_preview.report import ImportReportDialog, report_text
from contactdesk.gui.dialogs.import_preview.rows import (
    CHOICE_TEXT,
    COL_ACTION,
    COLUMNS,
    CONTACT_STATUS,
    CREATE_ANYWAY,
    EVENT_STATUS,
    FILTER_ALL,
    FILTER_DECIDE,
    FILTER_EVENTS,
    FILTER_INVALID,
    KIND_CONTACT,
    KIND_EVENT,
    PreviewRow,
    choice_text,
    contact_rows,
    event_rows,
)
from contactdesk.gui.dialogs.import_preview.table import DecisionDelegate, PreviewModel, RowFilter

__all__ = [
    "CHOICE_TEXT",
    "COLUMNS",
    "COL_ACTION",
    "CONTACT_STATUS",
    "CREATE_ANYWAY",
    "EVENT_STATUS",
    "FILTER_ALL",
    "FILTER_DECIDE",
    "FILTER_EVENTS",
    "FILTER_INVALID",
    "KIND_CONTACT",
    "KIND_EVENT",
    "DecisionDelegate",
    "ImportPreviewDialog",
    "ImportReportDialog",
    "PreviewModel",
    "PreviewRow",
    "RowFilter",
    "choice_text",
    "contact_rows",
    "event_rows",
    "report_text",
]

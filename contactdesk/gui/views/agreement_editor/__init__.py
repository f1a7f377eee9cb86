"""The agreement editor: `editor.py` coordinates; `form.py` holds the sections typed into,
`fields.py` the contact field and party row, `status.py` the status workflow, `documents.py`
the documents and their actions."""

from contactdesk.gui.views.agreement_editor.documents import DocumentList, document_folder
from contactdesk.gui.views.agreement_editor.editor import AgreementEditor
from contactdesk.gui.views.agreement_editor.fields import ContactField, PartyRow
from contactdesk.gui.widgets.agreement_status import DESTRUCTIVE, STATUS_VERBS, StatusChangeDialog

__all__ = [
    "DESTRUCTIVE",
    "STATUS_VERBS",
    "AgreementEditor",
    "ContactField",
    "DocumentList",
    "PartyRow",
    "StatusChangeDialog",
    "document_folder",
]

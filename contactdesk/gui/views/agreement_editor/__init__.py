"""The agreement editor: `editor.py` coordinates; `form.py` holds the sections typed into,
`fields.py` the contact field and party row, `status.py` the status workflow, `documents.py`
the documents and their actions."""

from contactdesk.gui.views.agreement_editor.documents import (
    DocumentList,
    choose_files,
    document_folder,
    open_file,
)
from contactdesk.gui.views.agreement_editor.editor import AgreementEditor
from contactdesk.gui.views.agreement_editor.fields import ContactField, PartyRow
from contactdesk.gui.widgets.agreement_status import DESTRUCTIVE, STATUS_VERBS, StatusChangeDialog
from contactdesk.gui.widgets.contact_picker import pick_contact  # the area's party filter uses it

__all__ = [
    "DESTRUCTIVE",
    "STATUS_VERBS",
    "AgreementEditor",
    "ContactField",
    "DocumentList",
    "PartyRow",
    "StatusChangeDialog",
    "choose_files",
    "document_folder",
    "open_file",
    "pick_contact",
]

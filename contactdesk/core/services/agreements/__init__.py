"""Agreements register use cases: agreements, parties, status workflow, deadlines, documents.

Documents are stored inside the database (table document_blob), each with its SHA-256 that is
checked on every read (see documents.py).

The package splits these subjects into one module each (data, amounts, validation, register,
workflow, documents); this module re-exports every public name, so
`from contactdesk.core.services import agreements as ag; ag.create_agreement(...)` keeps working.
The names of core/due.py that callers have always imported here (DUE_LABELS, DueItem, DueKind)
are re-exported too.
"""

from __future__ import annotations

from contactdesk.core.due import DUE_LABELS, DueItem, DueKind
from contactdesk.core.services.agreements.amounts import (
    financial_effects,
    format_amount,
    parse_amount,
)
from contactdesk.core.services.agreements.data import (
    CENT,
    AgreementData,
    AgreementFilter,
    AgreementRow,
    DocumentInfo,
    PartyData,
    StatusChangeData,
)
from contactdesk.core.services.agreements.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentIntegrityError,
    add_document,
    document_content,
    export_document,
    remove_document,
    restore_document,
    verify_documents,
)
from contactdesk.core.services.agreements.register import (
    agreements_for_contact,
    create_agreement,
    delete_agreement,
    due_items,
    get_agreement,
    list_agreements,
    restore_agreement,
    update_agreement,
)
from contactdesk.core.services.agreements.validation import validate
from contactdesk.core.services.agreements.workflow import (
    TRANSITIONS,
    S,
    allowed_transitions,
    change_status,
    revert_status_change,
)

__all__ = [
    "CENT",
    "DUE_LABELS",
    "MAX_DOCUMENT_BYTES",
    "TRANSITIONS",
    "AgreementData",
    "AgreementFilter",
    "AgreementRow",
    "DocumentInfo",
    "DocumentIntegrityError",
    "DueItem",
    "DueKind",
    "PartyData",
    "S",
    "StatusChangeData",
    "add_document",
    "agreements_for_contact",
    "allowed_transitions",
    "change_status",
    "create_agreement",
    "delete_agreement",
    "document_content",
    "due_items",
    "export_document",
    "financial_effects",
    "format_amount",
    "get_agreement",
    "list_agreements",
    "parse_amount",
    "remove_document",
    "restore_agreement",
    "restore_document",
    "revert_status_change",
    "update_agreement",
    "validate",
    "verify_documents",
]

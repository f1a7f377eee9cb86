"""Contact exchange with Outlook and other programs: import (preview, then commit) and export.

Import is two steps. preview_import() reads the files, validates every entry and compares it with
the register; nothing is written. commit_import() then writes what the user decided, in the
caller's session: the caller commits once, so an import is all or nothing.

An entry matches a contact of the register by UID, by folded name plus a shared e-mail or
phone, by e-mail, or (organisations, and people with nothing else to compare) by name alone:
the rules in order are in matching.py. Matches are skipped unless the user decides otherwise (a
wrong match costs a click, a wrong "new" a duplicate); so are duplicates within the import
("doppelt"). Updating a matched contact merges rather than replaces, and nothing of the file is
lost: what has no field goes into the notes (commit.py says how).

The package, a module per step, with every public name re-exported here:

- entries.py   statuses and decisions, ImportEntry, ImportPreview, ImportReport, ExportResult
- preview.py   read files (vCard or Outlook CSV), validate, settle unreadable numbers/addresses
- matching.py  the matching rules, against the register and within the import
- commit.py    write the decisions: create (with organisations and roles), merge into matches
- export.py    vCard file, vCard zip, Outlook CSV
"""

from __future__ import annotations

from contactdesk.core.services.contact_exchange.commit import commit_import
from contactdesk.core.services.contact_exchange.entries import (
    CREATE,
    DECISIONS,
    DUPLICATE,
    INVALID,
    MATCH,
    NEW,
    SKIP,
    UPDATE,
    ExportResult,
    ImportEntry,
    ImportPreview,
    ImportReport,
    ParsedItem,
)
from contactdesk.core.services.contact_exchange.export import (
    export_outlook_csv,
    export_vcard_zip,
    export_vcards,
)
from contactdesk.core.services.contact_exchange.preview import (
    CSV_SUFFIXES,
    MAX_FILE_SIZE,
    VCARD_SUFFIXES,
    preview_import,
    preview_parsed,
    read_file,
)

__all__ = [
    "CREATE",
    "CSV_SUFFIXES",
    "DECISIONS",
    "DUPLICATE",
    "INVALID",
    "MATCH",
    "MAX_FILE_SIZE",
    "NEW",
    "SKIP",
    "UPDATE",
    "VCARD_SUFFIXES",
    "ExportResult",
    "ImportEntry",
    "ImportPreview",
    "ImportReport",
    "ParsedItem",
    "commit_import",
    "export_outlook_csv",
    "export_vcard_zip",
    "export_vcards",
    "preview_import",
    "preview_parsed",
    "read_file",
]

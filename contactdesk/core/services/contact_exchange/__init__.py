"""Contact exchange with Outlook and other programs: import (preview, then commit) and export.

Import is two steps. preview_import() reads the files, validates every entry and compares it with
the register; nothing is written. commit_import() then writes what the user decided, in the
caller's session: the caller commits once, so an import is all or nothing.

Matching an entry against the register (first rule that fits):
1. the same UID (our own exports carry the contact's UID, so a re-import updates);
2. the same folded name (Müller = Mueller) and the same kind, plus a shared e-mail or phone;
3. the same e-mail address and the same kind;
4. the same folded name and kind, for an organisation (names of organisations are what
   identifies them, and many have neither e-mail nor phone) or for a person whose entry has no
   e-mail and no phone to compare.
Matches are skipped unless the user decides otherwise (a wrong match costs a click, a wrong
"new" a duplicate). Within the import, a later entry with the same UID, or the same folded name
and a shared e-mail or phone as an earlier entry, is a duplicate ("doppelt"), skipped unless
decided otherwise.

Updating a matched contact merges rather than replaces: names come from the file; e-mails,
phones, addresses and tags are united; notes are joined unless one contains the other; roles,
consents and interactions stay. A person's organisation from the file (ORG, "Firma") becomes a
role when an organisation of that name exists (or is created by the same import); otherwise it
is kept as a line in the notes, so nothing of the file is lost.

The package, a module per step, with every public name re-exported here:

- entries.py   statuses and decisions, ImportEntry, ImportPreview, ImportReport, ExportResult
- preview.py   read files (vCard or Outlook CSV), validate, settle unreadable numbers/addresses
- matching.py  the matching rules above, against the register and within the import
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

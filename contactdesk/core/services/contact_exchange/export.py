"""Contact export: one .vcf file, a zip of one .vcf per contact, or an Outlook CSV.

Every export streams the contacts to its writer, holds the file once in memory and writes it
atomically; `progress` hears every thousand contacts, and a cancel before the file is written
leaves none.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from contactdesk.core.errors import ValidationError
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import vcard, vcard_export
from contactdesk.core.formats.outlook_csv_export import write_to as write_outlook_csv
from contactdesk.core.gcpause import bulk_work
from contactdesk.core.progress import Progress, advance
from contactdesk.core.services.contact_exchange.entries import ExportResult
from contactdesk.core.services.contact_export import export_contacts


@bulk_work
def export_vcards(
    session: Session,
    path: Path | str,
    contact_ids: Sequence[int] | None = None,
    version: str = "3.0",
    *,
    progress: Progress | None = None,
) -> ExportResult:
    """All (or the given) contacts as one .vcf file; 3.0 by default, 2.1 or 4.0 on request.

    `progress` hears every thousand contacts; a cancel before the file is written leaves none."""
    _check_version(version)
    buffer = io.BytesIO()  # the cards written one by one: the file is held once
    count = 0
    contacts = _reporting(export_contacts(session, contact_ids), progress, contact_ids)
    for card in vcard_export.cards(contacts, version):
        buffer.write(card)
        count += 1
    advance(progress, count, count)  # the last moment to cancel: nothing is written yet
    target = atomic_write(path, buffer.getvalue())
    return ExportResult(target, count)


@bulk_work
def export_vcard_zip(
    session: Session,
    path: Path | str,
    contact_ids: Sequence[int] | None = None,
    version: str = "2.1",
    *,
    progress: Progress | None = None,
) -> ExportResult:
    """A zip with one .vcf per contact: Outlook for Windows imports only the first card of a
    file, but takes many files dropped on its contact folder at once. `progress` hears every
    thousand cards; a cancel before the file is written leaves none."""
    _check_version(version)
    buffer = io.BytesIO()
    count = 0
    contacts = _reporting(export_contacts(session, contact_ids), progress, contact_ids)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in vcard_export.write_each_card(contacts, version):
            archive.writestr(name, data)
            count += 1
    advance(progress, count, count)
    target = atomic_write(path, buffer.getvalue())
    return ExportResult(target, count)


@bulk_work
def export_outlook_csv(
    session: Session,
    path: Path | str,
    contact_ids: Sequence[int] | None = None,
    *,
    progress: Progress | None = None,
) -> ExportResult:
    """Contacts as CSV in the German Outlook layout (see formats.outlook_csv). `progress`
    hears every thousand contacts; a cancel before the file is written leaves none."""
    # encoded while written: the file is held once, as bytes (not also as text)
    buffer = io.BytesIO()
    buffer.write(codecs.BOM_UTF8)
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    contacts = _reporting(export_contacts(session, contact_ids), progress, contact_ids)
    count = write_outlook_csv(text, contacts)
    text.flush()
    data = buffer.getvalue()
    text.detach()
    advance(progress, count, count)
    target = atomic_write(path, data)
    return ExportResult(target, count)


def _check_version(version: str) -> None:
    if version not in vcard.VERSIONS:
        raise ValidationError(
            {"version": f"Die vCard-Version „{version}“ gibt es nicht (möglich: 2.1, 3.0, 4.0)."}
        )


_REPORT_EVERY = 1000
T = TypeVar("T")


def _reporting(
    contacts: Iterable[T], progress: Progress | None, contact_ids: Sequence[int] | None
) -> Iterator[T]:
    """The contacts as they stream to a writer; `progress` hears every thousand of them (the
    total is known only for a selection) and may cancel there."""
    if progress is None:
        yield from contacts
        return
    total = len(contact_ids) if contact_ids is not None else 0
    for done, contact in enumerate(contacts, 1):
        if done % _REPORT_EVERY == 0:
            advance(progress, done, total)
        yield contact

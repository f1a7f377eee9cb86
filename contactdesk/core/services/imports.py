"""The one import plan of window and command line: route files by content, preview them all
together, commit in one transaction.

- `route(paths)` decides per file what it is, by its CONTENT first (an OLE compound file for
  Outlook .msg, BEGIN:VCALENDAR, mail headers, BEGIN:VCARD), then by its suffix, then by a
  CSV header line. A new format is one entry in `READERS`; nothing else changes.
- `preview(session, paths)` reads every routed file through ONE boundary: a reader's German
  ImportError_ is kept, any other exception becomes an ImportError_ naming the file (the
  technical detail goes to the log), and nothing of that file is imported. Then all contact
  files are previewed together (a person in two files is a duplicate) and all calendar files
  together (an invitation and its cancellation or replies, in any order of the files).
- `commit(session, plan, options)` writes contacts and events in the caller's session: one
  transaction, all or nothing.

Rules (the same for window and command line):
- A file that cannot be read (missing, damaged, too large, not the format it claims) makes the
  plan fail: nothing at all is imported, and every such file is named with its reason. An import
  that silently left out half of what the user chose would be worse than none.
- A file that is no import format at all (a PDF dropped with the .vcf files) is not read; the
  plan lists it with its reason in `unsupported` and the other files are imported. Nothing of
  it could be imported anyway, and the user sees why.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from contactdesk.core.errors import ContactdeskError, ImportError_, os_reason
from contactdesk.core.formats import eml, ical, outlook_csv, vcard
from contactdesk.core.formats.vcard import Affiliation
from contactdesk.core.i18n import N_, _
from contactdesk.core.progress import Cancelled, Progress, advance
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contact_exchange as cx
from contactdesk.core.services.contacts import ContactData

log = logging.getLogger(__name__)

CONTACTS = "contacts"
CALENDAR = "calendar"
#: how much of a file routing looks at
HEAD_BYTES = 64 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: a file's state in the plan
READ = "read"
UNSUPPORTED = "unsupported"
FAILED = "failed"


class ImportCancelled(ContactdeskError, Cancelled):
    """The user cancelled while files were read or written; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(_("Import abgebrochen; es wurde nichts geändert."))


# --------------------------------------------------------------------------- readers


@dataclass
class MessageContact:
    """A contact of an Outlook item, shaped like a vCard's ParsedCard for the preview."""

    number: int
    contact: ContactData
    line: int = 0
    problems: list[str] = field(default_factory=list)
    raw_name: str = ""
    warnings: list[str] = field(default_factory=list)
    affiliation: Affiliation = field(default_factory=Affiliation)

    @property
    def place(self) -> str:
        return f"Kontakt {self.number}"


@dataclass
class FileContent:
    """What one file brings: contacts (ParsedCard, ParsedRow, ...) and calendars."""

    contacts: list[Any] = field(default_factory=list)
    calendars: list[ical.InCalendar] = field(default_factory=list)
    #: German remarks on the file's calendar entries (e.g. what of an Outlook item was lost)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    """One import format: how it is recognised (content `sniff` of the file's head; `suffixes`
    as a hint), which areas it feeds, and `read(data, file name)`."""

    key: str
    label: str  # German, N_-marked (file dialog, messages)
    suffixes: tuple[str, ...]
    areas: frozenset[str]
    sniff: Callable[[bytes, str], bool]
    read: Callable[[bytes, str], FileContent]
    #: False while the reader's module is missing (then files of it are "unsupported")
    available: Callable[[], bool] = lambda: True
    #: content alone is too weak a sign: used only when no suffix names another format
    weak: bool = False


def _text_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes: BOMs removed, UTF-16 decoded."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom) :]
            return text[: len(text) // 2 * 2].decode(codec, "replace").encode("utf-8", "replace")
    return head.removeprefix(codecs.BOM_UTF8)


def _sniff_msg(head: bytes, suffix: str) -> bool:
    # OLE compound files are also .doc/.xls: only an OLE file named .msg (or without a
    # suffix) is taken for an Outlook item
    return head.startswith(OLE_MAGIC) and suffix in (".msg", "")


def _sniff_ics(head: bytes, suffix: str) -> bool:
    return _text_head(head).lstrip().upper().startswith(b"BEGIN:VCALENDAR")


_MAIL_HEADER = re.compile(rb"^[!-9;-~]+:", re.ASCII)
_MAIL_KNOWN = re.compile(
    rb"(?im)^(mime-version|content-type|received|return-path|message-id|from|subject|date):"
)


def _sniff_eml(head: bytes, suffix: str) -> bool:
    text = _text_head(head)
    block = re.split(rb"\r?\n\r?\n|\r\r", text, maxsplit=1)[0]
    first = block.lstrip(b"\r\n").split(b"\n", 1)[0]
    return bool(_MAIL_HEADER.match(first)) and len(set(_MAIL_KNOWN.findall(block))) >= 2


def _sniff_vcard(head: bytes, suffix: str) -> bool:
    return re.search(rb"(?im)^[ \t]*BEGIN:VCARD", _text_head(head)[:4096]) is not None


def _sniff_csv(head: bytes, suffix: str) -> bool:
    text = _text_head(head)
    if b"\x00" in text[:4096]:
        return False
    first = text.split(b"\n", 1)[0]
    return any(first.count(sep) >= 2 for sep in (b";", b",", b"\t"))


def _read_vcard(data: bytes, name: str) -> FileContent:
    return FileContent(contacts=list(vcard.parse(data, name)))


def _read_csv(data: bytes, name: str) -> FileContent:
    return FileContent(contacts=list(outlook_csv.parse(data, name)))


def _read_ics(data: bytes, name: str) -> FileContent:
    return FileContent(calendars=[ical.parse(data, name)])


def _read_eml(data: bytes, name: str) -> FileContent:
    return FileContent(calendars=[ical.parse(p, name) for p in eml.calendar_parts(data, name)])


MSG_MODULE = "contactdesk.core.formats.msg"


def _msg_available() -> bool:
    try:
        return find_spec(MSG_MODULE) is not None
    except ModuleNotFoundError:
        return False


def _read_msg(data: bytes, name: str) -> FileContent:
    """An Outlook item (core.formats.msg, helper "msg"): its contacts as the vCard reader
    gives them (`cards`), and its iCalendar object (appointment, meeting, reply)."""
    item = import_module(MSG_MODULE).read_msg(data, source=name)
    cards = list(getattr(item, "cards", None) or [])
    if not cards:  # a reader that gives only ContactData
        cards = [
            MessageContact(i, c, raw_name=getattr(c, "display_name", "") or "")
            for i, c in enumerate(item.contacts or [], 1)
        ]
    content = FileContent(contacts=cards)
    if item.ics:
        content.calendars.append(ical.parse(item.ics, name))
    for warning in getattr(item, "warnings", None) or []:
        if cards and warning not in cards[0].warnings:
            cards[0].warnings.append(warning)
        elif not cards:
            content.notes.append(warning)
    return content


#: every import format, in the order their content is tested (add a format here)
READERS: tuple[Reader, ...] = (
    Reader(
        "msg",
        N_("Outlook-Element"),
        (".msg",),
        frozenset({CONTACTS, CALENDAR}),
        _sniff_msg,
        _read_msg,
        available=_msg_available,
    ),
    Reader(
        "ics",
        N_("iCalendar"),
        (".ics", ".ical", ".ifb"),
        frozenset({CALENDAR}),
        _sniff_ics,
        _read_ics,
    ),
    Reader(
        "eml", N_("E-Mail mit Einladung"), (".eml",), frozenset({CALENDAR}), _sniff_eml, _read_eml
    ),
    Reader(
        "vcard", N_("vCard"), (".vcf", ".vcard"), frozenset({CONTACTS}), _sniff_vcard, _read_vcard
    ),
    Reader(
        "csv",
        N_("Outlook-CSV"),
        (".csv",),
        frozenset({CONTACTS}),
        _sniff_csv,
        _read_csv,
        weak=True,
    ),
)


# --------------------------------------------------------------------------- routing


@dataclass
class RoutedFile:
    path: Path
    state: str  # READ, UNSUPPORTED or FAILED
    reader: Reader | None = None
    reason: str = ""  # German: why unsupported or failed (with the file's name)

    @property
    def name(self) -> str:
        return self.path.name


def _unsupported_reason(path: Path, reader: Reader | None = None) -> str:
    shown = sorted(
        (r for r in READERS if r.available()), key=lambda r: (len(r.areas), CALENDAR in r.areas)
    )  # contacts, then calendars, then Outlook items
    kinds = ", ".join(f"{_(r.label)} ({r.suffixes[0]})" for r in shown)
    text = _("Das Dateiformat „{suffix}“ wird nicht unterstützt.").format(
        suffix=path.suffix or path.name
    )
    if reader is not None:  # known, but its reader is not part of this version
        text += " " + _("Bitte speichern Sie das Element in Outlook als vCard oder iCalendar.")
    return ImportError_(
        text + " " + _("Importiert werden: {kinds}.").format(kinds=kinds), file=path.name
    ).message


def route_one(path: Path) -> RoutedFile:
    """What `path` is: by content, then suffix, then a CSV-like first line."""
    suffix = path.suffix.lower()
    by_suffix = next((r for r in READERS if suffix in r.suffixes), None)
    if not path.exists():
        return RoutedFile(
            path,
            FAILED,
            by_suffix,
            ImportError_(_("Die Datei wurde nicht gefunden."), file=path.name).message,
        )
    if path.is_dir():
        return RoutedFile(
            path,
            FAILED,
            None,
            ImportError_(_("Das ist ein Ordner, keine Datei."), file=path.name).message,
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        reason = _("Die Datei kann nicht gelesen werden ({reason}).").format(reason=os_reason(exc))
        return RoutedFile(path, FAILED, by_suffix, ImportError_(reason, file=path.name).message)
    reader = next((r for r in READERS if not r.weak and r.sniff(head, suffix)), None)
    if reader is None:
        reader = by_suffix
    if reader is None and head.strip():
        reader = next((r for r in READERS if r.weak and r.sniff(head, suffix)), None)
    if reader is None:
        return RoutedFile(path, UNSUPPORTED, None, _unsupported_reason(path))
    if not reader.available():
        return RoutedFile(path, UNSUPPORTED, reader, _unsupported_reason(path, reader))
    return RoutedFile(path, READ, reader)


def route(paths: Iterable[Path | str]) -> list[RoutedFile]:
    """Each file once (in the given order), with what it is."""
    return [route_one(p) for p in dict.fromkeys(Path(p) for p in paths)]


# --------------------------------------------------------------------------- preview


@dataclass
class ImportPlan:
    files: list[RoutedFile]
    contacts: cx.ImportPreview | None = None
    calendar: calx.CalendarImportPreview | None = None
    #: German, one per file that could not be read: the plan imports nothing
    errors: list[str] = field(default_factory=list)

    @property
    def unsupported(self) -> list[RoutedFile]:
        return [f for f in self.files if f.state == UNSUPPORTED]

    @property
    def read_files(self) -> list[RoutedFile]:
        return [f for f in self.files if f.state == READ]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def empty(self) -> bool:
        """Nothing to import (no entries in any readable file)."""
        return not (self.contacts and self.contacts.entries) and not (
            self.calendar and self.calendar.entries
        )

    def to_dict(self, report: ImportReport | None = None) -> dict[str, Any]:
        """The JSON of `contactdesk import --json` (scripts rely on its shape): "preview" and
        "report" of the contacts; "calendar" when calendar files were read without error;
        "unsupported" only when files were left out."""
        data: dict[str, Any] = {
            "preview": self.contacts.to_dict() if self.contacts else None,
            "report": report.contacts.to_dict() if report and report.contacts else None,
        }
        calendar_failed = any(
            f.state == FAILED and f.reader is not None and f.reader.areas == {CALENDAR}
            for f in self.files
        )
        if self.calendar is not None and not calendar_failed:
            data["calendar"] = {
                "preview": [e.to_dict() for e in self.calendar.entries],
                "report": report.events.to_dict() if report and report.events else None,
            }
        if self.unsupported:
            data["unsupported"] = [{"file": f.name, "reason": f.reason} for f in self.unsupported]
        return data


def _max_bytes(reader: Reader) -> int:
    """The size limit of the services the reader feeds (the largest, for .msg)."""
    limits = {CONTACTS: cx.MAX_FILE_SIZE, CALENDAR: calx.MAX_IMPORT_BYTES}
    return max(limits[area] for area in reader.areas)


def _load(routed: RoutedFile) -> FileContent:
    """THE boundary around reading one file: ImportError_ (German, naming the file) or the
    content. An unexpected exception of a reader is logged with its detail and reported as
    an ImportError_ that names the file."""
    assert routed.reader is not None
    name = routed.name
    try:
        size = routed.path.stat().st_size
        limit = _max_bytes(routed.reader)
        if size > limit:
            raise ImportError_(
                _(
                    "Die Datei ist zu groß ({size:.1f} MB); eingelesen werden höchstens {max} MB. "
                    "Bitte teilen Sie den Export auf."
                ).format(size=size / 1024 / 1024, max=limit // 1024 // 1024),
                file=name,
            )
        data = routed.path.read_bytes()
        return routed.reader.read(data, name)
    except ImportError_:
        raise
    except OSError as exc:
        raise ImportError_(
            _("Die Datei kann nicht gelesen werden ({reason}).").format(reason=os_reason(exc)),
            file=name,
            detail=repr(exc),
        ) from exc
    except Exception as exc:
        log.exception("reader %s failed on %s", routed.reader.key, routed.path)
        raise ImportError_(
            _(
                "Die Datei konnte wegen eines unerwarteten Fehlers nicht gelesen werden; es "
                "wurde nichts aus ihr übernommen. Einzelheiten stehen im Protokoll."
            ),
            file=name,
            detail=f"{type(exc).__name__}: {exc}",
        ) from exc


def preview(
    session: Session, paths: Iterable[Path | str], *, progress: Progress | None = None
) -> ImportPlan:
    """Route and read every file, preview contacts together and calendars together; writes
    nothing. `progress(done, total, text)` after each file; cancelling raises ImportCancelled."""
    plan = ImportPlan(route(paths))
    steps = len(plan.read_files) + 1
    advance(progress, 0, steps, error=ImportCancelled)
    contact_files: list[tuple[str, list[Any]]] = []
    contact_names: list[str] = []  # every contact file, read or failed (the JSON's "files")
    contact_errors: list[str] = []
    calendars: list[tuple[str, ical.InCalendar]] = []
    calendar_seen = False
    notes: dict[str, list[str]] = {}
    for done, routed in enumerate(plan.files, 1):
        if routed.state == UNSUPPORTED:
            continue
        areas = routed.reader.areas if routed.reader else frozenset({CONTACTS})
        content = FileContent()
        if routed.state == READ:
            try:
                content = _load(routed)
            except ImportError_ as exc:
                routed.state, routed.reason = FAILED, exc.message
        if routed.state == FAILED:
            plan.errors.append(routed.reason)
            if CONTACTS in areas:
                contact_names.append(routed.name)
                contact_errors.append(routed.reason)
            calendar_seen = calendar_seen or areas == {CALENDAR}
        else:
            if content.contacts or areas == {CONTACTS}:
                contact_files.append((routed.name, content.contacts))
                contact_names.append(routed.name)
            if content.calendars or areas == {CALENDAR}:
                calendars += [(routed.name, cal) for cal in content.calendars]
                calendar_seen = True
            if content.notes:
                notes[routed.name] = content.notes
        advance(
            progress,
            min(done, steps - 1),
            steps,
            _("Gelesen: {name}").format(name=routed.name),
            error=ImportCancelled,
        )
    try:
        if contact_names:
            plan.contacts = cx.preview_parsed(session, contact_files)
            plan.contacts.files = contact_names
            plan.contacts.errors = contact_errors
        if calendar_seen:
            plan.calendar = calx.preview_calendars(session, calendars)
            for entry in plan.calendar.entries:  # remarks of the reader, where nothing is said
                if entry.file in notes and not entry.reason:
                    entry.reason = "; ".join(notes[entry.file])
    except ContactdeskError:
        raise
    except Exception as exc:
        log.exception("import preview failed")
        raise ImportError_(
            _(
                "Die Vorschau des Imports ist an einem unerwarteten Fehler gescheitert; es "
                "wurde nichts importiert. Einzelheiten stehen im Protokoll."
            ),
            detail=f"{type(exc).__name__}: {exc}",
        ) from exc
    advance(progress, steps, steps, error=ImportCancelled)
    return plan


# --------------------------------------------------------------------------- commit


@dataclass
class ImportOptions:
    #: entry index of a contact -> "create", "update" or "skip" (the preview dialog's choices)
    decisions: dict[int, str] = field(default_factory=dict)
    #: what happens to contacts that match a stored one, unless decided otherwise
    default_for_matches: str = cx.SKIP
    #: create the companies the register lacks (plan.contacts.new_organisations)
    create_organisations: bool = True


@dataclass
class ImportReport:
    contacts: cx.ImportReport | None = None
    events: calx.CalendarImportReport | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "contacts": self.contacts.to_dict() if self.contacts else None,
            "events": self.events.to_dict() if self.events else None,
        }


def commit(
    session: Session,
    plan: ImportPlan,
    options: ImportOptions | None = None,
    *,
    progress: Progress | None = None,
) -> ImportReport:
    """Write what the plan previews, in the caller's session (the caller commits once: all or
    nothing). A plan with errors is refused: nothing of it is imported."""
    if plan.errors:
        raise ImportError_(
            "\n".join(plan.errors) + "\n" + _("Es wurde nichts importiert."),
        )
    options = options or ImportOptions()
    report = ImportReport()
    advance(progress, 0, 2, error=ImportCancelled)
    if plan.contacts is not None:
        report.contacts = cx.commit_import(
            session,
            plan.contacts,
            options.decisions,
            default_for_matches=options.default_for_matches,
            create_organisations=options.create_organisations,
        )
    advance(progress, 1, 2, error=ImportCancelled)
    if plan.calendar is not None:
        report.events = calx.commit_ics(session, plan.calendar)
    advance(progress, 2, 2, error=ImportCancelled)
    return report

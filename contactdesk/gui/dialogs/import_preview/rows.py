"""The lines of the import preview: every card, row and event of an import, what the core found
and what will happen to it (contacts: a choice per row where there is one; events: what the
core decided), in German.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contactdesk.core.i18n import N_, _
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contact_exchange as cx

KIND_CONTACT = N_("Kontakt")
KIND_EVENT = N_("Termin")

COLUMNS = (
    N_("Art"),
    N_("Datei"),
    N_("Stelle"),
    N_("Name / Titel"),
    N_("Befund"),
    N_("Was geschieht"),
    N_("Grund / Hinweis"),
)
COL_ACTION = 5

CHOICE_TEXT = {
    cx.CREATE: N_("Anlegen"),
    cx.UPDATE: N_("Aktualisieren"),
    cx.SKIP: N_("Überspringen"),
}
CREATE_ANYWAY = N_("Trotzdem anlegen")

CONTACT_STATUS = {
    cx.NEW: N_("neu"),
    cx.MATCH: N_("schon vorhanden"),
    cx.DUPLICATE: N_("doppelt im Import"),
    cx.INVALID: N_("ungültig"),
}
EVENT_STATUS = {
    "neu": (N_("neu"), N_("Anlegen")),
    "aktualisieren": (N_("neuere Fassung"), N_("Aktualisieren")),
    "absagen": (N_("Absage"), N_("Als abgesagt markieren")),
    "antwort": (N_("Antwort"), N_("Antwort eintragen")),
    "unverändert": (N_("unverändert"), N_("Überspringen")),
    "ungültig": (N_("ungültig"), N_("wird nicht importiert")),
}

FILTER_ALL = "all"
FILTER_DECIDE = "decide"
FILTER_INVALID = "invalid"
FILTER_EVENTS = "events"


@dataclass
class PreviewRow:
    """One line of the preview table."""

    kind: str  # KIND_CONTACT or KIND_EVENT
    file: str
    place: str
    name: str
    status: str  # core status (contacts) or action (events)
    reason: str = ""
    #: contact entries: the index in ImportPreview.entries; None for events
    entry_index: int | None = None
    choices: list[str] = field(default_factory=list)  # cx.CREATE / UPDATE / SKIP
    decision: str = ""

    @property
    def status_text(self) -> str:
        if self.kind == KIND_CONTACT:
            return _(CONTACT_STATUS.get(self.status, self.status))
        return _(EVENT_STATUS.get(self.status, (self.status, ""))[0])

    @property
    def action_text(self) -> str:
        if self.kind == KIND_EVENT:
            return _(EVENT_STATUS.get(self.status, ("", self.status))[1])
        if self.status == cx.INVALID:
            return _("wird nicht importiert")
        return choice_text(self.decision, self.status)

    @property
    def invalid(self) -> bool:
        return self.status in (cx.INVALID, "ungültig")


def choice_text(code: str, status: str) -> str:
    if code == cx.CREATE and status != cx.NEW:
        return _(CREATE_ANYWAY)
    return _(CHOICE_TEXT[code])


def _without_place(reason: str, place: str) -> str:
    return reason.removeprefix(f"{place}: ")


def contact_rows(preview: cx.ImportPreview) -> list[PreviewRow]:
    rows = []
    for entry in preview.entries:
        row = PreviewRow(
            KIND_CONTACT,
            entry.file,
            entry.place,
            entry.display_name or _("(ohne Namen)"),
            entry.status,
            entry_index=entry.index,
        )
        notes = [_without_place(w, entry.place) for w in entry.warnings]
        if entry.status == cx.NEW:
            row.choices, row.decision = [cx.CREATE, cx.SKIP], cx.CREATE
        elif entry.status == cx.MATCH:
            row.choices, row.decision = [cx.UPDATE, cx.SKIP, cx.CREATE], cx.SKIP
            notes.insert(
                0,
                _("wie „{name}“ (Nr. {id}; {why})").format(
                    name=entry.match_name, id=entry.match_id, why=entry.match_reason
                ),
            )
        elif entry.status == cx.DUPLICATE:
            row.choices, row.decision = [cx.SKIP, cx.CREATE], cx.SKIP
            if entry.duplicate_of is not None:
                first = preview.entries[entry.duplicate_of]
                notes.insert(0, _("wie {where}").format(where=first.where))
        else:
            notes = [_without_place(r, entry.place) for r in entry.reasons] + notes
        row.reason = "; ".join(notes)
        rows.append(row)
    return rows


def event_rows(preview: calx.CalendarImportPreview) -> list[PreviewRow]:
    rows = []
    for entry in preview.entries:
        if entry.start is not None:
            when = (
                f"{entry.start:%d.%m.%Y}"
                if entry.event is not None and entry.event.all_day
                else f"{entry.start:%d.%m.%Y %H:%M}"
            )
            name = f"{when} · {entry.title}" if entry.title else when
        else:
            name = entry.title or _("(ohne Titel)")
        place = _("Termin {n}").format(n=entry.index) if entry.index else _("ganze Datei")
        rows.append(PreviewRow(KIND_EVENT, entry.file, place, name, entry.action, entry.reason))
    return rows

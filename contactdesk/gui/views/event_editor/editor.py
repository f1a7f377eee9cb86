"""EventEditor: one event or one occurrence of a series — the writes on top of what EventView
(view.py) shows: save (a new event, a stored one, one date of a series or the whole series),
cancel, delete and the participants of a stored event, each through Ops with undo. The
transactions are use cases of core/services/event_edits.py; the questions come from
gui/prompts.py, so tests answer them there.

Participants of a stored event change at once (invite, response, attendance, each one undo
step); for a new event or an unsaved occurrence they are part of the draft until it is saved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from contactdesk.core import timezones as tzs
from contactdesk.core import undo
from contactdesk.core.changes import EVENT_KINDS
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.core.labels import RESPONSE, label
from contactdesk.core.models.schedule import EventStatus, ParticipantRole
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import event_edits
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.event_edits import EventEdit
from contactdesk.core.services.schedule import EventData, ParticipantData
from contactdesk.gui import prompts
from contactdesk.gui.ops import OpResult
from contactdesk.gui.prompts import Scope
from contactdesk.gui.views.event_editor.view import EventView
from contactdesk.gui.views.widgets import refuse_unreadable_dates

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


class EventEditor(EventView):
    """Shows one event (or nothing); saves through Ops with undo; keeps input on errors."""

    def _build(self) -> None:
        """What EventView shows, wired to the writes below."""
        super()._build()
        self.cancel_event_button.clicked.connect(self.cancel_event)
        self.delete_button.clicked.connect(self.delete_event)
        self.people.sig_add_requested.connect(self.add_participants)
        self.people.sig_remove_requested.connect(self.remove_participant)
        self.people.participants_model.sig_edit_requested.connect(self._on_participant_edit)
        self.people.mark_invited_button.clicked.connect(self.mark_invited)

    # ------------------------------------------------------------------ saving
    def _write(
        self,
        fn: Callable[[Session], T],
        *,
        command: Callable[[T], undo.Command],
        message: Callable[[T], str] | str,
        show_errors: bool = True,
    ) -> OpResult[T]:
        """One undoable write through Ops, announced as a change of events."""
        return self._ops.run(
            fn, command=command, message=message, show_errors=show_errors, kinds=EVENT_KINDS
        )

    def _ambiguity(self, data: EventData) -> tuple[bool, str | None]:
        """(go on, choice) — asks 'Sommerzeit oder Winterzeit?' for a doubled autumn hour."""
        if data.all_day:
            return True, None
        doubled = [t for t in (data.start, data.end) if tzs.is_ambiguous(t, data.tz)]
        if not doubled:
            return True, None
        base = self._baseline
        if (
            base is not None
            and base.ambiguous_choice
            and (base.start, base.end, base.tz) == (data.start, data.end, data.tz)
        ):
            return True, base.ambiguous_choice
        choice = prompts.ask_dst_choice(self, doubled[0], data.tz)
        return choice is not None, choice

    def save(self) -> bool:
        """Store the event; on errors show them at the fields and keep every input."""
        if not self._open or refuse_unreadable_dates(self):
            return False
        data = self.collect()
        self._clear_errors()
        go_on, choice = self._ambiguity(data)
        if not go_on:
            return False
        data.ambiguous_choice = choice
        loaded = self._loaded
        scope: Scope | None = None
        if loaded is not None and loaded.series_id is not None and loaded.recurrence_id is not None:
            scope = prompts.ask_occurrence_scope(
                self, data.title.strip(), _("Welche Termine ändern?")
            )
            if scope is None:
                return False
            run = self._save_occurrence(data) if scope is Scope.ONE else self._save_series(data)
        elif loaded is None or loaded.id is None:
            tasks = self.people.tasks.values() if self.people.tasks.isVisibleTo(self) else []
            run = self._write(
                lambda s: event_edits.create(s, data, tasks),
                command=self._undo_of,
                message=lambda r: _("„{title}“ angelegt.").format(title=r.event.title),
                show_errors=False,
            )
        else:
            eid = loaded.id
            changed_tasks = self.people.tasks.values() if self._tasks_changed() else None
            run = self._write(
                lambda s: event_edits.update(s, eid, data, changed_tasks),
                command=self._undo_of,
                message=lambda r: _("„{title}“ gespeichert.").format(title=r.event.title),
                show_errors=False,
            )
        if run.error is not None:
            self._save_failed(run.error, data)
            return False
        assert run.value is not None
        saved = run.value.event
        if scope is Scope.SERIES and loaded is not None and saved.id is not None:
            # the whole series was saved: keep showing this occurrence of it (or the series)
            self._show_series_after_save(
                saved, event_edits.shifted_recurrence_id(loaded, data, saved)
            )
        else:
            self._show_stored(*self._ops.read(lambda s: self._with_rule(s, saved)))
        self.show_result(run.value.result)
        assert saved.id is not None
        self.sig_saved.emit(saved.id)
        return True

    @staticmethod
    def _undo_of(edit: EventEdit) -> undo.Command:
        """Undo of a write: removing what was created, or putting back the event before."""
        if edit.before is None:
            return undo.created_event(edit.event)
        return undo.updated_event(edit.before, edit.event, tasks=edit.tasks)

    def _show_series_after_save(self, master: EventData, rid: datetime) -> None:
        assert master.id is not None
        sid = master.id
        try:
            data = self._ops.read(lambda s: sc.occurrence_data(s, sid, rid))
        except ContactdeskError:  # the occurrence is gone (a new rule): show the series
            self._series_rule = None
            self._show(master, loaded=master)
            return
        self._show_stored(data, master.rrule)

    def _save_occurrence(self, data: EventData) -> OpResult[EventEdit]:
        loaded = self._loaded
        assert loaded is not None and loaded.series_id is not None
        assert loaded.recurrence_id is not None
        sid, rid = loaded.series_id, loaded.recurrence_id
        return self._write(
            lambda s: event_edits.save_occurrence(s, sid, rid, data),
            command=self._undo_of,
            message=lambda r: _("Termin am {day} gespeichert (nur dieser Termin).").format(
                day=f"{r.event.start:%d.%m.%Y}"
            ),
            show_errors=False,
        )

    def _save_series(self, data: EventData) -> OpResult[EventEdit]:
        loaded, base = self._loaded, self._baseline
        assert loaded is not None and base is not None and loaded.series_id is not None
        sid = loaded.series_id
        return self._write(
            lambda s: event_edits.save_series(s, sid, data, base),
            command=self._undo_of,
            message=lambda r: _("Serie „{title}“ gespeichert.").format(title=r.event.title),
            show_errors=False,
        )

    def discard(self) -> None:
        """An occurrence shown from its series' data has no id, yet is not new: it reloads."""
        if self.is_occurrence:
            self.reload(keep_edits=False)
        else:
            super().discard()

    # ------------------------------------------------------------------ cancel and delete
    def cancel_event(self) -> bool:
        """'Absagen' with a note; for an occurrence only this one or the whole series."""
        loaded = self._loaded
        if loaded is None or not (self.is_stored or self.is_occurrence):
            return False
        if self.is_dirty():
            prompts.show_error(
                self, _("Bitte speichern oder verwerfen Sie zuerst Ihre Änderungen am Termin.")
            )
            return False
        scope = Scope.SERIES
        if self.is_occurrence:
            picked = prompts.ask_occurrence_scope(self, loaded.title, _("Welche Termine absagen?"))
            if picked is None:
                return False
            scope = picked
        note = prompts.ask_cancel_note(self, loaded.title)
        if note is None:
            return False
        if self.is_occurrence and scope is Scope.ONE:
            data = dataclasses.replace(self.collect(), status=EventStatus.ABGESAGT.value)
            if note.strip():
                data.outcome = (data.outcome + "\n" + note.strip()).strip()
            result = self._save_occurrence(data)
            if result.ok and result.value is not None:
                saved = result.value.event
                self._show(saved, loaded=saved)
            return result.ok
        eid = loaded.series_id if self.is_occurrence else loaded.id
        assert eid is not None
        run = self._write(
            lambda s: event_edits.cancel(s, eid, note),
            command=self._undo_of,
            message=lambda r: _("„{title}“ abgesagt.").format(title=r.event.title),
        )
        if run.ok:
            self.reload()
        return run.ok

    def delete_event(self) -> bool:
        """Delete after a German confirmation; an occurrence of a series is cancelled (EXDATE)."""
        loaded = self._loaded
        if loaded is None or not (self.is_stored or self.is_occurrence):
            return False
        if self.is_occurrence:
            assert loaded.series_id is not None and loaded.recurrence_id is not None
            scope = prompts.ask_occurrence_scope(self, loaded.title, _("Welche Termine löschen?"))
            if scope is None:
                return False
            if scope is Scope.ONE:
                sid, rid = loaded.series_id, loaded.recurrence_id
                run = self._write(
                    lambda s: event_edits.cancel_occurrence(s, sid, rid),
                    command=lambda r: undo.cancelled_occurrence(
                        r.series_before, rid, r.override_id
                    ),
                    message=lambda r: _("Der Termin am {day} der Serie „{title}“ entfällt.").format(
                        day=f"{loaded.start:%d.%m.%Y}", title=r.series_after.title
                    ),
                )
                if run.ok:
                    self.clear()
                    self.sig_closed.emit()
                return run.ok
            eid: int = loaded.series_id
        else:
            assert loaded.id is not None
            eid = loaded.id
            if not prompts.confirm_delete_event(self, loaded.title):
                return False
        deleted = self._write(
            lambda s: sc.delete_event(s, eid),
            command=lambda r: undo.deleted_event(eid, r.title),
            message=lambda r: _("„{title}“ gelöscht. Rückgängig mit Strg+Z.").format(title=r.title),
        )
        if deleted.ok:
            self.clear()
            self.sig_closed.emit()
        return deleted.ok

    # ------------------------------------------------------------------ participants
    def add_participants(self, contact_ids: list[int], role: str | None = None) -> bool:
        """Invite people or organisations (they resolve to their contact person)."""
        role = role or ParticipantRole.TEILNEHMER.value
        if self.event_id is not None:
            eid = self.event_id
            return self._participant_op(
                lambda s: event_edits.invite(s, eid, contact_ids, role),
                _("Teilnehmende hinzugefügt."),
            )
        known = {p.contact_id for p in self._draft_participants}
        rows = self._ops.read(
            lambda s: {cid: cs.get_contact(s, cid) for cid in contact_ids if cid not in known}
        )
        for cid, contact in rows.items():
            self._draft_participants.append(
                ParticipantData(
                    contact_id=cid,
                    role=role,
                    contact_name=contact.display_name,
                    contact_kind=contact.kind,
                )
            )
        self._draft_changed()
        return True

    def remove_participant(self, contact_id: int) -> bool:
        if self.event_id is not None:
            eid = self.event_id
            return self._participant_op(
                lambda s: event_edits.remove_participant(s, eid, contact_id),
                _("Teilnehmende entfernt."),
            )
        self._draft_participants = [
            p for p in self._draft_participants if p.contact_id != contact_id
        ]
        self._draft_changed()
        return True

    def set_response(self, contact_id: int, response: str) -> bool:
        return self._on_participant_edit(contact_id, "response", response)

    def set_attended(self, contact_id: int, attended: bool) -> bool:
        return self._on_participant_edit(contact_id, "attended", attended)

    def _on_participant_edit(self, contact_id: int, field: str, value: object) -> bool:
        """A role, response or attendance changed in the table (or through the methods above)."""
        eid = self.event_id
        if eid is None:
            for p in self._draft_participants:
                if p.contact_id == contact_id:
                    setattr(p, field, value)
            self._draft_changed()
            return True
        if field == "response":
            return self._participant_op(
                lambda s: event_edits.record_response(s, eid, contact_id, str(value)),
                _("Rückmeldung gespeichert: {response}.").format(
                    response=label(RESPONSE, str(value))
                ),
            )
        if field == "attended":
            return self._participant_op(
                lambda s: event_edits.record_attendance(s, eid, contact_id, bool(value)),
                _("Anwesenheit gespeichert."),
            )
        return self._participant_op(
            lambda s: event_edits.set_role(s, eid, contact_id, str(value)), _("Rolle geändert.")
        )

    def mark_invited(self) -> bool:
        eid = self.event_id
        if eid is None:
            return False
        return self._participant_op(
            lambda s: event_edits.mark_invited(s, eid), _("Einladungen als versendet markiert.")
        )

    def _draft_changed(self) -> None:
        self._refresh_participants()
        self._on_edited()

    def _participant_op(self, fn: Callable[[Session], EventEdit], message: str) -> bool:
        """One undoable participant change of a stored event; other unsaved edits stay."""
        pending = self.collect()
        base = self._baseline
        result = self._write(fn, command=self._undo_of, message=message)
        if not result.ok or result.value is None:
            return False
        saved = result.value.result
        self._merge(saved.event, pending, base)
        self.show_result(saved)
        return True

    def _merge(self, after: EventData, pending: EventData, base: EventData | None) -> None:
        """Show the stored event `after`, keeping the user's unsaved edits of other fields."""
        self._show(after, loaded=after)
        if base is None:
            return
        merged = self.collect()
        changed = False
        for f in dataclasses.fields(EventData):
            name = f.name
            if name in ("participants", "ambiguous_choice"):
                continue
            if getattr(pending, name) != getattr(base, name):
                setattr(merged, name, getattr(pending, name))
                changed = True
        if changed:
            self._loading = True
            try:
                baseline = self._baseline
                self._fill(merged)
                self._baseline = baseline
            finally:
                self._loading = False
            self._update_title()
            self._set_dirty(self.is_dirty())

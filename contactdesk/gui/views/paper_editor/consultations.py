"""The "Beratungsfolge" box of the paper editor: the table of sessions (consultation_table.py),
its buttons (add a session from the schedule, move, remove) and the core's check of the order,
shown under the table while the user edits."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from contactdesk.core.errors import ContactdeskError, ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.models import ConsultationRole
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import ConsultationData
from contactdesk.gui import prompts
from contactdesk.gui.models.papers import SessionRow, read_sessions
from contactdesk.gui.views.paper_editor.consultation_table import ConsultationTable
from contactdesk.gui.views.paper_editor.parts import Section, action_button, button_row, column_box
from contactdesk.gui.views.widgets import error_label, mark_invalid

if TYPE_CHECKING:
    from contactdesk.gui.views.paper_editor.editor import PaperEditor


def session_text(row: SessionRow) -> str:
    """How a session is offered: "Stadtrat – 08.09.2021, 18:00 Uhr"."""
    return f"{row.committee} – {row.start.strftime(_('%d.%m.%Y, %H:%M Uhr'))}"


class ConsultationSection(Section):
    """The Beratungsfolge with its buttons and its error line."""

    def __init__(self, editor: PaperEditor) -> None:
        super().__init__(editor)
        self.box, v = column_box(_("Beratungsfolge"))
        self.table = ConsultationTable()
        self.table.sig_edited.connect(self._on_edited)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        v.addWidget(self.table)
        self.error = error_label()
        self.error.setAccessibleName(_("Fehler in der Beratungsfolge"))
        v.addWidget(self.error)
        self.add_session_button = action_button(
            _("Sitzung hinzufügen …"),
            _("Sitzung zur Beratungsfolge hinzufügen"),
            _("Eine Sitzung eines Gremiums aus dem Terminplan wählen"),
            self.add_session,
        )
        self.up_button = action_button(
            _("Nach oben"), _("Sitzung nach oben"), _("Früher beraten"), lambda: self.move(-1)
        )
        self.down_button = action_button(
            _("Nach unten"), _("Sitzung nach unten"), _("Später beraten"), lambda: self.move(1)
        )
        self.remove_button = action_button(
            _("Entfernen"),
            _("Sitzung aus der Beratungsfolge entfernen"),
            _("Die gewählte Sitzung aus der Beratungsfolge nehmen"),
            self.remove,
        )
        v.addLayout(
            button_row(
                self.add_session_button, self.up_button, self.down_button, self.remove_button
            )
        )

    # ------------------------------------------------------------------ state
    def set_editable(self, editable: bool) -> None:
        self.add_session_button.setEnabled(editable)
        self.table.setEnabled(editable)
        self.update_buttons()

    def update_buttons(self) -> None:
        editable = self._editor.is_editable()
        row, count = self.table.current(), self.table.rowCount()
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < count - 1)
        self.remove_button.setEnabled(editable and row >= 0)

    def tab_chain(self) -> list[QWidget]:
        return [
            self.table,
            self.add_session_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        ]

    def snapshot(self) -> tuple[Any, ...]:
        return tuple(
            (
                c.event_id,
                c.role,
                c.agenda_item,
                c.public,
                c.votes_yes,
                c.votes_no,
                c.votes_abstain,
            )
            for c in self.table.values()
        )

    # ------------------------------------------------------------------ actions
    def add_session(self) -> bool:
        """Choose a committee session from the schedule and append it with role Kenntnisnahme."""
        editor = self._editor
        rows = [r for r in editor.ops.read(read_sessions) if not r.series_only]
        taken = set(self.table.event_ids())
        rows = [r for r in rows if r.event_id not in taken]
        rows.sort(key=lambda r: r.start)
        chosen = prompts.choose_one(
            editor,
            _("Sitzung zur Beratungsfolge hinzufügen"),
            [(r, session_text(r)) for r in rows],
            _(
                "Keine passende Sitzung. Sitzungen eines Gremiums legen Sie unter „Termine“ an "
                "(Art: Gremiensitzung)."
            ),
        )
        if chosen is None:
            return False
        row: SessionRow = chosen
        self.table.add(
            ConsultationData(
                event_id=row.event_id,
                role=ConsultationRole.KENNTNISNAHME.value,
                committee_name=row.committee,
                session_title=row.title,
                start=row.start,
                is_public=row.is_public,
            )
        )
        return True

    def move(self, delta: int) -> bool:
        """Move the chosen session up (-1) or down (1)."""
        return self.table.move_row(self.table.current(), delta)

    def remove(self) -> bool:
        return self.table.remove(self.table.current())

    def _on_edited(self) -> None:
        self.update_buttons()
        self._editor.mark_edited()
        self.check()

    # ------------------------------------------------------------------ the core's check
    def check(self) -> str:
        """Ask the core whether the Beratungsfolge is in order; show its German message."""
        editor = self._editor
        if not editor.has_paper:
            return ""
        probe = dataclasses.replace(
            editor.collect(),
            submitter="",
            lead_office="",
            contact_ids=[],
            agreement_ids=[],
            event_ids=[],
            submitter_id=None,
            lead_office_id=None,
        )
        probe = dataclasses.replace(probe, subject=probe.subject.strip() or "–")
        message = ""
        try:
            editor.ops.read(lambda s: ps.validate(s, probe))
        except ValidationError as exc:
            found = [(k, m) for k, m in exc.fields.items() if k.startswith("consultations")]
            if found:
                message = self.show_error(*found[0])
        except ContactdeskError:
            pass
        if not message:
            self.clear_error()
        return message

    def show_error(self, key: str, message: str) -> str:
        """Show `message` under the table and select the row `key` names ("consultations.1")."""
        self.error.setText(message)
        self.error.setVisible(True)
        mark_invalid(self.table, message)
        _name, _sep, index = key.partition(".")
        if index.isdigit() and int(index) < self.table.rowCount():
            self.table.blockSignals(True)
            self.table.selectRow(int(index))
            self.table.blockSignals(False)
        return message

    def clear_error(self) -> None:
        self.error.setVisible(False)
        self.error.setText("")
        mark_invalid(self.table, None)

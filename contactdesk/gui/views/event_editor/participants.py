"""The event editor's second tab ("Teilnehmende"): the picker that adds people, the table of
participants with their role, response and attendance (a combo box edits role and response), the
counts of the answers, and the outcome with its results and tasks. What a change means (a draft
change or a stored one) is the editor's to decide: this page shows and asks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.labels import PARTICIPANT_ROLE, RESPONSE, label
from contactdesk.core.services.schedule import ParticipantData
from contactdesk.gui.models.schedule import P_RESPONSE, P_ROLE, ParticipantTableModel
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.event_editor.tasks import task_list
from contactdesk.gui.views.widgets import named, watch
from contactdesk.gui.widgets.choices import choice_combo
from contactdesk.gui.widgets.contact_picker import ContactPicker
from contactdesk.gui.widgets.fit_columns import FitColumns


class ParticipantsPage(QWidget):
    """Who takes part, how they answered, and (after the event) who came and what came of it."""

    sig_add_requested = Signal(list, object)
    """The user picked people to add (contact ids, role or None for the default)."""
    sig_remove_requested = Signal(int)
    """The user wants this contact off the list."""
    sig_edited = Signal()
    """The outcome or a result or task changed."""

    def __init__(self, ops: Ops) -> None:
        super().__init__()
        pv = QVBoxLayout(self)
        add_row = QHBoxLayout()
        self.participant_picker = ContactPicker(
            ops,
            _("Teilnehmende suchen"),
            _("Person oder Organisation suchen …"),
        )
        self.participant_role = choice_combo(_("Rolle der neuen Teilnehmenden"), PARTICIPANT_ROLE)
        self.add_participant_button = named(
            QPushButton(_("Hinzufügen")), _("Teilnehmende hinzufügen")
        )
        self.add_participant_button.setEnabled(False)
        add_row.addWidget(self.participant_picker, 1)
        add_row.addWidget(self.participant_role)
        add_row.addWidget(self.add_participant_button)
        pv.addLayout(add_row)
        self.participant_picker.sig_picked.connect(
            lambda cid: self.add_participant_button.setEnabled(cid is not None)
        )
        self.add_participant_button.clicked.connect(self._add_picked)
        # Enter adds the person at once and leaves the cursor there for the next name
        self.participant_picker.sig_confirmed.connect(lambda _cid: self._add_picked(refocus=True))
        self.participant_hint = QLabel()
        self.participant_hint.setWordWrap(True)
        pv.addWidget(self.participant_hint)
        self.participants_model = ParticipantTableModel(self)
        self.participants = named(QTableView(), _("Teilnehmende"))
        self.participants.setModel(self.participants_model)
        self.participants.setItemDelegate(
            ChoiceDelegate({P_ROLE: PARTICIPANT_ROLE, P_RESPONSE: RESPONSE}, self.participants)
        )
        self.participants.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.participants.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.participants.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.participants.verticalHeader().setVisible(False)
        self.participants.setAlternatingRowColors(True)
        self.participants.setWordWrap(False)
        # columns from their contents, fitted into the pane: the name gives way last
        self.participants_fit = FitColumns(self.participants, keep=(0,))
        self.participants.setToolTip(
            _("Rolle und Rückmeldung: doppelklicken oder F2 drücken, um sie zu ändern.")
        )
        pv.addWidget(self.participants, 1)
        bar = QHBoxLayout()
        self.remove_participant_button = named(
            QPushButton(_("Entfernen")), _("Ausgewählte Person aus der Teilnehmerliste entfernen")
        )
        self.mark_invited_button = named(
            QPushButton(_("Einladungen als versendet markieren")),
            _("Einladungen als versendet markieren"),
        )
        self.remove_participant_button.clicked.connect(self._remove_selected)
        bar.addWidget(self.remove_participant_button)
        bar.addStretch(1)
        bar.addWidget(self.mark_invited_button)
        pv.addLayout(bar)
        self.participant_counts = QLabel()
        self.participant_counts.setAccessibleName(_("Rückmeldungen"))
        pv.addWidget(self.participant_counts)
        self.outcome_box = QGroupBox(_("Ergebnis (nach dem Termin)"))
        ov = QVBoxLayout(self.outcome_box)
        self.outcome = named(QPlainTextEdit(), _("Ergebnis"))
        self.outcome.setTabChangesFocus(True)
        self.outcome.setMaximumHeight(90)
        self.outcome.setPlaceholderText(_("Was ist herausgekommen? Wer übernimmt was?"))
        ov.addWidget(self.outcome)
        # one row per result or task: they make the Ergebnisprotokoll (events summary)
        self.tasks = task_list()
        self.tasks.sig_edited.connect(self.sig_edited.emit)
        ov.addWidget(self.tasks)
        pv.addWidget(self.outcome_box)
        watch(self.outcome_box, self.sig_edited.emit)

    def focus_chain(self) -> list[QWidget]:
        return [
            self.participant_picker.edit,
            self.participant_role,
            self.add_participant_button,
            self.participants,
            self.remove_participant_button,
            self.mark_invited_button,
            self.outcome,
        ]

    def show_rows(self, rows: list[ParticipantData], *, ended: bool, stored: bool) -> None:
        """The participants, their answers counted; attendance once the event is over."""
        self.participants_model.set_rows(rows, attendance=ended)
        self.participants.setColumnHidden(5, not ended)
        self.participants.resizeColumnsToContents()
        self.participants_fit.fit()
        counts = {r.value: 0 for r in RESPONSE}
        for p in rows:
            counts[p.response] = counts.get(p.response, 0) + 1
        waiting = sum(1 for p in rows if p.waiting_list)
        missing = sum(1 for p in rows if p.consent_missing)
        parts = [
            _("{n} Teilnehmende").format(n=len(rows)),
            *(f"{label(RESPONSE, key)}: {n}" for key, n in counts.items() if n),
        ]
        if waiting:
            parts.append(_("Warteliste: {n}").format(n=waiting))
        if missing:
            parts.append(_("⚠ Einwilligung fehlt: {n}").format(n=missing))
        self.participant_counts.setText(" · ".join(parts))
        self.mark_invited_button.setEnabled(stored and bool(rows))
        self.participant_hint.setText(
            _("Änderungen an Teilnehmenden werden sofort gespeichert.")
            if stored
            else _("Die Teilnehmenden werden mit dem Termin gespeichert.")
        )
        self.outcome_box.setTitle(
            _("Ergebnis und Anwesenheit (der Termin ist vorbei)") if ended else _("Ergebnis")
        )

    def _add_picked(self, refocus: bool = False) -> None:
        cid = self.participant_picker.contact_id
        if cid is None:
            return
        self.sig_add_requested.emit([cid], self.participant_role.currentData())
        self.participant_picker.set_contact(None)
        # the pop-up's own choice writes the name back a moment later: clear after it
        QTimer.singleShot(0, self.participant_picker.edit.clear)
        self.add_participant_button.setEnabled(False)
        if refocus:
            self.participant_picker.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove_selected(self) -> None:
        row = self.participants.currentIndex().row()
        p = self.participants_model.participant(row)
        if p is not None:
            self.sig_remove_requested.emit(p.contact_id)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for the role and response columns of the participant table."""

    def __init__(self, choices: dict[int, dict[Any, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        mapping = self._choices.get(index.column())
        if mapping is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal, 0))
        )
        for key in mapping:
            combo.addItem(label(mapping, key.value), key.value)
        combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

"""The agreement's status workflow in the editor: the current status, a button for each allowed
next status (`ag.allowed_transitions`) and the history of status changes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from contactdesk.core.i18n import _
from contactdesk.core.labels import AGREEMENT_STATUS, label
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementData, StatusChangeData
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.agreement_status import status_verb
from contactdesk.gui.widgets.record_table import Record, RecordTable

#: how many history rows show before the table scrolls
MOST_HISTORY = 6


def step_text(step: StatusChangeData) -> str:
    """A step of the history in words: "angelegt als Entwurf", "Entwurf → in Abstimmung"."""
    if step.from_status is None:
        return _("angelegt als {status}").format(status=label(AGREEMENT_STATUS, step.to_status))
    return f"{label(AGREEMENT_STATUS, step.from_status)} → " + label(
        AGREEMENT_STATUS, step.to_status
    )


class StatusSection(QGroupBox):
    """Status und Verlauf; a click on a status button asks the editor to change the status."""

    sig_change_requested = Signal(str)
    """The user clicked the button of a target status (its value)."""

    def __init__(self) -> None:
        super().__init__(_("Status und Verlauf"))
        v = QVBoxLayout(self)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(_("Aktueller Status"))
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.status_label)
        self.buttons_row = QHBoxLayout()
        #: the button of each status the agreement may move to now
        self.buttons: dict[str, QPushButton] = {}
        self.buttons_row.addStretch(1)
        v.addLayout(self.buttons_row)
        self.history = RecordTable(
            _("Statusverlauf"), [_("Datum"), _("Statuswechsel"), _("Notiz")], stretch=2
        )
        v.addWidget(self.history)

    def show_status(self, data: AgreementData) -> None:
        saved = data.id is not None
        self.status_label.setText(
            _("Status: <b>{status}</b>").format(status=label(AGREEMENT_STATUS, data.status))
            if saved
            else _("Status: <b>Entwurf</b> (Statuswechsel nach dem ersten Speichern)")
        )
        for button in self.buttons.values():
            self.buttons_row.removeWidget(button)
            button.setParent(None)
            button.deleteLater()
        self.buttons = {}
        if saved:
            targets = ag.allowed_transitions(data.status)
            for target in targets:
                verb = status_verb(target)
                button = named(
                    QPushButton(verb),
                    verb,
                    _("Status auf „{status}“ setzen").format(
                        status=label(AGREEMENT_STATUS, target)
                    ),
                )
                button.clicked.connect(lambda _c=False, t=target: self.sig_change_requested.emit(t))
                self.buttons_row.insertWidget(len(self.buttons), button)
                self.buttons[target] = button
            if not targets:
                self.status_label.setText(
                    self.status_label.text() + " – " + _("abgeschlossen, kein weiterer Wechsel")
                )
        records = []
        for step in data.history:
            texts = [step.on_date.strftime("%d.%m.%Y"), step_text(step), step.note]
            records.append(Record(texts, tips=texts))
        self.history.set_records(records)
        self.history.setVisible(bool(data.history))
        self.history.fit_rows(MOST_HISTORY)

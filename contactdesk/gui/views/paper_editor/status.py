"""The status boxes of the paper editor: "Status und Fassungen" (the current status, one button
per step the workflow allows, "Neue Fassung bearbeiten/freigeben", PDF preview and OParl export)
at the top, and "Fassungen und Verlauf" (released versions, status history) at the bottom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from contactdesk.core.i18n import _
from contactdesk.core.models import PaperStatus
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperData
from contactdesk.gui.models.papers import format_date
from contactdesk.gui.views.paper_editor.parts import Section, action_button, button_row, column_box
from contactdesk.gui.views.paper_editor.workflow import STATUS_VERBS
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.sizes import format_size

if TYPE_CHECKING:
    from contactdesk.gui.views.paper_editor.editor import PaperEditor


def status_label(status: str) -> str:
    """The German name of a status ("in Beratung")."""
    return _(ps.STATUS_LABELS.get(status, status))


class StatusSection(Section):
    """`status_box` (top) and `history_box` (bottom); both hidden for an unsaved paper."""

    def __init__(self, editor: PaperEditor) -> None:
        super().__init__(editor)
        self.status_box, v = column_box(_("Status und Fassungen"))
        self.status_label = QLabel()
        self.status_label.setAccessibleName(_("Aktueller Status"))
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.status_label)
        #: target status -> its button (rebuilt for each paper shown)
        self.status_buttons: dict[str, QPushButton] = {}
        self.unlock_button = action_button(
            _("Neue Fassung bearbeiten"),
            _("Neue Fassung bearbeiten"),
            _("Die Felder für eine neue Fassung öffnen; die freigegebene Fassung bleibt"),
            editor.unlock,
        )
        self.release_again_button = action_button(
            _("Neue Fassung freigeben …"),
            _("Neue Fassung freigeben"),
            _("Den geänderten Stand als nächste Fassung freigeben (PDF wird gespeichert)"),
            editor.release,
        )
        self.status_buttons_row = button_row(self.unlock_button, self.release_again_button)
        v.addLayout(self.status_buttons_row)
        self.preview_button = action_button(
            _("PDF-Vorschau"),
            _("PDF-Vorschau"),
            _("Das PDF der Vorlage ansehen, drucken, speichern"),
            editor.sig_preview_requested.emit,
        )
        self.oparl_button = action_button(
            _("Für Ratsinformationssystem exportieren (OParl) …"),
            _("Für Ratsinformationssystem exportieren (OParl)"),
            _("Die Vorlage mit Beratungsfolge als OParl-1.1-JSON speichern"),
            editor.export_oparl,
        )
        v.addLayout(button_row(self.preview_button, self.oparl_button))

        self.history_box, hv = column_box(_("Fassungen und Verlauf"))
        self.versions_label = QLabel()
        self.versions_label.setWordWrap(True)
        self.versions_label.setAccessibleName(_("Freigegebene Fassungen"))
        hv.addWidget(self.versions_label)
        self.history = QTableWidget(0, 3)
        self.history.setAccessibleName(_("Statusverlauf"))
        self.history.setHorizontalHeaderLabels([_("Datum"), _("Statuswechsel"), _("Notiz")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history.setWordWrap(False)
        hv.addWidget(self.history)

    def set_data(self, data: PaperData) -> None:
        saved = data.id is not None
        self.status_box.setVisible(saved)
        self.history_box.setVisible(saved)
        for button in self.status_buttons.values():
            self.status_buttons_row.removeWidget(button)
            button.setParent(None)
            button.deleteLater()
        self.status_buttons = {}
        if not saved:
            return
        text = _("Status: <b>{status}</b>").format(status=_(data.status_label))
        if data.status in ps.FINAL:
            text += " – " + _("abgeschlossen, die Vorlage kann nicht mehr geändert werden")
        elif data.changed_since_release:
            text += " – " + _("nach der letzten Freigabe geändert (noch nicht freigegeben)")
        self.status_label.setText(text)
        self._fill_status_buttons(data)
        self._fill_versions(data)
        self._fill_history(data)

    def _fill_status_buttons(self, data: PaperData) -> None:
        for target in ps.allowed_transitions(data.status):
            verb = _(STATUS_VERBS.get(target, status_label(target)))
            if target == PaperStatus.FREIGEGEBEN.value:
                verb += " …"
            button = named(
                QPushButton(verb),
                verb.removesuffix(" …"),
                _("Status auf „{status}“ setzen").format(status=status_label(target)),
            )
            button.clicked.connect(lambda _c=False, t=target: self._editor.change_status(t))
            self.status_buttons_row.insertWidget(len(self.status_buttons), button)
            self.status_buttons[target] = button

    def _fill_versions(self, data: PaperData) -> None:
        if data.versions:
            lines = [
                _("Fassung {n}: freigegeben am {day} ({size})").format(
                    n=v.version, day=format_date(v.released_on), size=format_size(v.size)
                )
                for v in data.versions
            ]
            self.versions_label.setText("\n".join(lines))
        else:
            self.versions_label.setText(_("Noch keine freigegebene Fassung."))

    def _fill_history(self, data: PaperData) -> None:
        self.history.setRowCount(len(data.history))
        for i, step in enumerate(data.history):
            if step.from_status is None:
                change = _("angelegt als {status}").format(status=status_label(step.to_status))
            else:
                change = f"{status_label(step.from_status)} → {status_label(step.to_status)}"
            for col, value in enumerate((format_date(step.on_date), change, step.note)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.history.setItem(i, col, item)
        self.history.setFixedHeight(
            min(5, max(1, len(data.history))) * self.history.verticalHeader().defaultSectionSize()
            + self.history.horizontalHeader().sizeHint().height()
            + 2 * self.history.frameWidth()
        )

    def show_release_buttons(self, *, released_lock: bool, unlocked: bool, changed: bool) -> None:
        """ "Neue Fassung bearbeiten" while a released paper is locked; "Neue Fassung freigeben"
        once it is opened or changed since its release."""
        self.unlock_button.setVisible(released_lock and not unlocked)
        self.release_again_button.setVisible(released_lock and (unlocked or changed))

"""A small dialog that asks for a date (default today) and a note: status changes, releases."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from contactdesk.core.i18n import _
from contactdesk.gui.views.widgets import DateEdit, line_edit
from contactdesk.gui.widgets.dialog_parts import note_label


class DatedNoteDialog(QDialog):
    """Asks for the date (default today) and a note of a status change or a release."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        verb: str,
        info: str = "",
        *,
        destructive: bool = False,
    ):
        """`destructive` (a notice of termination, a cancellation): Enter in a field does not
        carry it out; only the button (or its Alt key) does."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        if info:
            layout.addWidget(note_label(info, _("Hinweis")))
        form = QFormLayout()
        self.on_date = DateEdit(_("Datum"))
        self.note = line_edit(_("Notiz"), _("z. B. vom Oberbürgermeister unterzeichnet"))
        caption = QLabel(_("&Datum"))
        caption.setBuddy(self.on_date)
        form.addRow(caption, self.on_date)
        caption = QLabel(_("&Notiz"))
        caption.setBuddy(self.note)
        form.addRow(caption, self.note)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        # a button box makes its first AcceptRole button the default (Enter presses it): a
        # destructive step gets an action button instead, which only a click or Alt presses
        role = (
            QDialogButtonBox.ButtonRole.ActionRole
            if destructive
            else QDialogButtonBox.ButtonRole.AcceptRole
        )
        ok = buttons.addButton(verb, role)
        cancel = buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        if destructive:
            ok.clicked.connect(self.accept)
            for button in (ok, cancel):
                button.setDefault(False)
                button.setAutoDefault(False)
        else:
            ok.setDefault(True)
        self.accept_button = ok
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.note.setFocus()

    def value(self) -> tuple[date, str]:
        return self.on_date.value() or date.today(), self.note.text().strip()

"""Choosing a contact from the register by typing part of a name (the folded search of the
contacts service): `ContactPicker`, a search field with a result list inside a form (event
participants, the participant filter), and `ContactPickerDialog` / `pick_contact`, the same as a
dialog (parties of an agreement, people of a paper)."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.labels import (
    CONTACT_KIND,
    label,
)
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import ContactFilter, ContactRow
from contactdesk.gui import prompts
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.widgets import (
    line_edit,
    named,
)

#: wait this long after the last key before searching (ms)
PICKER_DELAY_MS = 150
#: hits offered by the inline picker
PICKER_LIMIT = 20
#: hits offered by the dialog
DIALOG_LIMIT = 50


class ContactPicker(QWidget):
    """A search field that offers matching contacts (service search, folded spelling)."""

    sig_picked = Signal(object)
    """A contact was chosen (its id), or the choice was cleared (None)."""
    sig_confirmed = Signal(int)
    """Enter was pressed on a choice (the first offer when none was chosen yet)."""

    def __init__(self, ops: Ops, name: str, placeholder: str, *, kind: str | None = None) -> None:
        super().__init__()
        self._ops = ops
        self._kind = kind
        self._contact_id: int | None = None
        self._chosen_text = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = named(QLineEdit(), name, _("Namen eingeben und aus der Liste wählen"))
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.results = QStandardItemModel(self)
        self.completer = QCompleter(self.results, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        popup = self.completer.popup()
        assert popup is not None  # a completer always has its list
        popup.setAccessibleName(_("Gefundene Kontakte"))
        self.completer.setWidget(self.edit)
        self.completer.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]  # PySide6 stubs lack the overloaded-signal index
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PICKER_DELAY_MS)
        self._timer.timeout.connect(lambda: self.run_search(self.edit.text(), popup=True))
        self.edit.textEdited.connect(self._on_edited)
        self.edit.returnPressed.connect(self._on_return)

    def _on_return(self) -> None:
        """Enter takes the chosen contact, or the first offer for the typed text."""
        if self._contact_id is None:
            if not self.run_search(self.edit.text()):
                return
            self.choose(0)
        if self._contact_id is not None:
            popup = self.completer.popup()
            if popup is not None:
                popup.hide()
            self.sig_confirmed.emit(self._contact_id)

    @property
    def contact_id(self) -> int | None:
        return self._contact_id

    def text(self) -> str:
        return self.edit.text()

    def set_contact(self, contact_id: int | None, name: str = "") -> None:
        """Show a choice without announcing it."""
        self._contact_id = contact_id
        self._chosen_text = name if contact_id is not None else ""
        self.edit.setText(self._chosen_text)
        self.edit.setCursorPosition(0)

    def clear(self) -> None:
        changed = self._contact_id is not None
        self.set_contact(None)
        if changed:
            self.sig_picked.emit(None)

    def run_search(self, text: str, *, popup: bool = False) -> list[ContactRow]:
        """Fill the offer list for `text` (one service call); returns the rows."""
        self._timer.stop()
        text = text.strip()
        self.results.clear()
        if not text:
            return []
        flt = ContactFilter(query=text, kind=self._kind)
        rows = self._ops.read(lambda s: cs.list_contacts(s, flt, limit=PICKER_LIMIT))
        for row in rows:
            extra = row.affiliation or label(CONTACT_KIND, row.kind)
            item = QStandardItem(f"{row.display_name} – {extra}" if extra else row.display_name)
            item.setData(row.id, Qt.ItemDataRole.UserRole)
            item.setData(row.display_name, Qt.ItemDataRole.UserRole + 1)
            self.results.appendRow(item)
        if popup and rows:
            self.completer.setCompletionPrefix("")
            self.completer.complete()
        return rows

    def choose(self, row: int) -> None:
        """Take the row-th offer (as a click in the pop-up would)."""
        self._take(self.results.index(row, 0))

    def _on_edited(self, text: str) -> None:
        if self._contact_id is not None and text != self._chosen_text:
            self._contact_id = None
            self.sig_picked.emit(None)
        if not text.strip():
            self.results.clear()
            return
        self._timer.start()

    def _on_activated(self, index: QModelIndex) -> None:
        self._take(index)

    def _take(self, index: QModelIndex) -> None:
        cid = index.data(Qt.ItemDataRole.UserRole)
        if cid is None:
            return
        name = index.data(Qt.ItemDataRole.UserRole + 1) or ""
        self.set_contact(int(cid), name)
        QTimer.singleShot(0, lambda: self.edit.setText(self._chosen_text))
        self.sig_picked.emit(int(cid))


class ContactPickerDialog(QDialog):
    """Choose a contact from the register by typing part of a name (folded search)."""

    def __init__(self, parent: QWidget | None, ops: Ops, title: str, kind: str | None = None):
        super().__init__(parent)
        self._ops = ops
        self._kind = kind
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(420, 420)
        layout = QVBoxLayout(self)
        self.search = line_edit(_("Kontakt suchen"), _("Name, Organisation, Ort …"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.results = named(QListWidget(), _("Gefundene Kontakte"))
        layout.addWidget(self.results, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(_("Übernehmen"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._on_return)
        self.results.itemActivated.connect(lambda _i: self.accept())
        self.results.currentRowChanged.connect(lambda _r: self._update_ok())
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        flt = ContactFilter(query=self.search.text(), kind=self._kind)
        rows = self._ops.read(lambda s: cs.list_contacts(s, flt, limit=DIALOG_LIMIT + 1))
        self.results.clear()
        for row in rows[:DIALOG_LIMIT]:
            text = row.display_name + (f" – {row.affiliation}" if row.affiliation else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (row.id, row.display_name))
            self.results.addItem(item)
        if len(rows) > DIALOG_LIMIT:
            self.hint.setText(
                _("Mehr als {n} Treffer: bitte genauer suchen.").format(n=DIALOG_LIMIT)
            )
        elif not rows:
            self.hint.setText(_("Kein passender Kontakt im Kontaktregister."))
        else:
            self.hint.setText("")
        if rows:
            self.results.setCurrentRow(0)
        self._update_ok()

    def _on_return(self) -> None:
        self.refresh()
        if self.results.count():
            self.accept()

    def _update_ok(self) -> None:
        self.ok.setEnabled(self.results.currentItem() is not None)

    def chosen(self) -> tuple[int, str] | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def pick_contact(
    parent: QWidget | None, ops: Ops, title: str, kind: str | None = None
) -> tuple[int, str] | None:
    """(contact id, name) chosen in the searchable picker, or None."""
    dialog = ContactPickerDialog(parent, ops, title, kind)
    if prompts.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()

"""German message boxes: errors, confirmations, unsaved changes, duplicates.

Every question goes through `exec_box`, so tests can replace one function instead of a dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from contactdesk.core.i18n import _
from contactdesk.core.services.contacts import ContactRow


class Answer(Enum):
    YES = "yes"
    SAVE = "save"
    DISCARD = "discard"
    OPEN = "open"
    CREATE = "create"
    CANCEL = "cancel"


def exec_box(box: QMessageBox) -> object:
    """Run a message box modally and return the clicked button."""
    box.exec()
    return box.clickedButton()


def message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setAccessibleName(title)
    return box


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    box = message_box(parent, QMessageBox.Icon.Critical, title or _("Fehler"), message)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    exec_box(box)


def confirm(
    parent: QWidget | None, title: str, text: str, ok_text: str, informative: str = ""
) -> bool:
    """A yes/cancel question; Cancel is the default button."""
    box = message_box(parent, QMessageBox.Icon.Question, title, text)
    if informative:
        box.setInformativeText(informative)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return exec_box(box) is ok


def confirm_delete(
    parent: QWidget | None, name: str, is_person: bool, people: Sequence[str]
) -> bool:
    if is_person:
        text = _("Möchten Sie die Person „{name}“ löschen?").format(name=name)
        info = _("Sie können das Löschen mit Bearbeiten › Rückgängig (Strg+Z) zurücknehmen.")
    else:
        text = _("Möchten Sie die Organisation „{name}“ löschen?").format(name=name)
        if people:
            shown = ", ".join(people[:10])
            if len(people) > 10:
                shown += _(" und {n} weitere").format(n=len(people) - 10)
            info = _(
                "Diese Personen haben dort eine Rolle: {people}. Die Personen bleiben erhalten; "
                "ihre Rollen in dieser Organisation werden ausgeblendet."
            ).format(people=shown)
        else:
            info = _("Niemand hat dort eine Rolle.")
        info += " " + _("Sie können das Löschen mit Bearbeiten › Rückgängig zurücknehmen.")
    return confirm(parent, _("Kontakt löschen"), text, _("Löschen"), info)


def ask_unsaved(parent: QWidget | None, name: str) -> Answer:
    box = message_box(
        parent,
        QMessageBox.Icon.Warning,
        _("Ungespeicherte Änderungen"),
        _("Die Änderungen an „{name}“ sind noch nicht gespeichert.").format(
            name=name or _("neuer Kontakt")
        ),
    )
    box.setInformativeText(_("Möchten Sie sie speichern?"))
    save = box.addButton(_("Speichern"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Verwerfen"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    clicked = exec_box(box)
    if clicked is save:
        return Answer.SAVE
    if clicked is discard:
        return Answer.DISCARD
    return Answer.CANCEL


def ask_duplicate(
    parent: QWidget | None,
    existing: Sequence[ContactRow],
    reasons: dict[int, str] | None = None,
) -> Answer:
    reasons = reasons or {}
    names = ", ".join(
        f"{row.display_name} ({reasons[row.id]})" if reasons.get(row.id) else row.display_name
        for row in existing
    )
    box = message_box(
        parent,
        QMessageBox.Icon.Warning,
        _("Möglicher doppelter Kontakt"),
        _("Es gibt bereits einen Kontakt, der wahrscheinlich derselbe ist: {names}.").format(
            names=names
        ),
    )
    box.setInformativeText(_("Was möchten Sie tun?"))
    open_ = box.addButton(_("Vorhandenen Kontakt öffnen"), QMessageBox.ButtonRole.AcceptRole)
    create = box.addButton(_("Trotzdem anlegen"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_)
    box.setEscapeButton(cancel)
    clicked = exec_box(box)
    if clicked is open_:
        return Answer.OPEN
    if clicked is create:
        return Answer.CREATE
    return Answer.CANCEL

"""The one seam for dialogs, message boxes, file choosers and opening files.

Everything that waits for the user runs through a function of this module, so a test replaces
one function (monkeypatch) instead of driving a modal dialog:

- `exec_box(box)`: every QMessageBox (the German errors, questions and notes below use it);
- `exec_dialog(dialog)`: every other modal dialog (pickers, previews, option dialogs);
  `exec_print_dialog(dialog)` the system print dialog;
- `choose_open_file`, `choose_open_files`, `choose_save_file`: Qt's file dialogs;
- `open_path(path)`: a file or folder in the program the desktop chose for it.

The German questions of every area are built here too: `show_error`, `inform`, `confirm`,
`confirm_delete`, `ask_unsaved`, `ask_duplicate`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLabel, QMessageBox, QWidget

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import ContactdeskError, os_reason
from contactdesk.core.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from contactdesk.core.services.contacts import ContactRow


class Answer(Enum):
    YES = "yes"
    SAVE = "save"
    DISCARD = "discard"
    OPEN = "open"
    CREATE = "create"
    CANCEL = "cancel"


T = TypeVar("T")


def exec_box(box: QMessageBox) -> object:
    """Run a message box modally and return the clicked button."""
    box.exec()
    return box.clickedButton()


def exec_dialog(dialog: QDialog) -> int:
    """Run a dialog modally; its result code (QDialog.DialogCode or a dialog's own)."""
    return dialog.exec()


def exec_print_dialog(dialog: QDialog) -> int:
    """Run the system print dialog (tests choose a file, a range, copies)."""
    return dialog.exec()


def show_message(box: QMessageBox) -> None:
    """Show a prepared message box (a result with details) and wait for OK."""
    exec_box(box)


def choose_open_file(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """One existing file, or "" when cancelled."""
    path, _f = QFileDialog.getOpenFileName(parent, title, start, filters)
    return path


def choose_open_files(parent: QWidget | None, title: str, start: str, filters: str) -> list[str]:
    """One or more existing files, or [] when cancelled."""
    paths, _f = QFileDialog.getOpenFileNames(parent, title, start, filters)
    return list(paths)


def choose_save_file(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """Where to save (Qt asks before overwriting), or "" when cancelled."""
    path, _f = QFileDialog.getSaveFileName(parent, title, start, filters)
    return path


def ask_text(parent: QWidget | None, title: str, label: str, ok_text: str) -> str:
    """One line of text from the user ("" when cancelled), through exec_dialog."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(ok_text)
    dialog.setCancelButtonText(_("Abbrechen"))
    for label_widget in dialog.findChildren(QLabel):
        label_widget.setWordWrap(True)  # a long explanation must not make it screen-wide
    dialog.setMinimumWidth(520)
    accepted = exec_dialog(dialog) == QDialog.DialogCode.Accepted
    text = dialog.textValue()
    dialog.deleteLater()
    return text if accepted else ""


def open_path(path: Path) -> bool:
    """Open a file or folder with the program the system associates with it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setAccessibleName(title)
    return box


def _ok_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, informative: str
) -> None:
    box = message_box(parent, icon, title, text)
    if informative:
        box.setInformativeText(informative)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    exec_box(box)


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    _ok_box(parent, QMessageBox.Icon.Critical, title or _("Fehler"), message, "")


def inform(parent: QWidget | None, title: str, text: str, informative: str = "") -> None:
    """A note with OK (nothing went wrong, but the user should know)."""
    _ok_box(parent, QMessageBox.Icon.Information, title, text, informative)


def warn(parent: QWidget | None, title: str, text: str, informative: str = "") -> None:
    """A warning with OK (something did not work; nothing was lost)."""
    _ok_box(parent, QMessageBox.Icon.Warning, title, text, informative)


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


def ask_status_change(
    parent: QWidget | None, title: str, from_status: str, to_status: str
) -> tuple[date, str] | None:
    """The date (default today) and note of an agreement's status change, or None when cancelled."""
    # imported when asked: this seam stays below the widget modules (which may use it)
    from contactdesk.gui.widgets.agreement_status import StatusChangeDialog

    dialog = StatusChangeDialog(parent, title, from_status, to_status)
    if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.value()


def ask_among(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str,
    answers: Sequence[tuple[str, QMessageBox.ButtonRole, T]],
    cancelled: T,
) -> T:
    """A question with one button per answer (the first is the default) and Abbrechen (Escape);
    the value of the button clicked, or `cancelled`."""
    box = message_box(parent, icon, title, text)
    box.setInformativeText(informative)
    buttons = [(box.addButton(label, role), value) for label, role, value in answers]
    cancel = box.addButton(_("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(buttons[0][0])
    box.setEscapeButton(cancel)
    clicked = exec_box(box)
    return next((value for button, value in buttons if button is clicked), cancelled)


def ask_unsaved(parent: QWidget | None, name: str) -> Answer:
    return ask_among(
        parent,
        QMessageBox.Icon.Warning,
        _("Ungespeicherte Änderungen"),
        _("Die Änderungen an „{name}“ sind noch nicht gespeichert.").format(
            name=name or _("neuer Kontakt")
        ),
        _("Möchten Sie sie speichern?"),
        [
            (_("Speichern"), QMessageBox.ButtonRole.AcceptRole, Answer.SAVE),
            (_("Verwerfen"), QMessageBox.ButtonRole.DestructiveRole, Answer.DISCARD),
        ],
        Answer.CANCEL,
    )


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
    return ask_among(
        parent,
        QMessageBox.Icon.Warning,
        _("Möglicher doppelter Kontakt"),
        _("Es gibt bereits einen Kontakt, der wahrscheinlich derselbe ist: {names}.").format(
            names=names
        ),
        _("Was möchten Sie tun?"),
        [
            (_("Vorhandenen Kontakt öffnen"), QMessageBox.ButtonRole.AcceptRole, Answer.OPEN),
            (_("Trotzdem anlegen"), QMessageBox.ButtonRole.DestructiveRole, Answer.CREATE),
        ],
        Answer.CANCEL,
    )


def choose_documents(parent: QWidget | None, title: str, filters: str) -> list[str]:
    """Files to attach (`choose_open_files`), starting in the folder of documents used last;
    [] when cancelled."""
    from contactdesk.gui import file_places

    files = choose_open_files(parent, title, file_places.start_in("documents"), filters)
    if files:
        file_places.remember("documents", files[0])
    return list(files)


def file_step(
    parent: QWidget | None, title: str, step: Callable[[], T], os_message: Callable[[str], str]
) -> T | None:
    """Run a step that writes or reads a file (an export, a copy to open); on failure the German
    error box titled `title` -- the core's own message, or for an OSError `os_message(reason)`
    -- and None."""
    try:
        return step()
    except ContactdeskError as exc:
        show_error(parent, exc.message, title)
    except OSError as exc:
        show_error(parent, os_message(os_reason(exc)), title)
    return None


# --------------------------------------------------------------------------- the paper editor's questions


def choose_one(
    parent: QWidget | None, title: str, items: Sequence[tuple[T, str]], empty: str
) -> T | None:
    """The value of the entry the user chose in a list searched by typing part of it (a session,
    an agreement, a document); `items` are (value, text shown), `empty` the hint when nothing
    matches; None when cancelled."""
    # imported when asked: this seam stays below the widget modules (which may use it)
    from contactdesk.gui.widgets.typed_choice import ChoiceDialog

    dialog = ChoiceDialog(parent, title, list(items), empty)
    if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    chosen: T | None = dialog.chosen()
    return chosen


def ask_dated_note(
    parent: QWidget | None, title: str, text: str, verb: str, info: str = ""
) -> tuple[date, str] | None:
    """The date (default today) and note of a paper's status step or release; None when
    cancelled. `verb` is the button that carries it out, `info` a hint under the text."""
    from contactdesk.gui.dialogs.dated_note import DatedNoteDialog

    dialog = DatedNoteDialog(parent, title, text, verb, info)
    if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.value()


def settle_unsaved(
    parent: QWidget | None, name: str, save: Callable[[], bool], discard: Callable[[], None]
) -> bool:
    """Ask about the unsaved changes of `name` and act on the answer: True when they are saved
    or thrown away (fine to show something else), False when the user stays."""
    answer = ask_unsaved(parent, name)
    if answer is Answer.SAVE:
        return save()
    if answer is Answer.DISCARD:
        discard()
        return True
    return False


# --------------------------------------------------------------------------- the event editor's questions


class Scope(Enum):
    """Which dates of a series an edit, cancellation or deletion of one date is meant for."""

    ONE = "one"
    SERIES = "series"


def ask_dst_choice(parent: QWidget | None, local: datetime, tz: str) -> str | None:
    """An autumn wall time that occurs twice: timezones.SUMMER, WINTER or None (cancel)."""
    accept = QMessageBox.ButtonRole.AcceptRole
    return ask_among(
        parent,
        QMessageBox.Icon.Question,
        _("Sommerzeit oder Winterzeit?"),
        _(
            "Die Uhrzeit {time} Uhr kommt am {day} in der Zeitzone {tz} zweimal vor, weil die "
            "Uhr in dieser Nacht von Sommerzeit auf Winterzeit zurückgestellt wird."
        ).format(time=f"{local:%H:%M}", day=f"{local:%d.%m.%Y}", tz=tz),
        _("Welche der beiden Uhrzeiten ist gemeint?"),
        [
            (_("Sommerzeit (die erste)"), accept, tzs.SUMMER),
            (_("Winterzeit (die zweite)"), accept, tzs.WINTER),
        ],
        None,
    )


def ask_occurrence_scope(parent: QWidget | None, title: str, verb: str) -> Scope | None:
    """'Nur diesen Termin oder die ganze Serie?' (`verb`: "Welche Termine ändern?" ...);
    None when cancelled."""
    accept = QMessageBox.ButtonRole.AcceptRole
    return ask_among(
        parent,
        QMessageBox.Icon.Question,
        _("Termin einer Serie"),
        _("„{title}“ gehört zu einer Serie. Nur diesen Termin oder die ganze Serie?").format(
            title=title
        ),
        verb,
        [
            (_("Nur diesen Termin"), accept, Scope.ONE),
            (_("Die ganze Serie"), accept, Scope.SERIES),
        ],
        None,
    )


def ask_multiline_text(parent: QWidget | None, title: str, label: str) -> str | None:
    """Several lines of text from the user through exec_dialog; None when cancelled (an empty
    text is an answer too)."""
    dialog = QInputDialog(parent)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setCancelButtonText(_("Abbrechen"))
    accepted = exec_dialog(dialog) == QDialog.DialogCode.Accepted
    text = dialog.textValue()
    dialog.deleteLater()
    return text if accepted else None


def ask_cancel_note(parent: QWidget | None, title: str) -> str | None:
    """The note for a cancellation ('Absagen'); None when the user does not cancel."""
    return ask_multiline_text(
        parent,
        _("Termin absagen"),
        _("„{title}“ absagen. Grund oder Hinweis für die Teilnehmenden (optional):").format(
            title=title
        ),
    )


def confirm_delete_event(parent: QWidget | None, title: str) -> bool:
    return confirm(
        parent,
        _("Termin löschen"),
        _("Möchten Sie den Termin „{title}“ löschen?").format(title=title),
        _("Löschen"),
        _("Sie können das Löschen mit Bearbeiten › Rückgängig (Strg+Z) zurücknehmen."),
    )

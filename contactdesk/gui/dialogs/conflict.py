"""Someone else saved the record meanwhile: reload their version or keep one's own input.

Every editor calls `resolve_conflict` when a save fails with VersionConflictError. Nothing the
user typed is lost: with "Neuen Stand laden" the editor shows the stored record and a separate
window keeps the user's own changed fields as text to copy from; with "Eigene Eingaben
behalten" the editor stays as it is (nothing saved, the fields still filled).
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.team.versions import VersionConflictError, field_label
from contactdesk.gui import prompts

#: fields that are not the user's input
_SKIP = frozenset(
    {"id", "uid", "row_version", "display_name", "deleted", "created_at", "updated_at"}
)


class ConflictChoice(Enum):
    RELOAD = "reload"
    KEEP = "keep"


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(p for p in (_plain(v) for v in value) if p)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [_plain(getattr(value, f.name)) for f in dataclasses.fields(value)]
        return ", ".join(p for p in parts if p and p not in ("0", "False"))
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    return str(value)


def own_changes_text(mine: Any, baseline: Any | None) -> str:
    """The user's input as text: every field that differs from what the editor had loaded
    (every filled field when nothing was loaded)."""
    lines = []
    for f in dataclasses.fields(mine):
        if f.name in _SKIP:
            continue
        value = getattr(mine, f.name)
        if baseline is not None and getattr(baseline, f.name, None) == value:
            continue
        text = _plain(value)
        if not text and baseline is None:
            continue
        lines.append(f"{field_label(f.name)}: {text}")
    return "\n".join(lines)


class ConflictDialog(QDialog):
    """The question after a refused save, with the user's own input shown to copy from.
    `choice` is RELOAD after "Neuen Stand laden", else KEEP (also when closed)."""

    def __init__(self, parent: QWidget | None, error: VersionConflictError, own_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Eintrag wurde inzwischen geändert"))
        self.setAccessibleName(self.windowTitle())
        self.choice = ConflictChoice.KEEP
        layout = QVBoxLayout(self)
        self.message = QLabel(error.message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(_("Ihre Eingaben (zum Kopieren):")))
        self.own_text = QPlainTextEdit(own_text)
        self.own_text.setReadOnly(True)
        self.own_text.setAccessibleName(_("Ihre Eingaben"))
        layout.addWidget(self.own_text)
        buttons = QDialogButtonBox()
        self.reload_button = QPushButton(_("&Neuen Stand laden"))
        self.keep_button = QPushButton(_("&Eigene Eingaben behalten"))
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.clicked.connect(self._reload)
        self.keep_button.clicked.connect(self.reject)
        self.keep_button.setDefault(True)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def _reload(self) -> None:
        self.choice = ConflictChoice.RELOAD
        self.accept()


class OwnInputWindow(QDialog):
    """A non-modal window that keeps the user's own input after the editor reloaded."""

    def __init__(self, parent: QWidget | None, title: str, own_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ihre nicht gespeicherten Eingaben – {title}").format(title=title))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(own_text)
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Schließen"))
        layout.addWidget(close)
        self.resize(480, 300)


def resolve_conflict(
    parent: QWidget, error: VersionConflictError, mine: Any, baseline: Any | None
) -> tuple[ConflictChoice, OwnInputWindow | None]:
    """Ask what to do; on RELOAD also open the window with the user's own input. The caller
    reloads its record on RELOAD and changes nothing on KEEP."""
    own = own_changes_text(mine, baseline)
    dialog = ConflictDialog(parent, error, own)
    try:
        prompts.exec_dialog(dialog)  # the one seam for dialogs: tests click a button there
        choice = dialog.choice
    finally:
        dialog.deleteLater()
    window = None
    if choice is ConflictChoice.RELOAD and own:
        window = OwnInputWindow(parent, error.label, own)
        window.show()
    return choice, window


__all__ = [
    "ConflictChoice",
    "ConflictDialog",
    "OwnInputWindow",
    "own_changes_text",
    "resolve_conflict",
]

"""The dialog after an export: where the file is, who was left out, and buttons to open it.

"Öffnen" hands the file to the system (a .vcf, .ics or .eml opens in Outlook on Windows);
"Ordner öffnen" shows the folder. Both go through `prompts.open_path`, which tests replace.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.gui import prompts
from contactdesk.gui.widgets.dialog_parts import begin_dialog, note_label


class ExportDoneDialog(QDialog):
    """„Gespeichert unter …“ with Öffnen / Ordner öffnen / Schließen."""

    def __init__(
        self,
        path: Path,
        summary: str,
        *,
        left_out: Sequence[tuple[str, str]] = (),
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        layout = begin_dialog(self, _("Export gespeichert"), "ExportDoneDialog")

        self.summary_label = note_label(summary, _("Ergebnis"))
        layout.addWidget(self.summary_label)

        self.path_label = QLabel(
            _("Gespeichert unter:<br><b>{path}</b>").format(path=_html(str(self.path)))
        )
        self.path_label.setWordWrap(True)
        self.path_label.setTextFormat(Qt.TextFormat.RichText)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setAccessibleName(_("Gespeichert unter {path}").format(path=self.path))
        layout.addWidget(self.path_label)

        self.left_out_list: QListWidget | None = None
        if left_out:
            heading = QLabel(
                _("Nicht eingeladen ({n}), bitte auf anderem Weg benachrichtigen:").format(
                    n=len(left_out)
                )
            )
            heading.setWordWrap(True)
            layout.addWidget(heading)
            self.left_out_list = QListWidget()
            self.left_out_list.setAccessibleName(_("Nicht eingeladen"))
            for name, reason in left_out:
                self.left_out_list.addItem(f"{name} – {reason}")
            self.left_out_list.setMaximumHeight(
                min(8, len(left_out)) * self.left_out_list.sizeHintForRow(0) + 8
            )
            heading.setBuddy(self.left_out_list)
            layout.addWidget(self.left_out_list)

        if hint:
            layout.addWidget(note_label(hint, _("Hinweis")))

        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(_("Ö&ffnen"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setAccessibleName(_("Datei öffnen"))
        self.open_button.setToolTip(_("Die Datei mit dem zugehörigen Programm öffnen (Outlook)"))
        self.folder_button = buttons.addButton(
            _("&Ordner öffnen"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.folder_button.setAccessibleName(_("Ordner öffnen"))
        self.close_button = buttons.addButton(
            _("&Schließen"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setAccessibleName(_("Schließen"))
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.open_folder)
        buttons.rejected.connect(self.reject)
        self.open_button.setDefault(True)
        self.open_button.setFocus()
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def open_file(self) -> None:
        if prompts.open_path(self.path):
            self.accept()
        else:
            if self.path.suffix.lower() == ".csv":  # Outlook reads CSV only through its wizard
                advice = _(
                    "Für diese Datei ist kein Programm eingerichtet. Öffnen Sie sie bitte aus "
                    "Outlook (Datei › Öffnen und exportieren › Importieren/Exportieren) oder "
                    "über den Ordner."
                )
            else:
                advice = _(
                    "Für diese Datei ist kein Programm eingerichtet. Klicken Sie auf „Ordner "
                    "öffnen“ und dort mit der rechten Maustaste auf die Datei › Öffnen mit › "
                    "Outlook."
                )
            prompts.show_error(self, advice, _("Öffnen nicht möglich"))

    def open_folder(self) -> None:
        prompts.open_path(self.path.parent)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def show_export_done(
    parent: QWidget | None,
    path: Path,
    summary: str,
    *,
    left_out: Sequence[tuple[str, str]] = (),
    hint: str = "",
) -> ExportDoneDialog:
    dialog = ExportDoneDialog(path, summary, left_out=left_out, hint=hint, parent=parent)
    try:
        prompts.exec_dialog(dialog)
    finally:
        dialog.deleteLater()
    return dialog

"""Data protection dialogs: the erasure (Art. 17 DSGVO) with its dry run shown first.

The work is done by core/services/privacy_erase.py; this dialog only shows what will change,
asks whether archive records keep the name, and runs the erasure.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.db import Database
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.core.services import privacy_erase
from contactdesk.gui.dialogs import prompts
from contactdesk.gui.views.widgets import named


class ErasureDialog(QDialog):
    """Shows the dry run of an erasure; "Endgültig löschen" runs it."""

    def __init__(self, db: Database, contact_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.contact_id = contact_id
        self.result_value: privacy_erase.ErasureResult | None = None
        self.setWindowTitle(_("Person nach Art. 17 DSGVO löschen"))
        self.setAccessibleName(self.windowTitle())
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.steps = named(QPlainTextEdit(), _("Was geändert wird"))
        self.steps.setReadOnly(True)
        layout.addWidget(self.steps, 1)
        self.keep_names = named(
            QCheckBox(
                _(
                    "Vereinbarungen und Vorlagen behalten den Namen (nur bei gesetzlicher "
                    "Aufbewahrungspflicht, Art. 17 Abs. 3 DSGVO)"
                )
            ),
            _("Namen im Archiv behalten"),
        )
        self.keep_names.toggled.connect(self.preview)
        layout.addWidget(self.keep_names)
        buttons = QDialogButtonBox()
        self.erase_button = buttons.addButton(
            _("Endgültig löschen"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        cancel = buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.erase_button.clicked.connect(self.erase)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.preview()

    def _run(self, dry_run: bool) -> privacy_erase.ErasureResult | None:
        try:
            return privacy_erase.erase_person(
                self._db,
                self.contact_id,
                keep_names_in_archive=self.keep_names.isChecked(),
                dry_run=dry_run,
            )
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message, self.windowTitle())
            return None

    def preview(self) -> None:
        plan = self._run(dry_run=True)
        if plan is None:
            self.erase_button.setEnabled(False)
            return
        self.heading.setText(
            _(
                "„{name}“ (Nr. {id}) wird endgültig gelöscht. Das kann nicht rückgängig gemacht "
                "werden. Es ändert sich:"
            ).format(name=plan.display_name, id=plan.contact_id)
        )
        lines = [f"• {step}" for step in plan.steps]
        lines += ["", *[f"⚠ {w}" for w in plan.warnings]]
        self.steps.setPlainText("\n".join(lines))

    def erase(self) -> None:
        result = self._run(dry_run=False)
        if result is not None:
            self.result_value = result
            self.accept()


__all__ = ["ErasureDialog"]

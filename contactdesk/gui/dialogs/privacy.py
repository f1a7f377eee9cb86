"""Data protection dialogs: the erasure (Art. 17 DSGVO) with its dry run shown first, and the
Datenschutz-Überprüfung (retention review) with renew, anonymise and erase in one go.

The work is done by core/services/privacy_erase.py; this dialog only shows what will change,
asks whether archive records keep the name, and runs the erasure.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.changes import ALL_KINDS, Kind
from contactdesk.core.db import Database
from contactdesk.core.enums import ConsentMethod
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.core.labels import CONSENT_METHOD, label
from contactdesk.core.services import privacy, privacy_erase, privacy_retention
from contactdesk.gui import prompts
from contactdesk.gui.ops import Change, Ops
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.dialog_parts import begin_dialog


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
        self.erase_button.setAutoDefault(False)
        cancel.setDefault(True)  # Enter must never erase
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


class RetentionDialog(QDialog):
    """Datenschutz-Überprüfung: the people to look at, with renew, anonymise and erase for the
    ticked rows in one go."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self.changed = False
        layout = begin_dialog(self, _("Datenschutz-Überprüfung"))
        self.resize(960, 520)
        self.rows: list[privacy_retention.ReviewRow] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = named(QTableWidget(0, 3), _("Zu überprüfende Kontakte"))
        self.table.setHorizontalHeaderLabels([_("Kontakt"), _("Letzte Aktivität"), _("Grund")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 240)
        self.table.setColumnWidth(1, 120)
        layout.addWidget(self.table, 1)
        renew_row = QHBoxLayout()
        renew_row.addWidget(QLabel(_("Erneuert:")))
        self.method = named(QComboBox(), _("Art der Einwilligung"))
        for method in ConsentMethod:
            self.method.addItem(label(CONSENT_METHOD, method.value), method.value)
        renew_row.addWidget(self.method)
        self.source = named(QLineEdit(), _("Quelle der Einwilligung"))
        self.source.setPlaceholderText(_("Quelle, z. B. Rückmeldebogen Netzwerktreffen"))
        renew_row.addWidget(self.source, 1)
        layout.addLayout(renew_row)
        buttons = QDialogButtonBox()
        self.renew_button = buttons.addButton(
            _("Einwilligung &erneuern"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.anonymise_button = buttons.addButton(
            _("&Anonymisieren …"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.erase_button = buttons.addButton(
            _("Endgültig &löschen …"), QDialogButtonBox.ButtonRole.ActionRole
        )
        close = buttons.addButton(_("Schließen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.renew_button.clicked.connect(self.renew)
        self.anonymise_button.clicked.connect(self.anonymise)
        self.erase_button.clicked.connect(self.erase)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        _controller, periods = privacy.controller_from_settings()
        self.rows = self._ops.read(lambda s: privacy_retention.review(s, periods))
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            first = QTableWidgetItem(f"{row.display_name} (Nr. {row.contact_id})")
            first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            first.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(i, 0, first)
            day = f"{row.last_activity:%d.%m.%Y}" if row.last_activity else "—"
            self.table.setItem(i, 1, QTableWidgetItem(day))
            self.table.setItem(i, 2, QTableWidgetItem("; ".join(row.reasons)))
        self.summary.setText(
            _(
                "{n} Kontakte: Einwilligung abgelaufen oder länger als die Speicherdauer ohne "
                "Aktivität. Haken Sie die Kontakte an, die Sie bearbeiten wollen."
            ).format(n=len(self.rows))
            if self.rows
            else _("Keine Kontakte zu überprüfen.")
        )

    def check_all(self, checked: bool = True) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.table.rowCount()):
            self.table.item(i, 0).setCheckState(state)

    def checked(self) -> list[privacy_retention.ReviewRow]:
        return [
            row
            for i, row in enumerate(self.rows)
            if self.table.item(i, 0).checkState() == Qt.CheckState.Checked
        ]

    def _need_rows(self) -> list[privacy_retention.ReviewRow]:
        rows = self.checked()
        if not rows:
            prompts.show_error(self, _("Bitte haken Sie mindestens einen Kontakt an."))
        return rows

    def _done(self, message: str, ids: set[int]) -> None:
        self.changed = True
        self._ops.clear_history()
        # erased or renewed people appear in every list (parties, participants, paper links)
        self._ops.announce(Change.of(message, ALL_KINDS, {Kind.CONTACTS: ids}))
        self.reload()

    def renew(self) -> None:
        rows = self._need_rows()
        if not rows:
            return
        source = self.source.text().strip()
        if not source:
            prompts.show_error(self, _("Bitte geben Sie an, wo die Einwilligung erneuert wurde."))
            self.source.setFocus()
            return
        method = self.method.currentData()
        wanted = {row.contact_id: row.lapsed for row in rows}
        result = self._ops.run(
            lambda s: privacy_retention.renew(s, wanted, method=method, source=source),
            message=lambda n: _("{n} Einwilligungen erneuert.").format(n=n),
            contact_ids=lambda _n: set(wanted),
        )
        if result.ok:
            self.changed = True
            self.reload()

    def anonymise(self) -> None:
        rows = self._need_rows()
        if not rows or not prompts.confirm(
            self,
            _("Anonymisieren"),
            _(
                "{n} Kontakte anonymisieren? Name, Kontaktwege, Notizen, Kontaktverlauf und "
                "Einwilligungen werden entfernt; Funktionen und Teilnahmen bleiben als Zahl."
            ).format(n=len(rows)),
            _("Anonymisieren"),
        ):
            return
        ids = {row.contact_id for row in rows}
        result = self._ops.run(
            lambda s: [privacy_erase.anonymise_in_session(s, cid) for cid in sorted(ids)]
        )
        if result.ok:
            privacy_erase.compact(self._ops.db)
            self._done(_("{n} Kontakte anonymisiert.").format(n=len(ids)), ids)

    def erase(self) -> None:
        rows = self._need_rows()
        if not rows or not prompts.confirm(
            self,
            _("Endgültig löschen"),
            _(
                "{n} Kontakte nach Art. 17 DSGVO endgültig löschen? Das kann nicht rückgängig "
                "gemacht werden."
            ).format(n=len(rows)),
            _("Endgültig löschen"),
        ):
            return
        ids: set[int] = set()
        try:
            for row in rows:
                privacy_erase.erase_person(self._ops.db, row.contact_id, compact_file=False)
                ids.add(row.contact_id)
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message)
        finally:
            privacy_erase.compact(self._ops.db)
        if ids:
            self._done(_("{n} Kontakte gelöscht.").format(n=len(ids)), ids)


__all__ = ["ErasureDialog", "RetentionDialog"]

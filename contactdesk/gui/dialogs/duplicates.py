"""*Kontakte › Dubletten suchen*: the probable duplicate pairs of the register, and the merge
dialog that shows both records side by side with a choice per field.

The pairs and the merge come from the core (services/duplicates.py, services/merge.py); the
merge is one undoable step on the window's undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import undo
from contactdesk.core.contact_data import ContactData
from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import NETWORK_ROLE, ORG_KIND, label
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import duplicates, merge
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.dialog_parts import answer_buttons, begin_dialog

FIELD_LABELS = {
    "salutation": N_("Anrede"),
    "title": N_("Titel"),
    "first_name": N_("Vorname"),
    "last_name": N_("Nachname"),
    "is_public_office_holder": N_("Amtsträger/in"),
    "name": N_("Name"),
    "org_kind": N_("Art"),
    "network_role": N_("Netzwerkrolle"),
    "website": N_("Website"),
    "notes": N_("Notizen"),
}


def _shown(data: ContactData, name: str) -> str:
    value = getattr(data, name)
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if name == "org_kind":
        return label(ORG_KIND, value)
    if name == "network_role":
        return label(NETWORK_ROLE, value)
    return str(value or "")


def _list_summary(data: ContactData) -> list[tuple[str, str]]:
    return [
        (_("E-Mail-Adressen"), ", ".join(e.address for e in data.emails)),
        (_("Telefonnummern"), ", ".join(cs.format_phone(p.number) for p in data.phones)),
        (
            _("Anschriften"),
            "; ".join(f"{a.street}, {a.postal_code} {a.city}".strip(", ") for a in data.addresses),
        ),
        (_("Schlagwörter"), ", ".join(data.tags)),
        (_("Funktionen"), "; ".join(f"{r.function}, {r.organisation_name}" for r in data.roles)),
        (_("Einwilligungen"), str(len(data.consents))),
        (_("Kontaktverlauf"), str(len(data.interactions))),
    ]


class MergeDialog(QDialog):
    """Both records side by side; per field a choice, the lists are joined."""

    def __init__(self, ops: Ops, keep_id: int, other_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(_("Kontakte zusammenführen"))
        self.setAccessibleName(self.windowTitle())
        self.keep = ops.read(lambda s: cs.get_contact(s, keep_id))
        self.other = ops.read(lambda s: cs.get_contact(s, other_id))
        self.result_value: merge.MergeResult | None = None
        #: field name -> (button for the kept record, button for the other)
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}

        layout = QVBoxLayout(self)
        older = min(keep_id, other_id)
        intro = QLabel(
            _(
                "Wählen Sie je Feld, welcher Wert bleibt. E-Mail-Adressen, Telefonnummern, "
                "Anschriften, Schlagwörter, Funktionen, Einwilligungen, der Kontaktverlauf, "
                "Teilnahmen und Vereinbarungen beider Einträge werden zusammengeführt. Es bleibt "
                "der ältere Eintrag (Nr. {older}). Rückgängig mit Strg+Z."
            ).format(older=older)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel(f"<b>{_('Feld')}</b>"), 0, 0)
        grid.addWidget(QLabel(f"<b>{_('Nr. {id}').format(id=keep_id)}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>{_('Nr. {id}').format(id=other_id)}</b>"), 0, 2)
        row = 1
        for name in merge.choice_fields(self.keep.kind):
            mine, theirs = _shown(self.keep, name), _shown(self.other, name)
            if not mine and not theirs:
                continue
            grid.addWidget(QLabel(_(FIELD_LABELS[name])), row, 0)
            left = named(QRadioButton(mine or _("(leer)")), f"{_(FIELD_LABELS[name])} 1")
            right = named(QRadioButton(theirs or _("(leer)")), f"{_(FIELD_LABELS[name])} 2")
            group = QButtonGroup(self)
            group.addButton(left)
            group.addButton(right)
            (right if not mine and theirs else left).setChecked(True)
            if mine == theirs:
                right.setEnabled(False)
            grid.addWidget(left, row, 1)
            grid.addWidget(right, row, 2)
            self.choices[name] = (left, right)
            row += 1
        for (title, mine), (_title, theirs) in zip(
            _list_summary(self.keep), _list_summary(self.other), strict=True
        ):
            if not mine and not theirs:
                continue
            grid.addWidget(QLabel(title), row, 0)
            for col, text in ((1, mine), (2, theirs)):
                cell = QLabel(text or "—")
                cell.setWordWrap(True)
                grid.addWidget(cell, row, col)
            row += 1
        layout.addLayout(grid)
        buttons, self.merge_button = answer_buttons(
            self, _("Zusammenführen"), _("Abbrechen"), self.do_merge
        )
        layout.addWidget(buttons)

    def chosen(self) -> dict[str, str]:
        return {
            name: "other" if right.isChecked() else "keep"
            for name, (_left, right) in self.choices.items()
        }

    def choose(self, name: str, side: str) -> None:
        """Pick a side for a field ("keep" or "other"), as a click on its button does."""
        left, right = self.choices[name]
        (right if side == "other" else left).setChecked(True)

    def do_merge(self) -> None:
        keep_id, other_id = self.keep.id or 0, self.other.id or 0
        choices = self.chosen()
        result = self._ops.run(
            lambda s: merge.merge_undoable(s, keep_id, other_id, choices),
            command=lambda v: undo.merged_contacts(
                keep_id, other_id, choices, v[0], v[1].display_name
            ),
            message=lambda v: _("„{name}“ zusammengeführt. Rückgängig mit Strg+Z.").format(
                name=v[1].display_name
            ),
            contact_ids=lambda v: {keep_id, other_id},
        )
        if result.ok and result.value is not None:
            self.result_value = result.value[1]
            self.accept()


class DuplicatesDialog(QDialog):
    """The probable duplicate pairs, best first, with their reason."""

    HEADERS = (N_("Eintrag"), N_("Wahrscheinlich derselbe wie"), N_("Übereinstimmung"), N_("Grund"))

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        layout = begin_dialog(self, _("Dubletten suchen"))
        self.resize(900, 480)
        self.pairs: list[duplicates.DuplicatePair] = []
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = named(QTableWidget(0, len(self.HEADERS)), _("Mögliche Dubletten"))
        self.table.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((220, 240, 130)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _i: self.merge_selected())
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.merge_button: QPushButton = buttons.addButton(
            _("&Zusammenführen …"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.merge_button.clicked.connect(self.merge_selected)
        close = buttons.addButton(_("Schließen"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self) -> None:
        self.pairs = self._ops.read(duplicates.find_all)
        self.table.setRowCount(len(self.pairs))
        for row, pair in enumerate(self.pairs):
            cells = (
                f"{pair.keep_name} (Nr. {pair.keep_id})",
                f"{pair.other_name} (Nr. {pair.other_id})",
                f"{round(pair.score * 100)} %",
                pair.reason,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row)
                self.table.setItem(row, col, item)
        self.summary.setText(
            _("{n} mögliche Dubletten gefunden.").format(n=len(self.pairs))
            if self.pairs
            else _("Keine möglichen Dubletten gefunden.")
        )
        if self.pairs:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(self.current_pair() is not None)

    def current_pair(self) -> duplicates.DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.pairs:
            return None
        return self.pairs[rows[0].row()]

    def merge_dialog(self, pair: duplicates.DuplicatePair) -> MergeDialog:
        return MergeDialog(self._ops, pair.keep_id, pair.other_id, self)

    def merge_selected(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        dialog = self.merge_dialog(pair)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()


__all__ = ["DuplicatesDialog", "MergeDialog"]

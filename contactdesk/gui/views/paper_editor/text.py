"""The text boxes of the paper editor: the Sachverhalt (markup buttons and the writing blocks the
core builds from the data) and the Finanzielle Auswirkungen (text, or taken from the linked
agreements)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
)

from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import N_, _
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import papers as ps
from contactdesk.gui import prompts
from contactdesk.gui.views.paper_editor.parts import (
    Section,
    action_button,
    button_row,
    column_box,
    text_box,
)
from contactdesk.gui.views.widgets import error_label, named
from contactdesk.gui.widgets.markup_buttons import markup_bar
from contactdesk.gui.widgets.plain_text import plain_text_edit

if TYPE_CHECKING:
    from contactdesk.gui.views.paper_editor.editor import PaperEditor

MARKUP_HELP = N_(
    "Eine Leerzeile beginnt einen neuen Absatz. Die Schaltflächen oben setzen Zeichen in den "
    "Text, die im PDF zu Zwischenüberschrift, Aufzählung, Fettdruck oder Link werden."
)


class TextSection(Section):
    """Two boxes the editor places in its scroll area: `body_box` (Sachverhalt) and
    `financial_box` (Finanzielle Auswirkungen)."""

    def __init__(self, editor: PaperEditor) -> None:
        super().__init__(editor)
        self.body_box, v = column_box(_("Sachverhalt"))
        bar = QHBoxLayout()
        help_label = QLabel(_(MARKUP_HELP))
        help_label.setWordWrap(True)
        help_label.setAccessibleName(_("Hilfe zur Textgestaltung"))
        help_label.setStyleSheet("color: palette(placeholder-text);")
        self.block_button = named(
            QToolButton(),
            _("Baustein einfügen"),
            _("Einen aus den Daten erzeugten Textbaustein an der Schreibmarke einfügen"),
        )
        self.block_button.setText(_("Baustein einfügen"))
        self.block_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.block_menu = QMenu(self.block_button)
        self.block_actions: dict[str, Any] = {}
        for key, text, _fn in ps.WRITING_BLOCKS:
            action = self.block_menu.addAction(_(text))
            action.triggered.connect(lambda _c=False, k=key: self.insert_block(k))
            self.block_actions[key] = action
        self.agreement_menu = self.block_menu.addMenu(_("Stand einer Vereinbarung"))
        self.agreement_menu.aboutToShow.connect(self._fill_agreement_menu)
        self.block_button.setMenu(self.block_menu)
        bar.addWidget(self.block_button)
        bar.addStretch(1)
        v.addLayout(bar)
        self.body_edit = plain_text_edit(
            _("Sachverhalt"),
            _(
                "Sachverhalt der Vorlage. Bausteine aus den Daten: Schaltfläche „Baustein einfügen“."
            ),
            tip=_(MARKUP_HELP),
        )
        self.body_edit.setMinimumHeight(240)
        self.markup_bar = markup_bar(self.body_edit)
        v.addWidget(self.markup_bar)
        v.addWidget(help_label)
        v.addWidget(self.body_edit)
        self.body_error = error_label()
        v.addWidget(self.body_error)

        self.financial_box, v, self.financial = text_box(
            _("Finanzielle Auswirkungen"),
            _("leer: aus den verknüpften Vereinbarungen, sonst „keine“"),
            70,
        )
        self.financial_button = action_button(
            _("Aus verknüpften Vereinbarungen übernehmen"),
            _("Finanzielle Auswirkungen aus Vereinbarungen übernehmen"),
            _("Die Beträge der verknüpften Vereinbarungen eintragen („keine“ ohne Kosten)"),
            self.fill_financial,
        )
        v.addLayout(button_row(self.financial_button))

    def set_editable(self, editable: bool) -> None:
        for block in (self.body_edit, self.financial):
            block.setReadOnly(not editable)
        for w in (self.block_button, self.financial_button):
            w.setEnabled(editable)

    # ------------------------------------------------------------------ writing help
    def _fill_agreement_menu(self) -> None:
        self.agreement_menu.clear()
        rows = self._editor.ops.read(lambda s: ag.list_agreements(s, ag.AgreementFilter()))
        if not rows:
            action = self.agreement_menu.addAction(_("Keine Vereinbarungen erfasst"))
            action.setEnabled(False)
        for row in rows:
            action = self.agreement_menu.addAction(row.title)
            action.triggered.connect(lambda _c=False, i=row.id: self.insert_block(f"agreement:{i}"))

    def block_text(self, key: str) -> str:
        """The text of a writing block, built by the core from the data."""
        ops = self._editor.ops
        if key.startswith("agreement:"):
            aid = int(key.partition(":")[2])
            return ops.read(lambda s: ps.block_agreement_status(s, aid))
        for block_key, _text, fn in ps.WRITING_BLOCKS:
            if block_key == key:
                return ops.read(fn)
        raise KeyError(key)

    def insert_block(self, key: str) -> str:
        """Insert a ready-made block at the cursor, as its own paragraphs; returns the text."""
        if not self._editor.is_editable():
            return ""
        try:
            text = self.block_text(key)
        except ContactdeskError as exc:
            prompts.show_error(self._editor, exc.message, _("Baustein einfügen"))
            return ""
        cursor = self.body_edit.textCursor()
        whole = self.body_edit.toPlainText()
        before, after = whole[: cursor.selectionStart()], whole[cursor.selectionEnd() :]
        prefix = ""
        if before and not before.endswith("\n\n"):
            prefix = "\n" if before.endswith("\n") else "\n\n"
        suffix = ""
        if after and not after.startswith("\n\n"):
            suffix = "\n" if after.startswith("\n") else "\n\n"
        cursor.insertText(prefix + text + suffix)
        if suffix:
            cursor.movePosition(QTextCursor.MoveOperation.Left, n=len(suffix))
        self.body_edit.setTextCursor(cursor)
        self.body_edit.setFocus()
        return text

    def fill_financial(self) -> str:
        """The amounts of the linked agreements ("keine" without costs), from the core."""
        ids = self._editor.linked_agreement_ids()
        text = self._editor.ops.read(lambda s: ps.suggest_financial_effects(s, ids))
        self.financial.setPlainText(text)
        return text

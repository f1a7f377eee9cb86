"""The "Anlagen" box of the paper editor: the attachments of a saved paper (files, or documents
of the agreement register) and the buttons that add and remove them; each change is its own
undoable step through Ops (the commands come from core/undo_papers.py)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from contactdesk.core.changes import PAPER_KINDS
from contactdesk.core.i18n import _
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperData
from contactdesk.core.undo_papers import added_attachment, removed_attachment
from contactdesk.gui import prompts
from contactdesk.gui.views.paper_editor.parts import Section, action_button, button_row, column_box
from contactdesk.gui.widgets.sizes import format_size

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from contactdesk.gui.views.paper_editor.editor import PaperEditor


class AttachmentsSection(Section):
    """The attachments table (shown once the paper is saved and has any) with its buttons."""

    def __init__(self, editor: PaperEditor) -> None:
        super().__init__(editor)
        self.box, v = column_box(_("Anlagen"))
        self.hint = QLabel(_("Anlagen können Sie hinzufügen, sobald die Vorlage gespeichert ist."))
        self.hint.setWordWrap(True)
        v.addWidget(self.hint)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(_("Anlagen"))
        self.table.setHorizontalHeaderLabels([_("Anlage"), _("Datei"), _("Größe")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(120)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        v.addWidget(self.table)
        self.attach_document_button = action_button(
            _("Dokument aus Vereinbarungen …"),
            _("Dokument aus dem Vereinbarungsregister anhängen"),
            _("Ein Dokument einer Vereinbarung als Anlage anhängen"),
            self.attach_document,
        )
        self.attach_file_button = action_button(
            _("Datei …"),
            _("Datei anhängen"),
            _("Eine Datei als Anlage anhängen"),
            self.choose_files,
        )
        self.remove_button = action_button(
            _("Entfernen"),
            _("Anlage entfernen"),
            _("Die gewählte Anlage entfernen"),
            self.remove,
        )
        v.addLayout(
            button_row(self.attach_document_button, self.attach_file_button, self.remove_button)
        )

    # ------------------------------------------------------------------ state
    def set_data(self, data: PaperData) -> None:
        self.table.setRowCount(len(data.attachments))
        for i, a in enumerate(data.attachments):
            source = _("aus Vereinbarungsregister") if a.document_id else a.filename
            for col, value in enumerate((a.title, source, format_size(a.size))):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                item.setToolTip(a.filename)
                self.table.setItem(i, col, item)
        self.table.setVisible(bool(data.attachments))
        saved = data.id is not None
        self.hint.setVisible(not saved or not data.attachments)
        self.hint.setText(
            _("Anlagen können Sie hinzufügen, sobald die Vorlage gespeichert ist.")
            if not saved
            else _("Anlagen: keine")
        )
        self.update_buttons()

    def update_buttons(self) -> None:
        editor = self._editor
        data = editor.loaded
        can = data is not None and data.id is not None and editor.is_editable()
        self.attach_document_button.setEnabled(can)
        self.attach_file_button.setEnabled(can)
        self.remove_button.setEnabled(can and self.selected() is not None)

    def tab_chain(self) -> list[QWidget]:
        return [
            self.table,
            self.attach_document_button,
            self.attach_file_button,
            self.remove_button,
        ]

    def selected(self) -> int | None:
        """The id of the chosen attachment."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    # ------------------------------------------------------------------ actions
    def attach_document(self) -> bool:
        """A document of the agreement register, chosen from a list."""
        editor = self._editor
        pid = editor.paper_id
        if pid is None:
            return False

        def load(s: Session) -> list[tuple[int, str]]:
            items = []
            for row in ag.list_agreements(s, ag.AgreementFilter()):
                for doc in ag.get_agreement(s, row.id).documents:
                    items.append((doc.id, f"{doc.filename} – {row.title}"))
            return items

        chosen = prompts.choose_one(
            editor,
            _("Dokument aus dem Vereinbarungsregister anhängen"),
            [(doc_id, text) for doc_id, text in editor.ops.read(load)],
            _("Im Vereinbarungsregister sind keine Dokumente abgelegt."),
        )
        if chosen is None:
            return False
        result = editor.ops.run(
            lambda s: ps.add_document_attachment(s, pid, chosen),
            command=lambda info: added_attachment(pid, info),
            message=lambda info: _("Anlage „{title}“ angehängt.").format(title=info.title),
            kinds=PAPER_KINDS,
        )
        return result.ok

    def choose_files(self) -> int:
        """Files from the file chooser (gui/prompts.py); how many were attached."""
        files = prompts.choose_documents(
            self._editor,
            _("Anlagen hinzufügen"),
            _("Dokumente (*.pdf *.docx *.odt *.doc *.txt *.png *.jpg *.jpeg);;Alle Dateien (*)"),
        )
        return self.attach_files(files) if files else 0

    def attach_files(self, paths: list[str]) -> int:
        """Each file its own undoable step; how many were attached."""
        editor = self._editor
        pid = editor.paper_id
        if pid is None:
            return 0
        added = 0
        for path in paths:
            result = editor.ops.run(
                partial(ps.add_file_attachment, paper_id=pid, source=path),
                command=lambda info: added_attachment(pid, info),
                message=lambda info: _("Anlage „{title}“ angehängt.").format(title=info.title),
                kinds=PAPER_KINDS,
            )
            added += result.ok
        return added

    def remove(self) -> bool:
        """Remove the chosen attachment after asking (undoable; released PDFs stay)."""
        editor = self._editor
        attachment_id = self.selected()
        if attachment_id is None or editor.loaded is None:
            return False
        info = next((a for a in editor.loaded.attachments if a.id == attachment_id), None)
        title = info.title if info else ""
        if not prompts.confirm(
            editor,
            _("Anlage entfernen"),
            _("Möchten Sie die Anlage „{title}“ von der Vorlage entfernen?").format(title=title),
            _("Entfernen"),
            _("Rückgängig machen mit Strg+Z. Freigegebene Fassungen des PDFs bleiben unverändert."),
        ):
            return False
        result = editor.ops.run(
            lambda s: ps.remove_attachment(s, attachment_id),
            command=removed_attachment,
            message=_("Anlage „{title}“ entfernt.").format(title=title),
            kinds=PAPER_KINDS,
        )
        return result.ok

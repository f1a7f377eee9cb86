"""The documents of an agreement in the editor: the list (files dropped on it are attached), its
buttons, and what they do: attach (each file undoable), open a checked copy in the desktop's
program, remove (undoable).

The file chooser and the desktop's opener are `gui/prompts.py`'s (`choose_documents`,
`open_path`); opened copies go to `document_folder()`, a private folder of this process."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QMimeData, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import undo
from contactdesk.core.changes import AGREEMENT_KINDS
from contactdesk.core.i18n import N_, _
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementData
from contactdesk.gui import prompts
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.record_table import Record, RecordTable
from contactdesk.gui.widgets.sizes import format_size

ZONE = ZoneInfo("Europe/Berlin")


#: the files offered when attaching documents
DOCUMENT_FILTERS = N_(
    "Dokumente (*.pdf *.docx *.odt *.doc *.txt *.png *.jpg *.jpeg *.tif);;Alle Dateien (*)"
)


_private_folder: list[Path] = []


def document_folder() -> Path:
    """Where opened documents are written (one subfolder per document): a folder of this
    process with a random name, only for this user (0700, `tempfile.mkdtemp`), so that no other
    user of the machine can read a document or swap it before the viewer opens it. Removed
    when the program ends."""
    if not _private_folder or not _private_folder[0].is_dir():
        import atexit
        import shutil

        folder = Path(tempfile.mkdtemp(prefix="contactdesk-dokumente-"))
        _private_folder[:] = [folder]
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return _private_folder[0]


class DocumentList(RecordTable):
    """The agreement's documents; files dropped onto it are attached."""

    sig_files_dropped = Signal(list)
    """Local files were dropped (list of paths as str)."""

    def __init__(self) -> None:
        super().__init__(
            _("Dokumente"),
            [_("Datei"), _("Größe"), _("angehängt am")],
            stretch=0,
            tip=_("Dateien hierher ziehen, um sie anzuhängen; Doppelklick öffnet"),
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    @staticmethod
    def _paths(mime: QMimeData) -> list[str]:
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.isEnabled() and self._paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.isEnabled() and self._paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.sig_files_dropped.emit(paths)
        else:
            event.ignore()


class DocumentsBox(QGroupBox):
    """Dokumente: the list, Hinzufügen/Öffnen/Entfernen, the actions behind them, and the check
    of the stored files (`verify`).

    `reveal(widget)` scrolls the editor so that a widget is visible (after an attach)."""

    sig_problems_changed = Signal(list)
    """The check found these problems (German sentences; [] when all is well)."""

    def __init__(self, ops: Ops, reveal: Callable[[QWidget], None]) -> None:
        super().__init__(_("Dokumente"))
        self._ops = ops
        self._reveal = reveal
        self._agreement_id: int | None = None
        self._shown: tuple[int, ...] = ()  # the ids of the documents listed
        self._checked: tuple[int, ...] = ()  # ... and of those the last check looked at
        #: what the last check found
        self.problems: list[str] = []
        v = QVBoxLayout(self)
        self.documents = DocumentList()
        self.documents.setMinimumHeight(90)
        self.documents.sig_files_dropped.connect(self.add_documents)
        self.documents.itemActivated.connect(lambda _i: self.open_document())
        self.documents.itemSelectionChanged.connect(self._update_buttons)
        self.hint = QLabel(
            _("Dokumente können Sie anhängen, sobald die Vereinbarung gespeichert ist.")
        )
        self.hint.setWordWrap(True)
        v.addWidget(self.hint)
        v.addWidget(self.documents)
        bar = QHBoxLayout()
        self.add_button = named(
            QPushButton(_("Hinzufügen …")), _("Dokument hinzufügen"), _("Dateien anhängen")
        )
        self.open_button = named(
            QPushButton(_("Öffnen")), _("Dokument öffnen"), _("Ausgewähltes Dokument öffnen")
        )
        self.remove_button = named(
            QPushButton(_("Entfernen")),
            _("Dokument entfernen"),
            _("Ausgewähltes Dokument entfernen (rückgängig mit Strg+Z)"),
        )
        self.add_button.clicked.connect(self.choose_documents)
        self.open_button.clicked.connect(lambda: self.open_document())
        self.remove_button.clicked.connect(lambda: self.remove_document())
        bar.addWidget(self.add_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        v.addLayout(bar)

    def focus_chain(self) -> list[QWidget]:
        return [self.documents, self.add_button, self.open_button, self.remove_button]

    def show_documents(self, data: AgreementData) -> None:
        """The documents of `data`; attaching needs a stored agreement."""
        self._agreement_id = data.id
        self._shown = tuple(doc.id for doc in data.documents)
        saved = data.id is not None
        records = []
        for doc in data.documents:
            added = doc.added_at.astimezone(ZONE).strftime("%d.%m.%Y %H:%M")
            tip = doc.note or doc.filename
            records.append(Record((doc.filename, format_size(doc.size), added), doc.id, [tip] * 3))
        self.documents.set_records(records)
        self.documents.setEnabled(saved)
        self.hint.setVisible(not saved)
        self.add_button.setEnabled(saved)
        self._update_buttons()

    def verify(self) -> list[str]:
        """Check the listed documents against what was stored (a changed or missing file):
        the problems found."""
        aid = self._agreement_id
        self.problems = self._ops.read(lambda s: ag.verify_documents(s, aid)) if aid else []
        self._checked = self._shown
        self.sig_problems_changed.emit(self.problems)
        return self.problems

    def verify_if_changed(self) -> None:
        """Check again when documents came or went since the last check."""
        if self._shown != self._checked:
            self.verify()

    def forget_problems(self) -> None:
        """Nothing checked (no agreement, or a new one)."""
        self.problems = []
        self._checked = ()
        self.sig_problems_changed.emit(self.problems)

    def _update_buttons(self) -> None:
        selected = self.selected_document() is not None
        self.open_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def selected_document(self) -> int | None:
        rows = self.documents.selectionModel().selectedRows()
        return self.documents.record_id(rows[0].row()) if rows else None

    def select_document(self, row: int) -> None:
        self.documents.selectRow(row)

    def choose_documents(self) -> None:
        files = prompts.choose_documents(self, _("Dokumente anhängen"), _(DOCUMENT_FILTERS))
        if files:
            self.add_documents(files)

    def add_documents(self, paths: list[str]) -> int:
        """Attach files (each one undoable); errors are shown in German. Returns how many."""
        aid = self._agreement_id
        if aid is None:
            return 0
        added = 0
        last: int | None = None
        for path in paths:
            result = self._ops.run(
                partial(ag.add_document, agreement_id=aid, source=path),
                command=lambda d: undo.added_document(d.id, d.filename),
                message=lambda d: _("„{name}“ angehängt.").format(name=d.filename),
                kinds=AGREEMENT_KINDS,
            )
            added += result.ok
            if result.ok and result.value is not None:
                last = result.value.id
        if last is not None:
            self.show_document(last)
        return added

    def show_document(self, document_id: int) -> None:
        """Select a document in the list and scroll it into view (e.g. the one just attached)."""
        for row in range(self.documents.rowCount()):
            item = self.documents.item(row, 0)
            if item is not None and self.documents.record_id(row) == document_id:
                self.documents.selectRow(row)
                self.documents.scrollToItem(item)
                # after the layout has taken the new row in (the box may have grown)
                QTimer.singleShot(0, lambda: self._reveal(self.documents))
                return

    def open_document(self, document_id: int | None = None) -> Path | None:
        """Write the checked document to a temporary folder and show it; None on failure."""
        document_id = document_id if document_id is not None else self.selected_document()
        if document_id is None:
            return None
        target = Path(tempfile.mkdtemp(prefix=f"{document_id}-", dir=document_folder()))
        path = prompts.file_step(
            self,
            _("Dokument öffnen"),
            lambda: self._ops.read(lambda s: ag.export_document(s, document_id, target)),
            lambda reason: _(
                "Das Dokument kann nicht in den temporären Ordner geschrieben werden ({e})."
            ).format(e=reason),
        )
        if path is None:
            return None
        if not prompts.open_path(path):
            prompts.show_error(
                self,
                _(
                    "Für „{name}“ ist kein Programm eingerichtet. Die Datei liegt hier: {path}"
                ).format(name=path.name, path=path),
                _("Dokument öffnen"),
            )
        return path

    def remove_document(self, document_id: int | None = None) -> bool:
        document_id = document_id if document_id is not None else self.selected_document()
        if document_id is None:
            return False
        result = self._ops.run(
            lambda s: ag.remove_document(s, document_id),
            command=lambda d: undo.removed_document(d.id, d.filename),
            message=lambda d: _("„{name}“ entfernt. Rückgängig mit Strg+Z.").format(
                name=d.filename
            ),
            kinds=AGREEMENT_KINDS,
        )
        return result.ok

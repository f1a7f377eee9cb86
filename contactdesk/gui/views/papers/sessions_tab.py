"""SessionsTab: the "Sitzungen" tab of the Sitzungen area — the committee sessions of the
schedule by year, the papers on the chosen session, and its documents (Sitzungsübersicht,
Einladung, Teilnehmerliste, Ergebnisprotokoll) as a PDF preview to print or save."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QWidget,
)

from contactdesk.core.errors import ContactdeskError
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats.pdf import PdfResult, PdfSettings
from contactdesk.core.i18n import N_, _
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperFilter
from contactdesk.gui.models.papers import SessionRow, SessionTableModel
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.base import master_detail as md
from contactdesk.gui.views.pdf_preview import PdfPreview
from contactdesk.gui.views.widgets import named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: what the Sitzungen tab shows for the chosen session
SESSION_DOCUMENTS = [
    ("summary", N_("Sitzungsübersicht")),
    ("invitation", N_("Einladung")),
    ("attendance", N_("Teilnehmerliste")),
    ("minutes", N_("Ergebnisprotokoll")),
]
FILE_STEMS = {
    "summary": "Sitzungsuebersicht",
    "invitation": "Einladung",
    "attendance": "Teilnehmerliste",
    "minutes": "Ergebnisprotokoll",
}


class SessionsTab(QWidget):
    """The sessions, their papers and the chosen document; reads through Ops only."""

    sig_paper_requested = Signal(int)
    """The user wants to open a paper of the session (its id)."""

    _syncing = False

    def __init__(
        self,
        ops: Ops,
        pdf_settings: Callable[[], PdfSettings],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._pdf_settings = pdf_settings
        #: the session and document the preview shows (None: render anew)
        self._shown: tuple[int, str] | None = None
        self.sessions = SessionTableModel(ops, parent=self)
        self._build()

    def _build(self) -> None:
        v = md.column(self, top=4)
        bar = QHBoxLayout()
        self.session_year = named(QComboBox(), _("Sitzungen nach Jahr filtern"))
        self.session_year.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.session_year.currentIndexChanged.connect(self._on_session_year)
        caption = QLabel(_("&Jahr:"))
        caption.setBuddy(self.session_year)
        bar.addWidget(caption)
        bar.addWidget(self.session_year)
        hint = QLabel(
            _(
                "Sitzungen der Gremien aus dem Terminplan. Neue Sitzungen legen Sie unter „Termine“ an."
            )
        )
        hint.setWordWrap(True)
        bar.addWidget(hint, 1)
        self.session_doc = named(QComboBox(), _("Dokument der Sitzung"))
        for kind, text in SESSION_DOCUMENTS:
            self.session_doc.addItem(_(text), kind)
        self.session_doc.currentIndexChanged.connect(lambda _i: self.load_summary())
        doc_caption = QLabel(_("&Dokument:"))
        doc_caption.setBuddy(self.session_doc)
        bar.addWidget(doc_caption)
        bar.addWidget(self.session_doc)
        v.addLayout(bar)

        left = QWidget()
        lv = md.column(left)
        self.session_table = named(QTableView(), _("Liste der Sitzungen"))
        self.session_table.setModel(self.sessions)
        self.session_table.setSortingEnabled(True)
        self.session_table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        md.configure_list(self.session_table)
        header = self.session_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.session_table.selectionModel().currentRowChanged.connect(self._on_session_changed)
        lv.addWidget(self.session_table, 3)
        caption = QLabel(_("Vorlagen dieser Sitzung (Doppelklick öffnet):"))
        lv.addWidget(caption)
        self.session_papers = named(QListWidget(), _("Vorlagen der gewählten Sitzung"))
        self.session_papers.itemActivated.connect(self._open_session_paper)
        caption.setBuddy(self.session_papers)
        lv.addWidget(self.session_papers, 1)
        self.summary_preview = PdfPreview(self._ops, _("Vorschau der Sitzungsübersicht"))
        self.session_splitter = md.side_by_side(left, self.summary_preview, (2, 3))
        v.addWidget(self.session_splitter, 1)

    # ------------------------------------------------------------------ loading
    def reload_sessions(self) -> None:
        """Read the sessions and their years again; the chosen session stays chosen."""
        self.sessions.refresh()
        years = self.sessions.years()
        md.refill_combo(self.session_year, _("Alle Jahre"), ((str(y), y) for y in years))
        self.sessions.set_year(self.session_year.currentData())
        self._restore_session_selection()

    def forget(self) -> None:
        """Render the document anew next time (the data behind it changed)."""
        self._shown = None

    def shown(self) -> None:
        """The tab came into view: show the chosen session's document, or the first one's."""
        if self.session_table.selectionModel().currentIndex().isValid():
            self.load_summary()
        elif self.sessions.rowCount():
            self.select_session_row(0)

    def _on_session_year(self, _index: int) -> None:
        self.sessions.set_year(self.session_year.currentData())
        self._restore_session_selection()

    # ------------------------------------------------------------------ selection
    def selected_session(self) -> SessionRow | None:
        index = self.session_table.selectionModel().currentIndex()
        return self.sessions.session_row(index.row()) if index.isValid() else None

    def select_session_row(self, row: int) -> None:
        md.select_table_row(self.session_table, row)

    def row_of_session(self, event_id: int) -> int | None:
        """The row of a session by its event id (showing every year if needed)."""
        row = self.sessions.row_of(event_id)
        if row is None and self.session_year.currentIndex() != 0:
            self.session_year.setCurrentIndex(0)
            row = self.sessions.row_of(event_id)
        return row

    def _restore_session_selection(self) -> None:
        if self._shown is not None:
            row = self.sessions.row_of(self._shown[0])
            if row is not None:
                self._syncing = True
                try:
                    self.select_session_row(row)
                finally:
                    self._syncing = False

    def _on_session_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.load_summary()

    # ------------------------------------------------------------------ the document
    def load_summary(self) -> None:
        """List the chosen session's papers and render its chosen document."""
        row = self.selected_session()
        self.session_papers.clear()
        if row is None:
            self._shown = None
            self.summary_preview.clear(_("Wählen Sie links eine Sitzung aus."))
            return
        if row.series_only:
            self._shown = None
            self.summary_preview.clear(
                _(
                    "Dieser Termin gehört zu einer Sitzungsserie. Für eine Sitzungsübersicht legen "
                    "Sie den einzelnen Termin unter „Termine“ an."
                )
            )
            return
        event_id = row.event_id
        papers = self._ops.read(lambda s: ps.list_papers(s, PaperFilter(event_id=event_id)))
        for p in papers:
            item = QListWidgetItem(f"{p.reference} – {p.subject} ({_(p.status_label)})")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.session_papers.addItem(item)
        if not papers:
            item = QListWidgetItem(_("Keine Vorlage auf dieser Sitzung."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.session_papers.addItem(item)
        kind = self.session_doc.currentData() or "summary"
        if self._shown == (event_id, kind) and self.summary_preview.has_pdf():
            return
        settings = self._pdf_settings()
        renderers: dict[str, Callable[[Session], PdfResult]] = {
            "summary": lambda s: ps.session_summary_pdf(s, event_id, settings),
            "invitation": lambda s: ps.invitation_pdf(s, event_id, settings),
            "attendance": lambda s: ps.attendance_sheet_pdf(s, event_id, settings),
            "minutes": lambda s: ps.minutes_pdf(s, event_id, settings),
        }
        make = renderers[kind]
        try:
            result = self._ops.read(make)
        except ContactdeskError as exc:
            self._shown = None
            self.summary_preview.clear(exc.message)
            return
        self._shown = (event_id, kind)
        name = dict(SESSION_DOCUMENTS)[kind]
        self.summary_preview.set_pdf(
            result.data,
            title=_("{document} {committee} {day}").format(
                document=_(name), committee=row.committee, day=f"{row.start:%d.%m.%Y}"
            ),
            file_name=f"{FILE_STEMS[kind]}-{row.start:%Y-%m-%d}.pdf",
            saver=lambda s, p: atomic_write(p, make(s).data),
            notes=list(result.warnings),
        )

    def print_summary(self) -> bool:
        """Print the chosen session's document (rendered first if needed)."""
        if not self.summary_preview.has_pdf():
            self.load_summary()
        return self.summary_preview.print_pdf()

    def _open_session_paper(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.ItemDataRole.UserRole)
        if pid is not None:
            self.sig_paper_requested.emit(int(pid))

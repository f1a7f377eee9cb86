"""SessionsView: the "Sitzungen" area — committee papers (list, editor, PDF preview) and the
committee sessions with their Sitzungsübersicht (preview, print, save)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.changes import PAPER_KINDS, Kind
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats.pdf import PdfResult, PdfSettings
from contactdesk.core.i18n import N_, _
from contactdesk.core.models import PaperStatus
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperData, PaperFilter
from contactdesk.core.undo_papers import deleted_paper
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.models.papers import PaperTableModel, SessionRow, SessionTableModel
from contactdesk.gui.ops import Change, Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.paper_editor import PaperEditor
from contactdesk.gui.views.pdf_preview import PdfPreview, Saver
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.fit_columns import FitColumns
from contactdesk.gui.widgets.search_keys import SearchKeys

#: the kinds of record this area shows, it refreshes when a Change names one:
#: the register, sessions and editor
WATCHES = frozenset({Kind.PAPERS, Kind.SESSIONS, Kind.EVENTS, Kind.SETTINGS})
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PAPER_COLUMN_WIDTHS = [88, 125, 240, 120, 110, 220, 130]
#: the entry of the preview's version box that shows the current text (not a stored version)
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
CURRENT = 0


class SessionsView(QWidget):
    """Papers and sessions; implements gui/area.py's Area protocol."""

    key = "sessions"

    sig_status_changed = Signal(str)
    """The count text for the status bar changed."""
    sig_dirty_changed = Signal(bool)
    """The paper editor got or lost unsaved changes."""

    def __init__(
        self,
        ops: Ops,
        actions: dict[ActionId, QAction],
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._actions = actions
        self._settings = settings
        self._syncing = False
        self._preview_for: tuple[object, ...] | None = None
        self._summary_for: int | None = None
        self._summary_kind = "summary"
        self.setAccessibleName(_("Sitzungen"))
        self.model = PaperTableModel(ops, parent=self)
        self.sessions = SessionTableModel(ops, parent=self)
        self._build()
        ops.subscribe(WATCHES, lambda change: self.refresh(change))
        # a contact renamed: only the editor re-reads (linked contacts' names in the editor)
        ops.subscribe({Kind.CONTACTS, Kind.ORGANISATIONS}, self._contacts_renamed)
        self.model.sig_loaded.connect(self._on_loaded)
        self.sessions.sig_loaded.connect(self._emit_status)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Vorlagen und Sitzungen"))
        outer.addWidget(self.tabs)
        self.tabs.addTab(self._build_papers(), _("&Vorlagen"))
        self.tabs.addTab(self._build_sessions(), _("S&itzungen"))
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.print_action = QAction(_("Drucken …"), self)
        self.print_action.setObjectName("action_print_paper")
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.print_action.triggered.connect(self.print_current)
        self.addAction(self.print_action)

    def _build_papers(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.search = named(QLineEdit(), _("Vorlagen durchsuchen"))
        self.search.setPlaceholderText(_("Suchen: Nummer oder Gegenstand …"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        bar.addWidget(self.search, 3)
        self.type_filter = named(QComboBox(), _("Vorlagenart filtern"))
        self.status_filter = named(QComboBox(), _("Status filtern"))
        self.status_filter.addItem(_("Alle Status"), None)
        for status in PaperStatus:
            self.status_filter.addItem(_(ps.STATUS_LABELS[status]), status.value)
        self.year_filter = named(QComboBox(), _("Jahr filtern"))
        for combo in (self.type_filter, self.status_filter, self.year_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            bar.addWidget(combo)
        v.addLayout(bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.table = named(QTableView(), _("Liste der Vorlagen"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for col, width in enumerate(PAPER_COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        self.fit_columns = FitColumns(self.table, keep=(0, 2))  # number and subject
        self.table.addAction(self._actions[ActionId.DELETE])
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.splitter.addWidget(self.table)

        self.right = QTabWidget()
        self.right.setAccessibleName(_("Vorlage und Vorschau"))
        self.editor = PaperEditor(self._ops, settings=self._settings)
        self.editor.setMinimumWidth(380)
        self.editor.sig_saved.connect(lambda _id: self._sync_selection())
        self.editor.sig_dirty_changed.connect(self.sig_dirty_changed.emit)
        self.editor.sig_preview_requested.connect(self.show_preview)
        self.right.addTab(self.editor, _("Vorlage &bearbeiten"))
        self.preview = PdfPreview(self._ops, _("PDF-Vorschau der Vorlage"))
        self.version_box = named(
            QComboBox(), _("Fassung"), _("Welche Fassung der Vorlage angezeigt wird")
        )
        self.version_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_box.currentIndexChanged.connect(lambda _i: self._load_preview())
        self.version_label = QLabel(_("&Fassung:"))
        self.version_label.setBuddy(self.version_box)
        self.preview.extra_bar.addWidget(self.version_label)
        self.preview.extra_bar.addWidget(self.version_box)
        self.preview.extra_bar.addStretch(1)
        self.right.addTab(self.preview, _("&PDF-Vorschau"))
        self.right.currentChanged.connect(lambda _i: self._on_right_tab())
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        v.addWidget(self.splitter, 1)

        QWidget.setTabOrder(self.search, self.type_filter)
        self.search_keys = SearchKeys(
            self.search, self.table, apply=self.apply_filter, select_row=self.select_row
        )
        QWidget.setTabOrder(self.type_filter, self.status_filter)
        QWidget.setTabOrder(self.status_filter, self.year_filter)
        QWidget.setTabOrder(self.year_filter, self.table)
        return page

    def _build_sessions(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 4, 0, 0)
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
        self.session_doc.currentIndexChanged.connect(lambda _i: self._load_summary())
        doc_caption = QLabel(_("&Dokument:"))
        doc_caption.setBuddy(self.session_doc)
        bar.addWidget(doc_caption)
        bar.addWidget(self.session_doc)
        v.addLayout(bar)

        self.session_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.session_splitter.setChildrenCollapsible(False)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.session_table = named(QTableView(), _("Liste der Sitzungen"))
        self.session_table.setModel(self.sessions)
        self.session_table.setSortingEnabled(True)
        self.session_table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.session_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.session_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.session_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.session_table.setAlternatingRowColors(True)
        self.session_table.setWordWrap(False)
        self.session_table.verticalHeader().setVisible(False)
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
        self.session_splitter.addWidget(left)
        self.summary_preview = PdfPreview(self._ops, _("Vorschau der Sitzungsübersicht"))
        self.session_splitter.addWidget(self.summary_preview)
        self.session_splitter.setStretchFactor(0, 2)
        self.session_splitter.setStretchFactor(1, 3)
        v.addWidget(self.session_splitter, 1)
        return page

    def restore_state(self) -> None:
        self.splitter.setSizes([560, 720])
        self.session_splitter.setSizes([520, 760])

    def save_state(self) -> None:
        pass

    # ------------------------------------------------------------------ settings
    def pdf_settings(self) -> PdfSettings:
        """Town name and logo from the settings (the core's defaults where none is set)."""
        settings = PdfSettings()
        town = getattr(self._settings, "town_name", "")
        if isinstance(town, str) and town.strip():
            settings = replace(settings, town_name=town.strip())
        logo = getattr(self._settings, "logo_path", "")
        if isinstance(logo, str) and logo.strip():
            settings = replace(settings, logo_path=Path(logo.strip()))
        return settings

    # ------------------------------------------------------------------ loading
    def start(self) -> None:
        self._fill_filters()
        self.apply_filter()
        self.reload_sessions()
        if self.model.rowCount() and not self.editor.has_paper:
            self.select_row(0)

    def _fill_filters(self) -> None:
        types = self._ops.read(ps.list_paper_types)
        current = self.type_filter.currentData()
        self.type_filter.blockSignals(True)
        self.type_filter.clear()
        self.type_filter.addItem(_("Alle Arten"), None)
        for code, name in types:
            self.type_filter.addItem(name, code)
        self.type_filter.setCurrentIndex(max(self.type_filter.findData(current), 0))
        self.type_filter.blockSignals(False)
        years = self._ops.read(
            lambda s: sorted({r.paper_date.year for r in ps.list_papers(s)}, reverse=True)
        )
        current = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem(_("Alle Jahre"), None)
        for year in years:
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(self.year_filter.findData(current), 0))
        self.year_filter.blockSignals(False)

    def current_filter(self) -> PaperFilter:
        return PaperFilter(
            status=self.status_filter.currentData(),
            type_code=self.type_filter.currentData(),
            year=self.year_filter.currentData(),
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def reload_sessions(self) -> None:
        self.sessions.refresh()
        years = self.sessions.years()
        current = self.session_year.currentData()
        self.session_year.blockSignals(True)
        self.session_year.clear()
        self.session_year.addItem(_("Alle Jahre"), None)
        for year in years:
            self.session_year.addItem(str(year), year)
        self.session_year.setCurrentIndex(max(self.session_year.findData(current), 0))
        self.session_year.blockSignals(False)
        self.sessions.set_year(self.session_year.currentData())
        self._restore_session_selection()

    def _on_session_year(self, _index: int) -> None:
        self.sessions.set_year(self.session_year.currentData())
        self._restore_session_selection()

    def _on_loaded(self) -> None:
        self._sync_selection()
        self._emit_status()

    def status_text(self) -> str:
        if self.tabs.currentIndex() == 1:
            n = self.sessions.rowCount()
            return _("1 Sitzung") if n == 1 else _("{n} Sitzungen").format(n=n)
        n = self.model.rowCount()
        text = _("1 Vorlage") if n == 1 else _("{n} Vorlagen").format(n=n)
        late = sum(1 for i in range(n) if (r := self.model.paper_row(i)) and r.deadline_state)
        if late:
            text += " · " + _("{n} mit Fristwarnung").format(n=late)
        return text

    def _emit_status(self) -> None:
        self.sig_status_changed.emit(self.status_text())

    def reload(self) -> None:
        self.refresh(Change())

    def refresh(self, change: Change) -> None:
        """Re-read what is shown after `change` (called only when it names WATCHES)."""
        self._fill_filters()
        self.model.refresh()
        self.reload_sessions()
        if self.editor.paper_id is not None:
            self.editor.reload()
            self._sync_selection()
        self._preview_for = None
        self._summary_for = None
        if self.right.currentWidget() is self.preview:
            self.refresh_preview()
        if self.tabs.currentIndex() == 1:
            self._load_summary()
        self._emit_status()

    def _contacts_renamed(self, change: Change) -> None:
        """A contact changed and nothing this area lists: only the open editor re-reads."""
        if change.names(WATCHES):
            return
        if self.editor.paper_id is not None:
            self.editor.reload()

    def _on_tab_changed(self, index: int) -> None:
        if index == 1:
            if self.session_table.selectionModel().currentIndex().isValid():
                self._load_summary()
            elif self.sessions.rowCount():
                self.select_session_row(0)
        self._emit_status()

    def _on_right_tab(self) -> None:
        if self.right.currentWidget() is self.preview:
            self.refresh_preview()

    # ------------------------------------------------------------------ paper selection
    def selected_paper_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.paper_id(index.row())

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _sync_selection(self) -> None:
        self._syncing = True
        try:
            pid = self.editor.paper_id
            row = self.model.row_of(pid) if pid is not None else None
            sm = self.table.selectionModel()
            if row is None:
                sm.clearSelection()
                sm.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            else:
                self.select_row(row)
        finally:
            self._syncing = False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        pid = self.model.paper_id(current.row())
        if pid is None or pid == self.editor.paper_id:
            return
        if not self.confirm_leave():
            QTimer.singleShot(0, self._sync_selection)
            return
        self.editor.open_paper(pid)
        self._preview_for = None
        if self.right.currentWidget() is self.preview:
            self.refresh_preview()

    def open_item(self, paper_id: int) -> bool:
        """Show a paper in the editor (from a session, the dashboard)."""
        self.tabs.setCurrentIndex(0)
        if paper_id != self.editor.paper_id and not self.confirm_leave():
            return False
        if self.model.row_of(paper_id) is None:  # hidden by a filter: show everything
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            for combo in (self.type_filter, self.status_filter, self.year_filter):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.apply_filter()
        if paper_id != self.editor.paper_id and not self.editor.open_paper(paper_id):
            return False
        self._preview_for = None
        self.right.setCurrentWidget(self.editor)
        self._sync_selection()
        return True

    # ------------------------------------------------------------------ paper preview
    def show_preview(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.right.setCurrentWidget(self.preview)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Fill the version box for the shown paper and load the PDF that paper_pdf gives."""
        data = self.editor.loaded
        if data is None or data.id is None:
            self.version_box.blockSignals(True)
            self.version_box.clear()
            self.version_box.blockSignals(False)
            self.version_box.setVisible(False)
            self.version_label.setVisible(False)
            self._preview_for = None
            self.preview.clear(
                _("Die Vorschau zeigt eine Vorlage, sobald sie gespeichert ist.")
                if self.editor.has_paper
                else _("Wählen Sie links eine Vorlage aus.")
            )
            return
        key = (data.id, len(data.versions), data.updated_at, data.status)
        if self._preview_for == key and self.preview.has_pdf():
            self._update_preview_notes()
            return
        self._preview_for = key
        choices = self.preview_choices(data)
        default = (
            data.versions[-1].version
            if data.versions and data.status != PaperStatus.ENTWURF.value
            else CURRENT
        )
        self.version_box.blockSignals(True)
        self.version_box.clear()
        for value, text in choices:
            self.version_box.addItem(text, value)
        self.version_box.setCurrentIndex(max(self.version_box.findData(default), 0))
        self.version_box.blockSignals(False)
        self.version_box.setVisible(len(choices) > 1)
        self.version_label.setVisible(len(choices) > 1)
        self._load_preview()

    @staticmethod
    def preview_choices(data: PaperData) -> list[tuple[int, str]]:
        choices: list[tuple[int, str]] = []
        if (
            data.status == PaperStatus.ENTWURF.value
            or data.changed_since_release
            or not data.versions
        ):
            text = (
                _("Aktueller Stand (Entwurf)")
                if data.status == PaperStatus.ENTWURF.value
                else _("Aktueller Stand (nicht freigegeben)")
            )
            choices.append((CURRENT, text))
        for v in reversed(data.versions):
            choices.append(
                (
                    v.version,
                    _("Fassung {n} vom {day}").format(n=v.version, day=f"{v.released_on:%d.%m.%Y}"),
                )
            )
        return choices

    def _load_preview(self) -> None:
        data = self.editor.loaded
        if data is None or data.id is None:
            return
        pid, settings = data.id, self.pdf_settings()
        choice = self.version_box.currentData()
        latest = data.versions[-1].version if data.versions else None
        released_default = latest is not None and data.status != PaperStatus.ENTWURF.value
        saver: Saver
        if choice in (None, CURRENT):

            def load(s: Session) -> PdfResult:
                return ps.render_draft(s, pid, settings)

            if data.status == PaperStatus.ENTWURF.value:
                saver = lambda s, p: ps.export_paper_pdf(s, pid, p, settings)  # noqa: E731
            else:
                saver = lambda s, p: atomic_write(p, ps.render_draft(s, pid, settings).data)  # noqa: E731
            name = f"{data.reference}-Entwurf.pdf"
        else:
            version = int(choice)

            def load(s: Session) -> PdfResult:
                return ps.paper_pdf(s, pid, settings, version=version)

            if released_default and version == latest:
                saver = lambda s, p: ps.export_paper_pdf(s, pid, p, settings)  # noqa: E731
            else:
                saver = lambda s, p: atomic_write(  # noqa: E731
                    p, ps.paper_pdf(s, pid, settings, version=version).data
                )
            name = (
                f"{data.reference}.pdf" if version == latest else f"{data.reference}-F{version}.pdf"
            )
        try:
            result = self._ops.read(load)
        except ContactdeskError as exc:
            self.preview.clear(exc.message)
            return
        self.preview.set_pdf(
            result.data,
            title=f"{data.type_name} {data.reference}",
            file_name=name,
            saver=saver,
            notes=list(result.warnings),
        )
        self._update_preview_notes(result.warnings)

    def _update_preview_notes(self, warnings: list[str] | None = None) -> None:
        lines = list(warnings or [])
        if self.editor.is_dirty():
            lines.append(
                _("Ungespeicherte Änderungen sind in dieser Vorschau noch nicht enthalten.")
            )
        if lines or warnings is not None:
            self.preview.set_note(lines)

    # ------------------------------------------------------------------ sessions
    def selected_session(self) -> SessionRow | None:
        index = self.session_table.selectionModel().currentIndex()
        return self.sessions.session_row(index.row()) if index.isValid() else None

    def select_session_row(self, row: int) -> None:
        index = self.sessions.index(row, 0)
        self.session_table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.session_table.scrollTo(index)

    def select_session(self, event_id: int) -> bool:
        """Select a session by its event id (showing every year if needed)."""
        row = self.sessions.row_of(event_id)
        if row is None and self.session_year.currentIndex() != 0:
            self.session_year.setCurrentIndex(0)
            row = self.sessions.row_of(event_id)
        if row is None:
            return False
        self.tabs.setCurrentIndex(1)
        self.select_session_row(row)
        return True

    def _restore_session_selection(self) -> None:
        if self._summary_for is not None:
            row = self.sessions.row_of(self._summary_for)
            if row is not None:
                self._syncing = True
                try:
                    self.select_session_row(row)
                finally:
                    self._syncing = False

    def _on_session_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self._load_summary()

    def _load_summary(self) -> None:
        row = self.selected_session()
        self.session_papers.clear()
        if row is None:
            self._summary_for = None
            self.summary_preview.clear(_("Wählen Sie links eine Sitzung aus."))
            return
        if row.series_only:
            self._summary_for = None
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
        same = self._summary_for == event_id and self._summary_kind == kind
        if same and self.summary_preview.has_pdf():
            return
        settings = self.pdf_settings()
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
            self._summary_for = None
            self.summary_preview.clear(exc.message)
            return
        self._summary_for = event_id
        self._summary_kind = kind
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

    def _open_session_paper(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.ItemDataRole.UserRole)
        if pid is not None:
            self.open_item(int(pid))

    # ------------------------------------------------------------------ printing
    def print_current(self) -> bool:
        """Ctrl+P: print the paper (Vorlagen) or the session summary (Sitzungen)."""
        if self.tabs.currentIndex() == 1:
            if not self.summary_preview.has_pdf():
                self._load_summary()
            return self.summary_preview.print_pdf()
        if self.editor.paper_id is None:
            return False
        if not self.editor.confirm_leave():
            return False
        self.right.setCurrentWidget(self.preview)
        self.refresh_preview()
        return self.preview.print_pdf()

    # ------------------------------------------------------------------ Area protocol
    def confirm_leave(self) -> bool:
        return self.editor.confirm_leave()

    def has_unsaved_changes(self) -> bool:
        return self.editor.is_dirty()

    def can_save(self) -> bool:
        return self.editor.has_paper and self.editor.is_editable()

    def new_item(self, kind: str | None = None) -> None:
        """Ctrl+N: an empty paper (kind preselects the type code, e.g. "B")."""
        self.tabs.setCurrentIndex(0)
        if not self.confirm_leave():
            return
        self._syncing = True
        try:
            self.table.selectionModel().clearSelection()
        finally:
            self._syncing = False
        self.right.setCurrentWidget(self.editor)
        self.editor.new_paper(kind)

    def save(self) -> bool:
        return self.editor.save() if self.editor.has_paper else False

    def discard(self) -> None:
        self.editor.discard()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def delete_current(self) -> bool:
        """Delete the selected paper after a German confirmation; undoable. Its number stays."""
        if self.tabs.currentIndex() != 0:
            return False
        pid = self.selected_paper_id() or self.editor.paper_id
        if pid is None:
            return False
        data = self._ops.read(lambda s: ps.get_paper(s, pid))
        if not prompts.confirm(
            self,
            _("Vorlage löschen"),
            _("Möchten Sie die Vorlage {ref} „{subject}“ löschen?").format(
                ref=data.reference, subject=data.subject
            ),
            _("Löschen"),
            _(
                "Die Nummer {ref} wird nicht wieder vergeben. Sie können das Löschen mit "
                "Bearbeiten › Rückgängig (Strg+Z) zurücknehmen."
            ).format(ref=data.reference),
        ):
            return False
        row = self.model.row_of(pid)
        if self.editor.paper_id == pid:
            self.editor.clear()
        result = self._ops.run(
            lambda s: ps.delete_paper(s, pid),
            command=lambda d: deleted_paper(pid, d.reference),
            message=lambda d: _("Vorlage {ref} gelöscht. Rückgängig mit Strg+Z.").format(
                ref=d.reference
            ),
            kinds=PAPER_KINDS,
        )
        if result.ok and row is not None and self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))
        return result.ok

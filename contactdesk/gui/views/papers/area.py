"""SessionsView: the "Sitzungen" area — the Vorlagen tab (the register of committee papers,
the paper editor and its PDF preview, on MasterDetailArea) and the Sitzungen tab
(papers/sessions_tab.py); printing and the Area protocol."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QTabWidget,
    QWidget,
)

from contactdesk.core.changes import PAPER_KINDS, Kind
from contactdesk.core.formats.pdf import PdfSettings
from contactdesk.core.i18n import N_, _
from contactdesk.core.models import PaperStatus
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperFilter
from contactdesk.core.undo_papers import deleted_paper
from contactdesk.gui import prompts
from contactdesk.gui.models.papers import PaperTableModel
from contactdesk.gui.ops import Change, OpResult
from contactdesk.gui.views.base import master_detail as md
from contactdesk.gui.views.paper_editor import PaperEditor
from contactdesk.gui.views.papers.paper_preview import PaperPreview
from contactdesk.gui.views.papers.sessions_tab import SessionsTab
from contactdesk.gui.views.widgets import named

#: the kinds of record this area shows, it refreshes when a Change names one:
#: the register, sessions and editor
WATCHES = frozenset({Kind.PAPERS, Kind.SESSIONS, Kind.EVENTS, Kind.SETTINGS})

PAPER_COLUMN_WIDTHS = [88, 125, 240, 120, 110, 220, 130]
SEARCH_DELAY_MS = 200


class SessionsView(md.MasterDetailArea[int]):
    """Papers and sessions; implements gui/area.py's Area protocol."""

    key = "sessions"
    title = N_("Sitzungen")
    watches = WATCHES
    pane_sizes = (560, 720)
    keeps_panes = False
    editor: PaperEditor

    def setup(self) -> None:
        self.model = PaperTableModel(self._ops, parent=self)
        self.key_at, self.row_of_key = self.model.id_at, self.model.row_of
        self._build()
        # a contact renamed: only the editor re-reads (linked contacts' names in the editor)
        self._ops.subscribe({Kind.CONTACTS, Kind.ORGANISATIONS}, self._contacts_renamed)
        self.model.sig_loaded.connect(self._on_loaded)
        self.sessions.sig_loaded.connect(self.emit_status)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.tabs = md.tab_column(self, _("Vorlagen und Sitzungen"))
        self.tabs.addTab(self._build_papers(), _("&Vorlagen"))
        self.session_tab = SessionsTab(self._ops, self.pdf_settings)
        self.session_tab.sig_paper_requested.connect(self.open_item)
        # the tab's parts by the names the area has always had
        self.sessions = self.session_tab.sessions
        self.session_table = self.session_tab.session_table
        self.session_papers = self.session_tab.session_papers
        self.session_doc = self.session_tab.session_doc
        self.session_year = self.session_tab.session_year
        self.session_splitter = self.session_tab.session_splitter
        self.summary_preview = self.session_tab.summary_preview
        self.tabs.addTab(self.session_tab, _("S&itzungen"))
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.print_action = QAction(_("Drucken …"), self)
        self.print_action.setObjectName("action_print_paper")
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.print_action.triggered.connect(self.print_current)
        self.addAction(self.print_action)

    def _build_papers(self) -> QWidget:
        page = QWidget()
        v = md.column(page, top=4)
        bar = QHBoxLayout()
        self.search = md.search_field(
            _("Vorlagen durchsuchen"), _("Suchen: Nummer oder Gegenstand …"), 120
        )
        self._search_timer = md.delay_timer(self, SEARCH_DELAY_MS, self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        bar.addWidget(self.search, 3)
        self.type_filter = named(QComboBox(), _("Vorlagenart filtern"))
        self.status_filter = named(QComboBox(), _("Status filtern"))
        self.status_filter.addItem(_("Alle Status"), None)
        for status in PaperStatus:
            self.status_filter.addItem(_(ps.STATUS_LABELS[status]), status.value)
        self.year_filter = named(QComboBox(), _("Jahr filtern"))
        filters = (self.type_filter, self.status_filter, self.year_filter)
        md.add_filters(bar, ((combo, None) for combo in filters))
        for combo in filters:
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        v.addLayout(bar)

        self.table, self.fit_columns = md.record_table(
            _("Liste der Vorlagen"),
            self.model,
            PAPER_COLUMN_WIDTHS,
            keep=(0, 2),  # number and subject
            sort=(0, Qt.SortOrder.DescendingOrder),
        )
        self.bind_delete(self.table)
        self.follow_list()

        self.right = QTabWidget()
        self.right.setAccessibleName(_("Vorlage und Vorschau"))
        self.editor = PaperEditor(self._ops, settings=self._settings)
        self.editor.setMinimumWidth(380)
        self.follow_editor(self.editor.sig_saved, self.editor.sig_dirty_changed)
        self.shown_key, self.open_key = lambda: self.editor.paper_id, self.editor.open_paper
        self.has_record = lambda: self.editor.has_paper
        self.editor.sig_preview_requested.connect(self.show_preview)
        self.right.addTab(self.editor, _("Vorlage &bearbeiten"))
        self.preview = PaperPreview(self._ops, self.pdf_settings, self.editor.is_dirty)
        self.version_box = self.preview.version_box
        self.right.addTab(self.preview, _("&PDF-Vorschau"))
        self.right.currentChanged.connect(lambda _i: self._on_right_tab())
        self.splitter = md.side_by_side(self.table, self.right, (3, 4))
        v.addWidget(self.splitter, 1)

        md.tab_chain(
            self.search, self.type_filter, self.status_filter, self.year_filter, self.table
        )
        self.follow_search(self.apply_filter)
        return page

    def restore_state(self) -> None:
        """The panes at their first sizes (this area keeps no window state)."""
        super().restore_state()
        self.session_splitter.setSizes([520, 760])

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
        md.refill_combo(self.type_filter, _("Alle Arten"), ((name, code) for code, name in types))
        years = self._ops.read(
            lambda s: sorted({r.paper_date.year for r in ps.list_papers(s)}, reverse=True)
        )
        md.refill_combo(self.year_filter, _("Alle Jahre"), ((str(y), y) for y in years))

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
        self.session_tab.reload_sessions()

    def _on_loaded(self) -> None:
        self.sync_selection()
        self.emit_status()

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

    def refresh(self, change: Change) -> None:
        """Re-read what is shown after `change` (called only when it names WATCHES)."""
        self._fill_filters()
        self.model.refresh()
        self.reload_sessions()
        if self.editor.paper_id is not None:
            self.editor.reload()
            self.sync_selection()
        self.preview.forget()
        self.session_tab.forget()
        if self.right.currentWidget() is self.preview:
            self.refresh_preview()
        if self.tabs.currentIndex() == 1:
            self.session_tab.load_summary()
        self.emit_status()

    def _contacts_renamed(self, change: Change) -> None:
        """A contact changed and nothing this area lists: only the open editor re-reads."""
        if change.names(WATCHES):
            return
        if self.editor.paper_id is not None:
            self.editor.reload()

    def _on_tab_changed(self, index: int) -> None:
        if index == 1:
            self.session_tab.shown()
        self.emit_status()

    def _on_right_tab(self) -> None:
        if self.right.currentWidget() is self.preview:
            self.refresh_preview()

    # ------------------------------------------------------------------ MasterDetailArea
    def show_list(self) -> None:
        self.tabs.setCurrentIndex(0)

    def opened(self, key: int) -> None:
        self.preview.forget()
        if self.right.currentWidget() is self.preview:
            self.refresh_preview()

    def selected_paper_id(self) -> int | None:
        return self.selected_key()

    def open_item(self, paper_id: int) -> bool:
        """Show a paper in the editor (from a session, the dashboard)."""
        if not self.open_record(paper_id):
            return False
        self.preview.forget()
        self.right.setCurrentWidget(self.editor)
        return True

    def show_everything(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        md.reset_filters((self.type_filter, self.status_filter, self.year_filter))
        self.apply_filter()

    # ------------------------------------------------------------------ paper preview
    def show_preview(self) -> None:
        self.show_list()
        self.right.setCurrentWidget(self.preview)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Show the editor's paper in the preview tab."""
        self.preview.show_paper(self.editor.loaded, has_paper=self.editor.has_paper)

    # ------------------------------------------------------------------ sessions
    def select_session(self, event_id: int) -> bool:
        """Select a session by its event id (showing every year if needed)."""
        row = self.session_tab.row_of_session(event_id)
        if row is None:
            return False
        self.tabs.setCurrentIndex(1)
        self.session_tab.select_session_row(row)
        return True

    # ------------------------------------------------------------------ printing
    def print_current(self) -> bool:
        """Ctrl+P: print the paper (Vorlagen) or the session summary (Sitzungen)."""
        if self.tabs.currentIndex() == 1:
            return self.session_tab.print_summary()
        if self.editor.paper_id is None:
            return False
        if not self.editor.confirm_leave():
            return False
        self.right.setCurrentWidget(self.preview)
        self.refresh_preview()
        return self.preview.print_pdf()

    # ------------------------------------------------------------------ commands
    def can_save(self) -> bool:
        return self.editor.has_paper and self.editor.is_editable() and self.editor.can_save()

    def new_item(self, kind: str | None = None) -> None:
        """Ctrl+N: an empty paper (kind preselects the type code, e.g. "B")."""
        if not self.begin_new():
            return
        self.right.setCurrentWidget(self.editor)
        self.editor.new_paper(kind)

    def delete_current(self) -> bool:
        """Delete the selected paper after a German confirmation; undoable. Its number stays."""
        return self.tabs.currentIndex() == 0 and super().delete_current()

    def ask_delete(self, key: int) -> bool:
        data = self._ops.read(lambda s: ps.get_paper(s, key))
        return prompts.confirm(
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
        )

    def run_delete(self, key: int) -> OpResult[Any]:
        return self._ops.run(
            lambda s: ps.delete_paper(s, key),
            command=lambda d: deleted_paper(key, d.reference),
            message=lambda d: _("Vorlage {ref} gelöscht. Rückgängig mit Strg+Z.").format(
                ref=d.reference
            ),
            kinds=PAPER_KINDS,
        )

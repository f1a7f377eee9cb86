"""MainWindow: navigation between the areas, menus, tool bar and status bar.

Every area is a widget that implements gui/area.py's `Area` protocol. The window-wide actions
(New, Save, Discard, Delete, Find, Refresh, Undo/Redo) are routed to the area that is shown;
switching areas, undo/redo and closing first ask the area about unsaved edits (confirm_leave).
Areas are registered in `area_specs()` as (key, title, factory).

The window is built in two steps so that gui/app.py can show it before the database, SQLAlchemy
and the areas are loaded: `MainWindow(None, settings)` is the frame (title, geometry, menu
titles, navigation, a page saying that the database is being opened, status bar) and needs
nothing but Qt and light modules; `attach(db)` then builds the actions, tool bar, menus and
areas and loads the first area. `MainWindow(db, settings)` does both at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.changes import Kind
from contactdesk.core.enums import ContactKind
from contactdesk.core.i18n import N_, _
from contactdesk.gui.area import Area, AreaDirectory
from contactdesk.gui.settings import Settings

# The frame must appear quickly: this module imports neither SQLAlchemy, the services and the
# area views (a test checks it) nor gui.actions and the `Qt` namespace (building their Python
# enums costs more than a bare window's whole start). The methods of the second step import
# what they need.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent

    from contactdesk.core.db import Database
    from contactdesk.gui.actions import ActionId
    from contactdesk.gui.datasafety import DataSafety
    from contactdesk.gui.exchange import Exchange
    from contactdesk.gui.ops import Change, Ops
    from contactdesk.gui.privacy import PrivacyMenu
    from contactdesk.gui.views.agreements import AgreementsView
    from contactdesk.gui.views.contacts import ContactsView

# ------------------------------------------------------------------------------------------------
# Areas built in parallel by other engineers. Until their module exists, the navigation shows a
# "(folgt)" page. Switch one on with a one-line change: set its flag to True. The import happens
# only then, inside the factory below (`_dashboard` / `_schedule`).
#   Übersicht: contactdesk/gui/views/dashboard.py -> DashboardView(ops, actions, settings)
#   Termine:   contactdesk/gui/views/schedule.py  -> ScheduleView(ops, actions, settings)
DASHBOARD_READY = True
SCHEDULE_READY = True
# ------------------------------------------------------------------------------------------------

log = logging.getLogger(__name__)

AreaFactory = Callable[["MainWindow"], QWidget]


@dataclass(frozen=True)
class AreaSpec:
    """One entry of the navigation."""

    key: str
    title: str
    #: builds the area widget; None: the area is planned and shown as "(folgt)"
    factory: AreaFactory | None
    #: what Ctrl+N creates here (tool bar text); "" when the area creates nothing
    new_text: str = ""
    #: what the "(folgt)" page announces
    planned: str = ""


def _dashboard(window: MainWindow) -> QWidget:
    from contactdesk.gui.views.dashboard import DashboardView

    return cast(QWidget, DashboardView(window.ops, window.actions, window.settings))


def _schedule(window: MainWindow) -> QWidget:
    from contactdesk.gui.views.schedule import ScheduleView

    return cast(QWidget, ScheduleView(window.ops, window.actions, window.settings))


def _contacts(window: MainWindow) -> QWidget:
    from contactdesk.gui.views.contacts import ContactsView

    return ContactsView(
        window.ops, window.actions, window.settings, show_welcome=window.show_welcome
    )


def _agreements(window: MainWindow) -> QWidget:
    from contactdesk.gui.views.agreements import AgreementsView

    return AgreementsView(window.ops, window.actions, window.settings)


def _sessions(window: MainWindow) -> QWidget:
    from contactdesk.gui.views.papers import SessionsView

    return SessionsView(window.ops, window.actions, window.settings)


def area_specs() -> list[AreaSpec]:
    """The navigation, in order. Übersicht is the start page once it exists."""
    return [
        AreaSpec(
            "dashboard",
            N_("Übersicht"),
            _dashboard if DASHBOARD_READY else None,
            planned=N_("Die nächsten Termine, offene Rückmeldungen und Fristen auf einen Blick."),
        ),
        AreaSpec("contacts", N_("Kontakte"), _contacts, new_text=N_("Neue Person")),
        AreaSpec("agreements", N_("Vereinbarungen"), _agreements, new_text=N_("Neue Vereinbarung")),
        AreaSpec(
            "events",
            N_("Termine"),
            _schedule if SCHEDULE_READY else None,
            new_text=N_("Neuer Termin"),
            planned=N_(
                "Workshops, Präsenzveranstaltungen und Netzwerktreffen mit Teilnehmenden, "
                "Einladung und Zusage/Absage."
            ),
        ),
        AreaSpec(
            "sessions",
            N_("Sitzungen"),
            _sessions,
            new_text=N_("Neue Vorlage"),
            planned=N_(
                "Gremien (Haupt- und Finanzausschuss, Stadtrat), Vorlagen und Beratungsfolge."
            ),
        ),
    ]


class InertArea:
    """The area protocol of a page with nothing to load, save, reload or keep (a planned area,
    or one not built yet): the window's actions find nothing to do there."""

    def start(self) -> None:
        pass

    def new_item(self, kind: str | None = None) -> None:
        pass

    def save(self) -> None:
        pass

    def delete_current(self) -> None:
        pass

    def focus_search(self) -> None:
        pass

    def reload(self) -> None:
        pass

    def confirm_leave(self) -> bool:
        return True

    def has_unsaved_changes(self) -> bool:
        return False

    def can_save(self) -> bool:
        return False

    def restore_state(self) -> None:
        pass

    def save_state(self) -> None:
        pass


class PlannedArea(InertArea, QLabel):
    """A clearly marked page for an area that follows in a later version; does nothing."""

    def __init__(self, key: str, title: str, planned: str) -> None:
        from PySide6.QtCore import Qt

        super().__init__(
            "<h2>{title}</h2><p>{hint}</p><p>{planned_label} {planned}</p>".format(
                title=title,
                hint=_(
                    "Dieser Bereich ist noch nicht verfügbar. Er folgt in einer späteren Version."
                ),
                planned_label=_("Geplant:"),
                planned=planned,
            )
        )
        self.key = key
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setMargin(24)
        self.setAccessibleName(_("{area}: noch nicht verfügbar").format(area=title))


class PendingArea(InertArea, QWidget):
    """The page of an area that is built when first shown (MainWindow.area): until then it has
    nothing to load, save, reload or keep, so the window's actions find nothing to do here."""

    #: AreaDirectory.get() answers None for it (not built yet)
    pending = True

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class OpeningPage(QLabel):
    """The frame's page while the database is being opened; tells when it was first painted
    (gui/app.py then opens the database)."""

    sig_painted = Signal()

    def __init__(self) -> None:
        text = _("Datenbank wird geöffnet …")
        super().__init__(f'<h3 align="center">{text}</h3>')
        self.setObjectName("opening_page")
        self.setAccessibleName(text)
        self.setWordWrap(True)  # the paragraph spans the page: centred (vertically by default)
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.sig_painted.emit()


class MainWindow(QMainWindow):
    """The one main window; owns the Ops runner and the undo history."""

    #: the database is attached and the first area shows its data
    sig_ready = Signal()
    #: (key, area): an area was built (the first area in `attach`, the others when first
    #: shown or asked for); for whoever adds to areas, e.g. the export context menus
    sig_area_built = Signal(str, QObject)

    #: the window's actions by id (views, menus and tests look them up here)
    actions: dict[ActionId, QAction]  # type: ignore[assignment]  # hides QWidget.actions(), a list nobody here calls

    def __init__(
        self,
        db: Database | None,
        settings: Settings,
        *,
        show_welcome: bool = True,
        start_area: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """The frame; with a database also everything else (see `attach`)."""
        super().__init__(parent)
        self.setWindowTitle("contactdesk")
        self.setObjectName("MainWindow")
        self.settings = settings
        self.show_welcome = show_welcome
        self.start_area = start_area
        #: True once `attach` has run: areas, menus and the first area's data are there
        self.ready = False
        self.log_path: object = None  # set by gui/app.py: the rotating log file
        self.database_lock: object = None  # set by gui/app.py: core.backup.DatabaseLock
        self.specs = area_specs()
        self.areas: list[Area] = []
        self._status_texts: dict[str, str] = {}
        self._current = 0
        self._switching = False
        self._started = False
        self._loaded: set[str] = set()
        self._build_frame()
        self._restore_window()
        if db is not None:
            self.attach(db)

    def attach(self, db: Database) -> None:
        """The second step: the database, the areas, menus and connections; loads the first
        area (only that one: the others load when first shown) and emits sig_ready."""
        from contactdesk.core.undo import UndoStack
        from contactdesk.gui.actions import create_actions
        from contactdesk.gui.datasafety import DataSafety
        from contactdesk.gui.exchange import Exchange
        from contactdesk.gui.ops import Ops
        from contactdesk.gui.privacy import PrivacyMenu
        from contactdesk.gui.undo_keys import FieldUndoFirst

        assert not self.ready, "the database is attached once"
        self.db = db
        self.actions = create_actions(self)
        self._field_undo = FieldUndoFirst(self)
        if (app := QApplication.instance()) is not None:
            app.installEventFilter(self._field_undo)
        self.ops: Ops = Ops(db, UndoStack(db), self)
        from contactdesk.gui.team_watch import ChangeWatcher

        #: refreshes the window when others save (team mode) or the command line writes
        self.change_watcher = ChangeWatcher(self.ops, self)
        self.ops.error_parent = self
        #: the areas, for the helpers below (the same list, filled after them)
        self.directory = AreaDirectory(lambda: self.current_spec().key)
        self.directory.areas = self.areas
        self.directory.titles = {spec.key: _(spec.title) for spec in self.specs}
        #: backup, restore, settings, help, crash recovery (gui/datasafety.py)
        self.data_safety: DataSafety = DataSafety(
            self.ops,
            self,
            self.directory,
            self.settings,
            self._show_status,
            lock=lambda: self.database_lock,
            log_path=lambda: self.log_path,
        )
        #: import, export, dropping files (gui/exchange.py)
        self.exchange: Exchange = Exchange(
            self.ops, self, self.directory, self.settings, self._show_status
        )
        #: duplicates, merge, Auskunft, erasure, retention review (gui/privacy.py)
        self.privacy: PrivacyMenu = PrivacyMenu(self)
        # Only the first area is built now; the others when first shown or asked for
        # (area(key)): each costs a tenth of a second or more of the start.
        start_key = self._start_key(self.start_area)
        for spec in self.specs:
            widget: QWidget
            if spec.factory is None:
                widget = PlannedArea(spec.key, _(spec.title), _(spec.planned))
            elif spec.key == start_key:
                widget = spec.factory(self)
            else:
                widget = PendingArea(spec.key)
            assert isinstance(widget, Area), f"{spec.key}: the area protocol is not implemented"
            self.areas.append(widget)
        for area in self.areas:
            if not isinstance(area, PendingArea):
                self.exchange.install_area_menus(area.key, area)
        self.sig_area_built.connect(self.exchange.install_area_menus)
        self._build()
        self._connect()
        if (state := self.settings.window_state) is not None:
            self.restoreState(state)  # the tool bar's place
        for area in self.areas:
            area.restore_state()
        self.menuBar().setEnabled(True)
        self.show_area(start_key)
        self._ensure_loaded(self.current_area())
        self._started = True
        self.refresh_counts()
        self._update_undo_actions()
        self._update_edit_actions()
        self.ready = True
        self.sig_ready.emit()

    # ------------------------------------------------------------------ areas
    def _show_status(self, text: str, timeout: int = 10000) -> None:
        self.statusBar().showMessage(text, timeout)

    def area(self, key: str) -> Area:
        """The area of `key`, built now if it was not yet (see PendingArea)."""
        for i, area in enumerate(self.areas):
            if area.key == key:
                return self._build_area(i) if isinstance(area, PendingArea) else area
        raise KeyError(key)

    def built_area(self, key: str) -> Area | None:
        """The area of `key` if it is built, else None (without building it)."""
        for area in self.areas:
            if area.key == key:
                return None if isinstance(area, PendingArea) else area
        return None

    def current_area(self) -> Area:
        return self.area(self.specs[self._current].key)

    @property
    def contacts(self) -> ContactsView:
        return cast("ContactsView", self.area("contacts"))

    @property
    def agreements(self) -> AgreementsView:
        return cast("AgreementsView", self.area("agreements"))

    def _build_area(self, index: int) -> Area:
        """Replace the pending page of an area by the area itself (restored and connected)."""
        spec, pending = self.specs[index], self.areas[index]
        assert spec.factory is not None and isinstance(pending, PendingArea)
        widget = spec.factory(self)
        assert isinstance(widget, Area), f"{spec.key}: the area protocol is not implemented"
        # After a change the areas update themselves first, then the window its actions (Save
        # follows the editor's new state): the window's handler stays the last one connected.
        self.ops.sig_changed.disconnect(self._on_changed)
        self.ops.sig_changed.connect(self._on_changed)
        self.areas[index] = widget
        self.pages.insertWidget(index, widget)
        self.pages.removeWidget(pending)
        pending.deleteLater()
        self.pages.setCurrentIndex(self._current)
        widget.restore_state()
        self._wire(spec, widget)
        self._fit_pages()
        self.sig_area_built.emit(spec.key, widget)
        return widget

    def current_spec(self) -> AreaSpec:
        return self.specs[self._current]

    def _index(self, key: str) -> int:
        return next(i for i, spec in enumerate(self.specs) if spec.key == key)

    def _available(self, key: str) -> bool:
        return any(s.key == key and s.factory is not None for s in self.specs)

    def _start_key(self, wanted: str | None) -> str:
        if wanted and self._available(wanted):
            return wanted
        from contactdesk.core.services import contacts as cs

        # An empty register starts where one can begin: the Kontakte page with its welcome.
        if self._available("dashboard") and self.ops.read(cs.count_contacts) > 0:
            return "dashboard"
        return "contacts"

    def show_area(self, key: str) -> bool:
        """Show an area (asking the current one about unsaved edits); True when it is shown."""
        self.nav.setCurrentRow(self._index(key))
        return self.current_spec().key == key

    def open_in_area(self, key: str, item_id: int) -> None:
        """Show an area and open one of its items (areas may offer `open_item(id)`)."""
        if self.show_area(key):
            opener = getattr(self.current_area(), "open_item", None)
            if callable(opener):
                opener(item_id)

    # ------------------------------------------------------------------ building
    def _build_frame(self) -> None:
        """What the window shows before its database is open: the menu titles (disabled),
        the navigation with the area titles, a page saying that the database is being opened,
        the status bar. The tool bar, the menus' entries and the areas follow in `attach`."""
        self.file_menu = self.menuBar().addMenu(_("&Datei"))
        self.edit_menu = self.menuBar().addMenu(_("&Bearbeiten"))
        self.view_menu = self.menuBar().addMenu(_("&Ansicht"))
        self.help_menu = self.menuBar().addMenu(_("&Hilfe"))
        self.menuBar().setEnabled(False)

        from contactdesk.gui import theme

        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Bereiche"))
        theme.set_style(self.nav, theme.SIDEBAR_STYLE)  # the icons and counts follow in attach
        self.nav.setMaximumWidth(220)
        self.nav.setMinimumWidth(150)
        for i, spec in enumerate(self.specs):
            available = spec.factory is not None
            item = QListWidgetItem(
                _(spec.title) if available else _("{area} (folgt)").format(area=_(spec.title))
            )
            item.setToolTip(
                _("{area} (Strg+{n})").format(area=_(spec.title), n=i + 1)
                if available
                else _("Noch nicht verfügbar")
            )
            if not available:
                item.setForeground(self.palette().placeholderText())
            self.nav.addItem(item)
        self.pages = QStackedWidget()
        self.opening_page = OpeningPage()
        self.pages.addWidget(self.opening_page)

        # every area sits in the same frame: one margin around all of them (gui/theme.py)
        page_frame = QWidget()
        frame_layout = QVBoxLayout(page_frame)
        frame_layout.setContentsMargins(theme.SMALL, theme.SMALL, 0, 0)
        frame_layout.addWidget(self.pages)
        splitter = QSplitter()  # horizontal
        splitter.addWidget(self.nav)
        splitter.addWidget(page_frame)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([160, 1200])
        self.setCentralWidget(splitter)

        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Anzahl der Einträge"))
        self.statusBar().addPermanentWidget(self.count_label)
        self.network_label = QLabel()
        self.network_label.setAccessibleName(_("Hinweis Netzlaufwerk"))
        self.network_label.setVisible(False)
        self.statusBar().addPermanentWidget(self.network_label)

    def _build_toolbar(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction

        from contactdesk.gui.actions import ActionId

        a = self.actions
        toolbar = QToolBar(_("Werkzeugleiste"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setAccessibleName(_("Werkzeugleiste"))
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(a[ActionId.NEW])
        # "Neue Organisation" belongs to the Kontakte area: a tool-bar copy that is hidden elsewhere
        org = a[ActionId.NEW_ORGANISATION]
        self._tool_new_org = QAction(org.icon(), org.text(), self)
        self._tool_new_org.setToolTip(org.toolTip())
        self._tool_new_org.triggered.connect(org.trigger)
        toolbar.addAction(self._tool_new_org)
        toolbar.addSeparator()
        for action_id in (ActionId.SAVE, ActionId.DELETE):
            toolbar.addAction(a[action_id])
        toolbar.addSeparator()
        for action_id in (ActionId.UNDO, ActionId.REDO):
            toolbar.addAction(a[action_id])
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def _build(self) -> None:
        """The tool bar, the menus' entries, the area pages and the window-wide shortcuts (in
        `attach`)."""
        from PySide6.QtCore import Qt

        from contactdesk.gui.actions import ActionId

        self._build_toolbar()
        a = self.actions
        file_menu = self.file_menu
        file_menu.addAction(a[ActionId.NEW])
        new_menu = file_menu.addMenu(_("Ne&u in …"))
        new_menu.addAction(a[ActionId.NEW_PERSON])
        new_menu.addAction(a[ActionId.NEW_ORGANISATION])
        self._new_in: dict[str, QAction] = {}
        for spec in self.specs:
            if spec.key != "contacts" and spec.factory is not None and spec.new_text:
                action = new_menu.addAction(_(spec.new_text))
                action.setObjectName(f"action_new_in_{spec.key}")
                action.triggered.connect(lambda _c=False, key=spec.key: self._new_in_area(key))
                self._new_in[spec.key] = action
        file_menu.addAction(a[ActionId.SAVE])
        file_menu.addSeparator()
        self.exchange.install(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.LOAD_DEMO])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.BACKUP])
        file_menu.addAction(a[ActionId.RESTORE])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.SETTINGS])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.QUIT])

        edit_menu = self.edit_menu
        edit_menu.addAction(a[ActionId.UNDO])
        edit_menu.addAction(a[ActionId.REDO])
        edit_menu.addSeparator()
        edit_menu.addAction(a[ActionId.DELETE])
        edit_menu.addAction(a[ActionId.DISCARD])
        edit_menu.addSeparator()
        edit_menu.addAction(a[ActionId.FIND])

        view_menu = self.view_menu
        view_menu.addAction(a[ActionId.REFRESH])
        view_menu.addSeparator()
        self._go_actions: list[QAction] = []
        for i, spec in enumerate(self.specs):
            go = view_menu.addAction(_(spec.title))
            go.setObjectName(f"action_go_{spec.key}")
            go.setShortcut(f"Ctrl+{i + 1}")
            go.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            go.triggered.connect(lambda _c=False, key=spec.key: self.show_area(key))
            self._go_actions.append(go)

        self.privacy.install(self.menuBar(), before=self.help_menu)  # Kontakte (gui/privacy.py)

        help_menu = self.help_menu
        help_menu.addAction(a[ActionId.GUIDE])
        help_menu.addSeparator()
        help_menu.addAction(a[ActionId.ABOUT])

        # Shortcuts work window-wide; Delete only in an area's list (each area adds it there).
        self.addActions([act for key, act in a.items() if key is not ActionId.DELETE])
        self.addActions(self._go_actions)

        self.pages.removeWidget(self.opening_page)
        self.opening_page.deleteLater()
        for i, (spec, area) in enumerate(zip(self.specs, self.areas, strict=True)):
            self.nav.item(i).setData(Qt.ItemDataRole.UserRole, spec.key)
            self.pages.addWidget(cast(QWidget, area))
        from contactdesk.gui import sidebar

        sidebar.install(self.nav, [spec.key for spec in self.specs])  # icons and counts
        self.nav.setCurrentRow(0)
        self.pages.setCurrentIndex(0)
        self.nav.currentRowChanged.connect(self._on_nav_changed)
        self._fit_pages()

    def _connect(self) -> None:
        from contactdesk.gui.actions import ActionId

        a = self.actions
        a[ActionId.NEW].triggered.connect(self._new)
        a[ActionId.NEW_PERSON].triggered.connect(
            lambda: self._new_in_area("contacts", ContactKind.PERSON.value)
        )
        a[ActionId.NEW_ORGANISATION].triggered.connect(
            lambda: self._new_in_area("contacts", ContactKind.ORGANISATION.value)
        )
        a[ActionId.LOAD_DEMO].triggered.connect(self.load_demo)
        a[ActionId.QUIT].triggered.connect(self.close)
        a[ActionId.UNDO].triggered.connect(self.undo)
        a[ActionId.REDO].triggered.connect(self.redo)
        a[ActionId.DELETE].triggered.connect(lambda: self.current_area().delete_current())
        a[ActionId.FIND].triggered.connect(lambda: self.current_area().focus_search())
        a[ActionId.SAVE].triggered.connect(lambda: self.current_area().save())
        a[ActionId.DISCARD].triggered.connect(self._discard)
        a[ActionId.REFRESH].triggered.connect(self._refresh)
        a[ActionId.ABOUT].triggered.connect(self.about)
        a[ActionId.BACKUP].triggered.connect(lambda: self.data_safety.create_backup())
        a[ActionId.RESTORE].triggered.connect(lambda: self.data_safety.restore())
        a[ActionId.SETTINGS].triggered.connect(self.data_safety.open_settings)
        a[ActionId.GUIDE].triggered.connect(lambda: self.data_safety.show_help(about=False))
        self.ops.sig_changed.connect(self._on_changed)
        # the sidebar's counts: events, answers, deadlines of agreements and papers
        self.ops.subscribe(
            (Kind.EVENTS, Kind.PARTICIPANTS, Kind.AGREEMENTS, Kind.PAPERS, Kind.SESSIONS),
            self.refresh_counts,
        )
        for spec, area in zip(self.specs, self.areas, strict=True):
            if not isinstance(area, PendingArea):
                self._wire(spec, area)

    def _wire(self, spec: AreaSpec, area: Area) -> None:
        """Connect an area's signals to the window (when the area is built)."""
        status = getattr(area, "sig_status_changed", None)
        if status is not None:
            status.connect(lambda text, key=spec.key: self._set_status_text(key, text))
        dirty = getattr(area, "sig_dirty_changed", None)
        if dirty is not None:
            dirty.connect(self._update_edit_actions)
        opener = getattr(area, "sig_open_requested", None)
        if opener is not None:  # (area key, item id): e.g. the dashboard opens an agreement
            opener.connect(self.open_in_area)
        if spec.key == "contacts":
            editor = cast("ContactsView", area).editor
            editor.sig_dirty_changed.connect(self._update_edit_actions)
            editor.sig_agreement_requested.connect(
                lambda agreement_id: self.open_in_area("agreements", agreement_id)
            )

    def _restore_window(self) -> None:
        """The geometry of the last session (the tool bar and the areas restore theirs in
        `attach`)."""
        if (geometry := self.settings.window_geometry) is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)

    # ------------------------------------------------------------------ navigation
    def _on_nav_changed(self, row: int) -> None:
        if self._switching or row == self._current or row < 0:
            return
        if not self.areas[self._current].confirm_leave():  # (not built: nothing to leave)
            self._switching = True
            try:
                self.nav.setCurrentRow(self._current)
            finally:
                self._switching = False
            return
        self._current = row
        self.pages.setCurrentIndex(row)
        self._fit_pages()
        if self._ensure_loaded(self.current_area()):
            pass
        elif self._started:  # show what others (another window, the command line) changed
            self.current_area().reload()
        self.settings.last_area = self.current_spec().key
        self.count_label.setText(self._status_texts.get(self.current_spec().key, ""))
        self._update_edit_actions()

    def refresh_counts(self, *_args: object) -> None:
        """The counts beside the areas: one core call (core/services/dashboard.nav_counts)
        after every change; the accessible name says them ("Termine, 3 offene Antworten")."""
        from PySide6.QtCore import Qt

        from contactdesk.core.dberrors import storage_error_types
        from contactdesk.core.errors import ContactdeskError
        from contactdesk.core.services.dashboard import nav_counts
        from contactdesk.gui.sidebar import COUNTS, CountRole, count_words

        expected: tuple[type[BaseException], ...] = (
            ContactdeskError,
            OSError,
            *storage_error_types(),
        )
        try:
            counts = self.ops.read(lambda s: nav_counts(s))
        except expected as exc:
            # the database is locked or gone: keep the old counts, the areas report the error
            log.warning("navigation counts not read: %s", type(exc).__name__)
            return
        for row, spec in enumerate(self.specs):
            item = self.nav.item(row)
            n = int(getattr(counts, COUNTS[spec.key][0])) if spec.key in COUNTS else 0
            words = count_words(spec.key, n)
            title = _(spec.title)
            item.setData(CountRole, n)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{title}, {words}" if words else title
            )
            shortcut = _("{area} (Strg+{n})").format(area=title, n=row + 1)
            item.setToolTip(f"{shortcut}\n{words}" if words else shortcut)

    def _ensure_loaded(self, area: Area) -> bool:
        """Start an area the first time it is shown (keeps the start of the app quick)."""
        if area.key in self._loaded:
            return False
        self._loaded.add(area.key)
        area.start()
        return True

    def _fit_pages(self) -> None:
        """Only the shown area sets the window's minimum size (hidden pages are ignored)."""
        ignored, preferred = QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        for i in range(self.pages.count()):
            policy = preferred if i == self._current else ignored
            page = self.pages.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.pages.updateGeometry()

    def _set_status_text(self, key: str, text: str) -> None:
        self._status_texts[key] = text
        if key == self.current_spec().key:
            self.count_label.setText(text)

    # ------------------------------------------------------------------ commands
    def _new(self) -> None:
        spec = self.current_spec()
        if spec.factory is None or not spec.new_text:
            return
        self.current_area().new_item(None)
        self._update_edit_actions()

    def _new_in_area(self, key: str, kind: str | None = None) -> None:
        if self.show_area(key):
            self.current_area().new_item(kind)
            self._update_edit_actions()

    def _discard(self) -> None:
        discard = getattr(self.current_area(), "discard", None)
        if callable(discard):
            discard()

    def _refresh(self) -> None:
        for area in self.areas:
            if area.key in self._loaded:
                area.reload()
        self.statusBar().showMessage(_("Aktualisiert."), 3000)

    def undo(self) -> None:
        if self.current_area().confirm_leave():
            self.ops.undo()

    def redo(self) -> None:
        if self.current_area().confirm_leave():
            self.ops.redo()

    def load_demo(self) -> None:
        from contactdesk.core.demo import load_demo

        if not all(area.confirm_leave() for area in self.areas):
            return
        self.ops.run(
            load_demo,
            message=lambda r: _(
                "Beispieldaten: {created} angelegt, {skipped} bereits vorhanden."
            ).format(created=len(r.created), skipped=len(r.skipped)),
        )

    def about(self) -> None:
        """Hilfe › Über: version, database, log, licences of the libraries and fonts."""
        self.data_safety.show_help(about=True)

    # hooks used by gui/app.py at start and by its crash handler
    def warn_network_drive(self) -> None:
        text = self.data_safety.warn_network_drive()
        self.network_label.setText(_("Netzlaufwerk"))
        self.network_label.setToolTip(text)
        self.network_label.setVisible(True)

    def offer_recovery(self) -> int:
        return self.data_safety.offer_recovery()

    def unsaved_input(self) -> list[dict[str, object]]:
        return self.data_safety.unsaved_input() if self.ready else []

    # ------------------------------------------------------------------ state
    def _on_changed(self, change: Change) -> None:
        if change.message:
            self.statusBar().showMessage(change.message, 10000)
        self._update_undo_actions()
        self._update_edit_actions()

    def _update_undo_actions(self) -> None:
        from contactdesk.gui.actions import ActionId

        stack = self.ops.undo_stack
        undo, redo = self.actions[ActionId.UNDO], self.actions[ActionId.REDO]
        undo.setEnabled(stack.can_undo)
        redo.setEnabled(stack.can_redo)
        # a title's own "&" would become a mnemonic and vanish from the menu: double it
        undo.setText(
            _("&Rückgängig: {text}").format(text=stack.undo_text.replace("&", "&&"))
            if stack.can_undo
            else _("&Rückgängig")
        )
        redo.setText(
            _("&Wiederholen: {text}").format(text=stack.redo_text.replace("&", "&&"))
            if stack.can_redo
            else _("&Wiederholen")
        )

    def _update_edit_actions(self, *_args: object) -> None:
        from contactdesk.gui.actions import ActionId

        spec, area = self.current_spec(), self.current_area()
        can_save = getattr(area, "can_save", None)
        editing = bool(can_save()) if callable(can_save) else spec.factory is not None
        self.actions[ActionId.SAVE].setEnabled(editing)
        self.actions[ActionId.DISCARD].setEnabled(editing and hasattr(area, "discard"))
        can_delete = getattr(area, "can_delete", None)
        self.actions[ActionId.DELETE].setEnabled(
            bool(can_delete()) if callable(can_delete) else spec.factory is not None
        )
        self.actions[ActionId.FIND].setEnabled(spec.factory is not None)
        new = self.actions[ActionId.NEW]
        creates = spec.factory is not None and bool(spec.new_text)
        new.setEnabled(creates)
        text = _(spec.new_text) if creates else _("Neu")
        new.setText(text)
        keys = new.shortcut().toString()
        new.setToolTip(f"{text} ({keys})" if keys else text)
        new.setStatusTip(text)
        self._tool_new_org.setVisible(spec.key == "contacts")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.ready:  # closed before its database was open: nothing to keep
            event.accept()
            return
        # the shown area first, then any other with unsaved edits
        order = [self.current_area(), *(a for a in self.areas if a is not self.current_area())]
        for area in order:
            if area.has_unsaved_changes() and area is not self.current_area():
                self.show_area(area.key)
            if not area.confirm_leave():
                event.ignore()
                return
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        for area in self.areas:
            area.save_state()
        self.settings.sync()
        event.accept()

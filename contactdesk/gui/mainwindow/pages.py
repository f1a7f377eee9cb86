"""The frame of the main window: menu titles, the navigation of the areas, the stack of their
pages and the status bar; which area is shown, and building each area when it is first shown.

`AreaPages` is the lowest floor of `MainWindow` (gui/mainwindow/window.py): it knows the areas
(gui/mainwindow/areas.py) and switches between them, asking the shown one about unsaved edits
first. What the window adds on top (menus, actions: gui/mainwindow/menus.py) hooks in through
`_area_connected` (an area was built) and `_area_shown` (another area is shown).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.gui.area import Area
from contactdesk.gui.mainwindow.areas import AreaSpec, OpeningPage, PendingArea, area_specs
from contactdesk.gui.settings import Settings

# Like the frame as a whole, this module imports neither SQLAlchemy, the services, the area
# views, gui.actions nor the `Qt` namespace at module level (tests/gui/test_app.py).
if TYPE_CHECKING:
    from contactdesk.gui.actions import ActionRegistry
    from contactdesk.gui.ops import Ops
    from contactdesk.gui.views.agreements import AgreementsView
    from contactdesk.gui.views.contacts import ContactsView

log = logging.getLogger(__name__)


class AreaPages(QMainWindow):
    """The frame, the navigation and the areas, each built when first shown."""

    #: (key, area): an area was built (the first area in `attach`, the others when first
    #: shown or asked for); for whoever adds to areas, e.g. the export context menus
    sig_area_built = Signal(str, QObject)

    # set by MainWindow.attach (gui/mainwindow/window.py), read when an area is built
    ops: Ops
    #: the window's actions by id, from gui/actions.py's one registry (views, menus and tests
    #: look them up here; QWidget.actions() stays the list of actions added to the window)
    action_registry: ActionRegistry

    def __init__(
        self, settings: Settings, *, show_welcome: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        #: the Kontakte area shows its welcome page on an empty register
        self.show_welcome = show_welcome
        self.specs = area_specs()
        self.areas: list[Area] = []
        self._status_texts: dict[str, str] = {}
        self._current = 0
        self._switching = False
        self._started = False
        self._loaded: set[str] = set()
        self._build_frame()

    # ------------------------------------------------------------------ the frame
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

    def _install_areas(self) -> None:
        """The areas (built or pending) in place of the opening page; the navigation's icons
        and counts; from now on choosing an entry shows its area (in `attach`)."""
        from PySide6.QtCore import Qt

        from contactdesk.gui import sidebar

        self.pages.removeWidget(self.opening_page)
        self.opening_page.deleteLater()
        for i, (spec, area) in enumerate(zip(self.specs, self.areas, strict=True)):
            self.nav.item(i).setData(Qt.ItemDataRole.UserRole, spec.key)
            self.pages.addWidget(cast(QWidget, area))
        sidebar.install(self.nav, [spec.key for spec in self.specs])  # icons and counts
        self.nav.setCurrentRow(0)
        self.pages.setCurrentIndex(0)
        self.nav.currentRowChanged.connect(self._on_nav_changed)
        self._fit_pages()

    # ------------------------------------------------------------------ the areas
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
        self.areas[index] = widget
        self.pages.insertWidget(index, widget)
        self.pages.removeWidget(pending)
        pending.deleteLater()
        self.pages.setCurrentIndex(self._current)
        widget.restore_state()
        self._area_connected(spec, widget)
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
        self._area_shown()

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

    # ------------------------------------------------------------------ hooks of the window
    def _area_connected(self, spec: AreaSpec, area: Area) -> None:
        """An area was built and restored: connect it to the window (MainWindow wires its
        signals to the status bar and the actions)."""

    def _area_shown(self) -> None:
        """Another area is shown now (MainWindow updates its actions)."""

"""The tool bar, the menus and the window-wide actions of the main window, and what they do.

`WindowMenus` is the second floor of `MainWindow` (gui/mainwindow/window.py), above the frame
and its areas (gui/mainwindow/pages.py). The actions come from gui/actions.py's one registry
(`action_registry`); New, Save, Discard, Delete, Find and Refresh go to the area that is shown,
Undo/Redo to the runner's history after the shown area agreed to be left (confirm_leave).
Import/export (gui/exchange/), the privacy menu (gui/privacy.py) and backup, restore,
settings and help (gui/datasafety.py) add their entries here. Built in `attach`, once the
database is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QToolBar

from contactdesk.core.changes import Kind
from contactdesk.core.enums import ContactKind
from contactdesk.core.i18n import _
from contactdesk.gui.area import Area
from contactdesk.gui.mainwindow.areas import AreaSpec, PendingArea
from contactdesk.gui.mainwindow.pages import AreaPages

# Like the frame, no gui.actions and no `Qt` namespace at module level (tests/gui/test_app.py):
# the methods import them, after the frame has been painted.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from contactdesk.gui.datasafety import DataSafety
    from contactdesk.gui.exchange import Exchange
    from contactdesk.gui.ops import Change
    from contactdesk.gui.privacy import PrivacyMenu
    from contactdesk.gui.views.contacts import ContactsView


class WindowMenus(AreaPages):
    """The tool bar, menus and actions over the areas; the commands they trigger."""

    # set by MainWindow.attach (gui/mainwindow/window.py) before the menus are built
    data_safety: DataSafety
    exchange: Exchange
    privacy: PrivacyMenu

    # ------------------------------------------------------------------ building
    def _build_toolbar(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction

        from contactdesk.gui.actions import ActionId

        a = self.action_registry
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
        """The tool bar, the menus' entries and the window-wide shortcuts, then the area pages
        in place of the opening page (in `attach`)."""
        from PySide6.QtCore import Qt

        from contactdesk.gui.actions import ActionId

        self._build_toolbar()
        a = self.action_registry
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
        self._install_areas()

    def _connect(self) -> None:
        from contactdesk.gui.actions import ActionId

        a = self.action_registry
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
            editor.sig_agreement_requested.connect(
                lambda agreement_id: self.open_in_area("agreements", agreement_id)
            )

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

    # ------------------------------------------------------------------ state
    def _on_changed(self, change: Change) -> None:
        if change.message:
            self.statusBar().showMessage(change.message, 10000)
        self._update_undo_actions()
        self._update_edit_actions()

    def _update_undo_actions(self) -> None:
        from contactdesk.gui.actions import ActionId

        stack = self.ops.undo_stack
        undo, redo = self.action_registry[ActionId.UNDO], self.action_registry[ActionId.REDO]
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
        self.action_registry[ActionId.SAVE].setEnabled(editing)
        self.action_registry[ActionId.DISCARD].setEnabled(editing and hasattr(area, "discard"))
        can_delete = getattr(area, "can_delete", None)
        self.action_registry[ActionId.DELETE].setEnabled(
            bool(can_delete()) if callable(can_delete) else spec.factory is not None
        )
        self.action_registry[ActionId.FIND].setEnabled(spec.factory is not None)
        new = self.action_registry[ActionId.NEW]
        creates = spec.factory is not None and bool(spec.new_text)
        new.setEnabled(creates)
        text = _(spec.new_text) if creates else _("Neu")
        new.setText(text)
        keys = new.shortcut().toString()
        new.setToolTip(f"{text} ({keys})" if keys else text)
        new.setStatusTip(text)
        self._tool_new_org.setVisible(spec.key == "contacts")

    # ------------------------------------------------------------------ hooks of the frame
    def _area_connected(self, spec: AreaSpec, area: Area) -> None:
        # After a change the areas update themselves first, then the window its actions (Save
        # follows the editor's new state): the window's handler stays the last one connected.
        self.ops.sig_changed.disconnect(self._on_changed)
        self.ops.sig_changed.connect(self._on_changed)
        self._wire(spec, area)

    def _area_shown(self) -> None:
        self._update_edit_actions()

"""MainWindow: navigation between the areas, menus, tool bar and status bar."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from contactdesk import __version__
from contactdesk.core.db import Database
from contactdesk.core.demo import load_demo
from contactdesk.core.i18n import _
from contactdesk.core.models.contacts import ContactKind
from contactdesk.core.undo import UndoStack
from contactdesk.gui.actions import ActionId, create_actions
from contactdesk.gui.ops import Change, Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.contacts import ContactsView

# (key, navigation text, available, what is planned)
AREAS = [
    ("contacts", "Kontakte", True, ""),
    (
        "agreements",
        "Vereinbarungen",
        False,
        "Netzwerkvereinbarung, Kooperationsvereinbarungen und Patenschaften mit Unterzeichnet am, "
        "Laufzeit und Kündigungsfrist.",
    ),
    (
        "events",
        "Termine",
        False,
        "Workshops, Präsenzveranstaltungen und Netzwerktreffen mit Teilnehmenden, Einladung "
        "und Zusage/Absage.",
    ),
    (
        "sessions",
        "Sitzungen",
        False,
        "Gremien (Haupt- und Finanzausschuss, Stadtrat), Vorlagen und Beratungsfolge.",
    ),
]


class MainWindow(QMainWindow):
    """The one main window; owns the Ops runner and the undo history."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        show_welcome: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("contactdesk")
        self.setObjectName("MainWindow")
        self._settings = settings
        self.db = db
        self.ops = Ops(db, UndoStack(db), self)
        self.ops.error_parent = self
        self.actions = create_actions(self)
        self.contacts = ContactsView(self.ops, self.actions, settings, show_welcome=show_welcome)
        self._build()
        self._connect()
        self._restore()
        self.contacts.start()
        self._update_undo_actions()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        a = self.actions
        file_menu = self.menuBar().addMenu(_("&Datei"))
        new_menu = file_menu.addMenu(_("&Neu"))
        new_menu.addAction(a[ActionId.NEW_PERSON])
        new_menu.addAction(a[ActionId.NEW_ORGANISATION])
        file_menu.addAction(a[ActionId.SAVE])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.LOAD_DEMO])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.QUIT])

        edit_menu = self.menuBar().addMenu(_("&Bearbeiten"))
        edit_menu.addAction(a[ActionId.UNDO])
        edit_menu.addAction(a[ActionId.REDO])
        edit_menu.addSeparator()
        edit_menu.addAction(a[ActionId.DELETE])
        edit_menu.addAction(a[ActionId.DISCARD])
        edit_menu.addSeparator()
        edit_menu.addAction(a[ActionId.FIND])

        view_menu = self.menuBar().addMenu(_("&Ansicht"))
        view_menu.addAction(a[ActionId.REFRESH])

        help_menu = self.menuBar().addMenu(_("&Hilfe"))
        help_menu.addAction(a[ActionId.ABOUT])

        toolbar = QToolBar(_("Werkzeugleiste"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setAccessibleName(_("Werkzeugleiste"))
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action_id in (ActionId.NEW_PERSON, ActionId.NEW_ORGANISATION):
            toolbar.addAction(a[action_id])
        toolbar.addSeparator()
        for action_id in (ActionId.SAVE, ActionId.DELETE):
            toolbar.addAction(a[action_id])
        toolbar.addSeparator()
        for action_id in (ActionId.UNDO, ActionId.REDO):
            toolbar.addAction(a[action_id])
        self.addToolBar(toolbar)
        # Shortcuts work window-wide; Delete only in the contact list (see ContactsView).
        self.addActions([act for key, act in a.items() if key is not ActionId.DELETE])

        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Bereiche"))
        self.nav.setMaximumWidth(200)
        self.nav.setMinimumWidth(140)
        self.pages = QStackedWidget()
        for key, text, available, planned in AREAS:
            item = QListWidgetItem(
                _(text) if available else _("{area} (folgt)").format(area=_(text))
            )
            item.setData(Qt.ItemDataRole.UserRole, key)
            if available:
                self.pages.addWidget(self.contacts)
            else:
                item.setForeground(self.palette().placeholderText())
                item.setToolTip(_("Noch nicht verfügbar"))
                self.pages.addWidget(self._planned_page(_(text), _(planned)))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([160, 1200])
        self.setCentralWidget(splitter)

        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Anzahl der Kontakte"))
        self.statusBar().addPermanentWidget(self.count_label)

    def _planned_page(self, title: str, planned: str) -> QWidget:
        page = QLabel(
            "<h2>{title}</h2><p>{hint}</p><p>{planned_label} {planned}</p>".format(
                title=title,
                hint=_(
                    "Dieser Bereich ist noch nicht verfügbar. Er folgt in einer späteren Version."
                ),
                planned_label=_("Geplant:"),
                planned=planned,
            )
        )
        page.setWordWrap(True)
        page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        page.setMargin(24)
        page.setAccessibleName(_("{area}: noch nicht verfügbar").format(area=title))
        return page

    def _connect(self) -> None:
        a = self.actions
        a[ActionId.NEW_PERSON].triggered.connect(lambda: self._new(ContactKind.PERSON.value))
        a[ActionId.NEW_ORGANISATION].triggered.connect(
            lambda: self._new(ContactKind.ORGANISATION.value)
        )
        a[ActionId.LOAD_DEMO].triggered.connect(self.load_demo)
        a[ActionId.QUIT].triggered.connect(self.close)
        a[ActionId.UNDO].triggered.connect(self.undo)
        a[ActionId.REDO].triggered.connect(self.redo)
        a[ActionId.DELETE].triggered.connect(self._delete)
        a[ActionId.FIND].triggered.connect(self._find)
        a[ActionId.SAVE].triggered.connect(self._save)
        a[ActionId.DISCARD].triggered.connect(self.contacts.editor.discard)
        a[ActionId.REFRESH].triggered.connect(self._refresh)
        a[ActionId.ABOUT].triggered.connect(self.about)
        self.ops.sig_changed.connect(self._on_changed)
        self.contacts.sig_status_changed.connect(self.count_label.setText)
        self.contacts.editor.sig_dirty_changed.connect(self._update_edit_actions)
        self._update_edit_actions()

    def _restore(self) -> None:
        if (geometry := self._settings.window_geometry) is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)
        if (state := self._settings.window_state) is not None:
            self.restoreState(state)
        self.contacts.restore_state()

    # ------------------------------------------------------------------ commands
    def _show_contacts(self) -> None:
        self.nav.setCurrentRow(0)

    def _new(self, kind: str) -> None:
        self._show_contacts()
        self.contacts.new_contact(kind)
        self._update_edit_actions()

    def _find(self) -> None:
        self._show_contacts()
        self.contacts.focus_search()

    def _save(self) -> None:
        self._show_contacts()
        self.contacts.save()

    def _delete(self) -> None:
        self._show_contacts()
        self.contacts.delete_current()

    def _refresh(self) -> None:
        self.contacts.reload()
        self.statusBar().showMessage(_("Aktualisiert."), 3000)

    def undo(self) -> None:
        if self.contacts.confirm_leave():
            self.ops.undo()

    def redo(self) -> None:
        if self.contacts.confirm_leave():
            self.ops.redo()

    def load_demo(self) -> None:
        self._show_contacts()
        if not self.contacts.confirm_leave():
            return
        self.ops.run(
            load_demo,
            message=lambda r: _(
                "Beispieldaten: {created} angelegt, {skipped} bereits vorhanden."
            ).format(created=len(r.created), skipped=len(r.skipped)),
        )

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("Über contactdesk"),
            _(
                "<h3>contactdesk {version}</h3>"
                "<p>Kontakte, Vereinbarungen und Termine für die Ansprechperson einer Stadt im "
                "Netzwerk „Engagierte Stadt“.</p><p>Datenbank: {database}</p>"
            ).format(version=__version__, database=self.db.path or self.db.engine.url),
        )

    # ------------------------------------------------------------------ state
    def _on_changed(self, change: Change) -> None:
        if change.message:
            self.statusBar().showMessage(change.message, 10000)
        self._update_undo_actions()
        self._update_edit_actions()

    def _update_undo_actions(self) -> None:
        stack = self.ops.undo_stack
        undo, redo = self.actions[ActionId.UNDO], self.actions[ActionId.REDO]
        undo.setEnabled(stack.can_undo)
        redo.setEnabled(stack.can_redo)
        undo.setText(
            _("&Rückgängig: {text}").format(text=stack.undo_text)
            if stack.can_undo
            else _("&Rückgängig")
        )
        redo.setText(
            _("&Wiederholen: {text}").format(text=stack.redo_text)
            if stack.can_redo
            else _("&Wiederholen")
        )

    def _update_edit_actions(self, *_args: object) -> None:
        editor = self.contacts.editor
        self.actions[ActionId.SAVE].setEnabled(editor.has_contact)
        self.actions[ActionId.DISCARD].setEnabled(editor.has_contact)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.contacts.confirm_leave():
            event.ignore()
            return
        self._settings.window_geometry = self.saveGeometry()
        self._settings.window_state = self.saveState()
        self.contacts.save_state()
        self._settings.sync()
        event.accept()

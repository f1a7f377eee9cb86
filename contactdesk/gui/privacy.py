"""The main window's *Kontakte* menu for one record per person and for data protection:
duplicates and merging, Auskunft (Art. 15), erasure (Art. 17) and the retention review.
Kept apart from mainwindow.py, which only creates one `PrivacyMenu` and installs its menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from contactdesk.core.i18n import _

if TYPE_CHECKING:
    from contactdesk.gui.mainwindow import MainWindow


class PrivacyMenu:
    """Creates the menu entries and opens the dialogs; the work is done in the core."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.menu: QMenu | None = None
        self.find_duplicates = QAction(_("&Dubletten suchen …"), window)
        self.find_duplicates.setObjectName("action_find_duplicates")
        self.find_duplicates.setStatusTip(
            _("Kontakte finden, die wahrscheinlich dieselbe Person sind, und zusammenführen")
        )
        self.find_duplicates.triggered.connect(self.show_duplicates)

    def install(self, bar: QMenuBar, before: QMenu) -> QMenu:
        menu = QMenu(_("&Kontakte"), bar)
        menu.setObjectName("menu_contacts")
        menu.addAction(self.find_duplicates)
        bar.insertMenu(before.menuAction(), menu)
        self.menu = menu
        return menu

    def show_duplicates(self) -> None:
        from contactdesk.gui.dialogs.duplicates import DuplicatesDialog

        DuplicatesDialog(self.window.ops, self.window).exec()

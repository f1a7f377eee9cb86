"""Action ids and the one factory that gives each action its German text, icon and shortcut."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QStyle

from contactdesk.core.i18n import N_, _

SK = QKeySequence.StandardKey
SP = QStyle.StandardPixmap


class ActionId(Enum):
    NEW = "new"
    NEW_PERSON = "new_person"
    NEW_ORGANISATION = "new_organisation"
    LOAD_DEMO = "load_demo"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    DELETE = "delete"
    FIND = "find"
    SAVE = "save"
    DISCARD = "discard"
    REFRESH = "refresh"
    ABOUT = "about"
    BACKUP = "backup"
    RESTORE = "restore"
    SETTINGS = "settings"
    GUIDE = "guide"


@dataclass(frozen=True)
class _Spec:
    text: str
    theme_icon: str
    fallback: SP
    shortcuts: tuple[SK | str, ...] = ()
    tip: str = ""
    role: QAction.MenuRole = QAction.MenuRole.NoRole


_SPECS: dict[ActionId, _Spec] = {
    # Ctrl+N creates something in the area that is shown; the main window sets its text.
    ActionId.NEW: _Spec(N_("&Neu"), "document-new", SP.SP_FileIcon, (SK.New,), N_("Neu anlegen")),
    ActionId.NEW_PERSON: _Spec(
        N_("Neue &Person"), "contact-new", SP.SP_FileIcon, (), N_("Neue Person anlegen")
    ),
    ActionId.NEW_ORGANISATION: _Spec(
        N_("Neue &Organisation"),
        "folder-new",
        SP.SP_FileDialogNewFolder,
        (),
        N_("Neue Organisation anlegen"),
    ),
    ActionId.LOAD_DEMO: _Spec(
        N_("Beispieldaten &laden"),
        "document-import",
        SP.SP_DialogOpenButton,
        (),
        N_("Die Beispielkontakte rund um das Netzwerk „Engagierte Stadt“ laden"),
    ),
    ActionId.QUIT: _Spec(
        N_("&Beenden"),
        "application-exit",
        SP.SP_DialogCloseButton,
        (SK.Quit, "Ctrl+Q"),
        N_("contactdesk beenden"),
        QAction.MenuRole.QuitRole,
    ),
    ActionId.UNDO: _Spec(N_("&Rückgängig"), "edit-undo", SP.SP_ArrowBack, (SK.Undo,)),
    ActionId.REDO: _Spec(
        N_("&Wiederholen"), "edit-redo", SP.SP_ArrowForward, ("Ctrl+Y", "Ctrl+Shift+Z", SK.Redo)
    ),
    ActionId.DELETE: _Spec(
        N_("&Löschen"),
        "edit-delete",
        SP.SP_TrashIcon,
        (SK.Delete,),
        N_("Ausgewählten Eintrag löschen"),
    ),
    ActionId.FIND: _Spec(
        N_("&Suchen"),
        "edit-find",
        SP.SP_FileDialogContentsView,
        (SK.Find,),
        N_("Zum Suchfeld springen"),
    ),
    ActionId.SAVE: _Spec(
        N_("&Speichern"), "document-save", SP.SP_DialogSaveButton, (SK.Save,), N_("Speichern")
    ),
    ActionId.DISCARD: _Spec(
        N_("&Verwerfen"),
        "document-revert",
        SP.SP_DialogResetButton,
        (),
        N_("Ungespeicherte Änderungen verwerfen"),
    ),
    ActionId.REFRESH: _Spec(
        N_("&Aktualisieren"),
        "view-refresh",
        SP.SP_BrowserReload,
        (SK.Refresh, "F5"),
        N_("Liste und Eintrag neu aus der Datenbank lesen"),
    ),
    ActionId.ABOUT: _Spec(
        N_("Ü&ber contactdesk"),
        "help-about",
        SP.SP_MessageBoxInformation,
        (),
        "",
        QAction.MenuRole.AboutRole,
    ),
    ActionId.BACKUP: _Spec(
        N_("&Datensicherung erstellen …"),
        "document-save-as",
        SP.SP_DriveHDIcon,
        (),
        N_("Eine vollständige Kopie der Datenbank (mit allen Dokumenten) in eine Datei schreiben"),
    ),
    ActionId.RESTORE: _Spec(
        N_("&Wiederherstellen …"),
        "document-revert",
        SP.SP_BrowserReload,
        (),
        N_("Die Datenbank aus einer geprüften Datensicherung wiederherstellen"),
    ),
    ActionId.SETTINGS: _Spec(
        N_("Eins&tellungen …"),
        "preferences-system",
        SP.SP_FileDialogDetailedView,
        (SK.Preferences, "Ctrl+,"),
        N_("Stadt, Absender, Formate, Ordner und Sprache einstellen"),
        QAction.MenuRole.PreferencesRole,
    ),
    ActionId.GUIDE: _Spec(
        N_("&Kurzanleitung"),
        "help-contents",
        SP.SP_DialogHelpButton,
        (SK.HelpContents, "F1"),
        N_("Kurze Anleitung: einladen, nach Outlook exportieren, Vorlage drucken"),
    ),
}


def _shortcuts(specs: tuple[SK | str, ...]) -> list[QKeySequence]:
    """Explicit and platform-standard key sequences, without duplicates, in the given order."""
    result: list[QKeySequence] = []
    for spec in specs:
        keys = [QKeySequence(spec)] if isinstance(spec, str) else QKeySequence.keyBindings(spec)
        for key in keys:
            if not key.isEmpty() and all(key != k for k in result):
                result.append(key)
    return result


def icon(theme_name: str, fallback: SP) -> QIcon:
    """The desktop theme's icon, or Qt's built-in one where there is no theme (Windows)."""
    style = QApplication.style()
    return QIcon.fromTheme(theme_name, style.standardIcon(fallback))


def create_action(action_id: ActionId, parent: QObject) -> QAction:
    spec = _SPECS[action_id]
    action = QAction(icon(spec.theme_icon, spec.fallback), _(spec.text), parent)
    action.setObjectName(f"action_{action_id.value}")
    action.setShortcuts(_shortcuts(spec.shortcuts))
    action.setMenuRole(spec.role)
    tip = _(spec.tip) if spec.tip else action.text().replace("&", "")
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setStatusTip(tip)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    return action


#: every action of the window by its id: the one registry (MainWindow.action_registry)
ActionRegistry = dict[ActionId, QAction]


def create_actions(parent: QObject) -> ActionRegistry:
    """The registry: one action per ActionId, parented to `parent` (the main window)."""
    return {action_id: create_action(action_id, parent) for action_id in ActionId}

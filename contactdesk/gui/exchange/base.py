"""What import and export share: the window's runner, the parent widget, the settings, the
folder last used, asking where to save, running through the one runner, the action keys.

`ExchangeBase` is the floor under the import flow (importing.py) and the exports
(contact_export.py, calendar_export.py) that `Exchange` (menus.py) joins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from contactdesk.core.i18n import _
from contactdesk.core.progress import Progress
from contactdesk.core.services import imports
from contactdesk.gui import prompts
from contactdesk.gui.ops import Change

if TYPE_CHECKING:
    from sqlalchemy.orm import Session  # the type of what the runner passes to a service

    from contactdesk.gui.area import AreaDirectory
    from contactdesk.gui.ops import Ops

T = TypeVar("T")


# action keys (also the objectName suffix: action_exchange_<key>)
IMPORT = "import"
VCARD = "vcard"
VCARD_ZIP = "vcard_zip"
CSV = "csv"
CALENDAR = "calendar"
INVITATION = "invitation"
EMAIL = "email"
CANCELLATION = "cancellation"
EVENT_ICS = "event_ics"
SEND = "send"
SEND_CANCEL = "send_cancel"


def file_slug(text: str) -> str:
    """A file name part from a title: no characters Windows forbids, dashes for spaces."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f„“”‚‘’«»\']+', " ", text).strip()
    cleaned = re.sub(r"\s+", "-", cleaned)
    return cleaned[:60].strip("-.") or "termin"


def german_file_list(paths: Sequence[Path], limit: int = 8) -> str:
    """„a.vcf“, „b.ics“ und 3 weitere: the files named in a German sentence."""
    text = ", ".join(f"„{p.name}“" for p in paths[:limit])
    if len(paths) > limit:
        text += _(" und {n} weitere").format(n=len(paths) - limit)
    return text


class ExchangeBase(QObject):
    """The state and helpers of the import and export commands of one main window."""

    def __init__(
        self,
        ops: Ops,
        parent: QWidget,
        areas: AreaDirectory,
        settings: Any,
        status: Callable[[str, int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        #: dialogs are shown over it; files and Outlook items are dropped on it
        self.widget = parent
        self.areas = areas
        #: the window's settings (gui/settings.py): organiser, reminder
        self.settings = settings
        self._show_status = status
        #: the folder of the last file chosen (the next file dialog starts there)
        self._folder = ""
        #: the plan of the last import that was read (for tests and the status of the window)
        self.last_plan: imports.ImportPlan | None = None
        #: the commands' actions by key (IMPORT, VCARD …), created by `_create_actions`
        self.actions: dict[str, QAction] = {}
        self._create_actions()

    def _create_actions(self) -> None:
        """Hook: Exchange (menus.py) creates the actions of the commands here, once."""

    # ------------------------------------------------------------------ helpers
    def _area(self, key: str) -> Any:
        return self.areas.get(key)

    def _status(self, text: str) -> None:
        if self._show_status is not None:
            self._show_status(text, 10000)

    def _inform(self, title: str, text: str, informative: str = "") -> None:
        prompts.inform(self.widget, title, text, informative)

    def _start_folder(self) -> str:
        if self._folder:
            return self._folder
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def _save_path(self, title: str, name: str, filters: str, suffix: str) -> Path | None:
        chosen = prompts.choose_save_file(
            self.widget, title, str(Path(self._start_folder()) / name), filters
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self._folder = str(path.parent)
        return path

    def _run(
        self,
        title: str,
        label: str,
        fn: Callable[[Session, Progress], T],
        on_done: Callable[[T], Change | None] | None = None,
        cancelled_message: str = "",
    ) -> T | None:
        """fn(session, progress) through the one runner: worker thread, own session (committed
        on success), progress and cancel. German errors are shown and give None, and so does a
        cancel (the status bar says it was cancelled and nothing changed)."""
        result = self.ops.run_in_background(
            fn,
            title=title,
            label=label,
            on_done=on_done,
            cancelled_message=cancelled_message,
            parent=self.widget,
        )
        return result.value if result.ok else None

"""Noticing changes saved by others (team mode, or the command line beside the window).

Every saved change adds a row to the audit table, so its newest id is a change counter. The
window reads it every few seconds (one indexed `max(id)`); when it grew beyond what this window
has seen, the watcher announces the change through the one runner (`Ops.sig_changed`), and every
area refreshes as after its own saves: lists and unedited editors show the new state, an editor
with unsaved input keeps it (its save then meets the version check, gui/dialogs/conflict.py).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from contactdesk.core import audit
from contactdesk.core.i18n import N_, _
from contactdesk.gui.ops import Change, Ops

log = logging.getLogger(__name__)

#: how often the window looks for others' changes (milliseconds)
SERVER_INTERVAL_MS = 3000
FILE_INTERVAL_MS = 5000

_WHAT = {
    "contact": N_("Kontakte"),
    "agreement": N_("Vereinbarungen"),
    "event": N_("Termine"),
    "paper": N_("Vorlagen"),
}


class ChangeWatcher(QObject):
    """Polls the audit table's change counter and refreshes the window on others' changes."""

    sig_others_changed = Signal(list)
    """Emitted with the record types ("contact", …) that others changed, before the refresh."""

    def __init__(self, ops: Ops, parent: QObject | None = None, interval_ms: int | None = None):
        super().__init__(parent)
        self._ops = ops
        self._seen = self._latest()
        self._announcing = False
        ops.sig_changed.connect(self._absorb_own)
        if interval_ms is None:
            interval_ms = FILE_INTERVAL_MS if ops.db.is_sqlite else SERVER_INTERVAL_MS
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _latest(self) -> int:
        try:
            return self._ops.read(audit.latest_id)
        except Exception as exc:  # server unreachable: try again at the next tick
            log.warning("change poll failed: %r", exc)
            return -1

    def _absorb_own(self, _change: Change) -> None:
        if not self._announcing:  # this window's own save: already shown
            latest = self._latest()
            if latest >= 0:
                self._seen = latest

    def poll(self) -> bool:
        """Look once; True when others' changes were found and announced."""
        window = self.parent()
        if window is not None and hasattr(window, "isVisible") and not window.isVisible():
            return False  # a closed window looks no more (its database may be gone)
        latest = self._latest()
        if latest < 0 or latest <= self._seen:
            return False
        seen = self._seen
        try:
            kinds = self._ops.read(lambda s: audit.changes_after(s, seen))
        except Exception as exc:
            log.warning("change poll failed: %r", exc)
            return False
        self._seen = latest
        what = ", ".join(_(_WHAT.get(k, k)) for k in kinds)
        self.sig_others_changed.emit(kinds)
        self._announcing = True
        try:
            # others may have changed anything: every kind (the safe side)
            self._ops.announce(
                Change(_("Änderungen anderer übernommen: {what}.").format(what=what))
            )
        finally:
            self._announcing = False
        return True


__all__ = ["ChangeWatcher"]

"""Long work with a progress dialog that can be cancelled, while the window stays responsive.

`run_with_progress` runs `work(progress)` in a worker thread; `progress(done, total)` updates
the dialog and returns False once the user pressed "Abbrechen" (the work then stops and raises,
e.g. core.db.BackupCancelled). The result or the exception comes back to the caller.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from contactdesk.core.i18n import _

T = TypeVar("T")
Progress = Callable[[int, int], bool]


class _Worker(QObject):
    sig_progress = Signal(int, int)
    """Emitted from the worker thread with (done, total)."""
    sig_finished = Signal()
    """Emitted once when the work ended (result or error stored)."""

    def __init__(self, work: Callable[[Progress], Any], cancel: threading.Event) -> None:
        super().__init__()
        self._work = work
        self._cancel = cancel
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        def progress(done: int, total: int) -> bool:
            self.sig_progress.emit(done, total)
            return not self._cancel.is_set()

        try:
            self.result = self._work(progress)
        except BaseException as exc:
            self.error = exc
        finally:
            self.sig_finished.emit()


class ProgressRunner(QObject):
    """Keeps the dialog, thread and worker of one run together (tests reach in here)."""

    def __init__(
        self, parent: QWidget | None, title: str, label: str, work: Callable[[Progress], Any]
    ) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.dialog = QProgressDialog(label, _("Abbrechen"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel_event.set)
        self.worker_thread = QThread()
        self.worker = _Worker(work, self.cancel_event)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.sig_progress.connect(self._on_progress)
        self._loop = QEventLoop()
        self.worker.sig_finished.connect(self._loop.quit)

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog.wasCanceled():  # cancel() by code does not emit canceled
            self.cancel_event.set()
        if total > 0 and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total))

    def exec(self) -> Any:
        self.worker_thread.start()
        self._loop.exec()
        self.worker_thread.quit()
        self.worker_thread.wait()
        self.dialog.close()
        if self.worker.error is not None:
            raise self.worker.error
        return self.worker.result


def run_with_progress(
    parent: QWidget | None, title: str, label: str, work: Callable[[Progress], T]
) -> T:
    """Run `work` in a worker thread behind a cancellable progress dialog; return its result."""
    runner = ProgressRunner(parent, title, label, work)
    try:
        return runner.exec()
    finally:
        runner.deleteLater()

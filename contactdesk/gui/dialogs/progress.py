"""Long work with a progress dialog that can be cancelled, while the window stays responsive.

`run_with_progress` runs `work(progress)` in a worker thread; `progress(done, total, text)` (the
protocol of core/progress.py) updates the dialog and raises core.progress.Cancelled once the user
pressed "Abbrechen" (the core turns it into its own error, e.g. ImportCancelled, after removing
what it had started). The result or the exception comes back to the caller. gui/ops.py's
`run_in_background` is the one caller in the window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from contactdesk.core.i18n import _
from contactdesk.core.progress import Cancelled, Progress

T = TypeVar("T")
#: the width of the dialog's text (pixels); longer texts wrap
LABEL_WIDTH = 460


class _Worker(QObject):
    sig_progress = Signal(int, int, str)
    """Emitted from the worker thread with (done, total, text)."""
    sig_finished = Signal()
    """Emitted once when the work ended (result or error stored)."""

    def __init__(self, work: Callable[[Progress], Any], cancel: threading.Event) -> None:
        super().__init__()
        self._work = work
        self._cancel = cancel
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        def progress(done: int, total: int, text: str = "") -> None:
            if self._cancel.is_set():
                raise Cancelled
            self.sig_progress.emit(done, total, text)

        try:
            self.result = self._work(progress)
        except BaseException as exc:
            self.error = exc
        finally:
            self.sig_finished.emit()


class ProgressRunner(QObject):
    """Keeps the dialog, thread and worker of one run together (tests reach in here)."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        label: str,
        work: Callable[[Progress], Any],
        *,
        cancellable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.label = label
        self.dialog = QProgressDialog(label, _("Abbrechen"), 0, 0, parent)
        # a long label (many file names) wraps instead of widening the dialog past the window
        text = QLabel(label)
        text.setWordWrap(True)
        text.setMaximumWidth(LABEL_WIDTH)
        text.setMinimumWidth(LABEL_WIDTH)
        self.dialog.setLabel(text)
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if cancellable:
            self.dialog.canceled.connect(self.cancel_event.set)
        else:  # e.g. replacing the database file: stopping halfway is not offered
            self.dialog.setCancelButton(None)  # Qt: None removes the button
        self.cancellable = cancellable
        self.worker_thread = QThread()
        self.worker = _Worker(work, self.cancel_event)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.sig_progress.connect(self._on_progress)
        self._loop = QEventLoop()
        self.worker.sig_finished.connect(self._loop.quit)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.cancellable and self.dialog.wasCanceled():  # cancel() by code emits nothing
            self.cancel_event.set()
            return
        if text:
            self.dialog.setLabelText(f"{self.label}\n{text}")
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
    parent: QWidget | None,
    title: str,
    label: str,
    work: Callable[[Progress], T],
    *,
    cancellable: bool = True,
) -> T:
    """Run `work` in a worker thread behind a progress dialog; return its result."""
    runner = ProgressRunner(parent, title, label, work, cancellable=cancellable)
    try:
        return runner.exec()
    finally:
        runner.deleteLater()

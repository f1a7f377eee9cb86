"""The log of the window: a rotating file (1 MB × 5) in the user log folder, with what was
logged before the file was open, and the crash entries written into the same file.

`keep_early_records` runs in the first phase of the start (it does not import
logging.handlers, which would delay the window's first paint); `setup_logging` opens the file
once the frame is painted and writes the kept records into it.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from contactdesk import __version__
from contactdesk.core.db import APP_NAME

LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5


def log_folder() -> Path:
    from platformdirs import user_log_path

    override = os.environ.get("CONTACTDESK_LOG_DIR")
    return Path(override) if override else user_log_path(APP_NAME, appauthor=False)


def log_file_path() -> Path:
    return log_folder() / "contactdesk.log"


def crash_log_path() -> Path:
    """Crashes go to the same rotating log as everything else."""
    return log_file_path()


class _EarlyRecords(logging.Handler):
    """Keeps what is logged before the log file is open (the first phase of the start, which
    does not import logging.handlers); setup_logging writes it into the file."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < 1000:
            self.records.append(record)


def _lower_root_level(level: int) -> None:
    """Let records of `level` reach the handlers; the console keeps showing what it showed."""
    root = logging.getLogger()
    previous = root.level
    for other in root.handlers:
        if other.level == logging.NOTSET:
            other.setLevel(previous)
    if previous > level or previous == logging.NOTSET:
        root.setLevel(level)


def keep_early_records(verbose: bool = False) -> None:
    """From here until setup_logging, log records are kept for the log file."""
    root = logging.getLogger()
    if not any(isinstance(h, _EarlyRecords) for h in root.handlers):
        _lower_root_level(logging.DEBUG if verbose else logging.INFO)
        root.addHandler(_EarlyRecords())


def setup_logging(verbose: bool = False) -> Path | None:
    """A rotating log file (1 MB × 5) in the user log folder; None when it cannot be written."""
    import logging.handlers  # here: socket, pickle & co. would delay the window's first paint

    path = log_file_path()
    root = logging.getLogger()
    early = [h for h in root.handlers if isinstance(h, _EarlyRecords)]
    for buffer in early:
        root.removeHandler(buffer)
    for handler in root.handlers:
        if (
            isinstance(handler, logging.handlers.RotatingFileHandler)
            and Path(handler.baseFilename) == path.resolve()
        ):
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    _lower_root_level(handler.level)
    root.addHandler(handler)
    logging.getLogger("contactdesk").info("contactdesk %s started", __version__)
    for buffer in early:  # what the start logged before the file was open
        for record in buffer.records:
            if record.levelno >= handler.level:
                handler.handle(record)
    return path


def write_crash_log(text: str) -> Path | None:
    """Append a crash (with time and version) to the log; None when it cannot be written."""
    path = crash_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(
                f"--- {datetime.now().isoformat(timespec='seconds')} contactdesk {__version__} "
                f"CRASH\n"
            )
            fh.write(text)
    except OSError:
        return None
    return path

"""Application start: QApplication, translations, logging, one window per database, database
(with the offer of the latest backup when it is damaged), daily backup, welcome dialog, crash
dialog with a recovery file, main window.

One subject per module (the public names are re-exported here, so
`from contactdesk.gui.app import run` keeps working):

- launch.py       `run` (the command line hands over here), translations, single instance,
                  locks, the frame of the main window;
- second_step.py  `SecondStep`: inside the event loop once the frame is painted;
- database.py     opening the database, the offer of the newest valid backup, the daily backup;
- logs.py         the rotating log file and the records kept before it is open;
- crash.py        the crash handler and its German dialog.

Like the frame, nothing here imports SQLAlchemy, the services or the views at module level
(tests/gui/test_app.py checks it).
"""

from contactdesk.gui.app.crash import CrashHandler, crash_dialog, excepthook
from contactdesk.gui.app.database import (
    WRITER_LOCK_WAIT,
    daily_backup,
    offer_backup,
    open_or_restore,
    restore_and_open,
)
from contactdesk.gui.app.launch import bring_to_front, install_translations, run
from contactdesk.gui.app.logs import (
    LOG_BACKUPS,
    LOG_MAX_BYTES,
    crash_log_path,
    keep_early_records,
    log_file_path,
    log_folder,
    setup_logging,
    write_crash_log,
)
from contactdesk.gui.app.second_step import SECOND_STEP_LATEST_MS, SecondStep

__all__ = [
    "LOG_BACKUPS",
    "LOG_MAX_BYTES",
    "SECOND_STEP_LATEST_MS",
    "WRITER_LOCK_WAIT",
    "CrashHandler",
    "SecondStep",
    "bring_to_front",
    "crash_dialog",
    "crash_log_path",
    "daily_backup",
    "excepthook",
    "install_translations",
    "keep_early_records",
    "log_file_path",
    "log_folder",
    "offer_backup",
    "open_or_restore",
    "restore_and_open",
    "run",
    "setup_logging",
    "write_crash_log",
]

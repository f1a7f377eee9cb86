"""Files outside the database where the app keeps text that may name a person (recovery
files, log files, copies of opened documents), and cleaning them for an erasure."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from contactdesk.core.db import APP_NAME
from contactdesk.core.i18n import _
from contactdesk.core.services.privacy_names import Traces

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileLocations:
    """Folders outside the database where the app keeps text that may name a person."""

    recovery: Path | None = None
    logs: Path | None = None
    opened_documents: Path | None = None


def default_locations() -> FileLocations:
    """The folders the window uses (same environment overrides as gui/recovery.py, gui/app.py
    and the agreement editor's opened-document folder)."""
    import tempfile

    from platformdirs import user_data_path, user_log_path

    recovery = os.environ.get("CONTACTDESK_RECOVERY_DIR")
    logs = os.environ.get("CONTACTDESK_LOG_DIR")
    return FileLocations(
        recovery=Path(recovery)
        if recovery
        else user_data_path(APP_NAME, appauthor=False) / "Wiederherstellung",
        logs=Path(logs) if logs else user_log_path(APP_NAME, appauthor=False),
        opened_documents=Path(tempfile.gettempdir()) / "contactdesk-dokumente",
    )


def clean_files(found: Traces, files: FileLocations, *, dry_run: bool) -> tuple[list[str], int]:
    """Recovery files, log files and opened-document copies that mention the person: cleaned
    (text replaced in place) or, for document copies, removed. Returns (German steps, count)."""
    steps: list[str] = []
    total = 0
    for title, folder, pattern, remove in (
        (_("Wiederherstellungsdateien"), files.recovery, "**/*.json", False),
        (_("Protokolldateien"), files.logs, "contactdesk.log*", False),
        (_("Kopien geöffneter Dokumente"), files.opened_documents, "**/*", True),
    ):
        if folder is None or not folder.is_dir():
            continue
        hits = 0
        for path in sorted(folder.glob(pattern)):
            if not path.is_file():
                continue
            try:
                raw = path.read_bytes()
            except OSError:
                continue
            body = raw.decode("utf-8", errors="replace")
            if not found.mentions(body):
                continue
            hits += 1
            if dry_run:
                continue
            try:
                if remove:
                    path.unlink()
                else:
                    with path.open("r+b") as fh:  # in place: a log handler keeps appending
                        fh.write(found.scrub(body).encode("utf-8"))
                        fh.truncate()
            except OSError as exc:
                log.warning("could not clean a file: %s", type(exc).__name__)
        if hits:
            steps.append(
                _("{title}: {n} Dateien nennen die Person und werden bereinigt.").format(
                    title=title, n=hits
                )
            )
        total += hits
    return steps, total

"""Unsaved input survives a crash: a JSON recovery file in the user data folder.

When an unexpected error happens, the crash handler asks the main window for what is typed
into areas with unsaved changes (every visible input with its accessible name) and writes it
to `Wiederherstellung/wiederherstellung-<time>.json`. At the next start the files are offered:
the user sees the text, can copy it into the editor, and the file is moved to `erledigt/`.
This is deliberately simple and honest: the text comes back for the user to re-enter, it is
not written into the database behind their back.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from contactdesk.core.db import APP_NAME
from contactdesk.core.fileio import atomic_write
from contactdesk.core.i18n import _

log = logging.getLogger(__name__)


def recovery_folder() -> Path:
    override = os.environ.get("CONTACTDESK_RECOVERY_DIR")
    if override:
        return Path(override)
    return user_data_path(APP_NAME, appauthor=False) / "Wiederherstellung"


def snapshot_inputs(root: Any) -> dict[str, str]:
    """The visible inputs below a widget: accessible name (or object name) -> text."""
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QCheckBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QWidget,
    )

    fields: dict[str, str] = {}
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit):
            if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
                continue  # the outer widget reports it
            value = widget.text()
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            if widget.isReadOnly():
                continue
            value = widget.toPlainText()
        elif isinstance(widget, QComboBox):
            value = widget.currentText()
        elif isinstance(widget, QAbstractSpinBox):
            value = widget.text()
        elif isinstance(widget, QCheckBox):
            value = "ja" if widget.isChecked() else "nein"
        else:
            continue
        if not value.strip():
            continue
        name = widget.accessibleName() or widget.objectName() or type(widget).__name__
        key, n = name, 2
        while key in fields:
            key, n = f"{name} ({n})", n + 1
        fields[key] = value
    return fields


def write_recovery(areas: list[dict[str, Any]], error: str) -> Path | None:
    """Write the unsaved input of the given areas; None when there is nothing or it fails."""
    if not areas:
        return None
    folder = recovery_folder()
    stamp = datetime.now()
    payload = {
        "erstellt": stamp.isoformat(timespec="seconds"),
        "fehler": error,
        "bereiche": areas,
    }
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / f"wiederherstellung-{stamp:%Y%m%d-%H%M%S}.json"
        atomic_write(path, json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))
        if os.name == "posix":
            os.chmod(path, 0o600)  # what was typed: personal data, for this user only
    except Exception:
        log.exception("cannot write the recovery file")
        return None
    return path


def pending_recoveries() -> list[Path]:
    folder = recovery_folder()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("wiederherstellung-*.json"))


def describe(path: Path) -> str:
    """A readable German text of one recovery file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _("(Datei {path} nicht lesbar)").format(path=path)
    try:
        when = datetime.fromisoformat(data.get("erstellt", "")).strftime(_("%d.%m.%Y um %H:%M Uhr"))
    except (TypeError, ValueError):
        when = "?"
    lines = [_("Gesichert am {when}:").format(when=when)]
    for area in data.get("bereiche", []):
        lines.append("")
        lines.append(_("Bereich {area}:").format(area=area.get("bereich", "?")))
        for name, value in area.get("felder", {}).items():
            lines.append(f"  {name}: {value}")
    return "\n".join(lines)


def mark_done(path: Path) -> Path:
    done = path.parent / "erledigt"
    done.mkdir(exist_ok=True)
    target = done / path.name
    os.replace(path, target)
    return target

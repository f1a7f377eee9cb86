"""Where file dialogs start: the folder used last (per kind of file), else the documents folder.

Dialogs used to open in the program's own folder (the working directory of a start from the
start menu), which is the one place a user never wants to save a letter.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

#: kind of file ("documents", "pdf", "backup", ...) -> the folder used last in this session
_last: dict[str, Path] = {}


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def start_in(kind: str, file_name: str = "") -> str:
    """The folder (with a suggested file name) a dialog for `kind` starts in."""
    folder = _last.get(kind)
    if folder is None or not folder.is_dir():
        folder = documents_folder()
    return str(folder / file_name) if file_name else str(folder)


def remember(kind: str, chosen: str | Path) -> None:
    """Note the folder of a chosen file (or folder) for the next dialog of that kind."""
    if not chosen:
        return
    path = Path(chosen)
    _last[kind] = path if path.is_dir() else path.parent

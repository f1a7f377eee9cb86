"""Exceptions that carry a German message a user can read, plus developer detail."""

from __future__ import annotations

import errno

from contactdesk.core.i18n import _


class ContactdeskError(Exception):
    """Base class. `message` is German and shown to the user; `detail` is for logs."""

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class ValidationError(ContactdeskError):
    """Input that cannot be stored. `fields` maps a field name to its German message."""

    def __init__(self, fields: dict[str, str], *, detail: str | None = None) -> None:
        self.fields = dict(fields)
        text = "\n".join(self.fields.values()) or "Die Eingabe ist ungültig."
        super().__init__(text, detail=detail)


class NotFoundError(ContactdeskError):
    """A record that was asked for does not exist (any more)."""


class ConflictError(ContactdeskError):
    """The operation collides with existing data."""


class DatabaseError(ContactdeskError):
    """The database cannot be opened or upgraded."""


class DamagedDatabaseError(DatabaseError):
    """The database file is damaged (SQLite: malformed); restoring a backup is the way out."""


class ForeignDatabaseError(DatabaseError):
    """The file is not a contactdesk database; it is left untouched."""


class DatabaseTooNewError(DatabaseError):
    """The database was written by a newer contactdesk; it is left untouched."""


class ImportError_(ContactdeskError):
    """A file could not be imported; names file, line and field where known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        detail: str | None = None,
    ) -> None:
        where = []
        if file:
            where.append(f"Datei {file}")
        if line is not None:
            where.append(f"Zeile {line}")
        if field:
            where.append(f"Feld {field}")
        full = f"{message} ({', '.join(where)})" if where else message
        super().__init__(full, detail=detail)
        self.file = file
        self.line = line
        self.field = field


# Windows error codes without an errno of their own (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION,
# ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL).
_WIN_IN_USE = {32, 33}
_WIN_DISK_FULL = {39, 112}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in words for the user (German source text).

    `strerror` is English on Linux and for C-runtime errors on Windows; the common causes get
    their own sentence, with the hint a Windows user needs (a file still open in Excel or
    Outlook is locked). Anything else falls back to the system's text.
    """
    winerror = getattr(exc, "winerror", None)
    if winerror in _WIN_IN_USE:
        return _(
            "die Datei ist in einem anderen Programm geöffnet – bitte dort schließen und "
            "noch einmal versuchen"
        )
    if winerror in _WIN_DISK_FULL or exc.errno == errno.ENOSPC:
        return _("der Datenträger ist voll")
    if isinstance(exc, FileNotFoundError):
        return _("Datei oder Ordner nicht gefunden")
    if isinstance(exc, IsADirectoryError):
        return _("das ist ein Ordner, keine Datei")
    if isinstance(exc, NotADirectoryError):
        return _("ein Teil des Pfads ist kein Ordner")
    if isinstance(exc, PermissionError):
        return _(
            "keine Berechtigung – ist die Datei schreibgeschützt oder in einem anderen "
            "Programm geöffnet?"
        )
    if exc.errno == errno.EROFS:
        return _("der Datenträger ist schreibgeschützt")
    if exc.errno == errno.ENAMETOOLONG:
        return _("der Name ist zu lang")
    return exc.strerror or str(exc)

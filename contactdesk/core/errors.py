"""Exceptions that carry a German message a user can read, plus developer detail."""

from __future__ import annotations


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

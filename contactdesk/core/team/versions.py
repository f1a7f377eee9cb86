"""Optimistic locking: a save over a change someone else saved meanwhile is refused.

Every editable record (contact, agreement, event, paper) has `row_version`, SQLAlchemy's
version_id_col: each UPDATE raises it and carries `WHERE row_version = <the version read>`. An
editor keeps the version it showed and hands it to the service as `expected_version`; `check`
compares it with the stored one and names who changed what and when (from the audit table).
A save racing another one between that check and the UPDATE fails in the flush with SQLAlchemy's
StaleDataError, which core/db.py turns into the same VersionConflictError.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core import audit
from contactdesk.core.errors import ConflictError
from contactdesk.core.i18n import _
from contactdesk.core.models import AuditEntry
from contactdesk.core.models.base import utcnow

BERLIN = ZoneInfo("Europe/Berlin")

#: German names of the fields the audit table lists (attribute or child table names)
FIELD_LABELS: dict[str, str] = {
    "salutation": "Anrede",
    "title": "Titel",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "name": "Name",
    "org_kind": "Art der Organisation",
    "network_role": "Rolle im Netzwerk",
    "website": "Webseite",
    "notes": "Notizen",
    "email": "E-Mail-Adressen",
    "emails": "E-Mail-Adressen",
    "phone": "Telefonnummern",
    "phones": "Telefonnummern",
    "address": "Adressen",
    "addresses": "Adressen",
    "tags": "Schlagworte",
    "role": "Rollen",
    "roles": "Rollen",
    "consent": "Einwilligungen",
    "interaction": "Kontaktverlauf",
    "interactions": "Kontaktverlauf",
    "description": "Beschreibung",
    "status": "Status",
    "start_utc": "Beginn",
    "end_utc": "Ende",
    "location": "Ort",
    "participant": "Teilnehmende",
    "participants": "Teilnehmende",
    "subject": "Betreff",
    "body": "Text",
    "deleted_at": "Papierkorb",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


class VersionConflictError(ConflictError):
    """Someone else saved the record after this editor read it; nothing was written."""

    def __init__(
        self,
        label: str,
        *,
        who: str | None = None,
        when: datetime | None = None,
        fields: list[str] | None = None,
        detail: str | None = None,
    ) -> None:
        self.label = label
        self.who = who
        self.when = when
        self.fields = list(fields or [])
        if who and when:
            local = when.astimezone(BERLIN)
            changed = ", ".join(field_label(f) for f in self.fields) or _("Angaben")
            text = _(
                "„{label}“ wurde inzwischen von {who} geändert (am {date} um {time} Uhr: "
                "{fields}). Ihre Änderungen wurden nicht gespeichert, damit nichts "
                "überschrieben wird. Laden Sie den neuen Stand oder behalten Sie Ihre "
                "Eingaben, um sie zu übernehmen."
            ).format(
                label=label,
                who=who,
                date=f"{local:%d.%m.%Y}",
                time=f"{local:%H:%M}",
                fields=changed,
            )
        else:
            text = _(
                "„{label}“ wurde inzwischen von jemand anderem geändert. Ihre Änderungen "
                "wurden nicht gespeichert, damit nichts überschrieben wird. Laden Sie den "
                "neuen Stand oder behalten Sie Ihre Eingaben, um sie zu übernehmen."
            ).format(label=label)
        super().__init__(text, detail=detail)


#: fields the program changes along with the user's (an event's SEQUENCE): named only alone
_INTERNAL_FIELDS = frozenset({"sequence"})


def conflict_for(
    session: Session, obj: Any, expected_version: int | None = None
) -> VersionConflictError:
    """The conflict error for a record, naming who changed what and when from the audit table:
    every change after `expected_version` (the version the editor or undo step knew), else the
    newest change. One save can write several audit rows (e.g. an event's fields, then its
    SEQUENCE): their fields are named together."""
    record_type = audit.record_type_of(obj)
    label = audit.record_label(obj)
    if record_type is None:
        return VersionConflictError(label)
    entries = list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.record_type == record_type, AuditEntry.record_id == obj.id)
            .order_by(AuditEntry.id.desc())
            .limit(50)
        )
    )
    if not entries:
        return VersionConflictError(label)
    newer = [
        e
        for e in entries
        if expected_version is not None
        and e.row_version is not None
        and e.row_version > expected_version
    ] or entries[:1]
    who = list(dict.fromkeys(e.user_name for e in newer))
    fields = list(dict.fromkeys(f for e in reversed(newer) for f in e.fields.split(",") if f))
    shown = [f for f in fields if f not in _INTERNAL_FIELDS] or fields
    return VersionConflictError(label, who=_(" und ").join(who), when=newer[0].at, fields=shown)


def check(session: Session, obj: Any, expected_version: int | None) -> None:
    """Refuse the save when the record changed since the editor read it at `expected_version`
    (None: the caller knows no version, e.g. an import or an undo step), then mark the record
    changed so that its version rises even when only its child rows (e-mails …) change."""
    if expected_version is not None and session.get_bind().dialect.name != "sqlite":
        # on a server, lock the row now: a save running at the same moment waits here and
        # then sees the new version (and who made it) instead of failing in the UPDATE
        session.refresh(obj, attribute_names=["row_version"], with_for_update=True)
    if expected_version is not None and obj.row_version != expected_version:
        raise conflict_for(session, obj, expected_version)
    obj.updated_at = utcnow()


__all__ = ["FIELD_LABELS", "VersionConflictError", "check", "conflict_for", "field_label"]

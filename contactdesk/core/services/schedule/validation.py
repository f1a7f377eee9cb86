"""Checking an event before it is stored: the fields themselves (validate) and the records it
links to (check_links).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import ValidationError
from contactdesk.core.models import (
    Agreement,
    Contact,
    ContactKind,
    EventKind,
    EventStatus,
    Invitation,
    Organisation,
    OrgKind,
    ParticipantRole,
    Response,
)
from contactdesk.core.services.schedule.data import EventData

_contact = Contact.__table__
_org = Organisation.__table__


def validate(data: EventData) -> EventData:
    """A normalised copy; ValidationError with German messages for everything wrong."""
    errors: dict[str, str] = {}
    clean = dataclasses.replace(
        data,
        participants=[dataclasses.replace(p) for p in data.participants],
        agenda=[a.strip() for a in data.agenda if a.strip()],
        organisation_ids=list(dict.fromkeys(data.organisation_ids)),
        agreement_ids=list(dict.fromkeys(data.agreement_ids)),
    )
    clean.title = clean.title.strip()
    if not clean.title:
        errors["title"] = "Bitte geben Sie einen Titel für den Termin ein."
    if clean.kind not in {k.value for k in EventKind}:
        errors["kind"] = f"Unbekannte Terminart „{clean.kind}“."
    if clean.status not in {s.value for s in EventStatus}:
        errors["status"] = f"Unbekannter Status „{clean.status}“."
    try:
        tzs.zone(clean.tz)
    except ValidationError as exc:
        errors.update(exc.fields)
    if clean.all_day:
        clean.start = datetime.combine(clean.start.date(), time())
        end_day = clean.end.date()
        if clean.end.time() != time() or end_day <= clean.start.date():
            end_day = max(end_day, clean.start.date()) + timedelta(days=1)
        clean.end = datetime.combine(end_day, time())
    if "tz" not in errors:
        instants: dict[str, datetime] = {}  # worked out once (imports validate many events)
        for name, value in (("start", clean.start), ("end", clean.end)):
            try:
                instants[name] = tzs.local_to_utc(
                    value, clean.tz, clean.ambiguous_choice, field=name
                )
            except ValidationError as exc:
                errors.update(exc.fields)
        if len(instants) == 2 and instants["end"] <= instants["start"]:
            errors["end"] = "Das Ende liegt vor dem Beginn. Bitte prüfen Sie die Uhrzeiten."
        elif len(instants) == 2 and instants["end"] - instants["start"] > timedelta(days=366):
            errors["end"] = "Ein Termin kann höchstens ein Jahr dauern."
    if clean.rrule is not None and not clean.rrule.strip():
        clean.rrule = None
    if clean.rrule and "start" not in errors and "tz" not in errors:
        try:
            start_local = clean.start.replace(tzinfo=tzs.zone(clean.tz))
            clean.rrule = tzs.normalise_rule(clean.rrule, start_local)
        except ValidationError as exc:
            errors.update(exc.fields)
    if clean.capacity is not None and clean.capacity < 1:
        errors["capacity"] = "Die Teilnehmerzahl muss mindestens 1 sein (oder leer bleiben)."
    if clean.kind == EventKind.GREMIENSITZUNG.value and not clean.committee_id:
        errors["committee_id"] = "Eine Gremiensitzung braucht ein Gremium."
    if clean.committee_id and clean.kind != EventKind.GREMIENSITZUNG.value:
        clean.committee_id = None
    seen: set[int] = set()
    for index, p in enumerate(clean.participants):
        if p.role not in {r.value for r in ParticipantRole}:
            errors[f"participants.{index}"] = f"Unbekannte Rolle „{p.role}“."
        elif p.response not in {r.value for r in Response}:
            errors[f"participants.{index}"] = f"Unbekannte Rückmeldung „{p.response}“."
        elif p.invitation not in {i.value for i in Invitation}:
            errors[f"participants.{index}"] = f"Unbekannter Einladungsstatus „{p.invitation}“."
        elif p.contact_id in seen:
            errors[f"participants.{index}"] = "Diese Person steht schon in der Teilnehmerliste."
        seen.add(p.contact_id)
    if errors:
        raise ValidationError(errors)
    return clean


def check_links(session: Session, data: EventData, existing_participants: set[int]) -> None:
    """ValidationError when a participant, committee, organisation, organiser or agreement the
    event names is missing; a participant deleted meanwhile may stay if already on the list."""
    ids = {p.contact_id for p in data.participants} | set(data.organisation_ids)
    ids |= {i for i in (data.organiser_id, data.committee_id) if i}
    rows = {
        r.id: r
        for r in session.execute(
            select(_contact.c.id, _contact.c.deleted_at, _contact.c.kind, _org.c.org_kind)
            .outerjoin(_org, _org.c.id == _contact.c.id)
            .where(_contact.c.id.in_(ids))
        )
    }
    for index, p in enumerate(data.participants):
        row = rows.get(p.contact_id)
        if row is None or (
            row.deleted_at is not None and p.contact_id not in existing_participants
        ):
            raise ValidationError(
                {
                    f"participants.{index}": "Eine eingeladene Person gibt es nicht mehr im Kontaktregister."
                }
            )
        if row.kind != ContactKind.PERSON.value:
            raise ValidationError(
                {
                    f"participants.{index}": "Teilnehmende sind Personen. Für eine Organisation "
                    "laden Sie bitte ihre Ansprechperson ein."
                }
            )
    if data.committee_id:
        row = rows.get(data.committee_id)
        if row is None or row.org_kind != OrgKind.GREMIUM.value:
            raise ValidationError({"committee_id": "Das gewählte Gremium gibt es nicht."})
    for oid in data.organisation_ids:
        row = rows.get(oid)
        if row is None or row.kind != ContactKind.ORGANISATION.value:
            raise ValidationError({"organisation_ids": "Eine verknüpfte Organisation fehlt."})
    if data.organiser_id and data.organiser_id not in rows:
        raise ValidationError({"organiser_id": "Die Veranstalterin/der Veranstalter fehlt."})
    if data.agreement_ids:
        found = set(
            session.scalars(select(Agreement.id).where(Agreement.id.in_(data.agreement_ids)))
        )
        if found != set(data.agreement_ids):
            raise ValidationError({"agreement_ids": "Eine verknüpfte Vereinbarung fehlt."})

"""Checking an agreement before it is stored: its fields (validate) and the contacts it names
(check_contacts).
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core import deadlines
from contactdesk.core.errors import ValidationError
from contactdesk.core.models import AgreementKind, AgreementStatus, Contact, NoticeTo, PartyRole
from contactdesk.core.services.agreements.data import CENT, AgreementData


def validate(data: AgreementData) -> AgreementData:
    errors: dict[str, str] = {}
    clean = dataclasses.replace(data, parties=[dataclasses.replace(p) for p in data.parties])
    clean.title = clean.title.strip()
    clean.reference = clean.reference.strip()
    if not clean.title:
        errors["title"] = "Bitte geben Sie einen Titel für die Vereinbarung ein."
    if clean.kind not in {k.value for k in AgreementKind}:
        errors["kind"] = f"Unbekannte Art der Vereinbarung „{clean.kind}“."
    if clean.status not in {s.value for s in AgreementStatus}:
        errors["status"] = f"Unbekannter Status „{clean.status}“."
    if clean.valid_from and clean.valid_until and clean.valid_until < clean.valid_from:
        errors["valid_until"] = (
            "Das Ende der Laufzeit liegt vor ihrem Beginn. Bitte prüfen Sie „gültig bis“."
        )
    for name, value in (
        ("renewal_months", clean.renewal_months),
        ("notice_months", clean.notice_months),
    ):
        if value is not None and not 1 <= value <= 120:
            errors[name] = "Bitte eine Anzahl von Monaten zwischen 1 und 120 angeben."
    if clean.renewal_months and clean.valid_until is None:
        errors["renewal_months"] = (
            "Eine automatische Verlängerung braucht ein Laufzeitende („gültig bis“)."
        )
    if clean.notice_months and not clean.notice_to:
        clean.notice_to = (
            NoticeTo.LAUFZEITENDE.value if clean.valid_until else NoticeTo.JAHRESENDE.value
        )
    if clean.notice_to and clean.notice_to not in {n.value for n in NoticeTo}:
        errors["notice_to"] = f"Unbekannter Kündigungstermin „{clean.notice_to}“."
    if clean.notice_to and not clean.notice_months:
        clean.notice_to = None
    if (
        "notice_months" not in errors
        and clean.notice_months
        and clean.valid_from
        and clean.valid_until
        and clean.valid_until >= clean.valid_from
    ):
        term = deadlines.term_months(clean.valid_from, clean.valid_until)
        if clean.notice_months > term:
            errors["notice_months"] = (
                f"Die Kündigungsfrist ({clean.notice_months} Monate) ist länger als die "
                f"Laufzeit ({term} Monate)."
            )
    for name in ("amount_once", "amount_yearly"):
        value = getattr(clean, name)
        if value is None:
            continue
        if isinstance(value, float):
            errors[name] = "Beträge bitte als Dezimalzahl, nicht als Gleitkommazahl."
            continue
        amount = Decimal(value)
        if amount < 0:
            errors[name] = "Ein Betrag kann nicht negativ sein."
        elif amount >= Decimal("10000000000"):
            errors[name] = "Der Betrag ist zu groß."
        else:
            setattr(clean, name, amount.quantize(CENT, rounding=ROUND_HALF_UP) or None)
    seen = set()
    for index, party in enumerate(clean.parties):
        if party.role not in {r.value for r in PartyRole}:
            errors[f"parties.{index}"] = f"Unbekannte Rolle „{party.role}“."
        key = (party.contact_id, party.role)
        if key in seen:
            errors[f"parties.{index}"] = "Derselbe Kontakt steht zweimal mit derselben Rolle da."
        seen.add(key)
    if clean.signed_on and clean.valid_until and clean.signed_on > clean.valid_until:
        errors["signed_on"] = "Die Unterzeichnung liegt nach dem Ende der Laufzeit."
    if errors:
        raise ValidationError(errors)
    return clean


def check_contacts(session: Session, data: AgreementData, existing: set[int]) -> None:
    ids = {p.contact_id for p in data.parties} | (
        {data.signed_for_town_by_id} if data.signed_for_town_by_id else set()
    )
    if not ids:
        return
    rows = {
        r.id: r
        for r in session.execute(
            select(Contact.id, Contact.deleted_at, Contact.kind).where(Contact.id.in_(ids))
        )
    }
    for index, party in enumerate(data.parties):
        row = rows.get(party.contact_id)
        # A party that was deleted after it was named may stay; a new one must be live.
        if row is None or (row.deleted_at is not None and party.contact_id not in existing):
            raise ValidationError(
                {f"parties.{index}": "Ein Vertragspartner existiert nicht mehr im Kontaktregister."}
            )
    if data.signed_for_town_by_id:
        row = rows.get(data.signed_for_town_by_id)
        if row is None or row.kind != "person":
            raise ValidationError(
                {"signed_for_town_by_id": "Für die Stadt kann nur eine Person unterzeichnen."}
            )

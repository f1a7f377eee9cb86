"""The status workflow of an agreement: which status may follow which, a change with its date
and note in the history, and the undo of the last change.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from contactdesk.core.errors import ConflictError, ValidationError
from contactdesk.core.labels import AGREEMENT_STATUS, source_label
from contactdesk.core.models import AgreementStatus, StatusChange, utcnow
from contactdesk.core.services.agreements.data import AgreementData
from contactdesk.core.services.agreements.register import load_agreement, to_data

S = AgreementStatus
#: The status workflow: which status may follow which.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.ENTWURF: (S.IN_ABSTIMMUNG, S.UNTERZEICHNET, S.AUFGEHOBEN),
    S.IN_ABSTIMMUNG: (S.ENTWURF, S.UNTERZEICHNET, S.AUFGEHOBEN),
    S.UNTERZEICHNET: (S.AKTIV, S.AUFGEHOBEN),
    S.AKTIV: (S.GEKUENDIGT, S.AUSGELAUFEN, S.AUFGEHOBEN),
    S.GEKUENDIGT: (S.AUSGELAUFEN,),
    S.AUSGELAUFEN: (),
    S.AUFGEHOBEN: (),
}


def allowed_transitions(status: str) -> tuple[str, ...]:
    return tuple(s.value if hasattr(s, "value") else s for s in TRANSITIONS.get(status, ()))


def change_status(
    session: Session,
    agreement_id: int,
    to_status: str,
    *,
    on_date: date | None = None,
    note: str = "",
) -> AgreementData:
    agreement = load_agreement(session, agreement_id)
    on_date = on_date or date.today()
    if to_status not in allowed_transitions(agreement.status):
        raise ConflictError(
            f"Eine Vereinbarung im Status „{source_label(AGREEMENT_STATUS, agreement.status)}“ kann "
            f"nicht auf „{source_label(AGREEMENT_STATUS, to_status)}“ gesetzt werden."
        )
    # The creation entry is dated the day of entry; past agreements may be recorded later.
    steps = [h for h in agreement.history if h.from_status is not None]
    if steps and on_date < steps[-1].on_date:
        raise ValidationError(
            {"on_date": "Das Datum liegt vor dem letzten Statuswechsel dieser Vereinbarung."}
        )
    fill_signed = to_status == S.UNTERZEICHNET.value and agreement.signed_on is None
    fill_valid = to_status == S.AKTIV.value and agreement.valid_from is None
    if fill_signed:
        agreement.signed_on = on_date
    if fill_valid:
        agreement.valid_from = on_date
    agreement.history.append(
        StatusChange(
            from_status=agreement.status,
            to_status=to_status,
            on_date=on_date,
            note=note.strip(),
            recorded_at=utcnow(),
            filled_signed_on=fill_signed,
            filled_valid_from=fill_valid,
        )
    )
    agreement.status = to_status
    session.flush()
    return to_data(session, agreement)


def revert_status_change(session: Session, agreement_id: int) -> AgreementData:
    """Undo the last status change: drop its history entry and restore the status before."""
    agreement = load_agreement(session, agreement_id)
    if len(agreement.history) < 2:
        raise ConflictError("Es gibt keinen Statuswechsel, der rückgängig gemacht werden kann.")
    last = agreement.history.pop()
    agreement.status = last.from_status or S.ENTWURF.value
    if last.filled_signed_on:
        agreement.signed_on = None
    if last.filled_valid_from:
        agreement.valid_from = None
    session.flush()
    return to_data(session, agreement)

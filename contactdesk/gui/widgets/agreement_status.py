"""The status change of an agreement as the user sees it: the verb of each target status (the
button text) and the dialog that asks for the date and a note (`prompts.ask_status_change`)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import AGREEMENT_STATUS, label
from contactdesk.core.models.agreements import AgreementStatus
from contactdesk.gui.dialogs.dated_note import DatedNoteDialog

#: The button text of each target status (what the user does).
STATUS_VERBS = {
    AgreementStatus.ENTWURF.value: N_("Zurück zum Entwurf"),
    AgreementStatus.IN_ABSTIMMUNG.value: N_("In Abstimmung geben"),
    AgreementStatus.UNTERZEICHNET.value: N_("Unterzeichnen"),
    AgreementStatus.AKTIV.value: N_("Aktivieren"),
    AgreementStatus.GEKUENDIGT.value: N_("Kündigen"),
    AgreementStatus.AUSGELAUFEN.value: N_("Auslaufen lassen"),
    AgreementStatus.AUFGEHOBEN.value: N_("Aufheben"),
}

#: status changes that end an agreement: Enter in the dialog's fields must not carry them out
DESTRUCTIVE = {AgreementStatus.GEKUENDIGT.value, AgreementStatus.AUFGEHOBEN.value}


def status_verb(to_status: str) -> str:
    """What the user does to reach `to_status` ("Kündigen"), translated."""
    return _(STATUS_VERBS.get(to_status, label(AGREEMENT_STATUS, to_status)))


class StatusChangeDialog(DatedNoteDialog):
    """Asks for the date of a status change (default today) and a note."""

    def __init__(self, parent: QWidget | None, title: str, from_status: str, to_status: str):
        verb = status_verb(to_status)
        text = _("„{title}“: {old} → {new}").format(
            title=title,
            old=label(AGREEMENT_STATUS, from_status),
            new=label(AGREEMENT_STATUS, to_status),
        )
        super().__init__(parent, verb, text, verb, destructive=to_status in DESTRUCTIVE)
        self.setAccessibleName(_("Statuswechsel"))

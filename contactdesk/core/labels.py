"""German display labels for the enumerations of the domain (through i18n)."""

from __future__ import annotations

from contactdesk.core.enums import (
    AgreementKind,
    AgreementStatus,
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    EventKind,
    EventStatus,
    InteractionKind,
    Invitation,
    NetworkRole,
    NoticeTo,
    OrgKind,
    ParticipantRole,
    PartyRole,
    Response,
)
from contactdesk.core.i18n import N_, _

CONTACT_KIND = {
    ContactKind.PERSON: N_("Person"),
    ContactKind.ORGANISATION: N_("Organisation"),
}

ORG_KIND = {
    OrgKind.KOMMUNE: N_("Kommune"),
    OrgKind.GEMEINDEVERWALTUNGSVERBAND: N_("Gemeindeverwaltungsverband"),
    OrgKind.GREMIUM: N_("Gremium"),
    OrgKind.STIFTUNG: N_("Stiftung"),
    OrgKind.MINISTERIUM: N_("Ministerium"),
    OrgKind.VERBAND: N_("Verband"),
    OrgKind.VEREIN: N_("Verein"),
    OrgKind.UNTERNEHMEN: N_("Unternehmen"),
    OrgKind.NETZWERK: N_("Netzwerk"),
    OrgKind.SONSTIGE: N_("Sonstige"),
}

NETWORK_ROLE = {
    NetworkRole.KEINE: N_("keine"),
    NetworkRole.EIGENE_KOMMUNE: N_("eigene Kommune"),
    NetworkRole.NETZWERK: N_("Netzwerk"),
    NetworkRole.NETZWERKPARTNER: N_("Netzwerkpartner"),
    NetworkRole.PATENSTADT: N_("Patenstadt"),
    NetworkRole.PATENSTADT_KANDIDATIN: N_("Patenstadt (Kandidatin)"),
    NetworkRole.PROJEKTPARTNER: N_("Projektpartner"),
    NetworkRole.BERATER: N_("Berater"),
    NetworkRole.FOERDERER: N_("Förderer"),
    NetworkRole.UNTERSTUETZER: N_("Unterstützer"),
}

INTERACTION_KIND = {
    InteractionKind.ANRUF: N_("Anruf"),
    InteractionKind.TREFFEN: N_("Treffen"),
    InteractionKind.EMAIL: N_("E-Mail"),
    InteractionKind.BRIEF: N_("Brief"),
    InteractionKind.SONSTIGES: N_("Sonstiges"),
}

CONSENT_PURPOSE = {
    ConsentPurpose.KONTAKTDATEN: N_("Speichern der Kontaktdaten"),
    ConsentPurpose.EINLADUNGEN: N_("Erhalt von Einladungen"),
    ConsentPurpose.VORLAGEN: N_("Nennung in Gremienvorlagen"),
    ConsentPurpose.VEROEFFENTLICHUNG: N_("Veröffentlichung (Website, Presse)"),
}

CONSENT_METHOD = {
    ConsentMethod.SCHRIFTLICH: N_("schriftlich"),
    ConsentMethod.EMAIL: N_("per E-Mail"),
    ConsentMethod.MUENDLICH: N_("mündlich"),
    ConsentMethod.ONLINE: N_("online"),
}

AGREEMENT_KIND = {
    AgreementKind.NETZWERKVEREINBARUNG: N_("Netzwerkvereinbarung"),
    AgreementKind.KOOPERATIONSVEREINBARUNG: N_("Kooperationsvereinbarung"),
    AgreementKind.PATENSCHAFT: N_("Patenschaft"),
    AgreementKind.FOERDERVEREINBARUNG: N_("Fördervereinbarung"),
    AgreementKind.DATENSCHUTZVEREINBARUNG: N_("Datenschutzvereinbarung"),
    AgreementKind.SONSTIGE: N_("sonstige Vereinbarung"),
}

AGREEMENT_STATUS = {
    AgreementStatus.ENTWURF: N_("Entwurf"),
    AgreementStatus.IN_ABSTIMMUNG: N_("in Abstimmung"),
    AgreementStatus.UNTERZEICHNET: N_("unterzeichnet"),
    AgreementStatus.AKTIV: N_("aktiv"),
    AgreementStatus.GEKUENDIGT: N_("beendet (gekündigt)"),
    AgreementStatus.AUSGELAUFEN: N_("beendet (ausgelaufen)"),
    AgreementStatus.AUFGEHOBEN: N_("beendet (aufgehoben)"),
}

PARTY_ROLE = {
    PartyRole.VERTRAGSPARTNER: N_("Vertragspartner"),
    PartyRole.UNTERZEICHNER: N_("Unterzeichner"),
    PartyRole.ANSPRECHPARTNER: N_("Ansprechpartner"),
}

NOTICE_TO = {
    NoticeTo.LAUFZEITENDE: N_("zum Laufzeitende"),
    NoticeTo.MONATSENDE: N_("zum Monatsende"),
    NoticeTo.QUARTALSENDE: N_("zum Quartalsende"),
    NoticeTo.JAHRESENDE: N_("zum Jahresende"),
}

EVENT_KIND = {
    EventKind.WORKSHOP: N_("Workshop"),
    EventKind.PRAESENZVERANSTALTUNG: N_("Präsenzveranstaltung"),
    EventKind.NETZWERKTREFFEN: N_("Netzwerktreffen"),
    EventKind.ONLINE_TERMIN: N_("Online-Termin"),
    EventKind.GREMIENSITZUNG: N_("Gremiensitzung"),
    EventKind.SONSTIGER_TERMIN: N_("sonstiger Termin"),
}

EVENT_STATUS = {
    EventStatus.GEPLANT: N_("geplant"),
    EventStatus.EINGELADEN: N_("eingeladen"),
    EventStatus.BESTAETIGT: N_("bestätigt"),
    EventStatus.DURCHGEFUEHRT: N_("durchgeführt"),
    EventStatus.ABGESAGT: N_("abgesagt"),
}

PARTICIPANT_ROLE = {
    ParticipantRole.TEILNEHMER: N_("Teilnehmer/in"),
    ParticipantRole.OPTIONAL: N_("optional"),
    ParticipantRole.MODERATION: N_("Moderation"),
    ParticipantRole.REFERENT: N_("Referent/in"),
}

INVITATION = {
    Invitation.NICHT_EINGELADEN: N_("nicht eingeladen"),
    Invitation.EINGELADEN: N_("eingeladen"),
}

RESPONSE = {
    Response.OFFEN: N_("offen"),
    Response.ZUSAGE: N_("Zusage"),
    Response.ABSAGE: N_("Absage"),
    Response.VORBEHALT: N_("Vorbehalt"),
}


def label(mapping: dict, value: str) -> str:
    """The translated label of an enum value; unknown values are shown as they are."""
    for key, text in mapping.items():
        if key.value == value:
            return _(text)
    return value


def source_label(mapping: dict, value: str) -> str:
    """The German label of an enum value, whatever the UI language (stored or indexed text)."""
    for key, text in mapping.items():
        if key.value == value:
            return str(text)
    return value


def source_labels(mapping: dict) -> dict[str, str]:
    """Every value of an enum mapping with its German label (`source_label` for many rows)."""
    return {key.value: str(text) for key, text in mapping.items()}

"""German display labels for the enumerations of the domain (through i18n)."""

from __future__ import annotations

from contactdesk.core.i18n import _
from contactdesk.core.models.agreements import (
    AgreementKind,
    AgreementStatus,
    NoticeTo,
    PartyRole,
)
from contactdesk.core.models.contacts import (
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    InteractionKind,
    NetworkRole,
    OrgKind,
)
from contactdesk.core.models.schedule import (
    EventKind,
    EventStatus,
    Invitation,
    ParticipantRole,
    Response,
)

CONTACT_KIND = {
    ContactKind.PERSON: "Person",
    ContactKind.ORGANISATION: "Organisation",
}

ORG_KIND = {
    OrgKind.KOMMUNE: "Kommune",
    OrgKind.GEMEINDEVERWALTUNGSVERBAND: "Gemeindeverwaltungsverband",
    OrgKind.GREMIUM: "Gremium",
    OrgKind.STIFTUNG: "Stiftung",
    OrgKind.MINISTERIUM: "Ministerium",
    OrgKind.VERBAND: "Verband",
    OrgKind.VEREIN: "Verein",
    OrgKind.UNTERNEHMEN: "Unternehmen",
    OrgKind.NETZWERK: "Netzwerk",
    OrgKind.SONSTIGE: "Sonstige",
}

NETWORK_ROLE = {
    NetworkRole.KEINE: "keine",
    NetworkRole.EIGENE_KOMMUNE: "eigene Kommune",
    NetworkRole.NETZWERK: "Netzwerk",
    NetworkRole.NETZWERKPARTNER: "Netzwerkpartner",
    NetworkRole.PATENSTADT: "Patenstadt",
    NetworkRole.PATENSTADT_KANDIDATIN: "Patenstadt (Kandidatin)",
    NetworkRole.PROJEKTPARTNER: "Projektpartner",
    NetworkRole.BERATER: "Berater",
    NetworkRole.FOERDERER: "Förderer",
    NetworkRole.UNTERSTUETZER: "Unterstützer",
}

INTERACTION_KIND = {
    InteractionKind.ANRUF: "Anruf",
    InteractionKind.TREFFEN: "Treffen",
    InteractionKind.EMAIL: "E-Mail",
    InteractionKind.BRIEF: "Brief",
    InteractionKind.SONSTIGES: "Sonstiges",
}

CONSENT_PURPOSE = {
    ConsentPurpose.KONTAKTDATEN: "Speichern der Kontaktdaten",
    ConsentPurpose.EINLADUNGEN: "Erhalt von Einladungen",
    ConsentPurpose.VORLAGEN: "Nennung in Gremienvorlagen",
    ConsentPurpose.VEROEFFENTLICHUNG: "Veröffentlichung (Website, Presse)",
}

CONSENT_METHOD = {
    ConsentMethod.SCHRIFTLICH: "schriftlich",
    ConsentMethod.EMAIL: "per E-Mail",
    ConsentMethod.MUENDLICH: "mündlich",
    ConsentMethod.ONLINE: "online",
}

AGREEMENT_KIND = {
    AgreementKind.NETZWERKVEREINBARUNG: "Netzwerkvereinbarung",
    AgreementKind.KOOPERATIONSVEREINBARUNG: "Kooperationsvereinbarung",
    AgreementKind.PATENSCHAFT: "Patenschaft",
    AgreementKind.FOERDERVEREINBARUNG: "Fördervereinbarung",
    AgreementKind.DATENSCHUTZVEREINBARUNG: "Datenschutzvereinbarung",
    AgreementKind.SONSTIGE: "sonstige Vereinbarung",
}

AGREEMENT_STATUS = {
    AgreementStatus.ENTWURF: "Entwurf",
    AgreementStatus.IN_ABSTIMMUNG: "in Abstimmung",
    AgreementStatus.UNTERZEICHNET: "unterzeichnet",
    AgreementStatus.AKTIV: "aktiv",
    AgreementStatus.GEKUENDIGT: "beendet (gekündigt)",
    AgreementStatus.AUSGELAUFEN: "beendet (ausgelaufen)",
    AgreementStatus.AUFGEHOBEN: "beendet (aufgehoben)",
}

PARTY_ROLE = {
    PartyRole.VERTRAGSPARTNER: "Vertragspartner",
    PartyRole.UNTERZEICHNER: "Unterzeichner",
    PartyRole.ANSPRECHPARTNER: "Ansprechpartner",
}

NOTICE_TO = {
    NoticeTo.LAUFZEITENDE: "zum Laufzeitende",
    NoticeTo.MONATSENDE: "zum Monatsende",
    NoticeTo.QUARTALSENDE: "zum Quartalsende",
    NoticeTo.JAHRESENDE: "zum Jahresende",
}

EVENT_KIND = {
    EventKind.WORKSHOP: "Workshop",
    EventKind.PRAESENZVERANSTALTUNG: "Präsenzveranstaltung",
    EventKind.NETZWERKTREFFEN: "Netzwerktreffen",
    EventKind.ONLINE_TERMIN: "Online-Termin",
    EventKind.GREMIENSITZUNG: "Gremiensitzung",
    EventKind.SONSTIGER_TERMIN: "sonstiger Termin",
}

EVENT_STATUS = {
    EventStatus.GEPLANT: "geplant",
    EventStatus.EINGELADEN: "eingeladen",
    EventStatus.BESTAETIGT: "bestätigt",
    EventStatus.DURCHGEFUEHRT: "durchgeführt",
    EventStatus.ABGESAGT: "abgesagt",
}

PARTICIPANT_ROLE = {
    ParticipantRole.TEILNEHMER: "Teilnehmer/in",
    ParticipantRole.OPTIONAL: "optional",
    ParticipantRole.MODERATION: "Moderation",
    ParticipantRole.REFERENT: "Referent/in",
}

INVITATION = {
    Invitation.NICHT_EINGELADEN: "nicht eingeladen",
    Invitation.EINGELADEN: "eingeladen",
}

RESPONSE = {
    Response.OFFEN: "offen",
    Response.ZUSAGE: "Zusage",
    Response.ABSAGE: "Absage",
    Response.VORBEHALT: "Vorbehalt",
}


def label(mapping: dict, value: str) -> str:  # type: ignore[type-arg]
    """The translated label of an enum value; unknown values are shown as they are."""
    for key, text in mapping.items():
        if key.value == value:
            return _(text)
    return value

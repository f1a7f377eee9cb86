"""The enumerations of the domain, without SQLAlchemy.

Light on purpose: the command line's argument parser, core.labels and the first paint of the
window import them before the ORM is loaded. core.models re-exports every one of them (each
model module imports its own from here), so `from contactdesk.core.models import ContactKind`
keeps working.
"""

from __future__ import annotations

from enum import StrEnum

# -------------------- Contacts (models/contacts.py)


class ContactKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class OrgKind(StrEnum):
    KOMMUNE = "kommune"
    GEMEINDEVERWALTUNGSVERBAND = "gemeindeverwaltungsverband"
    GREMIUM = "gremium"
    STIFTUNG = "stiftung"
    MINISTERIUM = "ministerium"
    VERBAND = "verband"
    VEREIN = "verein"
    UNTERNEHMEN = "unternehmen"
    NETZWERK = "netzwerk"
    SONSTIGE = "sonstige"


class NetworkRole(StrEnum):
    KEINE = "keine"
    EIGENE_KOMMUNE = "eigene_kommune"
    NETZWERK = "netzwerk"
    NETZWERKPARTNER = "netzwerkpartner"
    PATENSTADT = "patenstadt"
    PATENSTADT_KANDIDATIN = "patenstadt_kandidatin"
    PROJEKTPARTNER = "projektpartner"
    BERATER = "berater"
    FOERDERER = "foerderer"
    UNTERSTUETZER = "unterstuetzer"


class InteractionKind(StrEnum):
    ANRUF = "anruf"
    TREFFEN = "treffen"
    EMAIL = "email"
    BRIEF = "brief"
    SONSTIGES = "sonstiges"


class ConsentPurpose(StrEnum):
    KONTAKTDATEN = "kontaktdaten"
    EINLADUNGEN = "einladungen"
    VORLAGEN = "vorlagen"
    VEROEFFENTLICHUNG = "veroeffentlichung"


class ConsentMethod(StrEnum):
    SCHRIFTLICH = "schriftlich"
    EMAIL = "email"
    MUENDLICH = "muendlich"
    ONLINE = "online"


# -------------------- Agreements (models/agreements.py)


class AgreementKind(StrEnum):
    NETZWERKVEREINBARUNG = "netzwerkvereinbarung"
    KOOPERATIONSVEREINBARUNG = "kooperationsvereinbarung"
    PATENSCHAFT = "patenschaft"
    FOERDERVEREINBARUNG = "foerdervereinbarung"
    DATENSCHUTZVEREINBARUNG = "datenschutzvereinbarung"
    SONSTIGE = "sonstige"


class AgreementStatus(StrEnum):
    ENTWURF = "entwurf"
    IN_ABSTIMMUNG = "in_abstimmung"
    UNTERZEICHNET = "unterzeichnet"
    AKTIV = "aktiv"
    GEKUENDIGT = "gekuendigt"
    AUSGELAUFEN = "ausgelaufen"
    AUFGEHOBEN = "aufgehoben"


class PartyRole(StrEnum):
    VERTRAGSPARTNER = "vertragspartner"
    UNTERZEICHNER = "unterzeichner"
    ANSPRECHPARTNER = "ansprechpartner"


class NoticeTo(StrEnum):
    """The date a notice takes effect at ("3 Monate zum Jahresende")."""

    LAUFZEITENDE = "laufzeitende"
    MONATSENDE = "monatsende"
    QUARTALSENDE = "quartalsende"
    JAHRESENDE = "jahresende"


# -------------------- Schedule (models/schedule.py)


class EventKind(StrEnum):
    WORKSHOP = "workshop"
    PRAESENZVERANSTALTUNG = "praesenzveranstaltung"
    NETZWERKTREFFEN = "netzwerktreffen"
    ONLINE_TERMIN = "online_termin"
    GREMIENSITZUNG = "gremiensitzung"
    SONSTIGER_TERMIN = "sonstiger_termin"


class EventStatus(StrEnum):
    GEPLANT = "geplant"
    EINGELADEN = "eingeladen"
    BESTAETIGT = "bestaetigt"
    DURCHGEFUEHRT = "durchgefuehrt"
    ABGESAGT = "abgesagt"


class ParticipantRole(StrEnum):
    TEILNEHMER = "teilnehmer"
    OPTIONAL = "optional"
    MODERATION = "moderation"
    REFERENT = "referent"


class Invitation(StrEnum):
    NICHT_EINGELADEN = "nicht_eingeladen"
    EINGELADEN = "eingeladen"


class Response(StrEnum):
    OFFEN = "offen"
    ZUSAGE = "zusage"
    ABSAGE = "absage"
    VORBEHALT = "vorbehalt"


# -------------------- Committee papers (models/committee.py)


class PaperStatus(StrEnum):
    ENTWURF = "entwurf"
    FREIGEGEBEN = "freigegeben"
    IN_BERATUNG = "in_beratung"
    ZUR_KENNTNIS_GENOMMEN = "zur_kenntnis_genommen"
    BESCHLOSSEN = "beschlossen"
    ZURUECKGEZOGEN = "zurueckgezogen"


class ConsultationRole(StrEnum):
    KENNTNISNAHME = "kenntnisnahme"
    VORBERATUNG = "vorberatung"
    ENTSCHEIDUNG = "entscheidung"


#: The town's format of paper numbers ({code} type letter, {number}, {year}): M006-2021.
DEFAULT_NUMBER_FORMAT = "{code}{number:03d}-{year}"
#: the formats the settings offer (services.papers re-exports both)
NUMBER_FORMATS = (
    DEFAULT_NUMBER_FORMAT,
    "{code}/{number:03d}/{year}",
    "{code} {number}/{year}",
    "{year}/{code}{number:04d}",
)

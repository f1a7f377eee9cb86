"""German display labels for the enumerations of the domain (through i18n)."""

from __future__ import annotations

from contactdesk.core.i18n import _
from contactdesk.core.models.contacts import (
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    InteractionKind,
    NetworkRole,
    OrgKind,
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


def label(mapping: dict, value: str) -> str:  # type: ignore[type-arg]
    """The translated label of an enum value; unknown values are shown as they are."""
    for key, text in mapping.items():
        if key.value == value:
            return _(text)
    return value

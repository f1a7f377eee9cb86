"""Validation and normalisation of a contact's data before anything is written.

`validate` returns a normalised copy or raises ValidationError naming every problem in German,
keyed by field (and position in the caller's lists). E-mail addresses are checked by syntax
(email-validator, no DNS look-up), phone numbers are stored in E.164 (phonenumbers, region DE by
default); both libraries load on first use, so the window's start and the command line's read
commands do without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TypeVar

from contactdesk.core import search
from contactdesk.core.contact_data import ContactData
from contactdesk.core.errors import ValidationError
from contactdesk.core.gcpause import bulk_work
from contactdesk.core.models import (
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    InteractionKind,
    NetworkRole,
    OrgKind,
)

_PERSON = ContactKind.PERSON.value
_ORGANISATION = ContactKind.ORGANISATION.value


DEFAULT_REGION = "DE"


def normalise_email(address: str) -> str:
    """A syntactically valid address (no DNS look-up), normalised; raises ValueError."""
    # The validators load when something is validated: the window's start and the command
    # line's read commands do without them (issue 17).
    from email_validator import EmailNotValidError

    from contactdesk.core import email_address

    try:
        # validate_email(address, check_deliverability=False), each domain checked once
        return email_address.normalised(address.strip())
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc


def normalise_phone(number: str, region: str = DEFAULT_REGION) -> str:
    """E.164 form of a phone number (region DE by default); raises ValueError."""
    import phonenumbers  # (loaded on first use, see normalise_email)

    try:
        parsed = phonenumbers.parse(number.strip(), region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError("not a valid number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_phones(numbers: Iterable[str], region: str = DEFAULT_REGION) -> dict[str, str | None]:
    """normalise_phone for many numbers in one run: number -> E.164 form, None when invalid.

    An import normalises its numbers like this before it validates its contacts: phonenumbers'
    tables then stay in the processor's caches instead of alternating with email-validator's
    (about a fifth faster), and a number that repeats is parsed once."""
    forms: dict[str, str | None] = {}
    for number in numbers:
        if number not in forms:
            try:
                forms[number] = normalise_phone(number, region)
            except ValueError:
                forms[number] = None
    return forms


def _phone_form(number: str, region: str, forms: Mapping[str, str | None] | None) -> str:
    """normalise_phone, answered from `forms` (normalise_phones) when it has the number."""
    if forms is None or number not in forms:
        return normalise_phone(number, region)
    form = forms[number]
    if form is None:
        raise ValueError("not a valid number")
    return form


@lru_cache(maxsize=4096)
def format_phone(e164: str) -> str:
    """Readable international form, e.g. +49 3493 123456 (for display; stored is E.164)."""
    if not e164:
        return ""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _normalise_website(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    return url


_T = TypeVar("_T")


def shallow_copy(item: _T) -> _T:
    """A shallow copy of a plain dataclass (validation runs per imported card: kept cheap)."""
    clone = object.__new__(type(item))
    clone.__dict__.update(item.__dict__)
    return clone


_ORG_KINDS = frozenset(k.value for k in OrgKind)
_NETWORK_ROLES = frozenset(k.value for k in NetworkRole)


def validate(
    data: ContactData,
    *,
    region: str = DEFAULT_REGION,
    phone_forms: Mapping[str, str | None] | None = None,
) -> ContactData:
    """A normalised copy of `data`, or ValidationError naming every problem in German.

    `phone_forms`: what normalise_phones(..., region) said of numbers, so that they are not
    parsed again (imports validate many contacts)."""
    errors: dict[str, str] = {}
    clean = shallow_copy(data)
    clean.emails = [shallow_copy(e) for e in data.emails]
    clean.phones = [shallow_copy(p) for p in data.phones]
    clean.addresses = [shallow_copy(a) for a in data.addresses]
    clean.roles = [shallow_copy(r) for r in data.roles]
    clean.consents = [shallow_copy(c) for c in data.consents]
    clean.interactions = [shallow_copy(i) for i in data.interactions]
    clean.tags = list(data.tags)
    is_person = clean.kind == _PERSON
    if not is_person and clean.kind != _ORGANISATION:
        errors["kind"] = f"Unbekannte Kontaktart „{clean.kind}“."
    clean.salutation = clean.salutation.strip()
    clean.title = clean.title.strip()
    clean.first_name = clean.first_name.strip()
    clean.last_name = clean.last_name.strip()
    clean.name = clean.name.strip()
    clean.notes = clean.notes.strip()
    if is_person:
        if not clean.last_name and not clean.first_name:
            errors["last_name"] = "Bitte geben Sie einen Namen ein (mindestens den Nachnamen)."
        elif not clean.last_name:
            errors["last_name"] = "Bitte geben Sie einen Nachnamen ein."
    else:
        if not clean.name:
            errors["name"] = "Bitte geben Sie den Namen der Organisation ein."
        if clean.org_kind not in _ORG_KINDS:
            errors["org_kind"] = f"Unbekannte Art der Organisation „{clean.org_kind}“."
        if clean.network_role not in _NETWORK_ROLES:
            errors["network_role"] = f"Unbekannte Netzwerkrolle „{clean.network_role}“."
    # Error keys use the positions in the caller's lists (empty rows included).
    kept_emails = []
    for index, email in enumerate(clean.emails):
        if not email.address.strip():
            continue
        kept_emails.append(email)
        try:
            email.address = normalise_email(email.address)
        except ValueError:
            errors[f"emails.{index}"] = (
                f"Die E-Mail-Adresse „{email.address.strip()}“ ist ungültig. "
                "Bitte prüfen Sie die Schreibweise (z. B. name@beispiel.de)."
            )
    clean.emails = kept_emails
    kept_phones = []
    for index, phone in enumerate(clean.phones):
        if not phone.number.strip():
            continue
        kept_phones.append(phone)
        try:
            phone.number = _phone_form(phone.number, region, phone_forms)
        except ValueError:
            errors[f"phones.{index}"] = (
                f"Die Telefonnummer „{phone.number.strip()}“ ist ungültig. "
                "Bitte mit Vorwahl eingeben, z. B. 03494 123456 oder +49 3494 123456."
            )
    clean.phones = kept_phones
    clean.website = _normalise_website(clean.website)
    clean.addresses = [
        a for a in clean.addresses if any(x.strip() for x in (a.street, a.postal_code, a.city))
    ]
    for a in clean.addresses:
        a.street, a.postal_code, a.city = a.street.strip(), a.postal_code.strip(), a.city.strip()
    if clean.tags:
        seen: dict[str, str] = {}
        for tag in clean.tags:
            name = " ".join(tag.split())
            if name:
                seen.setdefault(search.fold_cached(name), name)
        clean.tags = sorted(seen.values(), key=search.fold_cached)
    if clean.roles and not is_person:
        errors["roles"] = "Nur Personen können Rollen in Organisationen haben."
    for index, role in enumerate(clean.roles):
        role.function = role.function.strip()
        if role.start_date and role.end_date and role.end_date < role.start_date:
            errors[f"roles.{index}"] = (
                f"Die Rolle „{role.function or 'ohne Funktion'}“ endet vor ihrem Beginn."
            )
    if clean.consents and not is_person:
        errors["consents"] = "Einwilligungen gibt es nur für Personen."
    for index, consent in enumerate(clean.consents):
        if consent.purpose not in {p.value for p in ConsentPurpose}:
            errors[f"consents.{index}"] = f"Unbekannter Zweck der Einwilligung „{consent.purpose}“."
        elif consent.method not in {m.value for m in ConsentMethod}:
            errors[f"consents.{index}"] = f"Unbekannte Art der Einwilligung „{consent.method}“."
        elif consent.valid_until and consent.valid_until < consent.given_on:
            errors[f"consents.{index}"] = "Eine Einwilligung kann nicht vor ihrer Erteilung enden."
        elif consent.withdrawn_on and consent.withdrawn_on < consent.given_on:
            errors[f"consents.{index}"] = (
                "Eine Einwilligung kann nicht vor ihrer Erteilung widerrufen werden."
            )
    for index, item in enumerate(clean.interactions):
        item.summary = item.summary.strip()
        if item.kind not in {k.value for k in InteractionKind}:
            errors[f"interactions.{index}"] = f"Unbekannte Art des Kontakts „{item.kind}“."
        elif not item.summary:
            errors[f"interactions.{index}"] = "Bitte beschreiben Sie kurz, worum es ging."
        elif item.occurred_at.tzinfo is None:
            errors[f"interactions.{index}"] = "Der Zeitpunkt braucht eine Zeitzone."
    if errors:
        raise ValidationError(errors)
    return clean


@bulk_work
def validate_many(items: list[ContactData], *, region: str = DEFAULT_REGION) -> list[ContactData]:
    """Validate a batch; the first invalid item raises ValidationError naming its position."""
    cleaned: list[ContactData] = []
    for position, item in enumerate(items, start=1):
        try:
            clean = validate(item, region=region)
        except ValidationError as exc:
            raise ValidationError(
                {f"{position}.{k}": f"Eintrag {position}: {v}" for k, v in exc.fields.items()}
            ) from exc
        cleaned.append(clean)
    return cleaned

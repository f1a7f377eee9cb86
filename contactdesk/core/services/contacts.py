"""Contact register use cases: create, read, update, delete/restore, list and search contacts.

Functions return plain dataclasses (never ORM objects), so callers can use them after the
session is closed. Validation errors are raised as ValidationError with German messages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload, with_polymorphic

from contactdesk.core import search, sortkeys
from contactdesk.core.contact_data import (
    AddressData,
    ConsentData,
    ContactData,
    EmailData,
    InteractionData,
    PhoneData,
    RoleData,
)
from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError
from contactdesk.core.gcpause import bulk_work
from contactdesk.core.labels import NETWORK_ROLE, ORG_KIND, source_label, source_labels
from contactdesk.core.models import (
    Address,
    Agreement,
    AgreementParty,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Contact,
    ContactKind,
    Email,
    Interaction,
    InteractionKind,
    NetworkRole,
    Organisation,
    OrgKind,
    Person,
    Phone,
    Role,
    Tag,
    utcnow,
)
from contactdesk.core.models.base import new_uids
from contactdesk.core.models.contacts import contact_tag
from contactdesk.core.services.ids import next_free_id
from contactdesk.core.team import versions

DEFAULT_REGION = "DE"

# Plain tables for column queries: joining the ORM subclasses would drag in their base table.
_contact = Contact.__table__
_org = Organisation.__table__
_person = Person.__table__


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class ContactRow:
    """One line of the contact list."""

    id: int
    kind: str
    display_name: str
    affiliation: str
    email: str
    phone: str  # E.164; show it with format_phone()
    city: str
    tags: str
    network_role: str
    org_kind: str

    def to_dict(self) -> dict[str, Any]:
        # what dataclasses.asdict() gives, without its deep copies (100,000 rows at a time)
        return {
            "id": self.id,
            "kind": self.kind,
            "display_name": self.display_name,
            "affiliation": self.affiliation,
            "email": self.email,
            "phone": self.phone,
            "city": self.city,
            "tags": self.tags,
            "network_role": self.network_role,
            "org_kind": self.org_kind,
        }


@dataclass(frozen=True)
class ContactFilter:
    query: str = ""
    kind: str | None = None
    tag: str | None = None
    network_role: str | None = None
    include_deleted: bool = False


class DuplicateContactError(ConflictError):
    """A contact that is probably the same person or organisation exists (services.duplicates)."""

    def __init__(self, existing: list[ContactRow], reasons: dict[int, str] | None = None) -> None:
        names = ", ".join(row.display_name for row in existing)
        #: contact id -> why it looks like the same contact (German)
        self.reasons = reasons or {}
        super().__init__(
            f"Es gibt bereits einen Kontakt, der wahrscheinlich derselbe ist: {names}. "
            "Möchten Sie den vorhandenen Kontakt öffnen?"
        )
        self.existing = existing


# --------------------------------------------------------------------------- validation


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


def _national_form(e164: str) -> str:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def _phone_index_parts(e164: str) -> list[str]:
    """What the search index holds of a number: its E.164 digits and its national digits.

    A query written with separators ("0340 / 12 34 56", "+49 340 123456") is collapsed to
    digits by `search.match_expression`, so no formatted form needs indexing.
    """
    return [e164.lstrip("+"), _national_digits(e164)]


def _national_digits(e164: str) -> str:
    if e164.startswith("+49"):  # fast path for the common case, same result
        return "0" + e164[3:]
    return "".join(ch for ch in _national_form(e164) if ch.isdigit())


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


_PERSON = ContactKind.PERSON.value
_ORGANISATION = ContactKind.ORGANISATION.value
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


# --------------------------------------------------------------------------- helpers


def person_display_name(first_name: str, last_name: str, title: str = "") -> str:
    return " ".join([part for part in (title, first_name, last_name) if part])


def sort_name(data: ContactData) -> str:
    """The folded name the register sorts and matches by ("mueller anna", "stadt weisswasser")."""
    if data.kind == _PERSON:
        return search.fold_cached(f"{data.last_name} {data.first_name}")
    return search.fold_cached(data.name)


def _display_name(data: ContactData) -> str:
    if data.is_person:
        return person_display_name(data.first_name, data.last_name, data.title)
    return data.name


def _load(session: Session, contact_id: int, *, include_deleted: bool = True) -> Contact:
    poly = with_polymorphic(Contact, [Person, Organisation])
    contact = session.scalars(
        select(poly)
        .where(poly.id == contact_id)
        .options(
            selectinload(poly.emails),
            selectinload(poly.phones),
            selectinload(poly.addresses),
            selectinload(poly.tags),
            selectinload(poly.interactions),
        )
    ).one_or_none()
    if contact is None or (contact.deleted_at is not None and not include_deleted):
        raise NotFoundError("Der Kontakt wurde nicht gefunden. Vielleicht wurde er gelöscht.")
    return contact


def _tags(session: Session, names: list[str]) -> list[Tag]:
    if not names:
        return []
    existing = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(names)))}
    folded = {search.fold(n): t for n, t in existing.items()}
    result = []
    for name in names:
        tag = existing.get(name) or folded.get(search.fold(name))
        if tag is None:
            # A tag that differs only in case or spelling variant is the same tag.
            for candidate in session.scalars(select(Tag)):
                if search.fold(candidate.name) == search.fold(name):
                    tag = candidate
                    break
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
        result.append(tag)
    return result


def _check_organisations(
    session: Session, roles: list[RoleData], existing: set[int] | None = None
) -> None:
    """Roles must name live organisations; one the person already had may since be deleted."""
    existing = existing or set()
    ids = {r.organisation_id for r in roles}
    if not ids:
        return
    found = {
        row.id: row.deleted_at
        for row in session.execute(
            select(_contact.c.id, _contact.c.deleted_at).where(
                _contact.c.id.in_(ids), _contact.c.kind == ContactKind.ORGANISATION.value
            )
        )
    }
    missing = [i for i in ids if i not in found or (found[i] is not None and i not in existing)]
    if missing:
        raise ValidationError(
            {"roles": "Eine Organisation in den Rollen gibt es nicht mehr. Bitte wählen Sie neu."}
        )


def _affiliation(session: Session, person_id: int) -> str:
    """'Function, Organisation' of the person's current roles, contact-person roles first."""
    today = date.today()
    rows = session.execute(
        select(Role.function, _org.c.name, Role.is_contact_person, Role.end_date)
        .join(_org, _org.c.id == Role.organisation_id)
        .join(_contact, _contact.c.id == _org.c.id)
        .where(Role.person_id == person_id, _contact.c.deleted_at.is_(None))
        .order_by(Role.is_contact_person.desc(), Role.start_date.desc())
    ).all()
    current = [r for r in rows if r.end_date is None or r.end_date >= today] or rows
    parts = [", ".join(p for p in (r.function, r.name) if p) for r in current[:2]]
    return "; ".join(parts)


def _index_parts(session: Session, contact: Contact) -> list[str | None]:
    parts: list[str | None] = [contact.display_name, contact.notes, contact.website]
    parts += [e.address for e in contact.emails]
    for phone in contact.phones:
        parts += _phone_index_parts(phone.number)
    parts += [f"{a.street} {a.postal_code} {a.city}" for a in contact.addresses]
    parts += [t.name for t in contact.tags]
    if isinstance(contact, Person):
        parts += [contact.salutation, contact.title]
        for function, org_name in session.execute(
            select(Role.function, _org.c.name)
            .join(_org, _org.c.id == Role.organisation_id)
            .where(Role.person_id == contact.id)
        ):
            parts += [function, org_name]
    else:
        assert isinstance(contact, Organisation)
        parts += [
            source_label(ORG_KIND, contact.org_kind),
            source_label(NETWORK_ROLE, contact.network_role),
        ]
        for function, first, last in session.execute(
            select(Role.function, _person.c.first_name, _person.c.last_name)
            .join(_person, _person.c.id == Role.person_id)
            .where(Role.organisation_id == contact.id)
        ):
            parts += [function, first, last]
    return parts


def _refresh_summary(session: Session, contact: Contact) -> None:
    """Recompute the list columns and the search entry of one contact."""
    session.flush()
    contact.primary_email = contact.emails[0].address if contact.emails else ""
    contact.primary_phone = contact.phones[0].number if contact.phones else ""
    contact.city = contact.addresses[0].city if contact.addresses else ""
    contact.tags_text = ", ".join(t.name for t in contact.tags)
    if isinstance(contact, Person):
        contact.affiliation = _affiliation(session, contact.id)
    else:
        assert isinstance(contact, Organisation)
        contact.affiliation = source_label(ORG_KIND, contact.org_kind)
    session.flush()
    old_key = sortkeys.place(session, contact)
    key = contact.sort_key
    assert key is not None
    search.replace_entries(
        session,
        [(key, search.index_text(_index_parts(session, contact)))],
        old_keys=[old_key] if old_key is not None and old_key != key else [],
    )


def _refresh_people_of(session: Session, organisation_id: int) -> None:
    person_ids = session.scalars(
        select(Role.person_id).where(Role.organisation_id == organisation_id).distinct()
    ).all()
    for pid in person_ids:
        _refresh_summary(session, _load(session, pid))


def _apply(session: Session, contact: Contact, data: ContactData) -> None:
    contact.display_name = _display_name(data)
    contact.sort_name = sort_name(data)
    contact.website = data.website or None
    contact.notes = data.notes
    contact.is_example = data.is_example
    contact.emails = [
        Email(address=e.address, label=e.label, position=i) for i, e in enumerate(data.emails)
    ]
    contact.phones = [
        Phone(number=p.number, label=p.label, position=i) for i, p in enumerate(data.phones)
    ]
    contact.addresses = [
        Address(
            street=a.street,
            postal_code=a.postal_code,
            city=a.city,
            country=a.country,
            label=a.label,
            position=i,
        )
        for i, a in enumerate(data.addresses)
    ]
    contact.tags = _tags(session, data.tags)
    contact.interactions = [
        Interaction(kind=i.kind, occurred_at=i.occurred_at, summary=i.summary, by=i.by)
        for i in data.interactions
    ]
    if isinstance(contact, Person):
        contact.salutation = data.salutation
        contact.title = data.title
        contact.first_name = data.first_name
        contact.last_name = data.last_name
        contact.is_public_office_holder = data.is_public_office_holder
        contact.roles = [
            Role(
                organisation_id=r.organisation_id,
                function=r.function,
                is_contact_person=r.is_contact_person,
                start_date=r.start_date,
                end_date=r.end_date,
            )
            for r in data.roles
        ]
        contact.consents = [
            Consent(
                purpose=c.purpose,
                given_on=c.given_on,
                method=c.method,
                valid_until=c.valid_until,
                withdrawn_on=c.withdrawn_on,
                note=c.note,
                source=c.source,
            )
            for c in data.consents
        ]
    elif isinstance(contact, Organisation):
        contact.name = data.name
        contact.org_kind = data.org_kind
        contact.network_role = data.network_role


def _to_data(session: Session, contact: Contact) -> ContactData:
    data = ContactData(
        kind=contact.kind,
        id=contact.id,
        uid=contact.uid,
        website=contact.website or "",
        notes=contact.notes,
        is_example=contact.is_example,
        emails=[EmailData(address=e.address, label=e.label) for e in contact.emails],
        phones=[PhoneData(number=p.number, label=p.label) for p in contact.phones],
        addresses=[
            AddressData(
                street=a.street,
                postal_code=a.postal_code,
                city=a.city,
                country=a.country,
                label=a.label,
            )
            for a in contact.addresses
        ],
        tags=[t.name for t in contact.tags],
        interactions=[
            InteractionData(kind=i.kind, occurred_at=i.occurred_at, summary=i.summary, by=i.by)
            for i in contact.interactions
        ],
        display_name=contact.display_name,
        deleted=contact.deleted_at is not None,
    )
    if isinstance(contact, Person):
        data.salutation = contact.salutation
        data.title = contact.title
        data.first_name = contact.first_name
        data.last_name = contact.last_name
        data.is_public_office_holder = contact.is_public_office_holder
        rows = session.execute(
            select(Role, _org.c.name)
            .join(_org, _org.c.id == Role.organisation_id)
            .where(Role.person_id == contact.id)
            .order_by(Role.start_date, Role.id)
        ).all()
        data.roles = [
            RoleData(
                organisation_id=role.organisation_id,
                function=role.function,
                is_contact_person=role.is_contact_person,
                start_date=role.start_date,
                end_date=role.end_date,
                organisation_name=org_name,
                person_id=contact.id,
                person_name=contact.display_name,
            )
            for role, org_name in rows
        ]
        data.consents = [
            ConsentData(
                purpose=c.purpose,
                given_on=c.given_on,
                method=c.method,
                valid_until=c.valid_until,
                withdrawn_on=c.withdrawn_on,
                note=c.note,
                source=c.source,
            )
            for c in contact.consents
        ]
    elif isinstance(contact, Organisation):
        data.name = contact.name
        data.org_kind = contact.org_kind
        data.network_role = contact.network_role
    data.row_version = contact.row_version
    return data


# --------------------------------------------------------------------------- use cases


def get_contact(session: Session, contact_id: int) -> ContactData:
    return _to_data(session, _load(session, contact_id))


def members(session: Session, organisation_id: int) -> list[RoleData]:
    """The roles people hold in an organisation (for its detail page)."""
    rows = session.execute(
        select(Role, Contact.display_name)
        .join(Contact, Contact.id == Role.person_id)
        .where(Role.organisation_id == organisation_id, Contact.deleted_at.is_(None))
        .order_by(Role.is_contact_person.desc(), Contact.sort_name)
    ).all()
    return [
        RoleData(
            organisation_id=organisation_id,
            function=role.function,
            is_contact_person=role.is_contact_person,
            start_date=role.start_date,
            end_date=role.end_date,
            person_id=role.person_id,
            person_name=name,
        )
        for role, name in rows
    ]


def find_duplicates(session: Session, data: ContactData) -> list[ContactRow]:
    """Live contacts that are probably this one (services/duplicates.py decides)."""
    return _duplicates(session, validate(data))[0]


def _duplicates(session: Session, clean: ContactData) -> tuple[list[ContactRow], dict[int, str]]:
    from contactdesk.core.services import duplicates

    pairs = duplicates.similar_to(session, clean)
    if not pairs:
        return [], {}
    order = {p.keep_id: i for i, p in enumerate(pairs)}
    stmt = _row_select().where(Contact.id.in_(list(order)))
    rows = sorted((_row(r) for r in session.execute(stmt)), key=lambda r: order[r.id])
    return rows, {p.keep_id: p.reason for p in pairs}


def create_contact(
    session: Session, data: ContactData, *, allow_duplicate: bool = False
) -> ContactData:
    clean = validate(data)
    clean.id = None
    _check_organisations(session, clean.roles)
    if not allow_duplicate:
        duplicates, reasons = _duplicates(session, clean)
        if duplicates:
            raise DuplicateContactError(duplicates, reasons)
    contact: Contact = Person() if clean.is_person else Organisation()
    if clean.uid:
        contact.uid = clean.uid
    _apply(session, contact, clean)
    session.add(contact)
    session.flush()
    _refresh_summary(session, contact)
    return _to_data(session, contact)


def update_contact(
    session: Session, contact_id: int, data: ContactData, *, expected_version: int | None = None
) -> ContactData:
    """Save the editor's data; `expected_version` (the row_version it read) refuses the save
    with VersionConflictError when someone else saved the contact meanwhile."""
    clean = validate(data)
    contact = _load(session, contact_id)
    versions.check(session, contact, expected_version)
    if contact.kind != clean.kind:
        raise ValidationError({"kind": "Die Art eines Kontakts kann nicht geändert werden."})
    had = {r.organisation_id for r in contact.roles} if isinstance(contact, Person) else set()
    _check_organisations(session, clean.roles, had)
    old_name = contact.display_name
    _apply(session, contact, clean)
    _refresh_summary(session, contact)
    if isinstance(contact, Organisation) and old_name != contact.display_name:
        _refresh_people_of(session, contact.id)
    return _to_data(session, contact)


@dataclass(frozen=True)
class DeleteResult:
    contact_id: int
    display_name: str
    #: people whose role in this organisation is kept but hidden while it is deleted
    affected_people: list[str]


def delete_impact(session: Session, contact_id: int) -> list[str]:
    """Names of people holding roles in the organisation (nobody for a person)."""
    return (
        [r.person_name for r in members(session, contact_id)]
        if session.get(Organisation, contact_id)
        else []
    )


def delete_contact(session: Session, contact_id: int) -> DeleteResult:
    """Move a contact to the wastebasket. People of a deleted organisation stay untouched."""
    contact = _load(session, contact_id, include_deleted=False)
    affected = delete_impact(session, contact_id)
    contact.deleted_at = utcnow()
    if isinstance(contact, Organisation):
        _refresh_people_of(session, contact.id)
    return DeleteResult(contact.id, contact.display_name, affected)


def restore_contact(session: Session, contact_id: int) -> ContactData:
    contact = _load(session, contact_id)
    contact.deleted_at = None
    if isinstance(contact, Organisation):
        _refresh_people_of(session, contact.id)
    return _to_data(session, contact)


def erase_contact(session: Session, contact_id: int) -> DeleteResult:
    """Erase for good (DSGVO). An organisation's roles go; the people themselves stay."""
    contact = _load(session, contact_id)
    named_in = session.scalars(
        select(Agreement.title)
        .join(AgreementParty, AgreementParty.agreement_id == Agreement.id)
        .where(AgreementParty.contact_id == contact_id)
        .distinct()
    ).all()
    if named_in:
        raise ConflictError(
            f"„{contact.display_name}“ wird in Vereinbarungen genannt "
            f"({', '.join(named_in)}) und kann deshalb nicht endgültig gelöscht werden. "
            "Entfernen Sie den Kontakt zuerst aus diesen Vereinbarungen."
        )
    affected = delete_impact(session, contact_id)
    if isinstance(contact, Organisation):
        person_ids = session.scalars(
            select(Role.person_id).where(Role.organisation_id == contact_id)
        ).all()
        for role in session.scalars(select(Role).where(Role.organisation_id == contact_id)):
            session.delete(role)
        session.flush()
        for pid in set(person_ids):
            _refresh_summary(session, _load(session, pid))
    result = DeleteResult(contact.id, contact.display_name, affected)
    if contact.sort_key is not None:
        search.remove_entries(session, [contact.sort_key])
    session.delete(contact)
    session.flush()
    return result


def _row_select() -> Select[Any]:
    return select(
        Contact.id,
        Contact.kind,
        Contact.display_name,
        Contact.affiliation,
        Contact.primary_email,
        Contact.primary_phone,
        Contact.city,
        Contact.tags_text,
        _org.c.network_role,
        _org.c.org_kind,
    ).outerjoin(_org, _org.c.id == Contact.id)


def _row(r: Any) -> ContactRow:
    return ContactRow(
        id=r.id,
        kind=r.kind,
        display_name=r.display_name,
        affiliation=r.affiliation,
        email=r.primary_email,
        phone=r.primary_phone,
        city=r.city,
        tags=r.tags_text,
        network_role=r.network_role or "",
        org_kind=r.org_kind or "",
    )


def list_contacts(
    session: Session,
    flt: ContactFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[ContactRow]:
    """Contacts sorted by name, filtered and searched; one indexed query per call.

    A search reads its hits from the full-text index in rowid order, which is the name order
    (core/sortkeys.py), and stops after the page: a common prefix costs no more than a rare
    one. With a kind, tag or network-role filter a hit may be far from the next one that
    passes; then a search with many hits walks the name index and keeps the matching rows,
    one with few hits sorts just its matches. A bounded probe tells the two apart.
    """
    return list(iter_contacts(session, flt, limit=limit, offset=offset))


def iter_contacts(
    session: Session,
    flt: ContactFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[ContactRow]:
    """list_contacts() row by row as the database hands them out: the command line prints
    100,000 contacts without holding them all (the session must stay open meanwhile)."""
    flt = flt or ContactFilter()
    query = flt.query.strip()
    dialect = session.get_bind().dialect.name
    if query and dialect == "sqlite" and not (flt.kind or flt.tag or flt.network_role):
        expr = search.match_expression(query)
        if expr is not None:
            yield from _search_in_name_order(session, expr, flt.include_deleted, limit, offset)
            return
    if query and dialect == "postgresql" and not (flt.kind or flt.tag or flt.network_role):
        tsq = search.tsquery_expression(query)
        if tsq is not None and limit is not None:  # a keystroke's page: core/search.py
            rows = search.pg_search_rows(session, tsq, flt.include_deleted, limit, offset)
            yield from map(_row_of, rows)
            return
        if tsq is not None:  # every hit (command line): hits in rowid (= name) order
            page = search.pg_search_page(tsq, flt.include_deleted, limit, offset)
            yield from map(_row_of, session.execute(page))
            return
    stmt = _row_select()
    if query and not search.has_many_hits(session, query):
        keys = search.matching_keys(session, query)
        if keys is not None:
            hits = keys.subquery()
            stmt = stmt.join(hits, hits.c.rowid == Contact.sort_key)
            flt = dataclasses.replace(flt, query="")
    stmt = _filtered(stmt, session, flt)
    stmt = stmt.order_by(Contact.sort_name, Contact.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    # tuples, not attribute access: this runs for every contact of a long list
    for cid, kind, name, affiliation, email, phone, city, tags, role, org_kind in session.execute(
        stmt
    ):
        yield ContactRow(
            cid, kind, name, affiliation, email, phone, city, tags, role or "", org_kind or ""
        )


# The search of every keystroke, as plain SQL: FTS5 hands out its hits in rowid (= name) order,
# each hit finds its contact through the unique sort-key index, and the page ends the scan.
_SEARCH_SQL = """
SELECT c.id, c.kind, c.display_name, c.affiliation, c.primary_email, c.primary_phone,
       c.city, c.tags_text, o.network_role, o.org_kind
FROM contact_fts AS f
JOIN contact AS c ON c.sort_key = f.rowid
LEFT OUTER JOIN organisation AS o ON o.id = c.id
WHERE contact_fts MATCH ? {deleted}
ORDER BY f.rowid
LIMIT ? OFFSET ?
"""
_SEARCH_LIVE = _SEARCH_SQL.format(deleted="AND c.deleted_at IS NULL")
_SEARCH_ALL = _SEARCH_SQL.format(deleted="")


def _search_in_name_order(
    session: Session, expr: str, include_deleted: bool, limit: int | None, offset: int
) -> list[ContactRow]:
    sql = _SEARCH_ALL if include_deleted else _SEARCH_LIVE
    # Straight to sqlite3: this runs at every keystroke, and the rows need no conversion.
    raw = session.connection().connection.driver_connection
    assert raw is not None
    rows = raw.execute(sql, (expr, -1 if limit is None else limit, offset)).fetchall()
    return [_row_of(r) for r in rows]


def _row_of(r: Sequence[Any]) -> ContactRow:
    """A list row from (id, kind, name, affiliation, e-mail, phone, city, tags, network role,
    organisation kind): the column order of both search pages and of `_row_select`."""
    return ContactRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or "", r[9] or "")


def _filtered(stmt: Select[Any], session: Session, flt: ContactFilter | None) -> Select[Any]:
    """Apply a filter to a select over Contact (joined to organisation for network roles)."""
    flt = flt or ContactFilter()
    if flt.network_role:
        stmt = stmt.where(
            Contact.id.in_(select(_org.c.id).where(_org.c.network_role == flt.network_role))
        )
    if not flt.include_deleted:
        stmt = stmt.where(Contact.deleted_at.is_(None))
    if flt.kind:
        stmt = stmt.where(Contact.kind == flt.kind)
    if flt.tag:
        stmt = stmt.where(
            Contact.id.in_(
                select(contact_tag.c.contact_id)
                .join(Tag, Tag.id == contact_tag.c.tag_id)
                .where(Tag.name == flt.tag)
            )
        )
    if flt.query.strip():
        keys = search.matching_keys(session, flt.query)
        if keys is not None:
            stmt = stmt.where(Contact.sort_key.in_(keys))
    return stmt


def list_tags(session: Session) -> list[str]:
    return list(session.scalars(select(Tag.name).order_by(Tag.name)))


def list_organisations(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every live organisation, for choosing one in a role."""
    return [
        (r.id, r.display_name)
        for r in session.execute(
            select(Contact.id, Contact.display_name)
            .where(Contact.kind == ContactKind.ORGANISATION.value, Contact.deleted_at.is_(None))
            .order_by(Contact.sort_name)
        )
    ]


def count_contacts(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Contact).where(Contact.deleted_at.is_(None))
        )
        or 0
    )


def has_consent(session: Session, person_id: int, purpose: str, day: date | None = None) -> bool:
    day = day or date.today()
    data = get_contact(session, person_id)
    return any(c.purpose == purpose and c.is_valid_on(day) for c in data.consents)


def find_by_uid(session: Session, uid: str) -> int | None:
    return session.scalar(select(Contact.id).where(Contact.uid == uid))


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


@bulk_work
def bulk_create(
    session: Session,
    items: list[ContactData],
    *,
    validated: bool = False,
    region: str = DEFAULT_REGION,
) -> list[int]:
    """Create many people and organisations with Core inserts (imports, data at scale).

    Items are validated unless the caller passes `validated=True` for items that came out of
    `validate_many` (an import validates in its preview, then commits). Nothing is written when
    one item is invalid. Roles, consents and interactions are not handled here.
    """
    cleaned = items if validated else validate_many(items, region=region)
    for position, clean in enumerate(cleaned, start=1):
        if clean.roles or clean.consents or clean.interactions:
            raise ValidationError({f"{position}": f"Eintrag {position}: nur Stammdaten erlaubt."})
    if not cleaned:
        return []
    first_id = next_free_id(session, _contact, len(cleaned))
    conn = session.connection()
    now: Any = utcnow()
    if conn.dialect.name == "sqlite":
        now = _sqlite_value(now)
    tag_ids = {name: tag.id for name, tag in _bulk_tags(session, cleaned).items()}
    fresh_uids = iter(new_uids(sum(1 for data in cleaned if not data.uid)))
    # Ids follow the name order, and so do the sort keys: every table, index and the search
    # index then grow in ascending order, which B-trees and FTS5 take fastest.
    sort_names = [sort_name(d) for d in cleaned]
    order = sorted(range(len(cleaned)), key=sort_names.__getitem__)  # stable: ties by position
    ids = [0] * len(cleaned)
    for rank, i in enumerate(order):
        ids[i] = first_id + rank
    # The name order decides the keys, and the keys are the index rowids (core/sortkeys.py).
    keys = sortkeys.keys_for_new(session, [(ids[i], sort_names[i]) for i in order])
    contacts: list[tuple[Any, ...]] = []
    people: list[tuple[Any, ...]] = []
    orgs: list[tuple[Any, ...]] = []
    emails: list[tuple[Any, ...]] = []
    phones: list[tuple[Any, ...]] = []
    addresses: list[tuple[Any, ...]] = []
    tag_links: list[tuple[Any, ...]] = []
    fts: list[tuple[Any, ...]] = []
    index_text = search.index_text
    org_labels = source_labels(ORG_KIND)
    role_labels = source_labels(NETWORK_ROLE)
    for index in order:
        cid, data = ids[index], cleaned[index]
        key = keys[cid]
        # The same index words as `_index_parts` gives the ORM path (no roles in bulk).
        if data.kind == _PERSON:
            display = person_display_name(data.first_name, data.last_name, data.title)
            affiliation = ""
            people.append(
                (
                    cid,
                    data.salutation,
                    data.title,
                    data.first_name,
                    data.last_name,
                    data.is_public_office_holder,
                )
            )
            parts: list[str | None] = [
                display,
                data.notes,
                data.website,
                data.salutation,
                data.title,
            ]
        else:
            display = data.name
            affiliation = org_labels.get(data.org_kind, data.org_kind)
            orgs.append((cid, data.name, data.org_kind, data.network_role))
            parts = [
                display,
                data.notes,
                data.website,
                affiliation,
                role_labels.get(data.network_role, data.network_role),
            ]
        data_emails, data_phones, data_addresses = data.emails, data.phones, data.addresses
        contacts.append(
            (
                cid,
                data.kind,
                data.uid or next(fresh_uids),
                display,
                sort_names[index],
                data.website or None,
                data.notes,
                data.is_example,
                None,
                now,
                now,
                data_emails[0].address if data_emails else "",
                data_phones[0].number if data_phones else "",
                data_addresses[0].city if data_addresses else "",
                affiliation,
                ", ".join(data.tags),
                key,
            )
        )
        for i, e in enumerate(data_emails):
            emails.append((cid, e.address, e.label, i))
            parts.append(e.address)
        for i, p in enumerate(data_phones):
            phones.append((cid, p.number, p.label, i))
            parts += _phone_index_parts(p.number)
        for i, a in enumerate(data_addresses):
            addresses.append((cid, a.street, a.postal_code, a.city, a.country, a.label, i))
            parts.append(f"{a.street} {a.postal_code} {a.city}")
        for t in data.tags:
            tag_links.append((cid, tag_ids[t]))
            parts.append(t)
        # Ascending rowids (FTS5 flushes its pending index at every rowid that goes backwards).
        fts.append((key, index_text(parts)))
    # Plain executemany: no ORM objects, no identity map, no per-row SQL compilation.
    _insert_many(conn, _contact, _CONTACT_COLUMNS, contacts)
    _insert_many(conn, _person, _PERSON_COLUMNS, people)
    _insert_many(conn, _org, ("id", "name", "org_kind", "network_role"), orgs)
    _insert_many(conn, Email.__table__, ("contact_id", "address", "label", "position"), emails)
    _insert_many(conn, Phone.__table__, ("contact_id", "number", "label", "position"), phones)
    _insert_many(conn, Address.__table__, _ADDRESS_COLUMNS, addresses)
    _insert_many(conn, contact_tag, ("contact_id", "tag_id"), tag_links)
    _insert_many(conn, search.fts_table, ("rowid", "text"), fts)
    return ids


_CONTACT_COLUMNS = (
    "id",
    "kind",
    "uid",
    "display_name",
    "sort_name",
    "website",
    "notes",
    "is_example",
    "deleted_at",
    "created_at",
    "updated_at",
    "primary_email",
    "primary_phone",
    "city",
    "affiliation",
    "tags_text",
    "sort_key",
)
_PERSON_COLUMNS = (
    "id",
    "salutation",
    "title",
    "first_name",
    "last_name",
    "is_public_office_holder",
)
_ADDRESS_COLUMNS = ("contact_id", "street", "postal_code", "city", "country", "label", "position")


def _insert_many(
    conn: Any, table_: Any, names: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql":  # team mode: COPY, about 10x an executemany
        from contactdesk.core.team.bulk import copy_rows

        copy_rows(conn, table_.name, names, rows)
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table_.insert(), [dict(zip(names, row, strict=True)) for row in rows])
        return
    sql = f"INSERT INTO {table_.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.exec_driver_sql(sql, rows)


def _sqlite_value(value: datetime) -> str:
    # Same text form as SQLAlchemy's SQLite DateTime type (naive UTC).
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _bulk_tags(session: Session, items: list[ContactData]) -> dict[str, Tag]:
    names = sorted({t for item in items for t in item.tags})
    tags = _tags(session, names)
    session.flush()
    return dict(zip(names, tags, strict=True))


def refresh_contact(session: Session, contact_id: int) -> None:
    """Recompute the list columns and the search entry of a contact whose rows were changed
    outside this module (a merge, an undo of a merge, an erasure)."""
    _refresh_summary(session, _load(session, contact_id))

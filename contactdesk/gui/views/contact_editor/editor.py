"""ContactEditor: the detail editor of one person or organisation, with save, discard and errors.

Its sections live beside it: `sections.py` (the fields typed into), `rows.py` (the rows of its
lists), `linked.py` (members, agreements, the duplicate hint)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from contactdesk.core import undo
from contactdesk.core.changes import CONTACT_KINDS
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.core.labels import CONTACT_KIND, NETWORK_ROLE, ORG_KIND, label
from contactdesk.core.models.contacts import ContactKind
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import duplicates
from contactdesk.core.services.contacts import ContactData, DuplicateContactError
from contactdesk.gui import prompts
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.base.editor import EditorBase
from contactdesk.gui.views.contact_editor.linked import AgreementsBox, DuplicateHint, MembersBox
from contactdesk.gui.views.contact_editor.rows import (
    AddressRow,
    ConsentRow,
    InteractionRow,
    RoleRow,
)
from contactdesk.gui.views.contact_editor.sections import (
    ChannelsSection,
    NotesSection,
    OrganisationSection,
    PersonSection,
    list_box,
)
from contactdesk.gui.views.widgets import PlaceKeeper, RowList, refuse_unreadable_dates, watch

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ContactEditor(EditorBase):
    """Shows one contact (or nothing); saves through Ops with undo; keeps input on errors."""

    sig_open_requested = Signal(int)
    """The user wants to see another contact (a duplicate, a member)."""
    sig_agreement_requested = Signal(int)
    """The user wants to see an agreement of this contact (its id)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent, _("Kontakt bearbeiten"))
        self._loaded: ContactData | None = None  # what the database had at load time
        self._baseline: ContactData | None = None
        self._kind: str | None = None  # person or organisation; None: nothing open
        self._organisations: list[tuple[int, str]] = []
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        outer = self._frame_top(_("Name des Kontakts"), _("Art des Kontakts"))
        self.title = self.heading  # (the name tests and the area know it by)
        # while a new contact is typed: probable duplicates (services/duplicates.py)
        self.duplicate_hint = DuplicateHint()
        outer.addWidget(self.duplicate_hint)
        self.duplicate_hint.timer.timeout.connect(self.check_duplicates)
        self.body = self._frame_page(
            outer,
            _("Wählen Sie links einen Kontakt aus oder legen Sie mit Strg+N eine neue Person an."),
            _("Kein Kontakt ausgewählt"),
            _("Formular des Kontakts"),
        )

        self.person_box = PersonSection()
        self.org_box = OrganisationSection()
        self.channels_box = ChannelsSection()
        self.addresses = RowList(AddressRow, _("Adresse hinzufügen"), _("Adressen"))
        self.notes_box = NotesSection()
        self.roles = RowList(
            lambda: RoleRow(lambda: self._organisations),
            _("Rolle hinzufügen"),
            _("Rollen in Organisationen"),
        )
        self.roles_box = list_box(_("Rollen in Organisationen"), self.roles)
        self.consents = RowList(ConsentRow, _("Einwilligung hinzufügen"), _("Einwilligungen"))
        self.consents_box = list_box(_("Einwilligungen (DSGVO)"), self.consents)
        self.members_box = MembersBox()  # of an organisation
        self.members_box.sig_open_requested.connect(self.sig_open_requested)
        self.agreements_box = AgreementsBox()
        self.agreements_box.sig_open_requested.connect(self.sig_agreement_requested)
        self.interactions = RowList(InteractionRow, _("Eintrag hinzufügen"), _("Kontaktverlauf"))
        for box in (
            self.person_box,
            self.org_box,
            self.channels_box,
            list_box(_("Adressen"), self.addresses),
            self.notes_box,
            self.roles_box,
            self.consents_box,
            self.members_box,
            self.agreements_box,
            list_box(_("Kontaktverlauf"), self.interactions),
        ):
            self.body.addWidget(box)
        # the fields tests and the area use by name
        self.first_name = self.person_box.first_name
        self.last_name = self.person_box.last_name
        self.emails = self.channels_box.emails
        self.phones = self.channels_box.phones
        self.notes = self.notes_box.notes
        self.members = self.members_box.table
        self.agreements = self.agreements_box.table
        self.body.addStretch(1)

        self._frame_bar(outer)

        self._field_widgets = {
            **self.person_box.fields,
            **self.org_box.fields,
            **self.channels_box.fields,
        }
        lists = {
            "emails": self.emails,
            "phones": self.phones,
            "addresses": self.addresses,
            "roles": self.roles,
            "consents": self.consents,
            "interactions": self.interactions,
        }
        self._lists.update(lists)
        watch(self.page, self._on_edited)
        for rows in lists.values():
            rows.sig_edited.connect(self._on_edited)

    # ------------------------------------------------------------------ state
    contact_id = EditorBase.record_id

    @property
    def kind(self) -> str | None:
        return self._kind

    @property
    def has_contact(self) -> bool:
        return self._kind is not None

    def display_name(self) -> str:
        if self._kind is None:
            return ""
        data = self.collect()
        if data.is_person:
            return cs.person_display_name(
                data.first_name.strip(), data.last_name.strip(), data.title.strip()
            )
        return data.name.strip()

    def snapshot(self) -> ContactData:
        return self.collect()

    def clear(self) -> None:
        """Show no contact."""
        self._kind = None
        self.duplicate_hint.reset()
        self._show_empty(_("Kein Kontakt ausgewählt"))

    def new_contact(self, kind: str) -> None:
        """Start a new, unsaved person or organisation."""
        self._show(ContactData(kind=kind), loaded=None)
        is_person = kind == ContactKind.PERSON.value
        (self.person_box.first_name if is_person else self.org_box.org_name).setFocus()

    def load(self, data: ContactData) -> None:
        self._show(data, loaded=data)

    def _read_record(self, session: Session, record_id: int) -> ContactData:
        return cs.get_contact(session, record_id)

    def _refresh(self, data: ContactData, *, keep_edits: bool) -> None:
        """The contact editor has no partial refresh: it shows the stored contact again (the
        area reloads only an editor without unsaved changes)."""
        self.load(data)

    def open_contact(self, contact_id: int) -> bool:
        data = self._read_to_show(lambda s: self._read_record(s, contact_id))
        if data is None:
            return False
        self.load(data)
        return True

    def _show(self, data: ContactData, loaded: ContactData | None) -> None:
        self.duplicate_hint.reset()
        with self._filling(data, loaded):
            self._kind = data.kind
            self._organisations = self._ops.read(cs.list_organisations)
            is_person = data.is_person
            self.person_box.setVisible(is_person)
            self.roles_box.setVisible(is_person)
            self.consents_box.setVisible(is_person)
            self.org_box.setVisible(not is_person)
            self.members_box.setVisible(not is_person and data.id is not None)
            self.person_box.fill(data)
            self.org_box.fill(data)
            self.channels_box.fill(data, new=loaded is None)
            self.addresses.set_values(data.addresses)
            self.notes_box.fill(data)
            self.roles.set_values(data.roles)
            self.consents.set_values(data.consents)
            self.interactions.set_values(data.interactions)
            cid = data.id
            if not is_person and cid is not None:
                self.members_box.show_members(self._ops.read(lambda s: cs.members(s, cid)))
            self.agreements_box.setVisible(cid is not None)
            if cid is not None:
                rows = self._ops.read(lambda s: ag.agreements_for_contact(s, cid))
                self.agreements_box.show_agreements(rows)
        self._fix_tab_order()

    def _update_title(self) -> None:
        if self._kind is None:
            return
        is_person = self._kind == ContactKind.PERSON.value
        new_name = _("Neue Person") if is_person else _("Neue Organisation")
        self._show_heading(self.display_name(), new_name, self._stored_subtitle)

    def _stored_subtitle(self) -> str:
        """The subtitle of a stored contact: "Organisation · Verein · Netzwerkrolle: …"."""
        assert self._kind is not None
        parts = [label(CONTACT_KIND, self._kind)]
        loaded = self._loaded
        if loaded is not None and not loaded.is_person:
            parts.append(label(ORG_KIND, loaded.org_kind))
            if loaded.network_role != "keine":
                role = label(NETWORK_ROLE, loaded.network_role)
                parts.append(_("Netzwerkrolle: {role}").format(role=role))
        elif loaded is not None and loaded.is_public_office_holder:
            parts.append(_("Amtsträger/in"))
        if loaded is not None and loaded.is_example:
            parts.append(_("Beispieldaten"))
        return " · ".join(parts)

    def _fix_tab_order(self) -> None:
        is_person = self._kind == ContactKind.PERSON.value
        chain = (self.person_box if is_person else self.org_box).focus_chain()
        chain += self.channels_box.focus_chain()
        chain += [*self.addresses.focus_chain(), *self.notes_box.focus_chain()]
        if is_person:
            chain += self.roles.focus_chain() + self.consents.focus_chain()
        else:
            chain.append(self.members)
        chain.append(self.agreements)
        self._tab_order([*chain, *self.interactions.focus_chain()])

    def _on_edited(self) -> None:
        super()._on_edited()
        if not self._loading and self._open and self._loaded is None:
            self.duplicate_hint.schedule()

    def check_duplicates(self) -> list[str]:
        """For a new contact: show the stored contacts it probably is (names, for tests)."""
        if self._loaded is not None or self._kind is None:
            self.duplicate_hint.setVisible(False)
            return []
        data = self.collect()
        pairs = self._ops.read(lambda s: duplicates.similar_to(s, data))[:3]
        return self.duplicate_hint.show_pairs(pairs)

    # ------------------------------------------------------------------ data
    def collect(self) -> ContactData:
        """The contact as the fields show it now (nothing normalised yet)."""
        assert self._kind is not None
        base = self._loaded or ContactData(kind=self._kind)
        data = dataclasses.replace(base)
        data.kind = self._kind
        if self._kind == ContactKind.PERSON.value:
            self.person_box.collect_into(data)
            data.roles = self.roles.values()
            data.consents = self.consents.values()
        else:
            self.org_box.collect_into(data)
            data.roles = []
            data.consents = []
        self.channels_box.collect_into(data)
        data.addresses = self.addresses.values()
        self.notes_box.collect_into(data)
        data.interactions = self.interactions.values()
        return data

    # ------------------------------------------------------------------ actions
    def save(self) -> bool:
        """Store the contact; on errors show them at the fields and keep every input."""
        if self._kind is None or refuse_unreadable_dates(self):
            return False
        data = self.collect()
        self._clear_errors()
        bad_roles = [i for i, r in enumerate(data.roles) if r.organisation_id < 0]
        if bad_roles:
            self._show_errors(
                {f"roles.{i}": _("Bitte wählen Sie eine Organisation.") for i in bad_roles}
            )
            return False
        saved, error = self._store_contact(data, allow_duplicate=False)
        if isinstance(error, DuplicateContactError):
            answer = prompts.ask_duplicate(self, error.existing, error.reasons)
            if answer is prompts.Answer.OPEN:
                self.clear()
                self.sig_open_requested.emit(error.existing[0].id)
                return False
            if answer is not prompts.Answer.CREATE:
                return False
            saved, error = self._store_contact(data, allow_duplicate=True)
        if error is not None:
            self._save_failed(error, data)
            return False
        assert saved is not None and saved.id is not None
        place = PlaceKeeper(self, self.scroll_area) if data.id is not None else None
        self.load(saved)
        if place is not None:  # an edit: stay where the user was (a new contact starts on top)
            place.restore()
        self.sig_saved.emit(saved.id)
        return True

    def _store_contact(
        self, data: ContactData, *, allow_duplicate: bool
    ) -> tuple[ContactData | None, ContactdeskError | None]:
        """Create (refused as a probable duplicate unless `allow_duplicate`) or update."""

        return self._store(
            data,
            create=lambda s: cs.create_contact(s, data, allow_duplicate=allow_duplicate),
            read=cs.get_contact,
            write=cs.update_contact,
            created=undo.created_contact,
            updated=undo.updated_contact,
            created_message=lambda v: _("„{name}“ angelegt.").format(name=v.display_name),
            saved_message=lambda v: _("„{name}“ gespeichert.").format(name=v.display_name),
            kinds=CONTACT_KINDS,
            contact_ids=lambda v: set() if v.id is None else {v.id},  # (a stored one has an id)
        )

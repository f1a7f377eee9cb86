"""AgreementEditor: one agreement with its parties, terms, amounts, status workflow and documents.

Its parts live beside it: `form.py` (the sections typed into), `fields.py` (contact field, party
row), `status.py` (status buttons and history), `documents.py` (the documents and their actions).
The status change is asked through `prompts.ask_status_change`.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from contactdesk.core import undo
from contactdesk.core.changes import AGREEMENT_KINDS
from contactdesk.core.errors import ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementData
from contactdesk.gui import prompts
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.agreement_editor.documents import DocumentsBox
from contactdesk.gui.views.agreement_editor.fields import PartyRow
from contactdesk.gui.views.agreement_editor.form import (
    AmountsSection,
    MasterSection,
    SignatureSection,
    TermSection,
)
from contactdesk.gui.views.agreement_editor.status import StatusSection
from contactdesk.gui.views.base.editor import EditorBase
from contactdesk.gui.views.widgets import RowList, error_label, refuse_unreadable_dates, watch

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class AgreementEditor(EditorBase):
    """Shows one agreement (or nothing); saves through Ops with undo; keeps input on errors."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent, _("Vereinbarung bearbeiten"))
        self._loaded: AgreementData | None = None
        self._baseline: tuple[Any, ...] | None = None
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        outer = self._frame_top(_("Titel der Vereinbarung"), _("Art und Status der Vereinbarung"))
        self.problems_label = error_label()
        self.problems_label.setAccessibleName(_("Probleme mit Dokumenten"))
        outer.addWidget(self.problems_label)
        self.body = self._frame_page(
            outer,
            _(
                "Wählen Sie links eine Vereinbarung aus oder legen Sie mit Strg+N eine neue "
                "Vereinbarung an."
            ),
            _("Keine Vereinbarung ausgewählt"),
            _("Formular der Vereinbarung"),
        )

        self.master_box = MasterSection()
        self.status_box = StatusSection()
        self.status_box.sig_change_requested.connect(self.change_status)
        self.parties = RowList(lambda: PartyRow(self._ops), _("Partei hinzufügen …"), _("Parteien"))
        self.parties.add_button.clicked.disconnect()
        self.parties.add_button.clicked.connect(self.add_party)
        parties_box = QGroupBox(_("Parteien"))
        QVBoxLayout(parties_box).addWidget(self.parties)
        self.signature_box = SignatureSection(self._ops)
        self.term_box = TermSection()
        self.amounts_box = AmountsSection()
        self.documents_box = DocumentsBox(
            self._ops, lambda w: self.scroll_area.ensureWidgetVisible(w, 0, 20)
        )
        self.documents_box.sig_problems_changed.connect(self._show_problems)
        for box in (
            self.master_box,
            self.status_box,
            parties_box,
            self.signature_box,
            self.term_box,
            self.amounts_box,
            self.documents_box,
        ):
            self.body.addWidget(box)
        # the fields tests and the area use by name
        self.title = self.master_box.title_edit
        self.kind = self.master_box.kind
        self.reference = self.master_box.reference
        self.description = self.master_box.description
        self.status_label = self.status_box.status_label
        self.history = self.status_box.history
        self.signed_by = self.signature_box.signed_by
        self.signed_on = self.signature_box.signed_on
        self.valid_from = self.term_box.valid_from
        self.valid_until = self.term_box.valid_until
        self.unlimited = self.term_box.unlimited
        self.renewal = self.term_box.renewal
        self.notice = self.term_box.notice
        self.notice_to = self.term_box.notice_to
        self.amount_once = self.amounts_box.amount_once
        self.amount_yearly = self.amounts_box.amount_yearly
        self.documents = self.documents_box.documents
        self.documents_hint = self.documents_box.hint
        self.add_document_button = self.documents_box.add_button
        self.open_document_button = self.documents_box.open_button
        self.remove_document_button = self.documents_box.remove_button
        self.body.addStretch(1)

        self._frame_bar(outer)

        for section in (self.master_box, self.signature_box, self.term_box, self.amounts_box):
            self._field_widgets.update(section.fields)
        self._lists["parties"] = self.parties
        watch(self.page, self._on_edited)
        self.parties.sig_edited.connect(self._on_edited)
        self.signed_by.sig_changed.connect(self._on_edited)

    # ------------------------------------------------------------------ state
    agreement_id = EditorBase.record_id

    @property
    def status_buttons(self) -> dict[str, QPushButton]:
        """The button of each status the shown agreement may move to now."""
        return self.status_box.buttons

    has_agreement = EditorBase.has_record

    def display_name(self) -> str:
        return self.title.text().strip() if self._open else ""

    def snapshot(self) -> tuple[Any, ...]:
        """The fields as typed (nothing parsed), to tell whether something changed."""
        parties = tuple((p.contact_id, p.role) for p in self.parties.values())
        return (
            *self.master_box.typed(),
            parties,
            *self.signature_box.typed(),
            *self.term_box.typed(),
            *self.amounts_box.typed(),
        )

    def leave_name(self) -> str:
        return self.display_name() or _("neue Vereinbarung")

    def clear(self) -> None:
        """Show no agreement."""
        self.documents_box.forget_problems()
        self._show_empty(_("Keine Vereinbarung ausgewählt"))

    def new_agreement(self) -> None:
        self._show(AgreementData(), loaded=None)
        self.title.setFocus()

    def open_agreement(self, agreement_id: int) -> bool:
        """Show a stored agreement and report documents that fail their check."""
        data = self._read_to_show(lambda s: self._read_record(s, agreement_id))
        if data is None:
            return False
        self._show(data, loaded=data)
        problems = self.documents_box.verify()
        if problems:
            prompts.show_error(self, "\n\n".join(problems), _("Probleme mit Dokumenten"))
        return True

    def _read_record(self, session: Session, record_id: int) -> AgreementData:
        return ag.get_agreement(session, record_id)

    def _refresh(self, data: AgreementData, *, keep_edits: bool) -> None:
        """Unsaved edits are kept: then only status, history and documents are refreshed."""
        if keep_edits:
            self._loaded = dataclasses.replace(
                self._loaded or data,
                status=data.status,
                history=data.history,
                documents=data.documents,
            )
            self.status_box.show_status(self._loaded)
            self.documents_box.show_documents(self._loaded)
        else:
            self._show(data, loaded=data)
        self.documents_box.verify_if_changed()

    def _show_problems(self, problems: list[str]) -> None:
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))

    def _show(self, data: AgreementData, loaded: AgreementData | None) -> None:
        with self._filling(data, loaded):
            self.master_box.fill(data)
            self.parties.set_values(data.parties)
            for section in (self.signature_box, self.term_box, self.amounts_box):
                section.fill(data)
            self.status_box.show_status(data)
            self.documents_box.show_documents(data)
        if loaded is None:
            self.documents_box.forget_problems()
        self._fix_tab_order()

    def _update_title(self) -> None:
        if self._open:
            name = self.title.text().strip()
            self._show_heading(name, _("Neue Vereinbarung"), self._stored_subtitle)

    def _stored_subtitle(self) -> str:
        """The subtitle of a stored agreement: "Kooperationsvereinbarung · aktiv · Az. …"."""
        assert self._loaded is not None
        parts = [
            label(AGREEMENT_KIND, self._loaded.kind),
            label(AGREEMENT_STATUS, self._loaded.status),
        ]
        if self._loaded.reference:
            parts.append(_("Az. {reference}").format(reference=self._loaded.reference))
        if self._loaded.is_example:
            parts.append(_("Beispieldaten"))
        return " · ".join(parts)

    def _fix_tab_order(self) -> None:
        chain = self.master_box.focus_chain() + list(self.status_buttons.values())
        chain += self.parties.focus_chain() + self.signature_box.focus_chain()
        chain += self.term_box.focus_chain() + self.amounts_box.focus_chain()
        self._tab_order([*chain, *self.documents_box.focus_chain()])

    # ------------------------------------------------------------------ data
    def collect(self) -> AgreementData:
        """The agreement as the fields show it; German amount errors as ValidationError."""
        assert self._open
        amounts = self.amounts_box.values()  # first: unreadable amounts raise
        return dataclasses.replace(
            self._loaded or AgreementData(),
            **self.master_box.values(),
            parties=self.parties.values(),
            **self.signature_box.values(),
            **self.term_box.values(),
            **amounts,
        )

    # ------------------------------------------------------------------ actions
    def add_party(self) -> None:
        """Choose a contact in the picker and add it as a Vertragspartner."""
        row = self.parties.add_row()
        assert isinstance(row, PartyRow)
        if not row.contact.pick():
            row.sig_remove_requested.emit(row)
            return
        row.role.setFocus()

    def save(self) -> bool:
        """Store the agreement; on errors show them at the fields and keep every input."""
        if not self._open or refuse_unreadable_dates(self):
            return False
        self._clear_errors()
        try:
            data = self.collect()
        except ValidationError as exc:
            self._show_errors(exc.fields)
            return False

        stored = self._store(
            data,
            create=partial(ag.create_agreement, data=data),
            read=ag.get_agreement,
            write=ag.update_agreement,
            created=undo.created_agreement,
            updated=undo.updated_agreement,
            created_message=lambda v: _("„{title}“ angelegt.").format(title=v.title),
            saved_message=lambda v: _("„{title}“ gespeichert.").format(title=v.title),
            kinds=AGREEMENT_KINDS,
        )
        saved, error = stored
        if error is not None:
            self._save_failed(error, data)
            return False
        assert saved is not None and saved.id is not None
        self._show(saved, loaded=saved)
        self.sig_saved.emit(saved.id)
        return True

    def change_status(self, to_status: str) -> bool:
        """Ask for date and note, then move the agreement to `to_status` (undoable)."""
        if self.agreement_id is None or not self.confirm_leave():
            return False
        assert self._loaded is not None
        aid, title, from_status = self.agreement_id, self._loaded.title, self._loaded.status
        answer = prompts.ask_status_change(self, title, from_status, to_status)
        if answer is None:
            return False
        on_date, note = answer
        result = self._ops.run(
            lambda s: ag.change_status(s, aid, to_status, on_date=on_date, note=note),
            command=lambda d: undo.changed_status(aid, d.title, to_status, on_date, note),
            message=lambda d: _("„{title}“: Status {status}. Rückgängig mit Strg+Z.").format(
                title=d.title, status=label(AGREEMENT_STATUS, d.status)
            ),
            kinds=AGREEMENT_KINDS,
        )
        return result.ok

    # ------------------------------------------------------------------ documents
    def selected_document(self) -> int | None:
        return self.documents_box.selected_document()

    def select_document(self, row: int) -> None:
        self.documents_box.select_document(row)

    def add_documents(self, paths: list[str]) -> int:
        """Attach files (each one undoable); errors are shown in German. Returns how many."""
        return self.documents_box.add_documents(paths)

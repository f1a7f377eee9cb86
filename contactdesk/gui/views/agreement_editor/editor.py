"""AgreementEditor: one agreement with its parties, terms, amounts, status workflow and documents.

Its parts live beside it: `form.py` (the sections typed into), `fields.py` (contact field, party
row), `status.py` (status buttons and history), `documents.py` (the documents and their actions).
The status change is asked through `prompts.ask_status_change`.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import undo
from contactdesk.core.changes import AGREEMENT_KINDS
from contactdesk.core.errors import ContactdeskError, NotFoundError, ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementData
from contactdesk.core.team.versions import VersionConflictError
from contactdesk.gui import prompts, theme
from contactdesk.gui.dialogs.conflict import ConflictChoice, OwnInputWindow, resolve_conflict
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.agreement_editor.documents import DocumentsBox
from contactdesk.gui.views.agreement_editor.fields import PartyRow
from contactdesk.gui.views.agreement_editor.form import (
    AmountsSection,
    FieldErrors,
    MasterSection,
    SignatureSection,
    TermSection,
)
from contactdesk.gui.views.agreement_editor.status import StatusSection
from contactdesk.gui.views.widgets import (
    INVALID_STYLESHEET,
    RowList,
    error_label,
    has_pending_dates,
    heading_label,
    mark_invalid,
    named,
    refuse_unreadable_dates,
    watch,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class AgreementEditor(QWidget):
    """Shows one agreement (or nothing); saves through Ops with undo; keeps input on errors."""

    sig_saved = Signal(int)
    """An agreement was created or updated (its id)."""
    sig_dirty_changed = Signal(bool)
    """The editor got or lost unsaved changes."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: the user's own input kept after a conflict reload (gui/dialogs/conflict.py)
        self._own_input: OwnInputWindow | None = None
        self._ops = ops
        self._loaded: AgreementData | None = None
        self._open = False
        self._baseline: tuple[Any, ...] | None = None
        self._loading = False
        self._dirty = False
        self._doc_ids: tuple[int, ...] = ()
        self.problems: list[str] = []
        theme.set_style(self, INVALID_STYLESHEET)
        self.setAccessibleName(_("Vereinbarung bearbeiten"))
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 0, 0, 0)
        self.title_label = heading_label(_("Titel der Vereinbarung"))
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)  # a narrow window wraps it instead of cutting it
        self.subtitle.setAccessibleName(_("Art und Status der Vereinbarung"))
        outer.addWidget(self.title_label)
        outer.addWidget(self.subtitle)
        self.summary = error_label()
        self.summary.setAccessibleName(_("Fehler beim Speichern"))
        outer.addWidget(self.summary)
        self.problems_label = error_label()
        self.problems_label.setAccessibleName(_("Probleme mit Dokumenten"))
        outer.addWidget(self.problems_label)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.placeholder = QLabel(
            _(
                "Wählen Sie links eine Vereinbarung aus oder legen Sie mit Strg+N eine neue "
                "Vereinbarung an."
            )
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAccessibleName(_("Keine Vereinbarung ausgewählt"))
        self.stack.addWidget(self.placeholder)
        self.scroll_area = QScrollArea()
        self.scroll_area.setAccessibleName(_("Formular der Vereinbarung"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.stack.addWidget(self.scroll_area)
        body = QWidget()
        self.scroll_area.setWidget(body)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 8, 0)

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
        self._sections = (self.master_box, self.signature_box, self.term_box, self.amounts_box)
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

        # buttons
        bar = QHBoxLayout()
        self.dirty_label = QLabel()
        self.dirty_label.setWordWrap(True)  # wraps in a narrow pane instead of being cut
        self.dirty_label.setAccessibleName(_("Bearbeitungsstand"))
        bar.addWidget(self.dirty_label, 1)
        self.discard_button = named(
            QPushButton(_("Verwerfen")), _("Verwerfen"), _("Ungespeicherte Änderungen verwerfen")
        )
        self.save_button = named(
            QPushButton(_("Speichern")), _("Speichern"), _("Speichern (Strg+S)")
        )
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)

        self._field_widgets: FieldErrors = {}
        for section in self._sections:
            self._field_widgets.update(section.fields)
        watch(body, self._on_edited)
        self.parties.sig_edited.connect(self._on_edited)
        self.signed_by.sig_changed.connect(self._on_edited)

    # ------------------------------------------------------------------ state
    @property
    def agreement_id(self) -> int | None:
        return self._loaded.id if self._loaded is not None else None

    @property
    def status_buttons(self) -> dict[str, QPushButton]:
        """The button of each status the shown agreement may move to now."""
        return self.status_box.buttons

    @property
    def has_agreement(self) -> bool:
        return self._open

    @property
    def is_new(self) -> bool:
        return self._open and self.agreement_id is None

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

    def is_dirty(self) -> bool:
        return self._open and (self.snapshot() != self._baseline or has_pending_dates(self))

    def clear(self) -> None:
        """Show no agreement."""
        self._loaded = None
        self._open = False
        self._baseline = None
        self._doc_ids = ()
        self.problems = []
        self._clear_errors()
        self._show_problems()
        self.stack.setCurrentWidget(self.placeholder)
        self.title_label.setText(_("Keine Vereinbarung ausgewählt"))
        self.subtitle.setText("")
        for w in (self.save_button, self.discard_button):
            w.setEnabled(False)
        self._set_dirty(False)

    def new_agreement(self) -> None:
        self._show(AgreementData(), loaded=None)
        self.title.setFocus()

    def open_agreement(self, agreement_id: int) -> bool:
        """Show a stored agreement and report documents that fail their check."""
        try:
            data = self._ops.read(lambda s: ag.get_agreement(s, agreement_id))
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message)
            return False
        self._show(data, loaded=data)
        self.verify_documents()
        if self.problems:
            prompts.show_error(
                self,
                "\n\n".join(self.problems),
                _("Probleme mit Dokumenten"),
            )
        return True

    def reload(self, *, keep_edits: bool = True) -> bool:
        """Re-read the shown agreement; False (and cleared) when it is gone or deleted.

        Unsaved edits are kept (only status, history and documents are refreshed) unless
        `keep_edits` is False.
        """
        aid = self.agreement_id
        if aid is None:
            return self._open
        try:
            data = self._ops.read(lambda s: ag.get_agreement(s, aid))
        except NotFoundError:
            self.clear()
            return False
        if data.deleted:
            self.clear()
            return False
        if keep_edits and self.is_dirty():  # refresh only what is not edited here
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
        if tuple(d.id for d in data.documents) != self._doc_ids:
            self.verify_documents()
        return True

    def verify_documents(self) -> list[str]:
        aid = self.agreement_id
        self.problems = self._ops.read(lambda s: ag.verify_documents(s, aid)) if aid else []
        self._doc_ids = tuple(d.id for d in self._loaded.documents) if self._loaded else ()
        self._show_problems()
        return self.problems

    def _show_problems(self) -> None:
        self.problems_label.setText("\n".join(self.problems))
        self.problems_label.setVisible(bool(self.problems))

    def _show(self, data: AgreementData, loaded: AgreementData | None) -> None:
        # the same record shown again (a save, a refresh): stay where the user is
        same = data.id is not None and self._loaded is not None and self._loaded.id == data.id
        self._loading = True
        try:
            self._loaded = loaded
            self._open = True
            self.master_box.fill(data)
            self.parties.set_values(data.parties)
            for section in (self.signature_box, self.term_box, self.amounts_box):
                section.fill(data)
            self.status_box.show_status(data)
            self.documents_box.show_documents(data)
            self._clear_errors()
            self.stack.setCurrentWidget(self.scroll_area)
            if not same:
                self.scroll_area.verticalScrollBar().setValue(0)
            self._baseline = self.snapshot()
        finally:
            self._loading = False
        if loaded is None:
            self.problems = []
            self._doc_ids = ()
            self._show_problems()
        self._update_title()
        self._fix_tab_order()
        self._set_dirty(False)

    def _update_title(self) -> None:
        if not self._open:
            return
        title = self.title.text().strip()
        if self.is_new:
            self.title_label.setText(title or _("Neue Vereinbarung"))
            self.subtitle.setText(_("Noch nicht gespeichert"))
            return
        assert self._loaded is not None
        self.title_label.setText(title or "–")
        parts = [
            label(AGREEMENT_KIND, self._loaded.kind),
            label(AGREEMENT_STATUS, self._loaded.status),
        ]
        if self._loaded.reference:
            parts.append(_("Az. {reference}").format(reference=self._loaded.reference))
        if self._loaded.is_example:
            parts.append(_("Beispieldaten"))
        self.subtitle.setText(" · ".join(parts))

    def _fix_tab_order(self) -> None:
        chain = self.master_box.focus_chain() + list(self.status_buttons.values())
        chain += self.parties.focus_chain() + self.signature_box.focus_chain()
        chain += self.term_box.focus_chain() + self.amounts_box.focus_chain()
        chain += [*self.documents_box.focus_chain(), self.discard_button, self.save_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_edited(self) -> None:
        if self._loading or not self._open:
            return
        self._update_title()
        self._set_dirty(self.is_dirty())

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(self._open and (dirty or self.is_new))
        self.discard_button.setEnabled(self._open and (dirty or self.is_new))
        self.dirty_label.setText(_("Ungespeicherte Änderungen") if dirty else "")
        if dirty != self._dirty:
            self._dirty = dirty
            self.sig_dirty_changed.emit(dirty)

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

    def discard(self) -> None:
        if self._loaded is not None:
            self.reload(keep_edits=False)
        else:
            self.clear()

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
        if data.id is None:
            result = self._ops.run(
                lambda s: ag.create_agreement(s, data),
                command=undo.created_agreement,
                message=lambda v: _("„{title}“ angelegt.").format(title=v.title),
                show_errors=False,
                kinds=AGREEMENT_KINDS,
            )
            saved = result.value
            error = result.error
        else:
            aid = data.id

            def update(session: Session) -> tuple[AgreementData, AgreementData]:
                before = ag.get_agreement(session, aid)
                return before, ag.update_agreement(
                    session, aid, data, expected_version=data.row_version
                )

            pair = self._ops.run(
                update,
                command=lambda ba: undo.updated_agreement(*ba),
                message=lambda ba: _("„{title}“ gespeichert.").format(title=ba[1].title),
                show_errors=False,
                kinds=AGREEMENT_KINDS,
            )
            saved = pair.value[1] if pair.value else None
            error = pair.error
        if error is not None:
            if isinstance(error, ValidationError):
                self._show_errors(error.fields)
            elif isinstance(error, VersionConflictError):
                choice, self._own_input = resolve_conflict(self, error, data, self._loaded)
                if choice is ConflictChoice.RELOAD:
                    self.reload(keep_edits=False)
            else:
                prompts.show_error(self, error.message)
            return False
        assert saved is not None and saved.id is not None
        self._show(saved, loaded=saved)
        self.sig_saved.emit(saved.id)
        return True

    def confirm_leave(self) -> bool:
        """Ask about unsaved changes; True when it is fine to show something else."""
        if not self.is_dirty():
            return True
        answer = prompts.ask_unsaved(self, self.display_name() or _("neue Vereinbarung"))
        if answer is prompts.Answer.SAVE:
            return self.save()
        if answer is prompts.Answer.DISCARD:
            self.discard()
            return True
        return False

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

    # ------------------------------------------------------------------ errors
    def _clear_errors(self) -> None:
        self.summary.setVisible(False)
        self.summary.setText("")
        for widget, err in self._field_widgets.values():
            mark_invalid(widget, None)
            err.setVisible(False)
        self.parties.clear_errors()

    def _show_errors(self, fields: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, message in fields.items():
            name, _sep, index = key.partition(".")
            target: QWidget | None = None
            if name in self._field_widgets:
                widget, err = self._field_widgets[name]
                mark_invalid(widget, message)
                err.setText(message)
                err.setVisible(True)
                target = widget
            elif name == "parties":
                if index.isdigit():
                    target = self.parties.set_item_error(int(index), message)
                else:
                    self.parties.set_error(message)
                    target = self.parties.add_button
            if first is None and target is not None:
                first = target
        lines = [_("Bitte korrigieren Sie die markierten Angaben:"), *fields.values()]
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(True)
        if first is not None:
            self.scroll_area.ensureWidgetVisible(first)
            first.setFocus()

    def field_error(self, key: str) -> str:
        """The error text shown at a field (for tests and accessibility checks)."""
        if key in self._field_widgets:
            err = self._field_widgets[key][1]
            return err.text() if not err.isHidden() else ""
        return ""

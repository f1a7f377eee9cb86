"""The "Vorlage" box of the paper editor: Art (with the number the paper gets), Datum,
Öffentlichkeit, Einreicher and Federführende Stelle (typed, or chosen from the contacts) and the
Gegenstand; their fill, collect and lock code."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QToolButton, QWidget

from contactdesk.core.i18n import _
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperData
from contactdesk.gui.views.paper_editor.parts import Section, with_button
from contactdesk.gui.views.widgets import DateEdit, field_with_error, form_layout, line_edit, named
from contactdesk.gui.widgets import contact_picker

if TYPE_CHECKING:
    from contactdesk.gui.views.paper_editor.editor import PaperEditor


class MasterSection(Section):
    """The paper's master data; `submitter_id` / `lead_office_id` remember a chosen contact until
    the name is typed over."""

    def __init__(self, editor: PaperEditor) -> None:
        super().__init__(editor)
        self.submitter_id: int | None = None
        self.lead_office_id: int | None = None
        self.box = box = QGroupBox(_("Vorlage"))
        form = form_layout(box)
        self.type_combo = named(QComboBox(), _("Vorlagenart"))
        self.number_hint = QLabel()
        self.number_hint.setAccessibleName(_("Vorlagennummer"))
        self.number_hint.setWordWrap(True)
        type_row = QWidget()
        h = QHBoxLayout(type_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.type_combo)
        h.addWidget(self.number_hint, 1)
        self.type_error = field_with_error(form, _("&Art"), type_row, self.type_combo)
        self.paper_date = DateEdit(_("Datum der Vorlage"))
        self.paper_date.dateChanged.connect(lambda _d: self.update_number_hint())
        self.date_error = field_with_error(form, _("&Datum"), self.paper_date)
        self.public = named(QComboBox(), _("Öffentlichkeit"))
        self.public.addItem(_("aus öffentlicher Sitzung"), True)
        self.public.addItem(_("aus nichtöffentlicher Sitzung"), False)
        field_with_error(form, _("Ö&ffentlichkeit"), self.public)
        self.submitter = line_edit(_("Einreicher"), _("z. B. Oberbürgermeister"))
        self.submitter_pick = self._pick_button(_("Einreicher aus Kontakten wählen"), "submitter")
        self.submitter_error = field_with_error(
            form,
            _("&Einreicher"),
            with_button(self.submitter, self.submitter_pick),
            self.submitter,
        )
        self.lead_office = line_edit(_("Federführende Stelle"), _("z. B. Persönlicher Referent"))
        self.lead_pick = self._pick_button(
            _("Federführende Stelle aus Kontakten wählen"), "lead_office"
        )
        self.lead_error = field_with_error(
            form,
            _("&Federführend"),
            with_button(self.lead_office, self.lead_pick),
            self.lead_office,
        )
        self.subject = line_edit(
            _("Gegenstand der Vorlage"),
            _("Mitteilungsgegenstand, z. B. Stadt … wird Partnerin im Netzwerk …"),
        )
        self.subject_error = field_with_error(form, _("&Gegenstand"), self.subject)

    def connect_typing(self) -> None:
        """Typing a name over a chosen contact forgets the contact (connected by the editor
        after its change watch, so the watch sees the edit first)."""
        self.submitter.textEdited.connect(lambda _t: self.forget_id("submitter"))
        self.lead_office.textEdited.connect(lambda _t: self.forget_id("lead_office"))

    def _pick_button(self, name: str, which: str) -> QToolButton:
        button = named(QToolButton(), name, _("Aus den Kontakten wählen"))
        button.setText(_("Kontakt …"))
        button.clicked.connect(lambda: self.pick_person(which))
        return button

    # ------------------------------------------------------------------ data
    def errors(self) -> dict[str, tuple[QWidget, QLabel]]:
        """Field name -> (widget, error label), as the editor shows ValidationErrors."""
        return {
            "subject": (self.subject, self.subject_error),
            "type_code": (self.type_combo, self.type_error),
            "paper_date": (self.paper_date, self.date_error),
            "submitter": (self.submitter, self.submitter_error),
            "lead_office": (self.lead_office, self.lead_error),
        }

    def fill_types(self) -> None:
        """The paper types of the register, the current choice kept."""
        types = self._editor.ops.read(ps.list_paper_types)
        current = self.type_combo.currentData()
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        for code, name in types:
            self.type_combo.addItem(f"{name} ({code})", code)
        index = self.type_combo.findData(current)
        self.type_combo.setCurrentIndex(max(index, 0))
        self.type_combo.blockSignals(False)

    def set_data(self, data: PaperData, *, new: bool) -> None:
        index = self.type_combo.findData(data.type_code)
        if index < 0:
            self.type_combo.addItem(data.type_name or data.type_code, data.type_code)
            index = self.type_combo.count() - 1
        self.type_combo.setCurrentIndex(index)
        self.type_combo.setEnabled(new)
        self.paper_date.set_value(data.paper_date or date.today())
        self.public.setCurrentIndex(0 if data.is_public else 1)
        self.submitter.setText(data.submitter)
        self.submitter_id = data.submitter_id
        self.lead_office.setText(data.lead_office)
        self.lead_office_id = data.lead_office_id
        self.subject.setText(data.subject)
        self.subject.setCursorPosition(0)

    def snapshot(self) -> tuple[Any, ...]:
        return (
            self.type_combo.currentData(),
            self.paper_date.value(),
            self.public.currentData(),
            self.submitter.text(),
            self.submitter_id,
            self.lead_office.text(),
            self.lead_office_id,
            self.subject.text(),
        )

    def apply(self, data: PaperData) -> PaperData:
        """`data` with the master data as entered."""
        return dataclasses.replace(
            data,
            type_code=self.type_combo.currentData() or data.type_code,
            paper_date=self.paper_date.value(),
            is_public=bool(self.public.currentData()),
            submitter=self.submitter.text(),
            submitter_id=self.submitter_id,
            lead_office=self.lead_office.text(),
            lead_office_id=self.lead_office_id,
            subject=self.subject.text(),
        )

    def set_editable(self, editable: bool) -> None:
        for line in (self.subject, self.submitter, self.lead_office):
            line.setReadOnly(not editable)
        for w in (self.paper_date, self.public, self.submitter_pick, self.lead_pick):
            w.setEnabled(editable)

    def tab_chain(self) -> list[QWidget]:
        return [
            self.type_combo,
            self.paper_date,
            self.public,
            self.submitter,
            self.submitter_pick,
            self.lead_office,
            self.lead_pick,
            self.subject,
        ]

    def update_number_hint(self) -> None:
        """The paper's number, or the number a new paper will get (from the core)."""
        editor = self._editor
        if not editor.has_paper:
            return
        loaded = editor.loaded
        if loaded is not None:
            self.number_hint.setText(_("Nummer: {ref}").format(ref=loaded.reference))
            return
        code = self.type_combo.currentData()
        day = self.paper_date.value() or date.today()
        if not code:
            self.number_hint.setText("")
            return
        fmt = editor.number_format()
        reference = editor.ops.read(lambda s: ps.next_reference(s, code, day.year, fmt))
        self.number_hint.setText(_("erhält beim Speichern die Nummer {ref}").format(ref=reference))

    # ------------------------------------------------------------------ actions
    def pick_person(self, which: str) -> None:
        """Einreicher or Federführende Stelle from the contacts (the picker of
        gui/widgets/contact_picker.py, which tests answer there)."""
        title = (
            _("Einreicher aus den Kontakten wählen")
            if which == "submitter"
            else _("Federführende Stelle aus den Kontakten wählen")
        )
        chosen = contact_picker.pick_contact(self._editor, self._editor.ops, title)
        if chosen is None:
            return
        contact_id, name = chosen
        if which == "submitter":
            self.submitter.setText(name)
            self.submitter_id = contact_id
        else:
            self.lead_office.setText(name)
            self.lead_office_id = contact_id
        self._editor.mark_edited()

    def forget_id(self, which: str) -> None:
        """Typing a name by hand ends the link to a contact chosen before."""
        if which == "submitter":
            self.submitter_id = None
        else:
            self.lead_office_id = None

"""The sections of the agreement form the user types into: the agreement itself (title, kind,
reference, description), the signature, term and notice, and the costs.

Each section fills itself from an `AgreementData`, gives its fields as typed (`typed`, to tell
whether something changed) and as `AgreementData` fields (`values`), names the fields that can
carry an error and gives its widgets in tab order."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from contactdesk.core.errors import ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.labels import AGREEMENT_KIND, NOTICE_TO
from contactdesk.core.models.agreements import NoticeTo
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementData
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.agreement_editor.fields import ContactField, months_spin
from contactdesk.gui.views.widgets import DateEdit, line_edit, named
from contactdesk.gui.widgets.choices import choice_combo, set_choice
from contactdesk.gui.widgets.error_form import ErrorForm


class MasterSection(QGroupBox):
    """Vereinbarung: title, kind, file reference and description."""

    def __init__(self) -> None:
        super().__init__(_("Vereinbarung"))
        form = ErrorForm(self)
        self.title_edit = line_edit(_("Titel"), _("z. B. Kooperationsvereinbarung mit …"))
        self.kind = choice_combo(_("Art der Vereinbarung"), AGREEMENT_KIND)
        self.reference = line_edit(_("Aktenzeichen"), _("z. B. ES-2021-BW"))
        self.description = named(QPlainTextEdit(), _("Beschreibung"))
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(60)
        self.description.setMaximumHeight(120)
        form.row(_("&Titel"), self.title_edit, "title")
        form.row(_("&Art"), self.kind, "kind")
        form.row(_("A&ktenzeichen"), self.reference, "reference")
        form.plain(_("&Beschreibung"), self.description)
        self.fields = form.fields

    def fill(self, data: AgreementData) -> None:
        self.title_edit.setText(data.title)
        self.title_edit.setCursorPosition(0)
        set_choice(self.kind, data.kind)
        self.reference.setText(data.reference)
        self.description.setPlainText(data.description)

    def typed(self) -> tuple[Any, ...]:
        return (
            self.title_edit.text(),
            self.kind.currentData(),
            self.reference.text(),
            self.description.toPlainText(),
        )

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text(),
            "kind": self.kind.currentData(),
            "reference": self.reference.text(),
            "description": self.description.toPlainText(),
        }

    def focus_chain(self) -> list[QWidget]:
        return [self.title_edit, self.kind, self.reference, self.description]


class SignatureSection(QGroupBox):
    """Unterzeichnung: who signed for the town (a person of the register) and when."""

    def __init__(self, ops: Ops) -> None:
        super().__init__(_("Unterzeichnung"))
        form = ErrorForm(self)
        self.signed_by = ContactField(
            ops,
            _("Für die Stadt unterzeichnet von"),
            _("Person wählen, die für die Stadt unterzeichnet"),
            kind="person",
        )
        self.signed_on = DateEdit(_("Unterzeichnet am"), optional=True)
        form.row(
            _("Für die Stadt"),
            self.signed_by,
            marks={"signed_for_town_by_id": self.signed_by.display},
        )
        form.row(_("&Unterzeichnet am"), self.signed_on, "signed_on")
        self.fields = form.fields

    def fill(self, data: AgreementData) -> None:
        self.signed_by.set_value(data.signed_for_town_by_id, data.signed_for_town_by)
        self.signed_on.set_value(data.signed_on)

    def typed(self) -> tuple[Any, ...]:
        return (self.signed_by.value(), self.signed_on.value())

    def values(self) -> dict[str, Any]:
        return {
            "signed_for_town_by_id": self.signed_by.value(),
            "signed_on": self.signed_on.value(),
        }

    def focus_chain(self) -> list[QWidget]:
        return [self.signed_by.choose, self.signed_by.clear_button, self.signed_on]


class TermSection(QGroupBox):
    """Laufzeit und Kündigung: valid from/until (or unlimited), renewal and notice."""

    def __init__(self) -> None:
        super().__init__(_("Laufzeit und Kündigung"))
        self._filling = False
        form = ErrorForm(self)
        self.valid_from = DateEdit(_("gültig ab"), optional=True)
        self.valid_until = DateEdit(_("gültig bis"), optional=True)
        self.unlimited = named(QCheckBox(_("unbefristet")), _("unbefristet"))
        self.unlimited.toggled.connect(self._on_unlimited)
        until = QWidget()
        h = QHBoxLayout(until)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.valid_until, 1)
        h.addWidget(self.unlimited)
        self.renewal = months_spin(_("Automatische Verlängerung um"))
        self.notice = months_spin(_("Kündigungsfrist"))
        self.notice_to = choice_combo(_("Kündigung wirkt"), NOTICE_TO)
        self.notice.valueChanged.connect(lambda v: self.notice_to.setEnabled(v > 0))
        notice = QWidget()
        h = QHBoxLayout(notice)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.notice, 1)
        h.addWidget(self.notice_to, 1)
        form.row(_("gültig &ab"), self.valid_from, "valid_from")
        form.row(_("gültig &bis"), until, marks={"valid_until": self.valid_until})
        form.row(_("Automatische &Verlängerung"), self.renewal, "renewal_months")
        notice_marks = {"notice_months": self.notice, "notice_to": self.notice_to}
        form.row(_("&Kündigungsfrist"), notice, marks=notice_marks)
        self.fields = form.fields

    def fill(self, data: AgreementData) -> None:
        self._filling = True
        try:
            self.valid_from.set_value(data.valid_from)
            self.valid_until.set_value(data.valid_until)
            self.unlimited.setChecked(data.valid_until is None)
            self.valid_until.setEnabled(data.valid_until is not None)
            self.renewal.setValue(data.renewal_months or 0)
            self.notice.setValue(data.notice_months or 0)
            set_choice(self.notice_to, data.notice_to or NoticeTo.LAUFZEITENDE.value)
            self.notice_to.setEnabled(bool(data.notice_months))
        finally:
            self._filling = False

    def _on_unlimited(self, checked: bool) -> None:
        """Unlimited empties "gültig bis"; unticked, it proposes the first of the month a year
        after the start (only when the user unticks it, not while an agreement is shown)."""
        self.valid_until.setEnabled(not checked)
        if checked:
            self.valid_until.set_value(None)
        elif self.valid_until.value() is None and not self._filling:
            start = self.valid_from.value() or date.today()
            self.valid_until.set_value(date(start.year + 1, start.month, 1))

    def typed(self) -> tuple[Any, ...]:
        return (
            self.valid_from.value(),
            None if self.unlimited.isChecked() else self.valid_until.value(),
            self.renewal.value(),
            self.notice.value(),
            self.notice_to.currentData() if self.notice.value() else None,
        )

    def values(self) -> dict[str, Any]:
        return {
            "valid_from": self.valid_from.value(),
            "valid_until": None if self.unlimited.isChecked() else self.valid_until.value(),
            "renewal_months": self.renewal.value() or None,
            "notice_months": self.notice.value() or None,
            "notice_to": self.notice_to.currentData() if self.notice.value() else None,
        }

    def focus_chain(self) -> list[QWidget]:
        return [
            self.valid_from,
            self.valid_until,
            self.unlimited,
            self.renewal,
            self.notice,
            self.notice_to,
        ]


class AmountsSection(QGroupBox):
    """Kosten (Finanzielle Auswirkungen): one-off and yearly amounts in euro, typed freely."""

    def __init__(self) -> None:
        super().__init__(_("Kosten (Finanzielle Auswirkungen)"))
        form = ErrorForm(self)
        tip = _("Betrag in Euro, z. B. 1.500,00; leer oder „keine“, wenn es keine Kosten gibt")
        self.amount_once = named(QLineEdit(), _("Einmalige Kosten"), tip)
        self.amount_once.setPlaceholderText(_("keine"))
        self.amount_yearly = named(QLineEdit(), _("Jährliche Kosten"), tip)
        self.amount_yearly.setPlaceholderText(_("keine"))
        form.row(_("&einmalig (€)"), self.amount_once, "amount_once")
        form.row(_("&jährlich (€)"), self.amount_yearly, "amount_yearly")
        self.fields = form.fields

    def _edits(self) -> tuple[tuple[str, QLineEdit], ...]:
        return (("amount_once", self.amount_once), ("amount_yearly", self.amount_yearly))

    def fill(self, data: AgreementData) -> None:
        for key, edit in self._edits():
            amount = getattr(data, key)
            edit.setText(ag.format_amount(amount).removesuffix(" €") if amount else "")

    def typed(self) -> tuple[Any, ...]:
        return tuple(edit.text().strip() for _key, edit in self._edits())

    def values(self) -> dict[str, Any]:
        """The amounts read; a German ValidationError naming every field that is not one."""
        errors: dict[str, str] = {}
        amounts = {}
        for key, edit in self._edits():
            try:
                amounts[key] = ag.parse_amount(edit.text(), field=key)
            except ValidationError as exc:
                errors.update(exc.fields)
        if errors:
            raise ValidationError(errors)
        return amounts

    def focus_chain(self) -> list[QWidget]:
        return [self.amount_once, self.amount_yearly]

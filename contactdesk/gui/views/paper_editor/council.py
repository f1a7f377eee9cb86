"""The council fields of the paper editor: Bearbeiter/in, Aktenzeichen, the "gez." line,
Beschlussvorschlag (Beschlussvorlage), Antwort (Anfrage/Antwort) and the structured financial
effects; the editor (editor.py) places their boxes in its scroll area."""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.services.papers import PaperData
from contactdesk.gui.views.paper_editor.parts import text_box
from contactdesk.gui.views.widgets import field_with_error, form_layout, line_edit

#: paper types with a section of their own
DECISION_TYPE = "B"
QUESTION_TYPE = "A"


def parse_amount(text: str) -> Decimal | None:
    """ "12.500,50", "12500.5", "12 500 €" -> Decimal; "" -> None; ValueError otherwise."""
    raw = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise ValueError(text) from None


def format_amount(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    text = f"{amount:,.2f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


class CouncilFields:
    """Four boxes the editor places in its scroll area: processing and signature (after the
    master data), Beschlussvorschlag (before the Sachverhalt), Antwort (after it) and the
    structured financial effects (with the financial text)."""

    def __init__(self) -> None:
        self.processing_box = box = QGroupBox(_("Bearbeitung und Unterschrift"))
        form = form_layout(box)
        self.clerk = line_edit(_("Bearbeiter/in"), _("z. B. Herr Urban"))
        self.clerk_error = field_with_error(form, _("Bearbeiter/&in"), self.clerk)
        self.clerk_phone = line_edit(_("Telefon der Bearbeitung"), _("z. B. 03494 666-123"))
        self.clerk_phone_error = field_with_error(form, _("Te&lefon"), self.clerk_phone)
        self.file_number = line_edit(_("Aktenzeichen"), _("z. B. 10.2/021-2026"))
        self.file_number_error = field_with_error(form, _("A&ktenzeichen"), self.file_number)
        self.signed_by = line_edit(_("Name unter der Unterschrift (gez.)"), _("z. B. Armin Schenk"))
        self.signed_by_error = field_with_error(form, _("ge&z."), self.signed_by)
        self.signer_function = line_edit(
            _("Funktion unter der Unterschrift"), _("z. B. Oberbürgermeister")
        )
        self.signer_function_error = field_with_error(form, _("F&unktion"), self.signer_function)

        self.proposal_box, _column, self.proposal = text_box(
            _("Beschlussvorschlag"), _("Der Ausschuss/Stadtrat beschließt …"), 90
        )
        self.answer_box, _column, self.answer = text_box(
            _("Antwort der Verwaltung"),
            _("Die Anfrage steht im Sachverhalt; hier die Antwort."),
            120,
        )

        self.finance_box = box = QGroupBox(_("Haushalt (Finanzielle Auswirkungen)"))
        form = form_layout(box)
        self.finance_product = line_edit(_("Produkt/Sachkonto"), _("z. B. 36.30.01/5431000"))
        self.finance_product_error = field_with_error(
            form, _("&Produkt/Sachkonto"), self.finance_product
        )
        self.finance_year = line_edit(_("Haushaltsjahr"), _("z. B. 2027"))
        self.finance_year.setMaxLength(4)
        self.finance_year_error = field_with_error(form, _("&Haushaltsjahr"), self.finance_year)
        self.finance_amount = line_edit(_("Betrag in Euro"), _("z. B. 12.500,00"))
        self.finance_amount_error = field_with_error(form, _("&Betrag (Euro)"), self.finance_amount)
        hint = QLabel(_("Leer lassen, wenn die Vorlage keine Haushaltsmittel berührt."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(hint)
        self._type = ""

    # ------------------------------------------------------------------ data
    def line_edits(self) -> list[QLineEdit]:
        return [
            self.clerk,
            self.clerk_phone,
            self.file_number,
            self.signed_by,
            self.signer_function,
            self.finance_product,
            self.finance_year,
            self.finance_amount,
        ]

    def errors(self) -> dict[str, tuple[QWidget, QLabel]]:
        """Field name -> (widget, error label), as the editor shows ValidationErrors."""
        return {
            "clerk": (self.clerk, self.clerk_error),
            "clerk_phone": (self.clerk_phone, self.clerk_phone_error),
            "file_number": (self.file_number, self.file_number_error),
            "signed_by": (self.signed_by, self.signed_by_error),
            "signer_function": (self.signer_function, self.signer_function_error),
            "finance_product": (self.finance_product, self.finance_product_error),
            "finance_year": (self.finance_year, self.finance_year_error),
            "finance_amount": (self.finance_amount, self.finance_amount_error),
        }

    def set_data(self, data: PaperData) -> None:
        self.clerk.setText(data.clerk)
        self.clerk_phone.setText(data.clerk_phone)
        self.file_number.setText(data.file_number)
        self.signed_by.setText(data.signed_by)
        self.signer_function.setText(data.signer_function)
        self.proposal.setPlainText(data.proposal)
        self.answer.setPlainText(data.answer)
        self.finance_product.setText(data.finance_product)
        self.finance_year.setText(str(data.finance_year) if data.finance_year else "")
        self.finance_amount.setText(format_amount(data.finance_amount))
        self.set_type(data.type_code)

    def set_type(self, type_code: str) -> None:
        """Show the Beschlussvorschlag for a Beschlussvorlage and the answer for an Anfrage
        (and either one whenever it holds text, so nothing typed is hidden)."""
        self._type = type_code or ""
        self.proposal_box.setVisible(
            self._type == DECISION_TYPE or bool(self.proposal.toPlainText().strip())
        )
        self.answer_box.setVisible(
            self._type == QUESTION_TYPE or bool(self.answer.toPlainText().strip())
        )

    def snapshot(self) -> tuple[Any, ...]:
        return (
            *(e.text() for e in self.line_edits()),
            self.proposal.toPlainText(),
            self.answer.toPlainText(),
        )

    def apply(self, data: PaperData) -> tuple[PaperData, dict[str, str]]:
        """`data` with these fields; plus German messages for what cannot be read."""
        problems: dict[str, str] = {}
        year_text = self.finance_year.text().strip()
        year: int | None = None
        if year_text:
            if year_text.isdigit():
                year = int(year_text)
            else:
                problems["finance_year"] = _(
                    "Bitte das Haushaltsjahr als Jahreszahl eingeben (z. B. 2027)."
                )
        try:
            amount = parse_amount(self.finance_amount.text())
        except ValueError:
            amount = None
            problems["finance_amount"] = _(
                "Bitte den Betrag als Zahl in Euro eingeben (z. B. 12.500,00)."
            )
        return (
            dataclasses.replace(
                data,
                clerk=self.clerk.text(),
                clerk_phone=self.clerk_phone.text(),
                file_number=self.file_number.text(),
                signed_by=self.signed_by.text(),
                signer_function=self.signer_function.text(),
                proposal=self.proposal.toPlainText(),
                answer=self.answer.toPlainText(),
                finance_product=self.finance_product.text(),
                finance_year=year if not problems.get("finance_year") else data.finance_year,
                finance_amount=amount if "finance_amount" not in problems else data.finance_amount,
            ),
            problems,
        )

    def set_editable(self, editable: bool) -> None:
        for edit in self.line_edits():
            edit.setReadOnly(not editable)
        self.proposal.setReadOnly(not editable)
        self.answer.setReadOnly(not editable)

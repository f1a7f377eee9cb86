"""Euro amounts the German way: parsing what a user typed, printing a stored amount, and the
financial effects line the committee papers quote.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from contactdesk.core.errors import ValidationError
from contactdesk.core.services.agreements.data import CENT, AgreementData


def parse_amount(text: str, field: str = "amount") -> Decimal | None:
    """A euro amount typed the German way ("1.234,50", "1234,5 €", "keine") as Decimal.

    A ValidationError names `field`, so an editor can show it at the right input.
    """
    cleaned = text.strip().replace("€", "").replace("EUR", "").replace(" ", "").strip()
    if not cleaned or cleaned.casefold() in {"keine", "-", "0", "0,00"}:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValidationError(
            {field: f"„{text}“ ist kein Geldbetrag. Bitte z. B. 1.250,00 eingeben."}
        ) from exc
    return value


def format_amount(value: Decimal | None) -> str:
    """German form with two decimals and the euro sign, or "keine"."""
    if value is None or value == 0:
        return "keine"
    quantized = value.quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{quantized:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{text} €"


def financial_effects(data: AgreementData) -> str:
    """'keine' or the amounts, for the committee papers' Finanzielle Auswirkungen."""
    parts = []
    if data.amount_once:
        parts.append(f"einmalig {format_amount(data.amount_once)}")
    if data.amount_yearly:
        parts.append(f"jährlich {format_amount(data.amount_yearly)}")
    return ", ".join(parts) or "keine"

"""Hostile .vcf and .csv input: true German reasons, limits checked first (issue 18, 6/7)."""

from __future__ import annotations

import pytest

from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import limits, outlook_csv, vcard

HEADER = "Vorname;Nachname;E-Mail-Adresse\r\n"


def test_a_10_mb_csv_cell_is_called_too_long_not_an_open_quote() -> None:
    """Finding 7: the message named an unclosed quote."""
    data = (HEADER + "Anna;" + "x" * 10_000_000 + ";anna@example.org\r\n").encode()
    with pytest.raises(ImportError_) as info:
        outlook_csv.parse(data, "gross.csv")
    message = info.value.message
    assert "länger als 128 KB" in message and "Anführungszeichen" not in message
    assert info.value.line == 2


def test_a_quoted_10_mb_cell_is_called_too_long() -> None:
    data = (HEADER + 'Anna;"' + "x" * 10_000_000 + '";anna@example.org\r\n').encode()
    with pytest.raises(ImportError_, match="länger als 128 KB"):
        outlook_csv.parse(data, "gross.csv")


def test_a_cell_just_below_the_limit_is_read() -> None:
    note = "x" * (limits.MAX_CSV_FIELD_CHARS - 10)
    data = (HEADER + f"Anna;{note};anna@example.org\r\n").encode()
    (row,) = outlook_csv.parse(data, "ok.csv")
    assert row is not None


def test_an_overlong_header_line_does_not_stall_the_delimiter_sniffer() -> None:
    data = ('"' + '",";' * 500_000 + "\r\nAnna;Schmidt\r\n").encode()
    with pytest.raises(ImportError_):
        outlook_csv.parse(data, "kopf.csv")


def test_an_overlong_vcard_property_is_refused_with_its_line() -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nNOTE:" + "x" * 1_100_000 + "\r\nEND:VCARD\r\n"
    ).encode()
    with pytest.raises(ImportError_) as info:
        vcard.parse(data, "lang.vcf")
    assert "je Angabe" in info.value.message and info.value.line == 4


def test_many_quoted_printable_soft_breaks_are_joined_in_linear_time() -> None:
    """200,000 soft line breaks: joining piece by piece copied the line each time."""
    body = "=\r\n".join(["=41"] * 200_000)
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Muster;Anna\r\n"
        f"NOTE;ENCODING=QUOTED-PRINTABLE:{body}\r\nEND:VCARD\r\n"
    ).encode()
    (card,) = vcard.parse(data, "qp.vcf")
    assert card is not None


def test_more_cards_than_the_limit_are_refused_before_reading() -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n"
    data = (card * (limits.MAX_CONTACT_ENTRIES + 1)).encode()
    with pytest.raises(ImportError_) as info:
        vcard.parse(data, "viele.vcf")
    assert "mehr als 25.000 Visitenkarten" in info.value.message
    assert info.value.line == 4 * limits.MAX_CONTACT_ENTRIES + 1


def test_more_rows_than_the_limit_are_refused() -> None:
    row = "Anna;Muster;a@example.org\r\n"
    data = (HEADER + row * (limits.MAX_CONTACT_ENTRIES + 1)).encode()
    with pytest.raises(ImportError_, match=r"mehr als 25\.000 Zeilen"):
        outlook_csv.parse(data, "viele.csv")

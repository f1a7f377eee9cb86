"""Builders of hostile calendar files shared by the robustness tests."""

from __future__ import annotations


def calendar(body: str, timezones: str = "") -> bytes:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//hostile//EN\r\n"
        + timezones
        + body
        + "END:VCALENDAR\r\n"
    )
    return text.encode()


def vtimezone(tzid: str, offset: str, rrule: str = "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10") -> str:
    """A one-block VTIMEZONE with a fixed offset (e.g. "+0100")."""
    return (
        f"BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nBEGIN:STANDARD\r\nDTSTART:16011028T030000\r\n"
        f"RRULE:{rrule}\r\nTZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\n"
        "END:STANDARD\r\nEND:VTIMEZONE\r\n"
    )


def event(
    uid: str = "e1@test",
    start: str = "DTSTART:20240320T100000Z",
    extra: str = "",
    summary: str = "Sitzung",
) -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20240101T000000Z\r\n{start}\r\n"
        f"SUMMARY:{summary}\r\n{extra}END:VEVENT\r\n"
    )


def berlin_vtimezone(tzid: str) -> str:
    """A VTIMEZONE that says what Europe/Berlin does, under any TZID (Outlook's custom zones)."""
    return (
        f"BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n"
        "BEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
        "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
        "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    )


def eml_with_calendar(ics: bytes, extra_headers: str = "") -> bytes:
    """A minimal meeting request: one text/calendar part."""
    head = (
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: Einladung\r\n"
        "MIME-Version: 1.0\r\n" + extra_headers + "Content-Type: text/calendar; method=REQUEST;"
        ' charset="utf-8"\r\n\r\n'
    )
    return head.encode() + ics

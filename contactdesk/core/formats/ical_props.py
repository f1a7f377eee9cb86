"""What an imported event carries beside its times: a plain-text description (Google writes
HTML), the properties kept for writing back (TRANSP, CLASS, PRIORITY), the reminder, and the
online-meeting link (Teams, Google Meet, RFC 7986 CONFERENCE, or a join link in the text)."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

from icalendar import (
    Event,
)

_HTML_MARKUP = re.compile(
    r"<\s*/?\s*(?:br|p|div|span|b|i|u|a|ul|ol|li|strong|em|html|body|font)\b[^>]*>",
    re.IGNORECASE,
)


class _PlainText(HTMLParser):
    """The text of an HTML fragment: line breaks for <br>, paragraphs and list items,
    links as "text (address)"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in ("p", "div", "ul", "ol", "tr"):
            self.parts.append("\n")
        elif tag == "a":
            self._href.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "div", "ul", "ol", "tr"):
            self.parts.append("\n")
        elif tag == "a" and self._href:
            href, position = self._href.pop()
            text = "".join(self.parts[position:]).strip()
            if href and not href.startswith("mailto:") and href != text:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        text = "".join(self.parts).replace("\xa0", " ")
        lines = [line.rstrip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain_description(text: str) -> str:
    """A DESCRIPTION as plain text: HTML (Google Calendar) is turned into text, anything else
    is kept as it is."""
    if not _HTML_MARKUP.search(text):
        return text
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    return parser.text()


_TRANSP = ("OPAQUE", "TRANSPARENT")
_CLASSES = ("PUBLIC", "PRIVATE", "CONFIDENTIAL")


def kept_properties(vevent: Event) -> dict[str, Any]:
    """What an export writes back unchanged: TRANSP, CLASS, PRIORITY, the reminder, and
    contactdesk's own X-CONTACTDESK-STATUS/-ROOM/-COMMITTEE."""
    transp = str(vevent.get("TRANSP", "")).strip().upper()
    klass = str(vevent.get("CLASS", "")).strip().upper()
    try:
        priority: int | None = int(str(vevent.get("PRIORITY", "")).strip())
    except ValueError:
        priority = None
    return {
        "transp": transp if transp in _TRANSP else "",
        "ical_class": klass if klass in _CLASSES else "",
        "priority": priority if priority is not None and 0 <= priority <= 9 else None,
        "alarm_minutes": reminder_minutes(vevent),
        "cd_status": str(vevent.get("X-CONTACTDESK-STATUS", "")).strip(),
        "cd_room": str(vevent.get("X-CONTACTDESK-ROOM", "")).strip(),
        "cd_committee": str(vevent.get("X-CONTACTDESK-COMMITTEE", "")).strip(),
    }


def reminder_minutes(vevent: Event) -> int | None:
    """Minutes before the start of the first VALARM whose TRIGGER is relative to the start."""
    for alarm in vevent.walk("VALARM"):
        trigger = alarm.get("TRIGGER")
        if trigger is None:
            continue
        related = str(getattr(trigger, "params", {}).get("RELATED", "START")).upper()
        try:
            value = alarm.decoded("TRIGGER")
        except Exception:  # an unreadable trigger: no reminder rather than a lost event
            continue
        if isinstance(value, timedelta) and related == "START" and value <= timedelta(0):
            minutes = int(-value.total_seconds() // 60)
            if minutes <= 40320:  # four weeks, as the settings allow
                return minutes
    return None


#: where invitations carry their online meeting, most specific first (Teams, Google Meet,
#: RFC 7986 CONFERENCE, the event's URL)
_LINK_PROPERTIES = (
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-GOOGLE-CONFERENCE",
    "CONFERENCE",
    "URL",
    "LOCATION",
)
#: a join link in the text of an invitation that names no property for it
_JOIN_LINK = re.compile(
    r"https://[^\s<>\"']*(?:teams\.microsoft\.com/l/meetup-join|teams\.live\.com/meet"
    r"|meet\.google\.com/|zoom\.us/[jw]/|\.webex\.com/|meet\.jit\.si/|whereby\.com/"
    r"|gotomeet\.me/|meet\.goto\.com/)[^\s<>\"']*"
)


def meeting_link(vevent: Event) -> str:
    """The event's online meeting (or web page) as an http(s) link, or ''."""
    for name in _LINK_PROPERTIES:
        values = vevent.get(name)
        for value in values if isinstance(values, list) else [values]:
            text = str(value or "").strip()
            if text.lower().startswith(("https://", "http://")) and not any(
                ch.isspace() for ch in text
            ):
                return text
    found = _JOIN_LINK.search(str(vevent.get("DESCRIPTION", "")))
    return found.group(0).rstrip(".,;)>") if found else ""

"""Input limits of every reader, checked before the real work starts.

A file from outside may be built to make a reader run for ever or fill the memory: a time
zone that changes every second, a header of a megabyte, a thousand nested components. The
readers check these limits on the raw text first and refuse the file with the import's own
German ImportError_ (file and line) instead. The values are generous for real files: the
largest real Outlook, Google, Apple and Thunderbird files in tests/data stay far below each.

README "Grenzen beim Import" lists them for users; keep both in step.
"""

from __future__ import annotations

import re

from contactdesk.core.errors import ImportError_

#: one property or content line of a calendar or a vCard, unfolded (a long description or
#: an embedded photo fits)
MAX_PROPERTY_CHARS = 1_000_000
#: components inside one another (VCALENDAR > VEVENT > VALARM is 3)
MAX_NESTING = 8
#: components (VEVENT, VTODO, VALARM, ...) of one calendar file
MAX_COMPONENTS = 100_000
#: events (VEVENT) of one calendar file: the preview of 10,000 takes about 5 s here
MAX_EVENTS = 10_000
#: cards of one .vcf file or rows of one .csv file
MAX_CONTACT_ENTRIES = 25_000
#: parts of one e-mail
MAX_MIME_PARTS = 1000
#: STANDARD/DAYLIGHT blocks with a rule in the VTIMEZONEs of one file; each is expanded
#: from its start to the year 9999 by the iCalendar library
MAX_ZONE_RULES = 40
#: changes of offset those rules make up to the year 9999, together (an Outlook zone from
#: 1601 has two rules of 8,400 each; 300,000 take icalendar a few seconds)
MAX_ZONE_TRANSITIONS = 300_000
#: one e-mail header field, unfolded (RFC 5322 allows 998 characters per line; long To:
#: lists are folded over many lines)
MAX_HEADER_CHARS = 64 * 1024
#: a Content-* header field (type, disposition, transfer encoding), whose parameters are read
MAX_CONTENT_HEADER_CHARS = 4096
#: all header fields of one e-mail or one of its MIME parts together
MAX_HEADER_BLOCK = 1024 * 1024
#: one cell of a CSV file: the csv module's own limit (csv.field_size_limit(), which this
#: program leaves as it is)
MAX_CSV_FIELD_CHARS = 131_072

_PARTS = re.compile(r"([A-Za-z-]+)=([^;]*)")
_HEADER_NAME = re.compile(rb"[\x21-\x39\x3b-\x7e]+[ \t]*:")


def is_number(text: str) -> bool:
    """Digits 0-9 only (str.isdigit() also takes "³" and other digits int() refuses)."""
    return text.isascii() and text.isdigit()


def _kb(chars: int) -> str:
    return f"{chars // 1024:,} KB".replace(",", ".") if chars >= 10_240 else f"{chars} Zeichen"


def property_too_long(length: int, filename: str, line: int) -> ImportError_:
    return ImportError_(
        f"Eine Angabe ist {_kb(length)} lang; höchstens {_kb(MAX_PROPERTY_CHARS)} je Angabe "
        "werden eingelesen. Die Datei ist beschädigt oder nicht für den Austausch gedacht.",
        file=filename,
        line=line,
    )


def _zone_rule_problem(value: str) -> str | None:
    """Why a STANDARD/DAYLIGHT rule of a VTIMEZONE is refused, or None.

    Real zones change their offset at most a few times a year on a fixed day: FREQ=YEARLY in
    one month, on one weekday or up to seven month days (RFC 5545's own example for "the
    second Sunday"). Anything else is expanded by the iCalendar library up to the year 9999
    and could take hours (FREQ=SECONDLY grows the memory by megabytes a second).
    """
    parts = {k.upper(): v.upper() for k, v in _PARTS.findall(value)}
    freq = parts.get("FREQ", "")
    if freq != "YEARLY":
        return f"die Umstellung wiederholt sich nicht jährlich (FREQ={freq[:20]})"
    interval = parts.get("INTERVAL", "1")
    if not is_number(interval) or not 1 <= int(interval) <= 100:
        return f"ungültiger Abstand INTERVAL={interval[:20]}"
    for key in ("BYHOUR", "BYMINUTE", "BYSECOND", "BYYEARDAY", "BYWEEKNO", "BYSETPOS"):
        if key in parts:
            return f"{key} gibt es in Zeitzonen nicht"
    for key, most in (("BYMONTH", 1), ("BYDAY", 1), ("BYMONTHDAY", 7)):
        if len([v for v in parts.get(key, "").split(",") if v]) > most:
            return f"zu viele Werte in {key}"
    return None


def check_calendar_text(text: str, filename: str) -> list[int]:
    """Refuse a calendar (unfolded text) that breaks a limit; the line of each VEVENT.

    Raises ImportError_ naming the file and the (unfolded) line."""
    depth = 0
    components = 0
    zone_rules = 0
    zone_depth: int | None = None
    zone_start = 1  # year of the DTSTART of the zone block being read
    transitions = 0
    events: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_PROPERTY_CHARS:
            raise property_too_long(len(line), filename, number)
        head = line[:16].upper()
        if head.startswith("BEGIN:"):
            depth += 1
            components += 1
            name = line[6:].strip().upper()
            if depth > MAX_NESTING:
                raise ImportError_(
                    f"Die Kalenderdatei schachtelt mehr als {MAX_NESTING} Bausteine "
                    "ineinander; so ist keine echte Kalenderdatei aufgebaut.",
                    file=filename,
                    line=number,
                )
            if components > MAX_COMPONENTS:
                raise ImportError_(
                    f"Die Kalenderdatei enthält mehr als {MAX_COMPONENTS:,} Bausteine; "
                    "bitte in kleineren Teilen exportieren und importieren.".replace(",", "."),
                    file=filename,
                    line=number,
                )
            if name == "VTIMEZONE" and zone_depth is None:
                zone_depth = depth
            elif name == "VEVENT":
                events.append(number)
                if len(events) > MAX_EVENTS:
                    raise ImportError_(
                        f"Die Kalenderdatei enthält mehr als {MAX_EVENTS:,} Termine; bitte in "
                        "kleineren Teilen (z. B. je Jahr) exportieren und importieren.".replace(
                            ",", "."
                        ),
                        file=filename,
                        line=number,
                    )
        elif head.startswith("END:"):
            if zone_depth is not None and depth <= zone_depth:
                zone_depth = None
            depth = max(0, depth - 1)
        elif zone_depth is not None and head.startswith("DTSTART"):
            year = line.partition(":")[2].strip()[:4]
            zone_start = int(year) if is_number(year) else 1
        elif zone_depth is not None and head.startswith("RRULE"):
            zone_rules += 1
            value = line.partition(":")[2]
            problem = _zone_rule_problem(value)
            days = value.upper().partition("BYMONTHDAY=")[2].split(";")[0]
            transitions += (10_000 - zone_start) * max(1, len([d for d in days.split(",") if d]))
            if problem is None and zone_rules > MAX_ZONE_RULES:
                problem = f"mehr als {MAX_ZONE_RULES} Umstellungsregeln in der Datei"
            if problem is None and transitions > MAX_ZONE_TRANSITIONS:
                problem = (
                    f"ihre Regeln ergäben bis zum Jahr 9999 mehr als "
                    f"{MAX_ZONE_TRANSITIONS:,} Umstellungen".replace(",", ".")
                )
            if problem is not None:
                raise ImportError_(
                    f"Eine Zeitzone (VTIMEZONE) der Datei ist unbrauchbar: {problem}.",
                    file=filename,
                    line=number,
                )
    return events


def check_header_block(data: bytes, filename: str) -> None:
    """Refuse an e-mail whose header fields (of the message or any MIME part) are too long.

    Python's structured header parser takes time that grows with the square of a header's
    length (a 100 KB Content-Transfer-Encoding took 35 s, 1 MB over 400 s) or recurses until
    it fails; eml.py reads with the plain compat32 policy, and these limits keep even its
    parameter parsing of Content-* fields short."""
    length = 0  # of the header field being read (unfolded)
    block = 0  # of the header block being read
    in_headers = True
    parts = 0
    most = MAX_HEADER_CHARS
    for number, raw in enumerate(data.splitlines(), start=1):
        if in_headers:
            if raw[:1] in (b" ", b"\t") and block:
                length += len(raw)
            elif _HEADER_NAME.match(raw):
                length = len(raw)
                most = (
                    MAX_CONTENT_HEADER_CHARS if raw[:8].lower() == b"content-" else MAX_HEADER_CHARS
                )
            else:  # an empty line or body text: the headers of this part end here
                in_headers = False
                continue
            block += len(raw)
            if length > most:
                raise ImportError_(
                    f"Eine Kopfzeile der E-Mail ist {_kb(length)} lang; erlaubt sind "
                    f"höchstens {_kb(most)}. Die E-Mail ist beschädigt oder "
                    "absichtlich so gebaut.",
                    file=filename,
                    line=number,
                )
            if block > MAX_HEADER_BLOCK:
                raise ImportError_(
                    f"Die Kopfzeilen der E-Mail sind zusammen länger als {_kb(MAX_HEADER_BLOCK)}.",
                    file=filename,
                    line=number,
                )
        elif raw.startswith(b"--"):
            # perhaps a MIME boundary: header fields of the next part may follow
            in_headers = True
            length = block = 0
            parts += 1
            if parts > MAX_MIME_PARTS:
                raise ImportError_(
                    f"Die E-Mail besteht aus mehr als {MAX_MIME_PARTS} Teilen; so viele hat "
                    "keine Einladung.",
                    file=filename,
                    line=number,
                )


def too_many_entries(kind: str, filename: str, line: int) -> ImportError_:
    """The German refusal of a contact file with more than MAX_CONTACT_ENTRIES entries."""
    return ImportError_(
        f"Die Datei enthält mehr als {MAX_CONTACT_ENTRIES:,} {kind}; bitte in kleineren Teilen "
        "exportieren und importieren.".replace(",", "."),
        file=filename,
        line=line,
    )

"""Dates and times as people type them: "15.11.2021 9:00", "15.11.", "morgen", "Mo 14 Uhr", "+7".

The one parser behind every date and time field of the window (and usable by the command line).
It never guesses silently: what it cannot read raises DateTextError with a German sentence that
says what it expects. Rules, in the order they are tried:

- empty text: None (the caller decides whether a field may be empty)
- relative days: "heute", "morgen", "übermorgen", "gestern", "vorgestern", "+7" / "-3" (days),
  "+2w" / "+2 Wochen" (weeks), "+1m" / "+1 Monat" (months, clamped to the month's last day)
- a weekday: "Mo", "Montag", "Di." ... the next such day from today on (today if it is that day)
- a date: "15.11.2021", "15.11.21" (two-digit years: 00-69 -> 20xx, 70-99 -> 19xx), "15.11." or
  "15.11" (this year; next year when this year's day lies more than 90 days back), "15. November
  2021", "15. Nov.", ISO "2021-11-15", "15112021" (eight digits)
- then, optionally, a time: "9", "9:00", "09:00", "9.30", "930"/"0930", "14 Uhr", "14:30 Uhr",
  "um 14 Uhr" — only where the field asks for a time
- a time alone ("14:30", "14 Uhr") keeps the date the field had (or today)
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from contactdesk.core.errors import ValidationError
from contactdesk.core.folding import fold

__all__ = [
    "DateTextError",
    "ParsedText",
    "format_date",
    "format_datetime",
    "parse",
    "parse_date",
    "parse_datetime",
]

#: a day that lies further back than this is read as next year's when the year is left out
PAST_WINDOW = timedelta(days=90)
MIN_YEAR, MAX_YEAR = 1900, 2199

_WEEKDAYS = {
    "mo": 0,
    "montag": 0,
    "di": 1,
    "dienstag": 1,
    "mi": 2,
    "mittwoch": 2,
    "do": 3,
    "donnerstag": 3,
    "fr": 4,
    "freitag": 4,
    "sa": 5,
    "samstag": 5,
    "sonnabend": 5,
    "so": 6,
    "sonntag": 6,
}
_RELATIVE_DAYS = {
    "heute": 0,
    "morgen": 1,
    "ubermorgen": 2,
    "uebermorgen": 2,
    "gestern": -1,
    "vorgestern": -2,
}
_MONTHS = {
    "januar": 1,
    "jan": 1,
    "janner": 1,
    "jaenner": 1,
    "februar": 2,
    "feb": 2,
    "marz": 3,
    "maerz": 3,
    "mar": 3,
    "mrz": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}

_RELATIVE = re.compile(
    r"^(?P<sign>[+-])\s*(?P<n>\d{1,4})\s*(?P<unit>t|tag|tage|d|w|wo|woche|wochen|m|monat|monate)?$"
)
_NUMERIC_DATE = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.?(?:(?P<y>\d{2}|\d{4}))?$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_COMPACT_DATE = re.compile(r"^(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{4})$")
_NAMED_DATE = re.compile(r"^(?P<d>\d{1,2})\.?\s*(?P<name>[a-z]+)\.?(?:\s*(?P<y>\d{4}))?$")
_TIME = re.compile(
    r"^(?:um\s*)?(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*(?:uhr)?$|^(?:um\s*)?(?P<hc>\d{1,2})(?P<mc>\d{2})\s*(?:uhr)?$"
)


class DateTextError(ValidationError):
    """Text that is no date or time; the message is a German sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__({"text": message})


@dataclass(frozen=True)
class ParsedText:
    """What a text said: a day (or None for a time alone) and a time (or None)."""

    day: date | None
    at: time | None


def _expected(with_time: bool) -> str:
    if with_time:
        return (
            "Bitte Datum und Uhrzeit wie „15.11.2021 9:00“ eingeben "
            "(auch „15.11.“, „morgen 14 Uhr“, „Mo 9:30“ oder „+7“)."
        )
    return "Bitte ein Datum wie „15.11.2021“ eingeben (auch „15.11.“, „morgen“, „Mo“ oder „+7“)."


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        return 2000 + value if value < 70 else 1900 + value
    return value


def _make_date(year: int, month: int, day: int) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateTextError(f"Das Jahr {year} liegt außerhalb von {MIN_YEAR} bis {MAX_YEAR}.")
    if not 1 <= month <= 12:
        raise DateTextError(f"Einen Monat {month} gibt es nicht (1 bis 12).")
    last = monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateTextError(f"Den {day}. gibt es im Monat {month:02d}.{year} nicht (1 bis {last}).")
    return date(year, month, day)


def _without_year(day: int, month: int, today: date) -> date:
    """A day typed without its year: this year, or next year when that lies far back."""
    if month == 2 and day == 29:
        # the next leap year's 29 February, not an error in between
        year = today.year
        while monthrange(year, 2)[1] < 29 or date(year, 2, 29) < today - PAST_WINDOW:
            year += 1
        return date(year, 2, 29)
    candidate = _make_date(today.year, month, day)
    if candidate < today - PAST_WINDOW:
        candidate = _make_date(today.year + 1, month, day)
    return candidate


def _add_months(value: date, months: int) -> date:
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return _make_date(year, month, min(value.day, monthrange(year, month)[1]))


def _parse_time(text: str) -> time:
    match = _TIME.match(text)
    if match is None:
        raise DateTextError(f"„{text}“ ist keine Uhrzeit. Bitte z. B. „9:00“ oder „14 Uhr“.")
    hour = int(match.group("h") if match.group("h") is not None else match.group("hc"))
    minute_text = match.group("min") if match.group("h") is not None else match.group("mc")
    minute = int(minute_text) if minute_text else 0
    if hour == 24 and minute == 0:
        raise DateTextError("24 Uhr gibt es nicht: bitte „0:00“ am nächsten Tag oder „23:59“.")
    if hour > 23 or minute > 59:
        raise DateTextError(f"„{text}“ ist keine Uhrzeit (0:00 bis 23:59).")
    return time(hour, minute)


def _parse_day(text: str, today: date) -> date | None:
    """The day a text names, or None when the text is no day at all."""
    word = text.rstrip(".")  # "Mo." as well as "Mo"
    if word in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[word])
    if word in _WEEKDAYS:
        return today + timedelta(days=(_WEEKDAYS[word] - today.weekday()) % 7)
    if match := _RELATIVE.match(text):
        n = int(match.group("n")) * (1 if match.group("sign") == "+" else -1)
        unit = match.group("unit") or "t"
        try:
            if unit.startswith("w"):
                return today + timedelta(weeks=n)
            if unit.startswith("m"):
                return _add_months(today, n)
            return today + timedelta(days=n)
        except OverflowError:
            raise DateTextError("So weit lässt sich nicht rechnen.") from None
    if match := _NUMERIC_DATE.match(text):
        day, month = int(match.group("d")), int(match.group("m"))
        if match.group("y") is None:  # "15.11." or "15.11"
            return _without_year(day, month, today)
        return _make_date(_year(match.group("y")), month, day)
    if match := _ISO_DATE.match(text):
        return _make_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    if match := _COMPACT_DATE.match(text):
        return _make_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    if match := _NAMED_DATE.match(text):
        named_month = _MONTHS.get(match.group("name"))
        if named_month is None:
            return None
        day = int(match.group("d"))
        if match.group("y") is None:
            return _without_year(day, named_month, today)
        return _make_date(int(match.group("y")), named_month, day)
    return None


def _normalise(text: str) -> str:
    folded = fold(text.strip()) if text.strip() else ""
    folded = folded.lower().replace(",", " ")
    return re.sub(r"\s+", " ", folded).strip()


def _split_date_time(text: str, today: date) -> ParsedText:
    """Try every split into a day part and a time part; the day part comes first."""
    words = text.split(" ")
    # the whole text as a day ("9.30" is no day but half past nine)
    try:
        day = _parse_day(text, today)
    except DateTextError:
        if _TIME.match(text) and "." in text:
            return ParsedText(None, _parse_time(text))
        raise
    if day is not None:
        return ParsedText(day, None)
    # day words followed by time words ("15. nov 2021 9:00", "mo 14 uhr", "morgen um 9")
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        day = _parse_day(head, today)
        if day is not None:
            if _TIME.match(tail) is None:
                break
            return ParsedText(day, _parse_time(tail))
    # a time alone
    if _TIME.match(text) and not re.fullmatch(r"\d{1,2}", text):
        return ParsedText(None, _parse_time(text))
    if re.fullmatch(r"\d{1,2}", text):
        # a lone number is a day of this month (as Outlook reads it)
        return ParsedText(_without_year(int(text), today.month, today), None)
    raise LookupError(text)


def parse(text: str, *, today: date, with_time: bool) -> ParsedText | None:
    """What the text says, or None for an empty text; DateTextError when it says nothing."""
    normal = _normalise(text)
    if not normal:
        return None
    try:
        parsed = _split_date_time(normal, today)
    except LookupError:
        raise DateTextError(f"„{text.strip()}“ ist kein Datum. {_expected(with_time)}") from None
    if parsed.at is not None and not with_time:
        raise DateTextError(
            f"Hier ist nur ein Datum gefragt, ohne Uhrzeit. {_expected(with_time=False)}"
        )
    return parsed


def parse_date(text: str, *, today: date) -> date | None:
    """A date field's text as a date; None for an empty text."""
    parsed = parse(text, today=today, with_time=False)
    if parsed is None:
        return None
    if parsed.day is None:
        raise DateTextError(_expected(with_time=False))
    return parsed.day


def parse_datetime(
    text: str, *, now: datetime, previous: datetime | None = None, default_time: time | None = None
) -> datetime | None:
    """A date-and-time field's text as a naive wall-clock datetime; None for an empty text.

    A day without a time keeps the time the field had (`previous`), else `default_time`, else
    9:00; a time without a day keeps the field's day (or today).
    """
    parsed = parse(text, today=now.date(), with_time=True)
    if parsed is None:
        return None
    day = parsed.day or (previous.date() if previous else now.date())
    if parsed.at is not None:
        at = parsed.at
    elif previous is not None:
        at = previous.time().replace(second=0, microsecond=0, tzinfo=None)
    else:
        at = default_time or time(9, 0)
    return datetime.combine(day, at)


def format_date(value: date | None) -> str:
    return "" if value is None else f"{value:%d.%m.%Y}"


def format_datetime(value: datetime | None) -> str:
    return "" if value is None else f"{value:%d.%m.%Y %H:%M}"

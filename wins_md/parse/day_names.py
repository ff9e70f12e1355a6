"""Days written as a Logseq graph names its journal pages (``Dec 2nd, 2026``,
``2026-12-02``, ``02.12.2026``...), read from a ``completed::`` property and written
into one. Pure.

Logseq names a journal page with its ``:journal/page-title-format`` (date-fns tokens;
``MMM do, yyyy`` by default). Every format Logseq offers can be read back without
knowing which one the graph uses, except those that write day and month as numbers
joined by ``-`` with the year last (``dd-MM-yyyy``, ``MM-dd-yyyy``), which cannot be
told apart: :func:`format_day` declines them, and a done date is then written as
``2026-12-02``.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = r"(?:[A-Za-z]+,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMERIC = (
    (re.compile(_WEEKDAY + r"(\d{4})([-_/]?)(\d{2})\2(\d{2})(?:\s+[A-Za-z]+)?"), (1, 3, 4)),
    (re.compile(r"(\d{4})年(\d{2})月(\d{2})日"), (1, 2, 3)),
    (re.compile(_WEEKDAY + r"(\d{2})\.(\d{2})\.(\d{4})"), (3, 2, 1)),
    (re.compile(_WEEKDAY + r"(\d{2})/(\d{2})/(\d{4})"), (3, 1, 2)),
)
"""Year, month and day groups of the numeric forms (an optional weekday aside)."""
_MONTH_FIRST = re.compile(_WEEKDAY + rf"([A-Za-z]+)[ _](\d{{1,2}}){_ORDINAL},?[ _](\d{{4}})")
_DAY_FIRST = re.compile(_WEEKDAY + rf"(\d{{1,2}}){_ORDINAL}\s+([A-Za-z]+),?\s+(\d{{4}})")
_TOKENS = re.compile(r"yyyy|MMMM|MMM|MM|do|dd|EEEE|EEE|E|'[^']*'|.", re.DOTALL)


def read_day(value: str) -> tuple[dt.date | None, bool]:
    """The day a ``completed::`` value names (``[[Dec 2nd, 2026]]``, ``2026-12-02``...),
    and whether the value is written as a day at all: ``(None, True)`` for a day that
    does not exist (``Feb 30th, 2026``), ``(None, False)`` for any other text."""
    text = value.strip()
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2].strip()
    parts = _parts(text)
    if parts is None:
        return None, False
    year, month, day = parts
    try:
        return dt.date(year, month, day), True
    except ValueError:
        return None, True


def _parts(text: str) -> tuple[int, int, int] | None:
    for pattern, (y, m, d) in _NUMERIC:
        match = pattern.fullmatch(text)
        if match:
            return int(match.group(y)), int(match.group(m)), int(match.group(d))
    for pattern, month_group in ((_MONTH_FIRST, 1), (_DAY_FIRST, 2)):
        match = pattern.fullmatch(text)
        if match:
            month = _month(match.group(month_group))
            day = match.group(3 - month_group)
            return None if month is None else (int(match.group(3)), month, int(day))
    return None


def _month(name: str) -> int | None:
    lowered = name.lower()
    if len(lowered) < 3:
        return None
    found = [number for number, full in enumerate(_MONTHS, 1) if full.startswith(lowered)]
    return found[0] if len(found) == 1 else None


def format_day(title_format: str, day: dt.date) -> str | None:
    """``day`` in a Logseq page-title format (date-fns tokens ``yyyy MMMM MMM MM do dd
    EEEE EEE E``), or None when the format has other tokens or could not be read back
    unambiguously by :func:`read_day`."""
    out = []
    for token in _TOKENS.findall(title_format):
        if token.startswith("'"):
            out.append(token[1:-1])
        elif token in _FIELDS:
            out.append(_FIELDS[token](day))
        elif token.isascii() and token.isalpha():
            return None  # a token we do not write (or a letter Logseq would read as one)
        else:
            out.append(token)
    text = "".join(out)
    return text if read_day(text) == (day, True) else None


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


_FIELDS = {
    "yyyy": lambda day: f"{day.year:04d}",
    "MMMM": lambda day: _MONTHS[day.month - 1].capitalize(),
    "MMM": lambda day: _MONTHS[day.month - 1][:3].capitalize(),
    "MM": lambda day: f"{day.month:02d}",
    "do": lambda day: _ordinal(day.day),
    "dd": lambda day: f"{day.day:02d}",
    "EEEE": lambda day: _DAYS[day.weekday()],
    "EEE": lambda day: _DAYS[day.weekday()][:3],
    "E": lambda day: _DAYS[day.weekday()][:3],
}

"""Calendar dates: reading them from text and file names, naming days and weeks, and
the vault's "today".

Everything here works on calendar dates (``datetime.date``), never on timestamps,
so no date is ever shifted by a timezone. The one instant read is the clock's, turned
into the vault's day by :func:`day_at` (its timezone and the hour its days start).
"""

from __future__ import annotations

import datetime as dt
import os
import re

DAY_NAMES = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
WEEKDAYS = tuple(name[:3] for name in DAY_NAMES)
_LAST = dt.date.max.toordinal()

_NAME_DATE = re.compile(r"(?<!\d)(\d{4})([-_])(\d{2})\2(\d{2})(?!\d)")
_RELATIVE = re.compile(r"^[-+]\d{1,9}$")  # more digits would be off the calendar anyway
# Obsidian (moment.js) tokens we understand in journal_format, longest first.
_MOMENT_TOKENS = {
    "YYYY": ("%Y", r"(?P<Y>\d{4})"),
    "MMMM": ("%B", r"(?P<B>[A-Za-z]+)"),
    "MMM": ("%b", r"(?P<b>[A-Za-z]{3})"),
    "MM": ("%m", r"(?P<m>\d{2})"),
    "dddd": ("%A", r"[A-Za-z]+"),
    "ddd": ("%a", r"[A-Za-z]{3}"),
    "DD": ("%d", r"(?P<d>\d{2})"),
}
_MOMENT_SPLIT = re.compile(r"\[[^\]]*\]|" + "|".join(_MOMENT_TOKENS))


def date_in_name(name: str) -> tuple[dt.date | None, str | None]:
    """The ``YYYY-MM-DD`` or ``YYYY_MM_DD`` date in a file name.

    Returns ``(date, None)``, ``(None, None)`` when the name holds no date, or
    ``(None, message)`` when it holds one that is not a real calendar date.
    """
    match = _NAME_DATE.search(name)
    if match is None:
        return None, None
    year, _, month, day = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)), None
    except ValueError:
        return None, f"the date '{match.group(0)}' in the file name is not a real date"


def format_path(moment_format: str, day: dt.date) -> str:
    """Format a date with an Obsidian-style (moment.js) format such as ``YYYY/YYYY-MM-DD``."""
    out: list[str] = []
    for piece in _split_moment(moment_format):
        if piece in _MOMENT_TOKENS:
            out.append(day.strftime(_MOMENT_TOKENS[piece][0]))
        elif piece.startswith("["):
            out.append(piece[1:-1])
        else:
            out.append(piece)
    return "".join(out)


def parse_with_format(moment_format: str, text: str) -> dt.date | None:
    """Read a date back from a path written with :func:`format_path`, or None."""
    pattern: list[str] = []
    seen: set[str] = set()
    for piece in _split_moment(moment_format):
        if piece in _MOMENT_TOKENS:
            regex = _MOMENT_TOKENS[piece][1]
            group = regex[4:5] if regex.startswith("(?P<") else ""
            if group and group in seen:  # the same part twice, as in YYYY/YYYY-MM-DD
                regex = f"(?P={group})"
            seen.add(group)
            pattern.append(regex)
        elif piece.startswith("["):
            pattern.append(re.escape(piece[1:-1]))
        else:
            pattern.append(re.escape(piece))
    match = re.search("".join(pattern) + "$", text)
    if match is None or not {"Y", "d"} <= set(match.groupdict()):
        return None
    parts = match.groupdict()
    try:
        if parts.get("m"):
            month = int(parts["m"])
        elif parts.get("B") or parts.get("b"):
            name = (parts.get("B") or parts.get("b") or "")[:3]
            month = dt.datetime.strptime(name, "%b").month
        else:
            return None
        return dt.date(int(parts["Y"]), month, int(parts["d"]))
    except ValueError:
        return None


def _split_moment(moment_format: str) -> list[str]:
    pieces: list[str] = []
    pos = 0
    for match in _MOMENT_SPLIT.finditer(moment_format):
        if match.start() > pos:
            pieces.append(moment_format[pos : match.start()])
        pieces.append(match.group(0))
        pos = match.end()
    if pos < len(moment_format):
        pieces.append(moment_format[pos:])
    return pieces


_AGO = re.compile(r"(\d{1,9}|an?|one) (day|week)s? ago")
_UNITS = {"day": 1, "week": 7}


def parse_day(text: str, today: dt.date) -> dt.date:
    """A date given on the command line: ``2026-11-22``, ``today``, ``yesterday``,
    ``-1``, ``3 days ago``, ``2 weeks ago``, ``monday`` (the latest Monday, today
    included) or ``last monday`` (the latest before today).

    Raises ValueError with a message fit for the user.
    """
    day = _parse_day(" ".join(text.strip().lower().split()), today, text)
    if day is None:
        raise ValueError(
            f"'{text}' is not a date; use YYYY-MM-DD, today, yesterday, -N, "
            "'N days ago', 'N weeks ago', a weekday or 'last WEEKDAY'"
        )
    return day


def _parse_day(value: str, today: dt.date, text: str) -> dt.date | None:
    """The date ``value`` names, or None when it names none; ValueError (from
    :func:`shift_day`) when it names a day beyond the calendar."""
    named = {"today": 0, "yesterday": -1, "tomorrow": 1}.get(value)
    if named is not None:
        return shift_day(today, named, text)
    if _RELATIVE.match(value):
        return shift_day(today, int(value), text)
    ago = _AGO.fullmatch(value)
    if ago is not None:
        count = int(ago.group(1)) if ago.group(1).isdigit() else 1
        return shift_day(today, -count * _UNITS[ago.group(2)], text)
    weekday = _weekday(value.removeprefix("last "))
    if weekday is not None:
        back = (today.weekday() - weekday) % 7 or (7 if value.startswith("last ") else 0)
        return shift_day(today, -back, text)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _weekday(name: str) -> int | None:
    """0 for ``monday`` or ``mon``, ... 6 for ``sunday``; None for anything else."""
    for number, day in enumerate(DAY_NAMES):
        if name == day or name == day[:3]:
            return number
    return None


NOW_VARIABLE = "WINS_NOW"
"""An instant that stands for the clock (``2026-03-29T01:30:00Z``): for tests."""
MIDNIGHT = dt.time()


def clock() -> dt.datetime:
    """The current instant: :data:`NOW_VARIABLE` when set, else the system's clock.

    Raises ValueError, fit for the user, when the variable holds no instant.
    """
    frozen = os.environ.get(NOW_VARIABLE)
    return parse_instant(frozen) if frozen else dt.datetime.now(dt.UTC)


def parse_instant(text: str) -> dt.datetime:
    """An ISO 8601 instant with its offset (``Z`` or ``+02:00``)."""
    try:
        instant: dt.datetime | None = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise ValueError(
            f"{NOW_VARIABLE}: '{text}' is not an instant; write it as "
            "2026-03-29T01:30:00Z (Z or an offset such as +02:00)"
        )
    return instant


def day_at(instant: dt.datetime, timezone: str | None, day_start: dt.time = MIDNIGHT) -> dt.date:
    """The vault's day at ``instant``: the date on the wall clocks of ``timezone`` (the
    system's when None), the day before until ``day_start`` (a night owl's 01:30 still
    belongs to the evening before). Wall-clock time: a daylight-saving change moves
    the hour the day starts at with the clocks."""
    try:
        if timezone:
            from zoneinfo import ZoneInfo  # not imported by every command: most set none

            local = instant.astimezone(ZoneInfo(timezone))
        else:
            local = instant.astimezone()
        wall = local.replace(tzinfo=None)
        return (wall - dt.timedelta(hours=day_start.hour, minutes=day_start.minute)).date()
    except OverflowError:  # an instant within a day of either end of the calendar
        return dt.date.min if instant.year == 1 else dt.date.max


def today_in(timezone: str | None, day_start: dt.time = MIDNIGHT) -> dt.date:
    """Today in ``timezone`` for days that start at ``day_start``, by :func:`clock`
    (a vault's today is :meth:`wins_md.config.Config.today`)."""
    return day_at(clock(), timezone, day_start)


def shift_day(day: dt.date, days: int, text: str) -> dt.date:
    """``day`` moved by ``days``; ValueError naming ``text`` (what the user wrote) when
    that leaves the calendar (before 0001-01-01 or after 9999-12-31)."""
    ordinal = day.toordinal() + days
    if ordinal < 1:
        raise ValueError(f"'{text}' is before {dt.date.min}, the first day of the calendar")
    if ordinal > _LAST:
        raise ValueError(f"'{text}' is after {dt.date.max}, the last day of the calendar")
    return dt.date.fromordinal(ordinal)


def day_of(ordinal: int) -> dt.date | None:
    """The date of a proleptic Gregorian ordinal, None beyond either end of the calendar.

    Sums of days are done on ordinals, which never overflow: a week or a chart reaching
    past 9999-12-31 or before 0001-01-01 simply has no days there.
    """
    if 1 <= ordinal <= _LAST:
        return dt.date.fromordinal(ordinal)
    return None


def weekday_of(ordinal: int) -> int:
    """The weekday (0 is Monday) of an ordinal, even one beyond the calendar."""
    return (ordinal + 6) % 7  # ordinal 1, 0001-01-01, is a Monday


def week_start_ordinal(day: dt.date, first_weekday: int) -> int:
    """The ordinal of the first day of the week holding ``day`` (0 in the week of
    0001-01-01 when weeks start on Sunday: that day is before the calendar)."""
    return day.toordinal() - (day.weekday() - first_weekday) % 7


def iso_week_name(day: dt.date) -> str:
    """``2026-W47`` for any day of that ISO week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"

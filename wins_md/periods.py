"""Periods of time that reviews and brag documents cover (a week starting on
``week_start``, a month, a quarter, a year, or any run of days), and what happened
over one: each goal's progress from its start to its end, and the months. Pure.

Review files are named after their period so that the names sort and never clash:
``2026-W47`` (an ISO week, when weeks start on Monday), ``2026-11-22-week`` (a week
starting on another day: ISO week names only fit Monday weeks, so such a week is
named by its first day), ``2026-11`` (a month), ``2026-Q4`` (a quarter), ``2026`` (a
year). In a folder listing the weeks of a month come before the month, the months
before their quarters, the quarters before the weeks of the year named by number,
and the year's own review last.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from wins_md.dates import day_of, iso_week_name, parse_day, shift_day, week_start_ordinal
from wins_md.model import Vault, Win
from wins_md.stats import count_stats
from wins_md.stats_model import GoalStats

PeriodKind = Literal["week", "month", "quarter", "year", "days"]
HIGH_STRETCH = 4
"""A win of stretch 4 or 5 is a high-stretch win."""

_WEEK = re.compile(r"^(\d{4})-?w(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?q(\d)$")
_YEAR = re.compile(r"^\d{4}$")
_FORMS = "2026-W47, this, last, a date in the week, 2026-11, 2026-Q4 or 2026"


@dataclass(frozen=True, slots=True)
class Period:
    """A run of calendar days, both ends included."""

    kind: PeriodKind
    name: str
    """The stem of its review file: ``2026-W47``, ``2026-11-22-week``, ``2026-11``,
    ``2026-Q4``, ``2026``; ``2026-01-01..2026-03-31`` for a run of days."""
    start: dt.date
    end: dt.date
    first_weekday: int = 0
    """The first day of a week (0 Monday ... 6 Sunday), for weeks."""

    @property
    def label(self) -> str:
        """How a heading names it: ``Week 2026-W47``, ``Week of 2026-11-22``,
        ``November 2026``, ``Q4 2026``, ``2026``, ``2026-01-01 to 2026-03-31``."""
        if self.kind == "week":
            if self.name.endswith("-week"):
                return f"Week of {self.start.isoformat()}"
            return f"Week {self.name}"
        if self.kind == "month":
            return f"{self.start.strftime('%B')} {self.start.year}"
        if self.kind == "quarter":
            return f"Q{(self.start.month + 2) // 3} {self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    @property
    def noun(self) -> str:
        """``week``, ``month``, ``quarter``, ``year`` or ``period``."""
        return "period" if self.kind == "days" else self.kind

    def previous(self) -> Period | None:
        """The period of the same kind just before (None before the calendar)."""
        day = day_of(self.start.toordinal() - 1)
        if day is None:
            return None
        if self.kind == "week":
            return week_of(day, self.first_weekday)
        if self.kind == "month":
            return month_period(day.year, day.month)
        if self.kind == "quarter":
            return quarter_period(day.year, (day.month + 2) // 3)
        if self.kind == "year":
            return year_period(day.year)
        start = day_of(self.start.toordinal() - (self.end - self.start).days - 1)
        return days_period(start or dt.date.min, day)


def week_of(day: dt.date, first_weekday: int = 0) -> Period:
    """The week holding ``day``, starting on ``first_weekday`` (0 Monday ... 6 Sunday)."""
    first = week_start_ordinal(day, first_weekday)
    # The calendar starts on a Monday and ends on a Friday: its first and last weeks
    # are cut short.
    start = day_of(first) or dt.date.min
    end = day_of(first + 6) or dt.date.max
    name = iso_week_name(day) if first_weekday == 0 else f"{start.isoformat()}-week"
    return Period("week", name, start, end, first_weekday)


def month_period(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    end = start.replace(day=calendar.monthrange(year, month)[1])
    return Period("month", f"{year:04d}-{month:02d}", start, end)


def quarter_period(year: int, quarter: int) -> Period:
    last = month_period(year, quarter * 3)
    return Period("quarter", f"{year:04d}-Q{quarter}", dt.date(year, quarter * 3 - 2, 1), last.end)


def year_period(year: int) -> Period:
    return Period("year", f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))


def days_period(start: dt.date, end: dt.date) -> Period:
    return Period("days", f"{start.isoformat()}..{end.isoformat()}", start, end)


def parse_week(text: str, today: dt.date, first_weekday: int = 0) -> Period:
    """A week given as ``2026-W47`` (Monday weeks only), ``this``, ``last``, ``next`` or
    a date in it. Raises ValueError with a message fit for the user."""
    period = _parse_week(text.strip().lower(), text, today, first_weekday)
    if period is None:
        raise ValueError(f"'{text}' is not a week; use 2026-W47, this, last, or a date in the week")
    return period


def parse_period(text: str, today: dt.date, first_weekday: int = 0) -> Period:
    """A period given as a week (see :func:`parse_week`), ``2026-11``, ``2026-Q4`` or
    ``2026``. Raises ValueError with a message fit for the user."""
    value = text.strip().lower()
    if _YEAR.match(value):
        return year_period(_year(value, text))
    month = _MONTH.match(value)
    if month:
        number = int(month.group(2))
        if not 1 <= number <= 12:
            raise ValueError(f"'{text}': a year has months 1 to 12")
        return month_period(_year(month.group(1), text), number)
    quarter = _QUARTER.match(value)
    if quarter:
        number = int(quarter.group(2))
        if not 1 <= number <= 4:
            raise ValueError(f"'{text}': a year has quarters Q1 to Q4")
        return quarter_period(_year(quarter.group(1), text), number)
    period = _parse_week(value, text, today, first_weekday)
    if period is None:
        raise ValueError(f"'{text}' is not a period; use {_FORMS}")
    return period


def _year(digits: str, text: str) -> int:
    if int(digits) < 1:
        raise ValueError(f"'{text}': the calendar starts in year 0001")
    return int(digits)


def _parse_week(value: str, text: str, today: dt.date, first_weekday: int) -> Period | None:
    if value in ("this", "last", "next"):
        shift = {"this": 0, "last": -7, "next": 7}[value]
        return week_of(shift_day(week_of(today, first_weekday).start, shift, text), first_weekday)
    match = _WEEK.match(value)
    if match:
        year, number = match.groups()
        if first_weekday != 0:
            raise ValueError(
                f"'{text}': weeks start on a {_DAY_NAMES[first_weekday]} (week_start), and "
                "ISO week numbers only name Monday weeks; give a date in the week, this or last"
            )
        try:
            return week_of(dt.date.fromisocalendar(int(year), int(number), 1))
        except ValueError:
            raise ValueError(f"'{text}': {year} has no week {number}") from None
    try:
        return week_of(parse_day(value, today), first_weekday)
    except ValueError:
        return None


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """What a goal did over a period: its progress at the start and at the end, and
    the wins that served it (directly) in the period."""

    slug: str
    title: str
    before: GoalStats | None
    """As of the day before the period (None when the goal has no file, or the period
    starts the calendar)."""
    after: GoalStats | None
    """As of the period's last day (or today, when the period is not over)."""
    wins: tuple[Win, ...]
    """The period's wins that link to it, its milestones reached included."""
    milestones: tuple[Win, ...]
    """Its milestones ticked with a done date in the period."""

    @property
    def start_percent(self) -> int:
        return round(self.before.progress * 100) if self.before else 0

    @property
    def end_percent(self) -> int:
        return round(self.after.progress * 100) if self.after else 0

    @property
    def advanced(self) -> bool:
        """True when its progress rose over the period."""
        before = self.before.progress if self.before else 0.0
        return self.after is not None and self.after.progress > before

    def to_json(self) -> dict[str, object]:
        before, after = self.before, self.after
        return {
            "slug": self.slug,
            "title": self.title,
            "wins": len(self.wins),
            "progress_start": before.progress if before else 0.0,
            "progress_end": after.progress if after else 0.0,
            "value_start": before.value if before else None,
            "value_end": after.value if after else None,
            "done_start": before.done if before else 0,
            "done_end": after.done if after else 0,
            "total": after.total if after else 0,
            "metric": after.metric if after else None,
            "target": after.target if after else None,
            "milestones": [win.to_json() for win in self.milestones],
        }


def goal_progress(
    view: Vault, period: Period, today: dt.date, wins: Sequence[Win]
) -> dict[str, GoalProgress]:
    """Each goal of ``view`` (the vault as it may be shown, as of ``today``) and each slug
    that the period's ``wins`` link to, with its progress over ``period``."""
    end = min(period.end, today)
    after = {goal.slug: goal for goal in count_stats(view.as_of(end), end).goals}
    day_before = day_of(period.start.toordinal() - 1)
    before = {}
    if day_before is not None:
        before = {g.slug: g for g in count_stats(view.as_of(day_before), day_before).goals}
    linked: dict[str, list[Win]] = {slug: [] for slug in view.goals}
    for win in wins:
        for slug in win.goals:
            linked.setdefault(slug, []).append(win)
    progress = {}
    for slug, served in linked.items():
        goal = view.goals.get(slug)
        lines = {m.line for m in goal.milestones} if goal else set()
        reached = tuple(w for w in served if goal and w.file == goal.file and w.line in lines)
        title = goal.title if goal else slug
        progress[slug] = GoalProgress(
            slug, title, before.get(slug), after.get(slug), tuple(served), reached
        )
    return progress


def month_of(day: dt.date) -> dt.date:
    """The first day of the month holding ``day``."""
    return day.replace(day=1)


def by_month(wins: Sequence[Win]) -> tuple[tuple[dt.date, tuple[Win, ...]], ...]:
    """``(first day of the month, its wins)`` for each month with wins, in date order."""
    months: dict[dt.date, list[Win]] = {}
    for win in wins:
        if win.date is not None:
            months.setdefault(month_of(win.date), []).append(win)
    return tuple((month, tuple(found)) for month, found in sorted(months.items()))


@dataclass(frozen=True, slots=True)
class MonthNumbers:
    """One month of a period: how many wins served no goal, and how far wins stretched."""

    month: dt.date
    """Its first day."""
    wins: int
    unaligned: int
    """Wins linked to no goal: shiny objects?"""
    stretched: int
    """Wins that say how far they stretched (``stretch::``)."""
    stretch_average: float | None
    high: int
    """High-stretch wins (stretch 4 or 5)."""

    @property
    def unaligned_percent(self) -> int:
        return round(self.unaligned / self.wins * 100) if self.wins else 0


def month_numbers(wins: Sequence[Win], start: dt.date, end: dt.date) -> tuple[MonthNumbers, ...]:
    """Each month from the one holding ``start`` to the one holding ``end``, with the
    numbers of its ``wins``."""
    grouped = dict(by_month(wins))
    months = []
    month, last = month_of(start), month_of(end)
    while month <= last:
        found = grouped.get(month, ())
        stretches = [win.stretch for win in found if win.stretch is not None]
        months.append(
            MonthNumbers(
                month=month,
                wins=len(found),
                unaligned=sum(1 for win in found if not win.goals),
                stretched=len(stretches),
                stretch_average=sum(stretches) / len(stretches) if stretches else None,
                high=sum(1 for value in stretches if value >= HIGH_STRETCH),
            )
        )
        following = day_of(month.toordinal() + 31)
        if following is None:
            break
        month = month_of(following)
    return tuple(months)

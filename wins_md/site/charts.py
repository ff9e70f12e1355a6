"""The charts of the published pages, as inline SVG coordinates and labels: the
heatmap calendar, wins per week, and a goal's sparkline. Pure.

Chart text is drawn at its size in px: the heatmap is never scaled, the weekly chart
spans the page with its bars placed in percent, and a goal's sparkline only scales a
line whose stroke keeps its width (``vector-effect``).

Weeks are counted on ordinals (see :func:`wins_md.dates.day_of`): near either end of
the calendar a chart reaches days that do not exist, which simply hold no wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wins_md.dates import day_of, week_start_ordinal
from wins_md.model import Win
from wins_md.rest import NO_REST, RestDays, RestPeriod
from wins_md.site.filters import long_date

HEATMAP_WEEKS = 53
CHART_WEEKS = 26
SPARK_WEEKS = 12
CELL = 14  # heatmap cell pitch in px (a square of 12 and a gap of 2)
SQUARE = 12
LEFT = 34  # room for the day names
TOP = 18  # room for the month names


@dataclass(frozen=True, slots=True)
class Cell:
    """A heatmap square or a chart bar, with its label for screen readers and tooltips."""

    x: float
    y: float
    width: float
    height: float
    level: int
    """0 (none) to 4 (most), the shade."""
    label: str
    rest: bool = False
    """A heatmap day that neither breaks nor extends a streak (see :mod:`wins_md.rest`)."""


@dataclass(frozen=True, slots=True)
class Chart:
    """An inline SVG chart: its size, its cells or bars, and axis labels."""

    width: float
    height: float
    cells: tuple[Cell, ...]
    labels: tuple[tuple[float, float, str], ...]
    """``(x, y, text)`` of each axis label."""
    summary: str
    """One sentence describing the whole chart."""
    title: str = ""
    """The chart's heading."""
    relative: bool = False
    """True when ``x`` and ``width`` (of cells and labels) are percentages of the page's
    width (the chart spans it, its text keeps its size); else everything is in px."""
    rest_days: int = 0
    """How many of its cells are rest days."""


@dataclass(frozen=True, slots=True)
class Sparkline:
    """A goal's wins per week over the last :data:`SPARK_WEEKS` weeks."""

    points: str
    """Polyline points in a 100 x 24 box."""
    label: str
    """The same numbers in words."""
    total: int
    """Wins in those weeks (0: nothing to draw)."""


def sparkline(wins: Sequence[Win], today: dt.date, first_weekday: int) -> Sparkline:
    """Wins per week over the last weeks, newest last; ``wins`` in date order."""
    start = week_start_ordinal(today, first_weekday) - (SPARK_WEEKS - 1) * 7
    counts = [0] * SPARK_WEEKS
    for win in reversed(wins):
        assert win.date is not None
        index = (win.date.toordinal() - start) // 7
        if index < 0:
            break
        if index < SPARK_WEEKS:
            counts[index] += 1
    top = max(counts) or 1
    step = 100 / (SPARK_WEEKS - 1)
    points = " ".join(
        f"{i * step:.1f},{22 - count / top * 20:.1f}" for i, count in enumerate(counts)
    )
    label = f"Wins per week over the last {SPARK_WEEKS} weeks: {', '.join(map(str, counts))}"
    return Sparkline(points, label, sum(counts))


def heatmap_chart(
    per_day: Mapping[dt.date, int],
    today: dt.date,
    first_weekday: int,
    rest: RestDays = NO_REST,
    periods: Sequence[RestPeriod] = (),
) -> Chart:
    """A calendar up to today, one square a day, darker for more wins: the last 53
    weeks, or from the week of the first win when that is more recent (a new vault's
    page is not a year of empty days). Rest days are marked, with the reason of a rest
    period where it is public."""
    year = week_start_ordinal(today, first_weekday) - (HEATMAP_WEEKS - 1) * 7
    first = min((day for day, count in per_day.items() if count > 0), default=None)
    if first is not None and first <= today:
        start = max(year, week_start_ordinal(first, first_weekday))
        title = "The last year" if start == year else "Since the first win"
    else:
        start, title = week_start_ordinal(today, first_weekday), "This week"
    days = [dt.date.fromordinal(ordinal) for ordinal in range(max(start, 1), today.toordinal() + 1)]
    top = max((per_day.get(day, 0) for day in days), default=0)
    cells = [_day_cell(day, start, per_day.get(day, 0), top, rest, periods) for day in days]
    columns = (today.toordinal() - start) // 7 + 1
    labels: list[tuple[float, float, str]] = []
    for column in range(columns):
        monday = day_of(start + column * 7)
        after = day_of(start + column * 7 + 14)
        # A month is named at its first week, and the first column at once unless
        # the next month's name follows too closely.
        if monday is not None and (
            monday.day <= 7 or (column == 0 and after is not None and after.month == monday.month)
        ):
            labels.append((LEFT + column * CELL, 13.0, monday.strftime("%b")))
    for row in (0, 2, 4):
        labels.append((0.0, TOP + row * CELL + 10, _weekday_name(first_weekday + row)))
    total = sum(per_day.get(day, 0) for day in days)
    active = sum(1 for day in days if per_day.get(day, 0))
    rests = sum(1 for cell in cells if cell.rest)
    rested = f"; {rests} rest day{'s' * (rests != 1)}" if rests else ""
    return Chart(
        LEFT + max(columns, 3) * CELL,
        TOP + 7 * CELL,
        tuple(cells),
        tuple(labels),
        f"{_wins(total)} on {active} of the last {len(days)} days{rested}",
        title,
        rest_days=rests,
    )


def _day_cell(
    day: dt.date,
    start: int,
    count: int,
    top: int,
    rest: RestDays,
    periods: Sequence[RestPeriod],
) -> Cell:
    """The heatmap's square of ``day``, in the calendar starting at ordinal ``start``."""
    column, row = divmod(day.toordinal() - start, 7)
    resting = day in rest
    label = f"{_wins(count)} on {long_date(day)}{_rest_label(day, periods) if resting else ''}"
    x, y = LEFT + column * CELL, TOP + row * CELL
    return Cell(x, y, SQUARE, SQUARE, _level(count, top), label, resting)


def _rest_label(day: dt.date, periods: Sequence[RestPeriod]) -> str:
    """``, a rest day``, with the reasons of the public rest periods that hold ``day``."""
    reasons = dict.fromkeys(p.shown_reason for p in periods if p.first <= day <= p.last)
    shown = "; ".join(reason for reason in reasons if reason)
    return f", a rest day ({shown})" if shown else ", a rest day"


def weekly_chart(per_day: Mapping[dt.date, int], today: dt.date, first_weekday: int) -> Chart:
    """Bars of wins per week over the last 26 weeks, across the page's width."""
    start = week_start_ordinal(today, first_weekday) - (CHART_WEEKS - 1) * 7
    counts = [
        sum(
            per_day.get(day, 0)
            for ordinal in range(start + week * 7, start + week * 7 + 7)
            if (day := day_of(ordinal)) is not None
        )
        for week in range(CHART_WEEKS)
    ]
    top = max(counts) or 1
    slot = 100 / CHART_WEEKS  # percent of the width
    height, bottom = 84, 96
    cells = []
    labels: list[tuple[float, float, str]] = []
    for week, count in enumerate(counts):
        # Weeks start on or before today; 0001-01-01 names one that began before it.
        first = dt.date.fromordinal(max(start + week * 7, 1))
        h = count / top * height
        cells.append(
            Cell(
                round(week * slot + slot * 0.1, 2),
                bottom - h - 1,
                round(slot * 0.8, 2),
                h + 1,
                _level(count, top),
                f"{_wins(count)} in the week of {long_date(first)}",
            )
        )
        if week % 4 == 2:  # centred under its bar, away from both edges
            labels.append((round((week + 0.5) * slot, 2), bottom + 18, first.strftime("%-d %b")))
    return Chart(
        100,
        bottom + 24,
        tuple(cells),
        tuple(labels),
        f"Wins per week over the last {CHART_WEEKS} weeks, {counts[-1]} this week, "
        f"most {max(counts)}",
        "Wins per week",
        relative=True,
    )


def _weekday_name(weekday: int) -> str:
    """The short name (``Mon``) of a weekday, 0 being Monday, in the locale's words."""
    return dt.date(2024, 1, 1 + weekday % 7).strftime("%a")  # 2024-01-01 was a Monday


def _level(count: int, top: int) -> int:
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(4, -(-count * 4 // top)))


def _wins(count: int) -> str:
    return f"{count} win" if count == 1 else f"{count} wins"

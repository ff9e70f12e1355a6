"""The charts of the published pages, as inline SVG coordinates and labels: the
heatmap calendar, wins per week, and a goal's sparkline. Pure.

Weeks are counted on ordinals (see :func:`wins_md.dates.day_of`): near either end of
the calendar a chart reaches days that do not exist, which simply hold no wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wins_md.dates import day_of, week_start_ordinal
from wins_md.model import Win
from wins_md.site.filters import long_date

HEATMAP_WEEKS = 53
CHART_WEEKS = 26
SPARK_WEEKS = 12
CELL = 13  # heatmap cell pitch in SVG units (11 + a gap of 2)


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


def sparkline(wins: Sequence[Win], today: dt.date, first_weekday: int) -> tuple[str, str]:
    """Polyline points (100 x 24 box) of wins per week, and the same numbers in words."""
    start = week_start_ordinal(today, first_weekday) - (SPARK_WEEKS - 1) * 7
    counts = [0] * SPARK_WEEKS
    for win in wins:
        assert win.date is not None
        index = (win.date.toordinal() - start) // 7
        if 0 <= index < SPARK_WEEKS:
            counts[index] += 1
    top = max(counts) or 1
    step = 100 / (SPARK_WEEKS - 1)
    points = " ".join(
        f"{i * step:.1f},{22 - count / top * 20:.1f}" for i, count in enumerate(counts)
    )
    label = f"Wins per week over the last {SPARK_WEEKS} weeks: {', '.join(map(str, counts))}"
    return points, label


def heatmap_chart(per_day: Mapping[dt.date, int], today: dt.date, first_weekday: int) -> Chart:
    """A calendar of the last 53 weeks, one square a day, darker for more wins."""
    start = week_start_ordinal(today, first_weekday) - (HEATMAP_WEEKS - 1) * 7
    days = [dt.date.fromordinal(ordinal) for ordinal in range(max(start, 1), today.toordinal() + 1)]
    top = max((per_day.get(day, 0) for day in days), default=0)
    left, top_margin = 30, 16
    cells = []
    for day in days:
        column, row = divmod(day.toordinal() - start, 7)
        count = per_day.get(day, 0)
        cells.append(
            Cell(
                left + column * CELL,
                top_margin + row * CELL,
                11,
                11,
                _level(count, top),
                f"{_wins(count)} on {long_date(day)}",
            )
        )
    labels: list[tuple[float, float, str]] = []
    for column in range(HEATMAP_WEEKS):
        first = day_of(start + column * 7)
        if first is not None and first.day <= 7:
            labels.append((left + column * CELL, 11.0, first.strftime("%b")))
    for row in (0, 2, 4):
        labels.append((0.0, top_margin + row * CELL + 9, _weekday_name(first_weekday + row)))
    total = sum(per_day.get(day, 0) for day in days)
    active = sum(1 for day in days if per_day.get(day, 0))
    return Chart(
        left + HEATMAP_WEEKS * CELL,
        top_margin + 7 * CELL,
        tuple(cells),
        tuple(labels),
        f"{_wins(total)} on {active} of the last {len(days)} days",
    )


def weekly_chart(per_day: Mapping[dt.date, int], today: dt.date, first_weekday: int) -> Chart:
    """Bars of wins per week over the last 26 weeks."""
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
    bar, gap, height, bottom = 14, 4, 80, 96
    cells = []
    labels: list[tuple[float, float, str]] = []
    for week, count in enumerate(counts):
        # Weeks start on or before today; 0001-01-01 names one that began before it.
        first = dt.date.fromordinal(max(start + week * 7, 1))
        h = count / top * height
        cells.append(
            Cell(
                week * (bar + gap),
                bottom - h - 1,
                bar,
                h + 1,
                _level(count, top),
                f"{_wins(count)} in the week of {long_date(first)}",
            )
        )
        if week % 4 == 0:
            labels.append((week * (bar + gap), bottom + 12, first.strftime("%-d %b")))
    return Chart(
        CHART_WEEKS * (bar + gap),
        bottom + 16,
        tuple(cells),
        tuple(labels),
        f"Wins per week over the last {CHART_WEEKS} weeks, {counts[-1]} this week, "
        f"most {max(counts)}",
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

"""The charts of the published pages, as inline SVG coordinates and labels: the
heatmap calendar, wins per week, and a goal's sparkline. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wins_md.dates import week_start
from wins_md.model import Win
from wins_md.site.filters import long_date

HEATMAP_WEEKS = 53
CHART_WEEKS = 26
SPARK_WEEKS = 12
CELL = 13  # heatmap cell pitch in SVG units (11 + a gap of 2)
_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(weeks=1)


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
    start = week_start(today, first_weekday) - (SPARK_WEEKS - 1) * _WEEK
    counts = [0] * SPARK_WEEKS
    for win in wins:
        assert win.date is not None
        index = (win.date - start).days // 7
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
    start = week_start(today, first_weekday) - (HEATMAP_WEEKS - 1) * _WEEK
    days = [start + i * _DAY for i in range((today - start).days + 1)]
    top = max((per_day.get(day, 0) for day in days), default=0)
    left, top_margin = 30, 16
    cells = []
    for day in days:
        column, row = divmod((day - start).days, 7)
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
        first = start + column * _WEEK
        if first.day <= 7:
            labels.append((left + column * CELL, 11.0, first.strftime("%b")))
    for row in (0, 2, 4):
        name = (start + row * _DAY).strftime("%a")
        labels.append((0.0, top_margin + row * CELL + 9, name))
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
    start = week_start(today, first_weekday) - (CHART_WEEKS - 1) * _WEEK
    counts = [
        sum(per_day.get(start + week * _WEEK + day * _DAY, 0) for day in range(7))
        for week in range(CHART_WEEKS)
    ]
    top = max(counts) or 1
    bar, gap, height, bottom = 14, 4, 80, 96
    cells = []
    labels: list[tuple[float, float, str]] = []
    for week, count in enumerate(counts):
        first = start + week * _WEEK
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


def _level(count: int, top: int) -> int:
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(4, -(-count * 4 // top)))


def _wins(count: int) -> str:
    return f"{count} win" if count == 1 else f"{count} wins"

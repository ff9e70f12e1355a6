"""A goal's progress over time, as its page draws it: a burn-up chart of its metric (or
of its milestones, or of its wins when it has neither), up to today, with its done
milestones marked. Pure.

The chart spans the page's width and keeps its text at its size: the line is drawn in a
box stretched to the plot (its stroke keeps its width), while marks and labels are
placed in percent of the width and px from the top.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wins_md.model import Goal, Win
from wins_md.site.filters import number

HEIGHT = 176
PLOT_TOP = 26
PLOT_HEIGHT = 112
_SLOTS = 1000
"""Columns of the line's box: days that fall in one column are drawn as one step."""


@dataclass(frozen=True, slots=True)
class Mark:
    """A done milestone on the chart."""

    x: float
    """Percent of the width."""
    y: float
    """Px from the top."""
    label: str
    """``text, done YYYY-MM-DD`` (the text as written, Markdown included)."""


@dataclass(frozen=True, slots=True)
class Burnup:
    """The burn-up chart of a goal's page."""

    height: int
    plot_top: int
    plot_height: int
    points: str
    """The progress line's points in a 1000 x 100 box stretched over the plot."""
    area: str
    """The same line closed along the bottom, to shade what has been done."""
    target_y: float | None
    """The target line, in px from the top; None when there is no target."""
    today_x: float | None
    """Today, in percent of the width, when the time axis runs on to the due date."""
    marks: tuple[Mark, ...]
    labels: tuple[tuple[float, float, str, str], ...]
    """``(x percent, y px, text-anchor, text)`` of each label."""
    measure: str
    """Where the goal stands: ``700 of 1,000 words``, ``3 of 4 milestones``, ``12 wins``."""
    summary: str
    """The whole chart in one sentence."""
    undated: int
    """Done milestones without a done date: counted, but the chart cannot place them."""


def burnup_chart(goal: Goal, wins: Sequence[Win], today: dt.date) -> Burnup:
    """The chart of ``goal`` served by ``wins`` (in date order), as of ``today``."""
    steps, target, measure = _progress(goal, wins)
    dated = [date for date, _ in steps]
    start = min(d for d in (goal.started, *dated[:1], today) if d is not None)
    end = max(d for d in (today, goal.due, *dated[-1:]) if d is not None)
    reached = [0.0, *_running(amount for _, amount in steps)]  # before the first step too
    scale = _Scale(start, end, max([target or 0.0, *reached, 1.0]))
    line, last = _line(steps, scale, max([today, *dated[-1:]]))
    marks = tuple(
        Mark(
            scale.percent(m.date),
            scale.px(reached[bisect.bisect_right(dated, m.date)]),
            f"{m.text}, done {m.date.isoformat()}",
        )
        for m in goal.milestones
        if m.done and m.date is not None
    )
    due_ahead = goal.due is not None and goal.due > today
    today_x = scale.percent(today) if due_ahead else None
    bottom = float(PLOT_TOP + PLOT_HEIGHT + 20)
    top_text = (
        f"Target: {measure.split(' of ', 1)[1]}" if target else _top_label(scale.top, measure)
    )
    labels = [
        (0.0, (scale.px(target) if target else PLOT_TOP) - 8, "start", top_text),
        (0.0, bottom, "start", start.isoformat()),
        (100.0, bottom, "end", f"due {end.isoformat()}" if due_ahead else end.isoformat()),
    ]
    if today_x is not None and 20 <= today_x <= 65:  # clear of the dates at both ends
        labels.append((today_x, bottom, "middle", "today"))
    return Burnup(
        height=HEIGHT,
        plot_top=PLOT_TOP,
        plot_height=PLOT_HEIGHT,
        points=line,
        area=f"{line} {last},100",
        target_y=scale.px(target) if target else None,
        today_x=today_x,
        marks=marks,
        labels=tuple(labels),
        measure=measure,
        summary=f"{goal.title}: {measure}, from {start.isoformat()} to {today.isoformat()}"
        + (f", due {end.isoformat()}" if due_ahead else ""),
        undated=sum(1 for m in goal.milestones if m.done and m.date is None),
    )


class _Scale:
    """Where a day and an amount go: in the line's 1000 x 100 box, in percent of the
    width, in px from the top."""

    def __init__(self, start: dt.date, end: dt.date, top: float) -> None:
        self.start, self.top = start, top
        self.span = max((end - start).days, 1)

    def x(self, day: dt.date) -> float:
        """The share of the time axis before ``day``."""
        return (day - self.start).days / self.span

    def y(self, amount: float) -> float:
        return round(100 - max(0.0, amount) / self.top * 100, 2)

    def percent(self, day: dt.date) -> float:
        return round(1 + 98 * self.x(day), 2)  # the plot leaves 1% each side

    def px(self, amount: float) -> float:
        return round(PLOT_TOP + PLOT_HEIGHT * self.y(amount) / 100, 1)


def _line(steps: Sequence[tuple[dt.date, float]], scale: _Scale, until: dt.date) -> tuple[str, int]:
    """The progress line's points, one step a column of the box at most, drawn on to
    ``until``; and the column where it ends."""
    columns: dict[int, float] = {}
    for date, amount in steps:
        column = round(scale.x(date) * _SLOTS)
        columns[column] = columns.get(column, 0.0) + amount
    points, level = ["0,100"], 0.0
    for (column, _), after in zip(columns.items(), _running(columns.values()), strict=True):
        points += [f"{column},{scale.y(level)}", f"{column},{scale.y(after)}"]
        level = after
    last = round(scale.x(until) * _SLOTS)
    points.append(f"{last},{scale.y(level)}")
    return " ".join(points), last


def _progress(
    goal: Goal, wins: Sequence[Win]
) -> tuple[list[tuple[dt.date, float]], float | None, str]:
    """What the chart follows: the steps ``(date, amount)`` in date order, the target
    (or None) and where the goal stands, in words."""
    if goal.metric:
        metric = goal.metric
        found = ((win.date, win.fields.get(metric)) for win in wins)
        steps = [(d, float(v)) for d, v in found if d and isinstance(v, int | float)]
        value = sum(amount for _, amount in steps)
        if goal.target:
            return steps, goal.target, f"{number(value)} of {number(goal.target)} {metric}"
        return steps, None, f"{number(value)} {metric}"
    if goal.milestones:
        done = sum(1 for m in goal.milestones if m.done)
        dated = sorted(m.date for m in goal.milestones if m.done and m.date is not None)
        total = len(goal.milestones)
        return [(d, 1.0) for d in dated], float(total), f"{done} of {total} milestones"
    steps = [(win.date, 1.0) for win in wins if win.date is not None]
    return steps, None, f"{len(steps)} win" + ("" if len(steps) == 1 else "s")


def _running(amounts: Iterable[float]) -> list[float]:
    """The amount reached after each step."""
    total, found = 0.0, []
    for amount in amounts:
        total += amount
        found.append(total)
    return found


def _top_label(top: float, measure: str) -> str:
    unit = measure.split(" ", 1)[1] if " " in measure else ""
    return f"{number(top)} {unit}".strip()

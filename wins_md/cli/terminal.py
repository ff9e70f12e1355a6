"""Plain-text views for the terminal (the machine-readable formats are exports, in
:mod:`wins_md.export`). Pure: data in, strings out; colour is added with click.style
and stripped by click.echo when it is not wanted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import click

from wins_md.dates import WEEKDAYS, day_of, week_start_ordinal
from wins_md.model import Win

if TYPE_CHECKING:  # annotations only: listing wins builds no statistics
    from wins_md.rest import RestDays
    from wins_md.stats_model import Cadence, GoalStats, Stats

_SHADES = " ░▒▓█"
_REST = "-"


def wins_as_text(wins: Sequence[Win]) -> str:
    """Wins grouped by day, one line each, with their tags and goals."""
    lines: list[str] = []
    current: dt.date | None = None
    for win in wins:
        if win.date != current:
            current = win.date
            if lines:
                lines.append("")
            day = current.strftime("%a") if current else ""
            lines.append(click.style(f"{current} {day}", bold=True))
        extras = [click.style(f"#{tag}", fg="cyan") for tag in win.tags]
        extras += [click.style(f"→ {goal}", fg="green") for goal in win.goals]
        if win.private:
            extras.append(click.style("(private)", fg="red"))
        lines.append("  • " + " ".join([win.title or win.text, *extras]))
    return "\n".join(lines)


def stats_as_text(
    stats: Stats, weeks: int = 12, first_weekday: int = 0, title: str = "Small wins"
) -> str:
    """The terminal summary: totals, streaks, this week, goals and a heatmap."""
    trend = stats.this_week - stats.last_week
    arrow = (
        click.style("▲", fg="green")
        if trend > 0
        else (click.style("▼", fg="red") if trend < 0 else "=")
    )
    lines = [
        click.style(title, bold=True) + f" as of {stats.today.isoformat()}",
        f"  Total        {stats.total_wins} wins on {_days(stats.days_with_wins)}",
        f"  Streak       {_days(stats.current_streak)} (longest {stats.longest_streak})",
        f"  This week    {stats.this_week} {arrow} (last week {stats.last_week})",
        f"  Aligned      {round(stats.aligned_share * 100)}% of wins serve an active goal",
    ]
    if stats.goals:
        lines += ["", click.style("Goals", bold=True)]
        lines += [_goal_line(goal, stats.today) for goal in stats.goals]
    lines += [
        "",
        click.style(f"Last {weeks} weeks", bold=True),
        *heatmap(stats.wins_per_day, stats.today, weeks, first_weekday, stats.rest),
    ]
    return "\n".join(lines)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def goals_as_text(stats: Stats) -> str:
    """``wins goal list``: each goal's slug, progress, wins and last win."""
    if not stats.goals:
        return 'No goals yet: make one with wins goal new "Learn Spanish".'
    width = max(len(goal.slug) for goal in stats.goals)
    lines = []
    for goal in stats.goals:
        wins = f"{goal.wins} win{'s' * (goal.wins != 1)}"
        last = f", last {goal.last_win.isoformat()}" if goal.last_win else ""
        progress = _goal_line(goal, stats.today).lstrip()
        lines.append(f"{goal.slug:<{width}} {progress} · {wins}{last}")
    return "\n".join(lines)


def _goal_line(goal: GoalStats, today: dt.date) -> str:
    filled = round(goal.progress * 10)
    bar = "█" * filled + "░" * (10 - filled)
    parts = [f"  {bar} {round(goal.progress * 100):>3}%  {goal.title}"]
    if goal.metric and goal.target:
        parts.append(f"({goal.value or 0:g}/{goal.target:g} {goal.metric})")
    elif goal.total:
        parts.append(f"({goal.done}/{goal.total} milestones)")
    if goal.status != "active":
        parts.append(f"[{goal.status}]")
    if goal.due:
        days = (goal.due - today).days
        parts.append(
            f"due {goal.due.isoformat()} ({days} days left)"
            if days >= 0
            else f"due {goal.due.isoformat()} ({-days} days ago)"
        )
    if goal.stalled:
        parts.append(click.style("stalled", fg="yellow"))
    if goal.cadence is not None:
        parts.append(f"· {cadence_text(goal.cadence)}")
    return " ".join(parts)


def cadence_text(cadence: Cadence) -> str:
    """``3/week: 2 of 3 days this week, 5-week streak (longest 8)``."""
    week = (
        f"{cadence.this_week} of {cadence.needed} days this week"
        if cadence.needed
        else "a rest week"
    )
    return (
        f"{cadence.per_week}/week: {week}, {cadence.streak}-week streak (longest {cadence.longest})"
    )


def heatmap(
    counts: Mapping[dt.date, int],
    today: dt.date,
    weeks: int,
    first_weekday: int = 0,
    rest: RestDays | None = None,
) -> list[str]:
    """Rows of weekdays, a column per week, darker for more wins; a rest day without
    wins is ``-`` (then a key follows)."""
    # Ordinals: the weeks shown may reach past either end of the calendar.
    start = week_start_ordinal(today, first_weekday) - (weeks - 1) * 7
    last = today.toordinal()
    shown = [
        day_of(ordinal) if ordinal <= last else None for ordinal in range(start, start + weeks * 7)
    ]
    top = max((counts.get(day, 0) for day in shown if day is not None), default=0)
    rows = []
    for offset in range(7):
        label = WEEKDAYS[(first_weekday + offset) % 7].capitalize()
        cells = []
        for week in range(weeks):
            day = shown[week * 7 + offset]
            count = 0 if day is None else counts.get(day, 0)
            if day is None:
                cells.append(" ")  # after today, or before the calendar began
            elif count == 0:
                cells.append(_REST if rest is not None and day in rest else "·")
            else:
                cells.append(_SHADES[max(1, round(count / max(top, 1) * 4))])
        rows.append(f"  {label} {''.join(cells)}")
    if any(_REST in row[6:] for row in rows):
        rows.append(f"  {_REST} rest day")
    return rows

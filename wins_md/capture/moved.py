"""What a new win moved: the line ``wins add`` prints after the entry's path, such as
``3rd win today · 5-day streak · run-5k: 4 wins this week``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from wins_md.config import Config
from wins_md.dates import week_start_ordinal
from wins_md.query import Filters, list_wins
from wins_md.streaks import current_streak, rest_days_of


def what_moved(
    root: Path, config: Config, date: dt.date, goals: Iterable[str], today: dt.date
) -> str:
    """The line for a win just added on ``date`` serving ``goals``: its rank among that
    day's wins, the streak as of ``today`` and each goal's wins this week. Every win
    counts, private ones too (the line is for its author); read through the list index
    like ``wins list``."""
    if date > today:
        return f"dated {date.isoformat()}: it counts from that day"
    listing = list_wins(root, config, Filters(include_private=True), today=today)
    wins = listing.wins
    on_day = sum(1 for win in wins if win.date == date)
    when = "today" if date == today else f"on {date.isoformat()}"
    parts = [f"{_ordinal(on_day)} win {when}"]
    rest = rest_days_of(config, listing.rest_notes)
    streak = current_streak({win.date for win in wins if win.date}, today, rest)
    if streak:
        parts.append(f"{streak}-day streak")
    week = week_start_ordinal(today, config.first_weekday)
    this_week = [win for win in wins if win.date and win.date.toordinal() >= week]
    for goal in dict.fromkeys(goals):
        count = sum(1 for win in this_week if goal in win.goals)
        parts.append(f"{goal}: {count} win{'s' * (count != 1)} this week")
    return " · ".join(parts)


def _ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``21st``."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"

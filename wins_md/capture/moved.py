"""What a new win moved: the line ``wins add`` prints after the entry's path, such as
``3rd win today · 5-day streak · run-5k: 4 wins this week``.

It counts every win of the vault. It is answered from the list index and the few
notes the index is behind on (the one just changed, and those changed since the
last ``wins list``), read alone (see :mod:`wins_md.capture.known`); when that cannot
be, by reading the vault as ``wins list`` does. A differential test holds the two to
the same line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wins_md.config import Config
from wins_md.dates import week_start_ordinal
from wins_md.query import Filters, list_wins
from wins_md.streaks import current_streak, rest_days_of

if TYPE_CHECKING:
    pass

Counted = tuple[list[tuple[dt.date, tuple[str, ...]]], Sequence[dt.date]]
"""Each win's date and goals (every win, private ones too, none after today), and the
days of the rest notes."""


def what_moved(
    root: Path, config: Config, date: dt.date, goals: Iterable[str], today: dt.date
) -> str:
    """The line for a win just added on ``date`` serving ``goals``: its rank among that
    day's wins, the streak as of ``today`` and each goal's wins this week. Every win
    counts, private ones too (the line is for its author)."""
    if date > today:
        return f"dated {date.isoformat()}: it counts from that day"
    counted = _from_index(root, config, today)
    if counted is None:
        listing = list_wins(root, config, Filters(include_private=True), today=today)
        counted = [(win.date, win.goals) for win in listing.wins if win.date], listing.rest_notes
    wins, rest_notes = counted
    on_day = sum(1 for day, _ in wins if day == date)
    when = "today" if date == today else f"on {date.isoformat()}"
    parts = [f"{_ordinal(on_day)} win {when}"]
    rest = rest_days_of(config, rest_notes)
    streak = current_streak({day for day, _ in wins}, today, rest)
    if streak:
        parts.append(f"{streak}-day streak")
    week = week_start_ordinal(today, config.first_weekday)
    this_week = [slugs for day, slugs in wins if day.toordinal() >= week]
    for goal in dict.fromkeys(goals):
        count = sum(1 for slugs in this_week if goal in slugs)
        parts.append(f"{goal}: {count} win{'s' * (count != 1)} this week")
    return " · ".join(parts)


def _from_index(root: Path, config: Config, today: dt.date) -> Counted | None:
    """The wins counted from the list index and the notes it is behind on (see
    :mod:`wins_md.capture.known`), or None when the vault must be read."""
    from wins_md.capture.known import known_vault

    known = known_vault(root, config)
    if known is None:
        return None
    index, last = known.list_index, today.toordinal()
    stale = set().union(*(index.numbers_of(rel) for rel in known.dropped))
    sets = [tuple(slugs) for slugs in index.goal_sets]
    wins = [
        (dt.date.fromordinal(day), sets[slugs])
        for number, (day, slugs) in enumerate(zip(index.days, index.goals_of, strict=True))
        if day <= last and number not in stale
    ]
    wins += [
        (win.date, win.goals)
        for entry in known.fresh.values()
        for win in entry.wins
        if win.date and win.date <= today
    ]
    return wins, [dt.date.fromordinal(day) for day, _ in index.rest]


def _ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``21st``."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"

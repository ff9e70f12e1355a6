"""Streaks: days in a row with a win. Pure.

Rest days (:class:`~wins_md.rest.RestDays`) neither break nor extend one: a win on
one does not count, and a run of them between two counted days is passed over. Only
the days with wins are visited, never each day of the calendar between them: wins on
0001-01-01 and 9999-12-31 are two steps, not 3.6 million, whatever the rest periods
between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from wins_md.config import Config
from wins_md.model import Vault
from wins_md.rest import RestDays


def rest_days(vault: Vault, include_private: bool = True) -> RestDays:
    """The vault's rest days: the weekdays of ``rest_days``, the ``[[rest]]`` periods
    (their reasons aside, which are private unless marked public) and the days whose
    note says ``rest: true`` (a private note's only with ``include_private``)."""
    notes = (
        entry.date
        for entry in vault.entries
        if entry.rest and entry.date is not None and (include_private or not entry.private)
    )
    return rest_days_of(vault.config, notes)


def rest_days_of(config: Config, notes: Iterable[dt.date]) -> RestDays:
    """The rest days of ``config`` and the days of the rest ``notes``."""
    spans = [(period.first.toordinal(), period.last.toordinal()) for period in config.rest]
    spans += ((day.toordinal(), day.toordinal()) for day in notes)
    return RestDays.of(config.rest_weekdays, spans)


def _rest_of(rest: RestDays | AbstractSet[int]) -> RestDays:
    """Rest days given as they are, or as a set of weekdays (0 is Monday)."""
    return rest if isinstance(rest, RestDays) else RestDays.of(rest)


def current_streak(
    days: Iterable[dt.date], today: dt.date, rest: RestDays | AbstractSet[int]
) -> int:
    """Days in a row with a win, ending today, or yesterday when today has none yet
    (today is not over); ``rest`` is :class:`RestDays` or a set of rest weekdays."""
    rest = _rest_of(rest)
    days = set(days)
    # The day after the streak's last: tomorrow when today counts, else today.
    end = today.toordinal() + 1 if today in days else today.toordinal()
    counted = sorted((d.toordinal() for d in days if d not in rest), reverse=True)
    streak = 0
    later = end
    for day in counted:
        if day >= end:
            continue  # after today: not yet
        if not rest.only_rest_between(day, later):
            break
        streak += 1
        later = day
    return streak


def longest_streak(days: Iterable[dt.date], rest: RestDays | AbstractSet[int]) -> int:
    """The longest run of days with wins, rest days passed over."""
    rest = _rest_of(rest)
    best = run = 0
    earlier: int | None = None
    for day in sorted(d.toordinal() for d in days if d not in rest):
        run = run + 1 if earlier is not None and rest.only_rest_between(earlier, day) else 1
        best = max(best, run)
        earlier = day
    return best

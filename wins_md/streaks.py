"""Streaks: days in a row with a win, and the weeks in a row in which a goal met its
cadence (``cadence: 3/week``). Pure.

Rest days (:class:`~wins_md.rest.RestDays`) neither break nor extend either: a win on
one does not count, and a run of them between two counted days (or weeks) is passed
over. Only the days with wins are visited, never each day of the calendar between
them: wins on 0001-01-01 and 9999-12-31 are two steps, not 3.6 million, whatever the
rest periods between.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from wins_md.config import Config
from wins_md.dates import week_start_ordinal
from wins_md.model import Vault
from wins_md.rest import RestDays

if TYPE_CHECKING:
    from wins_md.stats_model import Cadence

_LAST = dt.date.max.toordinal()


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


def cadence_streak(
    per_week: int, days: Iterable[dt.date], today: dt.date, first_weekday: int, rest: RestDays
) -> Cadence:
    """The weekly streak of a goal that wants wins on ``per_week`` days a week, from the
    ``days`` of its wins, as of ``today``.

    A week meets the cadence when it has wins on ``per_week`` days that are not rest
    days, or on each of its days that are not when rest takes more of it; a week of
    rest days only neither breaks nor extends the streak. This week is not over: until
    it meets the cadence, the streak still stands if last week did.
    """
    per_week_days: Counter[int] = Counter(
        week_start_ordinal(day, first_weekday) for day in set(days) if day not in rest
    )
    this_week = week_start_ordinal(today, first_weekday)
    met = {
        week: count >= _needed(week, per_week, rest)
        for week, count in per_week_days.items()
        if week <= this_week
    }
    end = this_week + 7 if met.get(this_week) else this_week
    streak, later = 0, end
    for week in sorted(met, reverse=True):
        if week >= end:
            continue
        if not (met[week] and rest.only_rest_between(week + 6, later)):
            break
        streak, later = streak + 1, week
    best = run = 0
    earlier: int | None = None
    for week in sorted(met):
        if not met[week]:
            run = 0
        elif earlier is not None and run and rest.only_rest_between(earlier + 6, week):
            run += 1
        else:
            run = 1
        best, earlier = max(best, run), week
    from wins_md.stats_model import Cadence  # only statistics need it: not wins add's line

    return Cadence(
        per_week,
        per_week_days.get(this_week, 0),
        _needed(this_week, per_week, rest),
        streak,
        best,
    )


def _needed(week: int, per_week: int, rest: RestDays) -> int:
    """Days with wins the week starting at ordinal ``week`` needs: ``per_week``, or
    fewer when rest days leave fewer days than that."""
    days = range(max(week, 1), min(week + 7, _LAST + 1))  # the calendar's days only
    open_days = sum(1 for ordinal in days if ordinal not in rest)
    return min(per_week, open_days)

"""Vault -> Stats: streaks, weeks, goal progress and alignment. Pure."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import Protocol

from wins_md.config import Config
from wins_md.dates import day_of, week_start_ordinal
from wins_md.model import Goal, Vault, Win, descendants
from wins_md.rest import RestDays
from wins_md.stats_model import GoalStats, Stats
from wins_md.streaks import cadence_streak, current_streak, longest_streak, rest_days
from wins_md.vault.privacy import public_vault

__all__ = ["GoalIndex", "compute_stats", "count_stats", "current_streak", "longest_streak"]

_DATE = attrgetter("date")
_GOALS = attrgetter("goals")
_TAGS = attrgetter("tags")


def compute_stats(vault: Vault, today: dt.date, include_private: bool = False) -> Stats:
    """Every number the terminal summary, the JSON and the site show, as of ``today``
    (wins dated after it are left out: see :meth:`Vault.as_of`): of the vault's public
    view (:func:`~wins_md.vault.privacy.public_vault`), or of everything."""
    vault = vault.as_of(today)
    rest = rest_days(vault, include_private)
    return count_stats(vault if include_private else public_vault(vault), today, rest)


def count_stats(vault: Vault, today: dt.date, rest: RestDays | None = None) -> Stats:
    """The numbers of :func:`compute_stats`, counting every win and goal of ``vault``
    (a public view as of ``today`` is given as it is, with the ``rest`` days of the
    vault it was made from: it holds no notes; by default, those of ``vault``)."""
    config = vault.config
    rest = rest_days(vault) if rest is None else rest
    wins = vault.wins
    # Counted by distinct tuple first: wins share a few hundred tag and goal tuples, and
    # counting in C keeps a watcher's rebuild of a large vault fast.
    per_day = Counter(date for date in map(_DATE, wins) if date is not None)
    days = set(per_day)
    # Ordinals: a week at either end of the calendar reaches past it without overflow.
    this_week = week_start_ordinal(today, config.first_weekday)
    goals = list(vault.goals.values())
    active = {goal.slug for goal in goals if goal.is_active}
    aligned = sum(
        n for slugs, n in Counter(map(_GOALS, wins)).items() if not active.isdisjoint(slugs)
    )
    tags: Counter[str] = Counter()
    for names, n in Counter(map(_TAGS, wins)).items():
        for name in names:
            tags[name.lower()] += n
    progress, positions = goals_progress(
        vault.goals, map(_GOALS, wins), _WinFacts(wins), today, config, rest
    )
    return Stats(
        today=today,
        total_wins=len(wins),
        days_with_wins=len(days),
        current_streak=current_streak(days, today, rest),
        longest_streak=longest_streak(days, rest),
        this_week=_count_between(per_day, this_week, this_week + 7),
        last_week=_count_between(per_day, this_week - 7, this_week),
        goals=progress,
        wins_per_day=dict(sorted(per_day.items())),
        aligned_share=aligned / len(wins) if wins else 0.0,
        top_tags=tuple(sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:10]),
        goal_positions=positions,
        rest=rest,
    )


def _count_between(per_day: Mapping[dt.date, int], start: int, end: int) -> int:
    """The wins from ordinal ``start`` up to, not including, ordinal ``end`` (days beyond
    the calendar hold none)."""
    first, last = day_of(max(start, 1)), day_of(min(end - 1, dt.date.max.toordinal()))
    if first is None or last is None:
        return 0
    return sum(count for day, count in per_day.items() if first <= day <= last)


class WinFacts(Protocol):
    """What goal progress reads of the wins it counts, each known by its position in
    the sequence counted (a vault's wins, or the rows of the list index)."""

    def date(self, position: int) -> dt.date | None:
        """The win's date."""

    def values(self, positions: Sequence[int], key: str) -> Iterable[object]:
        """The value of the field ``key`` of each win (None where it has none)."""


class _WinFacts:
    __slots__ = ("_wins",)

    def __init__(self, wins: Sequence[Win]) -> None:
        self._wins = wins

    def date(self, position: int) -> dt.date | None:
        return self._wins[position].date

    def values(self, positions: Sequence[int], key: str) -> Iterable[object]:
        wins = self._wins
        return (wins[position].fields.get(key) for position in positions)


def goals_progress(
    goals: Mapping[str, Goal],
    goals_of: Iterable[tuple[str, ...]],
    facts: WinFacts,
    today: dt.date,
    config: Config,
    rest: RestDays,
) -> tuple[tuple[GoalStats, ...], dict[str, list[int]]]:
    """Each goal's progress, and the positions of its wins (its own and those of the
    goals below it), from the goals of each win counted (in date order) and ``facts``
    about them; ``rest``: the rest days of weekly streaks."""
    index = GoalIndex(goals_of, goals)
    positions = {slug: index.positions(slug) for slug in goals}
    stats = tuple(
        _goal_stats(goal, positions[goal.slug], facts, today, config, rest)
        for goal in goals.values()
    )
    return stats, positions


def _dates(facts: WinFacts, positions: Sequence[int]) -> Iterator[dt.date]:
    for position in positions:
        day = facts.date(position)
        if day is not None:
            yield day


class GoalIndex:
    """The wins that serve each goal, directly or through a goal below it, in vault
    order: one pass over the wins instead of a scan per goal."""

    __slots__ = ("_goals", "_merged", "_positions")

    def __init__(self, goals_of: Iterable[tuple[str, ...]], goals: Mapping[str, Goal]) -> None:
        self._goals = goals
        # Grouped by goal tuple first: a few hundred tuples, not a step per win and goal.
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for position, slugs in enumerate(goals_of):
            if slugs:
                groups[slugs].append(position)
        self._positions: dict[str, list[int]] = defaultdict(list)
        for slugs, positions in groups.items():
            for slug in dict.fromkeys(slugs):
                self._positions[slug].extend(positions)
        for positions in self._positions.values():
            positions.sort()
        self._merged: dict[str, list[int]] = {}

    def positions(self, slug: str) -> list[int]:
        """Where the goal's wins are in the sequence the index was made from."""
        merged = self._merged.get(slug)
        if merged is None:
            parents = {goal.slug: goal.parent for goal in self._goals.values()}
            lists = [self._positions.get(member, []) for member in descendants(slug, parents)]
            merged = lists[0] if len(lists) == 1 else sorted(set().union(*lists))
            self._merged[slug] = merged
        return merged


def _goal_stats(
    goal: Goal,
    linked: Sequence[int],
    facts: WinFacts,
    today: dt.date,
    config: Config,
    rest: RestDays,
) -> GoalStats:
    done = sum(1 for milestone in goal.milestones if milestone.done)
    total = len(goal.milestones)
    value: float | None = None
    if goal.metric:
        found = facts.values(linked, goal.metric)
        value = float(sum(v for v in found if isinstance(v, (int, float))))
    if goal.metric and goal.target:
        progress = min((value or 0.0) / goal.target, 1.0)
    elif total:
        progress = done / total
    else:
        progress = 1.0 if goal.status == "done" else 0.0
    last_win = facts.date(linked[-1]) if linked else None  # the wins are in date order
    since = last_win or goal.started
    stalled = goal.is_active and (since is None or (today - since).days > config.stalled_days)
    return GoalStats(
        slug=goal.slug,
        title=goal.title,
        status=goal.status,
        progress=round(progress, 4),
        done=done,
        total=total,
        metric=goal.metric,
        value=value,
        target=goal.target,
        due=goal.due,
        stalled=stalled,
        last_win=last_win,
        wins=len(linked),
        cadence=None
        if goal.cadence is None
        else cadence_streak(goal.cadence, _dates(facts, linked), today, config.first_weekday, rest),
    )

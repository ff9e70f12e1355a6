"""Vault -> Stats: streaks, weeks, goal progress and alignment. Pure."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
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
from wins_md.vault.splice import SplicedMap

__all__ = [
    "GoalIndex",
    "StatsMemo",
    "compute_stats",
    "count_stats",
    "current_streak",
    "longest_streak",
]

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


class StatsMemo:
    """:func:`count_stats` of a public view, again and again in a long-running process
    (the watcher): the counts are patched where the wins changed (see
    :mod:`wins_md.vault.splice`), and a goal's statistics and the streaks are counted
    again only when its wins or the days with wins changed. Equals ``count_stats``."""

    def __init__(self) -> None:
        self._reset(None, {})

    def _reset(self, key: object, goals: Mapping[str, Goal]) -> None:
        self._key = key
        self._wins: SplicedMap[Win, None] = SplicedMap()
        self._per_day: Counter[dt.date] = Counter()
        self._goals_of: Counter[tuple[str, ...]] = Counter()
        self._tags_of: Counter[tuple[str, ...]] = Counter()
        parents = {goal.slug: goal.parent for goal in goals.values()}
        self._members = {slug: frozenset(descendants(slug, parents)) for slug in goals}
        self._positions: dict[str, list[int]] = {}
        self._stats: Stats | None = None

    def count(self, vault: Vault, today: dt.date, rest: RestDays) -> Stats:
        """``count_stats(vault, today, rest)``."""
        key = (vault.goals, today, vault.config, rest)
        if key != self._key:
            self._reset(key, vault.goals)
        last, wins = self._stats, vault.wins
        removed, added = self._wins.diff(wins)
        self._wins.apply(_nothing)
        days_changed = self._recount(removed, added)
        touched = self._move_positions(wins, vault.goals, last is None)
        facts, positions = _WinFacts(wins), self._positions
        kept = {goal.slug: goal for goal in last.goals} if last is not None else {}
        goals = tuple(
            kept[slug]
            if slug in kept and slug not in touched
            else _goal_stats(goal, positions[slug], facts, today, vault.config, rest)
            for slug, goal in vault.goals.items()
        )
        per_day = self._per_day
        if last is None or days_changed:
            streaks = (current_streak(per_day, today, rest), longest_streak(per_day, rest))
            per_day_sorted = dict(sorted(per_day.items()))
        else:
            streaks = (last.current_streak, last.longest_streak)
            per_day_sorted = dict(last.wins_per_day)
            changed = itertools.chain(removed, added)
            per_day_sorted.update((win.date, per_day[win.date]) for win in changed if win.date)
        self._stats = self._made(vault, today, rest, per_day_sorted, streaks, goals)
        return self._stats

    def _recount(self, removed: Sequence[Win], added: Sequence[Win]) -> bool:
        """Patch the counts; True when a day gained its first win or lost its last."""
        per_day = self._per_day
        dates = {win.date for win in itertools.chain(removed, added) if win.date is not None}
        before = {date for date in dates if date in per_day}
        for wins, sign in ((removed, -1), (added, 1)):
            for win in wins:
                if win.date is not None:
                    per_day[win.date] += sign
                self._goals_of[win.goals] += sign
                self._tags_of[win.tags] += sign
        for date in dates:
            if date in per_day and per_day[date] <= 0:
                del per_day[date]
        return before != {date for date in dates if date in per_day}

    def _move_positions(
        self, wins: Sequence[Win], goals: Mapping[str, Goal], fresh: bool
    ) -> set[str]:
        """Each goal's wins by position in ``wins``; the goals whose wins changed."""
        if fresh:
            index = GoalIndex(map(_GOALS, wins), goals)
            self._positions = {slug: index.positions(slug) for slug in goals}
            return set(goals)
        start, old_stop, new_stop = self._wins.start, self._wins.old_stop, self._wins.new_stop
        shift, middle = new_stop - old_stop, wins[start:new_stop]
        touched = set()
        for slug, members in self._members.items():
            old = self._positions[slug]
            first, last = bisect.bisect_left(old, start), bisect.bisect_left(old, old_stop)
            new = [start + i for i, win in enumerate(middle) if not members.isdisjoint(win.goals)]
            if new or last > first:
                touched.add(slug)
            elif not shift:
                continue
            after = [position + shift for position in old[last:]] if shift else old[last:]
            self._positions[slug] = old[:first] + new + after
        return touched

    def _made(
        self,
        vault: Vault,
        today: dt.date,
        rest: RestDays,
        per_day: dict[dt.date, int],
        streaks: tuple[int, int],
        goals: tuple[GoalStats, ...],
    ) -> Stats:
        this_week = week_start_ordinal(today, vault.config.first_weekday)
        active = {goal.slug for goal in vault.goals.values() if goal.is_active}
        aligned = sum(n for slugs, n in self._goals_of.items() if not active.isdisjoint(slugs))
        tags: Counter[str] = Counter()
        for names, n in self._tags_of.items():
            for name in names if n > 0 else ():
                tags[name.lower()] += n
        total = len(vault.wins)
        return Stats(
            today=today,
            total_wins=total,
            days_with_wins=len(per_day),
            current_streak=streaks[0],
            longest_streak=streaks[1],
            this_week=_count_between(per_day, this_week, this_week + 7),
            last_week=_count_between(per_day, this_week - 7, this_week),
            goals=goals,
            wins_per_day=per_day,
            aligned_share=aligned / total if total else 0.0,
            top_tags=tuple(sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:10]),
            goal_positions=dict(self._positions),
            rest=rest,
        )


def _nothing(win: Win) -> None:
    return None

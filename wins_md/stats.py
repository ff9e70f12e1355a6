"""Vault -> Stats: streaks, weeks, goal progress and alignment. Pure."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from operator import attrgetter

from wins_md.config import Config
from wins_md.dates import week_start
from wins_md.model import Goal, GoalStats, Stats, Vault, Win, descendants
from wins_md.vault.privacy import public_vault

_DAY = dt.timedelta(days=1)
_DATE = attrgetter("date")
_GOALS = attrgetter("goals")
_TAGS = attrgetter("tags")


def compute_stats(vault: Vault, today: dt.date, include_private: bool = False) -> Stats:
    """Every number the terminal summary, the JSON and the site show: of the vault's
    public view (:func:`~wins_md.vault.privacy.public_vault`), or of everything."""
    return count_stats(vault if include_private else public_vault(vault), today)


def count_stats(vault: Vault, today: dt.date) -> Stats:
    """The numbers of :func:`compute_stats`, counting every win and goal of ``vault``
    (a public view is given as it is)."""
    config = vault.config
    wins = vault.wins
    # Counted by distinct tuple first: wins share a few hundred tag and goal tuples, and
    # counting in C keeps a watcher's rebuild of a large vault fast.
    per_day = Counter(date for date in map(_DATE, wins) if date is not None)
    days = set(per_day)
    this_week_start = week_start(today, config.first_weekday)
    last_week_start = this_week_start - 7 * _DAY
    goals = list(vault.goals.values())
    active = {goal.slug for goal in goals if goal.is_active}
    aligned = sum(
        n for slugs, n in Counter(map(_GOALS, wins)).items() if not active.isdisjoint(slugs)
    )
    tags: Counter[str] = Counter()
    for names, n in Counter(map(_TAGS, wins)).items():
        for name in names:
            tags[name.lower()] += n
    index = GoalIndex(wins, vault.goals)
    return Stats(
        today=today,
        total_wins=len(wins),
        days_with_wins=len(days),
        current_streak=current_streak(days, today, config.rest_weekdays),
        longest_streak=longest_streak(days, config.rest_weekdays),
        this_week=_count_between(per_day, this_week_start, this_week_start + 7 * _DAY),
        last_week=_count_between(per_day, last_week_start, this_week_start),
        goals=tuple(_goal_stats(goal, index, today, config) for goal in goals),
        wins_per_day=dict(sorted(per_day.items())),
        aligned_share=aligned / len(wins) if wins else 0.0,
        top_tags=tuple(sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:10]),
        goal_positions={goal.slug: index.positions(goal.slug) for goal in goals},
    )


def current_streak(days: set[dt.date], today: dt.date, rest: frozenset[int]) -> int:
    """Days in a row with a win, ending today, or yesterday when today has none yet.

    Rest days neither break nor extend a streak.
    """
    if not days:
        return 0
    first = min(days)
    day = today
    if day not in days:
        day -= _DAY  # today is not over: the streak still stands if yesterday counted
    streak = 0
    while day >= first:
        if day.weekday() not in rest:
            if day not in days:
                break
            streak += 1
        day -= _DAY
    return streak


def longest_streak(days: set[dt.date], rest: frozenset[int]) -> int:
    """The longest run of days with wins, with rest days skipped."""
    best = run = 0
    if not days:
        return 0
    day, last = min(days), max(days)
    while day <= last:
        if day.weekday() not in rest:
            run = run + 1 if day in days else 0
            best = max(best, run)
        day += _DAY
    return best


def _count_between(per_day: Mapping[dt.date, int], start: dt.date, end: dt.date) -> int:
    return sum(count for day, count in per_day.items() if start <= day < end)


class GoalIndex:
    """The wins that serve each goal, directly or through a goal below it, in vault
    order: one pass over the wins instead of a scan per goal."""

    __slots__ = ("_goals", "_merged", "_positions", "_wins")

    def __init__(self, wins: Sequence[Win], goals: Mapping[str, Goal]) -> None:
        self._wins = wins
        self._goals = goals
        # Grouped by goal tuple first: a few hundred tuples, not a step per win and goal.
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for position, slugs in enumerate(map(_GOALS, wins)):
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

    def wins(self, slug: str) -> list[Win]:
        return [self._wins[position] for position in self.positions(slug)]


def _goal_stats(goal: Goal, index: GoalIndex, today: dt.date, config: Config) -> GoalStats:
    linked = index.wins(goal.slug)
    done = sum(1 for milestone in goal.milestones if milestone.done)
    total = len(goal.milestones)
    value: float | None = None
    if goal.metric:
        found = (w.fields.get(goal.metric) for w in linked)
        value = float(sum(v for v in found if isinstance(v, (int, float))))
    if goal.metric and goal.target:
        progress = min((value or 0.0) / goal.target, 1.0)
    elif total:
        progress = done / total
    else:
        progress = 1.0 if goal.status == "done" else 0.0
    last_win = linked[-1].date if linked else None  # a vault's wins are in date order
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
    )

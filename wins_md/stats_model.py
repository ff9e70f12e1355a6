"""The statistics' part of the data model: a goal's progress and cadence, and the
numbers of a whole vault (:func:`~wins_md.stats.compute_stats` makes them). Apart from
:mod:`wins_md.model` so that a command that shows no statistics never builds these
classes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wins_md.rest import NO_REST, RestDays


@dataclass(frozen=True, slots=True)
class Cadence:
    """A goal's weekly streak for its cadence: the weeks in which it had wins on at
    least ``per_week`` days (fewer when rest days take some of the week)."""

    per_week: int
    this_week: int
    """Days of this week with a win for it, so far."""
    needed: int
    """Days this week needs (``per_week``, or the week's days that are not rest days)."""
    streak: int
    """Weeks in a row that met it, up to this week (or last week: this one is not over)."""
    longest: int


@dataclass(frozen=True, slots=True)
class GoalStats:
    """Progress of one goal, as ``wins stats --json`` reports it."""

    slug: str
    title: str
    status: str
    progress: float
    done: int
    total: int
    metric: str | None
    value: float | None
    target: float | None
    due: dt.date | None
    stalled: bool
    last_win: dt.date | None
    wins: int
    cadence: Cadence | None = None
    """Its weekly streak, when the goal sets a cadence (not part of the JSON)."""

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of SPEC section 6."""
        return {
            "slug": self.slug,
            "title": self.title,
            "status": self.status,
            "progress": self.progress,
            "done": self.done,
            "total": self.total,
            "metric": self.metric,
            "value": self.value,
            "target": self.target,
            "due": self.due.isoformat() if self.due else None,
            "stalled": self.stalled,
            "last_win": self.last_win.isoformat() if self.last_win else None,
        }


@dataclass(frozen=True, slots=True)
class Stats:
    """Numbers computed from the wins: streaks, weeks, goal progress, alignment."""

    today: dt.date
    total_wins: int
    days_with_wins: int
    current_streak: int
    longest_streak: int
    this_week: int
    last_week: int
    goals: tuple[GoalStats, ...]
    wins_per_day: Mapping[dt.date, int]
    aligned_share: float
    """Share of wins linked to an active goal (0..1)."""
    top_tags: tuple[tuple[str, int], ...]
    goal_positions: Mapping[str, Sequence[int]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Each counted goal's wins (its own and those of the goals below it), as
    positions in the sequence of wins counted, oldest first."""
    rest: RestDays = field(default=NO_REST, compare=False, repr=False)
    """The rest days the streaks were counted with."""

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of SPEC section 6."""
        return {
            "total_wins": self.total_wins,
            "days_with_wins": self.days_with_wins,
            "current_streak": self.current_streak,
            "longest_streak": self.longest_streak,
            "this_week": self.this_week,
            "last_week": self.last_week,
            "goals": [goal.to_json() for goal in self.goals],
        }

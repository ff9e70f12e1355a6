"""The team page's content, from the members' digests: today's and yesterday's
stand-up, the streak of days on which everyone had a win on the stand-up, each
member's week and the goals several members share. Pure; :meth:`TeamPage.to_json` is
``team.json``.

Members are added one at a time (:class:`TeamTally`); of each, only the digest and
the running set of days everyone had a win are kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from wins_md.streaks import current_streak, longest_streak
from wins_md.team.members import WEEK, MemberDigest, Read, Standup
from wins_md.team.roster import Roster
from wins_md.team.shape import GoalRecord

TEAM_JSON_VERSION = 1
Measure = Literal["metric", "milestones", "mean"]


@dataclass(frozen=True, slots=True)
class SharedGoal:
    """A goal (one slug) that several members have, with their combined progress."""

    slug: str
    title: str
    """The first member's title for it."""
    progress: float
    measure: Measure
    """``metric``: the members' values added up over their targets added up (all measure
    it with the same metric); ``milestones``: their milestones done over their
    milestones; ``mean``: the mean of their progress (they measure it differently)."""
    metric: str | None
    value: float | None
    target: float | None
    done: int | None
    total: int | None
    members: tuple[tuple[str, float], ...]
    """Each member's name and progress, in ``team.toml``'s order."""

    @property
    def percent(self) -> int:
        return round(self.progress * 100)


@dataclass(frozen=True, slots=True)
class StandupDay:
    """The stand-up of one day: a line per member, in ``team.toml``'s order."""

    date: dt.date
    label: str
    lines: tuple[tuple[MemberDigest, Standup], ...]

    @property
    def sharing(self) -> int:
        """Members with something on this day's stand-up."""
        return sum(1 for _, standup in self.lines if standup.wins)


@dataclass(frozen=True, slots=True)
class TeamPage:
    """Everything the team page and ``team.json`` show."""

    title: str
    today: dt.date
    updated: str
    members: tuple[MemberDigest, ...]
    readable: int
    """Members whose ``wins.json`` could be read."""
    week: tuple[dt.date, ...]
    """The seven days ending today, oldest first."""
    week_wins: int
    standups: tuple[StandupDay, StandupDay]
    """Today's, then yesterday's."""
    current_streak: int
    longest_streak: int
    shared_goals: tuple[SharedGoal, ...]

    def to_json(self) -> dict[str, object]:
        """``team.json``: the shape of ``wins_md/team.schema.json``."""
        return {
            "version": TEAM_JSON_VERSION,
            "title": self.title,
            "today": self.today.isoformat(),
            "updated": self.updated,
            "week": [day.isoformat() for day in self.week],
            "streak": {"current": self.current_streak, "longest": self.longest_streak},
            "members": [_member_json(digest) for digest in self.members],
            "standup": [
                {
                    "date": day.date.isoformat(),
                    "members": [_line_json(digest, standup) for digest, standup in day.lines],
                }
                for day in self.standups
            ],
            "shared_goals": [_goal_json(goal) for goal in self.shared_goals],
        }


class TeamTally:
    """The team page, built up one member at a time."""

    def __init__(self, roster: Roster, today: dt.date) -> None:
        self.roster, self.today = roster, today
        self.members: list[MemberDigest] = []
        self.everyone: set[int] | None = None
        """The days every readable member so far had a win on (None before the first)."""
        self.goals: dict[str, list[tuple[str, GoalRecord]]] = {}

    def add(self, read: Read) -> None:
        digest = read.digest
        self.members.append(digest)
        if not digest.readable:
            return
        if self.everyone is None:
            self.everyone = set(read.days)
        else:
            self.everyone &= read.days
        for goal in digest.goals:
            self.goals.setdefault(goal.slug, []).append((digest.member.name, goal))

    def page(self, updated: str) -> TeamPage:
        today = self.today
        yesterday = dt.date.fromordinal(today.toordinal() - 1)
        days = {dt.date.fromordinal(day) for day in self.everyone or ()}
        rest = self.roster.rest_days
        members = tuple(self.members)
        shared = [combine(slug, held) for slug, held in self.goals.items() if len(held) > 1]
        shared.sort(key=lambda goal: (-len(goal.members), goal.slug))
        return TeamPage(
            title=self.roster.title,
            today=today,
            updated=updated,
            members=members,
            readable=sum(1 for digest in members if digest.readable),
            week=tuple(dt.date.fromordinal(today.toordinal() - WEEK + 1 + n) for n in range(WEEK)),
            week_wins=sum(sum(digest.week) for digest in members),
            standups=(
                StandupDay(today, "Today", tuple((d, d.today) for d in members)),
                StandupDay(yesterday, "Yesterday", tuple((d, d.yesterday) for d in members)),
            ),
            current_streak=current_streak(days, today, rest),
            longest_streak=longest_streak(days, rest),
            shared_goals=tuple(shared),
        )


def combine(slug: str, held: list[tuple[str, GoalRecord]]) -> SharedGoal:
    """One shared goal's combined progress (see :attr:`SharedGoal.measure`)."""
    goals = [goal for _, goal in held]
    metrics = {goal.metric.lower() if goal.metric else None for goal in goals}
    value = target = None
    done = total = None
    if None not in metrics and len(metrics) == 1 and all(goal.target for goal in goals):
        measure: Measure = "metric"
        value = sum(goal.value or 0.0 for goal in goals)
        target = sum(goal.target or 0.0 for goal in goals)
        progress = min(1.0, value / target)
    elif metrics == {None} and all(goal.total for goal in goals):
        measure = "milestones"
        done, total = sum(goal.done for goal in goals), sum(goal.total for goal in goals)
        progress = done / total
    else:
        measure = "mean"
        progress = sum(goal.progress for goal in goals) / len(goals)
    return SharedGoal(
        slug=slug,
        title=goals[0].title,
        progress=progress,
        measure=measure,
        metric=goals[0].metric if measure == "metric" else None,
        value=value,
        target=target,
        done=done,
        total=total,
        members=tuple((name, goal.progress) for name, goal in held),
    )


def _member_json(digest: MemberDigest) -> dict[str, object]:
    return {
        "name": digest.member.name,
        "url": digest.member.url,
        "readable": digest.readable,
        "title": digest.title,
        "updated": digest.updated,
        "wins": digest.wins,
        "last_win": dt.date.fromordinal(digest.last_win).isoformat() if digest.last_win else None,
        "week": list(digest.week),
    }


def _line_json(digest: MemberDigest, standup: Standup) -> dict[str, object]:
    return {
        "name": digest.member.name,
        "readable": digest.readable,
        "shared": standup.shared,
        "wins": [
            {"title": win.title, "tags": list(win.tags), "goals": list(win.goals)}
            for win in standup.wins
        ],
    }


def _goal_json(goal: SharedGoal) -> dict[str, object]:
    return {
        "slug": goal.slug,
        "title": goal.title,
        "progress": round(goal.progress, 4),
        "measure": goal.measure,
        "metric": goal.metric,
        "value": goal.value,
        "target": goal.target,
        "done": goal.done,
        "total": goal.total,
        "members": [
            {"name": name, "progress": round(progress, 4)} for name, progress in goal.members
        ],
    }

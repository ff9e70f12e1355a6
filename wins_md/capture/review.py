"""Vault -> what a weekly review shows: the week's wins by goal, the unaligned ones,
setbacks, open micro-goals and stalled goals. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from wins_md.dates import day_of
from wins_md.model import MicroGoal, Vault, Win
from wins_md.periods import Period, week_of
from wins_md.periods import parse_week as parse_period_week
from wins_md.stats import count_stats
from wins_md.stats_model import GoalStats
from wins_md.streaks import rest_days
from wins_md.vault.privacy import public_vault


@dataclass(frozen=True, slots=True)
class GoalGroup:
    """The week's wins that serve one goal."""

    slug: str
    title: str
    wins: tuple[Win, ...]


@dataclass(frozen=True, slots=True)
class WeekReview:
    """The context of the ``week.md`` template (each field is a template variable)."""

    week: str
    """Its name: the ISO week, ``2026-W47``, or ``2026-11-22-week`` for a week that
    starts on another day than Monday (``week_start``)."""
    heading: str
    """``Week 2026-W47``, or ``Week of 2026-11-22``."""
    start: dt.date
    """Its first day."""
    end: dt.date
    """Its last day."""
    wins: tuple[Win, ...]
    days: int
    """Days of the week with at least one win."""
    previous_count: int
    """Wins in the week before."""
    by_goal: tuple[GoalGroup, ...]
    """Wins grouped by the goals they link to, by goal title (a win may be in two)."""
    unaligned: tuple[Win, ...]
    """Wins linked to no goal: shiny objects?"""
    setbacks: tuple[Win, ...]
    """Reframed-setback wins (clarity, knowledge, help)."""
    chains: tuple[tuple[Win, Win], ...]
    """``(earlier, win)`` for each of the week's wins that follows from an earlier one."""
    micro_goals: tuple[MicroGoal, ...]
    """Micro-goals of the week still open at its end, each once."""
    stalled: tuple[GoalStats, ...]
    """Active goals with no linked win in ``stalled_days`` at the week's end."""
    stalled_days: int
    private: bool
    """True when a private win or micro-goal is shown (the review is then private)."""

    def context(self) -> dict[str, Any]:
        """The fields as template variables (the objects themselves, not copies)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def parse_week(text: str, today: dt.date, first_weekday: int = 0) -> dt.date:
    """The first day of a week given as ``2026-W47`` (Monday weeks), ``this``, ``last``
    or a date in it. Raises ValueError with a message fit for the user."""
    return parse_period_week(text, today, first_weekday).start


def week_review(
    vault: Vault, week: Period | dt.date, today: dt.date, include_private: bool = False
) -> WeekReview:
    """Everything the review of ``week`` (or of the week, starting on ``week_start``, that
    holds a date) shows, as of ``today`` (later wins are left out: see
    :meth:`Vault.as_of`): of the vault's public view
    (:func:`~wins_md.vault.privacy.public_vault`) unless private content is asked for,
    as a review may be published with the notes."""
    if not isinstance(week, Period):
        week = week_of(week, vault.config.first_weekday)
    vault = vault.as_of(today)
    start, end = week.start, week.end
    rest = rest_days(vault, include_private)
    vault = vault if include_private else public_vault(vault)
    all_wins = vault.wins
    wins = tuple(w for w in all_wins if w.date is not None and start <= w.date <= end)
    before = day_of(start.toordinal() - 7) or dt.date.min  # no week before the first
    previous = sum(1 for w in all_wins if w.date is not None and before <= w.date < start)
    micro_goals = _open_micro_goals(vault, wins, start, end)
    stats = count_stats(vault, min(today, end), rest)
    return WeekReview(
        week=week.name,
        heading=week.label,
        start=start,
        end=end,
        wins=wins,
        days=len({w.date for w in wins}),
        previous_count=previous,
        by_goal=_by_goal(vault, wins),
        unaligned=tuple(w for w in wins if not w.goals),
        setbacks=tuple(w for w in wins if w.setback),
        chains=_chains(all_wins, wins),
        micro_goals=micro_goals,
        stalled=tuple(goal for goal in stats.goals if goal.stalled),
        stalled_days=vault.config.stalled_days,
        private=any(w.private for w in wins) or any(m.private for m in micro_goals),
    )


def _chains(all_wins: tuple[Win, ...], wins: tuple[Win, ...]) -> tuple[tuple[Win, Win], ...]:
    ids = {win.id: win for win in all_wins if win.id}
    return tuple((ids[target], win) for win in wins for target in win.follows if target in ids)


def _by_goal(vault: Vault, wins: tuple[Win, ...]) -> tuple[GoalGroup, ...]:
    grouped: dict[str, list[Win]] = {}
    for win in wins:
        for slug in win.goals:
            grouped.setdefault(slug, []).append(win)
    groups = [
        GoalGroup(slug, vault.goals[slug].title if slug in vault.goals else slug, tuple(items))
        for slug, items in grouped.items()
    ]
    return tuple(sorted(groups, key=lambda group: (group.title.lower(), group.slug)))


def _open_micro_goals(
    vault: Vault, wins: tuple[Win, ...], start: dt.date, end: dt.date
) -> tuple[MicroGoal, ...]:
    """The week's micro-goals whose last state is open: carried forward day after day,
    a step shows once; checked off (a win of the same text) or cancelled, not at all."""
    events: list[tuple[dt.date, str, int, str, MicroGoal | None]] = []
    for goal in vault.micro_goals:
        in_week = goal.date is not None and start <= goal.date <= end
        if in_week:
            assert goal.date is not None
            events.append(
                (
                    goal.date,
                    goal.file,
                    goal.line,
                    goal.text,
                    goal if goal.status == "open" else None,
                )
            )
    for win in wins:
        assert win.date is not None
        events.append((win.date, win.file, win.line, win.text, None))
    last: dict[str, MicroGoal | None] = {}
    for _, _, _, text, state in sorted(events, key=lambda event: event[:3]):
        last.pop(text, None)  # keep the order of each step's last appearance
        last[text] = state
    return tuple(step for step in last.values() if step is not None)

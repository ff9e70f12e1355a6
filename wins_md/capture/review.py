"""Vault -> what a weekly review shows: the week's wins by goal, the unaligned ones,
setbacks, open micro-goals and stalled goals. Pure."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Any

from wins_md.dates import day_of, iso_week_name, parse_day, shift_day
from wins_md.model import GoalStats, MicroGoal, Vault, Win
from wins_md.stats import count_stats
from wins_md.streaks import rest_days
from wins_md.vault.privacy import public_vault

_WEEK = re.compile(r"^(\d{4})-?[wW](\d{1,2})$")
_DAY = dt.timedelta(days=1)


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
    """The ISO week, ``2026-W47``."""
    start: dt.date
    """Its Monday."""
    end: dt.date
    """Its Sunday."""
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


def parse_week(text: str, today: dt.date) -> dt.date:
    """The Monday of a week given as ``2026-W47``, ``this``, ``last`` or a date in it.

    Raises ValueError with a message fit for the user.
    """
    value = text.strip().lower()
    if value in ("this", "last", "next"):
        shift = {"this": 0, "last": -7, "next": 7}[value]
        return shift_day(_monday(today), shift, text)
    match = _WEEK.match(value)
    if match:
        try:
            return dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            raise ValueError(f"'{text}': {match.group(1)} has no week {match.group(2)}") from None
    try:
        return _monday(parse_day(value, today))
    except ValueError:
        raise ValueError(
            f"'{text}' is not a week; use 2026-W47, this, last, or a date in the week"
        ) from None


def _monday(day: dt.date) -> dt.date:
    return day - day.weekday() * _DAY  # 0001-01-01 is a Monday: never before the calendar


def week_review(
    vault: Vault, monday: dt.date, today: dt.date, include_private: bool = False
) -> WeekReview:
    """Everything the review of the ISO week starting ``monday`` shows, as of ``today``
    (later wins are left out: see :meth:`Vault.as_of`): of the vault's public view
    (:func:`~wins_md.vault.privacy.public_vault`) unless private content is asked for,
    as a review may be published with the notes."""
    vault = vault.as_of(today)
    # Its Sunday; the calendar ends on a Friday (9999-12-31), and so does its last week.
    end = day_of(monday.toordinal() + 6) or dt.date.max
    rest = rest_days(vault, include_private)
    vault = vault if include_private else public_vault(vault)
    all_wins = vault.wins
    wins = tuple(w for w in all_wins if w.date is not None and monday <= w.date <= end)
    before = day_of(monday.toordinal() - 7) or dt.date.min  # no week before the first
    previous = sum(1 for w in all_wins if w.date is not None and before <= w.date < monday)
    micro_goals = _open_micro_goals(vault, wins, monday, end)
    stats = count_stats(vault, min(today, end), rest)
    return WeekReview(
        week=iso_week_name(monday),
        start=monday,
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

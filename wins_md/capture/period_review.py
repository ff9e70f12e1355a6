"""Vault -> what the review of a month, a quarter or a year shows: each goal's progress
over it, the momentum chains that paid off, the shiny-object share and the stretch of
each month, setbacks, stalled goals. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from wins_md.chains import Chain, chains_of
from wins_md.model import Vault, Win
from wins_md.periods import HIGH_STRETCH, GoalProgress, MonthNumbers, Period, goal_progress
from wins_md.periods import month_numbers as numbers_by_month
from wins_md.stats_model import GoalStats
from wins_md.vault.privacy import public_vault


@dataclass(frozen=True, slots=True)
class PeriodReview:
    """The context of the ``period.md`` template (each field is a template variable)."""

    period: str
    """Its name, which names the review's file: ``2026-11``, ``2026-Q4``, ``2026``."""
    heading: str
    """``November 2026``, ``Q4 2026``, ``2026``."""
    noun: str
    """``month``, ``quarter`` or ``year``."""
    start: dt.date
    end: dt.date
    wins: tuple[Win, ...]
    days: int
    """Days of the period with at least one win."""
    previous: str
    """The period before, as a heading names it (``October 2026``)."""
    previous_count: int
    """Wins in the period before."""
    goals: tuple[GoalProgress, ...]
    """The goals its wins serve, those that advanced and those active at its end, by
    title: each with its progress at the start and the end, wins and milestones."""
    chains: tuple[Chain, ...]
    """The momentum chains whose payoff (their latest win) falls in the period."""
    months: tuple[MonthNumbers, ...]
    """Each month of the period up to today: wins, wins serving no goal, stretch."""
    stretch_average: float | None
    """The average ``stretch::`` of the period's wins that have one."""
    previous_stretch_average: float | None
    high_stretch: tuple[Win, ...]
    setbacks: tuple[Win, ...]
    """Reframed-setback wins (clarity, knowledge, help)."""
    stalled: tuple[GoalStats, ...]
    """Active goals with no linked win in ``stalled_days`` at the period's end."""
    stalled_days: int
    private: bool
    """True when private content is shown (the review is then private)."""

    def context(self) -> dict[str, Any]:
        """The fields as template variables (the objects themselves, not copies)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def period_review(
    vault: Vault, period: Period, today: dt.date, include_private: bool = False
) -> PeriodReview:
    """Everything the review of ``period`` shows, as of ``today`` (later wins are left
    out): of the vault's public view unless private content is asked for, as a review
    may be published with the notes."""
    current = vault.as_of(today)
    view = current if include_private else public_vault(current)
    end = min(period.end, today)
    until_end = tuple(w for w in view.wins if w.date and w.date <= end)
    wins = tuple(w for w in until_end if w.date and w.date >= period.start)
    before = period.previous()
    earlier = (
        tuple(w for w in view.wins if w.date and before.start <= w.date <= before.end)
        if before
        else ()
    )
    progress = goal_progress(view, period, today, wins).values()
    goals = tuple(
        sorted(
            (p for p in progress if p.wins or p.advanced or (p.after and _active(p.after))),
            key=lambda p: (p.title.lower(), p.slug),
        )
    )
    chains = tuple(
        chain
        for chain in chains_of(until_end)
        if chain.payoff.date and period.start <= chain.payoff.date <= end
    )
    shown_goals = {p.slug for p in goals}
    private = (
        any(w.private for w in wins)
        or any(w.private for chain in chains for w in chain.wins)
        or any(view.goals[slug].private for slug in shown_goals if slug in view.goals)
    )
    return PeriodReview(
        period=period.name,
        heading=period.label,
        noun=period.noun,
        start=period.start,
        end=period.end,
        wins=wins,
        days=len({w.date for w in wins}),
        previous=before.label if before else "the period before",
        previous_count=len(earlier),
        goals=goals,
        chains=chains,
        months=numbers_by_month(wins, period.start, end) if end >= period.start else (),
        stretch_average=_average_stretch(wins),
        previous_stretch_average=_average_stretch(earlier),
        high_stretch=tuple(w for w in wins if (w.stretch or 0) >= HIGH_STRETCH),
        setbacks=tuple(w for w in wins if w.setback),
        stalled=tuple(p.after for p in goals if p.after and p.after.stalled),
        stalled_days=vault.config.stalled_days,
        private=private,
    )


def _active(stats: GoalStats) -> bool:
    return stats.status == "active"


def _average_stretch(wins: tuple[Win, ...]) -> float | None:
    found = [win.stretch for win in wins if win.stretch is not None]
    return sum(found) / len(found) if found else None

"""Vault -> a brag document: what a period (a quarter, a review cycle, a year) moved,
for a performance review or a CV. Pure; :mod:`wins_md.site.brag` writes it out.

It shows the vault's public view (:func:`~wins_md.vault.privacy.public_vault`)
unless private content is asked for, as a brag document is made to be shared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wins_md.chains import Chain, chains_of
from wins_md.errors import UsageProblem, did_you_mean
from wins_md.model import Vault, Win, descendants
from wins_md.periods import HIGH_STRETCH, GoalProgress, Period, by_month, goal_progress
from wins_md.streaks import longest_streak, rest_days
from wins_md.vault.privacy import public_vault

Months = tuple[tuple[dt.date, tuple[Win, ...]], ...]


@dataclass(frozen=True, slots=True)
class GoalSection:
    """A goal's part of the document: its progress over the period, the milestones it
    reached, and its other wins month by month."""

    progress: GoalProgress
    months: Months
    """``(first day of the month, wins)``: its wins but the milestones."""


@dataclass(frozen=True, slots=True)
class BragDocument:
    """The context of the ``brag.md`` and ``brag.html`` templates (``brag``)."""

    title: str
    """The vault's title."""
    period: Period
    today: dt.date
    goal: GoalProgress | None
    """The goal asked for with ``--goal`` (its wins and those of the goals below it)."""
    wins: tuple[Win, ...]
    """The period's wins, in date order."""
    active_days: int
    longest_streak: int
    """The longest streak inside the period (rest days skipped)."""
    advanced: tuple[GoalProgress, ...]
    """The goals whose progress rose over the period, by title."""
    metrics: tuple[tuple[str, float], ...]
    """The sum of each numeric field over the period's wins (``stretch`` aside), by name."""
    goals: tuple[GoalSection, ...]
    """The goals the period's wins serve, by title."""
    others: Months
    """The wins that serve no goal, by month."""
    chains: tuple[Chain, ...]
    """The momentum chains holding a win of the period, whole, by their first win."""
    high_stretch: tuple[Win, ...]
    """Wins of stretch 4 or 5."""
    lessons: tuple[Win, ...]
    """Reframed setbacks: what being stuck made clear, taught, or who helped."""

    def to_json(self) -> dict[str, object]:
        """The document as JSON (``wins brag --format json``)."""
        goal = self.goal
        return {
            "version": 1,
            "title": self.title,
            "since": self.period.start.isoformat(),
            "until": self.period.end.isoformat(),
            "today": self.today.isoformat(),
            "goal": {"slug": goal.slug, "title": goal.title} if goal else None,
            "wins": len(self.wins),
            "active_days": self.active_days,
            "longest_streak": self.longest_streak,
            "goals_advanced": [progress.to_json() for progress in self.advanced],
            "metrics": dict(self.metrics),
            "goals": [
                {**section.progress.to_json(), "months": _months_json(section.months)}
                for section in self.goals
            ],
            "other_wins": _months_json(self.others),
            "chains": [chain.to_json() for chain in self.chains],
            "high_stretch": [win.to_json() for win in self.high_stretch],
            "lessons": [win.to_json() for win in self.lessons],
        }


def _months_json(months: Months) -> list[dict[str, object]]:
    return [
        {"month": month.strftime("%Y-%m"), "wins": [win.to_json() for win in wins]}
        for month, wins in months
    ]


def brag_document(
    vault: Vault,
    period: Period,
    today: dt.date,
    goal: str | None = None,
    include_private: bool = False,
) -> BragDocument:
    """The brag document of ``period`` as of ``today`` (later wins are left out): of the
    vault's public view unless private content is asked for; of the wins serving
    ``goal`` (or a goal below it) when one is given."""
    current = vault.as_of(today)
    view = current if include_private else public_vault(current)
    end = min(period.end, today)
    family = _family(view, goal, include_private)
    until_end = tuple(
        w for w in view.wins if w.date and w.date <= end and (family is None or _serves(w, family))
    )
    wins = tuple(w for w in until_end if w.date and w.date >= period.start)
    progress = goal_progress(view, period, today, wins)
    shown = [p for slug, p in progress.items() if p.wins and (family is None or slug in family)]
    sections = tuple(
        GoalSection(p, by_month(_without(p.wins, p.milestones)))
        for p in sorted(shown, key=_by_title)
    )
    candidates = progress.values() if family is None else (progress[s] for s in family)
    advanced = tuple(sorted((p for p in candidates if p.advanced), key=_by_title))
    days = {w.date for w in wins if w.date}
    in_period = {id(win) for win in wins}
    return BragDocument(
        title=vault.config.title,
        period=period,
        today=today,
        goal=progress[goal.lower()] if goal else None,
        wins=wins,
        active_days=len(days),
        longest_streak=longest_streak(days, rest_days(current, include_private)),
        advanced=advanced,
        metrics=_metrics(wins),
        goals=sections,
        others=by_month([w for w in wins if not w.goals]),
        chains=tuple(
            chain
            for chain in chains_of(until_end)
            if any(id(win) in in_period for win in chain.wins)
        ),
        high_stretch=tuple(w for w in wins if (w.stretch or 0) >= HIGH_STRETCH),
        lessons=tuple(w for w in wins if w.setback),
    )


def _family(view: Vault, goal: str | None, include_private: bool) -> frozenset[str] | None:
    """The slugs of ``goal`` and the goals below it (None: every win is wanted)."""
    if goal is None:
        return None
    slug = goal.lower()
    if slug not in view.goals:
        hint = did_you_mean(slug, sorted(view.goals))
        private = "" if include_private else " (or a private one: add --include-private)"
        raise UsageProblem(f"--goal: unknown goal '{goal}'{hint}{private}")
    parents = {known: other.parent for known, other in view.goals.items()}
    return frozenset(descendants(slug, parents))


def _without(wins: tuple[Win, ...], left_out: tuple[Win, ...]) -> list[Win]:
    ids = {id(win) for win in left_out}
    return [win for win in wins if id(win) not in ids]


def _serves(win: Win, family: frozenset[str]) -> bool:
    return not family.isdisjoint(win.goals)


def _by_title(progress: GoalProgress) -> tuple[str, str]:
    return progress.title.lower(), progress.slug


def _metrics(wins: tuple[Win, ...]) -> tuple[tuple[str, float], ...]:
    totals: dict[str, float] = {}
    for win in wins:
        for name, value in win.fields.items():
            if name != "stretch" and isinstance(value, int | float) and not isinstance(value, bool):
                totals[name] = totals.get(name, 0) + value
    return tuple(sorted(totals.items()))

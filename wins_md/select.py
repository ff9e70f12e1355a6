"""Choosing wins: the filters of ``wins list`` (and of every later view)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .inline import tag_matches
from .model import Vault, Win
from .stats import descendants


def select_wins(
    vault: Vault,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    tags: Iterable[str] = (),
    goals: Iterable[str] = (),
    unaligned: bool = False,
    include_private: bool = False,
) -> list[Win]:
    """The vault's wins that pass every given filter, in date, file, line order."""
    wanted_tags = [tag.lstrip("#").lower() for tag in tags]
    wanted_goals: set[str] = set()
    for goal in goals:
        wanted_goals |= descendants(goal.lower(), vault.goals)
    active = {slug for slug, goal in vault.goals.items() if goal.is_active}
    chosen = []
    for win in vault.public_wins(include_private):
        assert win.date is not None
        if (since and win.date < since) or (until and win.date > until):
            continue
        if wanted_tags and not any(tag_matches(tag, wanted_tags) for tag in win.tags):
            continue
        if wanted_goals and not wanted_goals.intersection(win.goals):
            continue
        if unaligned and active.intersection(win.goals):
            continue
        chosen.append(win)
    return chosen

"""The goals' progress for an export: from the vault when it was read, else from the
list index, without reading the vault or decoding the wins (the index keeps each goal
as read, and every win's day, goals and privacy in columns; of a win, only its fields
are decoded, and only for a goal with a metric)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from wins_md.config import Config
from wins_md.model import Vault
from wins_md.query import Listing
from wins_md.stats import compute_stats, goals_progress
from wins_md.stats_model import GoalStats
from wins_md.store.list_index import ListIndex
from wins_md.streaks import rest_days_of
from wins_md.vault.privacy import public_vault


def goal_progress(
    listing: Listing, config: Config, today: dt.date, include_private: bool
) -> tuple[GoalStats, ...]:
    """Every goal's progress as of ``today`` (the public goals', unless
    ``include_private``), as ``wins stats --json`` and the site count it: over every
    win of the view, whatever the filters chose."""
    if listing.vault is not None:
        return compute_stats(listing.vault, today, include_private).goals
    index = listing.index
    assert index is not None, "a listing comes from the vault or from the index"
    # The one rule for milestones done after today, and the public view of the goals.
    goals = Vault("", config, (), index.goals_as_read(), (), ()).as_of(today)
    view = goals if include_private else public_vault(goals)
    last = today.toordinal()
    sets = [tuple(slugs) for slugs in index.goal_sets]
    # A win not counted (private, or after today) serves no goal here.
    counted = [
        sets[slugs] if day <= last and (include_private or not flags & 1) else ()
        for day, slugs, flags in zip(index.days, index.goals_of, index.flags, strict=True)
    ]
    rest = rest_days_of(config, listing.rest_notes)
    progress, _ = goals_progress(view.goals, counted, _IndexFacts(index), today, config, rest)
    return progress


class _IndexFacts:
    """What goal progress reads of a win, from the index's columns and lines."""

    __slots__ = ("_fields", "_index")

    def __init__(self, index: ListIndex) -> None:
        self._index = index
        self._fields: dict[int, dict[str, Any]] = {}

    def date(self, position: int) -> dt.date | None:
        return dt.date.fromordinal(self._index.days[position])

    def values(self, positions: Sequence[int], key: str) -> Iterable[object]:
        for position in positions:
            fields = self._fields.get(position)
            if fields is None:
                fields = self._fields[position] = self._index.fields_of(position)
            yield fields.get(key)

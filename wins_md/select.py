"""Choosing wins: the filters of ``wins list`` (and of every later view)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from .inline import tag_matches
from .model import Vault, Win
from .stats import descendants


class WinFilter:
    """The filters of ``wins list``, resolved against the vault's goals: call it with a
    win's date, tags, goals and privacy to know whether the win is chosen.

    It is given a win's parts rather than a :class:`Win`, so wins that were never
    decoded (see :mod:`wins_md.listing`) can be chosen too.
    """

    __slots__ = ("_active", "_goals", "_private", "_since", "_tag_memo", "_tags", "_until")

    def __init__(
        self,
        parents: Mapping[str, str | None],
        active: Iterable[str],
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        tags: Iterable[str] = (),
        goals: Iterable[str] = (),
        unaligned: bool = False,
        include_private: bool = False,
    ) -> None:
        """``parents`` maps each goal's slug to its parent's; ``active`` are the slugs
        of active goals."""
        self._since, self._until = since, until
        self._tags = tuple(tag.lstrip("#").lower() for tag in tags)
        wanted: set[str] = set()
        for goal in goals:
            wanted |= descendants(goal.lower(), parents)
        self._goals = frozenset(wanted) if wanted else None
        self._active = frozenset(active) if unaligned else None
        self._private = include_private
        self._tag_memo: dict[tuple[str, ...], bool] = {}

    @classmethod
    def of(cls, vault: Vault, **filters: object) -> WinFilter:
        """The filter for ``vault`` (same keyword filters as the constructor)."""
        parents = {slug: goal.parent for slug, goal in vault.goals.items()}
        active = [slug for slug, goal in vault.goals.items() if goal.is_active]
        return cls(parents, active, **filters)  # type: ignore[arg-type]

    def __call__(
        self, date: dt.date | None, tags: tuple[str, ...], goals: tuple[str, ...], private: bool
    ) -> bool:
        return (
            date is not None
            and self.wants_private(private)
            and self.wants_date(date)
            and self.wants_tags(tags)
            and self.wants_goals(goals)
        )

    # The parts, for a caller that tests each distinct value once (see wins_md.listing).

    def wants_private(self, private: bool) -> bool:
        return self._private or not private

    def wants_date(self, date: dt.date) -> bool:
        return not ((self._since and date < self._since) or (self._until and date > self._until))

    def wants_tags(self, tags: tuple[str, ...]) -> bool:
        """True without a tag filter, or when a tag is a wanted one or below one
        (``area/sub``), case aside."""
        if not self._tags:
            return True
        found = self._tag_memo.get(tags)  # wins share a few hundred distinct tag tuples
        if found is None:
            found = self._tag_memo[tags] = any(tag_matches(tag, self._tags) for tag in tags)
        return found

    def wants_goals(self, goals: tuple[str, ...]) -> bool:
        return (self._goals is None or not self._goals.isdisjoint(goals)) and (
            self._active is None or self._active.isdisjoint(goals)
        )


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
    keep = WinFilter.of(
        vault,
        since=since,
        until=until,
        tags=tags,
        goals=goals,
        unaligned=unaligned,
        include_private=include_private,
    )
    return [win for win in vault.wins if keep(win.date, win.tags, win.goals, win.private)]

"""What the pages show, kept from one build to the next by a long-running process (the
watcher): each win's view, the goal cards, the momentum chains, the heatmap and the
setbacks, each made again only where what it is made from changed. Every part equals
what a single build makes (:func:`~wins_md.site.views.build_site_data`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from wins_md.config import Config
from wins_md.model import Vault, Win
from wins_md.site.charts import Chart, heatmap_chart
from wins_md.site.insights import Setbacks, SetbacksMemo, setbacks
from wins_md.site.views import CardMaker, GoalCard, GoalRef, WinView, chains_of, goal_ref
from wins_md.stats_model import Stats
from wins_md.vault.splice import SplicedMap, common_ends

HEATMAP_DAYS = 53 * 7 + 7
"""Days before today the heatmap may show (53 weeks, and the week it starts in)."""


class ViewMemo:
    """Each win's :class:`WinView`, and the parts of the pages made from them, kept from
    one build to the next by a long-running process (the watcher): the wins that are
    the same objects at the same places as last time (see
    :mod:`wins_md.vault.splice`) keep their views, so goal cards and pages compare
    equal quickly, view by view. ``keep=False`` keeps nothing (a single build: no
    memory spent on a copy of every win)."""

    def __init__(self, keep: bool = True) -> None:
        self._keep = keep
        self._goals: tuple[tuple[str, str], ...] = ()
        self._titles: dict[str, str] = {}
        self._refs: dict[tuple[str, ...], tuple[GoalRef, ...]] = {}
        self._wins: Sequence[Win] = ()
        self._views: list[WinView] = []
        self._cards: dict[str, tuple[tuple[tuple[object, ...], object], GoalCard]] = {}
        self._chained: SplicedMap[WinView, WinView | None] = SplicedMap()
        self._chains: tuple[tuple[WinView, ...], tuple[tuple[WinView, ...], ...]] | None = None
        self._heatmap: tuple[tuple[object, list[tuple[dt.date, int]]], Chart] | None = None
        self._setbacks = SetbacksMemo()

    def views(self, vault: Vault) -> tuple[WinView, ...]:
        """The views of the vault's wins, in its order."""
        goals = tuple((slug, goal.title) for slug, goal in vault.goals.items())
        if goals != self._goals or not self._keep:
            self._goals, self._refs, self._wins, self._views = goals, {}, (), []
            self._titles = dict(goals)
        wins = vault.wins
        start, end = common_ends(self._wins, wins)
        old_stop, new_stop = len(self._wins) - end, len(wins) - end
        # The nth win of a day is numbered after the n-1 before it: a change renumbers
        # the wins of its days that follow it.
        days = {win.date for win in self._wins[start:old_stop]}
        days.update(win.date for win in wins[start:new_stop])
        while new_stop < len(wins) and wins[new_stop].date in days:
            old_stop, new_stop = old_stop + 1, new_stop + 1
        self._views[start:old_stop] = self._made(wins, start, new_stop, self._views[start:old_stop])
        views = tuple(self._views)
        if self._keep:
            self._wins = wins
        else:
            self._views = []
        return views

    def _made(
        self, wins: Sequence[Win], start: int, stop: int, old: Sequence[WinView]
    ) -> list[WinView]:
        """The views of ``wins[start:stop]``; ``old`` were those of the wins there before."""
        kept = {id(view.win): view for view in old}
        refs_of = self._refs
        day = wins[start].date if start < stop else None
        number = 0
        while start - number > 0 and wins[start - number - 1].date == day:
            number += 1
        made = []
        for win in wins[start:stop]:
            if win.date != day:
                day, number = win.date, 0
            number += 1
            refs = refs_of.get(win.goals)
            if refs is None:
                refs = refs_of[win.goals] = tuple(
                    goal_ref(slug, self._titles) for slug in win.goals
                )
            assert win.date is not None
            anchor = f"win-{win.id}" if win.id else f"win-{win.date.isoformat()}-{number}"
            found = kept.get(id(win))
            if (
                found is None
                or found.win is not win
                or found.goals is not refs
                or found.anchor != anchor
            ):
                found = WinView(win, refs, anchor)
            made.append(found)
        return made

    def cards(self, made: Iterable[CardMaker]) -> tuple[GoalCard, ...]:
        """The goal cards, each kept from the last build while what it is made from is
        the same (its goal, stats, day, and wins and chains as the same views)."""
        if not self._keep:
            return tuple(maker.make() for maker in made)
        kept, self._cards = self._cards, {}
        cards = []
        for maker in made:
            found = kept.get(maker.goal.slug)
            key = (maker.key, maker.all_chains)
            if found is None or found[0][0] != key[0]:
                found = (key, maker.make())
            elif found[0][1] is not key[1]:  # other chains: are its own the same?
                chains = maker.own_chains()
                if _chain_ids(chains) != _chain_ids(found[1].chains):
                    found = (key, maker.make(chains))
                found = (key, found[1])
            self._cards[maker.goal.slug] = found
            cards.append(found[1])
        return tuple(cards)

    def chains(self, views: Sequence[WinView]) -> tuple[tuple[WinView, ...], ...]:
        """The momentum chains of ``views``, newest first: made from the views whose
        win has a block id or follows one (no other is part of a chain), and kept while
        those are the same."""
        if not self._keep:
            return chains_of(views)
        linked = tuple(filter(None, self._chained.update(views, _in_chain)))
        if self._chains is None or not _same(self._chains[0], linked):
            self._chains = (linked, chains_of(linked))
        return self._chains[1]

    def heatmap(self, stats: Stats, today: dt.date, config: Config) -> Chart:
        """The heatmap of ``stats``, kept while the days it may show are unchanged."""
        per_day = stats.wins_per_day
        if not self._keep:
            return heatmap_chart(per_day, today, config.first_weekday, stats.rest, config.rest)
        since = today - dt.timedelta(days=min(HEATMAP_DAYS, today.toordinal() - 1))
        shown = [(day, count) for day, count in per_day.items() if day >= since]
        key = (today, config.first_weekday, stats.rest, config.rest, min(per_day, default=None))
        if self._heatmap is None or self._heatmap[0] != (key, shown):
            chart = heatmap_chart(per_day, today, config.first_weekday, stats.rest, config.rest)
            self._heatmap = ((key, shown), chart)
        return self._heatmap[1]

    def setbacks(self, wins: Sequence[Win], tags: Sequence[str], today: dt.date) -> Setbacks:
        """:func:`~wins_md.site.insights.setbacks` of ``wins``."""
        return (
            self._setbacks.setbacks(wins, tags, today)
            if self._keep
            else setbacks(wins, tags, today)
        )


def _in_chain(view: WinView) -> WinView | None:
    return view if view.win.id or view.win.follows else None


def _same(old: Sequence[object], new: Sequence[object]) -> bool:
    """True when both hold the same objects."""
    return len(old) == len(new) and common_ends(old, new)[0] == len(new)


def _chain_ids(chains: Sequence[tuple[WinView, ...]]) -> list[tuple[int, ...]]:
    return [tuple(map(id, chain)) for chain in chains]

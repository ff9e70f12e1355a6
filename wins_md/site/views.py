"""Vault + Stats -> the data the published pages show. Pure.

Everything a template needs is computed here, charts included (as SVG
coordinates and labels), so templates only format. Only public content enters:
private wins, private goals and the wins linked to a private goal are left out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wins_md.chains import chain_paths
from wins_md.config import Config
from wins_md.dates import week_start_ordinal
from wins_md.model import Goal, Vault, Win
from wins_md.site.burnup import Burnup, burnup_chart
from wins_md.site.charts import Chart, sparkline, weekly_chart
from wins_md.site.insights import Setbacks
from wins_md.site.problems import ProblemBanner
from wins_md.stats_model import GoalStats, Stats

if TYPE_CHECKING:
    from wins_md.site.view_memo import ViewMemo

RECENT_DAYS = 14
CHAINS = 6
"""The index, and each goal page, show the newest six momentum chains."""
FEED_DAYS = 50
"""The feed holds one entry per day with wins, for the latest 50 such days."""


@dataclass(frozen=True, slots=True)
class GoalRef:
    """A goal a win links to, with the page it has (None when there is no page)."""

    slug: str
    title: str
    url: str | None


@dataclass(frozen=True, slots=True)
class WinView:
    """One win as the pages show it."""

    win: Win
    goals: tuple[GoalRef, ...]
    anchor: str
    """The id of its element: ``win-<id>`` or ``win-<date>-<n>``."""


@dataclass(frozen=True, slots=True)
class GoalCard:
    """A goal's progress as a card shows it."""

    stats: GoalStats
    goal: Goal
    url: str
    percent: int
    days_left: int | None
    sparkline: str
    """SVG polyline points of wins per week over the last weeks."""
    spark_label: str
    wins: tuple[WinView, ...]
    """Its wins (and those of the goals below it), newest first."""
    spark_total: int
    """Its wins in the sparkline's weeks (0: the card says so instead of a flat line)."""
    this_week: int
    """Its wins this week."""
    burnup: Burnup
    """Its progress over time, for its page."""
    chains: tuple[tuple[WinView, ...], ...]
    """The momentum chains that hold one of its wins, newest first."""
    chain_links: frozenset[str]
    """The anchors of the wins of ``chains`` that its page lists (the others are text)."""


@dataclass(frozen=True, slots=True)
class Day:
    """A day of recent wins."""

    date: dt.date
    wins: tuple[WinView, ...]


@dataclass(frozen=True, slots=True)
class SiteData:
    """The documented context of every page: ``site`` in the templates."""

    title: str
    today: dt.date
    updated: str
    stats: Stats
    wins: tuple[WinView, ...]
    """Every published win, oldest first."""
    active_goals: int
    heatmap: Chart
    weekly: Chart
    goals: tuple[GoalCard, ...]
    chains: tuple[tuple[WinView, ...], ...]
    chain_links: frozenset[str]
    """The anchors of the wins of ``chains`` that the index lists (under recent wins)."""
    aligned_percent: int
    unaligned: tuple[WinView, ...]
    top_tags: tuple[tuple[str, int, int], ...]
    """``(tag, count, percent of the largest)``."""
    recent: tuple[Day, ...]
    setbacks: Setbacks
    problem_count: int
    """Always 0 in written pages: problems are only shown by ``wins serve``."""
    problems: ProblemBanner
    site_url: str = ""
    """``site_url`` of ``wins.toml`` (ending in ``/``), or empty: where the site lives."""

    @property
    def header(self) -> SiteHeader:
        """What every page shows of the whole site; all a goal page is given."""
        return SiteHeader(
            self.title, self.today, self.updated, self.problem_count, self.problems, self.site_url
        )


@dataclass(frozen=True, slots=True)
class SiteHeader:
    """``site`` in a goal page: the site's title, dates and problems, nothing that
    changes with every win (so an unchanged goal page need not be rendered again)."""

    title: str
    today: dt.date
    updated: str
    problem_count: int
    problems: ProblemBanner
    site_url: str = ""


def build_site_data(
    public: Vault,
    stats: Stats,
    today: dt.date,
    updated: str,
    problems: ProblemBanner,
    memo: ViewMemo,
) -> SiteData:
    """Everything the index, goal pages, JSON and feed show, from the public vault
    (:func:`~wins_md.vault.privacy.public_vault`) and its ``stats``.

    ``memo`` keeps the win views between builds (a watcher).
    """
    views = memo.views(public)
    config = public.config
    chains = memo.chains(views)
    cards = memo.cards(
        _goal_card(
            public.goals[goal.slug], goal, config, stats.goal_positions, views, today, chains
        )
        for goal in stats.goals
    )
    top = stats.top_tags[0][1] if stats.top_tags else 1
    recent = days_with_wins(views, today, RECENT_DAYS)
    listed = {view.anchor for day in recent for view in day.wins}
    shown = chains[:CHAINS]
    return SiteData(
        title=config.title,
        today=today,
        updated=updated,
        stats=stats,
        wins=views,
        active_goals=sum(1 for goal in public.goals.values() if goal.is_active),
        heatmap=memo.heatmap(stats, today, config),
        weekly=weekly_chart(stats.wins_per_day, today, config.first_weekday),
        goals=cards,
        chains=shown,
        chain_links=frozenset(v.anchor for chain in shown for v in chain if v.anchor in listed),
        aligned_percent=round(stats.aligned_share * 100),
        unaligned=_unaligned(views, public),
        top_tags=tuple((tag, count, round(count / top * 100)) for tag, count in stats.top_tags),
        recent=recent,
        setbacks=memo.setbacks(public.wins, config.setback_tags, today),
        problem_count=len(problems.listed) + problems.private + problems.more,
        problems=problems,
        site_url=config.site_url or "",
    )


def goal_ref(slug: str, titles: Mapping[str, str]) -> GoalRef:
    """A link to the goal ``slug``, of the goals ``titles`` (a name without a page when
    it is none of them)."""
    title = titles.get(slug)
    return GoalRef(slug, slug, None) if title is None else GoalRef(slug, title, goal_url(slug))


def goal_url(slug: str) -> str:
    """The goal page's path inside the site."""
    return f"goals/{slug}.html"


@dataclass(frozen=True, slots=True)
class CardMaker:
    """What a goal's card is made from; ``key`` compares equal, and ``all_chains`` is
    the same object, while the card would be the same."""

    goal: Goal
    stats: GoalStats
    first_weekday: int
    linked: tuple[WinView, ...]
    today: dt.date
    all_chains: Sequence[tuple[WinView, ...]]
    """The chains of every win (the card shows those of its own)."""

    @property
    def key(self) -> tuple[object, ...]:
        # Views are compared by identity: an unchanged win keeps its view (ViewMemo).
        ids = tuple(map(id, self.linked))
        return (self.goal, self.stats, self.first_weekday, ids, self.today)

    def own_chains(self) -> tuple[tuple[WinView, ...], ...]:
        """The newest chains that hold one of its wins."""
        serving = frozenset(map(id, self.linked))
        found = (c for c in self.all_chains if any(id(v) in serving for v in c))
        return tuple(itertools.islice(found, CHAINS))

    def make(self, chains: tuple[tuple[WinView, ...], ...] | None = None) -> GoalCard:
        """The card (``chains``: :meth:`own_chains`, when known)."""
        goal, stats, today, linked = self.goal, self.stats, self.today, self.linked
        wins = [view.win for view in linked]
        spark = sparkline(wins, today, self.first_weekday)
        monday = week_start_ordinal(today, self.first_weekday)
        this_week = 0
        for win in reversed(wins):  # in date order: count back from the newest
            assert win.date is not None
            if win.date.toordinal() < monday:
                break
            this_week += win.date <= today
        serving = frozenset(map(id, linked))
        chains = self.own_chains() if chains is None else chains
        return GoalCard(
            stats=stats,
            goal=goal,
            url=goal_url(goal.slug),
            percent=round(stats.progress * 100),
            days_left=(goal.due - today).days if goal.due else None,
            sparkline=spark.points,
            spark_label=spark.label,
            wins=tuple(reversed(linked)),
            spark_total=spark.total,
            this_week=this_week,
            burnup=burnup_chart(goal, wins, today),
            chains=chains,
            chain_links=frozenset(v.anchor for c in chains for v in c if id(v) in serving),
        )


def _goal_card(
    goal: Goal,
    stats: GoalStats,
    config: Config,
    positions: Mapping[str, Sequence[int]],
    views: Sequence[WinView],
    today: dt.date,
    all_chains: Sequence[tuple[WinView, ...]],
) -> CardMaker:
    at = positions[goal.slug]
    linked: tuple[WinView, ...] = operator.itemgetter(*at)(views) if len(at) > 1 else ()
    if len(at) == 1:
        linked = (views[at[0]],)
    return CardMaker(goal, stats, config.first_weekday, linked, today, all_chains)


def chains_of(views: Sequence[WinView]) -> tuple[tuple[WinView, ...], ...]:
    """Momentum chains (this email led to that call led to that interview), newest first."""
    chains = chain_paths(views, _win_of)  # a C-level getter: called thrice a win
    chains.sort(key=lambda chain: (chain[-1].win.date, chain[-1].anchor), reverse=True)
    return tuple(chains)


_win_of: Callable[[WinView], Win] = operator.attrgetter("win")


def _unaligned(views: Sequence[WinView], vault: Vault) -> tuple[WinView, ...]:
    active = {slug for slug, goal in vault.goals.items() if goal.is_active}
    newest = (v for v in reversed(views) if active.isdisjoint(v.win.goals))
    return tuple(itertools.islice(newest, 10))


def days_with_wins(views: Sequence[WinView], today: dt.date, limit: int) -> tuple[Day, ...]:
    """The latest ``limit`` days up to ``today`` that have wins, newest first; ``views``
    in date order (as a vault's wins are)."""
    grouped: dict[dt.date, list[WinView]] = {}
    for view in reversed(views):  # views are in date order: read from the newest back
        date = view.win.date
        assert date is not None
        if date <= today:
            if date not in grouped:
                if len(grouped) == limit:
                    break
                grouped[date] = []
            grouped[date].append(view)
    return tuple(Day(day, tuple(reversed(found))) for day, found in grouped.items())

"""Rendering the published site: data and Jinja templates in, each file's bytes out
(made piece by piece when written). Nothing here reads or writes the output folder or
the stores; a :class:`RenderMemo` is the only state, and only a long-running process
keeps one. Every HTML and XML template is autoescaped (see
:mod:`wins_md.site.environment`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from wins_md.model import Vault
from wins_md.site.environment import make_environment, stream_template
from wins_md.site.feed import feed_context
from wins_md.site.filters import xml_text
from wins_md.site.inputs import page_inputs
from wins_md.site.problems import NO_PROBLEMS
from wins_md.site.view_memo import ViewMemo
from wins_md.site.views import SiteData, WinView, build_site_data
from wins_md.site.wins_json import win_text, wins_json
from wins_md.stats import StatsMemo, count_stats
from wins_md.store.atomic import utf8_blocks
from wins_md.streaks import rest_days
from wins_md.vault.privacy import PublicMemo, public_vault
from wins_md.vault.splice import SplicedMap


def render_site(
    vault: Vault, today: dt.date, updated: str, *, env: jinja2.Environment | None = None
) -> dict[str, bytes]:
    """Every file of the site, by path inside the output folder."""
    files = site_files(vault, today, updated, env=env)
    return {path: b"".join(make()) for path, make in files.items()}


class RenderMemo:
    """What a long-running process (the watcher) keeps from one build to the next: the
    template environment, the public view, the statistics, each win's view and what
    the pages are made from (patched where the vault's wins changed: see
    :mod:`wins_md.vault.splice`), goal pages whose context is unchanged, and the text
    of each unchanged win in ``wins.json``. Pages are reused only for an equal
    context, and dropped when the settings or the vault's templates change."""

    def __init__(self) -> None:
        self._key: object = None
        self.env: jinja2.Environment | None = None
        self.views = ViewMemo()
        self.public = PublicMemo()
        self.stats = StatsMemo()
        self.pages: dict[str, tuple[object, bytes]] = {}
        self.json_texts: SplicedMap[WinView, str] = SplicedMap()
        self.lines: Lines = {}

    def environment(
        self, key: object, make: Callable[[], jinja2.Environment]
    ) -> jinja2.Environment:
        """The environment kept while ``key`` (the settings and the state of the
        vault's templates) is unchanged; a new one from ``make`` otherwise."""
        if self.env is None or key != self._key:
            self._key = key
            self.use(make())
        assert self.env is not None
        return self.env

    def use(self, env: jinja2.Environment) -> None:
        """Render with ``env`` from now on: pages rendered with another are dropped."""
        if env is not self.env:
            self.env = env
            self.pages.clear()
            self.lines = {}


LINES_PER_PIECE = 256
"""Wins that :class:`WinLines` renders in one piece."""

Lines = dict[tuple[tuple[int, ...], tuple[tuple[str, object], ...]], tuple[object, Markup]]
"""Pieces of win lists by the ids of their views and the options they were rendered
with (the views are kept beside the piece, so an id cannot name another object)."""


class WinLines:
    """``win_lines(views, **options)`` in the site's templates: ``_wins.html`` for the
    wins of ``views`` (its ``views`` variable) with ``options`` as its other variables,
    in pieces of up to :data:`LINES_PER_PIECE` wins. A page streams a few large pieces
    instead of thousands of small ones through every template it extends, and still
    never holds a long list whole.

    Pieces are counted from the end of the list (a goal's oldest win), so a new win
    changes one piece; with ``kept`` (the pieces of a watcher's last build), a piece
    of the same views and options is reused. ``made`` is left holding this build's."""

    def __init__(self, env: jinja2.Environment, kept: Lines | None = None) -> None:
        self._env = env
        self._kept = kept
        self.made: Lines = {}

    def __call__(self, views: Sequence[WinView], **options: object) -> Iterator[Markup]:
        template = self._env.get_template("_wins.html")
        settings = tuple(sorted(options.items()))
        ends = range(len(views), 0, -LINES_PER_PIECE)
        for end in reversed(ends):
            part = tuple(views[max(0, end - LINES_PER_PIECE) : end])
            if self._kept is None:
                yield Markup(template.render(views=part, **options))
                continue
            key = (tuple(map(id, part)), settings)
            found = self.made.get(key) or self._kept.get(key)
            if found is None:
                found = (part, Markup(template.render(views=part, **options)))
            self.made[key] = found
            yield found[1]


@dataclass(frozen=True, slots=True)
class SitePlan:
    """A site before it is written: what its pages show, and each file's maker."""

    data: SiteData
    """What the pages show: ``data.wins`` are the wins of ``wins.json``, in its order,
    and ``data.goals`` its goals."""
    files: dict[str, Callable[[], Iterator[bytes]]]
    """Every file of the site, by path inside the output folder."""
    inputs: dict[str, str]
    """The digest of what each goal page is made from, by path (see
    :mod:`wins_md.site.inputs`); empty unless asked for."""


def site_files(
    vault: Vault,
    today: dt.date,
    updated: str,
    *,
    env: jinja2.Environment | None = None,
    memo: RenderMemo | None = None,
) -> dict[str, Callable[[], Iterator[bytes]]]:
    """Every file of the site, by path, as a function that makes its bytes piece by
    piece: a build streams each file to disk and never holds the whole site.

    Only public content enters (:func:`~wins_md.vault.privacy.public_vault`), as of
    ``today`` (:meth:`~wins_md.model.Vault.as_of`: a later win waits for its day). ``env`` is the
    vault's template environment (made when not given). With a ``memo`` (kept between
    builds), unchanged goal pages and win lines are reused; pass the environment the
    memo keeps (:meth:`RenderMemo.environment`), as a build does, or pages are
    rendered afresh.
    """
    return plan_site(vault, today, updated, env=env, memo=memo).files


def plan_site(
    vault: Vault,
    today: dt.date,
    updated: str,
    *,
    env: jinja2.Environment | None = None,
    memo: RenderMemo | None = None,
    templates: str | None = None,
) -> SitePlan:
    """:func:`site_files`, with the data the files are made from (nothing is rendered
    until a file's maker is called): what a build writes and a preview shows.

    With ``templates`` (a text naming the state of the templates ``env`` reads), the
    plan holds the digest of each goal page's inputs.
    """
    root = Path(vault.root)
    env = env if env is not None else make_environment(root, vault.config)
    if memo is not None:
        memo.use(env)
    data = _site_data(vault.as_of(today), today, updated, memo)

    lines = WinLines(env, memo.lines if memo is not None else None)
    if memo is not None:
        memo.lines = lines.made

    def page(template: str, context: dict[str, object]) -> Callable[[], Iterator[bytes]]:
        context = {**context, "win_lines": lines}
        return lambda: utf8_blocks(stream_template(env, template, context, root))

    def goal_page(path: str, context: dict[str, object]) -> Callable[[], Iterator[bytes]]:
        if memo is None:
            return page("goal.html", context)
        kept = memo.pages.get(path)
        if kept is None or kept[0] != context:
            kept = memo.pages[path] = (context, b"".join(page("goal.html", context)()))
        rendered = kept[1]
        return lambda: iter((rendered,))

    files = {"index.html": page("page.html", {"site": data, "base": ""})}
    for card in data.goals:
        files[card.url] = goal_page(card.url, {"site": data.header, "card": card, "base": "../"})
    if memo is not None:
        for stale in memo.pages.keys() - files.keys():
            del memo.pages[stale]
    feed = feed_context(data)
    # Whatever a win holds, the feed stays well-formed XML.
    files["feed.xml"] = lambda: utf8_blocks(
        map(xml_text, stream_template(env, "feed.xml", feed, root))
    )
    files["wins.json"], inputs = _json_and_inputs(data, memo, templates)
    return SitePlan(data, files, inputs)


def _site_data(vault: Vault, today: dt.date, updated: str, memo: RenderMemo | None) -> SiteData:
    """What the pages show (patched where the vault changed, with a memo)."""
    rest = rest_days(vault, include_private=False)
    if memo is None:
        public = public_vault(vault)
        stats = count_stats(public, today, rest)
    else:
        public = memo.public.public(vault)
        stats = memo.stats.count(public, today, rest)
    views = memo.views if memo is not None else ViewMemo(keep=False)
    # Problems are never published; wins serve adds them to the pages it serves.
    return build_site_data(public, stats, today, updated, NO_PROBLEMS, views)


def _json_and_inputs(
    data: SiteData, memo: RenderMemo | None, templates: str | None
) -> tuple[Callable[[], Iterator[bytes]], dict[str, str]]:
    """The maker of ``wins.json`` (from the wins' texts a memo keeps, or made as it is
    written) and, with ``templates``, the goal pages' input digests."""
    inputs = page_inputs(data, templates) if templates is not None else {}
    if memo is None:
        return lambda: utf8_blocks(wins_json(data)), inputs
    texts = memo.json_texts.update(data.wins, win_text)
    return lambda: utf8_blocks(wins_json(data, texts)), inputs

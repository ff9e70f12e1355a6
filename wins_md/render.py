"""Rendering the published site: Jinja templates and data in, each file's bytes out
(made piece by piece when written). Nothing here writes a file; a :class:`RenderMemo`
is the only state, and only a long-running process keeps one.

Win texts are Markdown rendered with raw HTML off, images off (no request may
leave the page) and markdown-it's link validation (no ``javascript:``,
``vbscript:``, ``file:`` or ``data:`` links); every template is autoescaped.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from . import __version__
from .config import Config
from .jsonfmt import array_pieces, dumps
from .model import Vault
from .pages import (
    FEED_DAYS,
    SiteData,
    ViewMemo,
    WinView,
    build_site_data,
    days_with_wins,
)
from .stamp import tree_state
from .theme import make_environment, stream_template

_REFUSED_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")
_URL_PADDING = "".join(map(chr, range(33)))  # browsers skip leading spaces and controls


class _PublishedMarkdown(MarkdownIt):
    """markdown-it with its link check made stricter: no ``data:`` link at all (markdown-it
    lets ``data:image/...`` through, for images, which a published page never loads)."""

    def validateLink(self, url: str) -> bool:
        return not url.lstrip(_URL_PADDING).lower().startswith(_REFUSED_SCHEMES)


_MD = _PublishedMarkdown("commonmark", {"html": False}).disable(["image"])


_MARKUP_CHARS = frozenset("\\`*_[]<&!\n\r")
"""Characters that can start inline Markdown; text without any renders as itself."""


def inline_markdown(text: str) -> Markup:
    """One line of a win as safe HTML: emphasis, code and safe links; no raw HTML."""
    if _MARKUP_CHARS.isdisjoint(text):
        # Most wins are plain text: skip the inline parser, escape as markdown-it does.
        return Markup(escapeHtml(text))
    return Markup(_MD.renderInline(text))


def number(value: float) -> str:
    """``78,780`` or ``12.5``: thousands grouped, no trailing zeros."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def long_date(day: dt.date) -> str:
    """``Sunday 22 November 2026``."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def render_site(vault: Vault, today: dt.date, updated: str) -> dict[str, bytes]:
    """Every file of the site, by path inside the output folder."""
    files = site_files(vault, today, updated)
    return {path: b"".join(make()) for path, make in files.items()}


class RenderMemo:
    """What a long-running process (the watcher) keeps from one build to the next: the
    template environment, each win's view, goal pages whose context is unchanged, and
    the text of ``wins.json`` for runs of unchanged wins. Pages are reused only for an
    equal context, and everything is dropped when the settings or the vault's
    templates change."""

    def __init__(self) -> None:
        self._key: object = None
        self.env: jinja2.Environment | None = None
        self.views = ViewMemo()
        self.pages: dict[str, tuple[object, bytes]] = {}
        self.json_blocks: JsonBlocks = {}

    def environment(self, root: Path, config: Config) -> jinja2.Environment:
        key = (root, config, tree_state(root / config.templates_dir))
        if self.env is None or key != self._key:
            self._key, self.env = key, _environment(root, config)
            self.pages.clear()
        return self.env


def site_files(
    vault: Vault,
    today: dt.date,
    updated: str,
    memo: RenderMemo | None = None,
) -> dict[str, Callable[[], Iterator[bytes]]]:
    """Every file of the site, by path, as a function that makes its bytes piece by
    piece: a build streams each file to disk and never holds the whole site.

    With a ``memo`` (kept between builds), unchanged goal pages and win lines are reused.
    """
    data = build_site_data(vault, today, updated, memo.views if memo else None)
    root = Path(vault.root)
    env = memo.environment(root, vault.config) if memo else _environment(root, vault.config)

    def page(template: str, context: dict[str, object]) -> Callable[[], Iterator[bytes]]:
        return lambda: _in_blocks(stream_template(env, template, context, root))

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
    files["feed.xml"] = page("feed.xml", _feed_context(data, vault))
    blocks = memo.json_blocks if memo is not None else None
    files["wins.json"] = lambda: _in_blocks(wins_json(data, blocks))
    return files


def _environment(root: Path, config: Config) -> jinja2.Environment:
    env = make_environment(root, config)
    env.filters.update(markdown=inline_markdown, long_date=long_date, number=number)
    env.globals.update(version=__version__)
    return env


def _in_blocks(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[bytes]:
    """Jinja's many small pieces of text as UTF-8 blocks of about ``size`` characters."""
    block: list[str] = []
    length = 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(block).encode("utf-8")
            block, length = [], 0
    if block:
        yield "".join(block).encode("utf-8")


JsonBlocks = dict[tuple[int, ...], tuple[tuple[WinView, ...], str]]
"""The text of runs of wins in ``wins.json``, by the ids of their views (kept alive
beside the text, so an id cannot name another object while it is a key)."""
JSON_BLOCK = 256
"""Wins per run: a change re-encodes its own run (and, when the number of wins
changes, the runs after it)."""


def wins_json(data: SiteData, blocks: JsonBlocks | None = None) -> Iterator[str]:
    """The published wins and goals, in the shape of ``wins_md/wins.schema.json``, piece
    by piece (a vault of a hundred thousand wins makes a file of tens of megabytes).

    ``blocks`` keeps the text of each run of :data:`JSON_BLOCK` wins between builds,
    reused while the run's views are the same objects (see :class:`ViewMemo`); it is
    left holding this build's.
    """
    kept = blocks if blocks is not None else {}
    made: JsonBlocks = {}

    def block(start: int) -> str:
        views = data.wins[start : start + JSON_BLOCK]
        key = tuple(map(id, views))
        found = kept.get(key)
        if found is None:
            text = ",\n    ".join(dumps(view.win.to_json()) for view in views)
            found = (views, _html_safe(text))
        if blocks is not None:
            made[key] = found
        return found[1]

    yield _html_safe(
        f'{{\n  "version": 1,\n  "title": {dumps(data.title)},\n'
        f'  "updated": {dumps(data.updated)},\n  "wins": '
    )
    separator = "[\n    "
    for start in range(0, len(data.wins), JSON_BLOCK):
        yield separator
        yield block(start)
        separator = ",\n    "
    yield "[]" if separator == "[\n    " else "\n  ]"
    yield ',\n  "goals": '
    for piece in array_pieces((card.stats.to_json() for card in data.goals), "  "):
        yield _html_safe(piece)
    yield "\n}\n"
    if blocks is not None:
        blocks.clear()
        blocks.update(made)


def _html_safe(text: str) -> str:
    """``<``, ``>`` and ``&`` only occur inside JSON strings, where their escapes read
    back the same; escaped, the file holds no markup even if a browser sniffs it as HTML."""
    if "<" in text or ">" in text or "&" in text:
        text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return text


def _feed_context(data: SiteData, vault: Vault) -> dict[str, object]:
    """One entry per day with wins (the latest ``FEED_DAYS``), newest first. Atom ids are
    URNs derived from the vault's title and the day, so rebuilds never change them."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"wins-md:{vault.config.title}")
    feed_days = days_with_wins(data.wins, data.today, FEED_DAYS)
    on_page = {day.date for day in data.recent}
    days = [
        {
            "day": day,
            "id": f"urn:uuid:{uuid.uuid5(namespace, day.date.isoformat())}",
            "link": f"index.html#day-{day.date.isoformat()}"
            if day.date in on_page
            else "index.html",
        }
        for day in feed_days
    ]
    newest = feed_days[0].date if feed_days else data.today
    return {
        "site": data,
        "feed_id": f"urn:uuid:{namespace}",
        "days": days,
        "feed_updated": newest.isoformat(),
    }


def schema_path() -> Path:
    """The JSON Schema of ``wins.json``, shipped in the package."""
    return Path(__file__).parent / "wins.schema.json"

"""Rendering the published site: Jinja templates and data in, ``{path: bytes}`` out. Pure.

Win texts are Markdown rendered with raw HTML off, images off (no request may
leave the page) and markdown-it's link validation (no ``javascript:``,
``vbscript:``, ``file:`` or ``data:`` links); every template is autoescaped.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from . import __version__
from .jsonfmt import array_pieces, dumps
from .model import Vault
from .pages import FEED_DAYS, SiteData, build_site_data, days_with_wins
from .theme import check_templates, make_environment, stream_template

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


def long_date(day: dt.date) -> str:
    """``Sunday 22 November 2026``."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def render_site(vault: Vault, today: dt.date, updated: str) -> dict[str, bytes]:
    """Every file of the site, by path inside the output folder."""
    files = site_files(vault, today, updated)
    return {path: b"".join(make()) for path, make in files.items()}


def site_files(vault: Vault, today: dt.date, updated: str
               ) -> dict[str, Callable[[], Iterator[bytes]]]:
    """Every file of the site, by path, as a function that makes its bytes piece by
    piece: a build streams each file to disk and never holds the whole site."""
    data = build_site_data(vault, today, updated)
    env = make_environment(Path(vault.root), vault.config)
    env.filters.update(markdown=inline_markdown, long_date=long_date)
    env.globals.update(version=__version__)
    root = Path(vault.root)
    check_templates(env, ("page.html", "goal.html", "feed.xml"), root)

    def page(template: str, context: dict[str, object]) -> Callable[[], Iterator[bytes]]:
        return lambda: _in_blocks(stream_template(env, template, context, root))

    files = {"index.html": page("page.html", {"site": data, "base": ""})}
    for card in data.goals:
        files[card.url] = page("goal.html", {"site": data, "card": card, "base": "../"})
    files["feed.xml"] = page("feed.xml", _feed_context(data, vault))
    files["wins.json"] = lambda: _in_blocks(wins_json(data))
    return files


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


def wins_json(data: SiteData) -> Iterator[str]:
    """The published wins and goals, in the shape of ``wins_md/wins.schema.json``, piece
    by piece (a vault of a hundred thousand wins makes a file of tens of megabytes)."""
    yield _html_safe(f'{{\n  "version": 1,\n  "title": {dumps(data.title)},\n'
                     f'  "updated": {dumps(data.updated)},\n  "wins": ')
    for piece in array_pieces((view.win.to_json() for view in data.wins), "  "):
        yield _html_safe(piece)
    yield ',\n  "goals": '
    for piece in array_pieces((card.stats.to_json() for card in data.goals), "  "):
        yield _html_safe(piece)
    yield "\n}\n"


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
        {"day": day, "id": f"urn:uuid:{uuid.uuid5(namespace, day.date.isoformat())}",
         "link": f"index.html#day-{day.date.isoformat()}" if day.date in on_page else "index.html"}
        for day in feed_days
    ]
    newest = feed_days[0].date if feed_days else data.today
    return {"site": data, "feed_id": f"urn:uuid:{namespace}", "days": days,
            "feed_updated": newest.isoformat()}


def schema_path() -> Path:
    """The JSON Schema of ``wins.json``, shipped in the package."""
    return Path(__file__).parent / "wins.schema.json"


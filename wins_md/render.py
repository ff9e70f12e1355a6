"""Rendering the published site: Jinja templates and data in, ``{path: bytes}`` out. Pure.

Win texts are Markdown rendered with raw HTML off, images off (no request may
leave the page) and markdown-it's link validation (no ``javascript:``,
``vbscript:``, ``file:`` or ``data:`` links); every template is autoescaped.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from . import __version__
from .model import Vault
from .pages import SiteData, build_site_data
from .theme import make_environment, render_template

_MD = MarkdownIt("commonmark", {"html": False}).disable(["image"])


def inline_markdown(text: str) -> Markup:
    """One line of a win as safe HTML: emphasis, code and safe links; no raw HTML."""
    return Markup(_MD.renderInline(text))  # noqa: S704 - markdown-it escapes all HTML


def long_date(day: dt.date) -> str:
    """``Sunday 22 November 2026``."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def render_site(vault: Vault, today: dt.date, updated: str) -> dict[str, bytes]:
    """Every file of the site, by path inside the output folder."""
    data = build_site_data(vault, today, updated)
    env = make_environment(Path(vault.root), vault.config)
    env.filters.update(markdown=inline_markdown, long_date=long_date)
    env.globals.update(version=__version__)
    root = Path(vault.root)
    files = {"index.html": render_template(env, "page.html", {"site": data, "base": ""}, root)}
    for card in data.goals:
        context = {"site": data, "card": card, "base": "../"}
        files[card.url] = render_template(env, "goal.html", context, root)
    files["feed.xml"] = render_template(env, "feed.xml", _feed_context(data, vault), root)
    pages = {path: text.encode("utf-8") for path, text in files.items()}
    pages["wins.json"] = wins_json(data).encode("utf-8")
    return pages


def wins_json(data: SiteData) -> str:
    """The published wins and goals, in the shape of ``wins_md/wins.schema.json``."""
    document = {
        "version": 1,
        "title": data.title,
        "updated": data.updated,
        "wins": [view.win.to_json() for view in data.wins],
        "goals": [card.stats.to_json() for card in data.goals],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _feed_context(data: SiteData, vault: Vault) -> dict[str, object]:
    """Atom ids are stable URNs derived from the vault's title, so they never change."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"wins-md:{vault.config.title}")
    days = [
        {"day": day, "id": f"urn:uuid:{uuid.uuid5(namespace, day.date.isoformat())}"}
        for day in data.recent
    ]
    return {"site": data, "feed_id": f"urn:uuid:{namespace}", "days": days,
            "feed_updated": data.recent[0].date.isoformat() if data.recent else "1970-01-01"}


def schema_path() -> Path:
    """The JSON Schema of ``wins.json``, shipped in the package."""
    return Path(__file__).parent / "wins.schema.json"


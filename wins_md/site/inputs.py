"""What each goal page is made from, as a digest. A build that finds a page's digest
unchanged since the last one, and the page on disk as that build wrote it, keeps the
page without rendering it (see :func:`~wins_md.site.writer.write_site`). Pure.

A digest covers the page's whole context (any template may show any of it), written
out deterministically: everything as its ``repr`` (frozen dataclasses, tuples, dates
and strings, each of which prints all it holds), sets sorted, piece by piece so that
no page's text is ever held whole. Equal digests mean equal contexts; a context that
merely prints differently (say, another process's order of a set) costs a render.
"""

from __future__ import annotations

import dataclasses
import hashlib

from wins_md.site.views import GoalCard, SiteData, WinView


def page_inputs(data: SiteData, templates: str, page: str = "goal.html") -> dict[str, str]:
    """The digest of each goal page's context, by path; ``templates`` names the state
    of the templates (anything that changes how a context is rendered)."""
    start = f"{templates}\0{page}\0{data.header!r}\0"
    return {card.url: _card_digest(start, card) for card in data.goals}


def _card_digest(start: str, card: GoalCard) -> str:
    digest = hashlib.sha256(_encoded(start))
    for field in dataclasses.fields(card):
        value = getattr(card, field.name)
        digest.update(_encoded(f"\0{field.name}\0"))
        if field.name == "wins":
            _add_views(digest, value)
        elif field.name == "chains":
            for chain in value:
                _add_views(digest, chain)
                digest.update(b"\0")
        elif isinstance(value, frozenset | set):
            digest.update(_encoded(repr(sorted(value, key=repr))))
        else:
            digest.update(_encoded(repr(value)))
    return digest.hexdigest()


def _add_views(digest: hashlib._Hash, views: tuple[WinView, ...]) -> None:
    for view in views:
        digest.update(_encoded(repr(view)))


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")

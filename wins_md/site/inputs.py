"""What each goal page is made from, as a digest. A build that finds a page's digest
unchanged since the last one, and the page on disk as that build wrote it, keeps the
page without rendering it (see :func:`~wins_md.site.writer.write_site`). Pure.

A digest covers the page's whole context (any template may show any of it), written
out deterministically: each win as its ``wins.json`` text (made once for both) plus
what that text leaves out, everything else as its ``repr``, sets sorted. Equal digests
mean equal contexts; a context that merely looks different (say, another process's
order of a set) only costs a render.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence

from wins_md.jsonfmt import dumps
from wins_md.model import Win
from wins_md.site.views import GoalCard, SiteData, SiteHeader, WinView

_JSON_LEAVES_OUT = tuple(
    field.name
    for field in dataclasses.fields(Win)
    if field.name not in Win(None, "", "", (), (), {}, None, (), "", 1, False).to_json()
)
"""Win fields ``wins.json`` does not hold (``setback``), added to a win's digest text."""


def page_inputs(
    data: SiteData, texts: Sequence[str], templates: str, page: str = "goal.html"
) -> dict[str, str]:
    """The digest of each goal page's context, by path: ``templates`` names the
    templates' state (anything that changes how a context is rendered); ``texts``
    are :func:`~wins_md.site.wins_json.win_texts` of ``data.wins``."""
    by_view = {id(view): text for view, text in zip(data.wins, texts, strict=True)}
    refs: dict[int, str] = {}

    def view_text(view: WinView) -> str:
        text = by_view.get(id(view))
        if text is None:  # not among the published wins: never the case today
            text = dumps(view.win.to_json())
        goals = refs.get(id(view.goals))
        if goals is None:
            goals = refs[id(view.goals)] = repr(view.goals)
        extra = [getattr(view.win, name) for name in _JSON_LEAVES_OUT]
        return f"{view.anchor}\0{goals}\0{extra!r}\0{text}\n"

    start = f"{templates}\0{page}\0{_header_text(data.header)}\0"
    return {card.url: _card_digest(start, card, view_text) for card in data.goals}


def _header_text(header: SiteHeader) -> str:
    return repr(header)


def _card_digest(start: str, card: GoalCard, view_text: Callable[[WinView], str]) -> str:
    digest = hashlib.sha256(start.encode("utf-8"))
    for field in dataclasses.fields(card):
        value = getattr(card, field.name)
        digest.update(f"\0{field.name}\0".encode())
        if field.name == "wins":
            digest.update("".join(map(view_text, value)).encode("utf-8"))
        elif field.name == "chains":
            for chain in value:
                digest.update(("".join(map(view_text, chain)) + "\0").encode("utf-8"))
        elif isinstance(value, frozenset | set):
            digest.update(repr(sorted(value, key=repr)).encode("utf-8"))
        else:
            digest.update(repr(value).encode("utf-8"))
    return digest.hexdigest()

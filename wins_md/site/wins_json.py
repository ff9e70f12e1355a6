"""``wins.json``: the published wins and goals, in the shape of
``wins_md/wins.schema.json``, one win per line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from wins_md.jsonfmt import array_pieces, dumps

if TYPE_CHECKING:  # an export writes wins.json without the site's views
    from wins_md.site.views import SiteData, WinView

JSON_BLOCK = 256
"""Wins per piece of ``wins.json``."""


def win_text(view: WinView) -> str:
    """A win's JSON object as ``wins.json`` holds it."""
    return dumps(view.win.to_json())


def wins_json(data: SiteData, texts: Sequence[str] | None = None) -> Iterator[str]:
    """The published wins and goals, in the shape of ``wins_md/wins.schema.json``, piece
    by piece (a vault of a hundred thousand wins makes a file of tens of megabytes).
    ``texts`` are the wins' :func:`win_text` when already made."""

    def run(start: int) -> str:
        if texts is not None:
            return win_run(texts[start : start + JSON_BLOCK])
        views = data.wins[start : start + JSON_BLOCK]
        return win_run(dumps(view.win.to_json()) for view in views)

    yield from document_pieces(
        data.title,
        data.updated,
        map(run, range(0, len(data.wins), JSON_BLOCK)),
        (card.stats.to_json() for card in data.goals),
    )


def document_pieces(
    title: str, updated: str, runs: Iterable[str], goals: Iterable[dict[str, object]]
) -> Iterator[str]:
    """``wins.json`` piece by piece: the header, the wins given as ``runs`` of their JSON
    objects (each run made with :func:`win_run`), and the goals' JSON objects."""
    yield html_safe(
        f'{{\n  "version": 1,\n  "title": {dumps(title)},\n'
        f'  "updated": {dumps(updated)},\n  "wins": '
    )
    separator = "[\n    "
    for run in runs:
        yield separator
        yield run
        separator = ",\n    "
    yield "[]" if separator == "[\n    " else "\n  ]"
    yield ',\n  "goals": '
    for piece in array_pieces(goals, "  "):
        yield html_safe(piece)
    yield "\n}\n"


def win_run(objects: Iterable[str]) -> str:
    """A run of wins' JSON objects as ``wins.json`` holds them."""
    return html_safe(",\n    ".join(objects))


def html_safe(text: str) -> str:
    """``<``, ``>`` and ``&`` only occur inside JSON strings, where their escapes read
    back the same; escaped, the file holds no markup even if a browser sniffs it as HTML."""
    if "<" in text or ">" in text or "&" in text:
        text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return text

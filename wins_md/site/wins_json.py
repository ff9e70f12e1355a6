"""``wins.json``: the published wins and goals, in the shape of
``wins_md/wins.schema.json``, one win per line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from wins_md.jsonfmt import array_pieces, dumps

if TYPE_CHECKING:  # an export writes wins.json without the site's views
    from wins_md.site.views import SiteData, WinView

JsonBlocks = dict[tuple[int, ...], tuple[tuple["WinView", ...], str]]
"""The text of runs of wins in ``wins.json``, by the ids of their views (kept alive
beside the text, so an id cannot name another object while it is a key)."""
JSON_BLOCK = 256
"""Wins per run: a change re-encodes its own run (and, when the number of wins
changes, the runs after it)."""


def wins_json(
    data: SiteData, blocks: JsonBlocks | None = None, texts: Sequence[str] | None = None
) -> Iterator[str]:
    """The published wins and goals, in the shape of ``wins_md/wins.schema.json``, piece
    by piece (a vault of a hundred thousand wins makes a file of tens of megabytes).

    ``blocks`` keeps the text of each run of :data:`JSON_BLOCK` wins between builds,
    reused while the run's views are the same objects (see :class:`ViewMemo`); it is
    left holding this build's. ``texts`` are the wins' JSON objects when already made.
    """
    kept = blocks if blocks is not None else {}
    made: JsonBlocks = {}

    def block(start: int) -> str:
        if texts is not None:
            return win_run(texts[start : start + JSON_BLOCK])
        views = data.wins[start : start + JSON_BLOCK]
        key = tuple(map(id, views))
        found = kept.get(key)
        if found is None:
            found = (views, win_run(dumps(view.win.to_json()) for view in views))
        if blocks is not None:
            made[key] = found
        return found[1]

    yield from document_pieces(
        data.title,
        data.updated,
        map(block, range(0, len(data.wins), JSON_BLOCK)),
        (card.stats.to_json() for card in data.goals),
    )
    if blocks is not None:
        blocks.clear()
        blocks.update(made)


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

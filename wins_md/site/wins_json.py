"""``wins.json``: the published wins and goals, in the shape of
``wins_md/wins.schema.json``, one win per line."""

from __future__ import annotations

from collections.abc import Iterator

from wins_md.jsonfmt import array_pieces, dumps
from wins_md.site.views import SiteData, WinView

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
            found = (views, html_safe(text))
        if blocks is not None:
            made[key] = found
        return found[1]

    yield html_safe(
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
        yield html_safe(piece)
    yield "\n}\n"
    if blocks is not None:
        blocks.clear()
        blocks.update(made)


def html_safe(text: str) -> str:
    """``<``, ``>`` and ``&`` only occur inside JSON strings, where their escapes read
    back the same; escaped, the file holds no markup even if a browser sniffs it as HTML."""
    if "<" in text or ">" in text or "&" in text:
        text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return text

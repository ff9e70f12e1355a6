"""``json``: the site's ``wins.json`` (``wins_md/wins.schema.json``) for the wins
chosen, with every goal's progress; for ``wins list``, the array of SPEC section 6."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from wins_md.export.base import ListedExporter
from wins_md.query import Listing
from wins_md.store.atomic import utf8_blocks


class JsonExporter(ListedExporter):
    name = "json"
    needs_goals = True

    def chunks(self) -> Iterator[bytes]:
        from wins_md.site.moment import updated_label
        from wins_md.site.wins_json import JSON_BLOCK, document_pieces, win_run

        data = self.data
        lines = data.listing.json_lines()
        runs = iter(lambda: win_run(itertools.islice(lines, JSON_BLOCK)), "")
        goals = (goal.to_json() for goal in data.goals)
        updated = updated_label(data.today)
        return utf8_blocks(document_pieces(data.config.title, updated, runs, goals))

    @classmethod
    def listing_text(cls, listing: Listing) -> str:
        return listing.as_json() + "\n"

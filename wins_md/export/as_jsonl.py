"""``jsonl``: one win per line, each the object of ``wins list --format json`` (the
``win`` of ``wins.schema.json``): for ``jq``, DuckDB's ``read_json`` and streaming."""

from __future__ import annotations

from collections.abc import Iterator

from wins_md.export.base import ListedExporter
from wins_md.query import Listing
from wins_md.store.atomic import utf8_blocks


class JsonLinesExporter(ListedExporter):
    name = "jsonl"

    def chunks(self) -> Iterator[bytes]:
        return utf8_blocks(line + "\n" for line in self.data.listing.json_lines())

    @classmethod
    def listing_text(cls, listing: Listing) -> str:
        return "".join(line + "\n" for line in listing.json_lines())

"""``csv``: one row per win, lists joined with ``;`` and fields as a JSON object, so a
spreadsheet opens it with one cell per value.

An export for spreadsheets neutralises formulas (OWASP's advice on CSV injection): a
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading ``'``, so a win such as ``=HYPERLINK(...)`` is shown as text, never run.
``wins list --format csv`` prints the cells as they are (SPEC section 6).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from wins_md.export.base import ListedExporter
from wins_md.query import Listing
from wins_md.store.atomic import utf8_blocks

COLUMNS = (
    "date",
    "title",
    "text",
    "tags",
    "goals",
    "fields",
    "id",
    "follows",
    "file",
    "line",
    "private",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_CELLS = tuple(
    number for number, name in enumerate(COLUMNS) if name not in ("date", "line", "private")
)
"""The cells that hold text as written (a date, a line number and a flag cannot start
a formula)."""
ROWS_PER_PIECE = 512


class CsvExporter(ListedExporter):
    name = "csv"

    def chunks(self) -> Iterator[bytes]:
        return utf8_blocks(csv_pieces(self.data.listing.records(), neutralise=True))

    @classmethod
    def listing_text(cls, listing: Listing) -> str:
        return "".join(csv_pieces(listing.records(), neutralise=False))


def csv_pieces(records: Iterable[dict[str, Any]], *, neutralise: bool) -> Iterator[str]:
    """The header and the rows of the wins given as their JSON objects, some rows at a
    time; with ``neutralise``, no cell starts a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, record in enumerate(records, 1):
        row = _cells(record)
        if neutralise:
            for cell in TEXT_CELLS:
                text = row[cell]
                if isinstance(text, str) and text.startswith(FORMULA_STARTS):
                    row[cell] = "'" + text
        writer.writerow(row)
        if number % ROWS_PER_PIECE == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _cells(record: dict[str, Any]) -> list[object]:
    fields = record["fields"]
    record["tags"] = ";".join(record["tags"])
    record["goals"] = ";".join(record["goals"])
    record["follows"] = ";".join(record["follows"])
    record["fields"] = json.dumps(fields, ensure_ascii=False) if fields else ""
    record["private"] = "true" if record["private"] else "false"
    return ["" if record[column] is None else record[column] for column in COLUMNS]

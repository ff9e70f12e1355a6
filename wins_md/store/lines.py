"""The one record format of the stores: a header line, record lines, and a trailer line
with the number of records and their CRC-32, so a truncated or damaged file is known."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator


class StoreError(ValueError):
    """A store file or record that cannot be trusted."""


def trailer(count: int, crc: int) -> bytes:
    """The trailer line closing ``count`` record lines whose CRC-32 is ``crc``."""
    return b'{"lines":%d,"crc":%d}\n' % (count, crc)


def with_trailer(records: Iterable[bytes]) -> Iterator[bytes]:
    """``records`` (each ending in a newline), then the trailer that checks them."""
    crc = count = 0
    for record in records:
        crc, count = zlib.crc32(record, crc), count + 1
        yield record
    yield trailer(count, crc)


def check_trailer(line: bytes, count: int, crc: int) -> None:
    """Raise :class:`StoreError` unless ``line`` is the trailer of these records."""
    try:
        found = json.loads(line)
    except (ValueError, RecursionError):
        found = None
    if found != {"lines": count, "crc": crc}:
        raise StoreError("it is corrupt (truncated or damaged: checksum mismatch)")


def check_body(data: bytes, start: int, end: int) -> None:
    """Check the records in ``data[start:end]`` against the trailer line at ``end``."""
    body = memoryview(data)[start:end]  # checked without a copy
    check_trailer(data[end:], data.count(b"\n", start, end), zlib.crc32(body))

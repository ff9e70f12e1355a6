"""The one record format of the stores: a header line, record lines, and a trailer line
with the number of records and their CRC-32, so a truncated or damaged file is known.

The parse cache and the list index are kept gzip-compressed (``zcat`` shows their
lines): their JSON repeats itself so much that zlib's fastest level makes it five
times smaller, for about a tenth of the time their lines take to decode.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

_GZIP = 31
"""zlib's ``wbits`` for a gzip stream."""
_LEVEL = 1
_BLOCK = 1 << 16


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


def packed(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` as one gzip stream, compressed as they come."""
    packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, _GZIP)
    for chunk in chunks:
        out = packer.compress(chunk)
        if out:
            yield out
    yield packer.flush()


def unpacked(data: bytes) -> bytes:
    """The bytes a gzip stream holds (StoreError when it is not one, whole)."""
    return b"".join(_unpack(iter((data,))))


def unpacked_lines(handle: BinaryIO) -> Iterator[bytes]:
    """The lines (each with its newline, but perhaps the last) of the gzip stream in
    ``handle``, read a block at a time; StoreError when it is not one, whole."""
    parts: list[bytes] = []  # of a line not ended yet (one note's record may be long)
    for block in _unpack(iter(lambda: handle.read(_BLOCK), b"")):
        if b"\n" not in block:
            parts.append(block)
            continue
        lines = block.split(b"\n")
        lines[0] = b"".join([*parts, lines[0]])
        parts = [lines.pop()]
        for line in lines:
            yield line + b"\n"
    rest = b"".join(parts)
    if rest:
        yield rest


def _unpack(blocks: Iterator[bytes]) -> Iterator[bytes]:
    unpacker = zlib.decompressobj(_GZIP)
    try:
        for block in blocks:
            yield unpacker.decompress(block)
    except zlib.error:
        raise StoreError("it is corrupt (not compressed as wins-md writes it)") from None
    if not unpacker.eof or unpacker.unused_data:
        raise StoreError("it is corrupt (truncated or damaged: the compressed data is cut)")

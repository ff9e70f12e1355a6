"""Reading and writing the compressed stores under ``.wins/`` as their lines, so that
a test can damage or forge what they hold."""

from __future__ import annotations

import gzip
from pathlib import Path


def read_store(path: Path) -> bytes:
    """The lines a store file holds (it is gzip-compressed)."""
    return gzip.decompress(path.read_bytes())


def write_store(path: Path, data: bytes) -> None:
    """Replace a store file with ``data``, compressed as wins-md writes it."""
    path.write_bytes(gzip.compress(data))

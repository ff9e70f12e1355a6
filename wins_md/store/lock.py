"""Exclusive locks on files: the vault's lock, and the locks of single stores.

Every write wins-md makes to a user's files or the output folder happens under the
vault's lock (``.wins/lock``), so two commands never interleave a read-modify-write.
A store that is saved while the vault lock may already be held by the same process
(the parse cache, written during a build) takes a lock file of its own: a second
lock on the same file from one process would wait for itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from wins_md.errors import WinsError
from wins_md.store.folder import StoreFolderError, make_store_folder


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) while the block runs; the
    operating system releases it if the process dies."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextlib.contextmanager
def vault_lock(root: Path) -> Iterator[None]:
    """Hold the vault's exclusive lock (``.wins/lock``) while the block runs."""
    try:
        folder = make_store_folder(root)
    except StoreFolderError as error:
        raise WinsError(str(error)) from None
    with file_lock(folder / "lock"):
        yield


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:  # LK_LOCK gives up after 10 seconds; keep waiting
                continue
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)

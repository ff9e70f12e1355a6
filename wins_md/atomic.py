"""Writing users' files safely: one lock per vault, atomic replacement, no temp file left.

A file is written to a hidden temp file next to it (``.name.XXXX.wins-tmp``: never
a ``.md`` file, so the vault reader never sees it), flushed to disk, then moved
over the old one with ``os.replace``: a reader or a crash sees the old file or the
new one, never half of one. A temp file left by a crash is removed by the next
write into the same folder, under the vault lock.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOCK_DIR = ".wins"
TEMP_SUFFIX = ".wins-tmp"


@contextlib.contextmanager
def vault_lock(root: Path) -> Iterator[None]:
    """Hold the vault's exclusive lock (``.wins/lock``) while the block runs.

    Every wins-md write happens under it, so two commands never interleave a
    read-modify-write; the operating system releases it if the process dies.
    """
    folder = Path(root) / LOCK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# wins-md's lock; nothing to keep\n*\n", encoding="utf-8")
    fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


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


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Replace (or create) ``path`` with ``data`` atomically, keeping its mode.

    With ``exclusive``, raise ``FileExistsError`` rather than replace a file.
    Call it under :func:`vault_lock`: it removes temp files other writes left.
    """
    target = Path(os.path.realpath(path))  # write through a symlink, keep the link
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(folder)
    if exclusive and target.exists():
        raise FileExistsError(str(path))
    mode = _mode_of(target)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        _publish(Path(temp), target, exclusive)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _sync_folder(folder)


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete the temp files a killed writer left in ``folder``; return them."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _mode_of(target: Path) -> int:
    """The file's permission bits, or what a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _publish(temp: Path, target: Path, exclusive: bool) -> None:
    if not exclusive:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)  # fails, rather than replaces, when the target exists
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the vault lock still guards us
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(temp, target)
        return
    os.unlink(temp)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

"""Writing users' files safely: one lock per vault, atomic replacement, no temp file left.

A file is written to a hidden temp file next to it (``.name.<random>.wins-tmp``: never
a ``.md`` file, so the vault reader never sees it), flushed to disk, then moved
over the old one with ``os.replace``: a reader or a crash sees the old file or the
new one, never half of one. A temp file left by a crash is removed by the next
write into the same folder, under the vault lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
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


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False, durable: bool = True) -> None:
    """Replace (or create) ``path`` with ``data`` atomically, keeping its mode.

    With ``exclusive``, raise ``FileExistsError`` rather than replace a file; without
    ``durable``, do not wait for the disk (see :func:`stage_file`).
    Call it under :func:`vault_lock`: it removes temp files other writes left.
    """
    target = Path(os.path.realpath(path))  # write through a symlink, keep the link
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target.parent)
    if exclusive and target.exists():
        raise FileExistsError(str(path))
    temp, _ = stage_file(target, (data,), durable=durable)
    try:
        _publish(temp, target, exclusive)
    except BaseException:
        discard(temp)
        raise
    if durable:
        _sync_folder(target.parent)


def stage_file(target: Path, chunks: Iterable[bytes], *, durable: bool = True) -> tuple[Path, str]:
    """Write ``chunks`` to a temp file beside ``target`` with the target's mode; the temp
    file's path and the SHA-256 of what it holds. ``durable`` flushes it to the disk
    first (a user's note; a generated file that can be made again need not wait).
    Nothing is left behind when writing fails (a chunk may come from a renderer that
    raises)."""
    mode = _mode_of(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    temp = Path(name)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.chmod(temp, mode)
    except BaseException:
        discard(temp)
        raise
    return temp, digest.hexdigest()


def replace_staged(temp: Path, target: Path) -> None:
    """Move a staged file over ``target`` (see :func:`stage_file`)."""
    os.replace(temp, target)


def discard(temp: Path) -> None:
    """Remove a staged file that will not be published."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)


def is_temp_name(name: str) -> bool:
    """True for the name of a temp file wins-md writes (and removes)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete the temp files a killed writer left in ``folder``; return them."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if is_temp_name(entry.name):
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

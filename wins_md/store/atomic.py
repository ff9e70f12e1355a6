"""Replacing files atomically, with no temp file left behind.

A file is written to a hidden temp file next to it (``.name.<random>.wins-tmp``: never
a ``.md`` file, so the vault reader never sees it), flushed to disk, then moved
over the old one with ``os.replace``: a reader or a crash sees the old file or the
new one, never half of one. A temp file a crash left is removed by the next write of
the same file (which its writer makes under a lock: the vault's, or the store's own).
This is the one writer of every file wins-md replaces: notes, the output folder and
everything under ``.wins/``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

TEMP_SUFFIX = ".wins-tmp"


def utf8_blocks(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[bytes]:
    """Many small pieces of text (Jinja's, a JSON document's) as UTF-8 blocks of about
    ``size`` characters, for :func:`write_atomic` to write."""
    block: list[str] = []
    length = 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(block).encode("utf-8")
            block, length = [], 0
    if block:
        yield "".join(block).encode("utf-8")


def write_atomic(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    exclusive: bool = False,
    durable: bool = True,
    sweep: bool = False,
    new_mode: int | None = None,
) -> None:
    """Replace (or create) ``path`` with ``data`` (bytes, or chunks of them) atomically,
    keeping its mode.

    With ``exclusive``, raise ``FileExistsError`` rather than replace a file; without
    ``durable``, do not wait for the disk (see :func:`stage_file`). Call it under the
    lock that guards ``path``: it removes the temp files an earlier write of the same
    file left, and with ``sweep`` those of every file in the folder (only under the
    vault lock, in a folder no other writer uses). ``new_mode`` is the mode of a file
    that does not exist yet (default: what the umask gives).
    """
    target = Path(os.path.realpath(path))  # write through a symlink, keep the link
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target.parent, None if sweep else target.name)
    if exclusive and target.exists():
        raise FileExistsError(str(path))
    chunks = (data,) if isinstance(data, bytes) else data
    temp, _ = stage_file(target, chunks, durable=durable, new_mode=new_mode)
    try:
        _publish(temp, target, exclusive)
    except BaseException:
        discard(temp)
        raise
    if durable:
        _sync_folder(target.parent)


def stage_file(
    target: Path, chunks: Iterable[bytes], *, durable: bool = True, new_mode: int | None = None
) -> tuple[Path, str]:
    """Write ``chunks`` to a temp file beside ``target`` with the target's mode (or
    ``new_mode`` when there is no target yet); the temp file's path and the SHA-256 of
    what it holds. ``durable`` flushes it to the disk
    first (a user's note; a generated file that can be made again need not wait).
    Nothing is left behind when writing fails (a chunk may come from a renderer that
    raises)."""
    import hashlib  # imported when writing: a query that only reads never needs them
    import tempfile

    mode = _mode_of(target, new_mode)
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


def replace_staged(temp: Path, target: Path, *, durable: bool = False) -> None:
    """Move a staged file over ``target`` (see :func:`stage_file`); ``durable`` also
    waits for the disk to record the move."""
    os.replace(temp, target)
    if durable:
        _sync_folder(target.parent)


def discard(temp: Path) -> None:
    """Remove a staged file that will not be published."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)


def is_temp_name(name: str, target: str | None = None) -> bool:
    """True for the name of a temp file wins-md writes (and removes); with ``target``,
    only for a temp file of the file of that name."""
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return False
    if target is None:
        return True
    prefix = f".{target}."
    # The random part tempfile adds has no dot: ``.a.md.x.<random>`` is another file's.
    return name.startswith(prefix) and "." not in name[len(prefix) : -len(TEMP_SUFFIX)]


def is_legacy_temp_name(name: str, target: str) -> bool:
    """True for a temp file that wins-md 0.1's store writer left (``<target>.<random>.tmp``)
    when it was killed: removed by the next write of the same store."""
    prefix = f"{target}."
    return name.startswith(prefix) and name.endswith(".tmp") and "." not in name[len(prefix) : -4]


def remove_stale_temps(folder: Path, target: str | None = None) -> list[Path]:
    """Delete the temp files a killed writer left in ``folder`` (only those of the file
    named ``target`` when given: another file's writer may be busy); return them."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if is_temp_name(entry.name, target) or (
                target is not None and is_legacy_temp_name(entry.name, target)
            ):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _mode_of(target: Path, new_mode: int | None) -> int:
    """The file's permission bits, or what a new file gets (``new_mode``, else what the
    umask gives)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        if new_mode is not None:
            return new_mode
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

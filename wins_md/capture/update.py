"""Changing a note that another program may be writing at the same moment: an editor's
autosave, a sync tool bringing the phone's copy, a script appending lines.

The vault lock keeps wins-md's own writers apart, but other programs take no lock.
:func:`update_file` reads the note through a descriptor it keeps open, writes the new
text to a temp file, and replaces the note only when its name still leads to the file
that was read, and that file still holds what was read (more may have been appended).
Otherwise it reads the note again and makes its change again, :data:`ATTEMPTS` times
at most. After the replace, what was appended to the old file since it was read is
appended to the new one, and the old file is watched until it has been quiet for
:data:`SETTLE` seconds, for a program that opened it before the replace and writes a
moment after; if it was rewritten instead, the change is made again on its new text.
Only a program that saves its own copy over the note in the
microseconds between the last check and the replace, or that keeps the old file open
and writes to it later than :data:`SETTLE` seconds after the replace, can still lose
a write. Windows cannot replace a file that is held open: there the old file is
closed before the replace and nothing is carried over.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from wins_md.errors import WinsError
from wins_md.files import NotRegularFileError, open_regular
from wins_md.store.atomic import discard, remove_stale_temps, replace_staged, stage_file

ATTEMPTS = 5
"""How many times the change is made again on a note that changed meanwhile."""
SETTLE = 0.02
"""Seconds the replaced file must stay unchanged before it is let go."""
_POLL = 0.002
_KEEP_OPEN = os.name == "posix"

State = tuple[int, int, int, int, int]
"""``(device, inode, size, mtime_ns, ctime_ns)`` of an open file."""


class _Read(NamedTuple):
    handle: BinaryIO
    seen: bytes
    """What the file held when it was read."""
    base: bytes
    """The text the change is made on: ``seen``, or what replaces it."""
    state: State


def update_file(
    path: Path, change: Callable[[bytes], bytes], name: str, what: str = "the win"
) -> None:
    """Replace the file ``path`` (or the file a link there leads to) with
    ``change(its bytes)``, keeping what other programs write to it meanwhile.

    Call it under the vault lock. Raises ``WinsError`` naming ``name`` (and ``what``
    was added) when the file cannot be read or kept changing for :data:`ATTEMPTS`
    tries; ``OSError`` when it cannot be written; and whatever ``change`` raises.
    """
    remove_stale_temps(Path(os.path.realpath(path)).parent)
    replaced = False
    with contextlib.ExitStack() as held:
        read = _read(path, name, held)
        for _ in range(ATTEMPTS):
            following = _attempt(path, name, read, change, held)
            if following is None:
                return
            replaced = replaced or following.base != following.seen
            read = following
    if replaced:  # each time, the old file was rewritten just after the replace
        raise WinsError(
            f"{name}: {what} was added, but another program kept rewriting the file "
            "meanwhile; check that none of its changes is missing"
        )
    raise WinsError(
        f"{name}: another program kept changing the file while {what} was being "
        "added; nothing was added (try again)"
    )


def _attempt(
    path: Path,
    name: str,
    read: _Read,
    change: Callable[[bytes], bytes],
    held: contextlib.ExitStack,
) -> _Read | None:
    """Replace the file with the change of ``read``; None when done, else the read to
    make the change on next time."""
    new = change(read.base)
    real = Path(os.path.realpath(path))
    temp, _ = stage_file(real, (new,))
    try:
        ours = held.enter_context(temp.open("a+b"))  # appends stay appends
        if not _holds(real, read):
            discard(temp)
            return _read(path, name, held)
        if not _KEEP_OPEN:
            ours.close()
            read.handle.close()
        replace_staged(temp, real, durable=True)
    except BaseException:
        discard(temp)
        raise
    if not _KEEP_OPEN:
        return None
    rewritten = _carry_over(read, ours)
    if rewritten is None:
        return None
    # The old file was rewritten after the check: its text, with what was appended to
    # ours since, is what the change is made on; ours is what must stay in place.
    now = _content(ours)
    if not now.startswith(new):  # ours was rewritten too: start again from what is there
        return _read(path, name, held)
    return _Read(ours, now, rewritten + now[len(new) :], _state(ours))


def _read(path: Path, name: str, held: contextlib.ExitStack) -> _Read:
    """The file, read whole while it does not change (a few tries)."""
    try:
        handle = held.enter_context(open_regular(path))
    except NotRegularFileError:
        raise WinsError(f"{name}: not a regular file") from None
    except OSError as error:
        raise WinsError(f"{name}: cannot be read: {error.strerror}") from None
    for _ in range(ATTEMPTS):
        before = _state(handle)
        data = _content(handle)
        if _state(handle) == before:
            break
    return _Read(handle, data, data, before)


def _holds(real: Path, read: _Read) -> bool:
    """True when ``real`` is still the file read, and holds what was read (and
    perhaps more after it)."""
    try:
        found = os.stat(real)
    except OSError:
        return False
    if (found.st_dev, found.st_ino) != read.state[:2]:
        return False
    return _content(read.handle).startswith(read.seen)


def _carry_over(read: _Read, ours: BinaryIO) -> bytes | None:
    """Append to ``ours`` what is appended to the replaced file, until it has been quiet
    for :data:`SETTLE` seconds; its text when it was rewritten rather than appended to."""
    carried = len(read.seen)
    rewritten = None
    for _ in _looks(read):
        content = _content(read.handle)
        if rewritten is None and len(content) >= carried and content.startswith(read.seen):
            _append(ours, content[carried:])
            carried = len(content)
        else:
            rewritten = content
    if carried > len(read.seen):
        os.fsync(ours.fileno())
    return rewritten


def _looks(read: _Read) -> Iterator[None]:
    """Yield each time the file's state changes, until it has not for :data:`SETTLE`
    seconds; then once more, for a last look (a rewrite of the same size within one
    tick of the file system's clock changes no state)."""
    last = read.state
    quiet = time.monotonic()
    while time.monotonic() - quiet < SETTLE:
        state = _state(read.handle)
        if state != last:
            last, quiet = state, time.monotonic()
            yield
        time.sleep(_POLL)
    yield


def _append(ours: BinaryIO, data: bytes) -> None:
    if data:
        ours.write(data)
        ours.flush()


def _content(handle: BinaryIO) -> bytes:
    handle.seek(0)
    return handle.read()


def _state(handle: BinaryIO) -> State:
    info = os.fstat(handle.fileno())
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns

"""Opening the files wins-md reads besides notes (settings, stores, the manifest, the
entry ``wins add`` changes): regular files only. A FIFO or a device there would make
a plain ``open`` wait forever; it is reported as ``path: not a regular file``."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path


class NotRegularFileError(OSError):
    """The path names a FIFO, a device, a socket or a folder, not a file."""


def open_regular(path: str | Path) -> io.BufferedReader:
    """``path`` opened for reading, when it is a regular file (or a link to one).

    The open never waits (a FIFO with no writer would hold a plain one forever), and
    what is opened is checked, not what a name pointed at a moment earlier.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFileError(errno.EINVAL, "not a regular file", str(path))
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path) -> bytes:
    """The bytes of a regular file (:class:`NotRegularFileError` for anything else)."""
    with open_regular(path) as handle:
        return handle.read()

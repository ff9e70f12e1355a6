"""What every store under ``.wins/`` is keyed on: the code that wrote it, the settings
that shape its content, and the state of each file it describes.

One code version serves every store: wins-md's version with a checksum of the
contents of every one of its own source and shipped files (so a module added or
changed while developing counts without anyone listing it, and two installs of the
same code share a vault's stores), the Python version and the versions of the
libraries that shape parsing and rendering. It is made with CRC-32 and directory
listings (about 2 ms), not a hashing library or ``importlib.metadata`` (which alone
takes about 60 ms): every ``wins list`` needs it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib
from pathlib import Path

from wins_md import __version__
from wins_md.config import PARSE_KEYS, Config
from wins_md.resources import package_folder, shipped_templates

_SHIPPED_SUFFIXES = (".py", ".html", ".css", ".xml", ".md", ".toml", ".json")
_LIBRARIES = frozenset(("markdown_it_py", "jinja2", "markupsafe", "pyyaml", "python_frontmatter"))
"""The libraries whose version can change what wins-md reads or writes."""
_CODE_VERSION: list[str] = []

FileState = tuple[int, int, int, int]
"""``(size, mtime_ns, ctime_ns, inode)``: what a store trusts to say a file is unchanged.
Size and modification time alone miss a file rewritten with its modification time put
back (``cp -p``, ``rsync -t``, a restored backup, ``touch -d``); its change time, which
every write and ``utime`` set to now and nothing sets back, tells, and the inode tells a
file replaced by another."""


def code_version() -> str:
    """wins-md's version with a checksum of its code, shipped files, Python and libraries
    (a zipped install, whose files cannot be listed, has the version alone to go by)."""
    if not _CODE_VERSION:
        crc = zlib.crc32(f"python {sys.version_info[0]}.{sys.version_info[1]}".encode())
        for name in _library_versions():
            crc = zlib.crc32(name.encode(), crc)
        for folder in (package_folder(), shipped_templates()):
            for rel, path in tree(folder):
                if rel.endswith(_SHIPPED_SUFFIXES):
                    crc = zlib.crc32(rel.encode(), crc)
                    with contextlib.suppress(OSError), open(path, "rb") as handle:
                        crc = zlib.crc32(handle.read(), crc)
        _CODE_VERSION.append(f"{__version__}+{crc:08x}")
    return _CODE_VERSION[0]


def parse_settings(config: Config) -> str:
    """The settings that change how a file parses, as JSON text."""
    return json.dumps({key: getattr(config, key) for key in PARSE_KEYS}, sort_keys=True)


def fingerprint(config: Config) -> tuple[str, str]:
    """``(code version, parse settings)``: a store made under another is not used."""
    return code_version(), parse_settings(config)


def file_state(path: str | Path) -> FileState | None:
    """The file's :data:`FileState`; None when it cannot be seen."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return state_of(info)


def state_of(info: os.stat_result) -> FileState:
    """The :data:`FileState` in a file's ``stat``."""
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def tree(folder: Path) -> list[tuple[str, str]]:
    """Every file under ``folder`` as ``(relative path, path)``, sorted, through symlinked
    folders too (as Jinja reads them), each real folder once."""
    found = []
    seen: set[str] = set()
    base = os.path.join(str(folder), "")
    for parent, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(parent)
        if real in seen or os.path.basename(parent) == "__pycache__":
            dirs.clear()
            continue
        seen.add(real)
        prefix = parent[len(base) :].replace(os.sep, "/")
        for name in names:
            found.append((f"{prefix}/{name}" if prefix else name, os.path.join(parent, name)))
    return sorted(found)


def tree_state(folder: Path) -> tuple[tuple[str, int, int, int, int], ...]:
    """Each file under ``folder`` as its path and :data:`FileState`: equal while nothing
    changed."""
    return tuple(
        (rel, *found) for rel, path in tree(folder) if (found := file_state(path)) is not None
    )


def _library_versions() -> list[str]:
    """The installed distributions of :data:`_LIBRARIES`, by the names of their
    ``.dist-info`` or ``.egg-info`` entries (``PyYAML-6.0.3.dist-info``) on the import
    path."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                project = name.partition("-")[0].lower().replace(".", "_")
                if project in _LIBRARIES:
                    found.append(name)
    return sorted(found)

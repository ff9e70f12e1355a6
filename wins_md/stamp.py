"""The build stamp: lets ``wins build`` skip a build whose inputs have not changed.

The stamp, in the vault's ``.wins/`` folder, records a digest of everything a build
reads (each file's path, size and modification time, as the parse cache trusts them;
the settings; the vault's templates; wins-md's own code and templates; the date and
the time shown) and the size and modification time of every file it wrote. When the
next build finds the same digest and its output untouched, the site on disk is already
what the build would write: the build is skipped and the problems it found are shown
again from the stamp. Anything different, missing or unreadable means a full build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import LOCK_DIR, write_atomic
from .config import Config
from .model import Problem
from .resources import shipped_templates

STAMP_NAME = "build-stamp.json"
STAMP_VERSION = 1
RACY_NS = 2_000_000_000
"""An input modified this recently may change again unseen by its mtime: no stamp."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the last build read (as a digest), found, and wrote."""

    digest: str
    problems: tuple[Problem, ...]
    outputs: dict[str, tuple[int, int]]
    """Every file the build wrote or kept, by path in the output folder: (size, mtime_ns)."""


def stamp_path(root: Path) -> Path:
    """Where the vault's build stamp is kept, beside its parse cache."""
    return root / LOCK_DIR / STAMP_NAME


def input_digest(
    root: Path,
    config: Config,
    files: Iterable[tuple[str, str]],
    discovery_problems: Iterable[Problem],
    out: Path,
    today: dt.date,
    updated: str,
) -> str | None:
    """A digest of a build's inputs; None when one of them cannot be trusted to be
    unchanged (unreadable, or modified within the last two seconds)."""
    digest = hashlib.sha256()
    newest_allowed = time.time_ns() - RACY_NS

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts, default=str).encode())

    add(_code_version(), repr(config), str(out.resolve()), today.isoformat(), updated)
    add([str(problem) for problem in discovery_problems])
    for rel, path in files:
        found = _stat(path)
        if found is None or found[1] >= newest_allowed:
            return None
        add(rel, *found)
    for rel, template in _tree(root / config.templates_dir):
        found = _stat(template)
        if found is None or found[1] >= newest_allowed:
            return None
        add("template", rel, *found)
    return digest.hexdigest()


def read_stamp(root: Path) -> Stamp | None:
    """The last build's stamp; None when there is none or it is not one we wrote."""
    try:
        data = json.loads(stamp_path(root).read_bytes())
        if data["version"] != STAMP_VERSION:
            return None
        problems = tuple(
            Problem(str(path), int(line), str(message), _level(level))
            for path, line, message, level in data["problems"]
        )
        outputs = {
            str(rel): (int(size), int(mtime)) for rel, (size, mtime) in data["outputs"].items()
        }
        return Stamp(str(data["digest"]), problems, outputs)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def write_stamp(root: Path, stamp: Stamp) -> None:
    """Record a finished build (quietly skipped when ``.wins/`` cannot be written)."""
    document: dict[str, Any] = {
        "version": STAMP_VERSION,
        "digest": stamp.digest,
        "problems": [[p.path, p.line, p.message, p.level] for p in stamp.problems],
        "outputs": {rel: list(found) for rel, found in sorted(stamp.outputs.items())},
    }
    folder = stamp_path(root).parent
    with contextlib.suppress(OSError):
        if not folder.is_dir():
            from .cache import make_cache_folder

            make_cache_folder(folder)
        write_atomic(stamp_path(root), (json.dumps(document) + "\n").encode("utf-8"))


def forget_stamp(root: Path) -> None:
    """Remove the stamp, so the next build is a full one."""
    with contextlib.suppress(OSError):
        stamp_path(root).unlink()


def output_stats(out: Path, names: Iterable[str]) -> dict[str, tuple[int, int]] | None:
    """(size, mtime_ns) of each named file in ``out``; None when one is missing."""
    found = {}
    for rel in names:
        stat = _stat(out / rel)
        if stat is None:
            return None
        found[rel] = stat
    return found


def outputs_untouched(out: Path, stamp: Stamp) -> bool:
    """True when every file the stamped build left in ``out`` is still as it left it."""
    return output_stats(out, stamp.outputs) == stamp.outputs


def _stat(path: str | Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def tree_state(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Each file under ``folder`` (path, size, mtime_ns): equal while nothing changed."""
    return tuple((rel, *found) for rel, path in _tree(folder) if (found := _stat(path)) is not None)


def _tree(folder: Path) -> list[tuple[str, Path]]:
    """Every file under ``folder``, sorted by path, through symlinked folders too (as
    Jinja reads them), each real folder once."""
    found = []
    seen: set[str] = set()
    for parent, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(parent)
        if real in seen:
            dirs.clear()
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(names):
            path = Path(parent) / name
            found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found)


def _level(value: object) -> Any:
    if value not in ("error", "warning"):
        raise ValueError(f"unknown problem level {value!r}")
    return value


_CODE: list[str] = []
_LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "jinja2",
    "markupsafe",
    "pyyaml",
    "python-frontmatter",
)


def _code_version() -> str:
    """A hash of wins-md's own modules and shipped templates: a new release, or a change
    while developing, rebuilds the site."""
    if not _CODE:
        digest = hashlib.sha256(sys.version.encode())
        for library in _LIBRARIES:  # each shapes the output: Markdown, YAML, templates
            with contextlib.suppress(importlib.metadata.PackageNotFoundError):
                digest.update(f"{library} {importlib.metadata.version(library)}".encode())
        package = Path(__file__).parent
        for rel, path in [*_tree(package), *_tree(shipped_templates())]:
            if rel.endswith((".py", ".html", ".css", ".xml", ".md", ".toml", ".json")):
                digest.update(rel.encode() + b"\0" + path.read_bytes())
        _CODE.append(digest.hexdigest())
    return _CODE[0]

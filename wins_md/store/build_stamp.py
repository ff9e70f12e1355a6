"""The build stamp: lets ``wins build`` skip a build whose inputs have not changed.

The stamp, in the vault's ``.wins/`` folder, records a digest of everything a build
reads (each file's path and state: size, modification and change times and inode, as
the parse cache trusts them; the ledger of ticks' too; the settings; the vault's
templates; wins-md's own code and templates; the date and the time shown) and the
state of every file it wrote. When the
next build finds the same digest and its output untouched, the site on disk is already
what the build would write: the build is skipped and the problems it found are shown
again from the stamp. Anything different, missing or unreadable means a full build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wins_md.config import LEDGER_NAME, Config
from wins_md.files import read_regular
from wins_md.model import Problem
from wins_md.store.atomic import write_atomic
from wins_md.store.fingerprint import FileState, code_version, file_state, tree
from wins_md.store.folder import RACY_NS, STORE_FILE_MODE, make_store_folder, store_path

STAMP_NAME = "build-stamp.json"
STAMP_VERSION = 2


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the last build read (as a digest), found, and wrote."""

    digest: str
    problems: tuple[Problem, ...]
    outputs: dict[str, FileState]
    """Every file the build wrote or kept, by path in the output folder."""


def stamp_path(root: Path) -> Path:
    """Where the vault's build stamp is kept, beside its parse cache."""
    return store_path(root, STAMP_NAME)


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

    add(code_version(), repr(config), str(out.resolve()), today.isoformat(), updated)
    add([str(problem) for problem in discovery_problems])
    for rel, path in [(LEDGER_NAME, str(root / LEDGER_NAME)), *files]:
        found = file_state(path)
        if found is None and rel == LEDGER_NAME and not os.path.lexists(path):
            add(rel)  # no ledger
            continue
        if found is None or found[1] >= newest_allowed:
            return None
        add(rel, *found)
    for rel, template in tree(root / config.templates_dir):
        found = file_state(template)
        if found is None or found[1] >= newest_allowed:
            return None
        add("template", rel, *found)
    return digest.hexdigest()


def read_stamp(root: Path) -> Stamp | None:
    """The last build's stamp; None when there is none or it is not one we wrote."""
    try:
        data = json.loads(read_regular(stamp_path(root)))
        if data["version"] != STAMP_VERSION:
            return None
        problems = tuple(
            Problem(str(path), int(line), str(message), _level(level))
            for path, line, message, level in data["problems"]
        )
        outputs = {str(rel): _file_state(found) for rel, found in data["outputs"].items()}
        return Stamp(str(data["digest"]), problems, outputs)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def write_stamp(root: Path, stamp: Stamp) -> None:
    """Record a finished build (quietly skipped when ``.wins/`` cannot be written)."""
    document: dict[str, Any] = {
        "version": STAMP_VERSION,
        "digest": stamp.digest,
        "problems": [[p.path, p.line, p.message, p.level] for p in stamp.problems],
        "outputs": {rel: list(found) for rel, found in sorted(stamp.outputs.items())},
    }
    with contextlib.suppress(OSError):
        make_store_folder(root)
        data = (json.dumps(document) + "\n").encode("utf-8")
        write_atomic(stamp_path(root), data, new_mode=STORE_FILE_MODE)


def forget_stamp(root: Path) -> None:
    """Remove the stamp, so the next build is a full one."""
    with contextlib.suppress(OSError):
        stamp_path(root).unlink()


def output_stats(out: Path, names: Iterable[str]) -> dict[str, FileState] | None:
    """The state of each named file in ``out``; None when one is missing."""
    found = {}
    for rel in names:
        stat = file_state(out / rel)
        if stat is None:
            return None
        found[rel] = stat
    return found


def outputs_untouched(out: Path, stamp: Stamp) -> bool:
    """True when every file the stamped build left in ``out`` is still as it left it."""
    return output_stats(out, stamp.outputs) == stamp.outputs


def _file_state(found: Any) -> FileState:
    size, mtime_ns, ctime_ns, inode = found
    return int(size), int(mtime_ns), int(ctime_ns), int(inode)


def _level(value: object) -> Any:
    if value not in ("error", "warning"):
        raise ValueError(f"unknown problem level {value!r}")
    return value

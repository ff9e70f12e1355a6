"""``wins stamp --from-git``: the day each checked task was ticked, from a vault kept in
git.

One ``git log`` lists, oldest first, every commit with the Markdown files it added,
changed, renamed or deleted (renames followed); one ``git cat-file --batch`` reads
each version of those files. Each version is parsed as the vault reader parses a
note, so a task is known by the same key as in the ledger, and a commit in which a
task turns from open to checked is the day of its tick (the author's date, in the
author's time zone). A task that leaves one file and turns up in another in the same
commit keeps its state: a checked task moved is not a tick. Only the local
repository is read; nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wins_md.config import Config
from wins_md.errors import WinsError
from wins_md.model import Vault
from wins_md.parse.entry import parse_bytes
from wins_md.parse.ledger import Record, can_record
from wins_md.vault.discover import MARKDOWN_SUFFIXES

TaskState = dict[tuple[str, int], tuple[bool, dt.date | None]]
"""Each task of a file version: checked or not, and the day it was ticked (if seen)."""
_HEADER = "\x01"
Place = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class _Change:
    status: str
    old: str | None
    new: str | None
    blob: str | None


def git_tick_dates(root: Path, config: Config) -> dict[str, dict[tuple[str, int], dt.date]]:
    """For each Markdown file of the vault's git history as it is at ``HEAD``, the day
    each of its checked tasks was ticked, by the task's key and place (tasks that were
    checked when first committed have none). Raises ``WinsError`` without git or a
    repository."""
    commits = list(_commits(root))
    blobs = _read_blobs(root, {c.blob for _, changes in commits for c in changes if c.blob})
    state: dict[str, TaskState] = {}
    for day, changes in commits:
        _apply(state, day, changes, blobs, config)
    return {
        path: {place: date for place, (done, date) in tasks.items() if done and date}
        for path, tasks in state.items()
    }


def _git(root: Path, *args: str, data: bytes | None = None, check: bool = True) -> bytes | None:
    """What ``git`` prints; None when it fails and ``check`` is false."""
    command = ["git", "-C", str(root), "-c", "core.quotepath=off", *args]
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(command, input=data, capture_output=True, env=environment)
    except OSError as error:
        raise WinsError(f"--from-git: cannot run git ({error.strerror or error})") from None
    if done.returncode != 0 and check:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise WinsError(f"--from-git: {reason[-1] if reason else 'git failed'}")
    return done.stdout if done.returncode == 0 else None


def _commits(root: Path) -> Iterator[tuple[dt.date, list[_Change]]]:
    """Each commit that changed a Markdown file of the vault, oldest first: its author's
    day and the changes (paths relative to the vault)."""
    _git(root, "rev-parse", "--show-toplevel")  # not a repository: git says so
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False) is None:
        return  # no commit yet
    out = _git(
        root,
        "log",
        "-z",
        "--reverse",
        "--raw",
        "-M",
        "--no-abbrev",
        "--relative",
        "--no-show-signature",
        "--date=short",
        f"--format={_HEADER}%ad",
    )
    day: dt.date | None = None
    changes: list[_Change] = []
    tokens = iter((out or b"").decode("utf-8", "surrogateescape").split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith(_HEADER):
            if day is not None and changes:
                yield day, changes
            day, changes = dt.date.fromisoformat(token[1:].strip()), []
        elif token.startswith(":"):
            meta = token[1:].split()
            status = meta[4][:1]
            paths = [next(tokens)] + ([next(tokens)] if status in "RC" else [])
            change = _change(meta, status, paths)
            if change is not None:
                changes.append(change)
    if day is not None and changes:
        yield day, changes


def _change(meta: list[str], status: str, paths: list[str]) -> _Change | None:
    """A change to a Markdown file (not a link or a submodule), or None."""
    if not any(path.lower().endswith(MARKDOWN_SUFFIXES) for path in paths):
        return None
    regular = meta[1].startswith("100")
    old = paths[0] if status != "A" else None
    new = paths[-1] if status != "D" and regular else None
    if new is not None and not new.lower().endswith(MARKDOWN_SUFFIXES):
        new = None
    return _Change(status, old, new, meta[3] if new is not None else None)


def _read_blobs(root: Path, blobs: set[str]) -> dict[str, bytes]:
    """The content of each blob, read by one ``git cat-file --batch``."""
    if not blobs:
        return {}
    ordered = sorted(blobs)
    out = _git(root, "cat-file", "--batch", data="".join(f"{b}\n" for b in ordered).encode())
    out = out or b""
    found: dict[str, bytes] = {}
    at = 0
    for blob in ordered:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) < 3 or header[1] == b"missing":
            at = end + 1
            continue
        size = int(header[2])
        found[blob] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return found


def _apply(
    state: dict[str, TaskState],
    day: dt.date,
    changes: list[_Change],
    blobs: dict[str, bytes],
    config: Config,
) -> None:
    """Move ``state`` on by one commit."""
    before = {c.old: state.get(c.old, {}) for c in changes if c.old is not None}
    after: dict[str, list[tuple[str, int, bool]]] = {}
    for change in changes:
        if change.new is not None:
            after[change.new] = _tasks(blobs.get(change.blob or "", b""), change.new, config)
    # What left a file in this commit may have gone to another one.
    left: dict[str, list[tuple[bool, dt.date | None]]] = {}
    for change in changes:
        old_tasks = before.get(change.old or "", {})
        kept = after.get(change.new or "", []) if change.status in "MRT" else []
        places = {(key, nth) for key, nth, _ in kept}
        for (key, nth), found in old_tasks.items():
            if (key, nth) not in places:
                left.setdefault(key, []).append(found)
        if change.status in "RD" and change.old is not None:
            state.pop(change.old, None)
    for change in changes:
        if change.new is None:
            continue
        prior = before.get(change.old or "", {}) if change.status in "MRTC" else {}
        tasks: TaskState = {}
        for key, nth, done in after[change.new]:
            was = prior.get((key, nth))
            if was is None and left.get(key):
                was = left[key].pop(0)
            ticked = (day if not was[0] else was[1]) if was is not None and done else None
            tasks[key, nth] = (done, ticked)
        state[change.new] = tasks


def _tasks(data: bytes, path: str, config: Config) -> list[tuple[str, int, bool]]:
    """The tasks of one version of a file."""
    if len(data) > config.max_file_mb * 1024 * 1024:
        return []
    entry, _ = parse_bytes(data, path, config)
    return [] if entry is None else [(t.key, t.nth, t.done) for t in entry.tasks]


def git_records(
    root: Path, config: Config, vault: Vault, records: dict[Place, Record], today: dt.date
) -> list[Record]:
    """Date from the git history each checked task of ``vault`` that has no done date
    of its own and no tick in ``records``, where the history tells a day other than the
    one it has (its note's); the new records are added to ``records`` and returned."""
    dates = git_tick_dates(root, config)
    added = []
    for entry in vault.entries:
        found = dates.get(entry.file)
        for task in entry.tasks if found else ():
            place = (entry.file, task.key, task.nth)
            old = records.get(place)
            day = found.get((task.key, task.nth)) if found else None
            if (
                day is None
                or not task.done
                or task.dated
                or (old is not None and old.ticked is not None)
                or day > today
                or day == entry.date
                or not can_record(entry.file, task.key)
            ):
                continue
            opened, stamped = (old.opened, old.stamped) if old else (None, None)
            records[place] = Record(entry.file, task.key, task.nth, opened, day, "git", stamped)
            added.append(records[place])
    return added

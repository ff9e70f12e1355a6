"""The record of a watcher's builds: each build's outcome, a log that a server or a
test can wait on, and the lines printed after each build."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from wins_md.model import Problem
from wins_md.site.problems import NO_PROBLEMS, ProblemBanner


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """What one build did."""

    number: int
    """1 for the first build, then one more for each rebuild, failed ones included."""
    seconds: float
    changed: tuple[str, ...]
    """The vault-relative paths whose change started it (empty for the first build)."""
    written: tuple[str, ...]
    removed: tuple[str, ...]
    problems: tuple[Problem, ...]
    """The vault's problems (only the errors of ``wins.toml`` when it cannot be used)."""
    failure: str | None
    """Why nothing was written (a template or ``wins.toml`` error), or None."""
    site_version: int
    """The number of the latest build that changed what a served page shows: the site
    on disk, the problems or the failure (0: none yet)."""
    banner: ProblemBanner = NO_PROBLEMS
    """The problems as the preview's banner shows them (``wins serve``)."""
    notes: tuple[str, ...] = ()
    """Ticks recorded in the ledger and done dates written since the last build."""


class BuildLog:
    """The latest build, shared between the loop and the threads that wait on it."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._last: BuildRecord | None = None
        self._closed = False

    @property
    def last(self) -> BuildRecord | None:
        with self._condition:
            return self._last

    @property
    def site_version(self) -> int:
        """The number of the latest build that changed the site (0 before any)."""
        with self._condition:
            return self._last.site_version if self._last else 0

    @property
    def closed(self) -> bool:
        with self._condition:
            return self._closed

    def add(self, record: BuildRecord) -> None:
        with self._condition:
            self._last = record
            self._condition.notify_all()

    def close(self) -> None:
        """Wake every waiter for good: no build will come."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    def wait_for(self, number: int, timeout: float) -> BuildRecord | None:
        """The first record numbered ``number`` or later, waiting up to ``timeout``
        seconds; None on timeout or once the log is closed."""
        with self._condition:
            self._condition.wait_for(
                lambda: self._closed or (self._last is not None and self._last.number >= number),
                timeout,
            )
            last = self._last
            return last if last is not None and last.number >= number else None

    def wait_for_site_change(self, seen: int, timeout: float) -> int | None:
        """The site version once it differs from ``seen``; None on timeout or close."""
        with self._condition:
            self._condition.wait_for(lambda: self._closed or self._version() != seen, timeout)
            return None if self._closed or self._version() == seen else self._version()

    def _version(self) -> int:
        return self._last.site_version if self._last else 0


def summary_lines(record: BuildRecord, previous: BuildRecord | None, folder: Path) -> list[str]:
    """What to print after a build: what happened, then the problems that are new
    since the previous build (all of them after the first) and how many were fixed."""
    milliseconds = round(record.seconds * 1000)
    if record.number == 1:
        head = (
            f"Built {folder} in {milliseconds} ms"
            if record.failure is None
            else f"Could not build {folder}"
        )
    elif not record.changed:
        head = "A new day: " + (
            f"rebuilt in {milliseconds} ms" if record.failure is None else "not rebuilt"
        )
    else:
        shown = ", ".join(record.changed[:3])
        more = f" and {len(record.changed) - 3} more" if len(record.changed) > 3 else ""
        head = f"{shown}{more} changed: " + (
            f"rebuilt in {milliseconds} ms" if record.failure is None else "not rebuilt"
        )
    if record.failure is None:
        head += f", {len(record.written)} written, {len(record.removed)} removed."
    else:
        head += f": {record.failure}."
    earlier = set(previous.problems) if previous is not None else set()
    new = [str(problem) for problem in record.problems if problem not in earlier]
    fixed = len(earlier - set(record.problems)) if record.failure is None else 0
    lines = [head, *record.notes, *new]
    if fixed:
        count = len(record.problems)
        lines.append(f"{fixed} problem{'s' * (fixed != 1)} fixed, {count} left.")
    return lines

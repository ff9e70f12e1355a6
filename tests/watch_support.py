"""A watcher running as ``wins watch`` runs it, for the watcher tests."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wins_md.live.watcher import Watcher

DEADLINE = 30.0
"""Generous: the machines running the suite may be busy; a passing test never waits it."""
TODAY = dt.date(2026, 11, 22)


@contextmanager
def watching(root: Path, **options: object) -> Iterator[Watcher]:
    """A watcher of ``root`` that has built once and rebuilds in a background thread."""
    watcher = Watcher(root, today=TODAY, **options)  # type: ignore[arg-type]
    watcher.start()
    loop = threading.Thread(target=watcher.loop, daemon=True)
    loop.start()
    try:
        yield watcher
    finally:
        watcher.stop()
        loop.join(DEADLINE)
        watcher.close()
        assert not loop.is_alive()

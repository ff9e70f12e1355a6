"""Which file changes can change the site, and the watcher that reports them.

The event source's only job is to call back with each changed path; what counts is
decided by :class:`SourceFilter`, a pure function of the vault's settings.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from wins_md.config import CONFIG_NAME, Config
from wins_md.errors import WinsError
from wins_md.parse.ledger import LEDGER_NAME
from wins_md.site.build import output_folder
from wins_md.vault.discover import MARKDOWN_SUFFIXES, is_temp_file

OBSIDIAN_DAILY_NOTES = ".obsidian/daily-notes.json"
"""Read by :func:`~wins_md.config.load_config`, so a change to it reloads the config."""
_VIM_PROBE = "4913"  # vim creates and deletes this file to test that a folder is writable

Record = Callable[[str, bool], None]
"""Called by an event source with ``(absolute path, is a directory)`` for each change."""


class EventSource(Protocol):
    """Something that reports changed paths below a folder."""

    def start(self, folder: Path, record: Record) -> None:
        """Start calling ``record`` for every change below ``folder``, recursively."""

    def stop(self) -> None:
        """Stop reporting and release what was started."""


@dataclass(frozen=True, slots=True)
class SourceFilter:
    """Which changed paths can change the site: Markdown files, ``wins.toml``, the
    ledger of ticks, the templates; never hidden folders (``.wins``, ``.git``), the
    output folder, or editor temp and swap files."""

    root: str
    outputs: tuple[str, ...]
    """Output folders inside the vault, vault-relative with ``/``."""
    templates: str

    @classmethod
    def of(cls, root: Path, config: Config, out: Path | None) -> SourceFilter:
        outputs = {config.output_dir}
        target = os.path.realpath(output_folder(root, config, out))
        if target.startswith(str(root) + os.sep):
            outputs.add(target[len(str(root)) + 1 :].replace(os.sep, "/"))
        return cls(str(root), tuple(sorted(outputs)), config.templates_dir)

    def relative(self, path: str) -> str | None:
        """``path`` relative to the vault with ``/``, or None when outside it."""
        if not path.startswith(self.root + os.sep):
            return None
        return path[len(self.root) + 1 :].replace(os.sep, "/")

    def is_source(self, rel: str, is_directory: bool) -> bool:
        """True when a change to ``rel`` (vault-relative) can change the site."""
        parts = rel.split("/")
        if any(part.startswith(".") for part in parts):
            return rel == OBSIDIAN_DAILY_NOTES
        if any(rel == out or rel.startswith(out + "/") for out in self.outputs):
            return False
        name = parts[-1]
        if is_temp_file(name) or name == _VIM_PROBE:
            return False
        if (
            is_directory
            or rel in (CONFIG_NAME, LEDGER_NAME)
            or rel.startswith(self.templates + "/")
        ):
            return True
        return name.lower().endswith(MARKDOWN_SUFFIXES)


class WatchdogSource:
    """The real file system watcher: watchdog's native observer, recursive."""

    def __init__(self) -> None:
        from watchdog.observers.api import BaseObserver

        self._observer: BaseObserver | None = None

    def start(self, folder: Path, record: Record) -> None:
        from watchdog import events
        from watchdog.observers import Observer

        class Forward(events.FileSystemEventHandler):
            def on_any_event(self, event: events.FileSystemEvent) -> None:
                record(os.fsdecode(event.src_path), event.is_directory)
                if event.dest_path:
                    record(os.fsdecode(event.dest_path), event.is_directory)

        # No "opened"/"closed" events: reading the vault must not look like a change,
        # and a folder's "modified" only repeats what its files report.
        wanted: list[type[events.FileSystemEvent]] = [
            events.FileCreatedEvent,
            events.FileDeletedEvent,
            events.FileModifiedEvent,
            events.FileMovedEvent,
            events.DirCreatedEvent,
            events.DirDeletedEvent,
            events.DirMovedEvent,
        ]
        observer = Observer()
        try:
            observer.schedule(Forward(), str(folder), recursive=True, event_filter=wanted)
            observer.start()
        except OSError as error:
            hint = (
                "; raise the limit fs.inotify.max_user_watches"
                if error.errno == errno.ENOSPC
                else ""
            )
            raise WinsError(f"cannot watch {folder}: {error.strerror or error}{hint}") from None
        self._observer = observer

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join()
            self._observer = None

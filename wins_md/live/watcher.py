"""``wins watch``: rebuild the site whenever a source file changes.

Three parts, so the loop can be tested without a file system watcher:

- an event source (watchdog's observer by default, any
  :class:`~wins_md.live.events.EventSource` in tests) whose callback only records which
  source paths changed (:class:`~wins_md.live.events.SourceFilter`) and raises a flag;
- one loop that waits for the flag, lets a burst of saves settle (a quiet window
  of :data:`QUIET_SECONDS`, :data:`GONE_QUIET_SECONDS` while a changed file is
  missing, never longer than :data:`MAX_DELAY_SECONDS` in all), then rebuilds once;
- the rebuild, which reads again only the files that changed (a
  :class:`~wins_md.vault.load.VaultReader`; a full read after anything else, such as a
  new file or folder, and at midnight), reuses unchanged pages
  (:class:`~wins_md.site.render.RenderMemo`), writes only the output files whose bytes
  changed, and never lets a bad save take the last good site down: a broken
  template or ``wins.toml`` is reported and the site on disk stays as it was until
  the file is fixed.

Each build is recorded as a :class:`~wins_md.live.log.BuildRecord` in a
:class:`~wins_md.live.log.BuildLog`, which a server or a test can wait on.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from wins_md.capture.stamping import QUIET_SECONDS as QUIET
from wins_md.config import CONFIG_NAME, Config, load_config
from wins_md.errors import SourceError, WinsError
from wins_md.live.events import OBSIDIAN_DAILY_NOTES, EventSource, SourceFilter, WatchdogSource
from wins_md.live.log import BuildLog, BuildRecord
from wins_md.live.ticks import TickKeeper
from wins_md.model import Problem, Vault
from wins_md.parse.ledger import LEDGER_NAME
from wins_md.site.build import build_site, output_folder
from wins_md.site.problems import BANNER_PROBLEMS, NO_PROBLEMS, ProblemBanner, problem_banner
from wins_md.site.render import RenderMemo
from wins_md.store.parse_cache import ParseCache
from wins_md.vault.load import VaultReader, paused_gc

QUIET_SECONDS = 0.010
"""A build starts once no source file has changed for this long (an editor's save is a
few events within a millisecond or two)..."""
GONE_QUIET_SECONDS = 0.1
"""...or this long while a file that changed is missing: an editor that moves the old
file away before writing the new one (vim) is half way through its save."""
MAX_DELAY_SECONDS = 1.0
"""...or this long after the first change, even while changes keep coming."""
IDLE_POLL_SECONDS = 1.0
"""An idle loop wakes this often (a blocked wait costs no CPU; Ctrl-C lands at once)."""
STAMP_QUIET_SECONDS = QUIET
"""With stamping on, a note is stamped once it has not changed for this long."""


class Watcher:
    """Builds the site of the vault at ``root``, then again after every change.

    ``start()`` starts the event source and builds once; ``loop()`` rebuilds until
    ``stop()`` is called (from any thread); ``close()`` stops the event source.
    ``run()`` does start, loop and close.
    ``on_build`` is called with each :class:`BuildRecord`, in the loop's thread.
    """

    def __init__(
        self,
        root: str | Path,
        out: Path | None = None,
        today: dt.date | None = None,
        *,
        source: EventSource | None = None,
        on_build: Callable[[BuildRecord], None] | None = None,
        quiet: float = QUIET_SECONDS,
        max_delay: float = MAX_DELAY_SECONDS,
        gone_quiet: float = GONE_QUIET_SECONDS,
        stamp: bool | None = None,
        stamp_quiet: float = STAMP_QUIET_SECONDS,
    ) -> None:
        self.root = Path(root).resolve()
        self.out = out
        self.today = today
        self.log = BuildLog()
        self._source = source if source is not None else WatchdogSource()
        self._on_build = on_build
        self._quiet, self._max_delay = quiet, max_delay
        self._gone_quiet = max(quiet, gone_quiet)
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()
        self._flag = threading.Event()
        self._stopping = threading.Event()
        self._config = load_config(self.root)
        self._config_usable = False
        self._config_errors: tuple[Problem, ...] = ()
        self._reader: VaultReader | None = None
        self._read_all = True
        """True until a read succeeds after a build that read nothing or failed: the
        changes it was given are gone, so only a full read is sure to see them."""
        self._memo = RenderMemo()
        self._built_day: dt.date | None = None
        self._filter = SourceFilter.of(self.root, self._config, out)
        self._count = 0
        self._site_version = 0
        self._shown: tuple[ProblemBanner, str | None] = (NO_PROBLEMS, None)
        self._ticks = TickKeeper(self.root, stamp, stamp_quiet)
        self._notes: list[str] = []
        """What to say with the next build: ticks recorded, dates written."""

    @property
    def folder(self) -> Path:
        """The output folder the site is built into."""
        return output_folder(self.root, self._config, self.out)

    # -- the event source's side: record and raise the flag, nothing more -------------

    def record(self, path: str, is_directory: bool) -> None:
        """Note that ``path`` changed, if it is a source of the site."""
        source_filter = self._filter
        rel = source_filter.relative(path)
        if rel is None or not source_filter.is_source(rel, is_directory):
            return
        with self._changed_lock:
            self._changed.add(rel)
        self._flag.set()

    # -- the loop -----------------------------------------------------------------------

    def run(self) -> None:
        """Build, then rebuild after each change until :meth:`stop`."""
        self.start()
        try:
            self.loop()
        finally:
            self.close()

    def start(self) -> BuildRecord:
        """Start watching, then build once. Raises when the output folder is refused."""
        self._source.start(self.root, self.record)
        try:
            record = self._build((), first=True)
        except BaseException:
            self._source.stop()
            raise
        return record

    def loop(self) -> None:
        """Wait for changes and rebuild after each burst, until :meth:`stop`."""
        while not self._stopping.is_set():
            if not self._flag.wait(self._idle_wait()):
                if self._ticks.due is not None and time.monotonic() >= self._ticks.due:
                    self._notes += self._ticks.stamp()  # shown with the build it starts
                if self._new_day():
                    # Today's streak, days left and stalled flags; and a full read, in
                    # case a change went unreported.
                    self._build((), first=False, full=True)
                continue
            if not self._settle():
                continue
            with self._changed_lock:
                changed, self._changed = self._changed, set()
            if LEDGER_NAME in changed and self._ticks.is_own_write():
                changed.discard(LEDGER_NAME)
            if changed:
                self._build(tuple(sorted(changed)), first=False)

    def close(self) -> None:
        """Stop the event source and wake everyone waiting on the log."""
        self._source.stop()
        self.log.close()

    def stop(self) -> None:
        """Make :meth:`loop` return as soon as a build in progress ends."""
        self._stopping.set()
        self._flag.set()

    def _idle_wait(self) -> float:
        """How long an idle loop waits: until notes waiting to be stamped are due."""
        if self._ticks.due is None:
            return IDLE_POLL_SECONDS
        return min(IDLE_POLL_SECONDS, max(0.01, self._ticks.due - time.monotonic()))

    def _new_day(self) -> bool:
        """True when the date has changed since the last build (no date was given)."""
        return self.today is None and self._config.today() != self._built_day

    def _settle(self) -> bool:
        """Wait until changes pause for the quiet window, or for the longer one while a
        changed file is missing (or until the maximum delay has passed); False when
        :meth:`stop` was called meanwhile."""
        deadline = time.monotonic() + self._max_delay
        while not self._stopping.is_set():
            self._flag.clear()
            last_change = time.monotonic()
            while (remaining := deadline - time.monotonic()) > 0:
                if self._flag.wait(min(self._quiet, remaining)):
                    break  # another change: the window starts again
                gone_for = time.monotonic() - last_change
                if gone_for >= self._gone_quiet or not self._changed_file_missing():
                    return not self._stopping.is_set()
            else:
                return not self._stopping.is_set()
        return False

    def _changed_file_missing(self) -> bool:
        with self._changed_lock:
            changed = list(self._changed)
        return any(not os.path.lexists(self.root / rel) for rel in changed)

    # -- the build ----------------------------------------------------------------------

    def _build(self, changed: tuple[str, ...], *, first: bool, full: bool = False) -> BuildRecord:
        started = time.perf_counter()
        written: tuple[str, ...] = ()
        removed: tuple[str, ...] = ()
        problems: tuple[Problem, ...] = ()
        banner = NO_PROBLEMS
        failure: str | None = None
        config = self._usable_config(changed, first)
        if config is None:
            self._read_all = True
            problems = self._config_errors
            listed = problems[:BANNER_PROBLEMS]  # wins.toml is published with nothing
            banner = ProblemBanner(listed, 0, len(problems) - len(listed))
            failure = f"{CONFIG_NAME} has errors; the last good site is kept until it is fixed"
        else:
            try:
                # The cache keeps the whole vault alive: without the collector walking it
                # again and again, a rebuild takes a tenth less time.
                with paused_gc():
                    self._built_day = self.today or config.today()
                    vault = self._read(config, None if first or full else changed)
                    vault = vault.as_of(self._built_day)
                    problems = vault.problems
                    banner = problem_banner(vault)
                    report = build_site(
                        self.root, self.out, self._built_day, vault, memo=self._memo
                    ).report
                written, removed = report.written, report.removed
            except SourceError as error:
                failure = f"{error.message}; the last good site is kept until it is fixed"
            except (WinsError, OSError) as error:
                if first:
                    raise
                failure = _describe(error)
            except Exception as error:  # a bug must not end a long watch session
                failure = f"internal error, please report it: {type(error).__name__}: {error}"
        self._count += 1
        # A served page reloads when what it shows changes: the files, or the banner.
        if written or removed or (banner, failure) != self._shown:
            self._site_version = self._count
        self._shown = (banner, failure)
        record = BuildRecord(
            self._count,
            time.perf_counter() - started,
            changed,
            written,
            removed,
            problems,
            failure,
            self._site_version,
            banner,
            tuple(self._notes),
        )
        self._notes = []
        self.log.add(record)
        if self._on_build is not None:
            self._on_build(record)
        return record

    def _usable_config(self, changed: Iterable[str], first: bool) -> Config | None:
        """The vault's config, read again when it may have changed; None while
        ``wins.toml`` has errors (building with defaults could write elsewhere)."""
        changed = set(changed)
        if (
            first
            or not self._config_usable
            or CONFIG_NAME in changed
            or OBSIDIAN_DAILY_NOTES in changed
        ):
            # The first build uses the config read when watching began.
            config = self._config if first else load_config(self.root)
            self._config_errors = tuple(p for p in config.problems if p.level == "error")
            self._config_usable = not self._config_errors
            if not self._config_usable:
                return None  # the last usable config stays, for the folder and the filter
            self._config = config
            self._filter = SourceFilter.of(self.root, config, self.out)
        return self._config

    def _read(self, config: Config, changed: tuple[str, ...] | None) -> Vault:
        if self._reader is None:
            self._reader = VaultReader(self.root, ParseCache.open(self.root, config))
        read_all, self._read_all = self._read_all, True
        vault = self._reader.read(config, None if read_all else changed)
        self._read_all = False
        day = self._built_day or self.today or config.today()
        vault, notes = self._ticks.observe(
            config, vault, self._reader, day, None if read_all else changed
        )
        self._notes += notes
        return vault


def _describe(error: BaseException) -> str:
    if isinstance(error, WinsError):
        return error.message
    return f"{type(error).__name__}: {error}"

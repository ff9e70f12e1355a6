"""Loading a vault: each file's entry from the parse cache or the parser, linked into
a :class:`~wins_md.model.Vault`; and a reader that re-reads only what changed."""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from wins_md.config import LEDGER_NAME, Config, load_config
from wins_md.errors import WinsError
from wins_md.model import Entry, Problem, Vault
from wins_md.store.fingerprint import FileState, state_of
from wins_md.store.folder import RACY_NS
from wins_md.vault.discover import discover
from wins_md.vault.ledger import LedgerMemo
from wins_md.vault.link import LinkMemo, assemble_vault
from wins_md.vault.pool import read_many

if TYPE_CHECKING:
    from wins_md.store.parse_cache import ParseCache

Progress = Callable[[int, int], None]
"""Called with ``(files parsed, files to parse)`` while a read parses."""
PROGRESS_STEP = 64


def load_vault(
    path: str | Path = ".",
    config: Config | None = None,
    *,
    cache: bool | ParseCache = True,
    progress: Progress | None = None,
) -> Vault:
    """Read every Markdown file of the vault at ``path`` into a :class:`Vault`.

    With ``cache`` (the default), unchanged files are taken from the parse cache in
    the vault's ``.wins/`` folder and the cache is updated; ``cache=False`` neither
    reads nor writes it. Pass a :class:`~wins_md.store.parse_cache.ParseCache` to keep parse
    results in memory between loads (a watcher). Never raises for a bad file: every
    problem found is in ``Vault.problems``. ``progress(done, total)`` is called as the
    files that need parsing are parsed (a terminal shows a progress bar with it).
    """
    root = Path(path)
    if not root.is_dir():
        raise WinsError(f"vault folder '{path}' does not exist")
    config = config or load_config(root)
    return read_discovered(root, config, discover(root, config), cache=cache, progress=progress)


def read_discovered(
    root: Path,
    config: Config,
    discovered: tuple[list[tuple[str, str]], list[Problem]],
    *,
    cache: bool | ParseCache = True,
    progress: Progress | None = None,
) -> Vault:
    """:func:`load_vault` for files already found by :func:`discover`."""
    with paused_gc():
        files, found_problems = discovered
        store = _open_cache(root, config, cache)
        results = _read_files(files, config, store, progress)
        entries, problems = _collect(found_problems, results)
        if store is not None:
            store.save(rel for rel, _ in files)
        del store  # the entries it kept (a large vault's peak memory is reached below)
        ledger = LedgerMemo(root)
        problems.extend(ledger.ledger().problems)
        return assemble_vault(root, config, ledger.date(entries), problems)


FileResult = tuple[Entry | None, list[Problem]]


def _read_files(
    files: Iterable[tuple[str, str]],
    config: Config,
    store: ParseCache | None,
    progress: Progress | None = None,
) -> Iterator[FileResult]:
    """Each file's entry and problems, in order (from the cache when unchanged)."""
    newest_cacheable_ns = time.time_ns() - RACY_NS
    looked_up = [_look_up(rel, path, store) for rel, path in files]
    jobs = [(path, rel, state[0]) for rel, path, state, found in looked_up if found is None]
    parsed = read_many(jobs, config)
    done = 0
    with contextlib.closing(parsed):
        for rel, _, state, found in looked_up:
            if found is not None:
                yield found
                continue
            entry, problems, readable = next(parsed)
            done += 1
            if progress is not None and (done % PROGRESS_STEP == 0 or done == len(jobs)):
                progress(done, len(jobs))
            # A file modified just before it was read may change again within the same
            # clock tick, unseen by its mtime: it is parsed again next time, not cached.
            if store is not None and readable and state[1] < newest_cacheable_ns:
                store.put(rel, state, (entry, problems))
            yield entry, problems


def _look_up(
    rel: str, path: str, store: ParseCache | None
) -> tuple[str, str, FileState, FileResult | None]:
    """A file's state, and its result when known without parsing it (from the cache, or
    the problem of a file that cannot be found)."""
    try:
        state = state_of(os.stat(path))
    except OSError as error:
        problem = Problem(rel, 1, f"cannot be read: {error.strerror}")
        return rel, path, (0, 0, 0, 0), (None, [problem])
    return rel, path, state, None if store is None else store.get(rel, state)


def _collect(
    found_problems: list[Problem], results: Iterable[FileResult]
) -> tuple[list[Entry], list[Problem]]:
    """The entries read and every problem, in file order (each result is let go as soon
    as it is taken: a large vault's peak memory)."""
    problems = list(found_problems)
    entries: list[Entry] = []
    for entry, file_problems in results:
        problems.extend(file_problems)
        if entry is not None:
            entries.append(entry)
    return entries, problems


class VaultReader:
    """Reads one vault again and again in a long-running process (the watcher).

    The first :meth:`read` reads the whole vault, as :func:`load_vault` does. After
    that, given the files that changed, only those are read again, as long as each is
    a plain file the last full read found; anything else (a new, deleted or renamed
    file, a folder, a symlink, other settings, or ``changed=None``) means a full read.
    Unchanged entries are kept with their goal links, so a reload after one edit of a
    large vault costs milliseconds instead of a walk and a stat of every file.
    """

    def __init__(self, root: Path, cache: ParseCache) -> None:
        self.root = Path(root)
        self.cache = cache
        self._config: Config | None = None
        self._discovered: tuple[list[tuple[str, str]], list[Problem]] = ([], [])
        self._paths: dict[str, str] = {}
        self._results: dict[str, FileResult] = {}
        self._links = LinkMemo()
        self._ledger = LedgerMemo(self.root)
        self.full = True
        """True when the last read read the whole vault (not only the changed files)."""

    def read(self, config: Config, changed: Iterable[str] | None = None) -> Vault:
        """The vault now; ``changed`` names (by relative path) what changed since the
        last read, or is None when anything may have."""
        with paused_gc():
            if changed is not None:  # the ledger is read again whenever it changed
                changed = [rel for rel in changed if rel != LEDGER_NAME]
            self.full = not (
                changed is not None and config == self._config and self._only_known(changed)
            )
            if not self.full:
                assert changed is not None
                results = dict(self._results)
                fresh = [(rel, self._paths[rel]) for rel in set(changed)]
                results.update(
                    zip(
                        (rel for rel, _ in fresh),
                        _read_files(fresh, config, self.cache),
                        strict=True,
                    )
                )
            else:
                self._discovered = discover(self.root, config)
                self._paths = dict(self._discovered[0])
                self.cache.bind(config)
                results = dict(
                    zip(
                        self._paths,
                        _read_files(self._discovered[0], config, self.cache),
                        strict=True,
                    )
                )
                self.cache.save(self._paths)
            self._config, self._results = config, results
            # In the order of the files found: the results were made in it, and a
            # file read again keeps its place.
            results_now = results.values()
            entries = [entry for entry, _ in results_now if entry is not None]
            problems = [*self._discovered[1], *chain.from_iterable(p for _, p in results_now)]
            problems.extend(self._ledger.ledger().problems)
            entries = self._ledger.date(entries)
            return assemble_vault(self.root, config, entries, problems, self._links)

    def _only_known(self, changed: Iterable[str]) -> bool:
        """True when every changed path is a file the last full read found, still a
        regular file (not a link: only a full read decides where a link may lead)."""
        for rel in changed:
            path = self._paths.get(rel)
            if path is None:
                return False
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    return False
            except OSError:
                return False
        return True


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a vault's objects are built.

    Reading a vault makes hundreds of thousands of small objects that all stay
    alive; the collector would walk that growing heap again and again for nothing
    (it halves the time of a warm load). Reference counting still frees the rest.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _open_cache(root: Path, config: Config, cache: bool | ParseCache) -> ParseCache | None:
    if cache is False:
        return None
    from wins_md.store.parse_cache import ParseCache

    if cache is True:
        return ParseCache.open(root, config)
    if cache.root.resolve() != root.resolve():
        raise ValueError(f"the parse cache of {cache.root} cannot serve the vault {root}")
    cache.bind(config)
    return cache

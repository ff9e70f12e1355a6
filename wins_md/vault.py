"""Finding and loading a vault: which files count, in what order, and how they link up."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fnmatch
import gc
import operator
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, load_config
from .errors import WinsError, did_you_mean
from .model import Entry, Goal, MicroGoal, Problem, Vault, Win
from .reading import read_many

if TYPE_CHECKING:
    from .cache import ParseCache

MARKDOWN_SUFFIXES = (".md", ".markdown")
_TEMP_PATTERNS = ("*.swp", "*~", ".#*", "*.tmp", "*___jb_tmp___", "*___jb_old___")
_TEMP_NAME = re.compile("|".join(fnmatch.translate(p) for p in _TEMP_PATTERNS))


def is_temp_file(name: str) -> bool:
    """Editor swap, backup and temp files, never read."""
    return name.startswith(".") or _TEMP_NAME.match(os.path.normcase(name)) is not None


def is_conflict_copy(name: str) -> bool:
    """Copies made by sync tools when two edits collide."""
    lowered = name.lower()
    return "conflicted copy" in lowered or ".sync-conflict-" in lowered


def discover(root: Path, config: Config) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The Markdown files of the vault as ``(relative path, path)``, sorted, and what was
    passed over and why (sync conflicts, links that leave the vault, loops). Paths are
    strings: making a ``Path`` per file would cost a large vault's reload a third."""
    root = root.resolve()
    skip_dirs = {config.output_dir.rstrip("/"), config.templates_dir.rstrip("/")}
    problems: list[Problem] = []
    found: dict[str, str] = {}
    # Real paths as normcase'd strings (what Path equality compares), cheaper than Paths.
    seen_files: set[str] = set()
    seen_dirs: set[str] = {os.path.normcase(root)}
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            children = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            problems.append(Problem(prefix or ".", 1, f"folder cannot be read: {error.strerror}"))
            continue
        for child in children:
            rel = f"{prefix}{child.name}"
            if child.name.startswith(".") or _excluded(rel, config):
                continue
            if _is_dir(child):
                if rel in skip_dirs:
                    continue
                real = _inside(child, root, rel, problems)
                if real is None:
                    continue
                if real in seen_dirs:
                    problems.append(
                        Problem(
                            rel,
                            1,
                            "symlink loop (or second link to a folder already read); not followed",
                            "warning",
                        )
                    )
                    continue
                seen_dirs.add(real)
                stack.append((child.path, rel + "/"))
            elif child.name.lower().endswith(MARKDOWN_SUFFIXES) and not is_temp_file(child.name):
                if is_conflict_copy(child.name):
                    problems.append(
                        Problem(
                            rel,
                            1,
                            "sync-conflict copy, not read so no win "
                            "counts twice; merge it and delete it",
                        )
                    )
                    continue
                real = _inside(child, root, rel, problems)
                if real is not None and not _is_file(child):
                    problems.append(Problem(rel, 1, "not a regular file; not read", "warning"))
                elif real is not None and real not in seen_files:
                    seen_files.add(real)
                    found[rel] = child.path
    return sorted(found.items()), problems


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a link to one (no system call for a plain file)."""
    try:
        return entry.is_file(follow_symlinks=True)
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _inside(entry: os.DirEntry[str], root: Path, rel: str, problems: list[Problem]) -> str | None:
    """The real path of an entry (normcase'd), or None (reported) when a link leaves the
    vault or is broken."""
    if not entry.is_symlink():
        return os.path.normcase(entry.path)
    try:
        real = Path(entry.path).resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(Problem(rel, 1, "broken symlink (or a loop); not followed", "warning"))
        return None
    if real != root and root not in real.parents:
        problems.append(Problem(rel, 1, "symlink leads out of the vault; not followed", "warning"))
        return None
    return os.path.normcase(real)


def _excluded(rel: str, config: Config) -> bool:
    return bool(config.exclude) and any(fnmatch.fnmatch(rel, p) for p in config.exclude)


def load_vault(
    path: str | Path = ".", config: Config | None = None, *, cache: bool | ParseCache = True
) -> Vault:
    """Read every Markdown file of the vault at ``path`` into a :class:`Vault`.

    With ``cache`` (the default), unchanged files are taken from the parse cache in
    the vault's ``.wins/`` folder and the cache is updated; ``cache=False`` neither
    reads nor writes it. Pass a :class:`~wins_md.cache.ParseCache` to keep parse
    results in memory between loads (a watcher). Never raises for a bad file: every
    problem found is in ``Vault.problems``.
    """
    root = Path(path)
    if not root.is_dir():
        raise WinsError(f"vault folder '{path}' does not exist")
    config = config or load_config(root)
    return read_discovered(root, config, discover(root, config), cache=cache)


def read_discovered(
    root: Path,
    config: Config,
    discovered: tuple[list[tuple[str, str]], list[Problem]],
    *,
    cache: bool | ParseCache = True,
) -> Vault:
    """:func:`load_vault` for files already found by :func:`discover`."""
    with paused_gc():
        files, found_problems = discovered
        store = _open_cache(root, config, cache)
        entries, problems = _collect(found_problems, _read_files(files, config, store))
        if store is not None:
            store.save(rel for rel, _ in files)
        return assemble_vault(root, config, entries, problems)


FileResult = tuple[Entry | None, list[Problem]]


def _read_files(
    files: Iterable[tuple[str, str]], config: Config, store: ParseCache | None
) -> Iterator[FileResult]:
    """Each file's entry and problems, in order (from the cache when unchanged)."""
    newest_cacheable_ns = 0
    if store is not None:
        from .cache import RACY_NS

        newest_cacheable_ns = time.time_ns() - RACY_NS
    looked_up = [_look_up(rel, path, store) for rel, path in files]
    parsed = read_many(
        [(path, rel, size) for rel, path, size, _, found in looked_up if found is None], config
    )
    with contextlib.closing(parsed):
        for rel, _, size, mtime_ns, found in looked_up:
            if found is not None:
                yield found
                continue
            entry, problems, readable = next(parsed)
            # A file modified just before it was read may change again within the same
            # clock tick, unseen by its mtime: it is parsed again next time, not cached.
            if store is not None and readable and mtime_ns < newest_cacheable_ns:
                store.put(rel, size, mtime_ns, (entry, problems))
            yield entry, problems


def _look_up(
    rel: str, path: str, store: ParseCache | None
) -> tuple[str, str, int, int, FileResult | None]:
    """A file's size and mtime, and its result when known without parsing it (from the
    cache, or the problem of a file that cannot be found)."""
    try:
        info = os.stat(path)
    except OSError as error:
        return rel, path, 0, 0, (None, [Problem(rel, 1, f"cannot be read: {error.strerror}")])
    found = None if store is None else store.get(rel, info.st_size, info.st_mtime_ns)
    return rel, path, info.st_size, info.st_mtime_ns, found


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

    def read(self, config: Config, changed: Iterable[str] | None = None) -> Vault:
        """The vault now; ``changed`` names (by relative path) what changed since the
        last read, or is None when anything may have."""
        with paused_gc():
            if changed is not None and config == self._config and self._only_known(changed):
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
            files, found_problems = self._discovered
            entries, problems = _collect(found_problems, (results[rel] for rel, _ in files))
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
    from .cache import ParseCache

    if cache is True:
        return ParseCache.open(root, config)
    if cache.root.resolve() != root.resolve():
        raise ValueError(f"the parse cache of {cache.root} cannot serve the vault {root}")
    cache.bind(config)
    return cache


def assemble_vault(
    root: Path,
    config: Config,
    entries: list[Entry],
    problems: list[Problem],
    links: LinkMemo | None = None,
) -> Vault:
    """Link parsed entries into a vault: goals, goal links, chains, and their problems.

    ``links`` keeps the goal links of unchanged entries between calls (a watcher).
    """
    goals = {entry.goal.slug: entry.goal for entry in entries if entry.goal is not None}
    if links is None:  # a single read: nothing to keep (a large vault's peak memory)
        notes = {_link_name(entry.file) for entry in entries} - goals.keys()
        linked = [_link_goals(entry, goals, notes) for entry in entries]
    else:
        linked = links.link(entries, goals)
    all_wins = [win for entry in linked for win in entry.wins]
    dated = sorted((w for w in all_wins if w.date is not None), key=_WIN_ORDER)
    micro_goals: list[MicroGoal] = sorted(
        (m for entry in linked for m in entry.micro_goals),
        key=lambda m: (m.date or dt.date.min, m.file, m.line),
    )
    problems = [*config.problems, *problems, *_check_links(all_wins, goals), *_check_goals(goals)]
    problems.sort(key=lambda p: (p.path != "wins.toml", p.path, p.line))
    return Vault(
        root=str(root),
        config=config,
        entries=tuple(linked),
        goals=goals,
        wins=tuple(dated),
        micro_goals=tuple(micro_goals),
        problems=tuple(problems),
    )


class LinkMemo:
    """Each entry with its goal links resolved, kept between assemblies: an entry's
    links depend only on which goals and notes exist, so an unchanged entry (the same
    object, as the parse cache returns it) keeps its linked form until those change."""

    def __init__(self) -> None:
        self._goals: frozenset[str] = frozenset()
        self._notes: set[str] = set()
        self._names: dict[str, str] = {}
        self._linked: dict[int, tuple[Entry, Entry]] = {}

    def link(self, entries: list[Entry], goals: dict[str, Goal]) -> list[Entry]:
        """The entries with their goal links resolved against ``goals`` and the notes."""
        notes = set(map(self._name, (entry.file for entry in entries))) - goals.keys()
        if goals.keys() != self._goals or notes != self._notes:
            self._goals, self._notes, self._linked = frozenset(goals), notes, {}
        kept = self._linked
        made: dict[int, tuple[Entry, Entry]] = {}
        linked = []
        for entry in entries:
            pair = kept.get(id(entry))
            if pair is None or pair[0] is not entry:
                pair = (entry, _link_goals(entry, goals, notes))
            made[id(entry)] = pair
            linked.append(pair[1])
        self._linked = made
        return linked

    def _name(self, file: str) -> str:
        name = self._names.get(file)
        if name is None:
            name = self._names[file] = _link_name(file)
        return name


_WIN_ORDER = operator.attrgetter("date", "file", "line")


def _link_name(file: str) -> str:
    """What a ``[[link]]`` to the file is: its name, lower-case, without suffix."""
    return _stem(file).lower()


def _stem(file: str) -> str:
    """``PurePosixPath(file).stem``, without building a path object per file."""
    name = file.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _link_goals(entry: Entry, goals: dict[str, Goal], notes: set[str]) -> Entry:
    """A ``[[link]]`` to an existing note that is not a goal is a plain link, not a goal.

    The entry is returned as it is when none of its links names such a note.
    """

    def keep(slugs: tuple[str, ...]) -> tuple[str, ...]:
        if notes.isdisjoint(slugs):
            return slugs
        return tuple(slug for slug in slugs if slug in goals or slug not in notes)

    defaults = keep(entry.goals)
    changed = defaults != entry.goals
    wins = list(entry.wins)
    for index, win in enumerate(wins):
        own = keep(win.goals)
        if own != win.goals:
            wins[index] = dataclasses.replace(win, goals=own or defaults)
            changed = True
    if not changed:
        return entry
    return dataclasses.replace(entry, wins=tuple(wins), goals=defaults)


def _check_links(wins: list[Win], goals: dict[str, Goal]) -> Iterator[Problem]:
    ids: dict[str, Win] = {}
    for win in wins:
        if win.id is None:
            continue
        if win.id in ids:
            first = ids[win.id]
            yield Problem(
                win.file,
                win.line,
                f"block id '^{win.id}' is already used at "
                f"{first.file}:{first.line}; ids must be unique",
            )
        else:
            ids[win.id] = win
    reported: set[tuple[str, str]] = set()
    for win in wins:
        for slug in win.goals:
            if slug not in goals and (win.file, slug) not in reported:
                reported.add((win.file, slug))
                yield Problem(
                    win.file,
                    win.line,
                    f"unknown goal '{slug}'"
                    f"{did_you_mean(slug, list(goals))}; create it with "
                    f"'wins goal new {slug}'",
                )
        for target in win.follows:
            if target not in ids:
                yield Problem(
                    win.file,
                    win.line,
                    f"broken chain: follows '^{target}', but no "
                    f"win has that id{did_you_mean(target, list(ids))}",
                )


def _check_goals(goals: dict[str, Goal]) -> Iterator[Problem]:
    for goal in goals.values():
        if goal.parent and goal.parent not in goals:
            yield Problem(
                goal.file,
                goal.parent_line,
                f"parent goal '{goal.parent}' does not exist"
                f"{did_you_mean(goal.parent, list(goals))}",
            )
            continue
        seen = {goal.slug}
        parent = goal.parent
        while parent and parent in goals:
            if parent in seen:
                yield Problem(
                    goal.file,
                    goal.parent_line,
                    f"parent goals form a loop through '{parent}'; "
                    "a goal cannot be its own ancestor",
                )
                break
            seen.add(parent)
            parent = goals[parent].parent

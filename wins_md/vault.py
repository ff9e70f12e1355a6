"""Finding and loading a vault: which files count, in what order, and how they link up."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .config import Config, load_config
from .errors import WinsError, did_you_mean
from .model import Entry, Goal, MicroGoal, Problem, Vault, Win
from .parse import parse_bytes

MARKDOWN_SUFFIXES = (".md", ".markdown")
_TEMP_PATTERNS = ("*.swp", "*~", ".#*", "*.tmp", "*___jb_tmp___", "*___jb_old___")
_CONFLICT_MARKS = ("conflicted copy", ".sync-conflict-")


def is_temp_file(name: str) -> bool:
    """Editor swap, backup and temp files, never read."""
    return name.startswith(".") or any(fnmatch.fnmatch(name, p) for p in _TEMP_PATTERNS)


def is_conflict_copy(name: str) -> bool:
    """Copies made by sync tools when two edits collide."""
    lowered = name.lower()
    return any(mark in lowered for mark in _CONFLICT_MARKS)


def discover(root: Path, config: Config) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """The Markdown files of the vault as ``(relative path, path)``, sorted, and what was
    passed over and why (sync conflicts, links that leave the vault, loops)."""
    root = root.resolve()
    skip_dirs = {config.output_dir.rstrip("/"), config.templates_dir.rstrip("/")}
    problems: list[Problem] = []
    found: dict[str, Path] = {}
    seen_files: set[Path] = set()
    seen_dirs: set[Path] = {root}
    stack = [(root, "")]
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
                stack.append((Path(child.path), rel + "/"))
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
                if real is not None and not real.is_file():
                    problems.append(Problem(rel, 1, "not a regular file; not read", "warning"))
                elif real is not None and real not in seen_files:
                    seen_files.add(real)
                    found[rel] = Path(child.path)
    return sorted(found.items()), problems


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _inside(entry: os.DirEntry[str], root: Path, rel: str, problems: list[Problem]) -> Path | None:
    """The real path of an entry, or None (reported) when a link leaves the vault or is broken."""
    if not entry.is_symlink():
        return Path(entry.path)
    try:
        real = Path(entry.path).resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(Problem(rel, 1, "broken symlink (or a loop); not followed", "warning"))
        return None
    if real != root and root not in real.parents:
        problems.append(Problem(rel, 1, "symlink leads out of the vault; not followed", "warning"))
        return None
    return real


def _excluded(rel: str, config: Config) -> bool:
    return any(fnmatch.fnmatch(rel, pattern) for pattern in config.exclude)


def read_entry(path: Path, rel: str, config: Config) -> tuple[Entry | None, list[Problem]]:
    """Read and parse one file; a file too large or unreadable is reported, not read."""
    try:
        size = path.stat().st_size
        limit = int(config.max_file_mb * 1024 * 1024)
        if size > limit:
            return None, [
                Problem(
                    rel,
                    1,
                    f"is {size / 1048576:.1f} MB, over the "
                    f"{config.max_file_mb:g} MB limit; not read (split "
                    "it, or raise max_file_mb in wins.toml)",
                )
            ]
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(rel, 1, f"cannot be read: {error.strerror}")]
    return parse_bytes(data, rel, config)


def load_vault(path: str | Path = ".", config: Config | None = None) -> Vault:
    """Read every Markdown file of the vault at ``path`` into a :class:`Vault`.

    Never raises for a bad file: every problem found is in ``Vault.problems``.
    """
    root = Path(path)
    if not root.is_dir():
        raise WinsError(f"vault folder '{path}' does not exist")
    config = config or load_config(root)
    files, problems = discover(root, config)
    entries: list[Entry] = []
    for rel, file_path in files:
        entry, file_problems = read_entry(file_path, rel, config)
        problems.extend(file_problems)
        if entry is not None:
            entries.append(entry)
    return assemble_vault(root, config, entries, problems)


def assemble_vault(
    root: Path, config: Config, entries: list[Entry], problems: list[Problem]
) -> Vault:
    """Link parsed entries into a vault: goals, goal links, chains, and their problems."""
    goals = {entry.goal.slug: entry.goal for entry in entries if entry.goal is not None}
    notes = {PurePosixPath(entry.file).stem.lower() for entry in entries} - goals.keys()
    linked = [_link_goals(entry, goals, notes) for entry in entries]
    all_wins = [win for entry in linked for win in entry.wins]
    dated = sorted(
        (w for w in all_wins if w.date is not None), key=lambda w: (w.date, w.file, w.line)
    )
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


def _link_goals(entry: Entry, goals: dict[str, Goal], notes: set[str]) -> Entry:
    """A ``[[link]]`` to an existing note that is not a goal is a plain link, not a goal."""

    def keep(slugs: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(slug for slug in slugs if slug in goals or slug not in notes)

    defaults = keep(entry.goals)
    wins = []
    for win in entry.wins:
        own = keep(win.goals)
        if own != win.goals:
            win = dataclasses.replace(win, goals=own or defaults)
        wins.append(win)
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

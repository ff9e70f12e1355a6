"""Which files of a vault are read: Markdown files outside hidden, output and templates
folders, editor temp files and sync-conflict copies, with links followed only inside
the vault."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Container
from pathlib import Path

from wins_md.config import Config
from wins_md.model import Level, Problem

MARKDOWN_SUFFIXES = (".md", ".markdown")
_TEMP_PATTERNS = ("*.swp", "*~", ".#*", "*.tmp", "*___jb_tmp___", "*___jb_old___")
_TEMP_NAME = re.compile("|".join(fnmatch.translate(p) for p in _TEMP_PATTERNS))
_NUMBERED_COPY = re.compile(r"(.+) [1-9][0-9]?(\.(?:md|markdown))", re.IGNORECASE)
BACKUP_DIRS = ("logseq/bak", "logseq/version-files")
"""Where Logseq keeps backups and old versions of a graph's pages: never read."""


def is_temp_file(name: str) -> bool:
    """Editor swap, backup and temp files, never read."""
    return name.startswith(".") or _TEMP_NAME.match(os.path.normcase(name)) is not None


def is_conflict_copy(name: str) -> bool:
    """Copies made by sync tools when two edits collide."""
    lowered = name.lower()
    return "conflicted copy" in lowered or ".sync-conflict-" in lowered


def copy_of(name: str, siblings: Container[str]) -> str | None:
    """The note that ``name`` is a numbered copy of (``2026-03-19 1.md`` or iCloud's
    ``Plan 2.md`` beside ``2026-03-19.md`` or ``Plan.md``), or None: ``Chapter 2.md``
    with no ``Chapter.md`` beside it is a note of its own."""
    match = _NUMBERED_COPY.fullmatch(name)
    if match is None:
        return None
    original = match.group(1) + match.group(2)
    return original if original in siblings else None


def discover(root: Path, config: Config) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The Markdown files of the vault as ``(relative path, path)``, sorted, and what was
    passed over and why (sync conflicts, links that leave the vault, loops). Paths are
    strings: making a ``Path`` per file would cost a large vault's reload a third."""
    walk = _Walk(root.resolve(), config)
    # Each folder with its path as seen through links and its real path in the vault.
    stack = [(str(walk.root), "", "")]
    while stack:
        folder, prefix, real_prefix = stack.pop()
        try:
            children = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            walk.report(prefix or ".", f"folder cannot be read: {error.strerror}")
            continue
        names = {child.name for child in children}
        for child in children:
            rel = f"{prefix}{child.name}"
            if child.name.startswith(".") or _excluded(rel, config):
                continue
            real_rel = f"{real_prefix}{child.name}"
            if _is_dir(child):
                real_folder = walk.enters(child, rel, real_rel)
                if real_folder is not None:
                    stack.append((child.path, rel + "/", real_folder + "/"))
            elif child.name.lower().endswith(MARKDOWN_SUFFIXES) and not is_temp_file(child.name):
                walk.take(child, rel, real_rel, names)
    return sorted(walk.found.items()), walk.problems


class _Walk:
    """What :func:`discover` has found so far. Real paths are kept as normcase'd strings
    (what ``Path`` equality compares), cheaper than paths."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root
        self.config = config
        self.skip_dirs = {
            config.output_dir.rstrip("/"),
            config.templates_dir.rstrip("/"),
            *BACKUP_DIRS,
        }
        # Obsidian matches its templates folder whatever its case.
        self.skip_lower = {folder.lower() for folder in config.note_templates}
        self.problems: list[Problem] = []
        self.found: dict[str, str] = {}
        self.seen_files: set[str] = set()
        self.seen_dirs: set[str] = {os.path.normcase(root)}

    def report(self, rel: str, message: str, level: Level = "error") -> None:
        self.problems.append(Problem(rel, 1, message, level))

    def enters(self, child: os.DirEntry[str], rel: str, real_rel: str) -> str | None:
        """The folder's real path in the vault when it is to be read (not skipped, not
        outside, not seen), else None."""
        if self.skips_folder(rel):
            return None
        real = _inside(child, self.root, rel, self.problems)
        if real is None:
            return None
        if real in self.seen_dirs:
            self.report(
                rel,
                "symlink loop (or second link to a folder already read); not followed",
                "warning",
            )
            return None
        real_rel = self.real_rel(child, real, real_rel)
        if real_rel != rel and self.skips_target(real_rel, folder=True):
            return None
        self.seen_dirs.add(real)
        return real_rel

    def skips_folder(self, rel: str) -> bool:
        return rel in self.skip_dirs or rel.lower() in self.skip_lower

    def real_rel(self, child: os.DirEntry[str], real: str, real_rel: str) -> str:
        """Where an entry really is in the vault: a link's target, else the entry under
        its folder's real path."""
        if not child.is_symlink():
            return real_rel
        return Path(os.path.relpath(real, self.root)).as_posix()

    def skips_target(self, real_rel: str, *, folder: bool) -> bool:
        """True when the walk would pass over the real place a link leads to: a hidden or
        excluded path, a folder never read, an editor temp file."""
        parts = real_rel.split("/")
        for depth, name in enumerate(parts, 1):
            path = "/".join(parts[:depth])
            if name.startswith(".") or _excluded(path, self.config):
                return True
            if (folder or depth < len(parts)) and self.skips_folder(path):
                return True
        return not folder and is_temp_file(parts[-1])

    def take(
        self, child: os.DirEntry[str], rel: str, real_rel: str, siblings: Container[str]
    ) -> None:
        """Keep a Markdown file, unless it is a conflict copy, outside, or seen."""
        if is_conflict_copy(child.name):
            self.report(rel, "sync-conflict copy, not read so no win counts twice; merge it "
                        "and delete it")  # fmt: skip
            return
        original = copy_of(child.name, siblings)
        if original is not None:
            self.report(rel, f"a numbered copy of '{original}' (a sync or duplicate copy), "
                        "not read so no win counts twice; merge it and delete it")  # fmt: skip
            return
        real = _inside(child, self.root, rel, self.problems)
        if real is not None:
            real_rel = self.real_rel(child, real, real_rel)
            if real_rel != rel and self.skips_target(real_rel, folder=False):
                return
        if real is not None and not _is_file(child):
            self.report(rel, "not a regular file; not read", "warning")
        elif real is not None and real not in self.seen_files:
            self.seen_files.add(real)
            self.found[rel] = child.path


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


def link_name(file: str) -> str:
    """What a ``[[link]]`` to the file is: its name, lower-case, without suffix."""
    return _stem(file).lower()


def _stem(file: str) -> str:
    """``PurePosixPath(file).stem``, without building a path object per file."""
    name = file.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name

"""Which files of a vault are read: Markdown files outside hidden, output and templates
folders, editor temp files and sync-conflict copies, with links followed only inside
the vault."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

from wins_md.config import Config
from wins_md.model import Problem

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

"""What ``wins add`` knows of a vault without reading all of it: the list index, and
the few notes the index is behind on, read alone.

The index describes every note as it was when ``wins list`` last wrote it. Each add
changes a note after that, so the next add finds the index a note or two behind: those
notes are read again (with the ledger's done dates, and linked to the goals as a whole
read links them), and the index answers for the rest. What would change what the
index holds of other notes (a goal file, a rest note changed, new or gone) makes
:func:`known_vault` give up, and the caller reads the vault.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from wins_md.config import LEDGER_NAME, Config
from wins_md.model import Entry, Goal
from wins_md.store.index_reader import read_index_behind
from wins_md.store.list_index import ListIndex
from wins_md.vault.discover import discover, link_name

MOST_BEHIND = 32
"""More notes changed than this since the index was written: reading the vault is
about as quick, and writes the index again."""


class Known(NamedTuple):
    list_index: ListIndex
    fresh: dict[str, Entry]
    """The notes the index is behind on (changed or new), as they are now, linked."""
    dropped: frozenset[str]
    """The notes whose rows in the index are out of date: changed, new or gone."""
    goals: dict[str, Goal]
    """The vault's goals, by slug."""
    notes: frozenset[str]
    """The link names of the vault's notes (see :func:`~wins_md.vault.discover.link_name`)."""


def known_vault(root: Path, config: Config) -> Known | None:
    """The index and the notes it is behind on; None when the vault must be read."""
    files = discover(root, config)[0]
    found = read_index_behind(root, config, files, MOST_BEHIND)
    if found is None:
        return None
    index, changed, removed = found
    dropped = frozenset((*changed, *removed))
    if any(kind == "goal" or rest for file, kind, _, _, rest in index.entries if file in dropped):
        return None
    paths = dict(files)
    read = _read(root, config, [(rel, paths[rel]) for rel in changed])
    if any(entry is None or entry.goal is not None or entry.rest for entry in read):
        return None
    goals = index.goals_as_read()
    from wins_md.vault.link import link_entry

    names = [(row[0], link_name(row[0])) for row in index.entries]
    was = {name for _, name in names}
    notes = {name for file, name in names if file not in dropped}
    notes |= {link_name(rel) for rel in changed}
    if _relinked(index, was, notes, goals):
        return None
    fresh = {entry.file: link_entry(entry, goals, notes) for entry in read if entry is not None}
    return Known(index, fresh, dropped, goals, frozenset(notes))


def _relinked(index: ListIndex, was: set[str], notes: set[str], goals: dict[str, Goal]) -> bool:
    """True when the notes that exist changed what a ``[[link]]`` in a note the index
    is not behind on is: a link to a note is no goal (see
    :func:`~wins_md.vault.link.link_entry`). A note gone may have turned such a link
    back into a goal, which the index cannot tell; a new note turns one the index holds
    as a goal into a plain link. ``was`` are the link names the index knows, ``notes``
    those there are now."""
    if was - notes:
        return True
    made = notes - was - goals.keys()
    return any(not made.isdisjoint(slugs) for slugs in index.goal_sets)


def read_entry(root: Path, config: Config, rel: str, known: Known) -> Entry | None:
    """The note ``rel`` as a whole read gives it (from :attr:`Known.fresh` when it was
    read already); None when it cannot be read."""
    if rel in known.fresh:
        return known.fresh[rel]
    entry = _read(root, config, [(rel, str(Path(root) / rel))])[0]
    if entry is None:
        return None
    from wins_md.vault.link import link_entry

    return link_entry(entry, known.goals, set(known.notes))


def _read(root: Path, config: Config, files: list[tuple[str, str]]) -> list[Entry | None]:
    """The entries of ``files`` (``(relative path, path)``) as they are now, with the
    ledger's done dates; None for a file that cannot be read."""
    from wins_md.vault.pool import read_sized

    entries: list[Entry | None] = []
    for rel, path in files:
        try:
            size = os.stat(path).st_size
        except OSError:
            entries.append(None)
            continue
        entries.append(read_sized(path, rel, config, size)[0])
    if not (root / LEDGER_NAME).exists():
        return entries
    from wins_md.vault.ledger import LedgerMemo

    dated = iter(LedgerMemo(root).date([entry for entry in entries if entry is not None]))
    return [None if entry is None else next(dated) for entry in entries]

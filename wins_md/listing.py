"""``wins list`` without reading the whole vault: the list index.

Reading a vault from the parse cache decodes every entry, and a query needs only a
few fields of each win and all of a few wins. So ``wins list`` keeps an index,
``<vault>/.wins/list-index.json``, written after it had to read the vault and used
for as long as nothing it was made from has changed. Its lines:

- a header: the format, the parse cache's fingerprint (wins-md's version and parser,
  the settings that change parsing), and every Markdown file's path, size and
  modification time. It is written only when the parse cache holds every file, so
  no file it describes was modified in the 2 seconds before it was read;
- one line per dated win, in vault order: its JSON as ``wins list --format json``
  prints it;
- the number of problems found in the files, each goal's parent and status, and,
  in columns, each win's day, tags and goals (as numbers of distinct tuples),
  privacy and setback flags, and where its line ends;
- a trailer: a CRC-32 of the lines before it, the header aside.

A query stats every file (as a warm read does) and compares, chooses with the
columns, and decodes the lines of the chosen wins only when it must. Anything else
(no index, another version or settings, a changed, new or deleted file) means the
vault is read as usual and the index written again; a damaged index is reported
with a warning on ``wins_md.cache``, as a damaged parse cache is, and rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import CACHE_DIR, ParseCache, fingerprint, make_cache_folder, write_lines_atomic
from .config import Config
from .jsonfmt import array_pieces, dumps
from .model import Vault, Win
from .select import WinFilter, select_wins
from .terminal import wins_as_json
from .vault import discover, read_discovered

INDEX_NAME = "list-index.json"
FORMAT = 1

log = logging.getLogger("wins_md.cache")


@dataclass(frozen=True, slots=True)
class Filters:
    """What ``wins list`` asks for (see :class:`~wins_md.select.WinFilter`)."""

    since: dt.date | None = None
    until: dt.date | None = None
    tags: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    unaligned: bool = False
    include_private: bool = False


class Listing:
    """The chosen wins, oldest first, and how many problems the vault has.

    From the index, the wins are decoded only when asked for: their JSON is kept as
    ``wins list --format json`` prints it.
    """

    __slots__ = ("_lines", "_wins", "problem_count")

    def __init__(
        self,
        problem_count: int,
        *,
        wins: list[Win] | None = None,
        lines: list[tuple[bytes, bool]] | None = None,
    ) -> None:
        self.problem_count = problem_count
        self._wins = wins
        self._lines = lines
        """Each chosen win's JSON line and setback flag (the one field JSON lacks)."""

    @property
    def wins(self) -> list[Win]:
        if self._wins is None:
            self._wins = [_win(json.loads(line), setback) for line, setback in self._lines or ()]
        return self._wins

    def as_json(self) -> str:
        """The JSON array of SPEC section 6."""
        if self._lines is None:
            return wins_as_json(self.wins)
        # The lines are what wins_as_json made when the index was written (CRC-checked).
        return "".join(array_pieces((line.decode() for line, _ in self._lines), "", str))


def list_wins(root: Path, config: Config, filters: Filters, *, cache: bool = True) -> Listing:
    """The vault's wins that pass ``filters``: from the list index when it is current,
    else read from the vault (through the parse cache unless ``cache=False``), which
    writes the index again."""
    discovered = discover(root, config)
    fresh_problems = len(config.problems) + len(discovered[1])
    if cache:
        listing = _from_index(root, config, discovered[0], filters, fresh_problems)
        if listing is not None:
            return listing
    store = ParseCache.open(root, config) if cache else None
    vault = read_discovered(root, config, discovered, cache=store if store is not None else False)
    wins = select_wins(
        vault,
        since=filters.since,
        until=filters.until,
        tags=filters.tags,
        goals=filters.goals,
        unaligned=filters.unaligned,
        include_private=filters.include_private,
    )
    if store is not None:
        _write_index(root, store, discovered[0], vault, len(vault.problems) - fresh_problems)
    return Listing(len(vault.problems), wins=wins)


def index_path(root: Path) -> Path:
    return root / CACHE_DIR / INDEX_NAME


# -- reading -----------------------------------------------------------------------------


class _Stale(Exception):
    """The index does not describe the vault as it is: read the vault instead."""


def _from_index(
    root: Path, config: Config, files: list[tuple[str, str]], filters: Filters, fresh_problems: int
) -> Listing | None:
    try:
        data = index_path(root).read_bytes()
    except OSError:
        return None
    try:
        return _query(data, config, files, filters, fresh_problems)
    except _Stale:
        return None
    except (AttributeError, LookupError, TypeError, ValueError) as error:
        log.warning(
            "the list index %s/%s was ignored and will be rebuilt: it is damaged (%s)",
            CACHE_DIR,
            INDEX_NAME,
            error,
        )
        with contextlib.suppress(OSError):
            index_path(root).unlink()  # else its header, still current, would keep it
        return None


def _query(
    data: bytes, config: Config, files: list[tuple[str, str]], filters: Filters, fresh_problems: int
) -> Listing:
    """The listing from the index's bytes; _Stale when it is out of date, another
    error when it is damaged."""
    header_end = data.index(b"\n")
    header = json.loads(data[:header_end])
    if header.get("format") != FORMAT or header.get("fingerprint") != list(fingerprint(config)):
        raise _Stale
    if header.get("files") != _files_state(_stat_all(files)):
        raise _Stale
    trailer_start = data.rindex(b"\n", 0, len(data) - 1) + 1
    tail_start = data.rindex(b"\n", 0, trailer_start - 1) + 1
    lines_start = header_end + 1
    body = memoryview(data)[lines_start:trailer_start]  # checked without a copy
    if zlib.crc32(body) != json.loads(data[trailer_start:])["crc"]:
        raise ValueError("checksum mismatch")
    tail = json.loads(data[tail_start:trailer_start])
    goals: dict[str, list[Any]] = tail["goals"]
    keep = WinFilter(
        {slug: parent for slug, (parent, _) in goals.items()},
        [slug for slug, (_, status) in goals.items() if status == "active"],
        since=filters.since,
        until=filters.until,
        tags=filters.tags,
        goals=filters.goals,
        unaligned=filters.unaligned,
        include_private=filters.include_private,
    )
    # Each distinct value is judged once; then a win is four look-ups.
    tags_ok = [keep.wants_tags(tuple(tags)) for tags in tail["tag_sets"]]
    goals_ok = [keep.wants_goals(tuple(slugs)) for slugs in tail["goal_sets"]]
    days: list[int] = tail["days"]
    day_ok = {day: keep.wants_date(dt.date.fromordinal(day)) for day in set(days)}
    private_ok = (keep.wants_private(False), keep.wants_private(True))
    ends: list[int] = tail["ends"]
    lines = []
    for number, (day, tags, slugs, flags) in enumerate(
        zip(days, tail["tags"], tail["goals_of"], tail["flags"], strict=True)
    ):
        if day_ok[day] and tags_ok[tags] and goals_ok[slugs] and private_ok[flags & 1]:
            start = lines_start + (ends[number - 1] if number else 0)
            lines.append((data[start : lines_start + ends[number] - 1], bool(flags & 2)))
    return Listing(tail["problems"] + fresh_problems, lines=lines)


def _win(data: dict[str, Any], setback: bool) -> Win:
    """A win from its JSON (SPEC section 6), checked as the parse cache checks records."""
    win = Win(
        date=dt.date.fromisoformat(data["date"]),
        text=data["text"],
        title=data["title"],
        tags=tuple(data["tags"]),
        goals=tuple(data["goals"]),
        fields=data["fields"],
        id=data["id"],
        follows=tuple(data["follows"]),
        file=data["file"],
        line=data["line"],
        private=data["private"],
        setback=setback,
    )
    texts = (win.text, win.title, win.file, *win.tags, *win.goals, *win.follows)
    if not (
        all(type(text) is str for text in texts)
        and type(win.line) is int
        and type(win.private) is bool
        and type(setback) is bool
        and (win.id is None or type(win.id) is str)
        and type(win.fields) is dict
        and all(type(value) in (str, int, float) for value in win.fields.values())
    ):
        raise TypeError(f"a win of {win.file!r} has a value of the wrong type")
    return win


def _stat_all(files: list[tuple[str, str]]) -> Iterator[tuple[str, int, int]]:
    for rel, path in files:
        try:
            info = os.stat(path)
        except OSError:
            raise _Stale from None
        yield rel, info.st_size, info.st_mtime_ns


def _files_state(stats: Iterable[tuple[str, int, int]]) -> str:
    """Every file's path, size and modification time, as one text compared whole (no
    hash: a hashing library costs a query more time to import than the compare)."""
    return "".join(f"{rel}\0{size}\0{mtime}\n" for rel, size, mtime in stats)


# -- writing -----------------------------------------------------------------------------


def _write_index(
    root: Path, store: ParseCache, files: list[tuple[str, str]], vault: Vault, file_problems: int
) -> None:
    """Write the index of ``vault`` when the parse cache holds every file; never raises
    (a list without an index is only slower)."""
    stats = [(rel, *known) for rel, _ in files if (known := store.stat_of(rel)) is not None]
    path = index_path(root)
    if len(stats) != len(files):
        with contextlib.suppress(OSError):
            path.unlink()  # it could only be out of date
        return
    header = {
        "format": FORMAT,
        "fingerprint": list(store.fingerprint),
        "files": _files_state(stats),
    }
    header_line = json.dumps(header).encode() + b"\n"
    with contextlib.suppress(OSError), open(path, "rb") as handle:
        if handle.readline() == header_line:
            return  # written by an earlier list of the same files
    try:
        make_cache_folder(path.parent)
        write_lines_atomic(path, _index_lines(header_line, vault, file_problems))
    except OSError as error:
        log.debug("list index not written: %s", error)


def _index_lines(header_line: bytes, vault: Vault, file_problems: int) -> Iterator[bytes]:
    yield header_line
    tag_sets: dict[tuple[str, ...], int] = {}
    goal_sets: dict[tuple[str, ...], int] = {}
    days, tags, goals_of, flags, ends = [], [], [], [], []
    offset = crc = 0
    for win in vault.wins:
        line = dumps(win.to_json()).encode() + b"\n"
        crc = zlib.crc32(line, crc)
        offset += len(line)
        assert win.date is not None
        days.append(win.date.toordinal())
        tags.append(tag_sets.setdefault(win.tags, len(tag_sets)))
        goals_of.append(goal_sets.setdefault(win.goals, len(goal_sets)))
        flags.append(win.private | win.setback << 1)
        ends.append(offset)
        yield line
    tail = {
        "problems": file_problems,
        "goals": {slug: (goal.parent, goal.status) for slug, goal in vault.goals.items()},
        "tag_sets": list(tag_sets),
        "goal_sets": list(goal_sets),
        "days": days,
        "tags": tags,
        "goals_of": goals_of,
        "flags": flags,
        "ends": ends,
    }
    tail_line = json.dumps(tail, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    yield tail_line
    yield b'{"crc":%d}\n' % zlib.crc32(tail_line, crc)

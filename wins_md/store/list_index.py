"""The list index: what ``wins list`` needs of a vault, kept so that a query does not
read the vault while nothing in it has changed.

Reading a vault from the parse cache decodes every entry, and a query needs only a
few fields of each win and all of a few wins. So ``wins list`` keeps
``<vault>/.wins/list-index.json.gz``, written after it had to read the vault and used
for as long as nothing it was made from has changed. Its lines:

- a header: the format, the stores' fingerprint (wins-md's code, the settings that
  change parsing), and every Markdown file's path and state (size, modification
  and change times, inode: :data:`~wins_md.store.fingerprint.FileState`), and the
  ledger of ticks' state. It
  is written only when the parse cache holds every file, so no file it describes
  was modified in the 2 seconds before it was read;
- one line per dated win, in vault order: its JSON as ``wins list --format json``
  prints it;
- the number of problems found in the files, each goal's parent and status, each
  goal as read (its file and the parse cache's record of it: what an export's goal
  progress needs), the JSON of the public wins that the public view shows changed
  (without their links to private wins) by their number, the days whose note says
  ``rest: true`` (with the note's privacy), and, in columns, each win's day, tags and
  goals (as numbers of distinct tuples), privacy and setback flags, and where its line
  ends; and each entry's file, kind, date, privacy and rest flag (what ``wins add``
  needs to know of the notes it did not change);
- the trailer of :mod:`wins_md.store.lines`, checking every line but the header;

all of it gzip-compressed (:func:`wins_md.store.lines.packed`).

Anything else (no index, another version or settings, a changed, new or deleted
file) means the vault is read as usual and the index written again (``wins add``
reads the few files it is behind on alone:
:func:`~wins_md.store.index_reader.read_index_behind`); a damaged index
is reported with a warning on ``wins_md.store``, as a damaged parse cache is, and
rebuilt.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from wins_md.config import LEDGER_NAME
from wins_md.files import open_regular
from wins_md.jsonfmt import dumps
from wins_md.model import Goal, Vault, Win
from wins_md.store.atomic import write_atomic
from wins_md.store.fingerprint import FileState, file_state
from wins_md.store.folder import (
    RACY_NS,
    STORE_DIR,
    STORE_FILE_MODE,
    make_store_folder,
    remove_replaced,
    store_log,
    store_path,
)
from wins_md.store.lines import (
    StoreError,
    packed,
    unpacked_lines,
    with_trailer,
)
from wins_md.store.lock import file_lock

if TYPE_CHECKING:
    from wins_md.store.parse_cache import ParseCache

INDEX_NAME = "list-index.json.gz"
OLD_NAME = "list-index.json"
"""Where formats up to 6 kept the index, uncompressed: removed when it is written."""
FORMAT = 8
FIELDS_KEY = b'"fields": '
"""Where a win's fields begin in its JSON line (see :meth:`ListIndex.fields_of`)."""
_DECODER = json.JSONDecoder()  # made once: a decoder per win cost an export a third more


class ListIndex(NamedTuple):
    """A current index: each win's JSON line and, in columns, what filters look at.
    (A named tuple: a query makes this class at every start, where a dataclass costs
    ten times as much.)"""

    data: bytes
    lines_start: int
    problems: int
    """Problems found in the files (those of discovery and settings are counted anew)."""
    goals: dict[str, list[Any]]
    """Each goal's ``[parent, status]`` by slug."""
    tag_sets: list[list[str]]
    goal_sets: list[list[str]]
    days: list[int]
    """Each win's date as an ordinal."""
    tags: list[int]
    """Each win's tags, as a position in :attr:`tag_sets`."""
    goals_of: list[int]
    """Each win's goals, as a position in :attr:`goal_sets`."""
    flags: list[int]
    """Each win's privacy (bit 0) and setback (bit 1) flags."""
    ends: list[int]
    """Where each win's line ends, counted from :attr:`lines_start`."""
    public: dict[str, str]
    """The JSON of each public win the public view shows changed, by its number."""
    rest: list[list[int]]
    """``[ordinal, private]`` of each day whose note says ``rest: true``."""
    goal_records: list[list[Any]]
    """Each goal's ``[file, record]`` (:func:`~wins_md.store.codec.encode_record`), in
    the vault's order."""
    entries: list[list[Any]]
    """Each entry's ``[file, kind, date ordinal or None, private, rest]``, in file order."""

    def public_forms(self) -> dict[int, bytes]:
        """The lines the public view shows instead of the vault's, by win number."""
        return {int(number): line.encode() for number, line in self.public.items()}

    def line(self, number: int) -> bytes:
        """The JSON of the win at ``number``, without its newline."""
        start = self.lines_start + (self.ends[number - 1] if number else 0)
        return self.data[start : self.lines_start + self.ends[number] - 1]

    def fields_of(self, number: int) -> dict[str, Any]:
        """The inline fields of the win at ``number``, decoded alone: a goal's metric
        needs no more of a win, and decoding whole lines would cost an export of goal
        progress as much again as the listing.

        The first ``"fields": `` of a line is its key: the values before it are text
        (tags and goals are lists of text), and in JSON text a quote is always escaped.
        """
        line = self.line(number)
        start = line.index(FIELDS_KEY) + len(FIELDS_KEY)
        if line.startswith(b"{}", start):
            return {}
        found, _ = _DECODER.raw_decode(line[start:].decode())
        if type(found) is not dict or not all(
            type(value) in (str, int, float) for value in found.values()
        ):
            raise DamagedIndex("it is damaged (a win's fields are of the wrong type)")
        return found

    def numbers_of(self, file: str) -> set[int]:
        """The numbers of the wins of ``file`` (each found by its ``"file"`` in its line,
        then that line decoded to be sure)."""
        needle = dumps(file).encode()
        data, start, ends = self.data, self.lines_start, self.ends
        end = start + (ends[-1] if ends else 0)  # the columns and goals come after
        found: set[int] = set()
        at = data.find(needle, start, end)
        while at != -1:
            number = bisect.bisect_right(ends, at - start)
            if number not in found and json.loads(self.line(number))["file"] == file:
                found.add(number)
            at = data.find(needle, at + len(needle), end)
        return found

    def goals_as_read(self) -> dict[str, Goal]:
        """The vault's goals as :attr:`Vault.goals` holds them, by slug."""
        from wins_md.store.codec import Decoder  # only an export asks for goals

        decoder = Decoder()
        goals: dict[str, Goal] = {}
        for file, record in self.goal_records:
            goal = decoder.record(Goal, file, record)
            goals[goal.slug] = goal
        return goals


class DamagedIndex(StoreError):
    """An index that cannot be trusted (it is removed, and rebuilt by the next list)."""


def index_path(root: Path) -> Path:
    """Where the vault's list index is kept."""
    return store_path(root, INDEX_NAME)


def discard_index(root: Path, error: Exception) -> None:
    """Report a damaged index and remove it (else its header, still current, keeps it)."""
    reason = str(error) if isinstance(error, StoreError) else f"it is damaged ({error})"
    store_log().warning(
        "the list index %s/%s was ignored and will be rebuilt: %s", STORE_DIR, INDEX_NAME, reason
    )
    with contextlib.suppress(OSError):
        index_path(root).unlink()


def files_state(stats: Iterable[tuple[str, FileState]]) -> str:
    """Every file's path and state, as one text compared whole (no hash: a hashing
    library costs a query more time to import than the compare)."""
    return "".join(
        f"{rel}\0{size}\0{mtime}\0{ctime}\0{inode}\n" for rel, (size, mtime, ctime, inode) in stats
    )


def ledger_state(root: Path) -> list[int] | None:
    """The state of the vault's ledger of ticks, as the index records it (None: none)."""
    found = file_state(root / LEDGER_NAME)
    return None if found is None else list(found)


def write_index(
    root: Path,
    store: ParseCache,
    files: list[tuple[str, str]],
    vault: Vault,
    file_problems: int,
    public_forms: Mapping[int, Win],
    ledger: list[int] | None = None,
) -> None:
    """Write the index of ``vault`` when the parse cache holds every file and the
    ledger is still in the state ``ledger`` it was in before the vault was read; never
    raises (a list without an index is only slower). ``public_forms`` are the public
    wins as the public view shows them, where it changes them, by position in the
    vault's wins."""
    stats = [(rel, known) for rel, _ in files if (known := store.stat_of(rel)) is not None]
    path = index_path(root)
    racy = ledger is not None and ledger[1] >= time.time_ns() - RACY_NS
    if len(stats) != len(files) or racy or ledger_state(root) != ledger:
        with contextlib.suppress(OSError):
            path.unlink()  # it could only be out of date
        return
    header = {
        "format": FORMAT,
        "fingerprint": list(store.fingerprint),
        "files": files_state(stats),
        "ledger": ledger,
    }
    header_line = json.dumps(header).encode() + b"\n"
    with contextlib.suppress(OSError, StoreError), open_regular(path) as handle:
        if next(unpacked_lines(handle), b"") == header_line:
            return  # written by an earlier list of the same files
    try:
        folder = make_store_folder(root)
        with file_lock(folder / (INDEX_NAME + ".lock")):  # two lists may write at once
            lines = _index_lines(header_line, vault, file_problems, public_forms)
            write_atomic(path, packed(lines), durable=False, new_mode=STORE_FILE_MODE)
            remove_replaced(folder, OLD_NAME)
    except OSError as error:
        store_log().debug("list index not written: %s", error)


def _index_lines(
    header_line: bytes, vault: Vault, file_problems: int, public_forms: Mapping[int, Win]
) -> Iterator[bytes]:
    yield header_line
    yield from with_trailer(_records(vault, file_problems, public_forms))


def _records(vault: Vault, file_problems: int, public_forms: Mapping[int, Win]) -> Iterator[bytes]:
    from wins_md.store.codec import encode_record  # the vault was just read: it is loaded

    tag_sets: dict[tuple[str, ...], int] = {}
    goal_sets: dict[tuple[str, ...], int] = {}
    days, tags, goals_of, flags, ends = [], [], [], [], []
    offset = 0
    for win in vault.wins:
        line = dumps(win.to_json()).encode() + b"\n"
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
        "public": {str(number): dumps(win.to_json()) for number, win in public_forms.items()},
        "rest": [
            [entry.date.toordinal(), int(entry.private)]
            for entry in vault.entries
            if entry.rest and entry.date is not None
        ],
        "goal_records": [[goal.file, encode_record(goal)] for goal in vault.goals.values()],
        "entries": [
            [
                entry.file,
                entry.kind,
                entry.date and entry.date.toordinal(),
                entry.private,
                entry.rest,
            ]
            for entry in vault.entries
        ],
    }
    yield json.dumps(tail, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"

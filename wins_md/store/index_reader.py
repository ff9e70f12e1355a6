"""Reading the list index (see :mod:`wins_md.store.list_index` for what it holds):
whole, when it describes every file of the vault as it is now, or with the files it
is behind on, for a caller that reads those alone (``wins add``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from wins_md.config import Config
from wins_md.files import read_regular
from wins_md.model import Win
from wins_md.store.fingerprint import FileState, file_state, fingerprint
from wins_md.store.lines import check_body, unpacked
from wins_md.store.list_index import (
    FORMAT,
    DamagedIndex,
    ListIndex,
    discard_index,
    files_state,
    index_path,
    ledger_state,
)


def read_index(root: Path, config: Config, files: list[tuple[str, str]]) -> ListIndex | None:
    """The index of the vault, if it describes ``files`` as they are now; a damaged one
    is reported, removed and taken as missing."""
    found = read_index_behind(root, config, files, most=0)
    return None if found is None else found[0]


def read_index_behind(
    root: Path, config: Config, files: list[tuple[str, str]], most: int
) -> tuple[ListIndex, list[str], list[str]] | None:
    """The index of the vault and the files it is behind on, ``(index, changed,
    removed)``: the files that changed or are new since it was written, and those it
    describes that are gone. None when there is none, or it is behind on more than
    ``most`` files, or its settings, code or ledger are not the vault's now; a damaged
    one is reported, removed and taken as missing."""
    try:
        data = read_regular(index_path(root))
    except OSError:
        return None
    try:
        return _parse(unpacked(data), root, config, files, most)
    except (AttributeError, LookupError, TypeError, ValueError, RecursionError) as error:
        discard_index(root, error)
        return None


def _parse(
    data: bytes, root: Path, config: Config, files: list[tuple[str, str]], most: int
) -> tuple[ListIndex, list[str], list[str]] | None:
    """The index in ``data`` and the files it is behind on; None when it is out of date
    (see :func:`read_index_behind`), an error when damaged."""
    header_end = data.index(b"\n")
    header = json.loads(data[:header_end])
    if header.get("format") != FORMAT or header.get("fingerprint") != list(fingerprint(config)):
        return None
    if header.get("ledger") != ledger_state(root):
        return None
    recorded = header.get("files")
    states = [(rel, file_state(path)) for rel, path in files]
    now = files_state((rel, state) for rel, state in states if state)
    if recorded == now and all(state is not None for _, state in states):
        changed: list[str] = []
        removed: list[str] = []
    elif most and type(recorded) is str:
        changed, removed = _behind(recorded, states)
        if len(changed) + len(removed) > most:
            return None
    else:
        return None
    return _body(data, header_end), changed, removed


def _body(data: bytes, header_end: int) -> ListIndex:
    """The index after its header, every line checked (DamagedIndex when damaged)."""
    trailer_start = data.rindex(b"\n", 0, len(data) - 1) + 1
    check_body(data, header_end + 1, trailer_start)
    tail_start = data.rindex(b"\n", 0, trailer_start - 1) + 1
    tail = json.loads(data[tail_start:trailer_start])
    index = ListIndex(data, header_end + 1, **tail)
    columns = (index.days, index.tags, index.goals_of, index.flags, index.ends)
    if not all(type(column) is list and len(column) == len(index.ends) for column in columns):
        raise DamagedIndex("it is damaged (its columns differ in length)")
    goals_ok = type(index.goals) is dict and all(
        type(pair) is list and len(pair) == 2 for pair in index.goals.values()
    )
    sets_ok = all(
        type(sets) is list and all(type(names) is list for names in sets)
        for sets in (index.tag_sets, index.goal_sets)
    )
    records_ok = type(index.goal_records) is list and all(
        type(pair) is list and len(pair) == 2 and type(pair[0]) is str
        for pair in index.goal_records
    )
    public_ok = (
        records_ok
        and type(index.public) is dict
        and all(
            type(line) is str and number.isdigit() and int(number) < len(index.ends)
            for number, line in index.public.items()
        )
    )
    rest_ok = type(index.rest) is list and all(
        type(day) is list and len(day) == 2 and all(type(n) is int for n in day)
        for day in index.rest
    )
    entries_ok = type(index.entries) is list and all(
        type(row) is list
        and len(row) == 5
        and type(row[0]) is str
        and type(row[1]) is str
        and (row[2] is None or type(row[2]) is int)
        for row in index.entries
    )
    if not (
        goals_ok
        and sets_ok
        and public_ok
        and rest_ok
        and entries_ok
        and type(index.problems) is int
    ):
        raise DamagedIndex("it is damaged (a value of the wrong type)")
    return index


def _behind(
    recorded: str, states: list[tuple[str, FileState | None]]
) -> tuple[list[str], list[str]]:
    """The files whose state differs from the one ``recorded`` (changed, new or not
    seen now), and the recorded files that are gone."""
    was = {}
    for line in recorded.splitlines(keepends=True):
        rel, _, _ = line.partition("\0")
        was[rel] = line
    changed = [
        rel
        for rel, state in states
        if state is None or was.pop(rel, None) != files_state([(rel, state)])
    ]
    return changed, list(was)


def win_from_json(data: dict[str, Any], setback: bool) -> Win:
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
        and (win.id is None or type(win.id) is str)
        and type(win.fields) is dict
        and all(type(value) in (str, int, float) for value in win.fields.values())
    ):
        raise DamagedIndex(f"it is damaged (a win of {win.file!r} has a value of the wrong type)")
    return win

"""What a new win moved: the line ``wins add`` prints after the entry's path, such as
``3rd win today · 5-day streak · run-5k: 4 wins this week``.

It counts every win of the vault, so it would read the whole vault again (the add has
just changed a file the list index describes). When the index is current for every
other file, it is answered from the index instead, with the changed file read alone:
the wins the index holds for that file are left out and the file's wins as it is now
put in their place. Whatever that cannot settle for sure (a goal file, a link from
the file to a note that is not a goal, a rest day) is answered by reading the vault
as ``wins list`` does; a differential test holds the two to the same line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wins_md.config import LEDGER_NAME, Config
from wins_md.dates import week_start_ordinal
from wins_md.files import read_regular
from wins_md.query import Filters, list_wins
from wins_md.streaks import current_streak, rest_days_of
from wins_md.vault.discover import discover, link_name

if TYPE_CHECKING:
    from wins_md.model import Entry

Counted = tuple[list[tuple[dt.date, tuple[str, ...]]], Sequence[dt.date]]
"""Each win's date and goals (every win, private ones too, none after today), and the
days of the rest notes."""


def what_moved(
    root: Path,
    config: Config,
    date: dt.date,
    goals: Iterable[str],
    today: dt.date,
    changed: str | None = None,
) -> str:
    """The line for a win just added on ``date`` serving ``goals``: its rank among that
    day's wins, the streak as of ``today`` and each goal's wins this week. Every win
    counts, private ones too (the line is for its author). ``changed`` is the file the
    win went into (relative to the vault, with ``/``): the line is then answered from
    the list index and that file when it can be."""
    if date > today:
        return f"dated {date.isoformat()}: it counts from that day"
    counted = _from_index(root, config, changed, today) if changed is not None else None
    if counted is None:
        listing = list_wins(root, config, Filters(include_private=True), today=today)
        counted = [(win.date, win.goals) for win in listing.wins if win.date], listing.rest_notes
    wins, rest_notes = counted
    on_day = sum(1 for day, _ in wins if day == date)
    when = "today" if date == today else f"on {date.isoformat()}"
    parts = [f"{_ordinal(on_day)} win {when}"]
    rest = rest_days_of(config, rest_notes)
    streak = current_streak({day for day, _ in wins}, today, rest)
    if streak:
        parts.append(f"{streak}-day streak")
    week = week_start_ordinal(today, config.first_weekday)
    this_week = [slugs for day, slugs in wins if day.toordinal() >= week]
    for goal in dict.fromkeys(goals):
        count = sum(1 for slugs in this_week if goal in slugs)
        parts.append(f"{goal}: {count} win{'s' * (count != 1)} this week")
    return " · ".join(parts)


def _from_index(root: Path, config: Config, changed: str, today: dt.date) -> Counted | None:
    """The wins counted from the list index with ``changed`` read again, or None when
    that would not be what reading the vault gives."""
    from wins_md.store.list_index import read_index

    files = discover(root, config)[0]
    path = next((path for rel, path in files if rel == changed), None)
    index = read_index(root, config, files, changed) if path is not None else None
    if path is None or index is None:
        return None
    entry = _entry(root, config, changed, path)
    if entry is None or entry.goal is not None or entry.rest:
        return None
    goals = index.goals_as_read()
    last = today.toordinal()
    if any(goal.file == changed for goal in goals.values()) or any(
        day == entry.date.toordinal() for day, _ in index.rest if entry.date is not None
    ):
        return None  # the file was a goal, or a rest note: the vault must be read
    plain_notes = {link_name(rel) for rel, _ in files} - goals.keys()
    said = [*entry.goals, *(slug for win in entry.wins for slug in win.goals)]
    if not plain_notes.isdisjoint(said):
        return None  # a link to a note that is not a goal: linking decides
    own = index.numbers_of(changed)
    sets = [tuple(slugs) for slugs in index.goal_sets]
    wins = [
        (dt.date.fromordinal(day), sets[slugs])
        for number, (day, slugs) in enumerate(zip(index.days, index.goals_of, strict=True))
        if day <= last and number not in own
    ]
    wins += [(win.date, win.goals) for win in entry.wins if win.date and win.date <= today]
    return wins, [dt.date.fromordinal(day) for day, _ in index.rest]


def _entry(root: Path, config: Config, rel: str, path: str) -> Entry | None:
    """The entry of the file ``rel`` as it is now, with the ledger's done dates."""
    from wins_md.parse.entry import parse_bytes

    try:
        data = read_regular(path)
    except OSError:
        return None
    if len(data) > config.max_file_mb * 1024 * 1024:
        return None
    entry, _ = parse_bytes(data, rel, config)
    if entry is None or not (root / LEDGER_NAME).exists():
        return entry
    from wins_md.vault.ledger import LedgerMemo

    return LedgerMemo(root).date([entry])[0]


def _ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``21st``."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"

"""Writing a tick's done date into a note, and taking back one wins-md wrote, without
changing any other byte. Pure.

The date goes where the vault's tools write it: ``✅ 2026-12-02`` (the Tasks plugin's
emoji) or ``[completion:: 2026-12-02]`` (Dataview's field) at the end of the task's
first line, before a block id; in a Logseq graph, a ``completed:: [[Dec 2nd, 2026]]``
property line under the block's first line, the day in the graph's page-title format.
The file is parsed again afterwards: unless it holds the same tasks, wins, micro-goals
and milestones with only the done dates asked for changed, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from wins_md.config import Config
from wins_md.errors import WinsError
from wins_md.model import Entry, Task, Win
from wins_md.parse.day_names import format_day, read_day
from wins_md.parse.entry import parse_text
from wins_md.parse.inline import DONE_KEYS

Edit = tuple[dt.date | None, dt.date | None]
"""``(date wins-md wrote, to take out; date to write)`` for one task."""
_EOL = re.compile(r"\r\n|\r|\n")
_BLOCK_ID = re.compile(r"\s\^[A-Za-z0-9-]+$")
_ITEM_START = re.compile(r"^((?:[ \t]*>)*[ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)")
_PROPERTY = re.compile(r"^(?:[ \t]*>)*[ \t]*completed::[ \t]*(.*?)[ \t]*$")
_ANY_PROPERTY = re.compile(r"^(?:[ \t]*>)*[ \t]+[^\s:]+::")


@dataclass(frozen=True, slots=True)
class Style:
    """How a vault writes a done date."""

    kind: Literal["emoji", "dataview", "logseq"] = "emoji"
    title_format: str = "MMM do, yyyy"
    """A Logseq graph's ``:journal/page-title-format``."""

    def written(self, day: dt.date) -> str:
        """The done date as this style writes it (a Logseq property line's text)."""
        if self.kind == "dataview":
            return f"[completion:: {day.isoformat()}]"
        if self.kind == "logseq":
            name = format_day(self.title_format, day)
            return f"completed:: [[{name}]]" if name else f"completed:: {day.isoformat()}"
        return f"✅ {day.isoformat()}"


def stamp_text(
    text: str, file: str, config: Config, edits: Mapping[tuple[str, int], Edit], style: Style
) -> tuple[str, dict[tuple[str, int], Edit]]:
    """``text`` with each task's done date edited as ``edits`` say, by the task's key
    and place. A date to take out is taken out only when it is the task's done date; a
    date is written only on a checked task without one of its own. Returns the new text
    and the edits made. Raises ``WinsError`` unless the file, parsed again, holds the
    same as before with only those done dates changed."""
    before, _ = parse_text(text, file, config)
    lines = text.splitlines(keepends=True)
    made: dict[tuple[str, int], Edit] = {}
    for task in sorted(before.tasks, key=lambda task: -task.line):  # bottom up
        edit = edits.get((task.key, task.nth))
        if edit is None:
            continue
        old, new = edit
        drop = old if old is not None and task.date == old else None
        if drop is not None:
            _take_out(lines, task.line, drop, style)
        add = new if task.done and new is not None and (drop or not task.dated) else None
        if add is not None:
            _write(lines, task.line, add, style, _EOL.search(text))
        if drop or add:
            made[task.key, task.nth] = (drop, add)
    candidate = "".join(lines)
    if not made:
        return text, made
    after, _ = parse_text(candidate, file, config)
    if not _only_dates(before, after, made):
        first = next(iter(made.values()))
        what = f"'{style.written(first[1])}'" if first[1] else "the done date"
        raise WinsError(
            f"{file}: cannot write done dates without changing the rest of the file; "
            f"add {what} by hand"
        )
    return candidate, made


def _write(
    lines: list[str], line: int, day: dt.date, style: Style, eol: re.Match[str] | None
) -> None:
    body, ending = _split(lines[line - 1])
    if style.kind == "logseq":
        match = _ITEM_START.match(body)
        lead = "" if match is None else match.group(1) + " " * len(match.group(2) + match.group(3))
        ending = ending or (eol.group(0) if eol else "\n")
        property_line = lead + style.written(day)
        last = line == len(lines) and not lines[line - 1].endswith(("\n", "\r"))
        lines[line - 1] = body + ending
        lines.insert(line, property_line + ("" if last else ending))
        return
    kept = body.rstrip()
    end = _BLOCK_ID.search(kept)
    at = end.start() if end else len(kept)
    lines[line - 1] = f"{kept[:at]} {style.written(day)}{kept[at:]}{body[len(kept) :]}{ending}"


def _take_out(lines: list[str], line: int, day: dt.date, style: Style) -> None:
    """Take the done date ``day`` out of the task at ``line``: a Tasks or Dataview date
    on its first line, else a ``completed::`` property line under it."""
    body, ending = _split(lines[line - 1])
    iso = re.escape(day.isoformat())
    for pattern in (
        rf"[ \t]*✅\ufe0f?[ \t]*{iso}",
        rf"[ \t]*[\[(]completion::[ \t]*{iso}[ \t]*[\])]",
    ):
        found = re.search(pattern, body)
        if found:
            lines[line - 1] = body[: found.start()] + body[found.end() :] + ending
            return
    for at in range(line, len(lines)):  # the block's own property lines
        text = _split(lines[at])[0]
        if not _ANY_PROPERTY.match(text):
            return
        match = _PROPERTY.match(text)
        if match and read_day(match.group(1))[0] == day:
            if at == len(lines) - 1 and not lines[at].endswith(("\n", "\r")):
                lines[at - 1] = _split(lines[at - 1])[0]  # it ended the file: so does its block
            del lines[at]
            return


def _split(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body) :]


def _only_dates(before: Entry, after: Entry, made: Mapping[tuple[str, int], Edit]) -> bool:
    """True when ``after`` is ``before`` with only the done dates of ``made`` changed."""
    if (before.meta, before.private, before.date, before.tags, before.goals) != (
        after.meta,
        after.private,
        after.date,
        after.tags,
        after.goals,
    ):
        return False
    expected = [_task_key(task, made) for task in before.tasks]
    if expected != [_task_key(task, {}) for task in after.tasks]:
        return False
    targets = {task.line for task in before.tasks if (task.key, task.nth) in made}
    new_targets = {task.line for task in after.tasks if (task.key, task.nth) in made}
    old_wins = [_win_key(w, w.line in targets) for w in _all_wins(before)]
    new_wins = [_win_key(w, w.line in new_targets) for w in _all_wins(after)]
    old_steps = [(m.text, m.title, m.status, m.date, m.tags, m.goals) for m in before.micro_goals]
    new_steps = [(m.text, m.title, m.status, m.date, m.tags, m.goals) for m in after.micro_goals]
    old_marks = [(m.text, m.done, m.private, m.line in targets) for m in before.milestones]
    new_marks = [(m.text, m.done, m.private, m.line in new_targets) for m in after.milestones]
    return old_wins == new_wins and old_steps == new_steps and old_marks == new_marks


def _task_key(task: Task, made: Mapping[tuple[str, int], Edit]) -> tuple[object, ...]:
    edit = made.get((task.key, task.nth))
    date = task.date if edit is None else edit[1]
    return task.key, task.nth, task.done, date


def _all_wins(entry: Entry) -> list[Win]:
    return sorted([*entry.wins, *entry.pending], key=lambda win: win.line)


def _win_key(win: Win, target: bool) -> tuple[object, ...]:
    fields = tuple(sorted((k, v) for k, v in win.fields.items() if k not in DONE_KEYS))
    date = None if target else win.date
    return (win.title, win.tags, win.goals, win.id, win.follows, win.private, win.setback,
            fields, date)  # fmt: skip

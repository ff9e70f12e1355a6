"""One file's text -> an Entry: its front matter, wins, micro-goals and milestones.

Pure: takes bytes or text and the config, returns the entry and the problems found.
The list items come from :mod:`wins_md.parse.blocks`, the inline syntax of each item
from :mod:`wins_md.parse.inline`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from wins_md.config import Config
from wins_md.dates import date_in_name, parse_with_format
from wins_md.model import (
    HIDDEN_BY,
    Entry,
    EntryKind,
    Goal,
    MicroGoal,
    Milestone,
    Problem,
    Task,
    Win,
    YamlWord,
    one_copy,
    shared_fields,
)
from wins_md.parse import front_matter as fmr
from wins_md.parse.blocks import Item, heading_names, list_items, may_hold_items, note_tags
from wins_md.parse.comments import hide_comments
from wins_md.parse.inline import DONE_KEYS, InlineMeta, parse_inline, slug_of, tag_matches
from wins_md.parse.page_properties import with_page_properties
from wins_md.parse.privacy import PRIVACY_KEYS, front_matter_private

_BOM = "\ufeff"
_shared: dict[tuple[str, ...], tuple[str, ...]] = {}


def _share(values: tuple[str, ...]) -> tuple[str, ...]:
    """One copy of each tuple of tags or goals for every file parsed by this process."""
    return one_copy(_shared, values, values)


@dataclass(slots=True)
class _Context:
    """What applies to every win of one file."""

    file: str
    kind: EntryKind
    date: dt.date | None
    tags: tuple[str, ...]
    goals: tuple[str, ...]
    private: bool
    config: Config
    problems: list[Problem] = field(default_factory=list)
    marks: dict[tuple[str, ...], tuple[tuple[str, ...], bool, bool]] = field(default_factory=dict)
    """Tags already seen in this file -> (one shared copy, private, setback): a note of
    thousands of wins with the same tags works them out, and stores them, once."""

    def tag_marks(self, tags: tuple[str, ...]) -> tuple[tuple[str, ...], bool, bool]:
        """``tags`` (the copy shared by the wins that have them), and whether one of them
        is a private tag, and one a setback tag."""
        found = self.marks.get(tags)
        if found is None:
            private = any(_is_private_tag(tag, self.config) for tag in tags)
            setback = any(tag_matches(tag, self.config.setback_tags) for tag in tags)
            found = self.marks[tags] = (_share(tags), private, setback)
        return found


def entry_kind(file: str, config: Config) -> EntryKind:
    """Which part of the vault a file belongs to, from its path."""
    for folder, kind in (
        (config.goals_dir, "goal"),
        (config.reviews_dir, "review"),
        (config.journal_dir, "journal"),
    ):
        if folder != "." and (file + "/").startswith(folder.rstrip("/") + "/"):
            return kind  # type: ignore[return-value]
    return "note"


def parse_bytes(data: bytes, file: str, config: Config) -> tuple[Entry | None, list[Problem]]:
    """Decode a file's bytes (UTF-8, with or without BOM) and parse it.

    Returns no entry, and says why, when the bytes are not UTF-8 text.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        message = (
            f"is not UTF-8 text (byte 0x{byte} at offset {error.start}); "
            "save it as UTF-8 to have it read"
        )
        return None, [Problem(file, line, message)]
    return parse_text(text, file, config)


def parse_text(text: str, file: str, config: Config) -> tuple[Entry, list[Problem]]:
    """Parse one Markdown file's text into an Entry and its problems."""
    if text.startswith(_BOM):
        # python-frontmatter would not see front matter behind a BOM, and lose `private:`.
        text = text[1:]
    fm = with_page_properties(fmr.split_front_matter(text))
    kind = entry_kind(file, config)
    body = hide_comments(fm.body)
    body_tags = note_tags(body)
    hidden_by = front_matter_private(fm, config.private_tags)
    fmr.report_repeated_keys(fm, PRIVACY_KEYS)
    if any(_is_private_tag(tag, config) for tag in body_tags):
        hidden_by.add("private-tag")
    private = bool(hidden_by)
    date = _entry_date(fm, file, kind, config)
    tags = tuple(
        dict.fromkeys(
            [*(t.lstrip("#") for t in fmr.read_strings(fm, "tags", links=True)), *body_tags]
        )
    )
    goals = tuple(slug_of(goal) for goal in fmr.read_strings(fm, "goals", links=True))
    if kind == "goal":
        goals = goals or (slug_of(PurePosixPath(file).stem),)
    tags, goals = _share(tags), _share(goals)
    ctx = _Context(file, kind, date, tags, goals, private, config)

    reads_items = kind == "goal" or may_hold_items(body, config)
    items = list_items(body, fm.body_line, config) if reads_items else []
    links: list[str] = []
    tasks = _Tasks()
    wins, micro_goals = _read_items(items, ctx, links, tasks)
    wins[:0] = _front_matter_wins(fm, ctx, links)
    milestones = _milestones(items, config) if kind == "goal" else ()
    goal = _goal(fm, file, private, milestones) if kind == "goal" else None

    ctx.problems[:0] = [Problem(file, line, message) for line, message in fm.problems]
    entry = Entry(
        file=file,
        kind=kind,
        date=date,
        meta=fm.meta,
        tags=tags,
        goals=goals,
        private=private,
        wins=tuple(wins),
        micro_goals=tuple(micro_goals),
        milestones=milestones,
        links=tuple(dict.fromkeys(links)),
        goal=goal,
        hidden_by=tuple(reason for reason in HIDDEN_BY if reason in hidden_by),
        rest=_rest_day(fm, kind, date),
        tasks=tuple(tasks.found),
        pending=tuple(tasks.pending),
    )
    return entry, ctx.problems


class _Tasks:
    """The open and checked tasks of a file, each with its place among those of the
    same text, and the checked ones that need a done date to be wins."""

    def __init__(self) -> None:
        self.found: list[Task] = []
        self.pending: list[Win] = []
        self._seen: dict[str, int] = {}

    def add(self, meta: InlineMeta, item: Item) -> None:
        nth = self._seen[meta.title] = self._seen.get(meta.title, 0) + 1
        dated = meta.done is not None or any(key in meta.fields for key in DONE_KEYS)
        self.found.append(Task(meta.title, nth, item.line, item.status == "done", meta.done, dated))


def _read_items(
    items: list[Item], ctx: _Context, links: list[str], tasks: _Tasks
) -> tuple[list[Win], list[MicroGoal]]:
    """The wins and micro-goals of the file's list items; its tasks go to ``tasks``."""
    wins: list[Win] = []
    micro_goals: list[MicroGoal] = []
    for item in items:
        if item.status == "plain":
            if _is_plain_win(item, ctx):
                win = _make_win(_read_item(item.text, ctx.config), item.line, ctx, links)
                wins.extend([win] if win is not None else ())
            continue
        meta = _read_item(item.text, ctx.config)
        if item.status != "cancelled" and meta.text:
            tasks.add(meta, item)
        if item.status == "done":
            win = _make_win(meta, item.line, ctx, links, tasks.pending)
            wins.extend([win] if win is not None else ())
        elif _keeps_micro_goals(ctx):
            micro_goal = _make_micro_goal(meta, item, ctx)
            micro_goals.extend([micro_goal] if micro_goal is not None else ())
    return wins, micro_goals


def _entry_date(fm: fmr.FrontMatter, file: str, kind: EntryKind, config: Config) -> dt.date | None:
    if "date" in fm.meta:
        date = fmr.read_date(fm, "date")
        if date is not None:
            return date
    path = PurePosixPath(file)
    date, problem = date_in_name(path.name)
    if problem:
        fm.problems.append((1, problem))
    if date is None and kind == "journal" and not problem:
        relative = str(path.with_suffix(""))[len(config.journal_dir.rstrip("/")) + 1 :]
        date = parse_with_format(config.journal_format, relative)
    return date


def _rest_day(fm: fmr.FrontMatter, kind: EntryKind, date: dt.date | None) -> bool:
    """``rest: true`` in a day's note: a rest day for streaks. Any other value is left
    alone, unreported: trackers keep numbers under the same name (``rest: 7.5``)."""
    value = fm.meta.get("rest")
    flag = value.flag if isinstance(value, YamlWord) else value
    return flag is True and date is not None and kind in ("journal", "note")


def _is_plain_win(item: Item, ctx: _Context) -> bool:
    """Plain items count under a Wins heading, at the top level, in dated daily notes."""
    return item.top_level and ctx.kind in ("journal", "note")


def _keeps_micro_goals(ctx: _Context) -> bool:
    """Open tasks are micro-goals in daily notes, not in goals, reviews or undated notes."""
    return ctx.kind == "journal" or (ctx.kind == "note" and ctx.date is not None)


def _read_item(text: str, config: Config) -> InlineMeta:
    """The inline syntax of an item, without the Tasks plugin's global filter in its
    title and tags (the plugin hides it too)."""
    meta = parse_inline(text)
    found = config.tasks_global_filter
    if found and found in meta.title:
        meta.title = " ".join(word for word in meta.title.split(" ") if word != found).strip()
        meta.title = meta.title or meta.text
    if found.startswith("#") and found[1:] in meta.tags:
        meta.tags = [tag for tag in meta.tags if tag != found[1:]]
    return meta


def _make_win(
    meta: InlineMeta, line: int, ctx: _Context, links: list[str], held: list[Win] | None = None
) -> Win | None:
    """The win of an item's text; a review's or goal's checkbox without a done date is
    no win, and goes to ``held`` (when given) to await one from the ledger."""
    if not meta.text:
        return None
    links.extend(meta.links)
    ctx.problems.extend(Problem(ctx.file, line, message) for message in meta.problems)
    awaits = ctx.kind in ("review", "goal") and meta.done is None
    if awaits and held is None:
        return None
    date = meta.done or ctx.date  # None: an undated note's tick, kept but not counted
    tags, private, setback = ctx.tag_marks(tuple(meta.tags) or ctx.tags)
    win = Win(
        date=None if awaits else date,
        text=meta.text,
        title=meta.title,
        tags=tags,
        goals=_share(tuple(dict.fromkeys(meta.links))) if meta.links else ctx.goals,
        fields=shared_fields(meta.fields),
        id=meta.id,
        follows=tuple(meta.follows),
        file=ctx.file,
        line=line,
        private=ctx.private or private,
        setback=setback,
    )
    if awaits and held is not None:
        held.append(win)
        return None
    return win


def _make_micro_goal(meta: InlineMeta, item: Item, ctx: _Context) -> MicroGoal | None:
    if not meta.text:
        return None  # an empty checkbox is a placeholder, not a goal
    tags, private, _ = ctx.tag_marks(tuple(meta.tags) or ctx.tags)
    return MicroGoal(
        date=ctx.date,
        text=meta.text,
        title=meta.title,
        status="cancelled" if item.status == "cancelled" else "open",
        tags=tags,
        goals=_share(tuple(dict.fromkeys(meta.links))) if meta.links else ctx.goals,
        file=ctx.file,
        line=item.line,
        private=ctx.private or private,
    )


def _front_matter_wins(fm: fmr.FrontMatter, ctx: _Context, links: list[str]) -> list[Win]:
    """Wins listed in the front matter's ``wins:`` key."""
    if "wins" not in fm.meta:
        return []
    texts = fmr.read_strings(fm, "wins") if isinstance(fm.meta.get("wins"), list) else []
    if "wins" in fm.meta and not isinstance(fm.meta.get("wins"), list):
        fm.report("wins", "expected a list of wins, one per '- ' line")
    key_line = fm.line_of("wins")
    item_lines = _yaml_item_lines(fm.source, key_line - fm.first_line)
    wins = []
    for index, text in enumerate(texts):
        line = fm.first_line + item_lines[index] if index < len(item_lines) else key_line
        win = _make_win(_read_item(text, ctx.config), line, ctx, links)
        if win is not None:
            wins.append(win)
    return wins


def _yaml_item_lines(source: str, key_offset: int) -> list[int]:
    """Offsets of the ``- item`` lines that follow the key at ``key_offset``."""
    offsets = []
    for offset, line in enumerate(source.split("\n")[key_offset + 1 :], start=key_offset + 1):
        stripped = line.strip()
        if stripped.startswith("- "):
            offsets.append(offset)
        elif stripped and not line[:1].isspace():
            break
    return offsets


def _milestones(items: list[Item], config: Config) -> tuple[Milestone, ...]:
    """Checkboxes under a Milestones heading, or every checkbox when there is none."""
    wanted = heading_names(config.milestone_headings)
    tasks = [item for item in items if item.status in ("done", "open")]
    under = [item for item in tasks if wanted.any_of(item.headings)]
    milestones = []
    for item in under or tasks:
        meta = parse_inline(item.text)
        if not meta.text:
            continue
        private = any(_is_private_tag(tag, config) for tag in meta.tags)
        milestones.append(
            Milestone(meta.title, item.status == "done", meta.done, item.line, private)
        )
    return tuple(milestones)


_GOAL_STATUSES = ("active", "paused", "done", "dropped")


def _goal(fm: fmr.FrontMatter, file: str, private: bool, milestones: tuple[Milestone, ...]) -> Goal:
    """The goal defined by a goal file's front matter and milestones."""
    slug = slug_of(PurePosixPath(file).stem)
    status = (fmr.read_text(fm, "status") or "active").lower()
    if status not in _GOAL_STATUSES:
        fm.report(
            "status", f"'{status}' is not one of {', '.join(_GOAL_STATUSES)}; 'active' is used"
        )
        status = "active"
    metric = fmr.read_text(fm, "metric")
    target = fmr.read_number(fm, "target")
    if metric and target is None:
        fm.report("metric", f"'{metric}' needs a 'target:' number to measure progress against")
    parent = fmr.read_text(fm, "parent")
    return Goal(
        slug=slug,
        title=fmr.read_text(fm, "title") or PurePosixPath(file).stem,
        status=status,  # type: ignore[arg-type]
        started=fmr.read_date(fm, "started"),
        due=fmr.read_date(fm, "due"),
        metric=metric.lower() if metric else None,
        target=target,
        parent=slug_of(parent) if parent else None,
        private=private,
        milestones=milestones,
        file=file,
        parent_line=fm.line_of("parent"),
        cadence=_cadence(fm),
    )


_CADENCE = re.compile(r"([1-7]) ?/ ?(week|wk)", re.IGNORECASE)


def _cadence(fm: fmr.FrontMatter) -> int | None:
    """Days a week from ``cadence: 3/week``."""
    text = fmr.read_text(fm, "cadence")
    match = _CADENCE.fullmatch(text) if text else None
    if text and match is None:
        fm.report("cadence", f"'{text}' is not a cadence; write the days a week, 1/week to 7/week")
    return int(match.group(1)) if match else None


def _is_private_tag(tag: str, config: Config) -> bool:
    return tag_matches(tag, config.private_tags)

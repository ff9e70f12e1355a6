"""Linking parsed entries into a vault: goals, goal links, chains, and their problems."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import operator
import shlex
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from wins_md.config import Config
from wins_md.errors import did_you_mean
from wins_md.model import Entry, Goal, MicroGoal, Problem, Vault, Win
from wins_md.parse.inline import parse_inline
from wins_md.vault.discover import link_name
from wins_md.vault.privacy import private_goals
from wins_md.vault.splice import SplicedMap


def assemble_vault(
    root: Path,
    config: Config,
    entries: list[Entry],
    problems: list[Problem],
    links: LinkMemo | None = None,
) -> Vault:
    """Link parsed entries into a vault: goals, goal links, chains, and their problems.

    ``links`` keeps the goal links of unchanged entries between calls (a watcher), and
    the vault's sorted wins, which it patches where entries changed.
    """
    if links is not None:
        return links.assemble(root, config, entries, problems)
    goals, hidden = _goals_of(entries)
    notes = {link_name(entry.file) for entry in entries} - goals.keys()
    linked = [_link_goals(entry, goals, notes, hidden) for entry in entries]
    all_wins = [win for entry in linked for win in entry.wins]
    dated = sorted((w for w in all_wins if w.date is not None), key=_WIN_ORDER)
    micro_goals = sorted((m for entry in linked for m in entry.micro_goals), key=micro_goal_order)
    said = {entry.file: entry.goals for entry in linked}  # front matter ``goals:``
    checks = [*_check_ids(all_wins), *_check_goal_links(all_wins, goals, said)]
    return _vault(root, config, linked, goals, dated, micro_goals, [*problems, *checks])


def _goals_of(entries: Iterable[Entry]) -> tuple[dict[str, Goal], frozenset[str]]:
    """The goals the entries define (private below a private goal), and the private."""
    goals = {entry.goal.slug: entry.goal for entry in entries if entry.goal is not None}
    hidden = private_goals(goals)
    for slug in hidden:
        if not goals[slug].private:  # below a private goal
            goals[slug] = dataclasses.replace(goals[slug], private=True)
    return goals, hidden


def _vault(
    root: Path,
    config: Config,
    linked: Sequence[Entry],
    goals: dict[str, Goal],
    dated: Sequence[Win],
    micro_goals: Sequence[MicroGoal],
    problems: list[Problem],
) -> Vault:
    problems = [*config.problems, *problems, *_check_goals(goals)]
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


class LinkMemo:
    """Each entry with its goal links resolved, kept between assemblies: an entry's
    links depend only on which goals and notes exist, so an unchanged entry (the same
    object, as the parse cache returns it) keeps its linked form until those change.
    The sorted wins and micro-goals and each entry's problems are kept too: only the
    entries that are not the same objects as last time are looked at again (see
    :mod:`wins_md.vault.splice`)."""

    def __init__(self) -> None:
        self._goals: frozenset[str] = frozenset()
        self._hidden: frozenset[str] = frozenset()
        self._notes: set[str] = set()
        self._all_names: set[str] = set()
        """What a ``[[link]]`` to each entry's file is."""
        self._names: dict[str, str] = {}
        self._linked: SplicedMap[Entry, Entry] = SplicedMap()
        self._kept: SplicedMap[Entry, tuple[list[Problem], tuple[Win, ...]]] = SplicedMap()
        self._dated: list[Win] = []
        self._steps: list[MicroGoal] = []
        self._new = True

    def assemble(
        self, root: Path, config: Config, entries: list[Entry], problems: list[Problem]
    ) -> Vault:
        """:func:`assemble_vault`, patching the last assembly."""
        goals, hidden = _goals_of(entries)
        removed, added = self._linked.diff(entries)
        if self._new or [e.file for e in removed] != [e.file for e in added]:
            self._all_names = set(map(self._name, (entry.file for entry in entries)))
        notes = self._all_names - goals.keys()
        state = (frozenset(goals), notes, hidden)
        fresh = self._new or state != (self._goals, self._notes, self._hidden)
        if fresh:
            self._goals, self._notes, self._hidden = state
            self._new = False
        linked = tuple(self._linked.apply(lambda e: _link_goals(e, goals, notes, hidden), fresh))
        removed, added = self._kept.diff(linked)
        kept = self._kept.apply(lambda e: _entry_checks(e, goals), fresh)
        if fresh:
            self._dated = sorted(_dated_wins(linked), key=_WIN_ORDER)
            self._steps = sorted((m for e in linked for m in e.micro_goals), key=micro_goal_order)
        else:
            _patch_sorted(self._dated, _dated_wins(removed), _dated_wins(added), _WIN_ORDER)
            old_steps = (m for e in removed for m in e.micro_goals)
            new_steps = (m for e in added for m in e.micro_goals)
            _patch_sorted(self._steps, old_steps, new_steps, micro_goal_order)
        chained = list(itertools.chain.from_iterable(wins for _, wins in kept))
        checks = [*_check_ids(chained), *itertools.chain.from_iterable(p for p, _ in kept)]
        return _vault(root, config, linked, goals, self._dated, self._steps, problems + checks)

    def _name(self, file: str) -> str:
        name = self._names.get(file)
        if name is None:
            name = self._names[file] = link_name(file)
        return name


def _entry_checks(entry: Entry, goals: dict[str, Goal]) -> tuple[list[Problem], tuple[Win, ...]]:
    """The problems of the goal links of an entry's wins, and its wins that hold a
    block id or follow one (the only ones :func:`_check_ids` looks at)."""
    problems = list(_check_goal_links(entry.wins, goals, {entry.file: entry.goals}))
    return problems, tuple(win for win in entry.wins if win.id or win.follows)


def _dated_wins(entries: Iterable[Entry]) -> Iterator[Win]:
    return (win for entry in entries for win in entry.wins if win.date is not None)


def _patch_sorted(
    items: list[Any], removed: Iterable[Any], added: Iterable[Any], key: Callable[[Any], Any]
) -> None:
    """Take the objects ``removed`` out of ``items`` (sorted by ``key``, stable) and put
    ``added`` (in their order) where a stable sort would."""
    for item in removed:
        at = bisect.bisect_left(items, key(item), key=key)
        while items[at] is not item:
            at += 1
        del items[at]
    for item in added:
        items.insert(bisect.bisect_right(items, key(item), key=key), item)


_WIN_ORDER = operator.attrgetter("date", "file", "line")


def micro_goal_order(step: MicroGoal) -> tuple[dt.date, str, int]:
    """Where a micro-goal comes in the vault's: by date (undated first), file, line."""
    return step.date or dt.date.min, step.file, step.line


def _link_goals(
    entry: Entry, goals: dict[str, Goal], notes: set[str], hidden: frozenset[str]
) -> Entry:
    """A ``[[link]]`` to an existing note that is not a goal is a plain link, not a goal;
    a win or micro-goal linked to a private goal (in ``hidden``) is private, and so is
    the file of such a goal.

    The entry is returned as it is when nothing of it changes.
    """

    def keep(slugs: tuple[str, ...]) -> tuple[str, ...]:
        if notes.isdisjoint(slugs):
            return slugs
        return tuple(slug for slug in slugs if slug in goals or slug not in notes)

    defaults = keep(entry.goals)
    changed = defaults != entry.goals
    wins = list(entry.wins)
    for index, win in enumerate(wins):
        own = keep(win.goals)
        if own != win.goals:
            wins[index] = win = dataclasses.replace(win, goals=own or defaults)
            changed = True
        if hidden and not win.private and not hidden.isdisjoint(win.goals):
            wins[index] = dataclasses.replace(win, private=True)
            changed = True
    steps = entry.micro_goals
    if hidden and any(not step.private and not hidden.isdisjoint(step.goals) for step in steps):
        steps = tuple(
            step
            if step.private or hidden.isdisjoint(step.goals)
            else dataclasses.replace(step, private=True)
            for step in steps
        )
        changed = True
    goal = entry.goal
    if goal is not None and goal.slug in hidden and not goal.private:
        goal = dataclasses.replace(goal, private=True)
        changed = True
    if not changed:
        return entry
    return dataclasses.replace(
        entry,
        wins=tuple(wins),
        goals=defaults,
        micro_goals=steps,
        goal=goal,
        private=entry.private or (goal is not None and goal.private),
        hidden_by=entry.hidden_by
        or (("private-goal",) if goal is not None and goal.private else ()),
    )


def _check_ids(wins: Sequence[Win]) -> Iterator[Problem]:
    """Block ids used twice, and chains that follow an id no win has."""
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
    for win in wins:
        for target in win.follows:
            if target not in ids:
                yield Problem(
                    win.file,
                    win.line,
                    f"broken chain: follows '^{target}', but no "
                    f"win has that id{did_you_mean(target, list(ids))}",
                )


def _check_goal_links(
    wins: Sequence[Win], goals: dict[str, Goal], said: Mapping[str, tuple[str, ...]]
) -> Iterator[Problem]:
    """Unknown goals, where the user said goal (``goal::``, front matter ``goals:``) or
    the link is a near miss of a goal. A link to a note that does not exist is normal
    in Obsidian and Logseq, and no problem."""
    reported: set[tuple[str, str]] = set()
    for win in wins:
        unknown = [slug for slug in win.goals if slug not in goals]
        if not unknown:
            continue
        fields = set(parse_inline(win.text).said_goals)
        for slug in unknown:
            hint = did_you_mean(slug, list(goals))
            if (win.file, slug) in reported or not (
                hint or slug in fields or slug in said.get(win.file, ())
            ):
                continue
            reported.add((win.file, slug))
            yield Problem(
                win.file,
                win.line,
                f"unknown goal '{slug}'{hint}; create it with 'wins goal new {shlex.quote(slug)}'",
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


def link_entry(entry: Entry, goals: dict[str, Goal], notes: set[str]) -> Entry:
    """One entry linked as :func:`assemble_vault` links it into a vault whose goals are
    ``goals`` and whose other notes have the link names ``notes`` (see
    :func:`~wins_md.vault.discover.link_name`)."""
    return _link_goals(entry, goals, notes - goals.keys(), private_goals(goals))

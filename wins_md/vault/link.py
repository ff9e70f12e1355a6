"""Linking parsed entries into a vault: goals, goal links, chains, and their problems."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import shlex
from collections.abc import Iterator, Mapping
from pathlib import Path

from wins_md.config import Config
from wins_md.errors import did_you_mean
from wins_md.model import Entry, Goal, MicroGoal, Problem, Vault, Win
from wins_md.parse.inline import parse_inline
from wins_md.vault.discover import link_name
from wins_md.vault.privacy import private_goals


def assemble_vault(
    root: Path,
    config: Config,
    entries: list[Entry],
    problems: list[Problem],
    links: LinkMemo | None = None,
) -> Vault:
    """Link parsed entries into a vault: goals, goal links, chains, and their problems.

    ``links`` keeps the goal links of unchanged entries between calls (a watcher).
    """
    goals = {entry.goal.slug: entry.goal for entry in entries if entry.goal is not None}
    hidden = private_goals(goals)
    for slug in hidden:
        if not goals[slug].private:  # below a private goal
            goals[slug] = dataclasses.replace(goals[slug], private=True)
    if links is None:  # a single read: nothing to keep (a large vault's peak memory)
        notes = {link_name(entry.file) for entry in entries} - goals.keys()
        linked = [_link_goals(entry, goals, notes, hidden) for entry in entries]
    else:
        linked = links.link(entries, goals, hidden)
    all_wins = [win for entry in linked for win in entry.wins]
    dated = sorted((w for w in all_wins if w.date is not None), key=_WIN_ORDER)
    micro_goals: list[MicroGoal] = sorted(
        (m for entry in linked for m in entry.micro_goals), key=micro_goal_order
    )
    said = {entry.file: entry.goals for entry in linked}  # front matter ``goals:``
    checks = [*_check_ids(all_wins), *_check_goal_links(all_wins, goals, said)]
    problems = [*config.problems, *problems, *checks, *_check_goals(goals)]
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
    object, as the parse cache returns it) keeps its linked form until those change."""

    def __init__(self) -> None:
        self._goals: frozenset[str] = frozenset()
        self._hidden: frozenset[str] = frozenset()
        self._notes: set[str] = set()
        self._names: dict[str, str] = {}
        self._linked: dict[int, tuple[Entry, Entry]] = {}

    def link(
        self, entries: list[Entry], goals: dict[str, Goal], hidden: frozenset[str]
    ) -> list[Entry]:
        """The entries with their goal links resolved against ``goals`` and the notes,
        and made private where they serve the private goals ``hidden``."""
        notes = set(map(self._name, (entry.file for entry in entries))) - goals.keys()
        if goals.keys() != self._goals or notes != self._notes or hidden != self._hidden:
            self._goals, self._notes, self._linked = frozenset(goals), notes, {}
            self._hidden = hidden
        kept = self._linked
        made: dict[int, tuple[Entry, Entry]] = {}
        linked = []
        for entry in entries:
            pair = kept.get(id(entry))
            if pair is None or pair[0] is not entry:
                pair = (entry, _link_goals(entry, goals, notes, hidden))
            made[id(entry)] = pair
            linked.append(pair[1])
        self._linked = made
        return linked

    def _name(self, file: str) -> str:
        name = self._names.get(file)
        if name is None:
            name = self._names[file] = link_name(file)
        return name


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


def _check_ids(wins: list[Win]) -> Iterator[Problem]:
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
    wins: list[Win], goals: dict[str, Goal], said: Mapping[str, tuple[str, ...]]
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

"""What is private in a linked vault, and the one view of it that may be shown.

Privacy spreads along links: a goal below a private goal is private, at any depth of
``parent:``, and a win or micro-goal linked to a private goal is private (its text
names the goal). Linking works this out (:func:`private_goals`, used by
:mod:`wins_md.vault.link`), so every ``private`` flag of a read vault is final.

:func:`public_vault` is the view that everything shown or published without
``--include-private`` is made from: the site, ``wins list``, ``wins stats`` and
weekly reviews. So the terminal shows exactly what the page shows.

:func:`held_back` says what that view leaves out, and why, from the same flags.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from wins_md.model import HIDDEN_BY, Entry, Goal, HiddenBy, MicroGoal, Milestone, Vault, Win
from wins_md.parse.inline import drop_block_links, tag_matches
from wins_md.vault.splice import SplicedMap


def private_goals(goals: Mapping[str, Goal]) -> frozenset[str]:
    """The slugs of the goals that are private, or below a private goal at any depth."""
    known: dict[str, bool] = {}
    for slug in goals:
        chain: list[str] = []
        current: str | None = slug
        verdict = False
        while current is not None and current in goals and current not in chain:
            if current in known:
                verdict = known[current]
                break
            if goals[current].private:
                verdict = known[current] = True
                break
            chain.append(current)
            current = goals[current].parent
        for member in chain:  # each is below the goal the walk stopped at
            known[member] = verdict
    return frozenset(slug for slug, private in known.items() if private)


def public_vault(vault: Vault) -> Vault:
    """The vault as the public may see it: its public wins, goals (without private
    milestones) and micro-goals, with every link to a private win's block taken out of
    the public wins that follow one. It holds no entries and no problems."""
    wins = [win for win in vault.wins if not win.private]
    hidden = _private_ids(vault, wins)
    if hidden:
        wins = [without_links(win, hidden) for win in wins]
    goals = {slug: _public_goal(goal) for slug, goal in vault.goals.items() if not goal.private}
    return dataclasses.replace(
        vault,
        entries=(),
        wins=tuple(wins),
        goals=goals,
        micro_goals=tuple(step for step in vault.micro_goals if not step.private),
        problems=(),
    )


class PublicMemo:
    """:func:`public_vault`, again and again in a long-running process (the watcher):
    only the wins and entries that are not the same objects as last time are looked at
    again, unless the block ids that only private wins have changed (see
    :mod:`wins_md.vault.splice`). The result equals :func:`public_vault`'s."""

    def __init__(self) -> None:
        self._wins: SplicedMap[Win, Win | None] = SplicedMap()
        self._steps: SplicedMap[MicroGoal, MicroGoal | None] = SplicedMap()
        self._entries: SplicedMap[Entry, None] = SplicedMap()
        self._private: Counter[str] = Counter()
        """The block ids of private wins, undated ones too."""
        self._shown: Counter[str] = Counter()
        """The block ids of public wins."""
        self._linking = 0
        """Public wins whose text links to a block."""
        self._hidden: frozenset[str] = frozenset()

    def public(self, vault: Vault) -> Vault:
        """``public_vault(vault)``."""
        removed, added = self._entries.diff(vault.entries)
        self._entries.apply(_nothing)
        self._private.subtract(_private_block_ids(removed))
        self._private.update(_private_block_ids(added))
        removed_wins, added_wins = self._wins.diff(vault.wins)
        self._count(removed_wins, -1)
        self._count(added_wins, 1)
        hidden: frozenset[str] = frozenset()
        if self._linking:
            hidden = frozenset(k for k, n in self._private.items() if n > 0 and self._shown[k] <= 0)
        fresh, self._hidden = hidden != self._hidden, hidden

        def public_win(win: Win) -> Win | None:
            return None if win.private else without_links(win, hidden) if hidden else win

        wins = self._wins.apply(public_win, fresh)
        steps = self._steps.update(vault.micro_goals, _public_step)
        goals = {s: _public_goal(goal) for s, goal in vault.goals.items() if not goal.private}
        return dataclasses.replace(
            vault,
            entries=(),
            wins=tuple(filter(None, wins)),
            goals=goals,
            micro_goals=tuple(filter(None, steps)),
            problems=(),
        )

    def _count(self, wins: Iterable[Win], sign: int) -> None:
        for win in wins:
            if win.private:
                continue
            if win.id:
                self._shown[win.id] += sign
            if "#^" in win.text:
                self._linking += sign


def _nothing(entry: Entry) -> None:
    return None


def _private_block_ids(entries: Iterable[Entry]) -> Iterable[str]:
    return (win.id for entry in entries for win in entry.wins if win.private and win.id)


def _public_step(step: MicroGoal) -> MicroGoal | None:
    return None if step.private else step


def without_links(win: Win, ids: AbstractSet[str]) -> Win:
    """``win`` without its links to the blocks ``ids`` (in its chains, text and fields);
    the same object when it has none."""
    if "#^" not in win.text:
        return win
    text = drop_block_links(win.text, ids)
    if text == win.text:
        return win
    fields = {
        key: drop_block_links(value, ids) if isinstance(value, str) else value
        for key, value in win.fields.items()
    }
    follows = tuple(target for target in win.follows if target not in ids)
    return dataclasses.replace(win, text=text, fields=fields, follows=follows)


def _private_ids(vault: Vault, public: list[Win]) -> frozenset[str]:
    """The block ids that only private wins have (an undated private win's too), when a
    public win links to a block at all."""
    if not any("#^" in win.text for win in public):
        return frozenset()
    shown = {win.id for win in public if win.id}
    return frozenset(
        win.id
        for entry in vault.entries
        for win in entry.wins
        if win.private and win.id and win.id not in shown
    )


def _public_goal(goal: Goal) -> Goal:
    if not any(milestone.private for milestone in goal.milestones):
        return goal
    milestones = tuple(milestone for milestone in goal.milestones if not milestone.private)
    return dataclasses.replace(goal, milestones=milestones)


@dataclass(frozen=True, slots=True)
class HeldBack:
    """What :func:`public_vault` leaves out of a vault, and why (as :data:`HIDDEN_BY`
    reasons, in that order)."""

    files: tuple[Entry, ...]
    """The private files; each one's ``hidden_by`` says why."""
    wins: tuple[tuple[Win, tuple[HiddenBy, ...]], ...]
    """Every private win, with all that makes it private: its file's reasons, a private
    tag of its own (or its note's), a private goal it serves."""
    milestones: tuple[tuple[Goal, Milestone], ...]
    """The milestones with a private tag, of the goals that are published."""


def held_back(vault: Vault) -> HeldBack:
    """What the public view of ``vault`` (a linked vault, whose flags are final) leaves
    out, and why."""
    hidden = private_goals(vault.goals)
    files = {entry.file: entry.hidden_by for entry in vault.entries}
    tags = vault.config.private_tags
    wins = tuple(
        (win, _win_hidden_by(win, files.get(win.file, ()), tags, hidden))
        for win in vault.wins
        if win.private
    )
    milestones = tuple(
        (goal, milestone)
        for goal in vault.goals.values()
        if not goal.private
        for milestone in goal.milestones
        if milestone.private
    )
    private_files = tuple(entry for entry in vault.entries if entry.private)
    return HeldBack(private_files, wins, milestones)


def _win_hidden_by(
    win: Win, file: tuple[str, ...], private_tags: tuple[str, ...], hidden: AbstractSet[str]
) -> tuple[HiddenBy, ...]:
    """Why ``win`` is private: what hides its file, a private tag (its own, or its
    note's when it has none), a link to a private goal."""
    reasons = set(file)
    if any(tag_matches(tag, private_tags) for tag in win.tags):
        reasons.add("private-tag")
    if not hidden.isdisjoint(win.goals):
        reasons.add("private-goal")
    return tuple(reason for reason in HIDDEN_BY if reason in reasons)

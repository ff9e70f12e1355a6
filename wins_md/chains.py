"""Momentum chains: this email led to that call led to that interview. A win that
``follows`` another (``[[2026-11-01#^email]]``) continues the chain of that win; a
win followed by two starts two branches, and the chain is a small tree. Pure.

A chain is walked from its end back along each win's first ``follows``, so a win
belongs to one chain path however many it follows; a loop of links stops the walk.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from wins_md.model import Win

T = TypeVar("T")


def chain_paths(items: Sequence[T], win_of: Callable[[T], Win]) -> list[tuple[T, ...]]:
    """Every chain from its first win to each of its ends, in the order of ``items``'
    ends (``items`` hold wins, or views of wins that ``win_of`` opens). A chain has two
    wins or more; a tree of chains gives one path per end."""
    by_id = {win_of(item).id: item for item in items if win_of(item).id}
    followed = {target for item in items for target in win_of(item).follows if target in by_id}
    paths = []
    for item in items:
        win = win_of(item)
        if not win.follows or (win.id and win.id in followed):
            continue  # not the end of a chain
        path = [item]
        seen = {id(item)}
        current = win
        while current.follows and current.follows[0] in by_id:
            earlier = by_id[current.follows[0]]
            if id(earlier) in seen:
                break
            seen.add(id(earlier))
            path.append(earlier)
            current = win_of(earlier)
        if len(path) > 1:
            paths.append(tuple(reversed(path)))
    return paths


@dataclass(frozen=True, slots=True)
class Chain:
    """A momentum chain: its first win, then a row per win in reading order, each with
    its depth below the first (a chain without branches is a line of depth 0, 1, 2...)."""

    rows: tuple[tuple[int, Win], ...]
    """``(depth, win)``, each win after the one it follows, branches one after the other."""

    @property
    def wins(self) -> tuple[Win, ...]:
        return tuple(win for _, win in self.rows)

    @property
    def first(self) -> Win:
        return self.rows[0][1]

    @property
    def payoff(self) -> Win:
        """The latest win of the chain (the last of a line)."""
        return max(self.wins, key=_date)

    @property
    def steps(self) -> int:
        """How many wins the chain holds."""
        return len(self.rows)

    @property
    def days(self) -> int:
        """Days from the first win to the payoff."""
        first, last = self.first.date, self.payoff.date
        return (last - first).days if first and last else 0

    @property
    def branches(self) -> bool:
        """True when a win of the chain is followed by two or more (shown as a tree)."""
        return any(depth != row for row, (depth, _) in enumerate(self.rows))

    def to_json(self) -> dict[str, object]:
        """``{"steps", "days", "branches", "wins": [{"depth", "win"}, ...]}``: flat, so a
        chain of any length stays shallow JSON."""
        return {
            "steps": self.steps,
            "days": self.days,
            "branches": self.branches,
            "wins": [{"depth": depth, "win": win.to_json()} for depth, win in self.rows],
        }


def chains_of(wins: Sequence[Win]) -> tuple[Chain, ...]:
    """The momentum chains of ``wins`` (in date order), by their first win: the paths
    of :func:`chain_paths` that start at the same win are one chain, a tree."""
    children: dict[int, list[Win]] = {}
    starts: dict[int, Win] = {}
    for path in chain_paths(wins, _itself):
        starts.setdefault(id(path[0]), path[0])
        for earlier, later in itertools.pairwise(path):
            found = children.setdefault(id(earlier), [])
            if all(win is not later for win in found):
                found.append(later)
    order = {id(win): position for position, win in enumerate(wins)}
    chains = []
    for start in sorted(starts.values(), key=lambda win: order[id(win)]):
        rows: list[tuple[int, Win]] = []
        shown: set[int] = set()
        pending = [(0, start)]
        while pending:  # depth first, without recursion: a chain may be thousands long
            depth, win = pending.pop()
            if id(win) in shown:
                continue  # a loop of links: paths entering it at two places meet
            shown.add(id(win))
            rows.append((depth, win))
            following = sorted(children.get(id(win), ()), key=lambda w: order[id(w)])
            pending.extend((depth + 1, later) for later in reversed(following))
        chains.append(Chain(tuple(rows)))
    return tuple(chains)


def _itself(win: Win) -> Win:
    return win


def _date(win: Win) -> dt.date:
    return win.date or dt.date.min  # a vault's wins are all dated

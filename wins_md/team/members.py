"""Each member's published ``wins.json``, read from where ``team.toml`` says (a folder,
the file, or ``git show BRANCH:wins.json`` in a repository), checked for the shape the
team page needs, and boiled down to what the page shows of them.

Only what the member published is read, so nothing private can enter. One member is
read at a time and only a digest is kept (a few numbers, two days of stand-up, their
goals): a team of hundreds with years of wins each is never held in memory at once.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from wins_md.files import read_regular
from wins_md.model import Problem
from wins_md.team.roster import Member, Roster
from wins_md.team.shape import GoalRecord, day_number, document_problem, goal_record, win_problem
from wins_md.team.standup import choose, is_shared

WEEK = 7
REPORTED = 5
"""Bad wins (and bad goals) named one by one per member; the rest are counted."""
GIT_SECONDS = 120


@dataclass(frozen=True, slots=True)
class StandupWin:
    """A win on someone's stand-up."""

    title: str
    tags: tuple[str, ...]
    goals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Standup:
    """Someone's stand-up of one day: the wins they shared, else their newest."""

    wins: tuple[StandupWin, ...] = ()
    shared: bool = False


@dataclass(frozen=True, slots=True)
class MemberDigest:
    """What the team page keeps of one member."""

    member: Member
    readable: bool
    """False when their ``wins.json`` could not be read at all (the page says so)."""
    title: str | None = None
    updated: str | None = None
    wins: int = 0
    """Their published wins up to today."""
    last_win: int | None = None
    """The ordinal of their latest win up to today."""
    week: tuple[int, ...] = (0,) * WEEK
    """Wins on each of the seven days ending today, oldest first."""
    today: Standup = field(default_factory=Standup)
    yesterday: Standup = field(default_factory=Standup)
    goals: tuple[GoalRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Read:
    """One member as read: the digest, the days (ordinals) with a win up to today, and
    what was wrong."""

    digest: MemberDigest
    days: frozenset[int]
    problems: tuple[Problem, ...]


class Unreadable(Exception):
    """A member's ``wins.json`` cannot be had: ``where`` (as written) and why."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(where, message)
        self.where, self.message = where, message


def read_members(roster: Roster, today: int) -> Iterator[Read]:
    """Every member of ``roster``, read one at a time, as of the ordinal ``today``."""
    for member in roster.members:
        yield read_member(roster, member, today)


def read_member(roster: Roster, member: Member, today: int) -> Read:
    """One member's digest, as of the ordinal ``today``; never raises for their file."""
    try:
        where, data = read_source(member)
        try:
            document = json.loads(data)
        except json.JSONDecodeError as error:
            detail = f"{error.msg} (line {error.lineno}, column {error.colno})"
            raise Unreadable(where, f"not valid JSON: {detail}") from None
        except UnicodeDecodeError:
            raise Unreadable(where, "not UTF-8 text") from None
        except RecursionError:
            raise Unreadable(where, "nested too deeply to be a wins.json") from None
        wrong = document_problem(document)
        if wrong is not None:
            raise Unreadable(where, wrong)
    except Unreadable as failure:
        problem = roster.problem(member, f"{failure.where}: {failure.message}")
        return Read(MemberDigest(member, readable=False), frozenset(), (problem,))
    problems: list[Problem] = []

    def report(message: str) -> None:
        problems.append(roster.problem(member, f"{where}: {message}"))

    return _digest(member, document, today, report, problems)


def read_source(member: Member) -> tuple[str, bytes]:
    """Where the member's ``wins.json`` was read (as a message names it) and its bytes."""
    if member.branch is not None:
        return _read_git(member)
    path, where = member.path, member.where
    hint = "'path' names their published site's folder or its wins.json"
    if path.is_dir():
        path, where = path / "wins.json", f"{where.rstrip('/')}/wins.json"
        if not path.exists():
            raise Unreadable(member.where, f"holds no wins.json; {hint}")
    try:
        return where, read_regular(path)
    except FileNotFoundError:
        raise Unreadable(where, f"not found; {hint}") from None
    except OSError as error:
        raise Unreadable(where, f"cannot be read: {error.strerror or error}") from None


def _read_git(member: Member) -> tuple[str, bytes]:
    """``git show BRANCH:wins.json`` in the member's repository; git never looks for a
    repository above the folder named (a folder inside another repository is not one)."""
    spec = f"{member.branch}:wins.json"
    where = f"{member.where} {spec}"
    if not member.path.is_dir():
        raise Unreadable(member.where, "not a git repository")
    if _git(member, "rev-parse", "--git-dir").returncode != 0:
        raise Unreadable(member.where, "not a git repository")
    done = _git(member, "show", "--no-textconv", spec)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        said = reason[-1].removeprefix("fatal: ") if reason else "git gave no reason"
        raise Unreadable(where, f"git cannot read it: {said}")
    return where, done.stdout


def _git(member: Member, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(member.path.resolve().parent)}
    try:
        return subprocess.run(
            ["git", "-C", str(member.path), *args],
            env=env,
            capture_output=True,
            check=False,
            timeout=GIT_SECONDS,
        )
    except FileNotFoundError:
        raise Unreadable(member.where, "git is not installed; a 'git' member needs it") from None
    except subprocess.TimeoutExpired:
        raise Unreadable(member.where, f"git took more than {GIT_SECONDS} s") from None


def _digest(
    member: Member,
    document: dict[str, Any],
    today: int,
    report: Callable[[str], None],
    problems: list[Problem],
) -> Read:
    """Count a member's wins and pick their stand-ups in one pass over their wins."""
    first = today - WEEK + 1
    week = [0] * WEEK
    days: set[int] = set()
    recent: dict[int, list[dict[str, Any]]] = {today: [], today - 1: []}
    numbers: dict[str, int | None] = {}  # each distinct date is read once
    total, last, bad = 0, 0, 0
    for index, win in enumerate(document["wins"]):
        wrong = win_problem(win)
        if wrong is None:
            text = win["date"]
            day = numbers[text] if text in numbers else numbers.setdefault(text, day_number(text))
            if day is None:
                wrong = f"'date': expected a date like 2026-11-22, got {text!r}"
        if wrong is not None:
            bad += 1
            if bad <= REPORTED:
                report(f"wins[{index}]: {wrong}; the win is left out")
            continue
        assert day is not None
        if day > today:
            continue  # a day after the one the page is built for
        total += 1
        days.add(day)
        last = max(last, day)
        if day >= first:
            week[day - first] += 1
            if day in recent:
                recent[day].append(win)
    if bad > REPORTED:
        report(f"{bad - REPORTED} more wins with problems are left out")
    digest = MemberDigest(
        member,
        readable=True,
        title=document["title"],
        updated=document["updated"],
        wins=total,
        last_win=last or None,
        week=tuple(week),
        today=_standup(recent[today]),
        yesterday=_standup(recent[today - 1]),
        goals=_goals(document["goals"], report),
    )
    return Read(digest, frozenset(days), tuple(problems))


def _standup(wins: list[dict[str, Any]]) -> Standup:
    chosen, shared = choose(wins, [is_shared(win["tags"], win["fields"]) for win in wins])
    return Standup(
        tuple(StandupWin(win["title"], tuple(win["tags"]), tuple(win["goals"])) for win in chosen),
        shared,
    )


def _goals(goals: list[Any], report: Callable[[str], None]) -> tuple[GoalRecord, ...]:
    records = []
    bad = 0
    for index, goal in enumerate(goals):
        record = goal_record(goal)
        if isinstance(record, str):
            bad += 1
            if bad <= REPORTED:
                report(f"goals[{index}]: {record}; the goal is left out")
            continue
        records.append(record)
    if bad > REPORTED:
        report(f"{bad - REPORTED} more goals with problems are left out")
    return tuple(records)

"""The vault's problems as ``wins serve``'s preview shows them. Pure.

Written pages never show problems (their ``site.problems`` is :data:`NO_PROBLEMS`):
the files a build writes are the ones people publish.
"""

from __future__ import annotations

from dataclasses import dataclass

from wins_md.config import CONFIG_NAME
from wins_md.model import Problem, Vault

BANNER_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class ProblemBanner:
    """The vault's problems as ``wins serve``'s preview shows them: listed only when their
    file is known to be public and they name nothing private (the preview may be seen by
    others, ``--host``); the others are only counted. Written pages get
    :data:`NO_PROBLEMS`."""

    listed: tuple[Problem, ...]
    """At most :data:`BANNER_PROBLEMS` problems, as ``path:line: message``."""
    private: int
    """Problems in private files, files whose privacy is unknown (unreadable front
    matter, sync-conflict copies, files not read), or naming private content."""
    more: int
    """Publishable problems beyond the listed ones."""


NO_PROBLEMS = ProblemBanner((), 0, 0)
"""What the banner of a written page holds: nothing (only ``wins serve`` shows problems)."""


def problem_banner(vault: Vault) -> ProblemBanner:
    """Sort the vault's problems into those a published page may list and those it
    only counts."""
    if not vault.problems:
        return NO_PROBLEMS
    private_goals = {slug for slug, goal in vault.goals.items() if goal.private}
    public_files = {CONFIG_NAME} | {entry.file for entry in vault.entries if not entry.private}
    unpublished = [
        win
        for entry in vault.entries
        for win in entry.wins
        if win.private or not private_goals.isdisjoint(win.goals)
    ]
    unpublished_lines = {(win.file, win.line) for win in unpublished}
    # A message may quote another file, a goal or a block id: none of them private.
    secrets = (
        {entry.file for entry in vault.entries if entry.private}
        | private_goals
        | {win.id for win in unpublished if win.id}
    )
    listed: list[Problem] = []
    private = more = 0
    for problem in vault.problems:
        if (
            problem.path not in public_files
            or (problem.path, problem.line) in unpublished_lines
            or any(secret in problem.message for secret in secrets)
        ):
            private += 1
        elif len(listed) < BANNER_PROBLEMS:
            listed.append(problem)
        else:
            more += 1
    return ProblemBanner(tuple(listed), private, more)

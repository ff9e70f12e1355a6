"""Goals from the command line: ``wins goal new`` (a title or a slug makes
``goals/SLUG.md`` from the goal template) and the goals ``wins add --goal`` links to,
made with ``--new-goal`` when asked."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from wins_md.capture.entries import (
    SLUG,
    AlreadyThere,
    check_characters,
    check_vault,
    create,
    locked_writes,
    relative,
    render,
)
from wins_md.config import Config
from wins_md.errors import UsageProblem, did_you_mean


def slug_for_title(name: str) -> str:
    """The goal slug of a name: ``Learn Spanish`` -> ``learn-spanish``, ``Café`` ->
    ``cafe``; empty when nothing of it can go in a slug."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


def goal_slugs(root: Path, config: Config) -> list[str]:
    """The slugs of the vault's goal files (their names, lower-case), sorted."""
    folder = Path(root) / config.goals_dir
    found = {path.stem.lower() for path in folder.rglob("*.md")} if folder.is_dir() else set()
    return sorted(found)


def resolve_goals(
    root: Path, config: Config, names: Iterable[str], create: bool, today: dt.date
) -> list[str]:
    """The slugs ``wins add --goal`` links to: each name as an existing goal's slug
    (case aside), else a new goal made from it when ``create``, else a usage error
    naming the nearest goal."""
    slugs = goal_slugs(root, config)
    resolved = []
    for name in names:
        wanted = name.strip().removeprefix("[[").removesuffix("]]").strip()
        slug = wanted.lower() if wanted.lower() in slugs else None
        if slug is None and create:
            slug = new_goal(root, config, wanted, today=today).stem
            slugs.append(slug)
        if slug is None:
            hint = did_you_mean(wanted.lower(), slugs)
            raise UsageProblem(f"--goal: unknown goal '{wanted}'{hint}; --new-goal makes it")
        resolved.append(slug)
    return resolved


def new_goal(
    root: Path,
    config: Config,
    name: str,
    title: str | None = None,
    today: dt.date | None = None,
    *,
    sample: bool = False,
) -> Path:
    """Create ``goals/SLUG.md`` from the goal template. ``name`` is a slug, or the
    goal's title (``Learn Spanish`` makes ``learn-spanish`` with that title); a
    taken slug raises :class:`AlreadyThere`. ``sample`` (``wins init``'s goal) makes it
    private: it shows how a goal is written, and is not published as the user's own."""
    check_vault(root)
    slug = name if SLUG.match(name) else slug_for_title(name)
    if not slug:
        raise UsageProblem(
            f"'{name}' is not a goal slug; use lower-case letters, digits and "
            "dashes, like 'land-design-role'"
        )
    if slug != name:
        title = title or name
    goals_dir = Path(root) / config.goals_dir
    taken = (
        [p for p in goals_dir.rglob("*.md") if p.stem.lower() == slug] if goals_dir.is_dir() else []
    )
    if taken:
        raise AlreadyThere(
            f"goal '{slug}' already exists: {relative(root, taken[0])}; "
            "wins never overwrites a file",
            taken[0],
        )
    title = " ".join((title or "").split()) or slug.replace("-", " ").capitalize()
    check_characters(title)
    context = {
        "slug": slug,
        "title": title,
        "today": today or config.today(),
        "config": config,
        "sample": sample,
    }
    text = render(root, config, "goal.md", context)
    path = goals_dir / f"{slug}.md"
    with locked_writes(root):
        create(root, path, text)
    return path

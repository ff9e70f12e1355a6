"""What a build would publish, without writing anything: the files and their numbers,
what is held back and why, and what changed since the last build.

Made by the code that builds the site (:func:`~wins_md.site.render.plan_site`): the
wins it calls public are those the build writes to ``wins.json``, in its order.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wins_md.config import load_config
from wins_md.jsonfmt import dumps
from wins_md.model import HIDDEN_BY, Entry, Problem, Vault, Win
from wins_md.site.build import output_folder, source_folders
from wins_md.site.moment import updated_label
from wins_md.site.writer import MANIFEST, check_output_folder, read_built, read_manifest
from wins_md.vault import load_vault
from wins_md.vault.load import Progress
from wins_md.vault.privacy import HeldBack, held_back

WinJson = dict[str, object]


@dataclass(frozen=True, slots=True)
class Changes:
    """What a build would change, against the last one in the output folder."""

    last_build: bool
    """False when the output folder holds no earlier build (then everything is new)."""
    new_wins: tuple[WinJson, ...]
    removed_wins: tuple[WinJson, ...]
    """Wins as ``wins.json`` holds them: a win whose text changed is removed and new."""
    pages_added: tuple[str, ...]
    pages_removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Preview:
    """What ``wins build`` would publish into :attr:`folder`, as of :attr:`today`."""

    folder: Path
    today: dt.date
    pages: tuple[str, ...]
    """Every file the build would write, by path inside the folder."""
    wins: tuple[WinJson, ...]
    """The wins of ``wins.json``, in its order."""
    goals: tuple[tuple[str, str], ...]
    """The published goals, ``(slug, title)``, as ``wins.json`` lists them."""
    feed_days: int
    held: HeldBack
    later: tuple[Win, ...]
    """Wins dated after today: left out until their day."""
    problems: dict[str, Problem]
    """The first problem of each private file, which says why front matter is unreadable."""
    changes: Changes


def preview_site(
    root: str | Path,
    out: Path | None = None,
    today: dt.date | None = None,
    *,
    cache: bool = True,
    progress: Progress | None = None,
) -> Preview:
    """What :func:`~wins_md.site.build.build_site` would publish, computed as it does,
    and nothing written to the output folder (the folder is checked as a build checks
    it, so a folder a build would refuse is refused here too)."""
    from wins_md.site.environment import make_environment
    from wins_md.site.render import plan_site
    from wins_md.site.views import FEED_DAYS, days_with_wins

    root = Path(root)
    config = load_config(root)
    target = output_folder(root, config, out)
    check_output_folder(target, root, root / config.output_dir, source_folders(root, config))
    vault = load_vault(root, config, cache=cache, progress=progress)
    day = today or config.today()
    current = vault.as_of(day)
    plan = plan_site(current, day, updated_label(day), env=make_environment(root, config))
    wins = tuple(view.win.to_json() for view in plan.data.wins)
    held = held_back(current)
    return Preview(
        folder=target,
        today=day,
        pages=tuple(sorted(plan.files)),
        wins=wins,
        goals=tuple((card.goal.slug, card.goal.title) for card in plan.data.goals),
        feed_days=len(days_with_wins(plan.data.wins, day, FEED_DAYS)),
        held=held,
        later=_later(vault, day),
        problems=_first_problems(current, held.files),
        changes=_changes(target, plan.files.keys(), wins),
    )


def _later(vault: Vault, day: dt.date) -> tuple[Win, ...]:
    return tuple(win for win in vault.wins if win.date is not None and win.date > day)


def _first_problems(vault: Vault, files: tuple[Entry, ...]) -> dict[str, Problem]:
    unreadable = {entry.file for entry in files if "unreadable" in entry.hidden_by}
    found: dict[str, Problem] = {}
    for problem in vault.problems:
        if problem.path in unreadable:
            found.setdefault(problem.path, problem)
    return found


def _changes(target: Path, pages: Iterable[str], wins: tuple[WinJson, ...]) -> Changes:
    """The wins and pages of this build against the last one's ``wins.json`` and
    manifest."""
    old_pages = set(read_manifest(target)) - {MANIFEST}
    new_pages = set(pages)
    old_wins = _built_wins(target)
    if old_wins is None:
        return Changes(bool(old_pages), wins, (), tuple(sorted(new_pages - old_pages)), ())
    new = collections.Counter(map(_key, wins))
    old = collections.Counter(map(_key, old_wins))
    return Changes(
        last_build=True,
        new_wins=tuple(_unkeyed(new - old)),
        removed_wins=tuple(_unkeyed(old - new)),
        pages_added=tuple(sorted(new_pages - old_pages)),
        pages_removed=tuple(sorted(old_pages - new_pages)),
    )


def _built_wins(target: Path) -> list[WinJson] | None:
    """The wins of the last build's ``wins.json``; None when there is none to read."""
    data = read_built(target, "wins.json")
    if data is None:
        return None
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return None
    wins = document.get("wins") if isinstance(document, dict) else None
    if not isinstance(wins, list):
        return None
    return [win for win in wins if isinstance(win, dict)]


def _key(win: WinJson) -> str:
    return json.dumps(win, sort_keys=True, ensure_ascii=False)


def _unkeyed(keys: collections.Counter[str]) -> list[WinJson]:
    """The wins counted in ``keys``, in date order."""
    wins: list[WinJson] = [json.loads(key) for key in keys.elements()]
    wins.sort(key=lambda win: (str(win.get("date")), str(win.get("file")), str(win.get("line"))))
    return wins


def preview_json(preview: Preview) -> str:
    """The preview as one JSON object (``--format json``)."""
    held = preview.held
    counts = collections.Counter(win.file for win, _ in held.wins)
    document = {
        "folder": str(preview.folder),
        "today": preview.today.isoformat(),
        "pages": list(preview.pages),
        "wins": list(preview.wins),
        "goals": [{"slug": slug, "title": title} for slug, title in preview.goals],
        "feed_days": preview.feed_days,
        "held_back": {
            "files": [_file_json(entry, counts[entry.file], preview) for entry in held.files],
            "wins": [{**win.to_json(), "reasons": list(why)} for win, why in held.wins],
            "goals": [
                {"slug": entry.goal.slug, "title": entry.goal.title, "file": entry.file}
                | {"reasons": list(entry.hidden_by)}
                for entry in held.files
                if entry.goal is not None
            ],
            "milestones": [
                {"goal": goal.slug, "file": goal.file, "line": m.line, "title": m.text}
                for goal, m in held.milestones
            ],
            "later": [win.to_json() for win in preview.later],
        },
        "reasons": list(HIDDEN_BY),
        "changes": {
            "last_build": preview.changes.last_build,
            "new_wins": list(preview.changes.new_wins),
            "removed_wins": list(preview.changes.removed_wins),
            "pages_added": list(preview.changes.pages_added),
            "pages_removed": list(preview.changes.pages_removed),
        },
    }
    return dumps(document) + "\n"


def _file_json(entry: Entry, wins: int, preview: Preview) -> dict[str, object]:
    problem = preview.problems.get(entry.file)
    return {
        "file": entry.file,
        "reasons": list(entry.hidden_by),
        "wins": wins,
        "goal": entry.goal.slug if entry.goal is not None else None,
        "problem": str(problem) if problem is not None else None,
    }

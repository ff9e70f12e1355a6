"""Reading parser fixtures: ``name.md`` (input) beside ``name.json`` (expected result)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wins_md.config import Config
from wins_md.parse.entry import parse_text

DEFAULT_PATH = "journal/2026/2026-11-22.md"
# Where a fixture lives in its imaginary vault, when that matters to the rule.
PATHS = {
    "file-dates": "journal/2026/2026-11-15.md",
    "logseq-file-name": "journals/2026_11_16.md",
    "logseq-outline": "journals/2026_11_22.md",
    "undated-note": "projects/ideas.md",
    "review-file": "reviews/2026-W47.md",
    "goal-file": "goals/land-design-role.md",
    "front-matter-wins": "notes/2026-11-20 retro.md",
}


def read_fixture_path(md: Path) -> str:
    """The vault path a fixture is parsed as."""
    return PATHS.get(md.stem, DEFAULT_PATH)


def fixture_result(md: Path) -> dict[str, Any]:
    """Parse a fixture and reduce the entry to what the expected file records."""
    entry, problems = parse_text(md.read_text("utf-8"), read_fixture_path(md), Config())
    result: dict[str, Any] = {
        "entry": {
            "kind": entry.kind,
            "date": entry.date.isoformat() if entry.date else None,
            "private": entry.private,
        },
        "wins": [],
        "micro_goals": [
            {"line": m.line, "status": m.status, "title": m.title, "goals": list(m.goals)}
            for m in entry.micro_goals
        ],
        "problems": [f"{p.line}: {p.message}" for p in problems],
    }
    for win in entry.wins:
        data = win.to_json()
        del data["file"]
        data["setback"] = win.setback
        result["wins"].append(data)
    if entry.milestones:
        result["milestones"] = [
            {
                "line": m.line,
                "text": m.text,
                "done": m.done,
                "date": m.date.isoformat() if m.date else None,
            }
            for m in entry.milestones
        ]
    if entry.goal:
        goal = entry.goal
        result["goal"] = {
            "slug": goal.slug,
            "title": goal.title,
            "status": goal.status,
            "started": str(goal.started),
            "due": str(goal.due),
            "metric": goal.metric,
            "target": goal.target,
            "parent": goal.parent,
        }
    return json.loads(json.dumps(result))

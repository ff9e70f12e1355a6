"""wins-md: a record of small wins and the goals they serve, in plain Markdown files.

The public API::

    from wins_md import load_vault, compute_stats

    vault = load_vault("notes")
    for win in vault.wins:
        print(win.date, win.title, win.goals)
    stats = compute_stats(vault, today=vault.config.today())

Names are imported on first use, so ``wins --help`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Config": "config",
    "load_config": "config",
    "locate_vault": "locate",
    "Entry": "model",
    "Goal": "model",
    "GoalStats": "stats_model",
    "MicroGoal": "model",
    "Milestone": "model",
    "Problem": "model",
    "Stats": "stats_model",
    "Vault": "model",
    "Win": "model",
    "parse_text": "parse.entry",
    "compute_stats": "stats",
    "load_vault": "vault.load",
    "build_site": "site.build",
    "schema_path": "resources",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    from wins_md.config import Config, load_config
    from wins_md.locate import locate_vault
    from wins_md.model import (
        Entry,
        Goal,
        MicroGoal,
        Milestone,
        Problem,
        Vault,
        Win,
    )
    from wins_md.parse.entry import parse_text
    from wins_md.resources import schema_path
    from wins_md.site.build import build_site
    from wins_md.stats import compute_stats
    from wins_md.stats_model import GoalStats, Stats
    from wins_md.vault.load import load_vault


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'wins_md' has no attribute '{name}'")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)

"""``wins export``: choose the wins as ``wins list`` does, then write them in a format
of the registry to a file (replaced atomically) or a stream."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from wins_md.config import Config, load_config
from wins_md.errors import UsageProblem, WinsError
from wins_md.export import exporter
from wins_md.export.base import ExportData, Exporter
from wins_md.export.progress import goal_progress
from wins_md.query import Filters, Listing, list_wins
from wins_md.stats_model import GoalStats
from wins_md.store.atomic import write_atomic
from wins_md.store.list_index import discard_index
from wins_md.vault.load import Progress


@dataclass(frozen=True, slots=True)
class Choice:
    """Which wins to export: the filters of ``wins list``, its ``--grep`` and ``-n``."""

    filters: Filters = field(default_factory=Filters)
    words: str | None = None
    newest: int | None = None


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: how many wins, and how many problems the vault has."""

    wins: int
    problem_count: int


def export_wins(
    root: Path,
    name: str,
    choice: Choice,
    target: Path | BinaryIO,
    *,
    today: dt.date | None = None,
    cache: bool = True,
    progress: Progress | None = None,
) -> Exported:
    """Write the wins ``choice`` picks from the vault at ``root`` in the format ``name``
    (see :data:`~wins_md.export.FORMATS`) to ``target``: a file, replaced whole, or a
    binary stream. As of ``today`` (default: today in the vault's timezone), from the
    list index when it is current, unless the format reads the vault whole."""
    kind = exporter(name)
    if kind.needs_file and not isinstance(target, Path):
        raise UsageProblem(f"--format {name} writes a database file: name it with -o FILE")
    config = load_config(root)
    day = today or config.today()
    data = _gather(root, config, kind, choice, day, cache, progress)
    chunks = kind(data).chunks()  # a failure before the first byte leaves the target be
    if isinstance(target, Path):
        try:
            write_atomic(target, chunks)
        except OSError as error:
            raise WinsError(f"{target}: cannot be written: {error.strerror or error}") from None
    else:
        for chunk in chunks:
            target.write(chunk)
        target.flush()
    return Exported(len(data.listing), data.listing.problem_count)


def _gather(
    root: Path,
    config: Config,
    kind: type[Exporter],
    choice: Choice,
    today: dt.date,
    cache: bool,
    progress: Progress | None,
) -> ExportData:
    """The wins chosen, and the goals' progress when the format shows it."""
    include_private = choice.filters.include_private

    def listing() -> Listing:
        found = list_wins(
            root,
            config,
            choice.filters,
            cache=cache,
            progress=progress,
            today=today,
            whole=kind.needs_vault,
        )
        if choice.words is not None:
            found = found.matching(choice.words)
        return found if choice.newest is None else found.newest(choice.newest)

    chosen = listing()
    goals: tuple[GoalStats, ...] = ()
    if kind.needs_goals:
        try:
            goals = goal_progress(chosen, config, today, include_private)
        except (AttributeError, LookupError, TypeError, ValueError, RecursionError) as error:
            if chosen.index is None:
                raise
            discard_index(root, error)  # damaged: read the vault, which writes it anew
            chosen = listing()
            goals = goal_progress(chosen, config, today, include_private)
    return ExportData(chosen, config, today, include_private, goals)

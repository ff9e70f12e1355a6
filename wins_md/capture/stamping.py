"""``wins stamp``: the ticks of the ledger written into the notes as done dates.

A file is stamped only when it has not changed for :data:`QUIET_SECONDS` (an editor
that has it open may be about to save it again), through
:func:`~wins_md.capture.update.update_file`, as ``wins add`` writes: what another
program writes meanwhile is kept, or the edit is made again on its text. Each edit
is found by the task's key in the file as it is then, never by a line number read
earlier. Stamping twice changes nothing: the ledger remembers each date it wrote, and
a task unticked loses that date (and only a date wins-md wrote).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from wins_md.capture.entries import decode, locked_writes, relative
from wins_md.capture.stamp import Edit, Style, stamp_text
from wins_md.capture.ticks import Tick, observe, save_ledger, saved_days, unread_files
from wins_md.capture.update import update_file
from wins_md.config import Config, is_logseq_graph, load_config
from wins_md.errors import WinsError
from wins_md.files import read_regular
from wins_md.model import Vault
from wins_md.parse.ledger import Record
from wins_md.vault.ledger import load_ledger

QUIET_SECONDS = 3.0
"""A note changed more recently than this is stamped later: its editor may save again."""
_TITLE_FORMAT = re.compile(r':journal/page-title-format\s+"([^"\\]*)"')
Place = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class Stamped:
    """A done date written into a note (``new``), or taken out of one (``old``)."""

    file: str
    key: str
    written: str
    """The date as written (``✅ 2026-12-02``), or as taken out."""
    record: Record
    removed: bool = False


@dataclass(slots=True)
class StampReport:
    """What :func:`stamp_notes` did."""

    records: dict[Place, Record]
    """The ledger's records, each date written or taken out noted in them."""
    stamped: list[Stamped] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    """Files changed in the last :data:`QUIET_SECONDS`: stamped next time."""
    failed: list[str] = field(default_factory=list)
    """What could not be stamped, as ``path: message``."""


def vault_style(root: Path, vault: Vault) -> Style:
    """How the vault writes done dates: a Logseq graph's property in its page-title
    format; else the Tasks plugin's setting (emoji or Dataview); else what most of the
    vault's done dates use; else ``✅``."""
    if is_logseq_graph(root):
        try:
            found = _TITLE_FORMAT.search(read_regular(root / "logseq" / "config.edn").decode())
        except (OSError, UnicodeDecodeError):
            found = None
        return Style("logseq", found.group(1)) if found else Style("logseq")
    settings_path = root / ".obsidian" / "plugins" / "obsidian-tasks-plugin" / "data.json"
    try:
        settings = json.loads(read_regular(settings_path))
    except (OSError, ValueError):
        settings = None
    chosen = settings.get("taskFormat") if isinstance(settings, dict) else None
    if chosen in ("dataview", "tasksPluginEmoji"):
        return Style("dataview" if chosen == "dataview" else "emoji")
    dated = [win for win in vault.wins if "completion" in win.fields]
    emoji = sum(1 for win in dated if "✅" in win.text)
    return Style("dataview" if len(dated) - emoji > emoji else "emoji")


def due(records: Iterable[Record]) -> dict[str, dict[tuple[str, int], Edit]]:
    """The edits the ledger asks for, by file: each tick's date to write (taking out an
    earlier one wins-md wrote), each date wins-md wrote for a task now open to take out."""
    edits: dict[str, dict[tuple[str, int], Edit]] = {}
    for record in records:
        if record.ticked != record.stamped:
            edits.setdefault(record.file, {})[record.key, record.nth] = (
                record.stamped,
                record.ticked,
            )
    return edits


def stamp_notes(
    root: Path,
    config: Config,
    records: Mapping[Place, Record],
    style: Style,
    *,
    quiet: float = QUIET_SECONDS,
    dry_run: bool = False,
) -> StampReport:
    """Make the edits :func:`due` finds in each quiet note. Call it under the vault lock;
    the caller saves :attr:`StampReport.records` as the ledger."""
    report = StampReport(dict(records))
    newest = time.time() - quiet
    for file, edits in sorted(due(records.values()).items()):
        path = root / file
        try:
            if os.stat(path).st_mtime > newest:
                report.waiting.append(file)
                continue
        except OSError:
            continue  # gone: the next look at the vault will tell
        try:
            made = _stamp_file(root, file, config, edits, style, dry_run)
        except (WinsError, OSError) as error:
            report.failed.append(getattr(error, "message", None) or f"{file}: {error}")
            continue
        _note(report, file, made, style)
    return report


def _stamp_file(
    root: Path,
    file: str,
    config: Config,
    edits: Mapping[tuple[str, int], Edit],
    style: Style,
    dry_run: bool,
) -> dict[tuple[str, int], Edit]:
    """Edit one note (or, with ``dry_run``, only work out the edits); the edits made."""
    path = root / file
    made: dict[tuple[str, int], Edit] = {}

    def change(data: bytes) -> bytes:
        new, found = stamp_text(decode(file, data), file, config, edits, style)
        made.clear()
        made.update(found)
        return new.encode("utf-8")

    change(read_regular(path))
    if made and not dry_run:  # nothing to write: the file is not touched
        update_file(path, change, relative(root, path), what="the done date")
    return made


def _note(
    report: StampReport, file: str, made: Mapping[tuple[str, int], Edit], style: Style
) -> None:
    for (key, nth), (old, new) in made.items():
        place = (file, key, nth)
        record = report.records[place]._replace(stamped=new)
        report.records[place] = record
        if old is not None and new is None:
            report.stamped.append(Stamped(file, key, style.written(old), record, removed=True))
        if new is not None:
            report.stamped.append(Stamped(file, key, style.written(new), record))
    for place, record in list(report.records.items()):
        # A date to take out that is no longer there (the editor took it out) is done.
        gone = record.ticked is None and record.stamped is not None
        if record.file == file and gone and (record.key, record.nth) not in made:
            report.records[place] = record._replace(stamped=None)


@dataclass(frozen=True, slots=True)
class StampRun:
    """What ``wins stamp`` saw and did."""

    ticks: tuple[Tick, ...]
    """Ticks seen for the first time."""
    from_git: tuple[Record, ...]
    """Ticks dated from the git history."""
    report: StampReport
    lines: dict[Place, int]
    """The line of each task of the vault, by file, key and place."""


def stamp_vault(
    root: Path,
    today: dt.date,
    *,
    from_git: bool = False,
    ledger_only: bool = False,
    dry_run: bool = False,
    quiet: float = QUIET_SECONDS,
) -> StampRun:
    """Record the ticks the vault shows in the ledger (and, ``from_git``, those its git
    history shows), then write their done dates into the notes (not ``ledger_only``);
    ``dry_run`` writes nothing at all. Raises ``WinsError``."""
    from wins_md.capture.git_ticks import git_records
    from wins_md.vault.load import load_vault

    config = load_config(root)
    with locked_writes(root):
        vault = load_vault(root, config)
        ledger, _ = load_ledger(root)
        if not ledger.readable:
            raise WinsError(f"{ledger.problems[0]}; nothing was stamped")
        saved = saved_days(root, config.timezone)
        seen = observe(ledger.records, vault.entries, unread_files(vault), saved, today)
        records = dict(seen.records)
        dated = git_records(root, config, vault, records, today) if from_git else []
        if ledger_only:
            report = StampReport(records)
        else:
            style = vault_style(root, vault)
            report = stamp_notes(root, config, records, style, quiet=quiet, dry_run=dry_run)
        if not dry_run and report.records != ledger.records:
            save_ledger(root, ledger, report.records)
    lines = {
        (entry.file, task.key, task.nth): task.line
        for entry in vault.entries
        for task in entry.tasks
    }
    return StampRun(seen.ticks, tuple(dated), report, lines)

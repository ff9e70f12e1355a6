"""What ``wins watch`` does with ticks: after each read of the vault, record in the
ledger the tasks seen open and the ticks seen since; with ``--stamp`` (or ``stamp =
true``), write each tick's done date into its note once the note has been quiet for a
few seconds (its editor may be about to save it again).

The ledger is a source of the site (a ledger arriving from another machine changes
dates), so the watcher sees its own writes to it: :meth:`TickKeeper.is_own_write`
tells them apart, so that they never start a build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Set as AbstractSet
from pathlib import Path

from wins_md.capture.stamp import Style
from wins_md.capture.stamping import QUIET_SECONDS, stamp_notes, vault_style
from wins_md.capture.ticks import record_ticks, save_ledger
from wins_md.config import Config
from wins_md.errors import WinsError
from wins_md.locate import is_vault
from wins_md.model import Vault
from wins_md.parse.ledger import Record
from wins_md.store.fingerprint import FileState, file_state
from wins_md.store.lock import vault_lock
from wins_md.vault.ledger import LedgerMemo, ledger_path
from wins_md.vault.load import VaultReader

GONE_SECONDS = 600.0
"""How long the record of a tick whose task has gone is kept, for it to turn up in
another note."""
_WHY = {"saved": "the note was saved that day", "seen": "seen checked that day", "git": "git"}


class TickKeeper:
    """The watcher's ledger: records ticks, stamps them, and knows its own writes."""

    def __init__(self, root: Path, stamp: bool | None, quiet: float = QUIET_SECONDS) -> None:
        self.root = root
        self._stamp = stamp
        self._quiet = quiet
        self._written: FileState | None = None
        self._ledger = LedgerMemo(root)
        self._gone: dict[tuple[str, str, int], float] = {}
        """When each tick whose task has gone was first missed (it may be on its way
        to another note)."""
        self._style: Style | None = None
        self._config: Config | None = None
        self.due: float | None = None
        """When notes left unstamped (changed too recently) are to be tried again."""

    def is_own_write(self) -> bool:
        """True when the ledger is as this watcher last wrote it."""
        return self._written is not None and file_state(ledger_path(self.root)) == self._written

    def observe(
        self,
        config: Config,
        vault: Vault,
        reader: VaultReader,
        today: dt.date,
        changed: tuple[str, ...] | None,
    ) -> tuple[Vault, list[str]]:
        """Record what ``vault`` shows (only the files ``changed``, when the reader read
        no others); the vault with new ticks dated, and what to say."""
        notes: list[str] = []
        if not is_vault(self.root):
            return vault, notes  # a folder read as a vault keeps no ledger until it is one
        only = None if reader.full or changed is None else set(changed)
        try:
            with vault_lock(self.root):
                ledger = self._ledger.ledger()
                seen = record_ticks(
                    self.root,
                    _only(vault, only),
                    today,
                    ledger=ledger,
                    only=only,
                    hold=self._holds,
                    orphans=self._gone.keys(),
                )
                if seen.changed:
                    self._written = file_state(ledger_path(self.root))
        except WinsError as error:
            return vault, [f"warning: {error.message}"]
        # An orphan stays one while it is gone from the notes looked at, or was not looked for.
        still = {r.place for r in seen.gone}
        self._gone = {
            place: since
            for place, since in self._gone.items()
            if place in seen.records and (place in still or (only and place[0] not in only))
        }
        notes += [
            f"{t.file}:{t.line}: ticked {t.date} ({_WHY[t.how]}): {t.key}" for t in seen.ticks
        ]
        if seen.changed:
            vault = reader.read(config, ())  # the same entries, dated by the new ledger
        self._config = config
        if config.stamp if self._stamp is None else self._stamp:
            self._style = vault_style(self.root, vault)
            notes += self.stamp()
        return vault, notes

    def _holds(self, record: Record) -> bool:
        """True while a tick whose task has gone has been missing for less than
        :data:`GONE_SECONDS`: a task cut from one note and pasted into another is
        often seen between the two saves."""
        now = time.monotonic()
        return now - self._gone.setdefault(record.place, now) < GONE_SECONDS

    def stamp(self) -> list[str]:
        """Stamp each quiet note the ledger has a date for; what to say."""
        config, style = self._config, self._style
        if config is None or style is None:
            return []
        try:
            with vault_lock(self.root):
                ledger = self._ledger.ledger()
                if not ledger.readable:
                    return []
                report = stamp_notes(self.root, config, ledger.records, style, quiet=self._quiet)
                if report.records != ledger.records:
                    save_ledger(self.root, ledger, report.records)
                    self._written = file_state(ledger_path(self.root))
        except WinsError as error:
            return [f"warning: {error.message}"]
        self.due = time.monotonic() + self._quiet if report.waiting else None
        notes = [f"warning: {message}" for message in report.failed]
        for done in report.stamped:
            action = "took out" if done.removed else "wrote"
            notes.append(f"{done.file}: {action} {done.written}: {done.key}")
        return notes


def _only(vault: Vault, files: AbstractSet[str] | None) -> Vault:
    """The vault with only the entries of ``files`` (all when None): the ticks of the
    others are not looked at."""
    if files is None:
        return vault
    return dataclasses.replace(vault, entries=tuple(e for e in vault.entries if e.file in files))

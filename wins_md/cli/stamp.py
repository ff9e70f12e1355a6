"""``wins stamp``: the ledger's ticks written into the notes as done dates."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from wins_md.cli.options import State, echo, show_logged_warnings, today_for, today_option

if TYPE_CHECKING:
    from wins_md.capture.stamping import StampRun

_WHY = {
    "saved": "ticked; the note was saved that day",
    "seen": "ticked; seen checked that day",
    "git": "ticked in a commit of that day",
}


@click.command("stamp")
@click.option(
    "--from-git",
    is_flag=True,
    help="Also date each checked task that has no done date from the commit that "
    "checked it, in the vault's git history (read locally; renames followed).",
)
@click.option(
    "--ledger-only",
    is_flag=True,
    help="Record the ticks in wins-ledger.txt and write no note.",
)
@click.option("--dry-run", is_flag=True, help="Print what would be written; write nothing.")
@today_option
@click.pass_obj
def stamp_command(
    state: State, from_git: bool, ledger_only: bool, dry_run: bool, today: str | None
) -> None:
    """Write the day of each tick into its note as a done date (✅ 2026-12-02).

    A box ticked anywhere (another editor, the phone, a sync) is a tick once
    wins-md has seen it open, then checked: wins watch and wins stamp record it
    in wins-ledger.txt. The date is written as the vault writes done dates
    (✅, [completion:: ...], or a Logseq completed:: property), and only in notes
    unchanged for 3 seconds; a task unticked loses the date wins-md wrote.

    \b
    Examples:
      wins stamp
      wins stamp --from-git --dry-run
      wins stamp --ledger-only
    """
    from wins_md.capture.stamping import QUIET_SECONDS, stamp_vault
    from wins_md.config import load_config

    show_logged_warnings()
    root = state.vault_to_write
    day = today_for(load_config(root), today)
    run = stamp_vault(root, day, from_git=from_git, ledger_only=ledger_only, dry_run=dry_run)
    verb = "would write" if dry_run else "wrote"
    if ledger_only:
        _print_ticks(run)
    for done in sorted(
        run.report.stamped, key=lambda d: (d.file, run.lines.get(d.record.place, 1))
    ):
        line = run.lines.get(done.record.place, 1)
        why = "the task was unticked" if done.removed else _WHY[done.record.how or "seen"]
        action = "took out" if done.removed else verb
        click.echo(f"{done.file}:{line}: {action} {done.written} ({why})")
    for file in run.report.waiting:
        echo(f"{file}: changed in the last {QUIET_SECONDS:g} seconds; not stamped yet "
             "(run wins stamp again)", err=True)  # fmt: skip
    for message in run.report.failed:
        echo(f"Error: {message}", err=True)
    files = len({done.file for done in run.report.stamped})
    count = len(run.report.stamped)
    if count:
        what = "done date" + "s" * (count != 1)
        echo(f"{'Would change' if dry_run else 'Changed'} {count} {what} in {files} "
             f"note{'s' * (files != 1)}.", err=True)  # fmt: skip
    elif not ledger_only:
        echo("Nothing to stamp.", err=True)
    if run.report.failed:
        sys.exit(1)


def _print_ticks(run: StampRun) -> None:
    """The ticks recorded by this run, seen or dated from git."""
    for tick in run.ticks:
        click.echo(f"{tick.file}:{tick.line}: ticked {tick.date} ({_WHY[tick.how]})")
    for record in run.from_git:
        line = run.lines.get(record.place, 1)
        click.echo(f"{record.file}:{line}: ticked {record.ticked} ({_WHY['git']})")

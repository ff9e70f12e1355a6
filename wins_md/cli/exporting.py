"""``wins export``: the wins, and what they serve, in a format other tools read."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from wins_md.cli.options import (
    PathType,
    State,
    cache_option,
    echo,
    private_option,
    reading_progress,
    show_logged_warnings,
    today_for,
    today_option,
    warn_of_problems,
)
from wins_md.cli.reading import filter_options, make_filters
from wins_md.export import FORMATS

if TYPE_CHECKING:
    from pathlib import Path
    from typing import BinaryIO

FORMATS_HELP = "; ".join(f"{name}: {spec.summary}" for name, spec in FORMATS.items())


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="json",
    show_default=True,
    help=f"The format ({FORMATS_HELP}).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=PathType(dir_okay=False, allow_dash=True),
    help="Write FILE, replacing it whole (default, or -: standard output; sqlite needs FILE).",
)
@filter_options
@private_option
@today_option
@cache_option
@click.pass_obj
def export_command(
    state: State,
    fmt: str,
    output: Path | None,
    since: str | None,
    until: str | None,
    tags: tuple[str, ...],
    goals: tuple[str, ...],
    unaligned: bool,
    words: str | None,
    newest: int | None,
    include_private: bool,
    today: str | None,
    no_cache: bool,
) -> None:
    """Export the wins as json, jsonl, csv, sqlite or ics (private ones only with
    --include-private), chosen as wins list chooses them.

    \b
    Examples:
      wins export --format sqlite -o wins.db
      wins export --format csv --since 2026-01-01 -o wins.csv
      wins export --format ics -o wins.ics
      wins export --format jsonl --tag writing | jq .title
    """
    from wins_md.config import load_config
    from wins_md.export.run import Choice, export_wins

    config = load_config(state.vault)
    day = today_for(config, today)
    filters = make_filters(day, since, until, tags, goals, unaligned, include_private)
    show_logged_warnings()
    to_file = output is not None and str(output) != "-"
    target: Path | BinaryIO = sys.stdout.buffer
    if output is not None and to_file:
        target = output
    exported = export_wins(
        state.vault,
        fmt,
        Choice(filters, words, newest),
        target,
        today=day,
        cache=not no_cache,
        progress=reading_progress(),
    )
    warn_of_problems(exported.problem_count)
    if to_file:
        echo(f"Wrote {exported.wins} win{'s' * (exported.wins != 1)} to {output}", err=True)

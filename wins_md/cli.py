"""The ``wins`` command: a thin Click layer over the library functions."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import UsageProblem

if TYPE_CHECKING:
    from .model import Vault


@dataclass(slots=True)
class _State:
    vault: Path


def _use_colour() -> bool | None:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return False if os.environ.get("NO_COLOR") else None


def _echo(text: str, err: bool = False) -> None:
    click.echo(text, err=err, color=_use_colour())


def _today_option(function: Any) -> Any:
    return click.option(
        "--today", envvar="WINS_TODAY", metavar="DATE",
        help="Take this date as today (YYYY-MM-DD, yesterday, -N); env WINS_TODAY.",
    )(function)


def _private_option(function: Any) -> Any:
    return click.option(
        "--include-private", is_flag=True,
        help="Include private files and #private wins (local use only).",
    )(function)


def _resolve_today(value: str | None) -> dt.date:
    from .dates import parse_day, today_in

    real_today = today_in(None)
    if not value:
        return real_today
    try:
        return parse_day(value, real_today)
    except ValueError as error:
        raise UsageProblem(f"--today: {error}") from None


def _parse_date(option: str, value: str | None, today: dt.date) -> dt.date | None:
    from .dates import parse_day

    if value is None:
        return None
    try:
        return parse_day(value, today)
    except ValueError as error:
        raise UsageProblem(f"{option}: {error}") from None


def _load(state: _State) -> Vault:
    from .vault import load_vault

    vault = load_vault(state.vault)
    if vault.problems:
        count = len(vault.problems)
        _echo(click.style(f"warning: {count} problem{'s' * (count != 1)} in the vault; "
                          "run 'wins check' to see them", fg="yellow"), err=True)
    return vault


def _today_for(vault: Vault, value: str | None) -> dt.date:
    if value:
        return _resolve_today(value)
    from .dates import today_in

    return today_in(vault.config.timezone)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="wins")
@click.option(
    "--vault", envvar="WINS_VAULT", metavar="DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The vault folder (default: the nearest folder upward with wins.toml, "
         "else the current one); env WINS_VAULT.",
)
@click.pass_context
def cli(ctx: click.Context, vault: Path | None) -> None:
    """Keep a record of small wins and the goals they serve, in plain Markdown.

    \b
    Example:
      wins --vault examples list --since -7
    """
    from .config import find_vault

    ctx.obj = _State(vault=vault if vault is not None else find_vault(Path.cwd()))


@cli.command("list")
@click.option("--since", metavar="DATE", help="Only wins on or after DATE.")
@click.option("--until", metavar="DATE", help="Only wins on or before DATE.")
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Only wins with this tag (or a tag below it, like area/sub); repeatable.")
@click.option("--goal", "goals", multiple=True, metavar="SLUG",
              help="Only wins serving this goal (or a goal below it); repeatable.")
@click.option("--unaligned", is_flag=True, help="Only wins linked to no active goal.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="Output format; json follows the documented schema.")
@_private_option
@_today_option
@click.pass_obj
def list_command(state: _State, since: str | None, until: str | None, tags: tuple[str, ...],
                 goals: tuple[str, ...], unaligned: bool, fmt: str, include_private: bool,
                 today: str | None) -> None:
    """List wins, oldest first.

    \b
    Examples:
      wins list --since -7
      wins list --goal land-design-role --format json
      wins list --unaligned --since 2026-11-01
    """
    from .select import select_wins
    from .terminal import wins_as_csv, wins_as_json, wins_as_text

    vault = _load(state)
    day = _today_for(vault, today)
    wins = select_wins(
        vault, since=_parse_date("--since", since, day), until=_parse_date("--until", until, day),
        tags=tags, goals=goals, unaligned=unaligned, include_private=include_private,
    )
    if fmt == "json":
        click.echo(wins_as_json(wins))
    elif fmt == "csv":
        click.echo(wins_as_csv(wins), nl=False)
    elif wins:
        _echo(wins_as_text(wins))
    else:
        _echo("No wins match.", err=True)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON object.")
@click.option("--weeks", default=12, show_default=True, type=click.IntRange(1, 53),
              help="Weeks shown in the terminal heatmap.")
@_private_option
@_today_option
@click.pass_obj
def stats_command(state: _State, as_json: bool, weeks: int, include_private: bool,
                  today: str | None) -> None:
    """Show streaks, this week against last, goal progress and a heatmap.

    \b
    Examples:
      wins stats
      wins stats --json --today 2026-11-22
    """
    import json

    from .stats import compute_stats
    from .terminal import stats_as_text

    vault = _load(state)
    stats = compute_stats(vault, _today_for(vault, today), include_private)
    if as_json:
        click.echo(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
    else:
        _echo(stats_as_text(stats, weeks, vault.config.first_weekday))


@cli.command("check")
@click.pass_obj
def check_command(state: _State) -> None:
    """Report every problem in the vault as path:line: message (exit 1 when any).

    Checks front matter, unknown goals, undated wins, duplicate block ids, broken
    chains, sync-conflict copies, symlinks and wins.toml.

    \b
    Example:
      wins check
    """
    from .vault import load_vault

    vault = load_vault(state.vault)
    for problem in vault.problems:
        click.echo(str(problem))
    files = len({problem.path for problem in vault.problems})
    if vault.problems:
        count = len(vault.problems)
        _echo(f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}",
              err=True)
        sys.exit(1)
    _echo(f"No problems in {len(vault.entries)} files.", err=True)


def main() -> None:
    """Entry point of the ``wins`` console script."""
    cli(prog_name="wins")


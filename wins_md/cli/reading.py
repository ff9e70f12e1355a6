"""``wins list``, ``wins stats`` and ``wins check``: reading the vault."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from wins_md.cli.completion import complete_goals, complete_tags
from wins_md.cli.options import (
    State,
    cache_option,
    echo,
    load,
    parse_date,
    private_option,
    reading_progress,
    show_logged_warnings,
    today_for,
    today_option,
    warn_of_problems,
)
from wins_md.export import listed_formats

if TYPE_CHECKING:
    import datetime as dt

    from wins_md.model import Vault
    from wins_md.query import Filters


def filter_options(function: Any) -> Any:
    """The options that choose wins, shared by ``wins list`` and ``wins export``."""
    options = [
        click.option("--since", metavar="DATE", help="Only wins on or after DATE."),
        click.option("--until", metavar="DATE", help="Only wins on or before DATE."),
        click.option(
            "--tag",
            "tags",
            multiple=True,
            metavar="TAG",
            shell_complete=complete_tags,
            help="Only wins with this tag (or a tag below it, like area/sub); repeatable.",
        ),
        click.option(
            "--goal",
            "goals",
            multiple=True,
            metavar="SLUG",
            shell_complete=complete_goals,
            help="Only wins serving this goal (or a goal below it); repeatable.",
        ),
        click.option("--unaligned", is_flag=True, help="Only wins linked to no active goal."),
        click.option(
            "--grep", "words", metavar="TEXT", help="Only wins whose text holds TEXT (case aside)."
        ),
        click.option(
            "-n", "newest", type=click.IntRange(min=0), metavar="N", help="Only the newest N wins."
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def make_filters(
    day: dt.date,
    since: str | None,
    until: str | None,
    tags: tuple[str, ...],
    goals: tuple[str, ...],
    unaligned: bool,
    include_private: bool,
) -> Filters:
    """The filters the options of :func:`filter_options` ask for, as of ``day``."""
    from wins_md.query import Filters

    return Filters(
        since=parse_date("--since", since, day),
        until=parse_date("--until", until, day),
        tags=tags,
        goals=goals,
        unaligned=unaligned,
        include_private=include_private,
    )


@click.command("list")
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", *listed_formats()]),
    default="text",
    show_default=True,
    help="Output format; json follows the documented schema, jsonl is one win per line.",
)
@private_option
@today_option
@cache_option
@click.pass_obj
def list_command(
    state: State,
    since: str | None,
    until: str | None,
    tags: tuple[str, ...],
    goals: tuple[str, ...],
    unaligned: bool,
    words: str | None,
    newest: int | None,
    fmt: str,
    include_private: bool,
    today: str | None,
    no_cache: bool,
) -> None:
    """List wins, oldest first.

    \b
    Examples:
      wins list --since -7
      wins list --goal land-design-role --format json
      wins list --unaligned --since 2026-11-01
      wins list -n 10 --grep interview
    """
    from wins_md.config import load_config
    from wins_md.query import list_wins

    config = load_config(state.vault)
    day = today_for(config, today)
    filters = make_filters(day, since, until, tags, goals, unaligned, include_private)
    show_logged_warnings()
    listing = list_wins(
        state.vault, config, filters, cache=not no_cache, progress=reading_progress(), today=day
    )
    warn_of_problems(listing.problem_count)
    if words is not None:
        listing = listing.matching(words)
    if newest is not None:
        listing = listing.newest(newest)
    if fmt != "text":
        from wins_md.export import listed_exporter

        click.echo(listed_exporter(fmt).listing_text(listing), nl=False)
    elif listing.wins:
        from wins_md.cli.terminal import wins_as_text

        echo(wins_as_text(listing.wins))
    else:
        echo("No wins match.", err=True)


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON object.")
@click.option(
    "--weeks",
    default=12,
    show_default=True,
    type=click.IntRange(1, 53),
    help="Weeks shown in the terminal heatmap.",
)
@private_option
@today_option
@cache_option
@click.pass_obj
def stats_command(
    state: State,
    as_json: bool,
    weeks: int,
    include_private: bool,
    today: str | None,
    no_cache: bool,
) -> None:
    """Show streaks, this week against last, goal progress and a heatmap.

    \b
    Examples:
      wins stats
      wins stats --json --today 2026-11-22
    """
    import json

    from wins_md.cli.terminal import stats_as_text
    from wins_md.stats import compute_stats

    vault, day = load(state, no_cache, today)
    warn_of_problems(len(vault.problems))
    stats = compute_stats(vault, day, include_private)
    if as_json:
        click.echo(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
    else:
        echo(stats_as_text(stats, weeks, vault.config.first_weekday, vault.config.title))


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the goals as in wins stats --json.")
@private_option
@today_option
@cache_option
@click.pass_obj
def goal_list_command(
    state: State, as_json: bool, include_private: bool, today: str | None, no_cache: bool
) -> None:
    """List the goals with their progress, wins and last win.

    \b
    Examples:
      wins goal list
      wins goal list --json
    """
    import json

    from wins_md.cli.terminal import goals_as_text
    from wins_md.stats import compute_stats

    vault, day = load(state, no_cache, today)
    warn_of_problems(len(vault.problems))
    stats = compute_stats(vault, day, include_private)
    if as_json:
        click.echo(
            json.dumps([goal.to_json() for goal in stats.goals], ensure_ascii=False, indent=2)
        )
    else:
        echo(goals_as_text(stats))


@click.command("check")
@click.option("--verbose", is_flag=True, help="Also list the checked tasks in undated notes.")
@today_option
@cache_option
@click.pass_obj
def check_command(state: State, verbose: bool, today: str | None, no_cache: bool) -> None:
    """Report every problem in the vault as path:line: message (exit 1 when any).

    Checks front matter, unknown goals, impossible dates, wins dated after today,
    duplicate block ids, broken chains, sync-conflict copies, symlinks and wins.toml.
    Checked tasks in undated notes (project notes, boards) are not wins and not
    problems: one line counts them. Ticks dated by the day they were seen (the
    note's save time could not tell) are listed, and are not problems either.

    \b
    Examples:
      wins check
      wins check --verbose --today 2026-11-22
    """
    vault, _ = load(state, no_cache, today)
    for problem in vault.problems:
        click.echo(str(problem))
    undated = [(e.file, w.line) for e in vault.entries for w in e.wins if w.date is None]
    if verbose:
        for file, line in undated:
            click.echo(f"{file}:{line}: checked task in an undated note, not counted "
                       "(a done date such as ✅ 2026-11-22 makes it a win)")  # fmt: skip
    if undated:
        notes = len({file for file, _ in undated})
        hint = "" if verbose else "; `wins check --verbose` lists them"
        echo(f"{len(undated)} checked task{'s' * (len(undated) != 1)} in {notes} undated "
             f"note{'s' * (notes != 1)} {'is' if len(undated) == 1 else 'are'} not counted"
             f"{hint}", err=True)  # fmt: skip
    _list_ticks_seen(state, vault)
    files = len({problem.path for problem in vault.problems})
    if vault.problems:
        count = len(vault.problems)
        echo(f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}", err=True)
        sys.exit(1)
    echo(f"No problems in {len(vault.entries)} files.", err=True)


def _list_ticks_seen(state: State, vault: Vault) -> None:
    """The ticks dated by the day they were seen, not saved: their date may be late."""
    from wins_md.vault.ledger import dated_when_seen, load_ledger

    ledger, _ = load_ledger(state.vault)
    for file, line, day in dated_when_seen(list(vault.entries), ledger):
        click.echo(f"{file}:{line}: ticked {day}, the day wins-md saw it checked (the "
                   "note's save time could not tell); if it was ticked earlier, write its "
                   "done date (✅ YYYY-MM-DD)")  # fmt: skip

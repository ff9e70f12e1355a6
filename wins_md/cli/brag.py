"""``wins brag``: a brag document of a period, for a review or a CV."""

from __future__ import annotations

import click

from wins_md.cli.completion import complete_goals
from wins_md.cli.options import (
    State,
    cache_option,
    load,
    parse_date,
    private_option,
    today_option,
    warn_of_problems,
)
from wins_md.errors import UsageProblem


@click.command("brag")
@click.argument("period", required=False, metavar="[PERIOD]")
@click.option("--since", metavar="DATE", help="The first day (default: the first win's).")
@click.option("--until", metavar="DATE", help="The last day (default: today).")
@click.option(
    "--goal",
    metavar="SLUG",
    help="Only the wins serving this goal or a goal below it.",
    shell_complete=complete_goals,
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json"]),
    default="md",
    show_default=True,
    help="Markdown, one printable HTML page, or JSON.",
)
@private_option
@today_option
@cache_option
@click.pass_obj
def brag_command(
    state: State,
    period: str | None,
    since: str | None,
    until: str | None,
    goal: str | None,
    fmt: str,
    include_private: bool,
    today: str | None,
    no_cache: bool,
) -> None:
    """Print a brag document of a period: its numbers, the wins by goal and month,
    momentum chains, metric totals, high-stretch wins and the lessons of setbacks,
    each win linked to the file and line it came from.

    PERIOD is 2026 (a year), 2026-Q3, 2026-11, 2026-W47 or a date in a week; or give
    --since and --until (default: from the first win to today). Private wins, goals
    and notes are left out unless --include-private is given.

    \b
    Examples:
      wins brag --since 2026-01-01 > brag.md
      wins brag 2026-Q3 --format html > q3.html
      wins brag --since 2026-04-01 --until 2026-09-30 --goal novel --format json
    """
    from wins_md.brag import brag_document
    from wins_md.periods import days_period, parse_period
    from wins_md.site.brag import render_brag

    vault, day = load(state, no_cache, today)
    if period is not None:
        if since or until:
            raise UsageProblem("give a PERIOD or --since / --until, not both")
        try:
            chosen = parse_period(period, day, vault.config.first_weekday)
        except ValueError as error:
            raise UsageProblem(f"PERIOD: {error}") from None
    else:
        wins = vault.public_wins(include_private)
        first = parse_date("--since", since, day) or (wins[0].date if wins else None) or day
        last = parse_date("--until", until, day) or day
        if first > last:
            raise UsageProblem(f"--since {first} is after --until {last}")
        chosen = days_period(first, last)
    document = brag_document(vault, chosen, day, goal, include_private)
    click.echo(render_brag(state.vault, vault.config, document, fmt), nl=False)  # type: ignore[arg-type]
    warn_of_problems(len(vault.problems))

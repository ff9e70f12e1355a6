"""``wins standup``: the day's shared win, to paste into a chat."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, cast

import click

from wins_md.cli.options import (
    State,
    cache_option,
    echo,
    parse_date,
    reading_progress,
    show_logged_warnings,
    today_for,
    today_option,
    warn_of_problems,
)

if TYPE_CHECKING:
    from wins_md.team.standup import Format


@click.command("standup")
@click.option("--date", "day", metavar="DATE", default="today", help="The day (default: today).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "slack"]),
    default="text",
    show_default=True,
    help="Plain text, Markdown, or Slack's markup.",
)
@today_option
@cache_option
@click.pass_obj
def standup_command(state: State, day: str, fmt: str, today: str | None, no_cache: bool) -> None:
    """Print the day's stand-up: the wins you shared (#standup or share:: team),
    else your newest win of the day. Only public wins are ever printed.

    \b
    Examples:
      wins standup
      wins standup --date yesterday --format slack
      wins standup --date 2026-11-20 --format markdown
    """
    from wins_md.config import load_config
    from wins_md.query import Filters, list_wins
    from wins_md.team.standup import choose, is_shared, standup_text

    config = load_config(state.vault)
    now = today_for(config, today)
    wanted = parse_date("--date", day, now)
    assert wanted is not None
    show_logged_warnings()
    # The public view, as wins list shows it: no private win can be chosen.
    listing = list_wins(
        state.vault,
        config,
        Filters(since=wanted, until=wanted),
        cache=not no_cache,
        progress=reading_progress(),
        today=now,
    )
    warn_of_problems(listing.problem_count)
    wins = listing.wins
    chosen, _ = choose(wins, [is_shared(win.tags, win.fields) for win in wins])
    if not chosen:
        echo(f"No public win on {wanted.isoformat()} to share.", err=True)
        sys.exit(1)
    click.echo(standup_text([win.title for win in chosen], wanted, now, cast("Format", fmt)))

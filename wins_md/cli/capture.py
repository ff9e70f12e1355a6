"""``wins init``, ``new``, ``add``, ``review`` and ``goal new``: writing to the vault."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from wins_md.cli.options import (
    PathType,
    State,
    echo,
    parse_date,
    private_option,
    resolve_today,
    today_option,
)
from wins_md.errors import UsageProblem

if TYPE_CHECKING:
    from pathlib import Path

    from wins_md.config import Config


def _capture_setup(state: State, today: str | None) -> tuple[Config, dt.date]:
    """The vault's config and today in its timezone (or --today)."""
    from wins_md.config import load_config
    from wins_md.dates import today_in

    config = load_config(state.vault)
    return config, resolve_today(today) if today else today_in(config.timezone)


@click.command("init")
@click.argument("directory", required=False, metavar="[DIR]", type=PathType(file_okay=False))
@click.option(
    "--with-templates",
    is_flag=True,
    help="Also copy the shipped day, week and goal templates into templates/ to edit them.",
)
@today_option
@click.pass_context
def init_command(
    ctx: click.Context, directory: Path | None, with_templates: bool, today: str | None
) -> None:
    """Create a vault in DIR (default: --vault, else the current folder).

    Writes wins.toml (every setting explained), the journal, reviews, goals and
    templates folders, today's entry and a sample goal. A file that is already
    there is kept exactly as it is.

    \b
    Examples:
      wins init notes
      wins init --with-templates
    """
    from pathlib import Path

    from wins_md.capture.scaffold import init_vault

    given = ctx.parent.params.get("vault") if ctx.parent else None
    root = directory or given or Path(".")
    report = init_vault(root, resolve_today(today) if today else None, with_templates)
    for path in report.created:
        echo(f"created {path}")
    for path in report.kept:
        echo(f"kept    {path} (already there, not touched)")


@click.command("new", context_settings={"ignore_unknown_options": True})  # DATE may be -1
@click.argument("date", required=False, default="today")
@click.option("--no-edit", is_flag=True, help="Only create the entry; do not open an editor.")
@today_option
@click.pass_obj
def new_command(state: State, date: str, no_edit: bool, today: str | None) -> None:
    """Create the entry for DATE (default today) and open it in $VISUAL / $EDITOR.

    DATE is 2026-11-22, today, yesterday or -N. An existing entry is opened,
    never rewritten. Prints the entry's path.

    \b
    Examples:
      wins new
      wins new yesterday --no-edit
    """
    from wins_md.capture.entries import new_entry

    config, day = _capture_setup(state, today)
    path, created = new_entry(state.vault, config, parse_date("DATE", date, day) or day)
    click.echo(str(path))
    if not created:
        echo("(the entry exists; opened as it is)", err=True)
    if not no_edit:
        click.edit(filename=str(path))


@click.command("add")
@click.argument("text", nargs=-1, required=True)
@click.option("--date", metavar="DATE", help="The entry's date (default today).")
@click.option(
    "--goal", "goals", multiple=True, metavar="SLUG", help="Link the win to this goal; repeatable."
)
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Tag the win; repeatable.")
@click.option(
    "--stretch",
    type=click.IntRange(1, 5),
    metavar="1..5",
    help="How uncomfortable or risky it felt.",
)
@click.option(
    "--follows",
    metavar="ID",
    help="The block id of the win this one follows from (email, or "
    "2026-11-01#^email): a momentum chain.",
)
@click.option(
    "--future",
    is_flag=True,
    help="Allow a --date after today (the win is left out of every view until its day).",
)
@today_option
@click.pass_obj
def add_command(
    state: State,
    text: tuple[str, ...],
    date: str | None,
    goals: tuple[str, ...],
    tags: tuple[str, ...],
    stretch: int | None,
    follows: str | None,
    future: bool,
    today: str | None,
) -> None:
    """Add a win to the day's entry under ## Wins, creating the entry if needed.

    The words of TEXT are joined with spaces; the rest of the file is left
    exactly as it was. Prints the entry's path. A --date after today is refused
    unless --future is given.

    \b
    Examples:
      wins add "Sent the difficult email" --goal speak-up --stretch 3
      wins add Fixed the flaky test --tag work --date yesterday
    """
    from wins_md.capture.entries import add_win

    config, day = _capture_setup(state, today)
    entry_day = parse_date("--date", date, day) or day
    if entry_day > day and not future:
        raise UsageProblem(
            f"--date: {entry_day} is after today ({day}); a win dated after today is "
            "left out until its day; pass --future to add it anyway"
        )
    path = add_win(
        state.vault,
        config,
        entry_day,
        " ".join(text),
        goals=goals,
        tags=tags,
        stretch=stretch,
        follows=follows,
    )
    click.echo(str(path))


@click.command("review")
@click.argument("week", required=False, default="this")
@private_option
@today_option
@click.pass_obj
def review_command(state: State, week: str, include_private: bool, today: str | None) -> None:
    """Create the weekly review of WEEK (2026-W47, this, last or a date; default this).

    Pre-filled with the week's wins by goal, the wins linked to no goal, setbacks,
    open micro-goals, stalled goals and the reflection prompts. Never overwrites
    a review. Prints its path.

    \b
    Examples:
      wins review
      wins review last
      wins review 2026-W47
    """
    from wins_md.capture.entries import new_review
    from wins_md.capture.review import parse_week

    config, day = _capture_setup(state, today)
    try:
        monday = parse_week(week, day)
    except ValueError as error:
        raise UsageProblem(f"WEEK: {error}") from None
    click.echo(str(new_review(state.vault, config, monday, day, include_private)))


@click.group("goal")
def goal_group() -> None:
    """Create goal files.

    \b
    Example:
      wins goal new land-design-role --title "Land a product design role"
    """


@goal_group.command("new")
@click.argument("slug")
@click.option("--title", help="The goal's title (default: the slug in words).")
@today_option
@click.pass_obj
def goal_new_command(state: State, slug: str, title: str | None, today: str | None) -> None:
    """Create goals/SLUG.md from the goal template and print its path.

    SLUG is lower-case letters, digits and dashes; link wins to it with [[SLUG]].
    The template walks through the goal stated specifically, why it matters,
    milestones, obstacles, options and the first small action.

    \b
    Example:
      wins goal new land-design-role --title "Land a product design role"
    """
    from wins_md.capture.entries import new_goal

    config, day = _capture_setup(state, today)
    click.echo(str(new_goal(state.vault, config, slug, title, day)))

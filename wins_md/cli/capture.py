"""``wins init``, ``new``, ``add``, ``review`` and ``goal new``: writing to the vault."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import click

from wins_md.cli.completion import complete_goals, complete_tags
from wins_md.cli.options import (
    PathType,
    State,
    echo,
    parse_date,
    private_option,
    today_for,
    today_option,
)
from wins_md.errors import UsageProblem, WinsError

if TYPE_CHECKING:
    from pathlib import Path

    from wins_md.config import Config


NO_EDIT = click.option(
    "--no-edit", is_flag=True, help="Only create the file; do not open an editor."
)


def _open(path: Path, created: bool, what: str, no_edit: bool) -> None:
    """Print the path and open the file in $VISUAL / $EDITOR: only on a terminal (a
    script or a pipe gets the path alone), and never with ``--no-edit``."""
    import sys

    click.echo(str(path))
    if not created:
        echo(f"(the {what} exists; opened as it is)", err=True)
    if not no_edit and sys.stdin.isatty() and sys.stdout.isatty():
        click.edit(filename=str(path))


def _capture_setup(state: State, today: str | None) -> tuple[Config, dt.date]:
    """The vault's config and its today (or --today); the vault must exist."""
    from wins_md.config import load_config

    config = load_config(state.vault_to_write)
    return config, today_for(config, today)


def on_terminal() -> bool:
    """True when a person can answer a question: stdin and stdout are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@click.command("init")
@click.argument("directory", required=False, metavar="[DIR]", type=PathType(file_okay=False))
@click.option(
    "--with-templates",
    is_flag=True,
    help="Also copy the shipped day, week and goal templates into templates/ to edit them.",
)
@click.option(
    "--default/--no-default",
    "make_default",
    default=None,
    help="Make DIR the default vault, used from any folder outside a vault, or leave the "
    "default as it is (default: ask on a terminal).",
)
@today_option
@click.pass_context
def init_command(
    ctx: click.Context,
    directory: Path | None,
    with_templates: bool,
    make_default: bool | None,
    today: str | None,
) -> None:
    """Create a vault in DIR (default: --vault, else WINS_VAULT, else the current folder).

    Writes wins.toml (every setting explained), the journal, reviews, goals and
    templates folders, today's entry and a sample goal. A file that is already
    there is kept exactly as it is. On a terminal, asks whether DIR becomes the
    default vault.

    \b
    Examples:
      wins init ~/wins --default
      wins init --with-templates
    """
    from pathlib import Path

    from wins_md.capture.scaffold import init_vault
    from wins_md.locate import environment_vault

    given = ctx.parent.params.get("vault") if ctx.parent else None
    root = directory or given or environment_vault() or Path(".")
    from wins_md.config import load_config

    day = today_for(load_config(root), today) if today else None
    report = init_vault(root, day, with_templates)
    for path in report.created:
        echo(f"created {path}")
    for path in report.kept:
        echo(f"kept    {path} (already there, not touched)")
    _choose_default(root.resolve(), make_default)
    _next_steps(root.resolve())


def _next_steps(folder: Path) -> None:
    """Three things to do now, runnable as printed from where the user stands."""
    import shlex
    from pathlib import Path

    from wins_md.errors import WinsError
    from wins_md.locate import locate_vault

    try:
        found = locate_vault().resolve() == folder
    except WinsError:
        found = False
    go = "" if found or Path.cwd().resolve() == folder else f"cd {shlex.quote(str(folder))} && "
    echo("\nNext:")
    echo(f'  {go}wins add "The first small thing you moved forward today"')
    echo(f"  {go}wins new       # open today's entry in your editor")
    echo(f"  {go}wins serve     # your progress page at http://127.0.0.1:8000")


def _choose_default(folder: Path, make_default: bool | None) -> None:
    """Make ``folder`` the default vault when asked to, or when the user says so."""
    import shlex

    from wins_md.capture.scaffold import set_default_vault
    from wins_md.locate import default_vault

    if make_default is None:
        try:
            current = default_vault()
        except WinsError:  # a broken user config: --default reports it
            current = None
        if current is not None and current.resolve() == folder:
            return
        if not on_terminal():
            command = f"wins init {shlex.quote(str(folder))} --default"
            echo(f"To use this vault from any folder: {command}", err=True)
            return
        instead = f" instead of {current}" if current else ", used from any folder outside a vault"
        make_default = click.confirm(
            f"Make {folder} the default vault{instead}?", default=current is None
        )
    if make_default:
        path = set_default_vault(folder)
        echo(f"default vault: {folder} (saved in {path})")


@click.command("new", context_settings={"ignore_unknown_options": True})  # DATE may be -1
@click.argument("date", required=False, default="today")
@NO_EDIT
@today_option
@click.pass_obj
def new_command(state: State, date: str, no_edit: bool, today: str | None) -> None:
    """Create the entry for DATE (default today) and open it in $VISUAL / $EDITOR.

    DATE is 2026-11-22, today, yesterday, -N, '3 days ago' or 'last friday'. An
    existing entry is opened, never rewritten. Prints the entry's path; with no
    terminal, no editor is started.

    \b
    Examples:
      wins new
      wins new yesterday --no-edit
    """
    from wins_md.capture.entries import new_entry

    config, day = _capture_setup(state, today)
    path, created = new_entry(state.vault, config, parse_date("DATE", date, day) or day)
    _open(path, created, "entry", no_edit)


@click.command("add")
@click.argument("text", nargs=-1, required=True)
@click.option("--date", metavar="DATE", help="The entry's date (default today).")
@click.option(
    "--goal",
    "goals",
    multiple=True,
    metavar="SLUG",
    help="Link the win to this goal; repeatable.",
    shell_complete=complete_goals,
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="TAG",
    help="Tag the win; repeatable.",
    shell_complete=complete_tags,
)
@click.option(
    "--stretch",
    type=click.IntRange(1, 5),
    metavar="1..5",
    help="How uncomfortable or risky it felt.",
)
@click.option(
    "--new-goal", is_flag=True, help="Make each --goal that does not exist yet (a title or a slug)."
)
@click.option(
    "--id", "own_id", metavar="ID", help="Name the win with this block id, for others to follow."
)
@click.option(
    "--follows",
    metavar="ID",
    help="The block id of the win this one follows from (email, or "
    "2026-11-01#^email), or 'last' for the newest win before it: a momentum chain.",
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
    new_goal: bool,
    own_id: str | None,
    follows: str | None,
    future: bool,
    today: str | None,
) -> None:
    """Add a win to the day's entry under ## Wins, creating the entry if needed.

    The words of TEXT are joined with spaces; the rest of the file is left
    exactly as it was. Prints the entry's path, then (on stderr) what moved: the
    win's rank that day, the streak and each goal's wins this week. A --goal must
    exist (--new-goal makes it); a --date after today is refused unless --future
    is given. --follows last gives the newest earlier win an id when it has none.

    \b
    Examples:
      wins add "Sent the difficult email" --goal speak-up --stretch 3
      wins add Fixed the flaky test --tag work --date yesterday
      wins add "Recruiter called back" --id call --follows last
    """
    from wins_md.capture.chains import follow_last
    from wins_md.capture.entries import add_win
    from wins_md.capture.goals import resolve_goals
    from wins_md.capture.moved import what_moved

    config, day = _capture_setup(state, today)
    entry_day = parse_date("--date", date, day) or day
    if entry_day > day and not future:
        raise UsageProblem(
            f"--date: {entry_day} is after today ({day}); a win dated after today is "
            "left out until its day; pass --future to add it anyway"
        )
    root = state.vault_to_write
    slugs = resolve_goals(root, config, goals, new_goal, day)
    said = None
    if follows is not None and follows.strip().lower() == "last":
        follows, said = follow_last(root, config, entry_day)
    path = add_win(
        root,
        config,
        entry_day,
        " ".join(text),
        goals=slugs,
        tags=tags,
        stretch=stretch,
        follows=follows,
        own_id=own_id,
    )
    click.echo(str(path))
    if said:
        echo(said, err=True)
    echo(what_moved(root, config, entry_day, slugs, day), err=True)


@click.command("review")
@click.argument("period", required=False, default="this")
@private_option
@NO_EDIT
@today_option
@click.pass_obj
def review_command(
    state: State, period: str, include_private: bool, no_edit: bool, today: str | None
) -> None:
    """Create the review of PERIOD and open it in $VISUAL / $EDITOR.

    PERIOD is a week (2026-W47, this, last or a date in it; default this), a month
    (2026-11), a quarter (2026-Q4) or a year (2026). A week's review holds its wins
    by goal, the wins linked to no goal, setbacks, open micro-goals, stalled goals
    and the reflection prompts; a longer period's, each goal's progress over it,
    the chains completed, the shiny-object share and stretch of each month,
    setbacks and stalled goals. An existing review is opened, never rewritten.
    Prints its path; with no terminal, no editor is started.

    \b
    Examples:
      wins review
      wins review last
      wins review 2026-11
      wins review 2026-Q4
    """
    from wins_md.capture.entries import AlreadyThere, new_review
    from wins_md.periods import parse_period

    config, day = _capture_setup(state, today)
    try:
        chosen = parse_period(period, day, config.first_weekday)
    except ValueError as error:
        raise UsageProblem(f"PERIOD: {error}") from None
    try:
        path, created = new_review(state.vault, config, chosen, day, include_private), True
    except AlreadyThere as there:
        path, created = there.path, False
    _open(path, created, "review", no_edit)


@click.group("goal")
def goal_group() -> None:
    """Create and list goals.

    \b
    Examples:
      wins goal new "Learn Spanish"
      wins goal list
    """


@goal_group.command("new")
@click.argument("name")
@click.option("--title", help="The goal's title (default: NAME as written).")
@NO_EDIT
@today_option
@click.pass_obj
def goal_new_command(
    state: State, name: str, title: str | None, no_edit: bool, today: str | None
) -> None:
    """Create goals/SLUG.md from the goal template, open it in $VISUAL / $EDITOR and
    print its path.

    NAME is the goal's title ("Learn Spanish" makes learn-spanish, titled as
    written) or its slug (lower-case letters, digits and dashes); link wins to it
    with [[SLUG]]. An existing goal is opened, never rewritten. The template walks
    through the goal stated specifically, why it matters, milestones, obstacles,
    options and the first small action.

    \b
    Examples:
      wins goal new "Learn Spanish"
      wins goal new land-design-role --title "Land a product design role"
    """
    from wins_md.capture.entries import AlreadyThere
    from wins_md.capture.goals import new_goal

    config, day = _capture_setup(state, today)
    try:
        path, created = new_goal(state.vault, config, name, title, day), True
    except AlreadyThere as there:
        path, created = there.path, False
    _open(path, created, "goal", no_edit)

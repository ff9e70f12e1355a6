"""The ``wins`` command: a thin Click layer over the library functions."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import UsageProblem

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from .config import Config
    from .model import Vault
    from .watch import BuildRecord, Watcher


class _State:
    """What the commands share: the vault folder, found on first use (so ``--help``
    imports nothing more). A plain class: a dataclass costs milliseconds at startup."""

    __slots__ = ("_vault",)

    def __init__(self, vault: Path | None) -> None:
        self._vault = vault

    @property
    def vault(self) -> Path:
        if self._vault is None:
            from pathlib import Path

            from .config import find_vault

            self._vault = find_vault(Path.cwd())
        return self._vault


class _PathType(click.Path):
    """A ``click.Path`` giving a ``pathlib.Path``; pathlib (with the urllib and
    ipaddress it pulls in) is imported when a path is given, not at startup."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        return Path(os.fsdecode(super().convert(value, param, ctx)))


def _use_colour() -> bool | None:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return False if os.environ.get("NO_COLOR") else None


def _echo(text: str, err: bool = False) -> None:
    click.echo(text, err=err, color=_use_colour())


def _today_option(function: Any) -> Any:
    return click.option(
        "--today",
        envvar="WINS_TODAY",
        metavar="DATE",
        help="Take this date as today (YYYY-MM-DD, yesterday, -N); env WINS_TODAY.",
    )(function)


def _private_option(function: Any) -> Any:
    return click.option(
        "--include-private",
        is_flag=True,
        help="Include private files and #private wins (local use only).",
    )(function)


def _cache_option(function: Any) -> Any:
    return click.option(
        "--no-cache",
        is_flag=True,
        envvar="WINS_NO_CACHE",
        help="Parse every file again, neither reading nor writing the caches in "
        ".wins/ (the parse cache, the list index); env WINS_NO_CACHE.",
    )(function)


def _show_logged_warnings() -> None:
    """Print what the library logs as warnings (a discarded parse cache, ...) on stderr."""
    import logging

    logger = logging.getLogger("wins_md")
    if any(getattr(handler, "wins_cli", False) for handler in logger.handlers):
        return

    class EchoHandler(logging.Handler):
        wins_cli = True

        def emit(self, record: logging.LogRecord) -> None:
            _echo(click.style(f"warning: {record.getMessage()}", fg="yellow"), err=True)

    logger.addHandler(EchoHandler(logging.WARNING))


def _load_vault(state: _State, no_cache: bool) -> Vault:
    """The vault, from the parse cache unless --no-cache."""
    from .vault import load_vault

    _show_logged_warnings()
    return load_vault(state.vault, cache=not no_cache)


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


def _load(state: _State, no_cache: bool) -> Vault:
    vault = _load_vault(state, no_cache)
    _warn_of_problems(len(vault.problems))
    return vault


def _warn_of_problems(count: int) -> None:
    if count:
        _echo(
            click.style(
                f"warning: {count} problem{'s' * (count != 1)} in the vault; "
                "run 'wins check' to see them",
                fg="yellow",
            ),
            err=True,
        )


def _today_for(config: Config, value: str | None) -> dt.date:
    if value:
        return _resolve_today(value)
    from .dates import today_in

    return today_in(config.timezone)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="wins")
@click.option(
    "--vault",
    envvar="WINS_VAULT",
    metavar="DIR",
    type=_PathType(exists=True, file_okay=False),
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
    if os.environ.get("WINS_JOBS"):
        from .reading import wanted_jobs

        wanted_jobs()  # a bad value stops every command, not only a read that parses
    ctx.obj = _State(vault)


@cli.command("list")
@click.option("--since", metavar="DATE", help="Only wins on or after DATE.")
@click.option("--until", metavar="DATE", help="Only wins on or before DATE.")
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="TAG",
    help="Only wins with this tag (or a tag below it, like area/sub); repeatable.",
)
@click.option(
    "--goal",
    "goals",
    multiple=True,
    metavar="SLUG",
    help="Only wins serving this goal (or a goal below it); repeatable.",
)
@click.option("--unaligned", is_flag=True, help="Only wins linked to no active goal.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Output format; json follows the documented schema.",
)
@_private_option
@_today_option
@_cache_option
@click.pass_obj
def list_command(
    state: _State,
    since: str | None,
    until: str | None,
    tags: tuple[str, ...],
    goals: tuple[str, ...],
    unaligned: bool,
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
    """
    from .config import load_config
    from .listing import Filters, list_wins
    from .terminal import wins_as_csv, wins_as_text

    config = load_config(state.vault)
    day = _today_for(config, today)
    filters = Filters(
        since=_parse_date("--since", since, day),
        until=_parse_date("--until", until, day),
        tags=tags,
        goals=goals,
        unaligned=unaligned,
        include_private=include_private,
    )
    _show_logged_warnings()
    listing = list_wins(state.vault, config, filters, cache=not no_cache)
    _warn_of_problems(listing.problem_count)
    if fmt == "json":
        click.echo(listing.as_json())
    elif fmt == "csv":
        click.echo(wins_as_csv(listing.wins), nl=False)
    elif listing.wins:
        _echo(wins_as_text(listing.wins))
    else:
        _echo("No wins match.", err=True)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON object.")
@click.option(
    "--weeks",
    default=12,
    show_default=True,
    type=click.IntRange(1, 53),
    help="Weeks shown in the terminal heatmap.",
)
@_private_option
@_today_option
@_cache_option
@click.pass_obj
def stats_command(
    state: _State,
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

    from .stats import compute_stats
    from .terminal import stats_as_text

    vault = _load(state, no_cache)
    stats = compute_stats(vault, _today_for(vault.config, today), include_private)
    if as_json:
        click.echo(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
    else:
        _echo(stats_as_text(stats, weeks, vault.config.first_weekday, vault.config.title))


@cli.command("check")
@_cache_option
@click.pass_obj
def check_command(state: _State, no_cache: bool) -> None:
    """Report every problem in the vault as path:line: message (exit 1 when any).

    Checks front matter, unknown goals, undated wins, duplicate block ids, broken
    chains, sync-conflict copies, symlinks and wins.toml.

    \b
    Example:
      wins check
    """
    vault = _load_vault(state, no_cache)
    for problem in vault.problems:
        click.echo(str(problem))
    files = len({problem.path for problem in vault.problems})
    if vault.problems:
        count = len(vault.problems)
        _echo(f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}", err=True)
        sys.exit(1)
    _echo(f"No problems in {len(vault.entries)} files.", err=True)


@cli.command("build")
@click.option(
    "--out",
    type=_PathType(file_okay=False),
    metavar="DIR",
    help="Output folder (default: output_dir of wins.toml, 'site').",
)
@click.option("--strict", is_flag=True, help="Exit 1 when the vault has problems.")
@_today_option
@_cache_option
@click.pass_obj
def build_command(
    state: _State, out: Path | None, strict: bool, today: str | None, no_cache: bool
) -> None:
    """Build the static progress site (private content is never published).

    Only files that wins-md wrote are ever replaced or removed; a folder holding
    anything else is refused. SOURCE_DATE_EPOCH sets the build time shown.

    \b
    Examples:
      wins build
      wins build --out /tmp/site --today 2026-11-22
    """
    from .build import build_if_changed

    _show_logged_warnings()
    result = build_if_changed(
        state.vault, out, _resolve_today(today) if today else None, cache=not no_cache
    )
    for problem in result.problems:
        _echo(str(problem), err=True)
    report = result.report
    if result.skipped:
        _echo(f"{report.folder} is up to date: nothing changed since the last build.")
    else:
        _echo(
            f"Built {report.folder}: {len(report.written)} written, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed."
        )
    if strict and result.problems:
        sys.exit(1)


def _watcher(state: _State, out: Path | None, today: str | None) -> Watcher:
    """A watcher of the vault that prints a summary and the new problems after each build."""
    from .watch import Watcher, summary_lines

    _show_logged_warnings()
    previous: list[BuildRecord] = []

    def report(record: BuildRecord) -> None:
        head, *problems = summary_lines(record, previous[-1] if previous else None, watcher.folder)
        _echo(click.style(head, fg="red") if record.failure else head)
        for line in problems:
            _echo(click.style(line, fg="yellow"))
        previous[:] = [record]

    watcher = Watcher(state.vault, out, _resolve_today(today) if today else None, on_build=report)
    return watcher


def _watch_until_interrupted(watcher: Watcher, started: Callable[[], None]) -> None:
    """Build, call ``started``, then rebuild after each change until Ctrl-C."""
    try:
        watcher.start()
        started()
        watcher.loop()
    except KeyboardInterrupt:
        _echo("Stopped.")
    finally:
        watcher.close()


@cli.command("watch")
@click.option(
    "--out",
    type=_PathType(file_okay=False),
    metavar="DIR",
    help="Output folder (default: output_dir of wins.toml, 'site').",
)
@_today_option
@click.pass_obj
def watch_command(state: _State, out: Path | None, today: str | None) -> None:
    """Build the site, then rebuild it after every change, until Ctrl-C.

    Watches Markdown files, wins.toml and templates; a burst of saves gives one
    rebuild about 100 ms after the last, parsing only the changed files and
    rewriting only the pages that changed. Problems are printed as path:line:
    message; a broken template or wins.toml keeps the last good site.

    \b
    Examples:
      wins watch
      wins watch --out /tmp/site
    """
    watcher = _watcher(state, out, today)
    _watch_until_interrupted(
        watcher, lambda: _echo(f"Watching {watcher.root} for changes (Ctrl-C to stop)")
    )


@cli.command("serve")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other than 127.0.0.1 shows the site to the network.",
)
@click.option(
    "--out",
    type=_PathType(file_okay=False),
    metavar="DIR",
    help="Output folder (default: output_dir of wins.toml, 'site').",
)
@_today_option
@click.pass_obj
def serve_command(state: _State, port: int, host: str, out: Path | None, today: str | None) -> None:
    """Watch the vault and serve the site locally; open pages reload after each build.

    Only the output folder is served. Pages get a small live-reload script as
    they are served; the files on disk never contain it. Ctrl-C stops.

    \b
    Examples:
      wins serve
      wins serve --port 0 --today 2026-11-22
    """
    from contextlib import ExitStack

    from .serve import SiteServer, serving

    watcher = _watcher(state, out, today)
    server = SiteServer(lambda: watcher.folder, watcher.log, host, port)
    with ExitStack() as stack:
        stack.callback(server.server_close)

        def started() -> None:
            stack.enter_context(serving(server))
            _echo(f"Serving {watcher.folder} at {server.url} (Ctrl-C to stop)")
            if host not in ("127.0.0.1", "localhost", "::1"):
                _echo(
                    click.style(
                        f"warning: listening on {host}: other machines may see the site",
                        fg="yellow",
                    ),
                    err=True,
                )

        _watch_until_interrupted(watcher, started)


def _capture_setup(state: _State, today: str | None) -> tuple[Config, dt.date]:
    """The vault's config and today in its timezone (or --today)."""
    from .config import load_config
    from .dates import today_in

    config = load_config(state.vault)
    return config, _resolve_today(today) if today else today_in(config.timezone)


@cli.command("init")
@click.argument("directory", required=False, metavar="[DIR]", type=_PathType(file_okay=False))
@click.option(
    "--with-templates",
    is_flag=True,
    help="Also copy the shipped day, week and goal templates into templates/ to edit them.",
)
@_today_option
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

    from .scaffold import init_vault

    given = ctx.parent.params.get("vault") if ctx.parent else None
    root = directory or given or Path(".")
    report = init_vault(root, _resolve_today(today) if today else None, with_templates)
    for path in report.created:
        _echo(f"created {path}")
    for path in report.kept:
        _echo(f"kept    {path} (already there, not touched)")


@cli.command("new", context_settings={"ignore_unknown_options": True})  # DATE may be -1
@click.argument("date", required=False, default="today")
@click.option("--no-edit", is_flag=True, help="Only create the entry; do not open an editor.")
@_today_option
@click.pass_obj
def new_command(state: _State, date: str, no_edit: bool, today: str | None) -> None:
    """Create the entry for DATE (default today) and open it in $VISUAL / $EDITOR.

    DATE is 2026-11-22, today, yesterday or -N. An existing entry is opened,
    never rewritten. Prints the entry's path.

    \b
    Examples:
      wins new
      wins new yesterday --no-edit
    """
    from .capture import new_entry

    config, day = _capture_setup(state, today)
    path, created = new_entry(state.vault, config, _parse_date("DATE", date, day) or day)
    click.echo(str(path))
    if not created:
        _echo("(the entry exists; opened as it is)", err=True)
    if not no_edit:
        click.edit(filename=str(path))


@cli.command("add")
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
@_today_option
@click.pass_obj
def add_command(
    state: _State,
    text: tuple[str, ...],
    date: str | None,
    goals: tuple[str, ...],
    tags: tuple[str, ...],
    stretch: int | None,
    follows: str | None,
    today: str | None,
) -> None:
    """Add a win to the day's entry under ## Wins, creating the entry if needed.

    The words of TEXT are joined with spaces; the rest of the file is left
    exactly as it was. Prints the entry's path.

    \b
    Examples:
      wins add "Sent the difficult email" --goal speak-up --stretch 3
      wins add Fixed the flaky test --tag work --date yesterday
    """
    from .capture import add_win

    config, day = _capture_setup(state, today)
    entry_day = _parse_date("--date", date, day) or day
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


@cli.command("review")
@click.argument("week", required=False, default="this")
@_private_option
@_today_option
@click.pass_obj
def review_command(state: _State, week: str, include_private: bool, today: str | None) -> None:
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
    from .capture import new_review
    from .review import parse_week

    config, day = _capture_setup(state, today)
    try:
        monday = parse_week(week, day)
    except ValueError as error:
        raise UsageProblem(f"WEEK: {error}") from None
    click.echo(str(new_review(state.vault, config, monday, day, include_private)))


@cli.group("goal")
def goal_group() -> None:
    """Create goal files.

    \b
    Example:
      wins goal new land-design-role --title "Land a product design role"
    """


@goal_group.command("new")
@click.argument("slug")
@click.option("--title", help="The goal's title (default: the slug in words).")
@_today_option
@click.pass_obj
def goal_new_command(state: _State, slug: str, title: str | None, today: str | None) -> None:
    """Create goals/SLUG.md from the goal template and print its path.

    SLUG is lower-case letters, digits and dashes; link wins to it with [[SLUG]].
    The template walks through the goal stated specifically, why it matters,
    milestones, obstacles, options and the first small action.

    \b
    Example:
      wins goal new land-design-role --title "Land a product design role"
    """
    from .capture import new_goal

    config, day = _capture_setup(state, today)
    click.echo(str(new_goal(state.vault, config, slug, title, day)))


def main() -> None:
    """Entry point of the ``wins`` console script."""
    cli(prog_name="wins")

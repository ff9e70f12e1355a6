"""The ``wins`` group: global options, and the commands of each family, each loaded only
when it runs (Click's lazily loaded subcommands): ``wins add`` imports the capture
commands alone, and ``wins --help`` none of them."""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, NamedTuple

import click

from wins_md import __version__
from wins_md.cli.options import PathType, State

if TYPE_CHECKING:
    from pathlib import Path


class Listed(NamedTuple):
    """A command of the group: where it is, and its help's first paragraph (which a
    test keeps equal to the command's own), for ``wins --help`` to list it unloaded."""

    target: str
    """``module:attribute`` in ``wins_md.cli``."""
    summary: str
    also: tuple[str, ...] = ()
    """Subcommands from other modules to add to it (a group's)."""


COMMANDS = {
    "add": Listed(
        "capture:add_command",
        "Add a win to the day's entry under ## Wins, creating the entry if needed.",
    ),
    "brag": Listed(
        "brag:brag_command",
        "Print a brag document of a period: its numbers, the wins by goal and month, "
        "momentum chains, metric totals, high-stretch wins and the lessons of setbacks, "
        "each win linked to the file and line it came from.",
    ),
    "build": Listed(
        "site:build_command",
        "Build the static progress site (private content is never published).",
    ),
    "check": Listed(
        "reading:check_command",
        "Report every problem in the vault as path:line: message (exit 1 when any).",
    ),
    "export": Listed(
        "exporting:export_command",
        "Export the wins as json, jsonl, csv, sqlite or ics (private ones only with "
        "--include-private), chosen as wins list chooses them.",
    ),
    "goal": Listed("capture:goal_group", "Create and list goals.", ("reading:goal_list_command",)),
    "init": Listed(
        "capture:init_command",
        "Create a vault in DIR (default: --vault, else WINS_VAULT, else the current folder).",
    ),
    "list": Listed("reading:list_command", "List wins, oldest first."),
    "new": Listed(
        "capture:new_command",
        "Create the entry for DATE (default today) and open it in $VISUAL / $EDITOR.",
    ),
    "publish": Listed(
        "publish:publish_command",
        "Build the site, then publish it to the gh-pages branch of the vault's repository.",
    ),
    "rest": Listed(
        "rest:rest_command",
        "Rest from one day to another: days that neither break nor extend a streak.",
    ),
    "review": Listed(
        "capture:review_command",
        "Create the review of PERIOD and open it in $VISUAL / $EDITOR.",
    ),
    "serve": Listed(
        "site:serve_command",
        "Watch the vault and serve the site locally; open pages reload after each build.",
    ),
    "stamp": Listed(
        "stamp:stamp_command",
        "Write the day of each tick into its note as a done date (✅ 2026-12-02).",
    ),
    "standup": Listed(
        "standup:standup_command",
        "Print the day's stand-up: the wins you shared (#standup or share:: team), else "
        "your newest win of the day. Only public wins are ever printed.",
    ),
    "stats": Listed(
        "reading:stats_command",
        "Show streaks, this week against last, goal progress and a heatmap.",
    ),
    "team": Listed(
        "team:team_group", "The team page: several people's published wins on one page."
    ),
    "watch": Listed(
        "site:watch_command",
        "Build the site, then rebuild it after every change, until Ctrl-C.",
    ),
}


def load(target: str) -> click.Command:
    """The command at ``module:attribute`` of ``wins_md.cli``."""
    module, _, name = target.partition(":")
    command: click.Command = getattr(importlib.import_module(f"wins_md.cli.{module}"), name)
    return command


class LazyGroup(click.Group):
    """The ``wins`` group: its commands of :data:`COMMANDS` are imported when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        listed = COMMANDS.get(cmd_name)
        if listed is not None and cmd_name not in self.commands:
            command = load(listed.target)
            for sub in listed.also:
                assert isinstance(command, click.Group)
                command.add_command(load(sub))
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, from their summaries: no command is imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = [(name, self._summary(ctx, name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _summary(self, ctx: click.Context, name: str, limit: int) -> str:
        listed = COMMANDS.get(name)
        if listed is None or name in self.commands:
            command = self.get_command(ctx, name)
            return command.get_short_help_str(limit) if command is not None else ""
        return click.Command(name, help=listed.summary).get_short_help_str(limit)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="wins")
@click.option(
    "--vault",
    metavar="DIR",
    type=PathType(exists=True, file_okay=False),
    help="The vault folder (default: env WINS_VAULT, else the nearest folder upward "
    "holding wins.toml, .obsidian/ or logseq/config.edn, else the default vault set by "
    "'wins init --default').",
)
@click.pass_context
def cli(ctx: click.Context, vault: Path | None) -> None:
    """Keep a record of small wins and the goals they serve, in plain Markdown.

    \b
    Examples:
      wins init ~/wins
      wins add "Sent the proposal" --tag work
      wins list --since "last monday"
      wins serve
    """
    if os.environ.get("WINS_JOBS"):
        from wins_md.vault.pool import wanted_jobs

        wanted_jobs()  # a bad value stops every command, not only a read that parses
    if os.environ.get("WINS_NOW"):
        from wins_md.dates import clock
        from wins_md.errors import UsageProblem

        try:
            clock()
        except ValueError as error:
            raise UsageProblem(str(error)) from None
    ctx.obj = State(vault)


def main() -> None:
    """Entry point of the ``wins`` console script."""
    cli(prog_name="wins")

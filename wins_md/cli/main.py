"""The ``wins`` group: global options, and the commands of each family registered on it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from wins_md import __version__
from wins_md.cli import (
    brag,
    capture,
    exporting,
    publish,
    reading,
    rest,
    site,
    stamp,
    standup,
    team,
)
from wins_md.cli.options import PathType, State

if TYPE_CHECKING:
    from pathlib import Path


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


for command in (
    reading.list_command,
    reading.stats_command,
    reading.check_command,
    exporting.export_command,
    site.build_command,
    site.watch_command,
    site.serve_command,
    publish.publish_command,
    standup.standup_command,
    team.team_group,
    capture.init_command,
    capture.new_command,
    capture.add_command,
    capture.review_command,
    capture.goal_group,
    rest.rest_command,
    stamp.stamp_command,
    brag.brag_command,
):
    cli.add_command(command)
capture.goal_group.add_command(reading.goal_list_command)


def main() -> None:
    """Entry point of the ``wins`` console script."""
    cli(prog_name="wins")

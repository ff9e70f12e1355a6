"""``wins publish``: build the site and push it to a branch of the vault's git
repository; ``--preview`` says what that would publish, ``--init`` writes a CI recipe."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from wins_md.cli.options import State, cache_option, echo, today_option
from wins_md.cli.site import build_and_report, out_option, preview_options

if TYPE_CHECKING:
    from pathlib import Path

PROVIDERS = ("github-pages", "gitlab-pages", "netlify")


@click.command("publish")
@out_option
@today_option
@cache_option
@preview_options
@click.option(
    "--remote", default="origin", show_default=True, metavar="NAME", help="Git remote to push to."
)
@click.option(
    "--branch", default="gh-pages", show_default=True, help="Branch that receives the site."
)
@click.option("--message", "-m", metavar="TEXT", help="Message of the commit on the branch.")
@click.option(
    "--init",
    "provider",
    type=click.Choice(PROVIDERS),
    help="Write the CI file that builds and deploys the site on every push and daily.",
)
@click.pass_obj
def publish_command(
    state: State,
    out: Path | None,
    today: str | None,
    no_cache: bool,
    preview: bool,
    fmt: str,
    remote: str,
    branch: str,
    message: str | None,
    provider: str | None,
) -> None:
    """Build the site, then publish it to the gh-pages branch of the vault's repository.

    As `mkdocs gh-deploy` does (with ghp-import): the files the build wrote, and
    nothing else, become the branch's one new commit, which is pushed to the
    remote. The vault never leaves your machine. An output folder holding files
    that wins-md did not write is refused.

    \b
    Examples:
      wins publish --preview
      wins publish
      wins publish --remote upstream --branch pages
      wins publish --init github-pages
    """
    if provider is not None:
        if preview:
            raise click.UsageError("--init and --preview do not go together")
        from wins_md.capture.ci import write_ci_recipe

        path = write_ci_recipe(state.vault, provider)
        echo(f"Wrote {path}")
        echo("Commit it and push: the site is built and deployed on every push and daily.")
        return
    if preview:
        from wins_md.cli.preview import show_preview

        show_preview(state, out, today, no_cache, fmt)
        return
    if fmt != "text":
        raise click.UsageError("--format goes with --preview")
    from wins_md import __version__
    from wins_md.site.deploy import publish_folder

    folder, day, _ = build_and_report(state, out, today, no_cache)
    text = message or f"wins-md {__version__}: the site as of {day}"
    done = publish_folder(state.vault, folder, remote=remote, branch=branch, message=text)
    echo(
        f"Published {len(done.files)} files to '{done.branch}' on '{done.remote}' "
        f"(commit {done.commit})."
    )

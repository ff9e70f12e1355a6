"""``wins build``, ``wins watch`` and ``wins serve``: the published site."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from wins_md.cli.options import (
    PathType,
    State,
    cache_option,
    echo,
    reading_progress,
    show_logged_warnings,
    today_for,
    today_option,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from wins_md.live.log import BuildRecord
    from wins_md.live.watcher import Watcher


def _given_day(state: State, today: str | None) -> dt.date | None:
    """The day of --today (relative forms counted from the vault's today), or None: the
    build then takes the vault's today, and a watcher follows it."""
    if not today:
        return None
    from wins_md.config import load_config

    return today_for(load_config(state.vault), today)


out_option = click.option(
    "--out",
    type=PathType(file_okay=False),
    metavar="DIR",
    help="Output folder (default: output_dir of wins.toml, 'site').",
)


def preview_options(function: Any) -> Any:
    """``--preview`` and ``--format``, shared by ``wins build`` and ``wins publish``."""
    function = click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Format of the preview; json is for scripts.",
    )(function)
    return click.option(
        "--preview",
        is_flag=True,
        help="Print what would be published, what is held back and why, and what "
        "changed since the last build; write nothing.",
    )(function)


@click.command("build")
@out_option
@click.option("--strict", is_flag=True, help="Exit 1 when the vault has problems.")
@today_option
@cache_option
@preview_options
@click.pass_obj
def build_command(
    state: State,
    out: Path | None,
    strict: bool,
    today: str | None,
    no_cache: bool,
    preview: bool,
    fmt: str,
) -> None:
    """Build the static progress site (private content is never published).

    Only files that wins-md wrote are ever replaced or removed; a folder holding
    anything else is refused. SOURCE_DATE_EPOCH sets the build time shown.
    --preview shows what a build would publish and writes nothing.

    \b
    Examples:
      wins build
      wins build --out /tmp/site --today 2026-11-22
      wins build --preview
    """
    if preview:
        from wins_md.cli.preview import show_preview

        show_preview(state, out, today, no_cache, fmt)
        return
    if fmt != "text":
        raise click.UsageError("--format goes with --preview")
    problems = build_and_report(state, out, today, no_cache)[2]
    if strict and problems:
        sys.exit(1)


def build_and_report(
    state: State, out: Path | None, today: str | None, no_cache: bool
) -> tuple[Path, dt.date, int]:
    """Build (skipped when nothing changed), print the problems and a summary; returns
    the output folder, the day built for and the number of problems."""
    from wins_md.config import load_config
    from wins_md.site.build import build_if_changed

    show_logged_warnings()
    day = _given_day(state, today)
    result = build_if_changed(
        state.vault, out, day, cache=not no_cache, progress=reading_progress()
    )
    for problem in result.problems:
        echo(str(problem), err=True)
    report = result.report
    if result.skipped:
        echo(f"{report.folder} is up to date: nothing changed since the last build.")
    else:
        echo(
            f"Built {report.folder}: {len(report.written)} written, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed."
        )
    day = day or load_config(state.vault).today()
    return report.folder, day, len(result.problems)


stamp_option = click.option(
    "--stamp/--no-stamp",
    default=None,
    help="Write each tick's done date into its note once it has been quiet for a few "
    "seconds (default: stamp in wins.toml, else no).",
)


def _watcher(state: State, out: Path | None, today: str | None, stamp: bool | None) -> Watcher:
    """A watcher of the vault that prints a summary and the new problems after each build."""
    from wins_md.live.log import summary_lines
    from wins_md.live.watcher import Watcher

    show_logged_warnings()
    previous: list[BuildRecord] = []

    def report(record: BuildRecord) -> None:
        head, *problems = summary_lines(record, previous[-1] if previous else None, watcher.folder)
        echo(click.style(head, fg="red") if record.failure else head)
        for line in problems:
            echo(click.style(line, fg="yellow"))
        previous[:] = [record]

    watcher = Watcher(state.vault, out, _given_day(state, today), on_build=report, stamp=stamp)
    return watcher


def _watch_until_interrupted(watcher: Watcher, started: Callable[[], None]) -> None:
    """Build, call ``started``, then rebuild after each change until Ctrl-C."""
    try:
        watcher.start()
        started()
        watcher.loop()
    except KeyboardInterrupt:
        echo("Stopped.")
    finally:
        watcher.close()


@click.command("watch")
@out_option
@stamp_option
@today_option
@click.pass_obj
def watch_command(state: State, out: Path | None, stamp: bool | None, today: str | None) -> None:
    """Build the site, then rebuild it after every change, until Ctrl-C.

    Watches Markdown files, wins.toml and templates; a burst of saves gives one
    rebuild about 10 ms after the last, parsing only the changed files and
    rewriting only the pages that changed. Problems are printed as path:line:
    message; a broken template or wins.toml keeps the last good site. Each box
    ticked meanwhile, in any editor, is recorded with its day in wins-ledger.txt.

    \b
    Examples:
      wins watch
      wins watch --stamp --out /tmp/site
    """
    watcher = _watcher(state, out, today, stamp)
    _watch_until_interrupted(
        watcher, lambda: echo(f"Watching {watcher.root} for changes (Ctrl-C to stop)")
    )


@click.command("serve")
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
@out_option
@stamp_option
@today_option
@click.pass_obj
def serve_command(
    state: State, port: int, host: str, out: Path | None, stamp: bool | None, today: str | None
) -> None:
    """Watch the vault and serve the site locally; open pages reload after each build.

    Only the output folder is served. Pages get a small live-reload script as
    they are served; the files on disk never contain it. Ctrl-C stops.

    \b
    Examples:
      wins serve
      wins serve --port 0 --today 2026-11-22
    """
    from contextlib import ExitStack

    from wins_md.live.server import SiteServer, serving

    watcher = _watcher(state, out, today, stamp)
    server = SiteServer(lambda: watcher.folder, watcher.log, host, port)
    with ExitStack() as stack:
        stack.callback(server.server_close)

        def started() -> None:
            stack.enter_context(serving(server))
            echo(f"Serving {watcher.folder} at {server.url} (Ctrl-C to stop)")
            if host not in ("127.0.0.1", "localhost", "::1"):
                echo(
                    click.style(
                        f"warning: listening on {host}: other machines may see the site",
                        fg="yellow",
                    ),
                    err=True,
                )

        _watch_until_interrupted(watcher, started)

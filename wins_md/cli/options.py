"""What the commands share: the vault they act on, common options, dates from the
command line, and printing (colour only on a terminal, never with NO_COLOR)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from wins_md.errors import UsageProblem

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from wins_md.config import Config
    from wins_md.model import Vault


class State:
    """What the commands share: the vault folder, found on first use (so ``--help``
    imports nothing more). A plain class: a dataclass costs milliseconds at startup."""

    __slots__ = ("_given", "_vault")

    def __init__(self, given: Path | None) -> None:
        self._given = given
        self._vault: Path | None = None

    @property
    def vault(self) -> Path:
        """The vault to read (see :func:`wins_md.locate.locate_vault`)."""
        if self._vault is None:
            from wins_md.locate import locate_vault

            self._vault = locate_vault(self._given)
        return self._vault

    @property
    def vault_to_write(self) -> Path:
        """The vault to write to: a folder that is not a vault yet is refused."""
        from wins_md.locate import locate_vault

        self._vault = locate_vault(self.vault, writing=True)
        return self._vault


class PathType(click.Path):
    """A ``click.Path`` giving a ``pathlib.Path``; pathlib (with the urllib and
    ipaddress it pulls in) is imported when a path is given, not at startup."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        return Path(os.fsdecode(super().convert(value, param, ctx)))


def use_colour() -> bool | None:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return False if os.environ.get("NO_COLOR") else None


def echo(text: str, err: bool = False) -> None:
    click.echo(text, err=err, color=use_colour())


def today_option_of(whose: str) -> Callable[[Any], Any]:
    """The ``--today`` option, its relative dates counted from ``whose`` today."""
    return click.option(
        "--today",
        envvar="WINS_TODAY",
        metavar="DATE",
        help="Take this date as today (YYYY-MM-DD, or yesterday, -N... counted from the "
        f"{whose}'s today); env WINS_TODAY.",
    )


today_option = today_option_of("vault")


def private_option(function: Any) -> Any:
    return click.option(
        "--include-private",
        is_flag=True,
        help="Include private files and #private wins (local use only).",
    )(function)


def cache_option(function: Any) -> Any:
    return click.option(
        "--no-cache",
        is_flag=True,
        envvar="WINS_NO_CACHE",
        help="Parse every file again, neither reading nor writing the caches in "
        ".wins/ (the parse cache, the list index); env WINS_NO_CACHE.",
    )(function)


def show_logged_warnings() -> None:
    """Print what the library logs as warnings (a discarded parse cache, ...) on stderr
    (set up when the stores first log: see :func:`~wins_md.store.folder.store_log`)."""
    from wins_md.store.folder import on_first_log

    on_first_log(_echo_warnings)


def _echo_warnings() -> None:
    import logging

    logger = logging.getLogger("wins_md")
    if any(getattr(handler, "wins_cli", False) for handler in logger.handlers):
        return

    class EchoHandler(logging.Handler):
        wins_cli = True

        def emit(self, record: logging.LogRecord) -> None:
            echo(click.style(f"warning: {record.getMessage()}", fg="yellow"), err=True)

    logger.addHandler(EchoHandler(logging.WARNING))


def load_vault_for(state: State, no_cache: bool) -> Vault:
    """The vault, from the parse cache unless --no-cache."""
    from wins_md.vault.load import load_vault

    show_logged_warnings()
    return load_vault(state.vault, cache=not no_cache, progress=reading_progress())


PROGRESS_MIN_FILES = 2000
"""Parsing this many notes takes about a second or more: worth a progress bar."""


def reading_progress() -> Callable[[int, int], None] | None:
    """A progress bar on stderr for a long read; None (no bar) unless stderr is a
    terminal, and never with NO_COLOR."""
    if os.environ.get("NO_COLOR") or not sys.stderr.isatty():
        return None
    shown: list[Any] = []  # click's ProgressBar, made once the read proves long

    def advance(done: int, total: int) -> None:
        if not shown:
            if total < PROGRESS_MIN_FILES:
                return
            shown.append(click.progressbar(length=total, label="Reading notes", file=sys.stderr))
        bar = shown[0]
        bar.update(done - bar.pos)
        if done >= total:
            bar.render_finish()

    return advance


def parse_date(option: str, value: str | None, today: dt.date) -> dt.date | None:
    from wins_md.dates import parse_day

    if value is None:
        return None
    try:
        return parse_day(value, today)
    except ValueError as error:
        raise UsageProblem(f"{option}: {error}") from None


def load(state: State, no_cache: bool, today: str | None) -> tuple[Vault, dt.date]:
    """The vault as it stands on --today (else today in its timezone), and that day: a
    win dated later is left out and counted as a problem (see ``Vault.as_of``)."""
    vault = load_vault_for(state, no_cache)
    day = today_for(vault.config, today)
    return vault.as_of(day), day


def warn_of_problems(count: int) -> None:
    if count:
        echo(
            click.style(
                f"warning: {count} problem{'s' * (count != 1)} in the vault; "
                "run 'wins check' to see them",
                fg="yellow",
            ),
            err=True,
        )


def today_for(config: Config, value: str | None) -> dt.date:
    """The day given with --today (a date, or one counted from the vault's today:
    ``yesterday``, ``-3``), else the vault's today (:meth:`Config.today`)."""
    from wins_md.dates import parse_day

    try:
        real_today = config.today()
    except ValueError as error:  # a bad WINS_NOW
        raise UsageProblem(str(error)) from None
    if not value:
        return real_today
    try:
        return parse_day(value, real_today)
    except ValueError as error:
        raise UsageProblem(f"--today: {error}") from None

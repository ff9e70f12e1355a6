"""Which vault a command acts on, and the user config file that names the default one.

In order: the folder given (``--vault``), the ``WINS_VAULT`` environment variable, the
nearest folder from the current one upward that is a vault, then the default vault
named in the user config file (``default_vault`` in ``config.toml`` under
``click.get_app_dir("wins-md")``). Never an arbitrary current folder: with none of
these, :func:`locate_vault` raises. A folder is a vault when it holds ``wins.toml``, an
Obsidian vault's ``.obsidian/`` or a Logseq graph's ``logseq/config.edn``.
"""

from __future__ import annotations

import os
import shlex
import tomllib
from pathlib import Path
from typing import Any

import click

from wins_md.config import CONFIG_NAME
from wins_md.errors import UsageProblem
from wins_md.files import read_regular

APP_NAME = "wins-md"
USER_CONFIG_NAME = "config.toml"
ENV_NAME = "WINS_VAULT"
DEFAULT_KEY = "default_vault"
NO_VAULT = "no vault here: run `wins init DIR` or set WINS_VAULT"


def is_vault(folder: Path) -> bool:
    """True for a folder holding ``wins.toml``, ``.obsidian/`` or ``logseq/config.edn``."""
    return (
        (folder / CONFIG_NAME).is_file()
        or (folder / ".obsidian").is_dir()
        or (folder / "logseq" / "config.edn").is_file()
    )


def find_vault(start: Path) -> Path | None:
    """The nearest vault from ``start`` upward, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_vault(folder):
            return folder
    return None


def environment_vault() -> Path | None:
    """The folder ``WINS_VAULT`` names (unchecked), or None when it is unset or empty."""
    value = os.environ.get(ENV_NAME)
    return Path(value) if value else None


def user_config_path() -> Path:
    """The user config file: ``~/.config/wins-md/config.toml`` on Linux (or under
    ``$XDG_CONFIG_HOME``), ``~/Library/Application Support/wins-md/config.toml`` on
    macOS, ``%APPDATA%\\wins-md\\config.toml`` on Windows."""
    return Path(click.get_app_dir(APP_NAME)) / USER_CONFIG_NAME


def read_user_config(path: Path | None = None) -> dict[str, Any]:
    """The settings in the user config file; empty when there is no such file."""
    path = path or user_config_path()
    try:
        return tomllib.loads(read_regular(path).decode("utf-8-sig"))
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise UsageProblem(f"{path}: cannot be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise UsageProblem(f"{path}: is not UTF-8 text; fix or remove it") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageProblem(f"{path}: {error}; fix or remove it") from None


def default_vault(path: Path | None = None) -> Path | None:
    """The default vault the user config file names (unchecked), or None."""
    path = path or user_config_path()
    value = read_user_config(path).get(DEFAULT_KEY)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UsageProblem(f"{path}: {DEFAULT_KEY} must be a folder's path")
    folder = Path(os.path.expanduser(value.strip()))
    if not folder.is_absolute():
        raise UsageProblem(f"{path}: {DEFAULT_KEY} must be an absolute path, not '{value}'")
    return folder


def locate_vault(given: Path | str | None = None, *, writing: bool = False) -> Path:
    """The vault to act on (see the module's docstring); ``given`` is ``--vault``.

    With ``writing``, the folder must already be a vault: ``wins init`` makes one, no
    other command does. Raises :class:`~wins_md.errors.UsageProblem` when there is no
    vault, or when ``WINS_VAULT`` or the default names a folder that is not there.
    """
    folder = Path(given) if given is not None else _named_by_environment()
    if folder is None:
        folder = _found_upward() or _named_by_default()
    if writing and not is_vault(folder):
        raise UsageProblem(
            f"{folder}: not a vault (no {CONFIG_NAME}, .obsidian/ or logseq/config.edn); "
            f"run `wins init {_quoted(folder)}` first"
        )
    return folder


def _named_by_environment() -> Path | None:
    folder = environment_vault()
    if folder is None or folder.is_dir():
        return folder
    if folder.exists():
        raise UsageProblem(f"{ENV_NAME}: '{folder}' is not a folder; change {ENV_NAME}")
    raise UsageProblem(
        f"{ENV_NAME}: '{folder}' does not exist; run `wins init {_quoted(folder)}`, "
        f"or change {ENV_NAME}"
    )


def _found_upward() -> Path | None:
    try:
        return find_vault(Path.cwd())
    except FileNotFoundError:  # the current folder was removed
        return None


def _named_by_default() -> Path:
    config = user_config_path()
    folder = default_vault(config)
    if folder is None:
        raise UsageProblem(NO_VAULT)
    if folder.exists() and not folder.is_dir():
        raise UsageProblem(f"{config}: the default vault '{folder}' is not a folder")
    if not folder.is_dir():
        raise UsageProblem(
            f"{config}: the default vault '{folder}' does not exist; make it again with "
            f"`wins init {_quoted(folder)}`, or choose another with `wins init DIR --default`"
        )
    return folder


def _quoted(folder: Path) -> str:
    return shlex.quote(str(folder))

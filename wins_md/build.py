"""``wins build``: read the vault, render the site, write it. The one pipeline the CLI,
the watcher and scripts share."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .config import Config, load_config
from .dates import today_in
from .errors import WinsError
from .model import Vault
from .render import render_site
from .site import WriteReport, check_output_folder, write_site
from .vault import load_vault


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The vault that was read and what was written."""

    vault: Vault
    report: WriteReport


def output_folder(root: Path, config: Config, out: Path | None = None) -> Path:
    """Where the site goes: ``out`` if given, else the vault's ``output_dir``."""
    return out if out is not None else root / config.output_dir


def updated_label(today: dt.date) -> str:
    """The build time shown on pages: from ``SOURCE_DATE_EPOCH`` when set (reproducible
    builds), else today's date, so builds on the same day are byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise WinsError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return today.isoformat()


def build_site(root: str | Path, out: Path | None = None, today: dt.date | None = None,
               vault: Vault | None = None, *, cache: bool = True) -> BuildResult:
    """Build the published site of the vault at ``root``; returns what was read and written.

    Checks the output folder before reading anything, so a refused folder is never touched.
    ``cache=False`` reads the vault without the parse cache.
    """
    root = Path(root)
    config = vault.config if vault is not None else load_config(root)
    target = output_folder(root, config, out)
    check_output_folder(target, root, root / config.output_dir)
    vault = vault if vault is not None else load_vault(root, config, cache=cache)
    day = today or today_in(config.timezone)
    files = render_site(vault, day, updated_label(day))
    return BuildResult(vault, write_site(target, files))

"""The vault's ``.wins/`` folder: where it is, and making it so it is never committed."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

STORE_DIR = ".wins"
RACY_NS = 2_000_000_000
"""A file modified this recently before it was read may change again within the same
clock tick, unseen by its mtime: no store trusts it (2 s, the coarsest common file-time
resolution, FAT's)."""
STORE_FILE_MODE = 0o600
"""Store files hold the text of private wins: only their owner may read them."""
_FIRST_LOG: list[Callable[[], None]] = []
_GITIGNORE = "# wins-md's local state (lock, caches, build stamp): never commit it\n*\n"


def store_path(root: str | Path, name: str) -> Path:
    """The path of ``name`` inside the vault's ``.wins/`` folder."""
    return Path(root) / STORE_DIR / name


class StoreFolderError(OSError):
    """``.wins`` is there but is not a folder: damaged state that only its owner can
    clear (a store skips saving; a write that needs the vault lock is refused)."""


def make_store_folder(root: str | Path) -> Path:
    """Create the vault's ``.wins/`` folder (with a ``.gitignore``) if it is missing."""
    folder = Path(root) / STORE_DIR
    if folder.is_dir():
        return folder
    try:
        folder.mkdir(parents=True)
    except FileExistsError:  # made by another process since the look above, or no folder
        if not folder.is_dir():
            raise StoreFolderError(
                f"{STORE_DIR} in the vault is not a folder (a file, or a link to nothing); "
                "remove it: wins-md keeps its lock and caches there"
            ) from None
        return folder
    with contextlib.suppress(OSError):
        (folder / ".gitignore").write_text(_GITIGNORE, encoding="utf-8")
    return folder


def remove_replaced(folder: Path, name: str) -> None:
    """Remove the store ``name`` that an earlier version kept in ``folder``, and its
    lock file, when they are there."""
    for path in (folder / name, folder / f"{name}.lock"):
        with contextlib.suppress(OSError):
            path.unlink()


def store_log() -> logging.Logger:
    """The stores' logger, ``wins_md.store``. The logging package is loaded only when a
    store has something to say: a query answered from a current index never needs it,
    and it costs every start a few milliseconds."""
    import logging

    while _FIRST_LOG:
        _FIRST_LOG.pop(0)()
    return logging.getLogger("wins_md.store")


def on_first_log(action: Callable[[], None]) -> None:
    """Run ``action`` (which sets up logging, say a handler) now when logging is loaded,
    else just before a store first logs."""
    if "logging" in sys.modules:
        action()
    else:
        _FIRST_LOG.append(action)

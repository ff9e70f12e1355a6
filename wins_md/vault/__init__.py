"""Which files a vault has, read (in parallel when many, through the parse cache when
unchanged) and linked into one :class:`~wins_md.model.Vault`.

``discover`` finds the files, ``pool`` reads and parses them, ``link`` resolves
goals, goal links and chains, ``ledger`` gives the ticks of the ledger their done
dates, and ``load`` puts them together. Names are imported on first use: a query
answered from the list index needs ``discover`` alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Imported here, not on first use: the submodule of the same name would shadow it.
from wins_md.vault.discover import discover as discover

_EXPORTS = {
    "VaultReader": "load",
    "assemble_vault": "link",
    "load_vault": "load",
    "paused_gc": "load",
    "read_discovered": "load",
}

__all__ = ["discover", *_EXPORTS]

if TYPE_CHECKING:
    from wins_md.vault.link import assemble_vault as assemble_vault
    from wins_md.vault.load import VaultReader as VaultReader
    from wins_md.vault.load import load_vault as load_vault
    from wins_md.vault.load import paused_gc as paused_gc
    from wins_md.vault.load import read_discovered as read_discovered


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'wins_md.vault' has no attribute '{name}'")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)

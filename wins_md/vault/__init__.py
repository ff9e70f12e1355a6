"""Which files a vault has, read (in parallel when many, through the parse cache when
unchanged) and linked into one :class:`~wins_md.model.Vault`.

``discover`` finds the files, ``pool`` reads and parses them, ``link`` resolves
goals, goal links and chains, ``ledger`` gives the ticks of the ledger their done
dates, and ``load`` puts them together.
"""

from wins_md.vault.discover import discover
from wins_md.vault.link import assemble_vault
from wins_md.vault.load import VaultReader, load_vault, paused_gc, read_discovered

__all__ = [
    "VaultReader",
    "assemble_vault",
    "discover",
    "load_vault",
    "paused_gc",
    "read_discovered",
]

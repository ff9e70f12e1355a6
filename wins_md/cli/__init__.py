"""The ``wins`` command: a thin Click layer over the library functions.

``main`` holds the group and where the commands of each family are (``reading``,
``site``, ``capture``..., as mkdocs keeps one module per command), imported only when
one of them runs; ``options`` holds what they share, and ``terminal`` formats results
for the terminal. Each command imports what it needs when it runs, so ``wins --help``
loads only Click, the group and ``options``.
"""

from wins_md.cli.main import cli, main

__all__ = ["cli", "main"]

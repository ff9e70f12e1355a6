"""The ``wins`` command: a thin Click layer over the library functions.

``main`` holds the group and registers the commands of each family (``reading``,
``site``, ``capture``, as mkdocs keeps one module per command); ``options`` holds
what they share, and ``terminal`` formats results for the terminal. Each command
imports what it needs when it runs, so ``wins --help`` loads only Click and these
modules.
"""

from wins_md.cli.main import cli, main

__all__ = ["cli", "main"]

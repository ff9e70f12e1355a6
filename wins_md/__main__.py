"""``python -m wins_md``: the same as the ``wins`` command."""

from .cli import main

main()

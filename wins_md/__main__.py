"""``python -m wins_md``: the same as the ``wins`` command."""

from wins_md.cli.main import main

main()

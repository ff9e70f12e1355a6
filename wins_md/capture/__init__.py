"""Changing users' files: ``wins init``, ``new``, ``add``, ``review``, ``goal new`` and
``stamp``.

``entries`` creates and appends to entries, reviews and goals from templates, under
the vault lock and without losing a byte; ``insertion`` finds where a new win goes
in a file's text; ``update`` replaces a note another program may be writing at the
same moment; ``review`` gathers what a weekly review shows; ``scaffold`` makes a
new vault. ``ticks`` sees the boxes ticked since the last look and keeps the ledger
of ticks; ``stamp`` writes a tick's done date into a note's text, ``stamping`` into
the notes (``wins stamp``), and ``git_ticks`` finds ticks in a vault's git history.
"""

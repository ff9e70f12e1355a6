"""Changing users' files: ``wins init``, ``new``, ``add``, ``review`` and ``goal new``.

``entries`` creates and appends to entries, reviews and goals from templates, under
the vault lock and without losing a byte; ``insertion`` finds where a new win goes
in a file's text; ``update`` replaces a note another program may be writing at the
same moment; ``review`` gathers what a weekly review shows; ``scaffold`` makes a
new vault.
"""

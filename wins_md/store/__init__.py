"""Everything wins-md keeps under a vault's ``.wins/`` folder, and how files are replaced.

``folder`` makes ``.wins/``; ``lock`` holds the vault's lock; ``atomic`` is the one
writer of every file wins-md replaces; ``fingerprint`` says what the stores are keyed
on; ``lines`` is their checksummed line format and ``codec`` the parse cache's record
format; ``parse_cache``, ``list_index`` and ``build_stamp`` are the three stores.
Every store is plain text that can be deleted at any time.
"""

"""The team page: several people's published wins on one page, and the stand-up.

``roster`` reads ``team.toml``; ``members`` reads each member's published
``wins.json`` (a folder, the file, or a git branch), checked by ``shape`` for what the
page needs, and keeps a digest of it; ``standup`` is the sharing rule (``#standup``,
``share:: team``) and the words ``wins standup`` prints; ``page`` makes the page's
content (and ``team.json``) from the digests, ``render`` its files, and ``build``
runs the whole and writes them. Only what members published is ever read.
"""

"""One file's text -> an :class:`~wins_md.model.Entry` and its problems. Pure: no disk,
no terminal.

``front_matter`` splits off the front matter and reads typed values from it (loaded
by ``loaders``: YAML, TOML or JSON), ``privacy`` decides whether it keeps the file
out of publishing, ``comments`` takes out what comments hide (``fences`` keeps code
apart), ``blocks`` finds the list items and the note's tags (markdown-it, or the
faster ``line_scan`` where a differential test proves they agree), ``block_meta``
takes Logseq's block metadata out of an item, ``inline`` reads a win's tags, links and
fields, and ``entry`` puts them together. ``ledger`` reads and writes the text of the
ledger of ticks, and ``day_names`` the days a Logseq graph writes.
"""

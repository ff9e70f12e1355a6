"""One file's text -> an :class:`~wins_md.model.Entry` and its problems. Pure: no disk,
no terminal.

``front_matter`` splits off the front matter and reads typed values from it (loaded
by ``loaders``: YAML, TOML or JSON), ``privacy`` decides whether it keeps the file
out of publishing, ``line_scan`` (a fast path) or markdown-it find the list items,
``inline`` reads a win's tags, links and fields, and ``entry`` puts them together.
"""

"""Fuzz the parser with atheris: any bytes, read as the vault reader reads a file.

Each input is decoded and parsed as a daily note, a goal file and an undated note with
:func:`wins_md.parse.entry.parse_bytes` (the UTF-8 decoding the reader does, then the
public ``parse_text``). An exception, or a win or problem without a line, is a crash;
so is a disagreement of one of the two fast paths with what it stands in for (the
block scanner with markdown-it, the YAML fast path with PyYAML), as the differential
tests check on generated input.

    pip install atheris
    mkdir -p fuzz/corpus
    python fuzz/fuzz_parse.py -max_total_time=600 -artifact_prefix=fuzz/ \
        fuzz/corpus examples tests/fixtures/parse

libFuzzer adds new inputs to the first folder (``fuzz/corpus``, ignored by git) and
saves each crashing input as ``fuzz/crash-<hash>``. atheris is not a test dependency.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import frontmatter  # noqa: F401  (instrumented: it splits the front matter)
    import markdown_it  # noqa: F401
    import yaml  # noqa: F401

    from wins_md.config import Config
    from wins_md.parse.blocks import markdown_items
    from wins_md.parse.entry import parse_bytes
    from wins_md.parse.front_matter import split_front_matter
    from wins_md.parse.line_scan import scan_items
    from wins_md.parse.loaders import _load_full, _load_simple

CONFIG = Config()
PATHS = ("journal/2026/2026-11-22.md", "goals/novel.md", "notes/project.md")


def test_one_input(data: bytes) -> None:
    """Parse ``data`` as each kind of file; raise on anything but a clean result."""
    for path in PATHS:
        entry, problems = parse_bytes(data, path, CONFIG)
        assert entry is not None or problems, "undecodable bytes without a problem"
        if entry is not None:
            assert all(win.line >= 1 for win in entry.wins), entry.wins
        assert all(problem.line >= 1 for problem in problems), problems
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return
    fm = split_front_matter(text)
    fast = scan_items(fm.body)
    assert fast is None or fast == markdown_items(fm.body), "the block scanner disagrees"
    if text.startswith("---") and fm.source:
        simple = _load_simple(fm.source, fm.first_line)
        full = _load_full(fm.source, fm.first_line)
        assert simple is None or (simple.meta, simple.keys) == (full.meta, full.keys), (
            "the YAML fast path disagrees"
        )


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""Time a first read of a vault that is mostly long clipped articles, beside the naive
read of the same notes (python-frontmatter, then a full markdown-it parse of each).

Usage::

    python benchmarks/clippings.py [--notes 365] [--runs 3]

The vault holds N daily notes (``benchmarks/generate_vault.py``) and 9 N clippings in
``Clippings/``: Web Clipper front matter (title, source, published date, tags) over a
few to tens of kilobytes of prose, a table, a code block, quotes and links, and no
task. Both reads run in this process, one file at a time (``WINS_JOBS=1``), without
the parse cache, alternately, and the medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_vault import MTIME_NS, generate

PROSE = (
    "the design of everyday things shows how small choices in a product shape what "
    "people do and feel when they use it every day at work or at home with friends"
)


def paragraph(rng: random.Random) -> str:
    vocabulary = PROSE.split()
    words = [rng.choice(vocabulary) for _ in range(rng.randint(40, 160))]
    words[rng.randrange(len(words))] = "[a link](https://example.test/a)"
    return " ".join(words).capitalize() + "."


def clipping(rng: random.Random, number: int) -> str:
    """One clipped article: front matter as Obsidian's Web Clipper writes it, then
    prose, a table, a code block and quotes."""
    parts = [
        "---",
        f'title: "Article number {number}"',
        f"source: https://example.test/articles/{number}",
        f"published: 20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "created: 2026-11-01",
        "tags: [clippings]",
        "---",
        f"# Article number {number}",
        "",
    ]
    for section in range(rng.randint(2, 12)):
        parts += [f"## Section {section}", "", paragraph(rng), "", paragraph(rng), ""]
        if rng.random() < 0.4:
            parts += ["| year | value |", "| --- | ---: |"]
            parts += [f"| {2000 + row} | {rng.randint(1, 999)} |" for row in range(8)]
            parts.append("")
        if rng.random() < 0.3:
            parts += ["```python", "for item in items:", "    print(item)", "```", ""]
        if rng.random() < 0.3:
            parts += [f"> {paragraph(rng)}", ">", f"> {paragraph(rng)}", ""]
    return "\n".join(parts) + "\n"


def make_vault(folder: Path, notes: int) -> list[Path]:
    files = generate(notes, folder)
    rng = random.Random(11)
    for number in range(notes * 9):
        path = folder / "Clippings" / f"Article {number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(clipping(rng, number), "utf-8")
        os.utime(path, ns=(MTIME_NS, MTIME_NS))
        files.append(path)
    return files


def naive_read(files: list[Path]) -> int:
    """What a script would do with the same libraries: every note fully parsed."""
    import frontmatter
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    tokens = 0
    for path in files:
        post = frontmatter.loads(path.read_text("utf-8"))
        tokens += len(parser.parse(post.content))
    return tokens


def wins_read(root: Path) -> int:
    from wins_md.vault.load import load_vault

    return len(load_vault(root, cache=False).wins)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=365, help="daily notes (default 365)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each read (default 3)")
    options = parser.parse_args()
    os.environ["WINS_JOBS"] = "1"  # one process, as the naive read
    with tempfile.TemporaryDirectory(prefix="wins-clippings-") as work:
        root = Path(work) / "vault"
        files = [p for p in make_vault(root, options.notes) if p.suffix == ".md"]
        size = sum(p.stat().st_size for p in files) / 1048576
        print(f"{len(files):,} notes ({options.notes:,} daily, {size:.0f} MB)")
        naive_read(files[:50])  # imports, once, unmeasured
        wins_read(root)
        times: dict[str, list[float]] = {"naive": [], "wins": []}
        for _ in range(options.runs):
            for name, read in (
                ("naive", lambda: naive_read(files)),
                ("wins", lambda: wins_read(root)),
            ):
                start = time.perf_counter()
                read()
                times[name].append(time.perf_counter() - start)
        naive, ours = (statistics.median(times[name]) for name in ("naive", "wins"))
        print(f"naive read (python-frontmatter + markdown-it): {naive:.2f} s")
        print(f"wins-md cold read (no cache, one process):     {ours:.2f} s")
        print(f"ratio: {ours / naive:.2f} (target: at most 0.25)")


if __name__ == "__main__":
    main()

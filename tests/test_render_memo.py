"""A long-running process reuses unchanged entries (VaultReader) and pages (RenderMemo)
between builds: after any change, what it writes is exactly what a fresh build writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import MakeVault, write_files
from wins_md.config import load_config
from wins_md.site import render, wins_json
from wins_md.site.build import build_site
from wins_md.site.render import RenderMemo, render_site, site_files
from wins_md.store.parse_cache import ParseCache
from wins_md.vault.load import VaultReader, load_vault

TODAY = dt.date(2026, 11, 22)
FILES = {
    "wins.toml": 'title = "Memo"\n',
    "goals/book.md": "---\ntitle: Write the book\n---\n## Milestones\n- [ ] Draft\n",
    "goals/run.md": "---\ntitle: Run a half\n---\n",
    "journal/2026/2026-11-20.md": "## Wins\n- Wrote 500 words [[book]]\n- Ran 5 km [[run]]\n",
    "journal/2026/2026-11-21.md": "## Wins\n- Outlined part two [[book]] #writing\n",
    # Sorted after the file above, same day: its wins' anchors move when that one grows.
    "journal/2026/evening.md": "---\ndate: 2026-11-21\n---\n## Wins\n- Stretched [[run]]\n",
}
CHANGES: list[dict[str, str]] = [
    {
        "journal/2026/2026-11-21.md": "## Wins\n- Outlined part two [[book]] #writing\n"
        "- Ran 8 km [[run]]\n"
    },
    {"journal/2026/2026-11-22.md": "## Wins\n- A win for no goal\n"},
    {"goals/run.md": "---\ntitle: Run a half marathon\n---\n"},
    {
        "templates/goal.html": '{% extends "_base.html" %}{% block main %}<p>{{ card.stats.title }}'
        "</p>{% endblock %}\n"
    },
    {"wins.toml": 'title = "Memo, renamed"\n'},
    {
        "journal/2026/2026-11-20.md": "---\nprivate: true\n---\n"
        "## Wins\n- Wrote 500 words [[book]]\n"
    },
]


def built(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".wins-manifest.json"
    }


@pytest.mark.slow
@pytest.mark.parametrize("piece", [1, 2, 256], ids=lambda n: f"pieces of {n}")
@pytest.mark.parametrize("steps", range(1, len(CHANGES) + 1))
def test_a_memo_build_writes_what_a_fresh_build_writes(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, steps: int, piece: int
) -> None:
    """Whatever the size of the pieces win lists are rendered in (and reused in)."""
    monkeypatch.setattr(render, "LINES_PER_PIECE", piece)
    root = make_vault(FILES)
    memo = RenderMemo()
    reader = VaultReader(root, ParseCache(root, load_config(root), persistent=False))
    out = tmp_path / "out"
    for change in [{}, *CHANGES[:steps]]:
        write_files(root, change)
        config = load_config(root)  # as the watcher does: re-read and told what changed
        build_site(root, out, TODAY, reader.read(config, change.keys()), memo=memo)
    fresh = render_site(load_vault(root, cache=False), TODAY, str(TODAY))
    assert built(out) == fresh


def test_unchanged_goal_pages_are_not_rendered_again(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(FILES)
    memo = RenderMemo()
    build_site(root, tmp_path / "out", TODAY, memo=memo, cache=False)
    book_before = memo.pages["goals/book.html"]
    run_before = memo.pages["goals/run.html"]
    write_files(root, CHANGES[0])  # a run win: the book's page is unchanged
    build_site(root, tmp_path / "out", TODAY, memo=memo, cache=False)
    assert memo.pages["goals/book.html"] is book_before
    assert memo.pages["goals/run.html"] is not run_before


@pytest.mark.parametrize("run", [1, 2, 3])
def test_wins_json_is_the_same_whatever_the_length_of_its_runs(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, run: int
) -> None:
    vault = load_vault(make_vault(FILES), cache=False)
    whole = render_site(vault, TODAY, str(TODAY))["wins.json"]
    monkeypatch.setattr(wins_json, "JSON_BLOCK", run)
    memo = RenderMemo()
    for _ in range(2):  # made, then reused
        files = site_files(vault, TODAY, str(TODAY), memo=memo)
        assert b"".join(files["wins.json"]()) == whole


def test_a_memo_used_without_its_environment_never_serves_pages_of_old_templates(
    make_vault: MakeVault,
) -> None:
    """Called from a script with a memo but no environment, each call makes a fresh
    environment; pages rendered with an earlier one are not reused."""
    root = make_vault(FILES)
    vault = load_vault(root, cache=False)
    memo = RenderMemo()
    first = site_files(vault, TODAY, str(TODAY), memo=memo)
    assert b"Write the book" in b"".join(first["goals/book.html"]())
    write_files(root, CHANGES[3])  # a goal.html of the vault's own, with no list of wins
    again = b"".join(site_files(vault, TODAY, str(TODAY), memo=memo)["goals/book.html"]())
    assert again == render_site(vault, TODAY, str(TODAY))["goals/book.html"]
    assert again.count(b"<p>Write the book</p>") == 1

"""VaultReader, the watcher's reader: told which files changed, it reads only those, and
the vault it gives is always the one a fresh read gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import MakeVault, write_files
from wins_md.config import load_config
from wins_md.model import Vault
from wins_md.store.parse_cache import ParseCache
from wins_md.vault.load import VaultReader, load_vault

FILES = {
    "goals/book.md": "---\ntitle: Write the book\n---\n",
    "journal/2026-11-20.md": "## Wins\n- Wrote 500 words [[book]] ^draft\n",
    "journal/2026-11-21.md": "## Wins\n- Outlined part two [[book]] (follows:: ^draft)\n",
    "notes/ideas.md": "# Ideas\n",
}


def reader_for(root: Path) -> VaultReader:
    return VaultReader(root, ParseCache(root, load_config(root), persistent=False))


def same_vault(read: Vault, root: Path) -> None:
    fresh = load_vault(root, cache=False)
    assert read.entries == fresh.entries
    assert read.wins == fresh.wins
    assert read.goals == fresh.goals
    assert read.micro_goals == fresh.micro_goals
    assert read.problems == fresh.problems


CHANGES: list[dict[str, str]] = [
    {"journal/2026-11-21.md": "## Wins\n- Outlined part two [[book]]\n- Ran 5 km #run\n"},
    {"journal/2026-11-22.md": "## Wins\n- A new day [[ideas]]\n"},  # a new file
    {"goals/book.md": "---\ntitle: Write the novel\nstatus: paused\n---\n"},
    {"notes/ideas.md": "---\ntitle: Ideas\n---\n"},
    {"journal/2026-11-20.md": "---\nprivate: true\n---\n## Wins\n- Wrote [[book]] ^draft\n"},
    {"goals/ideas.md": "---\ntitle: Ideas, now a goal\n---\n"},  # links change meaning
    {"journal/2026-11-21.md": "## Wins\n- Broken [[nowhere]] (follows:: ^gone)\n"},
]


@pytest.mark.parametrize("steps", range(1, len(CHANGES) + 1))
def test_a_reader_told_what_changed_reads_what_a_fresh_read_reads(
    make_vault: MakeVault, steps: int
) -> None:
    root = make_vault(FILES)
    reader = reader_for(root)
    reader.read(load_config(root))
    for change in CHANGES[:steps]:
        write_files(root, change)
        same_vault(reader.read(load_config(root), change.keys()), root)


def test_unchanged_entries_are_kept_and_only_the_changed_file_is_read(
    make_vault: MakeVault,
) -> None:
    root = make_vault(FILES)
    reader = reader_for(root)
    config = load_config(root)
    before = {entry.file: entry for entry in reader.read(config).entries}
    write_files(root, CHANGES[0])
    # An edit nobody reported is not seen until a full read: proof that only the named
    # file was read.
    write_files(root, {"journal/2026-11-20.md": "## Wins\n- Unreported edit\n"})
    after = {entry.file: entry for entry in reader.read(config, CHANGES[0].keys()).entries}
    assert after["goals/book.md"] is before["goals/book.md"]
    assert after["journal/2026-11-21.md"] is not before["journal/2026-11-21.md"]
    assert [w.title for w in after["journal/2026-11-21.md"].wins][-1] == "Ran 5 km"
    assert after["journal/2026-11-20.md"] is before["journal/2026-11-20.md"]
    same_vault(reader.read(config, None), root)


def test_a_deleted_file_named_as_changed_leaves_the_vault(make_vault: MakeVault) -> None:
    root = make_vault(FILES)
    reader = reader_for(root)
    config = load_config(root)
    reader.read(config)
    (root / "journal/2026-11-21.md").unlink()
    read = reader.read(config, ["journal/2026-11-21.md"])
    assert "journal/2026-11-21.md" not in {entry.file for entry in read.entries}
    same_vault(read, root)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_file_turned_into_a_link_out_of_the_vault_is_not_followed(
    make_vault: MakeVault, tmp_path: Path
) -> None:
    root = make_vault(FILES)
    secret = tmp_path / "secret.md"
    secret.write_text("## Wins\n- SECRET outside the vault\n", encoding="utf-8")
    reader = reader_for(root)
    config = load_config(root)
    reader.read(config)
    note = root / "journal/2026-11-21.md"
    note.unlink()
    note.symlink_to(secret)
    read = reader.read(config, ["journal/2026-11-21.md"])
    assert not any("SECRET" in win.text for win in read.wins)
    assert any("leads out of the vault" in p.message for p in read.problems)


def test_new_settings_mean_a_full_read(make_vault: MakeVault) -> None:
    root = make_vault({**FILES, "wins.toml": 'exclude = ["notes/*"]\n'})
    reader = reader_for(root)
    assert "notes/ideas.md" not in {e.file for e in reader.read(load_config(root)).entries}
    write_files(root, {"wins.toml": "\n"})
    read = reader.read(load_config(root), ["wins.toml"])
    assert "notes/ideas.md" in {entry.file for entry in read.entries}
    same_vault(read, root)


def age(*paths: Path) -> None:
    """Date files an hour back, so the parse cache keeps (and hands back) their entries."""
    for path in paths:
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime - 3600))


def test_kept_entries_are_linked_again_when_a_goal_appears(make_vault: MakeVault) -> None:
    root = make_vault({**FILES, "journal/2026-11-22.md": "## Wins\n- Sorted [[ideas]]\n"})
    age(*root.rglob("*.md"))
    reader = reader_for(root)
    config = load_config(root)
    before = reader.read(config)
    assert [w.goals for w in before.wins if w.title == "Sorted"] == [()]  # a note, not a goal
    write_files(root, {"goals/ideas.md": "---\ntitle: Ideas\n---\n"})
    age(root / "goals/ideas.md")  # the other entries come back from the cache, unchanged
    after = reader.read(config, ["goals/ideas.md"])
    kept = {entry.file: entry for entry in before.entries}["journal/2026-11-20.md"]
    assert {entry.file: entry for entry in after.entries}["journal/2026-11-20.md"] is kept
    assert [w.goals for w in after.wins if w.title == "Sorted"] == [("ideas",)]
    same_vault(after, root)

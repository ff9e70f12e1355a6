"""A file changed with its size and modification time kept (``cp -p``, ``rsync -t``, a
backup restore, ``touch -d``) is never answered from a store: every store keys a file on
its size, modification time, change time and inode, and no tool can set a change time
back. Each test flips a note to ``private: on`` that way and looks at what the command
shows, without ``--no-cache``."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import MakeVault, ManualEvents, RunCli
from wins_md.live.watcher import Watcher

OLD_NS = 1_700_000_000 * 10**9  # far outside the 2-second window of files not trusted
SECRET = "Told the team about the offer"
PUBLIC = f"---\nprivate: no\n---\n## Wins\n- [x] {SECRET} #job\n"
NOTE = "journal/2026/2026-11-21.md"
VAULT = {
    "wins.toml": 'title = "Restored"\n',
    NOTE: PUBLIC,
    "journal/2026/2026-11-20.md": "## Wins\n- [x] Ran five km\n",
}


def age(root: Path) -> None:
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(Path(folder) / name, ns=(OLD_NS, OLD_NS))


@pytest.fixture
def vault(make_vault: MakeVault) -> Path:
    root = make_vault(VAULT)
    age(root)
    return root


def rewrite_keeping_times(path: Path, old: str, new: str) -> None:
    """Rewrite ``path`` in place with ``old`` replaced by ``new`` (of the same length),
    then put its access and modification times back, as ``cp -p`` onto it would."""
    before = path.stat()
    text = path.read_text("utf-8")
    assert old in text and len(old) == len(new)
    while True:
        path.write_text(text.replace(old, new), "utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = path.stat()
        if after.st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.01)  # still within the clock tick of the last change: wait for the next
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


def flip_to_private(root: Path) -> None:
    rewrite_keeping_times(root / NOTE, "private: no", "private: on")


def listed(run_cli: RunCli, root: Path) -> list[str]:
    result = run_cli(root, "list", "--format", "json", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    return [win["text"] for win in json.loads(result.stdout)]


def test_wins_list_forgets_a_note_made_private_with_its_times_kept(
    vault: Path, run_cli: RunCli
) -> None:
    assert listed(run_cli, vault) == ["Ran five km", f"{SECRET} #job"]
    assert listed(run_cli, vault) == ["Ran five km", f"{SECRET} #job"]  # from the index
    flip_to_private(vault)
    assert listed(run_cli, vault) == ["Ran five km"]


def test_wins_stats_forgets_a_note_made_private_with_its_times_kept(
    vault: Path, run_cli: RunCli
) -> None:
    def total() -> int:
        result = run_cli(vault, "stats", "--json", "--today", "2026-11-22")
        assert result.exit_code == 0, result.output
        return int(json.loads(result.stdout)["total_wins"])

    assert total() == 2
    flip_to_private(vault)
    assert total() == 1


def built(run_cli: RunCli, root: Path) -> tuple[str, str]:
    result = run_cli(root, "build", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    site = root / "site"
    return (site / "wins.json").read_text("utf-8"), (site / "index.html").read_text("utf-8")


@pytest.mark.parametrize("stamp", ["build stamp", "parse cache alone"])
def test_wins_build_unpublishes_a_note_made_private_with_its_times_kept(
    vault: Path, run_cli: RunCli, stamp: str
) -> None:
    assert all(SECRET in page for page in built(run_cli, vault))
    if stamp == "parse cache alone":
        (vault / ".wins/build-stamp.json").unlink()
    flip_to_private(vault)
    assert not any(SECRET in page for page in built(run_cli, vault))


def test_a_template_changed_with_its_times_kept_rebuilds(vault: Path, run_cli: RunCli) -> None:
    template = vault / "templates/_style.css"
    template.parent.mkdir()
    template.write_text("body { color: #111111 }\n", "utf-8")
    age(vault)
    assert "#111111" in built(run_cli, vault)[1]
    rewrite_keeping_times(template, "#111111", "#222222")
    assert "#222222" in built(run_cli, vault)[1]


def test_an_output_changed_with_its_times_kept_is_rebuilt(vault: Path, run_cli: RunCli) -> None:
    page = built(run_cli, vault)[1]
    rewrite_keeping_times(vault / "site/index.html", SECRET, SECRET.upper())
    assert built(run_cli, vault)[1] == page


def test_wins_watch_unpublishes_a_note_made_private_with_its_times_kept(vault: Path) -> None:
    source = ManualEvents()
    watcher = Watcher(vault, source=source, today=dt.date(2026, 11, 22))
    watcher.start()
    loop = threading.Thread(target=watcher.loop, daemon=True)
    loop.start()
    try:
        wins = vault / "site/wins.json"
        assert SECRET in wins.read_text("utf-8")
        flip_to_private(vault)
        source.record(str(watcher.root / NOTE), False)
        record = watcher.log.wait_for(2, 30)
        assert record is not None and record.failure is None, record
        assert SECRET not in wins.read_text("utf-8")
    finally:
        watcher.stop()
        loop.join(30)
        watcher.close()

"""``wins watch`` and ticks: a box ticked by another process while the watcher runs is
recorded in the ledger, dated, shown on the page and (with stamping on) written into
its note once the note is quiet; the watcher's own writes to the ledger start no build.

No test sleeps to wait for the watcher: each waits on its build log, with a deadline.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MakeVault
from watch_support import DEADLINE, watching

from wins_md.live.log import BuildRecord, summary_lines
from wins_md.live.watcher import Watcher

NOTE = "notes/launch.md"
VAULT = {
    "wins.toml": 'title = "Watched"\n',
    "journal/2026/2026-11-20.md": "## Wins\n- [x] Ran five km\n",
    NOTE: "# Launch\n- [ ] Write the intro\n- [ ] Ship it\n",
}
TICK = """
import os, sys, datetime as dt
path, moment = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as handle:
    text = handle.read()
with open(path, "w", encoding="utf-8") as handle:
    handle.write(text.replace("[ ] Write the intro", "[x] Write the intro"))
if moment != "now":
    stamp = dt.datetime.fromisoformat(moment).timestamp()
    os.utime(path, (stamp, stamp))
"""


def wait_for(watcher: Watcher, check: Callable[[], bool], what: str) -> BuildRecord:
    """The first build (after the first) that leaves ``check()`` true."""
    deadline = time.monotonic() + DEADLINE
    number = 2
    while (remaining := deadline - time.monotonic()) > 0:
        record = watcher.log.wait_for(number, remaining)
        if record is None:
            break
        if check():
            return record
        number = record.number + 1
    pytest.fail(f"no build brought {what} within {DEADLINE} s (last: {watcher.log.last})")


def page_dates(watcher: Watcher) -> dict[str, str]:
    data = json.loads((watcher.folder / "wins.json").read_text("utf-8"))
    return {win["title"]: win["date"] for win in data["wins"]}


def tick_elsewhere(path: Path, moment: str) -> None:
    """Tick the box from another process, as a phone's sync or another editor would."""
    subprocess.run([sys.executable, "-c", TICK, str(path), moment], check=True)


@pytest.mark.slow
def test_a_tick_from_another_process_is_dated_by_its_save(make_vault: MakeVault) -> None:
    root = make_vault(VAULT)
    records: list[BuildRecord] = []
    with watching(root, on_build=records.append) as watcher:
        ledger = (root / "wins-ledger.txt").read_text("utf-8")
        assert f"{NOTE}\tWrite the intro\t1\t2026-11-22\t-\t-\t-\n" in ledger
        assert page_dates(watcher) == {"Ran five km": "2026-11-20"}
        tick_elsewhere(root / NOTE, "2026-11-22T09:30:00")
        record = wait_for(watcher, lambda: "Write the intro" in page_dates(watcher), "the tick")
        assert page_dates(watcher)["Write the intro"] == "2026-11-22"
        assert record.notes == (
            f"{NOTE}:2: ticked 2026-11-22 (the note was saved that day): Write the intro",
        )
        _, *rest = summary_lines(record, records[-2], watcher.folder)
        assert rest[0] == record.notes[0]
        assert "\t2026-11-22\tsaved\t-\n" in (root / "wins-ledger.txt").read_text("utf-8")
        # The ledger written by the watcher starts no build of its own: none comes.
        assert watcher.log.wait_for(record.number + 1, 1.0) is None
    assert all(record.changed != ("wins-ledger.txt",) for record in records)
    assert (root / NOTE).read_text("utf-8") == "# Launch\n- [x] Write the intro\n- [ ] Ship it\n"


@pytest.mark.slow
def test_with_stamp_the_date_is_written_once_the_note_is_quiet(make_vault: MakeVault) -> None:
    root = make_vault(VAULT)
    records: list[BuildRecord] = []
    with watching(root, stamp=True, stamp_quiet=0.5, on_build=records.append) as watcher:
        tick_elsewhere(root / NOTE, "now")  # just saved: it waits, then is stamped
        wait_for(
            watcher,
            lambda: any(
                f"{NOTE}: wrote ✅ 2026-11-22: Write the intro" in r.notes for r in records
            ),
            "the done date into the note",
        )
        assert (root / NOTE).read_text("utf-8") == (
            "# Launch\n- [x] Write the intro ✅ 2026-11-22\n- [ ] Ship it\n"
        )
    ledger = (root / "wins-ledger.txt").read_text("utf-8")
    # Saved today, by the clock; the watcher's today is 2026-11-22: seen that day.
    assert f"{NOTE}\tWrite the intro\t1\t2026-11-22\t2026-11-22\tseen\t2026-11-22\n" in ledger


def test_stamp_true_in_wins_toml_turns_stamping_on(make_vault: MakeVault) -> None:
    root = make_vault({**VAULT, "wins.toml": "stamp = true\n"})
    with watching(root) as watcher:
        tick_elsewhere(root / NOTE, "2026-11-22T09:30:00")
        wait_for(watcher, lambda: "✅" in (root / NOTE).read_text("utf-8"), "the done date")
    assert "- [x] Write the intro ✅ 2026-11-22\n" in (root / NOTE).read_text("utf-8")


def test_a_ticked_task_cut_and_pasted_between_saves_keeps_its_day(
    make_vault: MakeVault,
) -> None:
    """Cut from one note (saved, and seen), pasted into another a moment later: the
    tick is the same, and keeps its day."""
    root = make_vault({**VAULT, "notes/done.md": "# Done\n"})
    with watching(root) as watcher:
        tick_elsewhere(root / NOTE, "2026-11-22T09:30:00")
        wait_for(watcher, lambda: "Write the intro" in page_dates(watcher), "the tick")
        (root / NOTE).write_text("# Launch\n- [ ] Ship it\n", "utf-8")
        wait_for(watcher, lambda: "Write the intro" not in page_dates(watcher), "the cut")
        assert "\tWrite the intro\t1\t2026-11-22\t2026-11-22\tsaved\t-\n" in (
            root / "wins-ledger.txt"
        ).read_text("utf-8"), "kept a while: it may be on its way to another note"
        (root / "notes/done.md").write_text("# Done\n- [x] Write the intro\n", "utf-8")
        wait_for(watcher, lambda: "Write the intro" in page_dates(watcher), "the paste")
        assert page_dates(watcher)["Write the intro"] == "2026-11-22"
    ledger = (root / "wins-ledger.txt").read_text("utf-8")
    assert "notes/done.md\tWrite the intro\t1\t2026-11-22\t2026-11-22\tsaved\t-\n" in ledger
    assert f"{NOTE}\tWrite the intro" not in ledger


def test_a_folder_that_is_not_a_vault_gets_a_ledger_only_once_it_is_one(
    make_vault: MakeVault,
) -> None:
    root = make_vault({NOTE: "# Launch\n- [ ] Write the intro\n"})  # no wins.toml
    with watching(root) as watcher:
        assert not (root / "wins-ledger.txt").exists()
        (root / "wins.toml").write_text('title = "Now a vault"\n', "utf-8")
        wait_for(watcher, lambda: (root / "wins-ledger.txt").exists(), "a ledger")
    assert f"{NOTE}\tWrite the intro\t1\t2026-11-22\t-\t-\t-\n" in (
        root / "wins-ledger.txt"
    ).read_text("utf-8")

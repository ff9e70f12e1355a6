"""The ledger of ticks (``wins-ledger.txt``): a box ticked outside wins-md, seen open and
then checked, gets the day it was saved (or seen) as its done date, in every command,
from the vault's own files.

Each test ticks boxes as another editor would (rewriting the note, with the note's
modification time set to when it was "saved"), and looks again with ``wins stamp
--ledger-only``, which records ticks without writing any note.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from conftest import MakeVault, RunCli

LEDGER = "wins-ledger.txt"
NOTE = "journal/2026/2026-02-10.md"
HEADER = (
    "# wins-md ledger of ticks: each task seen open, and the day it was ticked. Kept by\n"
    "# `wins watch` and `wins stamp`; keep it with the vault (sync it, commit it).\n"
    "# One task a line; 7 fields separated by tabs: file, task, n, open since, ticked,\n"
    "# dated by (saved, seen or git), stamped (the date wins-md wrote into the note).\n"
)


def saved(path: Path, day: str, hour: int = 10) -> None:
    """Set the note's modification time, as if an editor had saved it then."""
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)).timestamp()
    os.utime(path, (moment, moment))


def tick(path: Path, text: str, day: str) -> None:
    """Tick the box of ``text`` in the note, saved on ``day``."""
    content = path.read_text("utf-8")
    assert f"[ ] {text}" in content
    path.write_text(content.replace(f"[ ] {text}", f"[x] {text}", 1), "utf-8")
    saved(path, day)


def look(run_cli: RunCli, root: Path, today: str) -> str:
    result = run_cli(root, "stamp", "--ledger-only", "--today", today)
    assert result.exit_code == 0, result.output
    return result.stdout


def dates(run_cli: RunCli, root: Path, today: str) -> dict[str, str]:
    listed = run_cli(root, "list", "--format", "json", "--today", today).stdout
    return {win["title"]: win["date"] for win in json.loads(listed)}


def test_a_box_ticked_in_an_old_note_counts_on_the_day_it_was_saved(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault({"wins.toml": "", NOTE: "## Wins\n- [x] Wrote a page\n- [ ] Call the bank\n"})
    assert look(run_cli, root, "2026-03-01") == ""
    ledger = (root / LEDGER).read_text("utf-8")
    assert ledger == HEADER + f"{NOTE}\tCall the bank\t1\t2026-03-01\t-\t-\t-\n"
    assert dates(run_cli, root, "2026-03-01") == {"Wrote a page": "2026-02-10"}

    tick(root / NOTE, "Call the bank", "2026-03-05")
    before = (root / NOTE).read_bytes()
    said = look(run_cli, root, "2026-03-08")
    assert said == f"{NOTE}:3: ticked 2026-03-05 (ticked; the note was saved that day)\n"
    assert (root / NOTE).read_bytes() == before, "--ledger-only writes no note"
    assert (root / LEDGER).read_text("utf-8") == (
        HEADER + f"{NOTE}\tCall the bank\t1\t2026-03-01\t2026-03-05\tsaved\t-\n"
    )
    expected = {"Wrote a page": "2026-02-10", "Call the bank": "2026-03-05"}
    assert dates(run_cli, root, "2026-03-08") == expected
    stats = json.loads(run_cli(root, "stats", "--json", "--today", "2026-03-05").stdout)
    assert stats["current_streak"] == 1 and stats["this_week"] == 1
    # The ledger is a file of the vault, never a note of it.
    check = run_cli(root, "check", "--today", "2026-03-08")
    assert (check.exit_code, check.stdout) == (0, "")
    assert check.stderr == "No problems in 1 files.\n"
    # Looking again changes nothing.
    assert look(run_cli, root, "2026-03-09") == ""


def test_a_tick_in_an_undated_note_or_a_goal_becomes_a_dated_win(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {
            "wins.toml": "",
            "notes/launch.md": "# Launch\n- [ ] Write the intro [[ship]]\n- [ ] Ship it\n",
            "goals/ship.md": "---\ntitle: Ship\n---\n## Milestones\n- [ ] Beta out\n- [ ] Done\n",
            "reviews/2026-W09.md": "## Next week\n- [ ] Plan the talk\n",
        }
    )
    look(run_cli, root, "2026-03-01")
    tick(root / "notes/launch.md", "Write the intro", "2026-03-03")
    tick(root / "goals/ship.md", "Beta out", "2026-03-04")
    tick(root / "reviews/2026-W09.md", "Plan the talk", "2026-03-04")
    assert look(run_cli, root, "2026-03-06").splitlines() == [
        "goals/ship.md:5: ticked 2026-03-04 (ticked; the note was saved that day)",
        "notes/launch.md:2: ticked 2026-03-03 (ticked; the note was saved that day)",
        "reviews/2026-W09.md:2: ticked 2026-03-04 (ticked; the note was saved that day)",
    ]
    assert dates(run_cli, root, "2026-03-06") == {
        "Write the intro": "2026-03-03",
        "Beta out": "2026-03-04",
        "Plan the talk": "2026-03-04",
    }
    goal = json.loads(run_cli(root, "stats", "--json", "--today", "2026-03-06").stdout)["goals"]
    assert (goal[0]["done"], goal[0]["last_win"]) == (1, "2026-03-04")
    check = run_cli(root, "check", "--today", "2026-03-06")
    assert check.exit_code == 0 and "undated" not in check.stderr


def test_a_save_time_that_cannot_be_the_tick_dates_it_by_when_it_was_seen(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    """A note restored from a backup, or copied with its old time, says nothing of when
    the box was ticked: the day it was seen checked stands, and ``wins check`` says so."""
    root = make_vault(
        {"wins.toml": "", "notes/launch.md": "- [ ] Write the intro\n- [ ] Ship it\n"}
    )
    look(run_cli, root, "2026-03-01")
    tick(root / "notes/launch.md", "Write the intro", "2026-02-20")  # before it was seen open
    said = look(run_cli, root, "2026-03-06")
    assert said == "notes/launch.md:1: ticked 2026-03-06 (ticked; seen checked that day)\n"
    assert dates(run_cli, root, "2026-03-06") == {"Write the intro": "2026-03-06"}
    check = run_cli(root, "check", "--today", "2026-03-06")
    assert check.exit_code == 0
    assert check.stdout == (
        "notes/launch.md:1: ticked 2026-03-06, the day wins-md saw it checked (the note's "
        "save time could not tell); if it was ticked earlier, write its done date "
        "(✅ YYYY-MM-DD)\n"
    )
    # Its own done date, once written, ends the question.
    text = (root / "notes/launch.md").read_text("utf-8")
    (root / "notes/launch.md").write_text(text.replace("intro", "intro ✅ 2026-03-02"), "utf-8")
    assert dates(run_cli, root, "2026-03-06") == {"Write the intro": "2026-03-02"}
    assert run_cli(root, "check", "--today", "2026-03-06").stdout == ""


def test_a_checked_task_moved_to_another_file_keeps_its_date(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {
            "wins.toml": "",
            "notes/inbox.md": "- [ ] Write the intro\n- [ ] Ship it\n",
            "notes/launch.md": "# Launch\n- [ ] Plan\n",
        }
    )
    look(run_cli, root, "2026-03-01")
    tick(root / "notes/inbox.md", "Write the intro", "2026-03-03")
    look(run_cli, root, "2026-03-04")
    # Moved: cut from the inbox, pasted into the project note, days later.
    (root / "notes/inbox.md").write_text("- [ ] Ship it\n", "utf-8")
    (root / "notes/launch.md").write_text("# Launch\n- [ ] Plan\n- [x] Write the intro\n", "utf-8")
    saved(root / "notes/launch.md", "2026-03-09")
    assert look(run_cli, root, "2026-03-10") == "", "a move is not a tick"
    assert dates(run_cli, root, "2026-03-10") == {"Write the intro": "2026-03-03"}
    assert (root / LEDGER).read_text("utf-8") == HEADER + (
        "notes/inbox.md\tShip it\t1\t2026-03-01\t-\t-\t-\n"
        "notes/launch.md\tPlan\t1\t2026-03-01\t-\t-\t-\n"
        "notes/launch.md\tWrite the intro\t1\t2026-03-01\t2026-03-03\tsaved\t-\n"
    )


def test_damaged_ledger_lines_are_reported_and_kept(make_vault: MakeVault, run_cli: RunCli) -> None:
    ledger = (
        "# a comment\n"
        "notes/launch.md\tWrite the intro\t1\t2026-03-01\t2026-03-03\tsaved\t-\n"
        "notes/launch.md\tShip it\t1\n"
        "notes/launch.md\tShip it\t1\t2026-03-01\t2026-02-30\tsaved\t-\n"
        "notes/launch.md\tShip it\t1\t2026-03-01\t2026-03-04\tguessed\t-\n"
        "notes/launch.md\tWrite the intro\t1\t2026-03-01\t-\t-\t-\n"
        "<<<<<<< HEAD\n"
    )
    root = make_vault(
        {
            "wins.toml": "",
            "notes/launch.md": "- [x] Write the intro\n- [ ] Ship it\n",
            LEDGER: ledger,
        }
    )
    check = run_cli(root, "check", "--today", "2026-03-06")
    assert check.exit_code == 1
    assert check.stdout.splitlines() == [
        f"{LEDGER}:3: damaged ledger line: expected 7 fields separated by tabs: file, task, "
        "n, open since, ticked, dated by, stamped; fix it or delete it",
        f"{LEDGER}:4: damaged ledger line: a day is not written as YYYY-MM-DD (or '-'); "
        "fix it or delete the line",
        f"{LEDGER}:5: damaged ledger line: 'dated by' must be saved, seen or git for a tick, "
        "and '-' for an open task",
        f"{LEDGER}:6: damaged ledger line: lists a task listed on an earlier line; delete one",
        f"{LEDGER}:7: damaged ledger line: expected 7 fields separated by tabs: file, task, "
        "n, open since, ticked, dated by, stamped; fix it or delete it",
    ]
    assert dates(run_cli, root, "2026-03-06") == {"Write the intro": "2026-03-03"}
    # Written again, it keeps what it could not read, for its owner to mend.
    look(run_cli, root, "2026-03-06")
    lines = (root / LEDGER).read_text("utf-8").splitlines()
    assert lines[-5:] == ledger.splitlines()[2:]
    assert "notes/launch.md\tShip it\t1\t2026-03-06\t-\t-\t-" in lines


def test_a_ledger_that_cannot_be_read_is_reported_and_never_replaced(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {"wins.toml": "", "notes/launch.md": "- [ ] Ship it\n", LEDGER: b"caf\xe9\tx\n"}
    )
    check = run_cli(root, "check")
    assert (check.exit_code, check.stdout) == (
        1,
        f"{LEDGER}:1: is not UTF-8 text; not read (no tick is dated by it)\n",
    )
    stamp = run_cli(root, "stamp")
    assert stamp.exit_code == 1
    assert stamp.stderr == (
        f"Error: {LEDGER}:1: is not UTF-8 text; not read (no tick is dated by it); "
        "nothing was stamped\n"
    )
    assert (root / LEDGER).read_bytes() == b"caf\xe9\tx\n"
    (root / LEDGER).unlink()
    (root / LEDGER).mkdir()
    check = run_cli(root, "check")
    assert check.stdout == f"{LEDGER}:1: not a regular file; not read\n"
    assert "Traceback" not in check.output


def test_builds_read_the_ledger_like_any_file_of_the_vault(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault({"wins.toml": "", NOTE: "## Wins\n- [x] Wrote a page\n- [ ] Call the bank\n"})
    look(run_cli, root, "2026-03-01")
    tick(root / NOTE, "Call the bank", "2026-03-05")
    look(run_cli, root, "2026-03-08")
    os.utime(root / LEDGER, (1_700_000_000, 1_700_000_000))  # not modified just now

    def built(vault: Path) -> bytes:
        result = run_cli(vault, "build", "--today", "2026-03-08")
        assert result.exit_code == 0, result.output
        return (vault / "site" / "wins.json").read_bytes()

    first = built(root)
    assert b'"date": "2026-03-05"' in first
    copy = tmp_path / "elsewhere"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".wins", "site"))
    assert built(copy) == first, "the same files give the same site"
    assert "up to date" in run_cli(root, "build", "--today", "2026-03-08").stdout
    assert dates(run_cli, root, "2026-03-08")["Call the bank"] == "2026-03-05"
    # A ledger changed (here by hand; by a sync, a merge) is a changed input.
    text = (root / LEDGER).read_text("utf-8").replace("2026-03-05", "2026-03-06")
    (root / LEDGER).write_text(text, "utf-8")
    os.utime(root / LEDGER, (1_700_000_100, 1_700_000_100))
    assert b'"date": "2026-03-06"' in built(root)
    assert dates(run_cli, root, "2026-03-08")["Call the bank"] == "2026-03-06"


def test_wins_add_never_writes_the_ledger(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({"wins.toml": "", NOTE: "## Wins\n- [ ] Call the bank\n"})
    assert run_cli(root, "add", "Called", "--date", "2026-02-10").exit_code == 0
    assert not (root / LEDGER).exists()
    look(run_cli, root, "2026-03-01")
    before = (root / LEDGER).stat()
    tick(root / NOTE, "Call the bank", "2026-03-05")
    assert run_cli(root, "add", "Paid", "--date", "2026-02-10").exit_code == 0
    after = (root / LEDGER).stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)

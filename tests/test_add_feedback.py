"""The line ``wins add`` prints, answered from the list index and the one file the add
changed: always the line that reading the whole vault gives, and without reading it
when the index is current for every other file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import write_files
from wins_md.capture.moved import what_moved
from wins_md.config import load_config
from wins_md.query import Filters, list_wins

TODAY = dt.date(2026, 11, 22)
OLD = 1_700_000_000
"""A modification time older than the 2 s the index waits before trusting a file."""
GOALS = ("run-5k", "novel", "spanish")
BASE = {
    "wins.toml": 'rest_days = ["sun"]\n',
    "goals/run-5k.md": "---\ntitle: Run 5k\n---\n",
    "goals/novel.md": "---\ntitle: The novel\nparent: spanish\n---\n",
    "goals/spanish.md": "---\ntitle: Learn Spanish\nprivate: true\n---\n",
    "people/priya.md": "Priya, who negotiated well.\n",
}

links = st.sampled_from(["", " [[run-5k]]", " [[Novel]]", " [[spanish]]", " [[priya]]", " #x"])
win_lines = st.lists(st.tuples(st.sampled_from(["x", " "]), links), max_size=3)
days = st.integers(min_value=0, max_value=20).map(lambda back: TODAY - dt.timedelta(days=back))
front = st.sampled_from(
    ["", "---\nprivate: true\n---\n", "---\nrest: true\n---\n", "---\ngoals: [run-5k]\n---\n"]
)
notes = st.dictionaries(days, st.tuples(front, win_lines), max_size=6)


def note_text(front_matter: str, wins: list[tuple[str, str]]) -> str:
    items = "".join(f"- [{mark}] Did a thing{link}\n" for mark, link in wins)
    return f"{front_matter}## Wins\n{items}"


def write_vault(root: Path, days_notes: dict[dt.date, tuple[str, list[tuple[str, str]]]]) -> Path:
    files = dict(BASE)
    for day, (front_matter, wins) in days_notes.items():
        files[f"journal/{day.isoformat()}.md"] = note_text(front_matter, wins)
    write_files(root, files)
    for path in root.rglob("*.md"):
        os.utime(path, (OLD, OLD))
    return root


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    notes=notes,
    day=days,
    change=st.tuples(front, win_lines),
    goals=st.lists(st.sampled_from(GOALS), max_size=2),
)
def test_the_line_from_the_index_is_the_line_from_the_vault(
    tmp_path_factory: object,
    notes: dict[dt.date, tuple[str, list[tuple[str, str]]]],
    day: dt.date,
    change: tuple[str, list[tuple[str, str]]],
    goals: list[str],
) -> None:
    root = write_vault(tmp_path_factory.mktemp("vault"), notes)  # type: ignore[attr-defined]
    config = load_config(root)
    list_wins(root, config, Filters(), today=TODAY)  # the index, current
    rel = f"journal/{day.isoformat()}.md"
    write_files(root, {rel: note_text(*change)})  # the file an add changed (or made)
    fast = what_moved(root, config, day, goals, TODAY, rel)
    slow = what_moved(root, config, day, goals, TODAY)
    assert fast == slow


def test_a_tick_the_ledger_dates_earlier_counts_on_its_day(tmp_path: Path) -> None:
    """The changed file is read with the ledger's done dates, as the vault is."""
    root = write_vault(tmp_path, {TODAY - dt.timedelta(days=1): ("", [("x", " [[novel]]")])})
    rel = f"journal/{TODAY.isoformat()}.md"
    ledger = f"{rel}\tSent the synopsis\t1\t2026-11-19\t2026-11-20\tseen\t-\n"
    write_files(root, {"wins-ledger.txt": ledger})
    os.utime(root / "wins-ledger.txt", (OLD, OLD))
    config = load_config(root)
    list_wins(root, config, Filters(), today=TODAY)
    write_files(root, {rel: "## Wins\n- [x] Sent the synopsis [[novel]]\n- [x] Ran\n"})
    fast = what_moved(root, config, TODAY, ["novel"], TODAY, rel)
    assert fast == what_moved(root, config, TODAY, ["novel"], TODAY)
    assert fast == "1st win today · 2-day streak · novel: 2 wins this week"  # 20, 21; 22: rest


def test_wins_add_answers_without_reading_the_vault(tmp_path: Path) -> None:
    """With a current index, adding to an entry reads no note but its own: neither the
    vault reader nor the parse cache is loaded. (The day's first add, which makes the
    entry from the day template, reads the vault for the micro-goals it carries.)"""
    root = write_vault(tmp_path / "vault", {TODAY - dt.timedelta(days=1): ("", [("x", "")])})
    write_files(root, {"journal/2026/2026-11-22.md": "## Wins\n"})  # today's entry, made
    os.utime(root / "journal/2026/2026-11-22.md", (OLD, OLD))
    probe = (
        "import sys\n"
        "from wins_md.cli import main\n"
        "sys.argv = ['wins', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    wins = [sys.executable, "-c", probe, "--vault", str(root)]
    subprocess.run([*wins, "list", "--today", "2026-11-22"], capture_output=True, check=True)
    ran = subprocess.run(
        [*wins, "add", "Ran 4k", "--goal", "run-5k", "--today", "2026-11-22"],
        capture_output=True,
        text=True,
        check=True,
    )
    said, loaded = ran.stderr.split("\n")[-3:-1]
    assert said == "1st win today · 1-day streak · run-5k: 1 win this week"  # 22 is a rest day
    assert {"wins_md.store.parse_cache", "wins_md.vault.load"} & set(loaded.split()) == set()

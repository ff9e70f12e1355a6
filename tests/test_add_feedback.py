"""What ``wins add`` reads of the vault: the line it prints and the day's new entry are
answered from the list index and the few notes it is behind on, read alone; always
the same as from reading the whole vault, and without reading it when the index is
recent."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import RunCli, run_wins_loaded, write_files
from wins_md.capture.day_entry import entry_or_template
from wins_md.capture.moved import what_moved
from wins_md.config import load_config
from wins_md.query import Filters, list_wins
from wins_md.store.list_index import index_path

TODAY = dt.date(2026, 11, 22)
OLD = 1_700_000_000
"""A modification time older than the 2 s the index waits before trusting a file."""
GOALS = ("run-5k", "novel", "spanish")
BASE = {
    "wins.toml": 'rest_days = ["sun"]\njournal_format = "YYYY-MM-DD"\n',
    "goals/run-5k.md": "---\ntitle: Run 5k\n---\n",
    "goals/novel.md": "---\ntitle: The novel\nparent: spanish\n---\n",
    "goals/spanish.md": "---\ntitle: Learn Spanish\nprivate: true\n---\n",
    "people/priya.md": "Priya, who negotiated well.\n",
}

links = st.sampled_from(["", " [[run-5k]]", " [[Novel]]", " [[spanish]]", " [[priya]]", " #x"])
items = st.lists(st.tuples(st.sampled_from(["x", " "]), links), max_size=3)
days = st.integers(min_value=0, max_value=20).map(lambda back: TODAY - dt.timedelta(days=back))
front = st.sampled_from(
    ["", "---\nprivate: true\n---\n", "---\nrest: true\n---\n", "---\ngoals: [run-5k]\n---\n"]
)
T = TypeVar("T")
Note = tuple[str, list[tuple[str, str]]]
notes = st.dictionaries(days, st.tuples(front, items), max_size=6)
changes = st.dictionaries(days, st.one_of(st.none(), st.tuples(front, items)), max_size=3)
"""Notes changed, made (a tuple) or deleted (None) since the index was written."""


def note_text(front_matter: str, wins: list[tuple[str, str]]) -> str:
    lines = "".join(f"- [{mark}] Did a thing{link}\n" for mark, link in wins)
    return f"{front_matter}## Wins\n{lines}## Micro-goals\n- [ ] Call Ana [[run-5k]]\n"


def note_path(day: dt.date) -> str:
    return f"journal/{day.isoformat()}.md"


def write_vault(root: Path, days_notes: dict[dt.date, Note]) -> Path:
    files = dict(BASE)
    files |= {note_path(day): note_text(*note) for day, note in days_notes.items()}
    write_files(root, files)
    for path in root.rglob("*.md"):
        os.utime(path, (OLD, OLD))
    return root


def change_notes(root: Path, changed: dict[dt.date, Note | None]) -> None:
    for day, note in changed.items():
        if note is None:
            (root / note_path(day)).unlink(missing_ok=True)
        else:
            write_files(root, {note_path(day): note_text(*note)})


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(notes=notes, changed=changes, day=days, goals=st.lists(st.sampled_from(GOALS), max_size=2))
def test_the_line_and_the_new_entry_are_what_reading_the_vault_gives(
    tmp_path_factory: object,
    notes: dict[dt.date, Note],
    changed: dict[dt.date, Note | None],
    day: dt.date,
    goals: list[str],
) -> None:
    root = write_vault(tmp_path_factory.mktemp("vault"), notes)  # type: ignore[attr-defined]
    config = load_config(root)
    list_wins(root, config, Filters(), today=TODAY)  # the index, current
    change_notes(root, changed)  # what the adds (and the user) did since
    new_day = TODAY + dt.timedelta(days=1)  # no note has it: the template is rendered
    from_index = (
        what_moved(root, config, day, goals, TODAY),
        entry_or_template(root, config, new_day),
        entry_or_template(root, config, day),
    )
    from_vault = (
        without_index(root, lambda: what_moved(root, config, day, goals, TODAY)),
        without_index(root, lambda: entry_or_template(root, config, new_day)),
        without_index(root, lambda: entry_or_template(root, config, day)),
    )
    assert from_index == from_vault


def without_index(root: Path, answer: Callable[[], T]) -> T:
    """What ``answer`` gives from reading the vault: with no list index to go by."""
    index_path(root).unlink(missing_ok=True)
    return answer()


def test_a_tick_the_ledger_dates_earlier_counts_on_its_day(tmp_path: Path) -> None:
    """A note the index is behind on is read with the ledger's done dates."""
    root = write_vault(tmp_path, {TODAY - dt.timedelta(days=1): ("", [("x", " [[novel]]")])})
    rel = note_path(TODAY)
    ledger = f"{rel}\tSent the synopsis\t1\t2026-11-19\t2026-11-20\tseen\t-\n"
    write_files(root, {"wins-ledger.txt": ledger})
    os.utime(root / "wins-ledger.txt", (OLD, OLD))
    config = load_config(root)
    list_wins(root, config, Filters(), today=TODAY)
    write_files(root, {rel: "## Wins\n- [x] Sent the synopsis [[novel]]\n- [x] Ran\n"})
    from_index = what_moved(root, config, TODAY, ["novel"], TODAY)
    index_path(root).unlink()
    assert from_index == what_moved(root, config, TODAY, ["novel"], TODAY)
    assert from_index == "1st win today · 2-day streak · novel: 2 wins this week"  # 22: rest


@pytest.mark.slow
def test_adds_read_no_note_but_their_own_and_the_days_before(tmp_path: Path) -> None:
    """With a recent index, the day's first add reads the previous entry (for the
    micro-goals it carries) and a later add only its own entry: neither loads the vault
    reader or the parse cache, though the index is behind on the notes they wrote."""
    root = write_vault(tmp_path / "vault", {TODAY - dt.timedelta(days=2): ("", [("x", "")])})
    run_wins_loaded("--vault", str(root), "list", "--today", "2026-11-21")
    said = []
    for today, text in (("2026-11-21", "Ran 3k"), ("2026-11-22", "Ran 4k"), ("2026-11-22", "Ran")):
        ran, loaded = run_wins_loaded(
            "--vault", str(root), "add", text, "--goal", "run-5k", "--today", today
        )
        said.append(ran.stderr.strip())
        assert {"wins_md.store.parse_cache", "wins_md.vault.load"} & loaded == set()
    assert said == [
        "1st win today · 2-day streak · run-5k: 1 win this week",  # 20 and 21
        "1st win today · 2-day streak · run-5k: 2 wins this week",  # 22 is a rest day
        "2nd win today · 2-day streak · run-5k: 3 wins this week",
    ]
    carried = (root / note_path(TODAY)).read_text("utf-8")
    assert "- [ ] Call Ana [[run-5k]]" in carried  # from the day before, read alone


@pytest.mark.slow
def test_an_add_that_reads_the_vault_writes_the_index_again(tmp_path: Path) -> None:
    """Far behind (more notes changed than it reads alone), the day's first add reads
    the vault and writes the index again, so the next add reads its own entry alone."""
    month = {TODAY - dt.timedelta(days=back): ("", [("x", "")]) for back in range(1, 41)}
    root = write_vault(tmp_path / "vault", month)
    wins = ["--vault", str(root)]
    run_wins_loaded(*wins, "list", "--today", "2026-11-22")
    for day in month:  # 40 notes edited since that list
        write_files(root, {note_path(day): note_text("", [("x", " #edited")])})
        os.utime(root / note_path(day), (OLD + 1, OLD + 1))
    loaded = [
        "wins_md.vault.load" in run_wins_loaded(*wins, "add", text, "--today", "2026-11-22")[1]
        for text in ("First", "Second")
    ]
    assert loaded == [True, False]


def added_line(run_cli: RunCli, root: Path, *args: str) -> str:
    """What ``wins add ARGS`` printed after the entry's path."""
    result = run_cli(root, "add", *args, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    return result.stderr.strip()


@pytest.mark.parametrize("note_made", [True, False])
def test_a_note_made_or_removed_relinks_the_wins_the_index_has(
    run_cli: RunCli, tmp_path: Path, note_made: bool
) -> None:
    """A ``[[link]]`` to an existing note is a plain link: a win that links only a note
    serves its entry's front matter goals. Making or removing that note changes the
    goals of wins in notes the index is not behind on."""
    linked = "---\ngoals: [run-5k]\n---\n## Wins\n- [x] Lunch with [[bob]]\n"
    notes = {TODAY - dt.timedelta(days=2): ("", [])}
    root = write_vault(tmp_path / "vault", notes)
    write_files(root, {note_path(TODAY - dt.timedelta(days=1)): linked})
    if not note_made:
        write_files(root, {"people/bob.md": "Bob, met at the meetup.\n"})
    for path in root.rglob("*.md"):
        os.utime(path, (OLD, OLD))
    assert run_cli(root, "list", "--today", TODAY.isoformat()).exit_code == 0
    if note_made:
        write_files(root, {"people/bob.md": "Bob, met at the meetup.\n"})
    else:
        (root / "people/bob.md").unlink()
    from_index = added_line(run_cli, root, "Ran", "--goal", "run-5k")
    (root / note_path(TODAY)).unlink()
    shutil.rmtree(root / ".wins")
    assert from_index == added_line(run_cli, root, "Ran", "--goal", "run-5k")

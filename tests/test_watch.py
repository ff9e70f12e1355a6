"""``wins watch`` with the real file system watcher on tmp_path: each way editors save,
deletes, renames, folders removed and re-created, bursts, and errors fixed again.

No test sleeps: each waits, with a deadline, for the build that makes the page
match the files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ManualEvents, write_files
from watch_support import DEADLINE, TODAY, watching

from wins_md.config import Config
from wins_md.errors import WinsError
from wins_md.live.events import SourceFilter
from wins_md.live.log import BuildRecord, summary_lines
from wins_md.live.watcher import Watcher
from wins_md.site.build import build_site

TODAY_TEXT = TODAY.isoformat()
NOTE = "journal/2026/2026-11-21.md"
VAULT = {
    "wins.toml": 'title = "Watched"\n',
    "journal/2026/2026-11-20.md": "---\ndate: 2026-11-20\n---\n## Wins\n- [x] Ran five km\n",
    NOTE: "## Wins\n- [x] Wrote 300 words [[novel]]\n",
    "goals/novel.md": "---\ntitle: Draft the novel\n---\n",
}


def page_wins(folder: Path) -> list[str]:
    """The text of every win in the built wins.json."""
    return [win["text"] for win in json.loads((folder / "wins.json").read_text("utf-8"))["wins"]]


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fresh_site(root: Path, out: Path) -> dict[str, bytes]:
    """The site a full build of the vault as it is now writes, read from scratch."""
    shutil.rmtree(out, ignore_errors=True)
    build_site(root, out, TODAY, cache=False)
    return site_files(out)


def wait_for_page(
    watcher: Watcher, after: int, check: Callable[[], bool], what: str
) -> BuildRecord:
    """Wait for the first build after build ``after`` that leaves ``check()`` true."""
    deadline = time.monotonic() + DEADLINE
    number = after + 1
    while (remaining := deadline - time.monotonic()) > 0:
        record = watcher.log.wait_for(number, remaining)
        if record is None:
            break
        if check():
            return record
        number = record.number + 1
    pytest.fail(
        f"no build made the page show {what} within {DEADLINE} s (last build: {watcher.log.last})"
    )


def wait_for_wins(watcher: Watcher, after: int, expected: list[str]) -> BuildRecord:
    """Wait for the first build after build ``after`` (the last one before the change:
    the build of the change may already be over) that shows ``expected``."""
    return wait_for_page(
        watcher, after, lambda: page_wins(watcher.folder) == expected, f"the wins {expected}"
    )


def latest(watcher: Watcher) -> int:
    record = watcher.log.last
    assert record is not None
    return record.number


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(VAULT)


def test_the_first_build_writes_the_site(vault: Path, tmp_path: Path) -> None:
    with watching(vault) as watcher:
        first = watcher.log.last
        assert first is not None and first.number == 1 and first.failure is None
        assert page_wins(watcher.folder) == ["Ran five km", "Wrote 300 words [[novel]]"]
        assert site_files(watcher.folder) == fresh_site(vault, tmp_path / "fresh")


def test_a_plain_write_is_followed(vault: Path, tmp_path: Path) -> None:
    with watching(vault) as watcher:
        before = latest(watcher)
        with open(vault / NOTE, "a", encoding="utf-8") as note:
            note.write("- [x] Called the agent\n")
        record = wait_for_wins(
            watcher, before, ["Ran five km", "Wrote 300 words [[novel]]", "Called the agent"]
        )
        assert record.changed == (NOTE,)
        assert "wins.json" in record.written
        assert site_files(watcher.folder) == fresh_site(vault, tmp_path / "fresh")


def test_vim_save_renames_the_file_away_and_writes_a_new_one(vault: Path) -> None:
    note = vault / NOTE
    with watching(vault) as watcher:
        before = latest(watcher)
        swap = note.with_name(f".{note.name}.swp")
        swap.write_bytes(b"swap")
        probe = note.with_name("4913")
        probe.write_bytes(b"")
        probe.unlink()
        backup = note.with_name(note.name + "~")
        os.rename(note, backup)
        note.write_text("## Wins\n- [x] Wrote 600 words [[novel]]\n", encoding="utf-8")
        backup.unlink()
        swap.unlink()
        record = wait_for_wins(watcher, before, ["Ran five km", "Wrote 600 words [[novel]]"])
        assert record.changed == (NOTE,)


def test_vs_code_save_writes_a_temp_file_and_replaces(vault: Path) -> None:
    note = vault / NOTE
    with watching(vault) as watcher:
        before = latest(watcher)
        temp = note.with_name(f".{note.name}.tmp")
        temp.write_text("## Wins\n- [x] Replaced atomically\n", encoding="utf-8")
        os.replace(temp, note)
        record = wait_for_wins(watcher, before, ["Ran five km", "Replaced atomically"])
        assert record.changed == (NOTE,)


def test_jetbrains_save_writes_jb_tmp_then_renames(vault: Path) -> None:
    note = vault / NOTE
    with watching(vault) as watcher:
        before = latest(watcher)
        temp = note.with_name(note.name + "___jb_tmp___")
        old = note.with_name(note.name + "___jb_old___")
        temp.write_text("## Wins\n- [x] Saved from the IDE\n", encoding="utf-8")
        os.rename(note, old)
        os.rename(temp, note)
        old.unlink()
        record = wait_for_wins(watcher, before, ["Ran five km", "Saved from the IDE"])
        assert record.changed == (NOTE,)


def test_swap_backup_and_temp_files_alone_cause_no_build(vault: Path) -> None:
    folder = vault / "journal" / "2026"
    with watching(vault) as watcher:
        before = latest(watcher)
        for name in (
            ".2026-11-21.md.swp",
            "2026-11-21.md~",
            "4913",
            ".#2026-11-21.md",
            "2026-11-21.md___jb_tmp___",
            "notes.tmp",
            "picture.png",
        ):
            (folder / name).write_bytes(b"- [x] not a win\n")
        (vault / ".wins" / "scratch.txt").write_bytes(b"x")
        (vault / "journal" / "2026" / "2026-11-19.md").write_text("- [x] Real change\n")
        record = wait_for_wins(
            watcher, before, ["Real change", "Ran five km", "Wrote 300 words [[novel]]"]
        )
        # Had any of the other files counted, it would be in this build or an earlier one.
        assert record.number == before + 1
        assert record.changed == ("journal/2026/2026-11-19.md",)


def test_deleting_a_note_removes_its_wins(vault: Path) -> None:
    with watching(vault) as watcher:
        before = latest(watcher)
        (vault / NOTE).unlink()
        record = wait_for_wins(watcher, before, ["Ran five km"])
        assert record.changed == (NOTE,)


def test_renaming_a_note_follows_the_new_name(vault: Path) -> None:
    with watching(vault) as watcher:
        before = latest(watcher)
        renamed = vault / "journal" / "2026" / "2026-11-22.md"
        os.rename(vault / NOTE, renamed)
        record = wait_for_wins(watcher, before, ["Ran five km", "Wrote 300 words [[novel]]"])
        assert record.changed == (NOTE, "journal/2026/2026-11-22.md")
        assert _win_files(watcher.folder) == [
            ("journal/2026/2026-11-20.md", "2026-11-20"),
            ("journal/2026/2026-11-22.md", "2026-11-22"),
        ]


def _win_files(folder: Path) -> list[tuple[str, str]]:
    document = json.loads((folder / "wins.json").read_text("utf-8"))
    return [(win["file"], win["date"]) for win in document["wins"]]


def test_a_folder_removed_and_recreated_is_watched_again(vault: Path, tmp_path: Path) -> None:
    folder = vault / "journal" / "2026"
    with watching(vault) as watcher:
        before = latest(watcher)
        shutil.rmtree(folder)
        before = wait_for_wins(watcher, before, []).number
        write_files(vault, {NOTE: "- [x] Back again\n"})
        before = wait_for_wins(watcher, before, ["Back again"]).number
        # The new folder is watched: a later save inside it is followed too.
        with open(vault / NOTE, "a", encoding="utf-8") as note:
            note.write("- [x] And once more\n")
        wait_for_wins(watcher, before, ["Back again", "And once more"])
        assert site_files(watcher.folder) == fresh_site(vault, tmp_path / "fresh")


# watchdog warns when it watches a folder again under the same name; it works.
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")
def test_a_folder_moved_out_of_the_vault_and_back(vault: Path, tmp_path: Path) -> None:
    with watching(vault) as watcher:
        before = latest(watcher)
        os.rename(vault / "journal", tmp_path / "away")
        before = wait_for_wins(watcher, before, []).number
        os.rename(tmp_path / "away", vault / "journal")
        wait_for_wins(watcher, before, ["Ran five km", "Wrote 300 words [[novel]]"])


def test_a_burst_of_50_saves_gives_at_most_2_builds(vault: Path, tmp_path: Path) -> None:
    # A quiet window of a second, not 10 ms: a busy machine pausing this thread for more
    # than the window between two saves would split the burst.
    with watching(vault, quiet=1.0, max_delay=DEADLINE) as watcher:
        before = latest(watcher)
        lines = ["## Wins\n"]
        for number in range(50):
            lines.append(f"- [x] Save number {number}\n")
            (vault / NOTE).write_text("".join(lines), encoding="utf-8")
        expected = ["Ran five km", *(f"Save number {n}" for n in range(50))]
        record = wait_for_wins(watcher, before, expected)
        assert record.number - before <= 2
        assert site_files(watcher.folder) == fresh_site(vault, tmp_path / "fresh")


@pytest.mark.slow
def test_it_never_reacts_to_its_own_output(make_vault) -> None:
    root = make_vault({**VAULT, "wins.toml": 'title = "Watched"\noutput_dir = "public"\n'})
    records: list[BuildRecord] = []
    with watching(root, on_build=records.append) as watcher:
        assert watcher.folder == root.resolve() / "public"
        for number in range(3):
            before = latest(watcher)
            (root / "journal" / f"2026-11-0{number + 1}.md").write_text(f"- [x] Win {number}\n")
            record = wait_for_page(
                watcher,
                before,
                lambda n=number: f"Win {n}" in page_wins(watcher.folder),
                f"Win {number}",
            )
            # Exactly one build per change: writing the site and the parse cache (which
            # happened after the previous change) started none.
            assert record.number == before + 1
    changed = [path for record in records for path in record.changed]
    assert not [path for path in changed if path.startswith(("public/", ".wins/"))]


def test_a_sync_conflict_copy_is_reported_and_not_counted(vault: Path) -> None:
    with watching(vault) as watcher:
        copy = "journal/2026/2026-11-21 (conflicted copy 2026-11-22).md"
        write_files(vault, {copy: VAULT[NOTE]})
        record = wait_for_page(
            watcher,
            1,
            lambda: watcher.log.last is not None and watcher.log.last.problems != (),
            "a problem",
        )
        assert [str(p).split(": ", 1)[0] for p in record.problems] == [f"{copy}:1"]
        assert page_wins(watcher.folder) == ["Ran five km", "Wrote 300 words [[novel]]"]
        # The files written are the ones people publish: problems stay in the preview.
        assert "problem" not in (watcher.folder / "index.html").read_text("utf-8")


# Fixed as it was (the same settings as the last good build) or as something new.
@pytest.mark.parametrize("title", ["Watched", "Renamed"])
def test_invalid_wins_toml_keeps_the_last_good_site_until_fixed(vault: Path, title: str) -> None:
    with watching(vault) as watcher:
        site_before = site_files(watcher.folder)
        before = latest(watcher)
        replace_text(vault / "wins.toml", 'title = "Watched\n')
        record = wait_for_page(watcher, before, lambda: True, "a build")
        assert record.failure is not None and record.failure.startswith("wins.toml has errors")
        assert [(p.path, p.line) for p in record.problems] == [("wins.toml", 1)]
        with open(vault / NOTE, "a", encoding="utf-8") as note:
            note.write("- [x] Written while wins.toml was broken\n")
        record = wait_for_page(watcher, record.number, lambda: True, "a build")
        assert record.failure is not None
        assert site_files(watcher.folder) == site_before
        replace_text(vault / "wins.toml", f'title = "{title}"\n')
        wait_for_wins(
            watcher,
            record.number,
            ["Ran five km", "Wrote 300 words [[novel]]", "Written while wins.toml was broken"],
        )
        assert f"<title>{title}</title>" in (watcher.folder / "index.html").read_text("utf-8")
        last = watcher.log.last
        assert last is not None and last.failure is None and last.problems == ()


def test_a_template_syntax_error_keeps_the_last_good_site_until_fixed(vault: Path) -> None:
    with watching(vault) as watcher:
        site_before = site_files(watcher.folder)
        (vault / "templates").mkdir()
        replace_text(
            vault / "templates" / "page.html",
            '{% extends "_base.html" %}\n{% block main %}{% if %}{% endblock %}\n',
        )
        record = wait_for_page(watcher, 1, lambda: True, "a build")
        assert record.failure is not None
        assert record.failure.startswith("templates/page.html:2: template error:")
        assert site_files(watcher.folder) == site_before
        replace_text(
            vault / "templates" / "page.html",
            '{% extends "_base.html" %}\n{% block main %}<p>Custom</p>{% endblock %}\n',
        )
        record = wait_for_page(
            watcher,
            record.number,
            lambda: "<p>Custom</p>" in (watcher.folder / "index.html").read_text("utf-8"),
            "the fixed template",
        )
        assert record.failure is None


def test_a_note_moved_away_is_waited_for_before_building(vault: Path, tmp_path: Path) -> None:
    """An editor that moves the old file away, then writes the new one: the short quiet
    window does not build a site without the note while it is away."""
    source = ManualEvents()
    # Waiting for the missing note for 30 s, not 100 ms: a busy machine may pause this
    # thread for longer than that before it brings the note back.
    with watching(
        vault, source=source, quiet=0.01, gone_quiet=DEADLINE, max_delay=DEADLINE
    ) as watcher:
        before = latest(watcher)
        os.rename(vault / NOTE, tmp_path / "note.md~")
        source.record(str(watcher.root / NOTE), False)
        # Five quiet windows pass with the note away: no build yet.
        assert watcher.log.wait_for(before + 1, 0.05) is None
        os.rename(tmp_path / "note.md~", vault / NOTE)
        source.record(str(watcher.root / NOTE), False)
        record = wait_for_wins(watcher, before, ["Ran five km", "Wrote 300 words [[novel]]"])
        assert record.number == before + 1


def test_the_loop_rebuilds_during_a_continuous_stream_of_changes(vault: Path) -> None:
    source = ManualEvents()
    stream_stop = threading.Event()
    with watching(vault, source=source, quiet=0.1, max_delay=0.3) as watcher:

        def stream() -> None:
            while not stream_stop.wait(0.01):
                source.record(str(watcher.root / NOTE), False)

        feeder = threading.Thread(target=stream, daemon=True)
        feeder.start()
        try:
            record = watcher.log.wait_for(2, DEADLINE)
            assert record is not None and record.changed == (NOTE,)
            assert feeder.is_alive()  # the build came while changes were still coming
        finally:
            stream_stop.set()
            feeder.join()


@pytest.mark.parametrize(
    ("rel", "is_directory", "counts"),
    [
        ("journal/2026/2026-11-22.md", False, True),
        ("notes/idea.MARKDOWN", False, True),
        ("wins.toml", False, True),
        ("templates/page.html", False, True),
        ("templates/partials/_card.html", False, True),
        (".obsidian/daily-notes.json", False, True),
        ("journal/2027", True, True),
        ("journal/2026/.2026-11-22.md.swp", False, False),
        ("journal/2026/2026-11-22.md~", False, False),
        ("journal/2026/2026-11-22.md___jb_tmp___", False, False),
        ("journal/2026/2026-11-22.md___jb_old___", False, False),
        ("journal/2026/4913", False, False),
        ("journal/2026/.#2026-11-22.md", False, False),
        ("journal/2026/draft.tmp", False, False),
        ("journal/2026/photo.png", False, False),
        ("site/index.html", False, False),
        ("site/goals", True, False),
        ("site", True, False),
        (".wins/parse-cache.json.gz", False, False),
        (".git/index", False, False),
        (".obsidian/workspace.json", False, False),
        ("templates/.page.html.swp", False, False),
    ],
)
def test_which_changes_count(rel: str, is_directory: bool, counts: bool) -> None:
    source_filter = SourceFilter.of(Path("/vault"), Config(), None)
    assert source_filter.is_source(rel, is_directory) is counts


def test_an_output_folder_given_inside_the_vault_is_ignored_too() -> None:
    source_filter = SourceFilter.of(Path("/vault"), Config(), Path("/vault/site"))
    assert source_filter.outputs == ("site",)
    assert source_filter.relative("/elsewhere/x.md") is None
    assert source_filter.relative("/vault/journal/x.md") == "journal/x.md"


def test_a_refused_output_folder_stops_the_watcher_at_once(vault: Path) -> None:
    watcher = Watcher(vault, out=vault)
    with pytest.raises(WinsError, match="refusing to build into the vault itself"):
        watcher.start()
    watcher.close()


def test_the_summary_says_what_happened_and_what_is_new() -> None:
    from wins_md.model import Problem

    old, new = Problem("a.md", 1, "old"), Problem("b.md", 2, "new")
    first = BuildRecord(1, 0.2, (), ("index.html",), (), (old,), None, 1)
    assert summary_lines(first, None, Path("site")) == [
        "Built site in 200 ms, 1 written, 0 removed.",
        "a.md:1: old",
    ]
    second = BuildRecord(2, 0.05, ("b.md",), ("index.html", "wins.json"), (), (new,), None, 2)
    assert summary_lines(second, first, Path("site")) == [
        "b.md changed: rebuilt in 50 ms, 2 written, 0 removed.",
        "b.md:2: new",
        "1 problem fixed, 1 left.",
    ]
    broken = BuildRecord(
        3,
        0.01,
        tuple(f"{n}.md" for n in range(5)),
        (),
        (),
        (new,),
        "templates/page.html:2: template error: x; the last good site is kept until it is fixed",
        2,
    )
    assert summary_lines(broken, second, Path("site")) == [
        "0.md, 1.md, 2.md and 2 more changed: not rebuilt: templates/page.html:2: template "
        "error: x; the last good site is kept until it is fixed."
    ]
    unbuilt = BuildRecord(1, 0.01, (), (), (), (), "wins.toml has errors", 0)
    assert summary_lines(unbuilt, None, Path("site")) == [
        "Could not build site: wins.toml has errors."
    ]


# -- the command ------------------------------------------------------------------------


def _ctrl_c_as_from_a_terminal() -> None:
    """In the child, before it starts: SIGINT as a program started from a terminal has
    it. A suite started in the background without job control ignores SIGINT, and a
    child inherits that; Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Running:
    """A ``wins`` process whose output lines are read in the background."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        env.pop("WINS_VAULT", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wins_md", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            preexec_fn=_ctrl_c_as_from_a_terminal,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, pattern: str) -> re.Match[str]:
        """Wait for an output line matching ``pattern``."""
        deadline = time.monotonic() + DEADLINE
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                break
            self.seen.append(line)
            match = re.search(pattern, line)
            if match:
                return match
        pytest.fail(f"no line matching {pattern!r} within {DEADLINE} s; saw {self.seen}")

    def interrupt(self) -> int:
        self.process.send_signal(2)  # SIGINT, as Ctrl-C sends
        try:
            return self.process.wait(DEADLINE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            self.reader.join(DEADLINE)
            while not self.lines.empty():
                self.seen.append(self.lines.get())
            pytest.fail(f"still running {DEADLINE} s after Ctrl-C; its output: {self.seen}")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        assert self.process.stdout is not None
        self.process.stdout.close()


def replace_text(path: Path, text: str) -> None:
    """Save as editors that replace the file do: the watcher never sees it emptied (a
    build of the empty note, on a busy machine, would report the problem fixed)."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_ctrl_c_reaches_wins_watch_from_a_suite_that_ignores_it(vault: Path) -> None:
    """A suite started in the background by a script (no job control) ignores SIGINT,
    and its children inherit that: the Ctrl-C the tests send must still arrive."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        running = Running("--vault", str(vault), "watch", "--today", TODAY_TEXT)
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        running.expect(r"^Watching .* for changes \(Ctrl-C to stop\)$")
        assert running.interrupt() == 0
        running.expect(r"^Stopped\.$")
    finally:
        running.close()


def test_wins_watch_reports_a_broken_file_then_its_fix(vault: Path) -> None:
    running = Running("--vault", str(vault), "watch", "--today", TODAY_TEXT)
    try:
        running.expect(r"^Built .* in \d+ ms, \d+ written, 0 removed\.$")
        running.expect(r"^Watching .* for changes \(Ctrl-C to stop\)$")
        replace_text(vault / NOTE, "---\ndate: [2026\n---\n- [x] Broken\n")
        running.expect(rf"^{re.escape(NOTE)} changed: rebuilt in \d+ ms")
        running.expect(rf"^{re.escape(NOTE)}:3: front matter is not valid YAML")
        index = (vault / "site" / "index.html").read_text("utf-8")
        assert "problem" not in index  # wins watch writes what people publish
        assert "Ran five km" in index and "Broken" not in index
        replace_text(vault / NOTE, "- [x] Mended\n")
        running.expect(r"^1 problem fixed, 0 left\.$")
        index = (vault / "site" / "index.html").read_text("utf-8")
        assert "problem" not in index and "Mended" in index
        assert running.interrupt() == 0
        running.expect(r"^Stopped\.$")
    finally:
        running.close()


@pytest.mark.slow
def test_a_new_day_rebuilds_without_a_change(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no --today, the page follows the calendar: at midnight the streak, days left
    and stalled flags move on even when nothing is saved."""
    days = iter([TODAY, TODAY + dt.timedelta(days=1)])
    current = [next(days)]

    def at_noon(day: dt.date) -> str:  # on the system's clocks: the vault sets no timezone
        return dt.datetime.combine(day, dt.time(12)).astimezone().isoformat()

    monkeypatch.setenv("WINS_NOW", at_noon(current[0]))
    watcher = Watcher(vault)
    watcher.start()
    loop = threading.Thread(target=watcher.loop, daemon=True)
    loop.start()
    try:
        index = (vault / "site" / "index.html").read_text("utf-8")
        assert f'datetime="{TODAY.isoformat()}"' in index
        current[0] = next(days)
        monkeypatch.setenv("WINS_NOW", at_noon(current[0]))
        record = watcher.log.wait_for(2, DEADLINE)
        assert record is not None and record.changed == () and record.failure is None
        index = (vault / "site" / "index.html").read_text("utf-8")
        assert f'datetime="{current[0].isoformat()}"' in index
        assert summary_lines(record, None, vault / "site")[0].startswith("A new day: rebuilt")
    finally:
        watcher.stop()
        loop.join(DEADLINE)
        watcher.close()

"""``wins add`` while another program writes the same entry: nothing either of them
writes is lost, whether the other appends a line every millisecond or rewrites the
whole file, and a file that never stops changing is refused untouched."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import MakeVault
from wins_md.capture.entries import add_win
from wins_md.config import load_config
from wins_md.errors import WinsError

ENTRY = "journal/2026/2026-11-22.md"
DAY = dt.date(2026, 11, 22)
START = "---\ndate: 2026-11-22\n---\n## Wins\n- [x] first\n\n## Log\n"
TIMEOUT = 60

APPENDER = textwrap.dedent("""
    import os, sys, time
    path, stop = sys.argv[1], sys.argv[2]
    count = 0
    while not os.path.exists(stop):
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"appended {count}\\n")
        count += 1
        if count == 20:
            print("running", flush=True)
        time.sleep(0.001)
    print(count, flush=True)
""")

ADDER = textwrap.dedent("""
    import sys
    from wins_md.cli.main import cli
    root, name, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for i in range(times):
        cli.main(["--vault", root, "add", "--today", "2026-11-22", f"{name} win {i}"],
                 standalone_mode=False)
""")


def python(script: str, *args: str, **options: object) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WINS_")}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", script, *args], text=True, env=env, **options
    )


@pytest.mark.slow
@pytest.mark.parametrize(("adders", "times"), [(1, 20), (3, 7)])
def test_no_line_is_lost_while_another_process_appends(
    make_vault: MakeVault, tmp_path: Path, adders: int, times: int
) -> None:
    root = make_vault({"wins.toml": "", ENTRY: START})
    stop = tmp_path / "stop"
    appender = python(APPENDER, str(root / ENTRY), str(stop), stdout=subprocess.PIPE)
    assert appender.stdout is not None
    assert appender.stdout.readline() == "running\n"
    names = [f"adder{n}" for n in range(adders)]
    runs = [python(ADDER, str(root), name, str(times), stdout=subprocess.DEVNULL) for name in names]
    assert [run.wait(TIMEOUT) for run in runs] == [0] * adders
    stop.touch()
    appended = int(appender.stdout.readline())
    assert appender.wait(TIMEOUT) == 0

    lines = (root / ENTRY).read_text("utf-8").splitlines()
    lost = [i for i in range(appended) if lines.count(f"appended {i}") != 1]
    assert (len(lost), appended > 100) == (0, True)
    wins = [f"- [x] {name} win {i}" for name in names for i in range(times)]
    log = lines.index("## Log")  # every win in the list under ## Wins, once
    assert lines[:4] == START.splitlines()[:4] and lines[log - 1] == ""
    assert sorted(lines[4 : log - 1]) == sorted(["- [x] first", *wins])


# --- one change at a chosen moment ------------------------------------------------------------

REAL_REPLACE = os.replace
WIN = "- [x] first\n- [x] the win\n"
EDITED = START.replace("- [x] first\n", "- [x] first, edited\n") + "typed meanwhile\n"
"""What the other program leaves when it rewrites the whole entry."""


def edit_file(path: Path, how: str) -> None:
    """Change the entry as another program would: append a line, rewrite it in place
    (truncate and write), or save a new copy over it (its own atomic replace)."""
    if how == "append":
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("typed meanwhile\n")
    elif how == "rewrite":
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(EDITED)
    else:  # through a link, the note it leads to (as editors save)
        copy = path.resolve().with_name(path.name + ".saving")
        copy.write_text(EDITED, "utf-8")
        REAL_REPLACE(copy, path.resolve())


def expected_after(how: str) -> str:
    if how == "append":
        return START.replace("- [x] first\n", WIN) + "typed meanwhile\n"
    return EDITED.replace("- [x] first, edited\n", "- [x] first, edited\n- [x] the win\n")


@pytest.fixture(params=["file", "link"])
def entry(request: pytest.FixtureRequest, make_vault: MakeVault) -> Path:
    """The day's entry: a file, or a link inside the vault to a note elsewhere in it
    (``wins add`` writes to the note and keeps the link)."""
    if request.param == "file":
        return make_vault({"wins.toml": "", ENTRY: START}) / ENTRY
    root = make_vault({"wins.toml": "", "notes/today.md": START})
    (root / ENTRY).parent.mkdir(parents=True)
    (root / ENTRY).symlink_to("../../notes/today.md")
    return root / ENTRY


def add(entry: Path) -> None:
    root = entry.parents[2]
    add_win(root, load_config(root), DAY, "the win")


@pytest.mark.parametrize("how", ["append", "rewrite", "replace"])
def test_a_change_made_while_the_win_is_written_is_kept(
    entry: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    real_fsync = os.fsync
    changes: list[int] = []

    def fsync(fd: int) -> None:  # the new text is being flushed: the other program saves
        real_fsync(fd)
        if not changes:
            changes.append(fd)
            edit_file(entry, how)

    monkeypatch.setattr(os, "fsync", fsync)
    was_link = entry.is_symlink()
    add(entry)
    assert changes
    assert entry.read_text("utf-8") == expected_after(how)
    assert entry.is_symlink() == was_link


@pytest.mark.parametrize("how", ["append", "rewrite", "append after"])
def test_a_change_in_the_instant_of_the_replace_is_kept(
    entry: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The other program writes the old file just before the replace, or through a
    handle it opened just before and writes to just after."""
    real = entry.resolve()
    changes: list[str] = []

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target) != real or changes:
            REAL_REPLACE(source, target)
            return
        changes.append(how)
        if how != "append after":
            edit_file(entry, how)
            REAL_REPLACE(source, target)
            return
        with open(entry, "a", encoding="utf-8") as handle:
            REAL_REPLACE(source, target)
            handle.write("typed meanwhile\n")

    monkeypatch.setattr(os, "replace", replace)
    add(entry)
    assert changes
    assert entry.read_text("utf-8") == expected_after(how.removesuffix(" after"))


def test_a_file_that_never_stops_changing_is_left_to_its_writer(
    entry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    saves: list[int] = []

    def fsync(fd: int) -> None:
        real_fsync(fd)
        saves.append(fd)
        edit_file(entry, "replace")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(WinsError) as raised:
        add(entry)
    assert str(raised.value) == (
        f"{ENTRY}: another program kept changing the file while the win was being "
        "added; nothing was added (try again)"
    )
    assert entry.read_text("utf-8") == EDITED
    assert len(saves) > 2


def test_a_file_rewritten_at_every_replace_keeps_the_win_and_says_so(
    entry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = entry.resolve()
    saves: list[str] = []

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target) == real:
            saves.append(str(target))
            edit_file(entry, "rewrite")
        REAL_REPLACE(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(WinsError) as raised:
        add(entry)
    assert str(raised.value) == (
        f"{ENTRY}: the win was added, but another program kept rewriting the file "
        "meanwhile; check that none of its changes is missing"
    )
    assert entry.read_text("utf-8") == expected_after("rewrite")
    assert len(saves) > 2


def test_an_entry_another_program_creates_meanwhile_gets_the_win(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"wins.toml": ""})
    entry = root / ENTRY
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # the new entry is being flushed: a sync tool brings one
        real_fsync(fd)
        if not entry.exists():
            entry.write_text("## Wins\n- [x] from the phone\n", "utf-8")

    monkeypatch.setattr(os, "fsync", fsync)
    add(entry)
    assert entry.read_text("utf-8") == "## Wins\n- [x] from the phone\n- [x] the win\n"

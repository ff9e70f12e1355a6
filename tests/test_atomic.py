"""Writes are atomic and serialised: two writers at once both land, and a writer
killed at any moment leaves the old file or the new one, never half of one."""

from __future__ import annotations

import datetime as dt
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wins_md.capture.entries import add_win, entry_path
from wins_md.config import load_config
from wins_md.store.atomic import TEMP_SUFFIX, remove_stale_temps, write_atomic
from wins_md.vault.load import load_vault

DAY = dt.date(2026, 11, 22)
TIMEOUT = 60

WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from pathlib import Path
    from wins_md.capture.entries import add_win
    from wins_md.cli.main import cli
    from wins_md.config import load_config

    root, name, how = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    sys.stdin.readline()  # start together
    for i in range(50):
        if how == "api":
            add_win(root, load_config(root), dt.date(2026, 11, 22), f"{name} win {i}")
        else:
            cli.main(["--vault", str(root), "add", "--date", "2026-11-22", f"{name} win {i}"],
                     standalone_mode=False)
""")


def leftovers(root: Path) -> list[str]:
    """Files below the vault other than wins-md's lock folder and the vault's own."""
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and ".wins" not in p.parts
    )


@pytest.mark.slow
def test_two_processes_adding_50_wins_each_give_100(tmp_path: Path) -> None:
    (tmp_path / "wins.toml").write_text("", "utf-8")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name, how],
            stdin=subprocess.PIPE,
            text=True,
        )
        for name, how in (("first", "api"), ("second", "cli"))
    ]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.close()
    assert [writer.wait(TIMEOUT) for writer in writers] == [0, 0]

    vault = load_vault(tmp_path)
    texts = sorted(win.text for win in vault.wins)
    assert texts == sorted(f"{name} win {i}" for name in ("first", "second") for i in range(50))
    assert leftovers(tmp_path) == ["journal/2026/2026-11-22.md", "wins.toml"]


CRASHER = textwrap.dedent("""
    import datetime as dt, os, sys
    from pathlib import Path
    from wins_md.capture.entries import add_win
    from wins_md.config import load_config

    root, stage = Path(sys.argv[1]), sys.argv[2]

    def hang():
        print("ready", flush=True)
        sys.stdin.readline()  # wait here until killed

    real_fdopen, real_fsync, real_replace = os.fdopen, os.fsync, os.replace
    fsyncs = []

    class HalfWriter:
        def __init__(self, file): self.file = file
        def __enter__(self): return self
        def __exit__(self, *exc): self.file.close()
        def write(self, data):
            self.file.write(data[: len(data) // 2]); self.file.flush(); hang()

    def fdopen(fd, *args, **kwargs):
        file = real_fdopen(fd, *args, **kwargs)
        return HalfWriter(file) if stage == "mid-write" else file

    def fsync(fd):
        real_fsync(fd)
        fsyncs.append(fd)
        if (stage == "after-fsync" and len(fsyncs) == 1) or (
                stage == "after-replace" and len(fsyncs) == 2):
            hang()

    def replace(src, dst):
        if stage == "before-replace":
            hang()
        real_replace(src, dst)

    os.fdopen, os.fsync, os.replace = fdopen, fsync, replace
    add_win(root, load_config(root), dt.date(2026, 11, 22), "the new win")
""")


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["mid-write", "after-fsync", "before-replace", "after-replace"])
def test_a_writer_killed_mid_write_leaves_the_old_or_the_new_file(
    tmp_path: Path, stage: str
) -> None:
    (tmp_path / "wins.toml").write_text("", "utf-8")
    path = entry_path(tmp_path, load_config(tmp_path), DAY)
    path.parent.mkdir(parents=True)
    old = b"## Wins\r\n- [x] an old win\r\n\r\nNotes after the list.\r\n" * 200
    path.write_bytes(old)
    new = old.replace(b"an old win\r\n\r\n", b"an old win\r\n- [x] the new win\r\n\r\n", 1)

    child = subprocess.Popen(
        [sys.executable, "-c", CRASHER, str(tmp_path), stage],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    child.send_signal(signal.SIGKILL)
    assert child.wait(TIMEOUT) == -signal.SIGKILL

    assert path.read_bytes() == (new if stage == "after-replace" else old)
    temps = [name for name in os.listdir(path.parent) if name != path.name]
    if stage != "after-replace":
        assert len(temps) == 1 and temps[0].startswith(".") and temps[0].endswith(TEMP_SUFFIX)
    assert len(load_vault(tmp_path).wins) == 200 + (stage == "after-replace")

    add_win(tmp_path, load_config(tmp_path), DAY, "the next win")
    assert os.listdir(path.parent) == [path.name]
    assert b"- [x] the next win\r\n" in path.read_bytes()


def test_the_file_mode_is_kept_and_a_symlink_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.md"
    real.write_text("## Wins\n", "utf-8")
    real.chmod(0o640)
    link = entry_path(tmp_path, load_config(tmp_path), DAY)
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    add_win(tmp_path, load_config(tmp_path), DAY, "through the link")
    assert link.is_symlink()
    assert real.read_text("utf-8") == "## Wins\n- [x] through the link\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umask_mode_and_exclusive_never_replaces(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.md", b"one")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644
    with pytest.raises(FileExistsError):
        write_atomic(tmp_path / "new.md", b"two", exclusive=True)
    assert (tmp_path / "new.md").read_bytes() == b"one"
    assert os.listdir(tmp_path) == ["new.md"]


def test_stale_temp_files_are_hidden_and_removed_by_the_next_write(tmp_path: Path) -> None:
    stale = tmp_path / f".entry.md.abc123{TEMP_SUFFIX}"
    stale.write_bytes(b"half")
    (tmp_path / "keep.md").write_bytes(b"mine")
    (tmp_path / ".obsidian").mkdir()
    assert load_vault(tmp_path).entries[0].file == "keep.md"
    assert remove_stale_temps(tmp_path) == [stale]
    assert sorted(os.listdir(tmp_path)) == [".obsidian", "keep.md"]


def test_a_write_removes_only_its_own_file_s_leftovers_unless_it_sweeps(tmp_path: Path) -> None:
    """Another file's writer may be busy with its temp file (the stores in ``.wins/`` do
    not take the vault lock); writers under the vault lock sweep the whole folder."""
    mine = tmp_path / f".a.md.abc123{TEMP_SUFFIX}"
    longer_name = tmp_path / f".a.md.x.abc123{TEMP_SUFFIX}"
    other = tmp_path / f".b.md.abc123{TEMP_SUFFIX}"
    legacy = tmp_path / "a.md.k2j3h4g5.tmp"  # what the stores' old writer left
    for leftover in (mine, longer_name, other, legacy):
        leftover.write_bytes(b"half")
    write_atomic(tmp_path / "a.md", b"new")
    assert sorted(os.listdir(tmp_path)) == sorted(["a.md", longer_name.name, other.name])
    write_atomic(tmp_path / "c.md", b"new", sweep=True)
    assert sorted(os.listdir(tmp_path)) == ["a.md", "c.md"]


def test_a_store_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    write_atomic(tmp_path / "parse-cache.json", b"{}", new_mode=0o600)
    assert stat.S_IMODE((tmp_path / "parse-cache.json").stat().st_mode) == 0o600
    (tmp_path / "kept.json").write_bytes(b"{}")
    (tmp_path / "kept.json").chmod(0o640)
    write_atomic(tmp_path / "kept.json", b"[]", new_mode=0o600)  # an existing mode stays
    assert stat.S_IMODE((tmp_path / "kept.json").stat().st_mode) == 0o640

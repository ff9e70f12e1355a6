"""A build that fails part way (a template error, a full disk) leaves the whole site as
it was."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeVault, ManualEvents, RunCli, write_files
from wins_md.live.watcher import Watcher

NOTE = "## Wins\n- Drafted chapter one [[book]]\n"
BROKEN = {
    "included template, syntax": {"templates/_wins.html": "{% for x in %}\n"},
    "goal page, undefined name": {"templates/goal.html": "{{ card.nope }}\n"},
    "feed, undefined name": {"templates/feed.xml": "{{ site.nope }}\n"},
}


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_a_template_error_changes_no_file(
    make_vault: MakeVault, run_cli: RunCli, broken: dict[str, str]
) -> None:
    root = make_vault(
        {"journal/2026/2026-11-20.md": NOTE, "goals/book.md": "---\ntitle: The book\n---\n"}
    )
    first = run_cli(root, "build", "--today", "2026-11-22", "--no-cache")
    assert first.exit_code == 0, first.output
    before = tree(root / "site")
    write_files(root, {"journal/2026/2026-11-21.md": "## Wins\n- Chapter two [[book]]\n", **broken})
    result = run_cli(root, "build", "--today", "2026-11-22", "--no-cache")
    assert result.exit_code == 1
    assert "template error" in result.output
    assert tree(root / "site") == before
    assert not [name for name in os.listdir(root / "site") if name.endswith(".wins-tmp")]


@pytest.fixture(params=[100, 5000], ids=["all in temp files", "some in temp files"])
def tiny_spool(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files larger than a few bytes wait in temp files, as a large site's do; with 5000,
    the small feed waits in memory beside the large pages' temp files."""
    monkeypatch.setattr("wins_md.site.writer.SPOOL_BYTES", request.param)


@pytest.mark.usefixtures("tiny_spool")
def test_files_waiting_in_temp_files_are_all_published(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {"journal/2026/2026-11-20.md": NOTE, "goals/book.md": "---\ntitle: The book\n---\n"}
    )
    for text in ("Chapter two", "Chapter three"):
        write_files(root, {"journal/2026/2026-11-21.md": f"## Wins\n- {text} [[book]]\n"})
        result = run_cli(root, "build", "--today", "2026-11-22", "--no-cache")
        assert result.exit_code == 0, result.output
        for page in ("index.html", "wins.json", "feed.xml", "goals/book.html"):
            assert text in (root / "site" / page).read_text("utf-8")
    assert not [path for path in (root / "site").rglob("*.wins-tmp")]


@pytest.mark.slow
@pytest.mark.usefixtures("tiny_spool")
@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_a_template_error_leaves_no_temp_file(
    make_vault: MakeVault, run_cli: RunCli, broken: dict[str, str]
) -> None:
    root = make_vault(
        {"journal/2026/2026-11-20.md": NOTE, "goals/book.md": "---\ntitle: The book\n---\n"}
    )
    assert run_cli(root, "build", "--today", "2026-11-22", "--no-cache").exit_code == 0
    before = tree(root / "site")
    write_files(root, {"journal/2026/2026-11-21.md": "## Wins\n- Chapter two [[book]]\n", **broken})
    assert run_cli(root, "build", "--today", "2026-11-22", "--no-cache").exit_code == 1
    assert tree(root / "site") == before


class FullDisk:
    """A disk with ``room`` bytes left. Every file wins-md writes is written through
    ``os.fdopen`` (see wins_md.store.atomic); with :meth:`fdopen` in its place, the raw
    writes below Python's buffer fill the room, then fail with ENOSPC, as on a disk
    that fills up (a write that does not fit writes what fits first)."""

    def __init__(self, room: int) -> None:
        self.room = room

    def fdopen(self, fd: int, mode: str, *args: Any, **kwargs: Any) -> io.BufferedWriter:
        assert mode == "wb" and not args and not kwargs
        return io.BufferedWriter(_FillingFile(fd, self))


class _FillingFile(io.FileIO):
    def __init__(self, fd: int, disk: FullDisk) -> None:
        super().__init__(fd, "wb")
        self.disk = disk

    def write(self, data: Any) -> int:
        fits = min(len(data), self.disk.room)
        if not fits and len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.disk.room -= fits
        return super().write(memoryview(data)[:fits])


FULL = re.compile(r"^Error: site/(\S+): cannot be written: No space left on device$", re.M)
VAULT = {"journal/2026/2026-11-20.md": NOTE, "goals/book.md": "---\ntitle: The book\n---\n"}
EDIT = {"journal/2026/2026-11-21.md": "## Wins\n- Chapter two [[book]]\n"}


def build(run_cli: RunCli, root: Path, *args: str) -> Any:
    return run_cli(root, "build", "--today", "2026-11-22", "--no-cache", *args)


def no_temp_files(folder: Path) -> bool:
    return not [path for path in folder.rglob("*.wins-tmp")]


@pytest.mark.slow
@pytest.mark.parametrize("full_at", ["feed.xml", "index.html", "wins.json", ".wins-manifest.json"])
def test_a_full_disk_names_the_file_and_changes_none(
    make_vault: MakeVault,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    full_at: str,
) -> None:
    root = make_vault(VAULT)
    assert build(run_cli, root).exit_code == 0
    before = tree(root / "site")
    write_files(root, EDIT)
    assert build(run_cli, root, "--out", str(tmp_path / "elsewhere")).exit_code == 0
    after = tree(tmp_path / "elsewhere")
    # The changed files are written in order, the manifest last: room for those before.
    changed = sorted(name for name in after if after[name][0] != before[name][0])
    assert changed == [
        ".wins-manifest.json",
        "feed.xml",
        "goals/book.html",
        "index.html",
        "wins.json",
    ]
    order = [*changed[1:], changed[0]]
    room = sum(len(after[name][0]) for name in order[: order.index(full_at)]) + 10
    monkeypatch.setattr(os, "fdopen", FullDisk(room).fdopen)
    result = build(run_cli, root)
    assert result.exit_code == 1
    assert f"Error: site/{full_at}: cannot be written: No space left on device\n" in result.output
    assert "Traceback" not in result.output
    assert tree(root / "site") == before
    assert no_temp_files(root)


@pytest.mark.slow
@pytest.mark.parametrize("share", [0, 0.0001, 0.1, 0.5, 0.9])
@pytest.mark.parametrize("spool", [100, 1 << 20], ids=["in temp files", "in memory"])
def test_a_disk_that_fills_anywhere_changes_no_file(
    make_vault: MakeVault,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    share: float,
    spool: int,
) -> None:
    """The disk fills after ``share`` of the bytes the build writes."""
    root = make_vault({**VAULT, "goals/garden.md": "---\ntitle: Garden\n---\n"})
    assert build(run_cli, root).exit_code == 0
    before = tree(root / "site")
    write_files(root, {**EDIT, "goals/piano.md": "---\ntitle: Piano\n---\n- [x] Scales\n"})
    copy = shutil.copytree(root, tmp_path / "copy", symlinks=True)
    plenty = FullDisk(1 << 40)
    monkeypatch.setattr(os, "fdopen", plenty.fdopen)
    assert build(run_cli, copy).exit_code == 0
    written = (1 << 40) - plenty.room  # what this build writes, at most
    assert written > 1000
    monkeypatch.setattr("wins_md.site.writer.SPOOL_BYTES", spool)
    monkeypatch.setattr(os, "fdopen", FullDisk(int(written * share)).fdopen)
    result = build(run_cli, root)
    found = FULL.search(result.output)
    assert result.exit_code == 1 and found, result.output
    assert found.group(1) in {*before, "goals/piano.html"}
    assert tree(root / "site") == before
    assert no_temp_files(root)


def test_a_first_build_on_a_full_disk_leaves_no_folder(
    make_vault: MakeVault, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(VAULT)
    monkeypatch.setattr(os, "fdopen", FullDisk(0).fdopen)
    result = run_cli(root, "build", "--today", "2026-11-22")
    assert result.exit_code == 1 and FULL.search(result.output), result.output
    assert not (root / "site").exists()


def test_once_there_is_room_again_the_next_build_writes_the_site(
    make_vault: MakeVault, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(VAULT)
    assert run_cli(root, "build", "--today", "2026-11-22").exit_code == 0
    write_files(root, EDIT)
    disk = FullDisk(0)
    monkeypatch.setattr(os, "fdopen", disk.fdopen)
    failed = run_cli(root, "build", "--today", "2026-11-22")
    assert failed.exit_code == 1 and FULL.search(failed.output), failed.output
    disk.room = 10**9
    result = run_cli(root, "build", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "Chapter two" in (root / "site/index.html").read_text("utf-8")


def test_wins_watch_reports_a_full_disk_and_keeps_going(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(VAULT)
    source = ManualEvents()
    watcher = Watcher(root, source=source, today=dt.date(2026, 11, 22))
    watcher.start()
    loop = threading.Thread(target=watcher.loop, daemon=True)
    loop.start()
    try:
        before = tree(root / "site")
        disk = FullDisk(0)
        monkeypatch.setattr(os, "fdopen", disk.fdopen)
        write_files(root, EDIT)
        source.record(str(watcher.root / "journal/2026/2026-11-21.md"), False)
        failed = watcher.log.wait_for(2, 30)
        assert failed is not None and failed.failure is not None
        assert re.fullmatch(r"site/\S+: cannot be written: No space left on device", failed.failure)
        assert tree(root / "site") == before
        disk.room = 10**9
        source.record(str(watcher.root / "journal/2026/2026-11-21.md"), False)
        built = watcher.log.wait_for(3, 30)
        assert built is not None and built.failure is None, built
        assert "Chapter two" in (root / "site/index.html").read_text("utf-8")
    finally:
        watcher.stop()
        loop.join(30)
        watcher.close()

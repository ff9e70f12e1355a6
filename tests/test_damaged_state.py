"""Damaged state under ``.wins/`` or in the output folder is warned about, discarded or
refused with a clear message: never a traceback."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MakeVault, RunCli

FILES = {"journal/2026-11-22.md": "## Wins\n- [x] Shipped it\n"}
DEEP = b"[" * 100_000 + b"\n"


def listed(run_cli: RunCli, root: Path) -> list[str]:
    result = run_cli(root, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return [win["title"] for win in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("name", "packed"),
    [("parse-cache.json.gz", True), ("list-index.json.gz", True), ("build-stamp.json", False)],
)
def test_a_store_nested_beyond_reason_is_discarded(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, name: str, packed: bool
) -> None:
    root = make_vault(FILES)
    (root / ".wins").mkdir()
    (root / ".wins" / name).write_bytes(gzip.compress(DEEP) if packed else DEEP)
    assert listed(run_cli, root) == ["Shipped it"]
    result = run_cli(root, "build", "--out", str(tmp_path / "site"), "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_manifest_nested_beyond_reason_is_refused_clearly(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault(FILES)
    out = tmp_path / "site"
    assert run_cli(root, "build", "--out", str(out), "--today", "2026-11-22").exit_code == 0
    (out / ".wins-manifest.json").write_bytes(DEEP)
    result = run_cli(root, "build", "--out", str(out), "--today", "2026-11-22")
    assert result.exit_code == 1
    assert "cannot be read" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["file", "dangling link"])
def test_a_wins_store_that_is_not_a_folder(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, kind: str
) -> None:
    root = make_vault({"wins.toml": "", **FILES})
    if kind == "file":
        (root / ".wins").write_text("not a folder\n", "utf-8")
    else:
        (root / ".wins").symlink_to(tmp_path / "nowhere")
    assert listed(run_cli, root) == ["Shipped it"]  # read without a cache
    message = "Error: .wins in the vault is not a folder (a file, or a link to nothing)"
    for args in (["build", "--out", str(tmp_path / "site")], ["add", "Another win"]):
        result = run_cli(root, *args, "--today", "2026-11-22")
        assert result.exit_code == 1
        assert result.output.startswith(message), result.output
    assert (root / "journal/2026-11-22.md").read_text("utf-8") == FILES["journal/2026-11-22.md"]


def test_a_wins_store_made_by_another_process_meanwhile_is_used(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two commands starting on a new vault both make ``.wins/``: the one that finds it
    made between its two looks must use it, not call it "not a folder"."""
    from wins_md.store.folder import make_store_folder

    root = make_vault(FILES)
    is_dir = Path.is_dir
    looks: list[Path] = []

    def another_process_makes_it(path: Path) -> bool:
        found = is_dir(path)
        if path.name == ".wins" and not looks:
            looks.append(path)
            path.mkdir()  # right after this process looked
        return found

    monkeypatch.setattr(Path, "is_dir", another_process_makes_it)
    assert make_store_folder(root) == root / ".wins"
    assert looks == [root / ".wins"]


def run_wins(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``wins`` in a real process, with a deadline: a hang fails the test, not the suite."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("WINS_VAULT", None)
    return subprocess.run(
        [sys.executable, "-m", "wins_md", "--vault", str(root), *args],
        capture_output=True, text=True, timeout=30, env=env,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    "fifo",
    [
        "wins.toml",
        ".obsidian/daily-notes.json",
        ".wins/parse-cache.json.gz",
        ".wins/list-index.json.gz",
        ".wins/build-stamp.json",
    ],
)
def test_a_fifo_where_a_file_is_read_never_hangs(
    make_vault: MakeVault, tmp_path: Path, fifo: str
) -> None:
    root = make_vault(FILES)
    (root / fifo).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / fifo)
    listed = run_wins(root, "list", "--format", "json")
    assert [w["title"] for w in json.loads(listed.stdout)] == ["Shipped it"], listed.stderr
    if fifo == "wins.toml":
        assert (
            "wins.toml:1: not a regular file; defaults are used" in run_wins(root, "check").stdout
        )
    built = run_wins(root, "build", "--out", str(tmp_path / "site"), "--today", "2026-11-22")
    assert built.returncode == 0, built.stderr


def test_wins_add_refuses_an_entry_that_is_a_fifo(make_vault: MakeVault) -> None:
    root = make_vault({"wins.toml": 'journal_format = "YYYY-MM-DD"\n'})
    (root / "journal").mkdir()
    os.mkfifo(root / "journal/2026-11-22.md")
    added = run_wins(root, "add", "A win", "--date", "2026-11-22", "--today", "2026-11-22")
    assert added.returncode == 1
    assert added.stderr.strip() == "Error: journal/2026-11-22.md: not a regular file"

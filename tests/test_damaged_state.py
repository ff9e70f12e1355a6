"""Damaged state under ``.wins/`` or in the output folder is warned about, discarded or
refused with a clear message: never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MakeVault, RunCli

FILES = {"journal/2026-11-22.md": "## Wins\n- [x] Shipped it\n"}
DEEP = b"[" * 100_000 + b"\n"


def listed(run_cli: RunCli, root: Path) -> list[str]:
    result = run_cli(root, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return [win["title"] for win in json.loads(result.stdout)]


@pytest.mark.parametrize("name", ["parse-cache.json", "list-index.json", "build-stamp.json"])
def test_a_store_nested_beyond_reason_is_discarded(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, name: str
) -> None:
    root = make_vault(FILES)
    (root / ".wins").mkdir()
    (root / ".wins" / name).write_bytes(DEEP)
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
    root = make_vault(FILES)
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

"""The pre-commit hook (``.pre-commit-hooks.yaml``): a vault kept in git refuses a commit
while ``wins check`` finds a problem. Driven by the pre-commit package itself, on a
temporary repository, with the hook as the manifest defines it (run from this checkout
rather than installed from a repository: no network)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import write_files

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
VAULT = {
    "wins.toml": "",
    "goals/novel.md": "---\ntitle: Write the novel\n---\n",
    "journal/2026/2026-11-20.md": "## Wins\n- [x] Wrote a page [[novel]]\n",
}


def test_the_manifest_offers_wins_check_over_the_whole_vault() -> None:
    hooks = yaml.safe_load(MANIFEST.read_text("utf-8"))
    assert [hook["id"] for hook in hooks] == ["wins-check"]
    hook = hooks[0]
    assert (hook["entry"], hook["language"]) == ("wins check", "python")
    assert hook["pass_filenames"] is False and hook["always_run"] is True
    checked = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _environment(tmp_path: Path) -> dict[str, str]:
    """``wins`` on the PATH running this checkout's code, a pre-commit cache of its own,
    a fixed today and a git identity."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "wins"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m wins_md "$@"\n', "utf-8")
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WINS_", "GIT_"))}
    return {
        **env,
        "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "WINS_TODAY": "2026-11-22",
        "NO_COLOR": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }


@pytest.mark.slow
def test_a_vault_in_git_refuses_a_commit_with_a_broken_entry(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "vault", VAULT)
    hook = {**yaml.safe_load(MANIFEST.read_text("utf-8"))[0], "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    env = _environment(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=120)

    def commit(message: str) -> subprocess.CompletedProcess[str]:
        run("git", "add", "-A")
        return run("git", "commit", "-q", "-m", message)

    def commits() -> int:
        return int(run("git", "rev-list", "--count", "HEAD").stdout)

    run("git", "init", "-q")
    installed = run(sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    first = commit("A clean vault")
    assert first.returncode == 0, first.stdout + first.stderr
    assert commits() == 1

    broken = repo / "journal/2026/2026-11-21.md"
    broken.write_text("## Wins\n- [x] Drafted goal:: nvel\n", "utf-8")
    refused = commit("A broken entry")
    assert refused.returncode != 0
    assert (
        "journal/2026/2026-11-21.md:2: unknown goal 'nvel' (did you mean 'novel'?)"
        in refused.stdout + refused.stderr
    )
    assert commits() == 1

    broken.write_text("## Wins\n- [x] Drafted goal:: novel\n", "utf-8")
    fixed = commit("The entry fixed")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert commits() == 2

"""``wins publish``: the built site, and only it, committed to a ``gh-pages`` branch and
pushed (a local bare repository is the remote: no network); and ``--init`` CI recipes
that parse and whose build command builds."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import MakeVault, RunCli
from site_support import TODAY, read_site

from wins_md import __version__

VAULT = {
    "wins.toml": 'title = "Published"\n',
    "goals/novel.md": "---\ntitle: Novel\n---\n",
    "goals/secret.md": "---\ntitle: Secret\nprivate: true\n---\n",
    "journal/2026-11-20.md": "- [x] Wrote a page [[novel]]\n- [x] Paid the rent #private\n",
    "journal/2026-11-21.md": "---\nprivate: true\n---\n- [x] Therapy\n",
}
IDENTITY = {
    "GIT_AUTHOR_NAME": "Ana",
    "GIT_AUTHOR_EMAIL": "ana@example.org",
    "GIT_COMMITTER_NAME": "Ana",
    "GIT_COMMITTER_EMAIL": "ana@example.org",
}


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in IDENTITY.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def vault_repo(make_vault: MakeVault, tmp_path: Path, files: dict[str, str] = VAULT) -> Path:
    """The vault in a git repository whose ``origin`` is a bare repository beside it."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    root = make_vault(files)
    (root / ".gitignore").write_text("site/\n.wins/\n")
    git(root, "init", "--quiet", "--initial-branch", "main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "vault")
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "--quiet", "origin", "main")
    return root


def branch_files(remote: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    names = git(remote, "ls-tree", "-r", "--name-only", branch).split()
    return {name: git_bytes(remote, f"{branch}:{name}") for name in names}


def git_bytes(cwd: Path, spec: str) -> bytes:
    return subprocess.run(["git", "show", spec], cwd=cwd, capture_output=True, check=True).stdout


def test_publish_pushes_exactly_the_built_site_to_gh_pages(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = vault_repo(make_vault, tmp_path)
    main_before = git(tmp_path / "remote.git", "rev-parse", "main")
    result = run_cli(root, "publish", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Published 4 files to 'gh-pages' on 'origin'" in result.stdout
    site = read_site(root / "site")
    assert sorted(site) == ["feed.xml", "goals/novel.html", "index.html", "wins.json"]
    pushed = branch_files(tmp_path / "remote.git")
    assert pushed == {**site, ".nojekyll": b""}  # no manifest, no vault file
    for data in pushed.values():
        assert b"Therapy" not in data and b"Paid the rent" not in data
    assert git(tmp_path / "remote.git", "rev-parse", "main") == main_before
    assert git(root, "status", "--porcelain") == ""  # the vault's work tree untouched
    message = git(tmp_path / "remote.git", "log", "-1", "--format=%s", "gh-pages").strip()
    assert message == f"wins-md {__version__}: the site as of {TODAY}"


@pytest.mark.slow
def test_a_second_publish_adds_a_commit_and_a_second_machine_builds_on_it(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = vault_repo(make_vault, tmp_path)
    remote = tmp_path / "remote.git"
    assert run_cli(root, "publish", "--today", TODAY).exit_code == 0
    first = git(remote, "rev-parse", "gh-pages").strip()
    (root / "goals/novel.md").unlink()
    (root / "goals/poems.md").write_text("---\ntitle: Poems\n---\n")
    result = run_cli(root, "publish", "--today", TODAY, "-m", "Fresh")
    assert result.exit_code == 0, result.output
    assert git(remote, "rev-parse", "gh-pages^").strip() == first  # history kept
    assert "goals/poems.html" in branch_files(remote)
    assert "goals/novel.html" not in branch_files(remote)
    # Another clone of the vault, which never saw the branch, publishes after it.
    other = tmp_path / "laptop"
    git(tmp_path, "clone", "--quiet", "--branch", "main", str(remote), str(other))
    (other / "journal/2026-11-22.md").write_text("- [x] Written on the laptop\n")
    result = run_cli(other, "publish", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "3"
    assert b"Written on the laptop" in branch_files(remote)["wins.json"]


def test_publish_refuses_an_output_folder_holding_files_wins_md_did_not_write(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = vault_repo(make_vault, tmp_path)
    (root / "site").mkdir()
    (root / "site/notes.md").write_text("my notes")
    result = run_cli(root, "publish", "--today", TODAY)
    assert result.exit_code == 1
    assert "refusing to build into" in result.output and "notes.md" in result.output
    branches = git(tmp_path / "remote.git", "branch", "--list")
    assert "gh-pages" not in branches


def test_publish_refuses_the_branch_checked_out_and_a_vault_outside_git(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = vault_repo(make_vault, tmp_path)
    main_before = git(tmp_path / "remote.git", "rev-parse", "main")
    result = run_cli(root, "publish", "--today", TODAY, "--branch", "main")
    assert result.exit_code == 1
    assert "refusing to publish to 'main': it is the branch checked out" in result.output
    assert git(tmp_path / "remote.git", "rev-parse", "main") == main_before
    unknown = run_cli(root, "publish", "--today", TODAY, "--remote", "upstream")
    assert unknown.exit_code == 1 and "has no git remote 'upstream'" in unknown.output
    git(root, "remote", "add", "gone", str(tmp_path / "gone.git"))
    failed = run_cli(root, "publish", "--today", TODAY, "--remote", "gone")
    assert failed.exit_code == 1 and "Traceback" not in failed.output
    assert "Error: publishing to 'gh-pages' on 'gone' failed: fatal: " in failed.output
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "2026-11-20.md").write_text("- [x] A\n")
    outside = run_cli(loose, "publish", "--today", TODAY, "--out", str(tmp_path / "out"))
    assert outside.exit_code == 1 and "is not in a git repository" in outside.output
    assert "Traceback" not in outside.output


def test_publish_preview_builds_and_pushes_nothing(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = vault_repo(make_vault, tmp_path)
    result = run_cli(root, "publish", "--preview", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "4 files would be published" in result.stdout
    assert not (root / "site").exists()
    assert "gh-pages" not in git(tmp_path / "remote.git", "branch", "--list")


# --- CI recipes ------------------------------------------------------------------------


def _wins_on_path() -> dict[str, str]:
    """The environment of a CI shell step, with this checkout's ``wins`` on PATH."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)  # this tree's wins_md
    env.pop("WINS_TODAY", None)
    return env


def _run_step(command: str, cwd: Path) -> None:
    done = subprocess.run(
        command, shell=True, cwd=cwd, env=_wins_on_path(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _install_line(line: str) -> None:
    assert shlex.split(line) == ["python", "-m", "pip", "install", f"wins-md=={__version__}"]


def test_init_github_pages_writes_a_workflow_that_builds_and_deploys_daily(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = vault_repo(make_vault, tmp_path)
    result = run_cli(root, "publish", "--init", "github-pages")
    assert result.exit_code == 0, result.output
    path = root / ".github/workflows/wins-md.yml"
    text = path.read_text("utf-8")
    assert text.startswith("# Builds the wins-md progress site") and "PRIVATE" in text
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert len(triggers["schedule"]) == 1 and triggers["schedule"][0]["cron"].endswith("* * *")
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    _install_line(runs[0])
    assert runs[1] == "wins --vault . build"
    upload = next(step for step in steps if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "site"
    assert "deploy-pages" in str(workflow["jobs"]["deploy"]["steps"])
    _run_step(runs[1], root)
    assert (root / upload["with"]["path"] / "index.html").is_file()
    again = run_cli(root, "publish", "--init", "github-pages")
    assert again.exit_code == 1 and "already exists; wins never overwrites it" in again.output


def test_init_gitlab_pages_from_a_vault_inside_the_repository(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    vault = repo / "my notes"
    vault.mkdir(parents=True)
    (vault / "wins.toml").write_text('output_dir = "out"\n')
    (vault / "journal").mkdir()
    (vault / "journal/2026-11-20.md").write_text("- [x] Wrote\n")
    git(repo, "init", "--quiet")
    result = run_cli(vault, "publish", "--init", "gitlab-pages")
    assert result.exit_code == 0, result.output
    text = (repo / ".gitlab-ci.yml").read_text("utf-8")
    assert text.startswith("# Builds the wins-md progress site") and "schedule" in text
    job = yaml.safe_load(text)["pages"]
    install, *steps = job["script"]
    _install_line(install)
    assert steps[0] == "wins --vault 'my notes' build"
    for step in steps:
        _run_step(step, repo)
    assert job["artifacts"]["paths"] == ["public"]
    assert (repo / "public/index.html").is_file()
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in job["rules"]


def test_init_netlify_writes_a_netlify_toml_whose_command_builds(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = vault_repo(make_vault, tmp_path)
    assert run_cli(root, "publish", "--init", "netlify").exit_code == 0
    text = (root / "netlify.toml").read_text("utf-8")
    assert text.startswith("# Builds the wins-md progress site") and "PRIVATE" in text
    build = tomllib.loads(text)["build"]
    install, command = build["command"].split(" && ")
    _install_line(install)
    assert command == "wins --vault . build"
    _run_step(command, root)
    assert (root / build["publish"] / "index.html").is_file()

"""``wins stamp --from-git``: each checked box without a done date gets the day of the
commit that checked it, in a temporary repository with a history of ticks, renames
and a task moved between notes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import MakeVault, RunCli


def git(root: Path, *args: str, day: str | None = None) -> None:
    moment = f"{day}T21:30:00+01:00" if day else "2026-01-01T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ana",
        "GIT_AUTHOR_EMAIL": "ana@example.invalid",
        "GIT_COMMITTER_NAME": "Ana",
        "GIT_COMMITTER_EMAIL": "ana@example.invalid",
        "GIT_AUTHOR_DATE": moment,
        "GIT_COMMITTER_DATE": "2026-06-30T12:00:00+00:00",  # a rebase: the author's day counts
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def commit(root: Path, day: str, files: dict[str, str | None]) -> None:
    """Write (or, for None, delete) ``files`` and commit them, authored on ``day``."""
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"notes of {day}", day=day)


def history(make_vault: MakeVault) -> Path:
    """A vault in a subfolder of a repository, with a history of ticks."""
    repo = make_vault({"README.md": "- [ ] not in the vault\n"})
    git(repo, "init", "-q")
    vault = repo / "wins"
    commit(
        repo,
        "2026-02-10",
        {
            "wins/wins.toml": "",
            "wins/journal/2026/2026-02-10.md": "## Wins\n- [x] Wrote\n- [ ] Call the bank\n",
            "wins/notes/launch.md": "- [ ] Write the intro\n- [ ] Ship it\n- [ ] Ship it\n",
            "wins/notes/inbox.md": "- [ ] Ask Ana\n",
        },
    )
    commit(
        repo,
        "2026-02-10",  # ticked the same day: its note's day already says so
        {"wins/journal/2026/2026-02-10.md": "## Wins\n- [x] Wrote\n- [x] Call the bank\n"},
    )
    commit(
        repo,
        "2026-02-14",
        {
            "wins/notes/launch.md": "- [x] Write the intro\n- [ ] Ship it\n- [ ] Ship it\n",
            "wins/notes/inbox.md": "- [x] Ask Ana\n",
        },
    )
    git(repo, "mv", "wins/notes/launch.md", "wins/notes/project-launch.md")
    commit(
        repo,
        "2026-02-20",  # renamed, and the second "Ship it" ticked
        {"wins/notes/project-launch.md": "- [x] Write the intro\n- [ ] Ship it\n- [x] Ship it\n"},
    )
    commit(
        repo,
        "2026-02-25",  # a checked task moved to another note: not a new tick
        {
            "wins/notes/inbox.md": "",
            "wins/notes/project-launch.md": (
                "- [x] Write the intro\n- [ ] Ship it\n- [x] Ship it\n- [x] Ask Ana\n"
            ),
        },
    )
    commit(repo, "2026-02-26", {"wins/notes/old.md": "- [x] Checked from the start\n"})
    return vault


def test_each_tick_gets_the_day_of_the_commit_that_checked_it(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    vault = history(make_vault)
    for path in (vault / "notes").iterdir():
        os.utime(path, (1_770_000_000, 1_770_000_000))  # quiet for a long time
    result = run_cli(vault, "stamp", "--from-git", "--today", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "notes/project-launch.md:1: wrote ✅ 2026-02-14 (ticked in a commit of that day)",
        "notes/project-launch.md:3: wrote ✅ 2026-02-20 (ticked in a commit of that day)",
        "notes/project-launch.md:4: wrote ✅ 2026-02-14 (ticked in a commit of that day)",
    ]
    assert (vault / "notes/project-launch.md").read_text("utf-8") == (
        "- [x] Write the intro ✅ 2026-02-14\n- [ ] Ship it\n- [x] Ship it ✅ 2026-02-20\n"
        "- [x] Ask Ana ✅ 2026-02-14\n"
    )
    assert (vault / "notes/old.md").read_text("utf-8") == "- [x] Checked from the start\n"
    assert (vault / "journal/2026/2026-02-10.md").read_text("utf-8").endswith("Call the bank\n")
    ledger = (vault / "wins-ledger.txt").read_text("utf-8")
    assert "notes/project-launch.md\tAsk Ana\t1\t-\t2026-02-14\tgit\t2026-02-14\n" in ledger
    again = run_cli(vault, "stamp", "--from-git", "--today", "2026-03-01")
    assert (again.stdout, again.stderr) == ("", "Nothing to stamp.\n")


def test_from_git_with_the_ledger_only_writes_no_note(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    vault = history(make_vault)
    note = (vault / "notes/project-launch.md").read_bytes()
    result = run_cli(vault, "stamp", "--from-git", "--ledger-only", "--today", "2026-03-01")
    assert result.stdout.splitlines() == [
        "notes/project-launch.md:1: ticked 2026-02-14 (ticked in a commit of that day)",
        "notes/project-launch.md:3: ticked 2026-02-20 (ticked in a commit of that day)",
        "notes/project-launch.md:4: ticked 2026-02-14 (ticked in a commit of that day)",
    ]
    assert (vault / "notes/project-launch.md").read_bytes() == note
    listed = run_cli(vault, "list", "--today", "2026-03-01").stdout
    assert "2026-02-20 Fri\n  • Ship it\n" in listed


def test_a_vault_outside_git_is_told_so(make_vault: MakeVault, run_cli: RunCli) -> None:
    vault = make_vault({"wins.toml": "", "notes/a.md": "- [x] Ship it\n"})
    result = run_cli(
        vault, "stamp", "--from-git", env={"GIT_CEILING_DIRECTORIES": str(vault.parent)}
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --from-git: fatal: not a git repository")
    assert "Traceback" not in result.output

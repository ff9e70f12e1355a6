"""``wins add`` as a daily ritual: it says what moved, checks the goals it links to,
names wins and links them into chains from the command line."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeVault, RunCli

TODAY = ("--today", "2026-11-22")
ENTRY = "journal/2026/2026-11-22.md"
VAULT = {
    "wins.toml": "",
    "goals/run-5k.md": "---\ntitle: Run 5k\n---\n",
    "goals/Novel.md": "---\ntitle: The novel\n---\n",
    "journal/2026/2026-11-20.md": "## Wins\n- [x] Ran 2k [[run-5k]]\n",
    "journal/2026/2026-11-21.md": "## Wins\n- [x] Ran 3k [[run-5k]]\n- [x] Called Ana\n",
}


def files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and ".wins" not in path.parts
    }


def test_add_says_what_moved(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(VAULT)
    first = run_cli(root, "add", "Ran 4k", "--goal", "run-5k", *TODAY)
    assert first.exit_code == 0, first.output
    assert first.stdout == f"{root / ENTRY}\n"  # the path alone: scripts read it
    assert first.stderr == "1st win today · 3-day streak · run-5k: 3 wins this week\n"
    second = run_cli(root, "add", "Stretched", *TODAY)
    assert second.stderr == "2nd win today · 3-day streak\n"
    earlier = run_cli(root, "add", "Booked a race", "--date", "2026-11-21", *TODAY)
    assert earlier.stderr == "3rd win on 2026-11-21 · 3-day streak\n"


def test_an_unknown_goal_is_refused_with_the_nearest_one(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(VAULT)
    before = files(root)
    result = run_cli(root, "add", "Ran", "--goal", "run-5", *TODAY)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --goal: unknown goal 'run-5' (did you mean 'run-5k'?); --new-goal makes it\n"
    )
    assert files(root) == before


def test_goals_compare_case_aside_and_are_written_as_their_slug(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(VAULT)
    result = run_cli(root, "add", "Wrote", "--goal", "NOVEL", "--goal", "[[Run-5K]]", *TODAY)
    assert result.exit_code == 0, result.output
    assert "- [x] Wrote [[novel]] [[run-5k]]\n" in (root / ENTRY).read_text("utf-8")


def test_new_goal_makes_the_goal(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(VAULT)
    result = run_cli(root, "add", "Learned 10 words", "--goal", "Learn Spanish", "--new-goal",
                     *TODAY)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "[[learn-spanish]]" in (root / ENTRY).read_text("utf-8")
    goal = (root / "goals/learn-spanish.md").read_text("utf-8")
    assert goal.startswith("---\ntitle: Learn Spanish\n")
    assert result.stderr.endswith("learn-spanish: 1 win this week\n")


def test_id_names_the_win_and_a_taken_id_is_refused(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(VAULT)
    assert run_cli(root, "add", "Recruiter called back", "--id", "call", *TODAY).exit_code == 0
    assert "- [x] Recruiter called back ^call\n" in (root / ENTRY).read_text("utf-8")
    line = (root / ENTRY).read_text("utf-8").splitlines().index("- [x] Recruiter called back ^call")
    before = files(root)
    again = run_cli(root, "add", "Another call", "--id", "^call", *TODAY)
    assert again.exit_code == 2
    assert again.stderr == (
        f"Error: --id: ^call is already the id of 'Recruiter called back' ({ENTRY}:{line + 1}); "
        "choose another\n"
    )
    assert files(root) == before


def test_follows_last_gives_the_last_win_an_id_and_changes_only_its_line(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(VAULT)
    day = root / "journal/2026/2026-11-21.md"
    result = run_cli(root, "add", "Ana called back", "--follows", "last", *TODAY)
    assert result.exit_code == 0, result.output
    assert day.read_bytes() == b"## Wins\n- [x] Ran 3k [[run-5k]]\n- [x] Called Ana ^called-ana\n"
    assert result.stderr.splitlines()[0] == (
        "gave 'Called Ana' (journal/2026/2026-11-21.md:3) the id ^called-ana to follow it"
    )
    assert "- [x] Ana called back [[2026-11-21#^called-ana]]" in (root / ENTRY).read_text()
    # The newest win now has no id either: the next one gets one in today's entry.
    chained = run_cli(root, "add", "Booked the interview", "--follows", "last", *TODAY)
    assert chained.exit_code == 0, chained.output
    text = (root / ENTRY).read_text("utf-8")
    assert "- [x] Ana called back [[2026-11-21#^called-ana]] ^ana-called-back\n" in text
    assert "- [x] Booked the interview [[2026-11-22#^ana-called-back]]\n" in text
    check = run_cli(root, "check", *TODAY)
    assert check.exit_code == 0, check.output


def test_follows_last_uses_an_existing_id_and_changes_nothing_else(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault({**VAULT, "journal/2026/2026-11-21.md": "- [x] Called Ana ^ana\n"})
    before = files(root)
    result = run_cli(root, "add", "Ana called back", "--follows", "last", *TODAY)
    assert result.exit_code == 0, result.output
    after = files(root)
    assert {path for path in after if after[path] != before.get(path)} == {ENTRY}
    assert "[[2026-11-21#^ana]]" in after[ENTRY].decode()


def test_follows_last_with_nothing_before_is_refused(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault({"wins.toml": ""})
    result = run_cli(root, "add", "First ever", "--follows", "last", *TODAY)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --follows last: there is no win on or before this one to follow\n"
    )
    assert not (root / "journal").exists()

"""``wins standup``: the day's shared win (else its newest public win), ready to paste into
a chat, and never anything private."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeVault, RunCli

TODAY = "2026-11-22"
VAULT = {
    "wins.toml": 'title = "Me"\n',
    "goals/secret.md": "---\ntitle: Secret move\nprivate: true\n---\n",
    "goals/launch.md": "---\ntitle: Launch\n---\n",
    "journal/2026-11-22.md": (
        "- [x] Reviewed *two* PRs [[launch]]\n- [x] Paid rent #private #standup\n"
    ),
    "journal/2026-11-21.md": (
        "- [x] Shipped [the fix](https://example.org/pr/1?a=1&b=2) for **login** <3 #standup\n"
        "- [x] Made tea\n"
    ),
    "journal/2026-11-20.md": "---\nprivate: true\n---\n- [x] Therapy #standup\n",
    "journal/2026-11-19.md": "- [x] Plotted the move [[secret]] share:: team\n- [x] Called mum\n",
    "journal/2026-11-18.md": "- [x] Wrote the spec share:: team\n- [x] Paired with Ben #Standup\n"
    "- [x] Lunch\n",
    "journal/2026-11-17.md": "- [x] Booked the flat [[secret]]\n",
}
PRIVATE = ("Paid rent", "Therapy", "Plotted", "Secret", "secret", "Booked the flat")


@pytest.fixture
def vault(make_vault: MakeVault) -> Path:
    return make_vault(VAULT)


def standup(run_cli: RunCli, vault: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(vault, "standup", "--today", TODAY, *args)
    return result.exit_code, result.stdout, result.stderr


def test_the_newest_public_win_when_none_is_shared(vault: Path, run_cli: RunCli) -> None:
    # Today's shared win is private (#private): the newest public one stands in.
    assert standup(run_cli, vault) == (0, "Today (2026-11-22): Reviewed two PRs\n", "")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "text",
            "Yesterday (2026-11-21): Shipped the fix (https://example.org/pr/1?a=1&b=2) "
            "for login <3\n",
        ),
        (
            "markdown",
            "**Yesterday** (2026-11-21): Shipped [the fix](https://example.org/pr/1?a=1&b=2) "
            "for **login** <3\n",
        ),
        (
            "slack",
            "*Yesterday* (2026-11-21): Shipped <https://example.org/pr/1?a=1&amp;b=2|the fix> "
            "for *login* &lt;3\n",
        ),
    ],
)
def test_the_shared_win_in_each_format(
    vault: Path, run_cli: RunCli, fmt: str, expected: str
) -> None:
    assert standup(run_cli, vault, "--date", "yesterday", "--format", fmt) == (0, expected, "")
    # The second time the list index answers: the same words.
    assert standup(run_cli, vault, "--date", "yesterday", "--format", fmt) == (0, expected, "")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", "2026-11-18:\n- Wrote the spec\n- Paired with Ben\n"),
        ("markdown", "**2026-11-18**:\n- Wrote the spec\n- Paired with Ben\n"),
        ("slack", "*2026-11-18*:\n• Wrote the spec\n• Paired with Ben\n"),
    ],
)
def test_every_shared_win_of_the_day(vault: Path, run_cli: RunCli, fmt: str, expected: str) -> None:
    assert standup(run_cli, vault, "--date", "2026-11-18", "--format", fmt) == (0, expected, "")


def test_a_private_win_goal_or_file_is_never_printed(vault: Path, run_cli: RunCli) -> None:
    printed = []
    for day in ("2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19", "2026-11-17"):
        for fmt in ("text", "markdown", "slack"):
            printed.append(standup(run_cli, vault, "--date", day, "--format", fmt))
    for _, out, err in printed:
        for secret in PRIVATE:
            assert secret not in out + err
    # A shared win serving a private goal is private: the newest public win stands in.
    assert standup(run_cli, vault, "--date", "2026-11-19") == (
        0,
        "2026-11-19: Called mum\n",
        "",
    )
    # A day whose only wins are private prints nothing, and says so.
    for day in ("2026-11-20", "2026-11-17", "2026-11-16"):
        assert standup(run_cli, vault, "--date", day) == (
            1,
            "",
            f"No public win on {day} to share.\n",
        )


def test_a_bad_date_is_a_usage_error(vault: Path, run_cli: RunCli) -> None:
    code, _, err = standup(run_cli, vault, "--date", "someday")
    assert code == 2 and err.startswith("Error: --date: 'someday' is not a date")

"""Shell completion: goal slugs and tags come from the vault the command would use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeVault

ROOT = Path(__file__).parent.parent
VAULT = {
    "wins.toml": "",
    "goals/new-career.md": "---\ntitle: New career\n---\n",
    "goals/Novel.md": "---\ntitle: Novel\n---\n",
    "goals/run-5k.md": "---\ntitle: Run\n---\n",
    "journal/2026-11-20.md": (
        "- [x] Drafted [[novel]] #writing\n- [x] Wrote #writing/drafts #work\n"
        "- [x] Therapy #health #private\n"
    ),
}


def complete(words: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[list[str], str]:
    """What bash completion offers for the last of ``words``, and what went to stderr."""
    code = "import sys; from wins_md.cli.main import main; sys.argv[0] = 'wins'; main()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "_WINS_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
            **(env or {}),
        },
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line], result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("wins add x --goal n", ["new-career", "novel"]),
        ("wins add x --goal N", ["new-career", "novel"]),
        ("wins list --goal ", ["new-career", "novel", "run-5k"]),
        ("wins add x --tag wr", ["writing", "writing/drafts"]),
        ("wins add x --tag #w", ["work", "writing", "writing/drafts"]),
        ("wins list --tag h", []),  # only private wins carry #health
    ],
)
def test_goals_and_tags_complete_from_the_vault(
    make_vault: MakeVault, words: str, offered: list[str]
) -> None:
    vault = make_vault(VAULT)
    assert complete(words, cwd=vault) == (offered, "")


def test_the_vault_option_is_followed(make_vault: MakeVault, tmp_path: Path) -> None:
    vault = make_vault(VAULT)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert complete(f"wins --vault {vault} add x --goal r", cwd=elsewhere) == (["run-5k"], "")


def test_with_no_vault_nothing_is_offered_and_nothing_printed(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert complete("wins add x --goal ", cwd=empty, env={"WINS_VAULT": ""}) == ([], "")
    assert not any(empty.iterdir())

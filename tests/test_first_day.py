"""A new user's first five minutes, in real processes: `wins init` in a fresh home,
a first `wins add` from another folder, and `wins build` give a page with the win, no
problem banner and no sample goal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CODE = "import sys; from wins_md.cli.main import main; sys.argv[0] = 'wins'; main()"


def wins(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``wins ARGS`` as the user types it, with the test's own home (see conftest)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("WINS_VAULT", None)
    return subprocess.run(
        [sys.executable, "-c", CODE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_init_then_a_first_win_from_anywhere_then_a_clean_page(tmp_path: Path) -> None:
    journal, elsewhere = tmp_path / "wins", tmp_path / "downloads"
    elsewhere.mkdir()
    made = wins("init", str(journal), "--default", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    added = wins("add", "Sent the first proposal", "--tag", "work", cwd=elsewhere)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip().startswith(str(journal / "journal"))
    assert added.stderr.startswith("1st win today · 1-day streak")
    assert list(elsewhere.iterdir()) == []  # nothing written where the user stood
    built = wins("build", cwd=elsewhere)
    assert built.returncode == 0, built.stderr
    site = journal / "site"
    published = json.loads((site / "wins.json").read_text("utf-8"))
    assert [win["text"] for win in published["wins"]] == ["Sent the first proposal #work"]
    assert published["goals"] == []  # the sample goal teaches, it is not published
    assert not (site / "goals").exists() or not any((site / "goals").iterdir())
    page = (site / "index.html").read_text("utf-8")
    assert "Sent the first proposal" in page
    assert "problem" not in page.lower()
    check = wins("check", cwd=elsewhere)
    assert check.returncode == 0, check.stdout + check.stderr

"""The brag document and the reviews of the example vault, as the golden files in
``tests/fixtures/golden/`` hold them (``tests/fixtures/regenerate_golden.py`` writes
them; ``tests/test_golden.py`` compares)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner

from wins_md.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
TODAY = "2026-11-22"
BRAGS = {"brag.md": "md", "brag.html": "html", "brag.json": "json"}
SINCE = "2026-09-01"
"""The brag documents cover the autumn: three chains, milestones, lessons."""
REVIEWS = ("2026-W46", "2026-10", "2026-Q3", "2026")
"""A week the vault has no review of yet, a month, a quarter, and the year so far."""


def make_documents() -> dict[str, bytes]:
    """``{golden file name: bytes}``, made from a copy of the example vault (which stays
    untouched) as of the README's date."""
    made = {}
    runner = CliRunner()
    env = {"NO_COLOR": "1", "WINS_VAULT": "", "WINS_TODAY": ""}
    with tempfile.TemporaryDirectory() as folder:
        vault = Path(folder) / "examples"
        shutil.copytree(EXAMPLES, vault, ignore=shutil.ignore_patterns(".wins", "site"))
        base = ["--vault", str(vault)]
        for name, fmt in BRAGS.items():
            args = [*base, "brag", "--since", SINCE, "--format", fmt, "--today", TODAY]
            result = runner.invoke(cli, args, env=env, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            made[name] = result.stdout_bytes
        for period in REVIEWS:
            args = [*base, "review", period, "--no-edit", "--today", TODAY]
            result = runner.invoke(cli, args, env=env, catch_exceptions=False)
            assert result.exit_code == 0 and "exists" not in result.output, result.output
            path = Path(result.stdout.strip())
            made[f"review-{path.name}"] = path.read_bytes()
    return made

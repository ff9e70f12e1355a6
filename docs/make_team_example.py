"""Regenerate examples/team/published/NAME/wins.json: each member vault of
examples/team/members/ built with ``wins build`` as of 2026-11-22, as their own site
would publish it. Run from the repository after changing a member's vault:

    python docs/make_team_example.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEAM = ROOT / "examples" / "team"
TODAY = "2026-11-22"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for vault in sorted((TEAM / "members").iterdir()):
            site = Path(folder) / vault.name
            command = [sys.executable, "-m", "wins_md", "--vault", str(vault), "build"]
            command += ["--today", TODAY, "--out", str(site), "--no-cache"]
            subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
            published = TEAM / "published" / vault.name
            published.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site / "wins.json", published / "wins.json")
            print(f"wrote {(published / 'wins.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Regenerate docs/team-page.png: the example team's page, 1280 px wide.

Builds ``examples/team/team.toml`` as of 2026-11-22 into a temporary folder and
photographs ``index.html`` in the light scheme with the headless Chromium the browser
tests use (Debian's ``chromium`` package). Run from the repository with the test
extras installed:

    python docs/make_team_screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import DESKTOP_WIDTH, chromium  # noqa: E402
from test_team_browser import build_example_team  # noqa: E402

OUTPUT = ROOT / "docs" / "team-page.png"
TOP = 1500
"""Height of the picture in CSS pixels at most: the numbers, both stand-ups, the week
and the shared goals."""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        site = build_example_team(Path(folder) / "site")
        page = browser.new_page(viewport={"width": DESKTOP_WIDTH, "height": 600})
        page.emulate_media(color_scheme="light")
        page.goto((site / "index.html").as_uri(), wait_until="load")
        height = min(TOP, page.evaluate("document.documentElement.scrollHeight"))
        page.screenshot(
            path=OUTPUT,
            full_page=True,
            clip={"x": 0, "y": 0, "width": DESKTOP_WIDTH, "height": height},
        )
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()

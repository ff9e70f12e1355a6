"""The team page in a real browser, as the site's pages are tested: accessible in both
colour schemes, readable on a phone without scrolling sideways, quiet and
self-contained, over HTTP and from file://."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from browser_support import DESKTOP_WIDTH, PHONE_WIDTH, ColorScheme, OpenPage, serve_folder
from click.testing import CliRunner

from wins_md.cli.main import cli

pytestmark = pytest.mark.slow

TEAM = Path(__file__).parent.parent / "examples" / "team" / "team.toml"


def build_example_team(out: Path) -> Path:
    """``wins team build`` the example team into ``out`` as of the README's date."""
    args = ["team", "build", str(TEAM), "--out", str(out), "--today", "2026-11-22"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def team_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_team(tmp_path_factory.mktemp("team") / "site")


@pytest.fixture(scope="module")
def http_base(team_site: Path) -> Iterator[str]:
    with serve_folder(team_site) as base:
        yield base


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_team_page_is_accessible_and_fits_the_width(
    open_page: OpenPage, http_base: str, width: int, scheme: ColorScheme
) -> None:
    watched = open_page(http_base + "index.html", width, scheme)
    results = Axe().run(watched.page)
    assert results.violations_count == 0, results.generate_report()
    scroll = watched.page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the team page is {scroll} px wide at {width} px"
    # Chromium asks a server for /favicon.ico once (the page names no icon) and logs its
    # 404; Playwright reports no response for it, so every response the page asked for
    # being fine, such a line is the browser's, not the page's.
    assert watched.bad_responses == [] and watched.failed_requests == []
    missing_icon = "error: Failed to load resource: the server responded with a status of 404"
    assert [line for line in watched.console_problems() if not line.startswith(missing_icon)] == []
    assert watched.page_errors == []
    assert watched.foreign_requests(http_base) == []


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
def test_the_stand_up_and_the_week_show_without_javascript(
    open_page: OpenPage, team_site: Path, width: int
) -> None:
    page = open_page((team_site / "index.html").as_uri(), width, javascript=False).page
    lines = page.locator("#today-title ~ ul.standup > li")
    assert lines.count() == 3
    for index in range(3):
        assert lines.nth(index).is_visible()
    rows = page.locator("table.week tbody tr")
    assert rows.count() == 3
    assert page.locator("table.week").is_visible()
    assert page.locator(".cards .card progress").count() >= 1

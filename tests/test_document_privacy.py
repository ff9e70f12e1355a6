"""The private-leak matrix of the site (tests/test_site_privacy.py), run over the
documents made for sharing: the brag document (Markdown, HTML, JSON) and the reviews of
a week, a month, a quarter and a year. Without ``--include-private`` none holds a
private win, goal title or block id, and each is what it would be without the private
content."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RunCli, write_files
from test_site_privacy import CASES, _case_files

TODAY = ("--today", "2026-11-22")
REVIEWS = ("2026-11-15", "2026-11", "2026-Q4", "2026")
"""The week of the private day (weeks from Sunday: 2026-W46 is a case's own file), its
month, quarter and year."""


def _documents(run_cli: RunCli, root: Path, files: dict[str, str]) -> dict[str, str]:
    """Every brag document and review of the vault made of ``files``, by name."""
    vault = write_files(root, {**files, "wins.toml": files["wins.toml"] + 'week_start = "sun"\n'})
    made = {}
    for fmt in ("md", "html", "json"):
        result = run_cli(vault, "brag", "--format", fmt, *TODAY)
        assert result.exit_code == 0, result.output
        made[f"brag.{fmt}"] = result.stdout
    for period in REVIEWS:
        result = run_cli(vault, "review", period, "--no-edit", *TODAY)
        assert result.exit_code == 0, result.output
        path = Path(result.stdout.strip())
        made[path.name] = path.read_text("utf-8")
    return made


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_no_private_content_reaches_a_brag_document_or_a_review(
    run_cli: RunCli, tmp_path: Path, case: str
) -> None:
    with_private, without = _case_files(case)
    made = _documents(run_cli, tmp_path / "with", with_private)
    assert sorted(made) == [
        "2026-11-15-week.md",
        "2026-11.md",
        "2026-Q4.md",
        "2026.md",
        "brag.html",
        "brag.json",
        "brag.md",
    ]
    for name, text in made.items():
        assert "secret-" not in text.lower(), f"private text leaks into {name}"
        assert "\nprivate: true\n" not in text
    if CASES[case].comparable:
        assert made == _documents(run_cli, tmp_path / "without", without)


PRIVATE_CHAIN = {
    "wins.toml": "",
    "goals/public-goal.md": "---\ntitle: Public goal\n---\n",
    "goals/secret-goal.md": "---\ntitle: Secret goal title\nprivate: true\n---\n",
    "journal/2026/2026-11-16.md": (
        "- [x] Public start [[public-goal]] ^open-start\n"
        "- [x] Hush secret win #private ^secret-block\n"
        "- [x] Quiet secret step [[secret-goal]] ^secret-goal-block\n"
    ),
    "journal/2026/2026-11-17.md": (
        "- [x] Public next [[2026-11-16#^secret-block]] [[2026-11-16#^open-start]]\n"
        "- [x] Public after [[#^secret-goal-block|the other step]] stretch:: 5\n"
    ),
}


def test_no_private_block_id_reaches_a_document(run_cli: RunCli, tmp_path: Path) -> None:
    made = _documents(run_cli, tmp_path / "vault", PRIVATE_CHAIN)
    for name, text in made.items():
        assert "secret" not in text.lower(), f"private content leaks into {name}"
    assert (
        "Public start ([journal/2026/2026-11-16.md:1](journal/2026/2026-11-16.md)) → "
        in (made["brag.md"])
    )
    assert "- 2026-11-17 Public after **stretch 5**" in made["brag.md"]
    assert "Public next" in made["2026-11-15-week.md"]

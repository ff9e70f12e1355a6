"""A build that fails part way (a template error) leaves the whole site as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import MakeVault, RunCli, write_files

NOTE = "## Wins\n- Drafted chapter one [[book]]\n"
BROKEN = {
    "included template, syntax": {"templates/_wins.html": "{% for x in %}\n"},
    "goal page, undefined name": {"templates/goal.html": "{{ card.nope }}\n"},
    "feed, undefined name": {"templates/feed.xml": "{{ site.nope }}\n"},
}


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_a_template_error_changes_no_file(
    make_vault: MakeVault, run_cli: RunCli, broken: dict[str, str]
) -> None:
    root = make_vault(
        {"journal/2026/2026-11-20.md": NOTE, "goals/book.md": "---\ntitle: The book\n---\n"}
    )
    first = run_cli(root, "build", "--today", "2026-11-22", "--no-cache")
    assert first.exit_code == 0, first.output
    before = tree(root / "site")
    write_files(root, {"journal/2026/2026-11-21.md": "## Wins\n- Chapter two [[book]]\n", **broken})
    result = run_cli(root, "build", "--today", "2026-11-22", "--no-cache")
    assert result.exit_code == 1
    assert "template error" in result.output
    assert tree(root / "site") == before
    assert not [name for name in os.listdir(root / "site") if name.endswith(".wins-tmp")]


@pytest.fixture(params=[100, 5000], ids=["all in temp files", "some in temp files"])
def tiny_spool(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files larger than a few bytes wait in temp files, as a large site's do; with 5000,
    the small feed waits in memory beside the large pages' temp files."""
    monkeypatch.setattr("wins_md.site.writer.SPOOL_BYTES", request.param)


@pytest.mark.usefixtures("tiny_spool")
def test_files_waiting_in_temp_files_are_all_published(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {"journal/2026/2026-11-20.md": NOTE, "goals/book.md": "---\ntitle: The book\n---\n"}
    )
    for text in ("Chapter two", "Chapter three"):
        write_files(root, {"journal/2026/2026-11-21.md": f"## Wins\n- {text} [[book]]\n"})
        result = run_cli(root, "build", "--today", "2026-11-22", "--no-cache")
        assert result.exit_code == 0, result.output
        for page in ("index.html", "wins.json", "feed.xml", "goals/book.html"):
            assert text in (root / "site" / page).read_text("utf-8")
    assert not [path for path in (root / "site").rglob("*.wins-tmp")]


@pytest.mark.usefixtures("tiny_spool")
@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_a_template_error_leaves_no_temp_file(
    make_vault: MakeVault, run_cli: RunCli, broken: dict[str, str]
) -> None:
    root = make_vault(
        {"journal/2026/2026-11-20.md": NOTE, "goals/book.md": "---\ntitle: The book\n---\n"}
    )
    assert run_cli(root, "build", "--today", "2026-11-22", "--no-cache").exit_code == 0
    before = tree(root / "site")
    write_files(root, {"journal/2026/2026-11-21.md": "## Wins\n- Chapter two [[book]]\n", **broken})
    assert run_cli(root, "build", "--today", "2026-11-22", "--no-cache").exit_code == 1
    assert tree(root / "site") == before

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
    return {str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_a_template_error_changes_no_file(make_vault: MakeVault, run_cli: RunCli,
                                          broken: dict[str, str]) -> None:
    root = make_vault({"journal/2026/2026-11-20.md": NOTE,
                       "goals/book.md": "---\ntitle: The book\n---\n"})
    first = run_cli(root, "build", "--today", "2026-11-22", "--no-cache")
    assert first.exit_code == 0, first.output
    before = tree(root / "site")
    write_files(root, {"journal/2026/2026-11-21.md": "## Wins\n- Chapter two [[book]]\n",
                       **broken})
    result = run_cli(root, "build", "--today", "2026-11-22", "--no-cache")
    assert result.exit_code == 1
    assert "template error" in result.output
    assert tree(root / "site") == before
    assert not [name for name in os.listdir(root / "site") if name.endswith(".wins-tmp")]

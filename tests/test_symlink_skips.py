"""A symlink never gets a file past the skip rules: the rules apply to where a link
leads as well as to where it sits (hidden folders, ``exclude``, the templates, output
and backup folders, editor temp files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MakeVault, RunCli

SKIPPED = "- [x] A win that must stay unread\n"
READ = {"journal/2026-11-21.md": "- [x] The journal is still read\n"}


def listed(run_cli: RunCli, vault: Path) -> list[str]:
    result = run_cli(vault, "list", "--format", "json", "--include-private")
    assert result.exit_code == 0, result.output
    return sorted(win["text"] for win in json.loads(result.stdout))


def link(vault: Path, at: str, to: str, *, folder: bool = False) -> None:
    path = vault / at
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(to, target_is_directory=folder)


CASES = {
    "file link into an excluded folder": (
        {"Archive/2026-11-20.md": SKIPPED, "wins.toml": 'exclude = ["Archive/*"]\n'},
        "journal/2026-11-20.md",
        "../Archive/2026-11-20.md",
        False,
    ),
    "folder link to an excluded folder": (
        {"Archive/2025/2025-11-20.md": SKIPPED, "wins.toml": 'exclude = ["Archive/*"]\n'},
        "journal/old",
        "../Archive/2025",
        True,
    ),
    "file link into a hidden folder": (
        {".trash/2026-11-20.md": SKIPPED},
        "journal/2026-11-20.md",
        "../.trash/2026-11-20.md",
        False,
    ),
    "folder link to a hidden folder": (
        {".trash/2026-11-20.md": SKIPPED},
        "journal/trash",
        "../.trash",
        True,
    ),
    "file link to a template": (
        {"templates/2026-11-20.md": SKIPPED},
        "journal/2026-11-20.md",
        "../templates/2026-11-20.md",
        False,
    ),
    "folder link to the output folder": (
        {"site/2026-11-20.md": SKIPPED},
        "journal/site",
        "../site",
        True,
    ),
    "file link to an editor temp file": (
        {"journal/2026-11-20.md.tmp": SKIPPED},
        "journal/2026-11-20.md",
        "2026-11-20.md.tmp",
        False,
    ),
    "folder link into a Logseq backup": (
        {"logseq/config.edn": "{}\n", "logseq/bak/journals/2026_11_20.md": "- DONE Old copy\n"},
        "journal/bak",
        "../logseq/bak/journals",
        True,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_link_to_a_skipped_place_is_not_read(
    case: str, make_vault: MakeVault, run_cli: RunCli
) -> None:
    files, at, to, folder = CASES[case]
    vault = make_vault({**READ, **files})
    link(vault, at, to, folder=folder)
    assert listed(run_cli, vault) == ["The journal is still read"]


def test_a_link_to_a_read_place_is_still_followed(make_vault: MakeVault, run_cli: RunCli) -> None:
    vault = make_vault({**READ, "Projects/book/2026-11-20.md": "- [x] Linked chapter\n"})
    link(vault, "journal/book", "../Projects/book", folder=True)
    assert listed(run_cli, vault) == ["Linked chapter", "The journal is still read"]


def test_a_file_under_a_linked_folder_obeys_exclude_by_its_real_path(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    vault = make_vault(
        {
            **READ,
            "Projects/book/2026-11-20.md": "- [x] Linked chapter\n",
            "Projects/book/drafts/2026-11-19.md": SKIPPED,
            "wins.toml": 'exclude = ["Projects/book/drafts/*"]\n',
        }
    )
    link(vault, "journal/book", "../Projects/book", folder=True)
    assert listed(run_cli, vault) == ["Linked chapter", "The journal is still read"]

"""`wins build` skips a build whose inputs and output are unchanged, and only then."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.conftest import MakeVault, RunCli, write_files

HOUR_AGO = time.time() - 3600
NOTE = "---\ndate: 2026-11-20\n---\n## Wins\n- Shipped the draft #work [[book]]\n"
GOAL = "---\ntitle: Write the book\ndue: 2027-03-01\n---\n## Milestones\n- [ ] Outline\n"
SKIPPED = "is up to date"


def settle(root: Path) -> None:
    """Date every file an hour back: files modified within the last two seconds are never
    trusted to be unchanged, so a fresh test vault would always be rebuilt."""
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(Path(folder) / name, (HOUR_AGO, HOUR_AGO))


@pytest.fixture
def vault(make_vault: MakeVault) -> Path:
    root = make_vault(
        {"wins.toml": 'title = "Book"\n', "journal/2026/2026-11-20.md": NOTE, "goals/book.md": GOAL}
    )
    settle(root)
    return root


def build(run_cli: RunCli, root: Path, *args: str) -> str:
    result = run_cli(root, "build", "--today", "2026-11-22", *args)
    assert result.exit_code == 0, result.output
    return result.output


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_second_build_is_skipped_and_touches_nothing(run_cli: RunCli, vault: Path) -> None:
    assert "Built" in build(run_cli, vault)
    before = snapshot(vault / "site")
    assert SKIPPED in build(run_cli, vault)
    assert snapshot(vault / "site") == before


@pytest.mark.parametrize(
    "change", ["edit note", "new note", "delete note", "config", "vault template", "today", "epoch"]
)
def test_any_changed_input_rebuilds(
    run_cli: RunCli, vault: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(run_cli, vault)
    args: tuple[str, ...] = ()
    if change == "edit note":
        write_files(vault, {"journal/2026/2026-11-20.md": NOTE + "- Second win #work\n"})
    elif change == "new note":
        write_files(vault, {"journal/2026/2026-11-21.md": "## Wins\n- Another\n"})
    elif change == "delete note":
        (vault / "journal/2026/2026-11-20.md").unlink()
    elif change == "config":
        write_files(vault, {"wins.toml": 'title = "The book"\n'})
    elif change == "vault template":
        write_files(vault, {"templates/_style.css": "body { color: black; }\n"})
    elif change == "today":
        args = ("--today", "2026-11-23")
    elif change == "epoch":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    settle(vault)
    output = run_cli(vault, "build", "--today", "2026-11-22", *args).output
    assert "Built" in output and SKIPPED not in output
    index = (vault / "site/index.html").read_text("utf-8")
    if change == "edit note":
        assert "Second win" in index
    if change == "config":
        assert "The book" in index


@pytest.mark.parametrize("damage", ["edit", "delete"])
def test_a_touched_output_is_rebuilt(run_cli: RunCli, vault: Path, damage: str) -> None:
    build(run_cli, vault)
    expected = (vault / "site/index.html").read_bytes()
    if damage == "edit":
        (vault / "site/index.html").write_text("defaced", "utf-8")
    else:
        (vault / "site/index.html").unlink()
    assert "Built" in build(run_cli, vault)
    assert (vault / "site/index.html").read_bytes() == expected


def test_a_lost_manifest_is_refused_not_skipped(run_cli: RunCli, vault: Path) -> None:
    """Without its manifest the folder holds files nobody vouches for: the output check
    comes before the stamp, so the build is refused rather than skipped."""
    build(run_cli, vault)
    (vault / "site/.wins-manifest.json").unlink()
    result = run_cli(vault, "build", "--today", "2026-11-22")
    assert result.exit_code == 1
    assert "did not write" in result.output and SKIPPED not in result.output


def test_a_build_into_another_folder_is_not_skipped(
    run_cli: RunCli, vault: Path, tmp_path: Path
) -> None:
    build(run_cli, vault)
    assert "Built" in build(run_cli, vault, "--out", str(tmp_path / "elsewhere"))
    assert (tmp_path / "elsewhere/index.html").is_file()


def test_problems_are_shown_again_when_skipped(run_cli: RunCli, vault: Path) -> None:
    write_files(vault, {"journal/2026/2026-11-19.md": "---\ndate: [\n---\n- x\n"})
    settle(vault)
    first = run_cli(vault, "build", "--today", "2026-11-22", "--strict")
    second = run_cli(vault, "build", "--today", "2026-11-22", "--strict")
    assert SKIPPED in second.output
    assert first.exit_code == second.exit_code == 1
    problem = "journal/2026/2026-11-19.md:"
    assert problem in first.output and problem in second.output


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b'{"version": 1}',
        b"[1, 2]",
        b'{"version": 1, "digest": "x", "problems": [[1]], "outputs": {}}',
    ],
)
def test_a_damaged_stamp_means_a_full_build(run_cli: RunCli, vault: Path, content: bytes) -> None:
    build(run_cli, vault)
    (vault / ".wins/build-stamp.json").write_bytes(content)
    assert "Built" in build(run_cli, vault)
    assert SKIPPED in build(run_cli, vault)


def test_a_forged_stamp_cannot_hide_a_change(run_cli: RunCli, vault: Path) -> None:
    """The stamp's digest is of the inputs as they are now, so copying an old stamp back
    after a change does not skip the build."""
    build(run_cli, vault)
    old = (vault / ".wins/build-stamp.json").read_bytes()
    write_files(vault, {"journal/2026/2026-11-20.md": NOTE + "- Late win\n"})
    settle(vault)
    (vault / ".wins/build-stamp.json").write_bytes(old)
    assert "Built" in build(run_cli, vault)
    assert "Late win" in (vault / "site/index.html").read_text("utf-8")


def test_no_cache_always_builds(run_cli: RunCli, vault: Path) -> None:
    build(run_cli, vault)
    assert "Built" in build(run_cli, vault, "--no-cache")


def test_a_just_modified_file_is_not_trusted(run_cli: RunCli, vault: Path) -> None:
    """A file written within the last two seconds could change again within its mtime's
    resolution: the build after it is never skipped."""
    write_files(vault, {"journal/2026/2026-11-21.md": "## Wins\n- Fresh\n"})
    build(run_cli, vault)
    assert "Built" in build(run_cli, vault)


def test_the_stamp_holds_no_content(run_cli: RunCli, vault: Path) -> None:
    build(run_cli, vault)
    stamp = json.loads((vault / ".wins/build-stamp.json").read_text("utf-8"))
    assert set(stamp) == {"version", "digest", "problems", "outputs"}
    assert "Shipped the draft" not in json.dumps(stamp)


def test_a_template_in_a_linked_folder_is_an_input(
    run_cli: RunCli, vault: Path, tmp_path: Path
) -> None:
    """Jinja follows a symlinked folder of templates; so does the stamp."""
    shared = tmp_path / "shared"
    write_files(shared, {"mark.html": "first"})
    write_files(vault, {"templates/goal.html": '{% include "parts/mark.html" %}\n'})
    (vault / "templates/parts").symlink_to(shared, target_is_directory=True)
    settle(vault)
    settle(shared)
    build(run_cli, vault)
    write_files(shared, {"mark.html": "second"})
    settle(shared)
    assert "Built" in build(run_cli, vault)
    assert (vault / "site/goals/book.html").read_text("utf-8").strip() == "second"

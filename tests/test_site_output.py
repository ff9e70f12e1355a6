"""The output folder of ``wins build``: the folders it refuses (touching nothing), the
manifest that limits what it may replace or remove, and byte-identical rebuilds."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MakeVault, RunCli, write_files
from site_support import MANIFEST, TODAY, build, read_html, read_site, snapshot

import wins_md.site.build
import wins_md.store.atomic

VAULT = {
    "wins.toml": 'title = "Output tests"\n',
    "goals/alpha.md": "---\ntitle: Alpha\n---\n- [ ] First step\n",
    "goals/beta.md": "---\ntitle: Beta\n---\n- [ ] First step\n",
    "journal/2026/2026-11-20.md": "## Wins\n- [x] Alpha win [[alpha]] ^a1\n- Beta win [[beta]]\n",
    "journal/2026/2026-11-22.md": "- [x] Followed up [[#^a1]] #momentum\n",
}

# Each case arranges the folders under tmp_path and returns the --out argument (None
# for the configured output folder) and the folder whose whole tree must stay untouched.
Arrange = Callable[[Path, Path], tuple[Path | None, Path]]


def _the_vault(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    return vault, tmp


def _a_parent_of_the_vault(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    return tmp, tmp


def _the_home_folder(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    home = Path(os.environ["HOME"])
    write_files(home, {"notes.txt": "mine\n"})
    return home, tmp


def _an_empty_home_folder(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    return Path(os.environ["HOME"]), tmp


def _a_folder_that_contains_home(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    return Path(os.environ["HOME"]).parent, tmp


def _a_vault_folder_that_is_not_output_dir(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    return vault / "journal", tmp


def _a_new_vault_folder_that_is_not_output_dir(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    return vault / "public", tmp


def _a_subfolder_of_output_dir(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    return vault / "site" / "deeper", tmp


def _a_folder_with_foreign_files(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    write_files(tmp / "elsewhere", {"index.html": "<p>my own page</p>\n", "cv.pdf": b"%PDF"})
    return tmp / "elsewhere", tmp


def _a_folder_with_a_foreign_empty_file(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    write_files(tmp / "elsewhere", {"sub/keep": b""})
    return tmp / "elsewhere", tmp


def _output_dir_is_a_symlink_out_of_the_vault(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    (tmp / "outside").mkdir()
    (vault / "site").symlink_to(tmp / "outside", target_is_directory=True)
    return None, tmp


def _output_dir_reached_through_a_symlink(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    (tmp / "outside").mkdir()
    (vault / "link").symlink_to(tmp / "outside", target_is_directory=True)
    (vault / "wins.toml").write_text('output_dir = "link/site"\n', "utf-8")
    return None, tmp


def _output_dir_is_a_symlink_inside_the_vault(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    (vault / "real-site").mkdir()
    (vault / "site").symlink_to(vault / "real-site", target_is_directory=True)
    return None, tmp


def _out_is_a_symlink_to_the_vault(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    (tmp / "link").symlink_to(vault, target_is_directory=True)
    return tmp / "link", tmp


def _output_dir_is_a_file(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    (vault / "site").write_text("not a folder\n", "utf-8")
    return None, tmp


def _output_dir_in_a_foreign_folder(tmp: Path, vault: Path) -> tuple[Path | None, Path]:
    write_files(vault, {"site/draft.md": "- [x] not a site file\n"})
    return None, tmp


REFUSED: dict[str, tuple[Arrange, str]] = {
    "the-vault": (_the_vault, "the vault itself"),
    "a-parent-of-the-vault": (_a_parent_of_the_vault, "contains the vault"),
    "the-home-folder": (_the_home_folder, "home folder"),
    "an-empty-home-folder": (_an_empty_home_folder, "home folder"),
    "a-folder-that-contains-home": (_a_folder_that_contains_home, "home folder"),
    "a-vault-folder-not-output-dir": (_a_vault_folder_that_is_not_output_dir, "output_dir"),
    "a-new-vault-folder-not-output-dir": (_a_new_vault_folder_that_is_not_output_dir, "output_dir"),
    "a-subfolder-of-output-dir": (_a_subfolder_of_output_dir, "output_dir"),
    "foreign-files": (_a_folder_with_foreign_files, "cv.pdf, index.html"),
    "a-foreign-empty-file": (_a_folder_with_a_foreign_empty_file, "sub/keep"),
    "output-dir-symlink-out-of-vault": (_output_dir_is_a_symlink_out_of_the_vault, "symlink"),
    "output-dir-through-a-symlink": (_output_dir_reached_through_a_symlink, "symlink"),
    "output-dir-symlink-inside-vault": (_output_dir_is_a_symlink_inside_the_vault, "symlink"),
    "out-a-symlink-to-the-vault": (_out_is_a_symlink_to_the_vault, "the vault itself"),
    "output-dir-is-a-file": (_output_dir_is_a_file, "is a file, not a folder"),
    "output-dir-holds-foreign-files": (_output_dir_in_a_foreign_folder, "draft.md"),
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of its own, next to (not around) the vault."""
    folder = tmp_path / "people" / "ana"
    folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    return folder


@pytest.mark.parametrize("case", REFUSED)
def test_a_dangerous_output_folder_is_refused_and_nothing_is_touched(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, home: Path, case: str
) -> None:
    vault = make_vault(VAULT)
    arrange, reason = REFUSED[case]
    out, watched = arrange(tmp_path, vault)
    before = snapshot(watched)
    args = ["build", "--today", TODAY, *(["--out", str(out)] if out is not None else [])]
    result = run_cli(vault, *args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: refusing to build into "), result.output
    assert reason in result.output
    assert snapshot(watched) == before


def test_a_file_given_as_out_is_a_usage_error_that_touches_nothing(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    (tmp_path / "file.txt").write_text("mine\n", "utf-8")
    before = snapshot(tmp_path)
    result = build(run_cli, vault, tmp_path / "file.txt")
    assert result.exit_code == 2
    assert "is a file" in result.output
    assert snapshot(tmp_path) == before


def test_the_root_folder_is_refused_before_anything_is_read_or_written(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = make_vault(VAULT)
    before = snapshot(tmp_path)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build went on after the check")

    # Should the check ever let / through, fail instead of writing or walking there.
    monkeypatch.setattr(wins_md.site.build, "write_site", never)
    monkeypatch.setattr(wins_md.site.build, "load_vault", never)
    monkeypatch.setattr(wins_md.store.atomic, "write_atomic", never)
    monkeypatch.setattr(os, "walk", never)
    result = build(run_cli, vault, Path("/"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: refusing to build into /: "), result.output
    assert not Path("/", MANIFEST).exists()
    monkeypatch.undo()
    assert snapshot(tmp_path) == before


def test_the_configured_output_folder_and_an_empty_outside_folder_are_accepted(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, home: Path
) -> None:
    vault = make_vault(VAULT)
    assert run_cli(vault, "build", "--today", TODAY).exit_code == 0
    assert (vault / "site" / "index.html").is_file()
    (tmp_path / "empty").mkdir()
    assert build(run_cli, vault, tmp_path / "empty").exit_code == 0
    assert build(run_cli, vault, home / "site").exit_code == 0
    assert sorted(read_site(tmp_path / "empty")) == [
        "feed.xml",
        "goals/alpha.html",
        "goals/beta.html",
        "index.html",
        "wins.json",
    ]


# --- The manifest -----------------------------------------------------------------------


def _manifest(out: Path) -> dict[str, str]:
    files: dict[str, str] = json.loads((out / MANIFEST).read_text("utf-8"))["files"]
    return files


def test_files_the_site_no_longer_has_are_removed_and_only_those(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    out = tmp_path / "out"
    assert build(run_cli, vault, out).exit_code == 0
    assert "goals/beta.html" in _manifest(out)
    (vault / "goals/beta.md").unlink()
    result = build(run_cli, vault, out)
    assert result.exit_code == 0, result.output
    assert "1 removed" in result.output
    assert not (out / "goals/beta.html").exists()
    assert (out / "goals/alpha.html").is_file()
    assert set(_manifest(out)) == set(read_site(out))


def test_an_emptied_goals_folder_is_removed_with_its_last_page(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    out = tmp_path / "out"
    assert build(run_cli, vault, out).exit_code == 0
    (vault / "goals/alpha.md").unlink()
    (vault / "goals/beta.md").unlink()
    assert build(run_cli, vault, out).exit_code == 0
    assert not (out / "goals").exists()


def test_a_foreign_file_next_to_the_sites_files_is_refused_and_nothing_is_deleted(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    out = tmp_path / "out"
    assert build(run_cli, vault, out).exit_code == 0
    write_files(out, {"goals/notes.txt": "mine\n"})
    (vault / "goals/beta.md").unlink()  # the next build would remove goals/beta.html
    before = snapshot(tmp_path / "out")
    result = build(run_cli, vault, out)
    assert result.exit_code == 1
    assert "goals/notes.txt" in result.output
    assert snapshot(tmp_path / "out") == before


def test_a_site_file_replaced_by_a_symlink_is_refused(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    out = tmp_path / "out"
    assert build(run_cli, vault, out).exit_code == 0
    write_files(tmp_path, {"precious/alpha.html": "mine\n"})
    shutil.rmtree(out / "goals")
    (out / "goals").symlink_to(tmp_path / "precious", target_is_directory=True)
    (vault / "goals/alpha.md").unlink()
    before = snapshot(tmp_path)
    result = build(run_cli, vault, out)
    assert result.exit_code == 1
    assert "goals" in result.output
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "listed",
    [
        "../outside.txt",
        "goals/../../outside.txt",
        "ABSOLUTE",
        "./index.html",
        "goals//alpha.html",
        MANIFEST,
    ],
)
def test_a_tampered_manifest_never_deletes_outside_the_output_folder(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, listed: str
) -> None:
    vault = make_vault(VAULT)
    out = tmp_path / "out"
    assert build(run_cli, vault, out).exit_code == 0
    write_files(tmp_path, {"outside.txt": "mine\n", "absolute.txt": "mine too\n"})
    path = str(tmp_path / "absolute.txt") if listed == "ABSOLUTE" else listed
    document = json.loads((out / MANIFEST).read_text("utf-8"))
    document["files"][path] = "0" * 64
    (out / MANIFEST).write_text(json.dumps(document), "utf-8")
    before = snapshot(tmp_path)
    result = build(run_cli, vault, out)
    assert result.exit_code == 1
    assert "is not a file inside the output folder" in result.output
    assert snapshot(tmp_path) == before


# --- Determinism --------------------------------------------------------------------------


def test_two_builds_of_the_same_vault_are_byte_identical(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    assert build(run_cli, vault, tmp_path / "one").exit_code == 0
    assert build(run_cli, vault, tmp_path / "two", "--no-cache").exit_code == 0
    one, two = read_site(tmp_path / "one"), read_site(tmp_path / "two")
    assert sorted(one) == [
        "feed.xml",
        "goals/alpha.html",
        "goals/beta.html",
        "index.html",
        "wins.json",
    ]
    assert one == two
    assert (tmp_path / "one" / MANIFEST).read_bytes() == (tmp_path / "two" / MANIFEST).read_bytes()


def test_source_date_epoch_sets_the_time_shown(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    epoch = {"SOURCE_DATE_EPOCH": "1795000000"}  # 2026-11-18 11:06:40 UTC
    assert build(run_cli, vault, tmp_path / "one", env=epoch).exit_code == 0
    site = read_site(tmp_path / "one")
    footer = read_html(site["index.html"].decode()).text
    assert "Updated 2026-11-18 11:06 UTC" in footer
    assert json.loads(site["wins.json"])["updated"] == "2026-11-18 11:06 UTC"
    assert "Updated 2026-11-18 11:06 UTC" in read_html(site["goals/alpha.html"].decode()).text


def test_with_source_date_epoch_the_time_shown_does_not_follow_the_build_date(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    epoch = {"SOURCE_DATE_EPOCH": "1795000000"}
    first = run_cli(
        vault, "build", "--out", str(tmp_path / "one"), "--today", "2026-11-22", env=epoch
    )
    second = run_cli(
        vault, "build", "--out", str(tmp_path / "two"), "--today", "2026-11-23", env=epoch
    )
    assert first.exit_code == second.exit_code == 0
    one, two = read_site(tmp_path / "one"), read_site(tmp_path / "two")
    assert json.loads(one["wins.json"]) == json.loads(two["wins.json"])
    assert one["feed.xml"] == two["feed.xml"]


def test_a_bad_source_date_epoch_is_refused_before_writing(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    result = build(run_cli, vault, tmp_path / "out", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH='yesterday' is not a Unix timestamp" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "no-cache"])
def test_a_rebuild_with_nothing_changed_rewrites_no_file(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, cache: list[str]
) -> None:
    vault = make_vault(VAULT)
    out = tmp_path / "out"
    assert build(run_cli, vault, out).exit_code == 0
    before = snapshot(out)
    result = build(run_cli, vault, out, *cache)
    assert result.exit_code == 0
    assert "0 written" in result.output or "up to date" in result.output
    assert snapshot(out) == before


def test_a_rebuild_rewrites_only_the_files_that_changed(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(VAULT)
    out = tmp_path / "out"
    assert build(run_cli, vault, out).exit_code == 0
    before = snapshot(out)
    (vault / "goals/beta.md").write_text("---\ntitle: Beta, renamed\n---\n- [ ] Step\n", "utf-8")
    result = build(run_cli, vault, out, "--no-cache")
    assert result.exit_code == 0, result.output
    after = snapshot(out)
    changed = {path for path in after if after[path] != before.get(path)}
    assert "goals/beta.html" in changed
    assert "goals/alpha.html" not in changed


@pytest.mark.parametrize(
    ("setting", "output_dir"),
    [
        ("journal_dir", "journal"),
        ("journal_dir", "journal/site"),
        ("goals_dir", "goals"),
        ("reviews_dir", "reviews/out"),
        ("templates_dir", "templates"),
    ],
)
def test_an_output_folder_in_a_notes_folder_is_refused_even_when_empty(
    make_vault: MakeVault, run_cli: RunCli, setting: str, output_dir: str
) -> None:
    root = make_vault({"wins.toml": f'output_dir = "{output_dir}"\n', "notes/a.md": "- [x] A\n"})
    before = snapshot(root)
    result = run_cli(root, "build", "--today", TODAY)
    assert result.exit_code == 1
    assert f"it is {setting}" in result.output and "or inside it" in result.output
    assert snapshot(root) == before  # nothing written, not even the folder

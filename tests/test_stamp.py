"""``wins stamp``: each tick's day written into its note, byte for byte where the
vault's tools write it, and nothing else changed (line endings, a BOM, callouts, a
Logseq outline); twice changes nothing; unticking takes back only wins-md's date."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from conftest import MakeVault, RunCli

NOTE = "journal/2026/2026-02-10.md"
LOGSEQ_NOTE = "journals/2026_02_10.md"


def saved(path: Path, day: str, hour: int = 10) -> None:
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)).timestamp()
    os.utime(path, (moment, moment))


def edit(path: Path, old: str, new: str, day: str) -> None:
    """Change the note as an editor would, saved on ``day``."""
    content = path.read_bytes().decode("utf-8")
    assert old in content
    path.write_bytes(content.replace(old, new, 1).encode("utf-8"))
    saved(path, day)


def stamp(run_cli: RunCli, root: Path, today: str, *args: str) -> tuple[str, str]:
    result = run_cli(root, "stamp", *args, "--today", today)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def seen_open(make_vault: MakeVault, run_cli: RunCli, files: dict[str, str | bytes]) -> Path:
    """A vault whose open tasks wins-md has seen (on 2026-03-01), notes saved before."""
    root = make_vault(files)
    for rel in files:
        saved(root / rel, "2026-02-28")
    assert stamp(run_cli, root, "2026-03-01") == ("", "Nothing to stamp.\n")
    return root


DAILY = (
    "---\ndate: 2026-02-10\n---\n## Wins\n"
    "- [x] Wrote a page\n"
    "- [ ] Call the bank #money ^bank\n"
    "> [!todo] Later\n"
    "> - [ ] Book the dentist [[health]]\n"
    "- [ ] Call the bank\n"
    "    - [ ] Nested step\n"
    "no final newline"
)
STAMPED = (
    "---\ndate: 2026-02-10\n---\n## Wins\n"
    "- [x] Wrote a page\n"
    "- [x] Call the bank #money ✅ 2026-03-05 ^bank\n"
    "> [!todo] Later\n"
    "> - [x] Book the dentist [[health]] ✅ 2026-03-05\n"
    "- [ ] Call the bank\n"
    "    - [x] Nested step ✅ 2026-03-05\n"
    "no final newline"
)


def tick_three(path: Path) -> None:
    content = path.read_bytes().decode("utf-8")
    for text in ("Call the bank #money", "Book the dentist", "Nested step"):
        content = content.replace(f"[ ] {text}", f"[x] {text}", 1)
    path.write_bytes(content.encode("utf-8"))
    saved(path, "2026-03-05")


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("plain", DAILY, STAMPED),
        ("crlf", DAILY.replace("\n", "\r\n"), STAMPED.replace("\n", "\r\n")),
        ("bom", "\ufeff" + DAILY, "\ufeff" + STAMPED),
    ],
)
def test_the_done_date_goes_where_the_tasks_plugin_writes_it(
    make_vault: MakeVault, run_cli: RunCli, name: str, before: str, after: str
) -> None:
    root = seen_open(make_vault, run_cli, {"wins.toml": "", NOTE: before.encode("utf-8")})
    tick_three(root / NOTE)
    out, err = stamp(run_cli, root, "2026-03-08")
    assert out.splitlines() == [
        f"{NOTE}:6: wrote ✅ 2026-03-05 (ticked; the note was saved that day)",
        f"{NOTE}:8: wrote ✅ 2026-03-05 (ticked; the note was saved that day)",
        f"{NOTE}:10: wrote ✅ 2026-03-05 (ticked; the note was saved that day)",
    ]
    assert err == "Changed 3 done dates in 1 note.\n"
    assert (root / NOTE).read_bytes() == after.encode("utf-8")
    # Twice changes nothing, not even the file's time.
    state = (root / NOTE).stat()
    assert stamp(run_cli, root, "2026-03-09") == ("", "Nothing to stamp.\n")
    assert (root / NOTE).stat().st_mtime_ns == state.st_mtime_ns
    listed = json.loads(run_cli(root, "list", "--format", "json", "--today", "2026-03-09").stdout)
    assert [(w["title"], w["date"]) for w in listed] == [
        ("Wrote a page", "2026-02-10"),
        ("Call the bank", "2026-03-05"),
        ("Book the dentist", "2026-03-05"),
        ("Nested step no final newline", "2026-03-05"),  # a lazy continuation line
    ]


def test_unticking_takes_back_only_the_date_wins_md_wrote(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    note = "notes/launch.md"
    root = seen_open(
        make_vault,
        run_cli,
        {"wins.toml": "", note: "- [ ] Write the intro\n- [ ] Ship it\n- [ ] Tell Ana\n"},
    )
    edit(root / note, "[ ] Write", "[x] Write", "2026-03-03")
    edit(root / note, "[ ] Ship it", "[x] Ship it ✅ 2026-03-02", "2026-03-03")  # the user's
    stamp(run_cli, root, "2026-03-04")
    assert (root / note).read_text("utf-8") == (
        "- [x] Write the intro ✅ 2026-03-03\n- [x] Ship it ✅ 2026-03-02\n- [ ] Tell Ana\n"
    )
    edit(root / note, "[x] Write", "[ ] Write", "2026-03-05")
    edit(root / note, "[x] Ship", "[ ] Ship", "2026-03-05")
    out, _ = stamp(run_cli, root, "2026-03-06")
    assert out == "notes/launch.md:1: took out ✅ 2026-03-03 (the task was unticked)\n"
    assert (root / note).read_text("utf-8") == (
        "- [ ] Write the intro\n- [ ] Ship it ✅ 2026-03-02\n- [ ] Tell Ana\n"
    )
    # Ticked again before wins-md took its date back: the new tick's day replaces it.
    edit(root / note, "[ ] Tell Ana", "[x] Tell Ana", "2026-03-07")
    stamp(run_cli, root, "2026-03-08")
    edit(root / note, "[x] Tell Ana", "[ ] Tell Ana", "2026-03-09")
    stamp(run_cli, root, "2026-03-09", "--ledger-only")
    edit(root / note, "[ ] Tell Ana", "[x] Tell Ana", "2026-03-10")
    out, _ = stamp(run_cli, root, "2026-03-11")
    assert out == "notes/launch.md:3: wrote ✅ 2026-03-10 (ticked; the note was saved that day)\n"
    assert (root / note).read_text("utf-8").endswith("- [x] Tell Ana ✅ 2026-03-10\n")


def test_dataview_style_when_the_tasks_plugin_or_the_vault_writes_it(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    plugin = ".obsidian/plugins/obsidian-tasks-plugin/data.json"
    root = seen_open(
        make_vault,
        run_cli,
        {plugin: '{"taskFormat": "dataview"}', "notes/a.md": "- [ ] Ship it ^ship\n"},
    )
    edit(root / "notes/a.md", "[ ]", "[x]", "2026-03-03")
    stamp(run_cli, root, "2026-03-04")
    assert (root / "notes/a.md").read_text("utf-8") == (
        "- [x] Ship it [completion:: 2026-03-03] ^ship\n"
    )
    # Without the plugin's word, the vault's own done dates decide.
    (root / plugin).unlink()
    (root / "notes/b.md").write_text(
        "- [x] Old [completion:: 2026-01-02]\n- [x] Older [completion:: 2026-01-01]\n"
        "- [x] Oldest ✅ 2026-01-01\n- [ ] New\n",
        "utf-8",
    )
    saved(root / "notes/b.md", "2026-03-04")
    stamp(run_cli, root, "2026-03-04")
    edit(root / "notes/b.md", "[ ] New", "[x] New", "2026-03-05")
    stamp(run_cli, root, "2026-03-06")
    assert (
        (root / "notes/b.md").read_text("utf-8").endswith("- [x] New [completion:: 2026-03-05]\n")
    )


@pytest.mark.parametrize(
    ("title_format", "written"),
    [
        (None, "completed:: [[Mar 5th, 2026]]"),
        ("yyyy-MM-dd", "completed:: [[2026-03-05]]"),
        ("EEEE, dd.MM.yyyy", "completed:: [[Thursday, 05.03.2026]]"),
        ("do MMMM yyyy", "completed:: [[5th March 2026]]"),
        ("dd-MM-yyyy", "completed:: 2026-03-05"),  # 03-05 or 05-03? Not a page name then
    ],
)
def test_a_logseq_block_gets_a_completed_property_in_the_graph_date_format(
    make_vault: MakeVault, run_cli: RunCli, title_format: str | None, written: str
) -> None:
    edn = "{:meta/version 1\n :journal/page-title-format " + f'"{title_format}"' + "}\n"
    page = (
        "- TODO Call the bank\n  id:: 6571\n- DONE Wrote a page\n"
        "\t- LATER Book the dentist\n\t  :LOGBOOK:\n\t  CLOCK: [2026-02-10 Tue 10:00]\n\t  :END:\n"
        "- NOW Ship it"
    )
    root = seen_open(
        make_vault,
        run_cli,
        {
            "logseq/config.edn": edn if title_format else "{:meta/version 1}\n",
            LOGSEQ_NOTE: page,
        },
    )
    path = root / LOGSEQ_NOTE
    content = path.read_text("utf-8")
    for old in ("TODO Call", "LATER Book", "NOW Ship"):
        content = content.replace(old, "DONE" + old[old.index(" ") :])
    path.write_text(content, "utf-8")
    saved(path, "2026-03-05")
    stamp(run_cli, root, "2026-03-06")
    assert path.read_text("utf-8") == (
        f"- DONE Call the bank\n  {written}\n  id:: 6571\n- DONE Wrote a page\n"
        f"\t- DONE Book the dentist\n\t  {written}\n\t  :LOGBOOK:\n"
        "\t  CLOCK: [2026-02-10 Tue 10:00]\n\t  :END:\n"
        f"- DONE Ship it\n  {written}"
    )
    listed = json.loads(run_cli(root, "list", "--format", "json", "--today", "2026-03-06").stdout)
    assert [(w["title"], w["date"]) for w in listed] == [
        ("Wrote a page", "2026-02-10"),
        ("Call the bank", "2026-03-05"),
        ("Book the dentist", "2026-03-05"),
        ("Ship it", "2026-03-05"),
    ]
    # Unticked in Logseq: the property wins-md added goes, and the page is as it was.
    content = path.read_text("utf-8").replace("DONE Call", "TODO Call")
    path.write_text(content, "utf-8")
    saved(path, "2026-03-07")
    stamp(run_cli, root, "2026-03-08")
    assert path.read_text("utf-8").startswith("- TODO Call the bank\n  id:: 6571\n- DONE Wrote")


def test_a_note_changed_a_moment_ago_is_stamped_later(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = seen_open(make_vault, run_cli, {"wins.toml": "", "notes/a.md": "- [ ] Ship it\n"})
    (root / "notes/a.md").write_text("- [x] Ship it\n", "utf-8")  # its editor may save again
    out, err = stamp(run_cli, root, "2026-03-04")
    assert out == ""
    assert err == (
        "notes/a.md: changed in the last 3 seconds; not stamped yet (run wins stamp again)\n"
        "Nothing to stamp.\n"
    )
    assert (root / "notes/a.md").read_text("utf-8") == "- [x] Ship it\n"
    assert "\t2026-03-04\tseen\t-\n" in (root / "wins-ledger.txt").read_text("utf-8")
    saved(root / "notes/a.md", "2026-03-04", hour=9)
    stamp(run_cli, root, "2026-03-04")
    assert (root / "notes/a.md").read_text("utf-8") == "- [x] Ship it ✅ 2026-03-04\n"


def test_a_date_that_would_change_the_note_is_not_written(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    """The first line ends inside a code span that closes on the next line: a date added
    there would be code, not a done date. The note is left as it is."""
    note = "- [ ] Run `make\n  all` again\n"
    root = seen_open(make_vault, run_cli, {"wins.toml": "", "notes/a.md": note})
    edit(root / "notes/a.md", "[ ]", "[x]", "2026-03-03")
    result = run_cli(root, "stamp", "--today", "2026-03-04")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: notes/a.md: cannot write done dates without changing the rest of the file; "
        "add '✅ 2026-03-03' by hand"
    )
    assert (root / "notes/a.md").read_text("utf-8") == note.replace("[ ]", "[x]")


def test_dry_run_writes_nothing(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = seen_open(make_vault, run_cli, {"wins.toml": "", "notes/a.md": "- [ ] Ship it\n"})
    ledger = (root / "wins-ledger.txt").read_bytes()
    edit(root / "notes/a.md", "[ ]", "[x]", "2026-03-03")
    out, err = stamp(run_cli, root, "2026-03-04", "--dry-run")
    assert out == "notes/a.md:1: would write ✅ 2026-03-03 (ticked; the note was saved that day)\n"
    assert err == "Would change 1 done date in 1 note.\n"
    assert (root / "notes/a.md").read_text("utf-8") == "- [x] Ship it\n"
    assert (root / "wins-ledger.txt").read_bytes() == ledger

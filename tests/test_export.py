"""``wins export``: every format read back by a real consumer (the JSON Schema, the
``csv`` module, SQL, icalendar), the same wins as ``wins list`` with the same
filters, from the list index as from a full read, and files written whole."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import subprocess
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest

from tests.conftest import MakeVault, RunCli, write_files
from tests.site_support import build
from tests.store_support import read_store, write_store
from tests.test_listing import NOTES, QUERIES, age, index_file
from wins_md.resources import schema_path
from wins_md.store.lines import trailer

TODAY = "2026-11-22"
VAULT = {
    "wins.toml": 'title = "Exports"\n',
    "goals/novel.md": "---\ntitle: Draft the novel\nmetric: words\ntarget: 1000\n---\n",
    "goals/career.md": (
        "---\ntitle: New career\nstarted: 2026-09-01\n---\n## Milestones\n"
        "- [x] Portfolio ✅ 2026-10-02\n- [ ] Ten applications\n"
    ),
    "goals/portfolio.md": "---\ntitle: Portfolio pieces\nparent: career\n---\n",
    "journal/2026/2026-10-05.md": (
        "---\ntags: [writing]\n---\n## Wins\n- [x] Wrote the opening words:: 300 [[novel]]\n"
        "- [x] Sketched a case study [[portfolio]] #design ^sketch\n"
    ),
    "journal/2026/2026-10-19.md": "- [x] Wrote a chapter words:: 450 [[novel]] #writing\n",
    "journal/2026/2026-11-20.md": (
        "## Wins\n- [x] Sent the CV [[career]] #job ^cv\n"
        "- [x] Finished the case study [[2026-10-05#^sketch]] [[portfolio]] #design\n"
        "- [x] Asked for help #help\n"
        "- [x] Told nobody #private [[novel]] words:: 5000\n"
    ),
    "journal/2026/2026-11-22.md": (
        "## Wins\n- [x] Said no to the extra project #assertiveness stretch:: 3\n"
        "- [x] Wrote 200 words words:: 200 [[novel]] #writing [[#^cv]]\n"
    ),
}
FORMULAS = {
    "journal/2026/2026-11-21.md": (
        '## Wins\n- [x] =HYPERLINK("http://example.invalid","x") #sheet\n'
        "- [x] +1 more call #sheet\n- [x] -5 kg this month #sheet\n"
        "- [x] @SUM(A1:A9) #sheet\n- [x] Plain win #sheet\n"
    ),
}


@pytest.fixture
def vault(make_vault: MakeVault) -> Path:
    root = make_vault(VAULT)
    age(root)
    return root


def export(run_cli: RunCli, root: Path, *args: str, env: dict[str, str] | None = None) -> bytes:
    """What ``wins export ARGS --today TODAY`` prints, as bytes."""
    result = run_cli(root, "export", *args, "--today", TODAY, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def listed(run_cli: RunCli, root: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli(root, "list", "--format", "json", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path().read_text("utf-8"))
    return loaded


# --- json and jsonl -----------------------------------------------------------------


def test_json_is_the_sites_wins_json_and_valid_against_its_schema(
    vault: Path, run_cli: RunCli, tmp_path: Path, schema: dict[str, Any]
) -> None:
    assert build(run_cli, vault, tmp_path / "site").exit_code == 0
    published = (tmp_path / "site" / "wins.json").read_bytes()
    first = export(run_cli, vault, "--format", "json")  # a full read, which writes the index
    assert index_file(vault).is_file()
    assert export(run_cli, vault, "--format", "json") == first  # from the index
    assert export(run_cli, vault, "--format", "json", "--no-cache") == first
    assert first == published  # byte for byte
    document = json.loads(first)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["wins"] == listed(run_cli, vault)
    novel = next(goal for goal in document["goals"] if goal["slug"] == "novel")
    assert novel["value"] == 950.0  # the private win's 5,000 words are not counted
    career = next(goal for goal in document["goals"] if goal["slug"] == "career")
    assert (career["done"], career["total"], career["last_win"]) == (1, 2, "2026-11-20")


def test_json_takes_the_build_time_from_source_date_epoch(vault: Path, run_cli: RunCli) -> None:
    env = {"SOURCE_DATE_EPOCH": "1795000000"}
    document = json.loads(export(run_cli, vault, "--format", "json", env=env))
    assert document["updated"] == "2026-11-18 11:06 UTC"


def test_json_with_filters_holds_the_wins_chosen_and_every_goal(
    vault: Path, run_cli: RunCli, schema: dict[str, Any]
) -> None:
    for _ in range(2):  # a full read, then the index
        document = json.loads(export(run_cli, vault, "--format", "json", "--goal", "career"))
        jsonschema.Draft202012Validator(schema).validate(document)
        assert document["wins"] == listed(run_cli, vault, "--goal", "career")
        assert {goal["slug"] for goal in document["goals"]} == {"novel", "career", "portfolio"}


def test_jsonl_is_one_win_of_the_schema_per_line(
    vault: Path, run_cli: RunCli, schema: dict[str, Any]
) -> None:
    win_schema = {**schema["$defs"]["win"], "$defs": schema["$defs"]}
    validator = jsonschema.Draft202012Validator(win_schema)
    for _ in range(2):  # a full read, then the index
        text = export(run_cli, vault, "--format", "jsonl").decode()
        assert text.endswith("\n") and "\n\n" not in text
        wins = [json.loads(line) for line in text.splitlines()]
        for win in wins:
            validator.validate(win)
        assert wins == listed(run_cli, vault)
    private = export(run_cli, vault, "--format", "jsonl", "--include-private").decode()
    assert [json.loads(line) for line in private.splitlines()] == listed(
        run_cli, vault, "--include-private"
    )


# --- csv ------------------------------------------------------------------------------


def test_csv_is_read_back_by_the_csv_module_with_formulas_neutralised(
    vault: Path, run_cli: RunCli
) -> None:
    write_files(vault, FORMULAS)
    age(vault)
    for _ in range(2):  # a full read, then the index
        text = export(run_cli, vault, "--format", "csv", "--tag", "sheet").decode()
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [row["title"] for row in rows] == [
            '\'=HYPERLINK("http://example.invalid","x")',
            "'+1 more call",
            "'-5 kg this month",
            "'@SUM(A1:A9)",
            "Plain win",
        ]
        assert all(row["text"][0] not in "=+-@" for row in rows)
    rows = list(csv.DictReader(io.StringIO(export(run_cli, vault, "--format", "csv").decode())))
    wins = listed(run_cli, vault)
    assert len(rows) == len(wins)
    for row, win in zip(rows, wins, strict=True):
        assert row["date"] == win["date"] and row["file"] == win["file"]
        assert row["line"] == str(win["line"]) and row["private"] == "false"
        assert row["tags"].split(";") == (win["tags"] or [""])  # a spreadsheet's one cell
        assert row["goals"] == ";".join(win["goals"])
        assert (json.loads(row["fields"]) if row["fields"] else {}) == win["fields"]
        assert row["id"] == (win["id"] or "")
    # wins list --format csv is the documented machine output: it stays as it was.
    result = run_cli(vault, "list", "--format", "csv", "--tag", "sheet", "--today", TODAY)
    assert list(csv.DictReader(io.StringIO(result.stdout)))[1]["title"] == "+1 more call"


# --- sqlite ---------------------------------------------------------------------------


def _counts(wins: list[dict[str, Any]]) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """Wins per goal per month, and per tag, counted in Python."""
    per_goal = Counter((goal, win["date"][:7]) for win in wins for goal in set(win["goals"]))
    per_tag = Counter(tag for win in wins for tag in set(win["tags"]))
    return per_goal, per_tag


def _sql_counts(db: Path) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    with sqlite3.connect(db) as connection:
        per_goal = connection.execute(
            "SELECT goal, strftime('%Y-%m', date), count(*) FROM win_goals "
            "JOIN wins ON wins.id = win_goals.win_id GROUP BY 1, 2"
        ).fetchall()
        per_tag = connection.execute("SELECT tag, count(*) FROM win_tags GROUP BY tag").fetchall()
    return Counter({(g, m): n for g, m, n in per_goal}), Counter(dict(per_tag))


@pytest.mark.parametrize("query", [[], ["--include-private"], ["--since", "2026-11-01"]])
def test_sqlite_answers_what_the_listing_answers(
    vault: Path, run_cli: RunCli, tmp_path: Path, query: list[str]
) -> None:
    db = tmp_path / "wins.db"
    result = run_cli(vault, "export", "--format", "sqlite", "-o", str(db), "--today", TODAY, *query)
    assert result.exit_code == 0, result.output
    wins = listed(run_cli, vault, *query)
    assert result.stderr.endswith(f"Wrote {len(wins)} wins to {db}\n")
    assert _sql_counts(db) == _counts(wins)
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT date, title, block_id, file, line FROM wins ORDER BY id"
        ).fetchall()
        assert rows == [(w["date"], w["title"], w["id"], w["file"], w["line"]) for w in wins]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_sqlite_has_keys_and_indexes_on_date_tag_and_goal(
    vault: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "wins.db"
    assert run_cli(vault, "export", "--format", "sqlite", "-o", str(db)).exit_code == 0
    with sqlite3.connect(db) as connection:
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        assert tables == {"wins", "goals", "entries", "win_tags", "win_goals"}

        def indexed(table: str) -> set[str]:
            names = [row[1] for row in connection.execute(f"PRAGMA index_list({table})")]
            return {
                info[2]
                for name in names
                for info in connection.execute(f"PRAGMA index_info({name})")
            }

        assert "date" in indexed("wins") and "date" in indexed("entries")
        assert "tag" in indexed("win_tags") and "goal" in indexed("win_goals")
        keys = {
            (table, row[3], row[2])
            for table in ("wins", "win_tags", "win_goals", "goals")
            for row in connection.execute(f"PRAGMA foreign_key_list({table})")
        }
        assert {("win_tags", "win_id", "wins"), ("win_goals", "goal", "goals")} <= keys
        assert ("wins", "file", "entries") in keys and ("goals", "parent", "goals") in keys
        goals = dict(connection.execute("SELECT slug, value FROM goals").fetchall())
        assert goals == {"novel": 950.0, "career": None, "portfolio": None}
        kinds = dict(connection.execute("SELECT file, kind FROM entries").fetchall())
        assert kinds["goals/novel.md"] == "goal" and kinds["journal/2026/2026-10-05.md"] == (
            "journal"
        )


def test_sqlite_needs_a_file(vault: Path, run_cli: RunCli) -> None:
    for args in ([], ["-o", "-"]):
        result = run_cli(vault, "export", "--format", "sqlite", *args)
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: --format sqlite writes a database file: name it with -o FILE\n"
        )
        assert result.stdout_bytes == b""


# --- ics ------------------------------------------------------------------------------


def _calendar(data: bytes) -> icalendar.Calendar:
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)  # folded, CRLF
    return icalendar.Calendar.from_ical(data)


def test_ics_has_one_all_day_event_per_day_with_stable_uids(vault: Path, run_cli: RunCli) -> None:
    calendar = _calendar(export(run_cli, vault, "--format", "ics"))
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])[:11]) == ("2.0", "-//wins-md/")
    events = calendar.walk("VEVENT")
    wins = listed(run_cli, vault)
    per_day = Counter(win["date"] for win in wins)
    assert [event.decoded("DTSTART").isoformat() for event in events] == sorted(per_day)
    for event in events:
        day = event.decoded("DTSTART")
        assert type(day) is dt.date  # an all-day event
        assert event.decoded("DTEND") == day + dt.timedelta(days=1)
        titles = [win["title"] for win in wins if win["date"] == day.isoformat()]
        count = len(titles)
        assert str(event["SUMMARY"]) == f"{count} win{'s' * (count != 1)}: {titles[0]}"
        assert str(event["DESCRIPTION"]).splitlines() == [f"• {title}" for title in titles]
        assert event["UID"] and event.decoded("DTSTAMP").tzinfo is not None
    uids = {event.decoded("DTSTART"): str(event["UID"]) for event in events}
    assert len(set(uids.values())) == len(uids)
    # A new win on another day: every day keeps its UID, so a calendar updates in place.
    write_files(vault, {"journal/2026/2026-11-21.md": "- [x] One more\n"})
    again = _calendar(export(run_cli, vault, "--format", "ics")).walk("VEVENT")
    kept = {event.decoded("DTSTART"): str(event["UID"]) for event in again}
    assert {day: kept[day] for day in uids} == uids and len(kept) == len(uids) + 1


def test_ics_of_a_day_at_the_end_of_the_calendar(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({"journal/9999-12-31.md": "- [x] The last day\n"})
    result = run_cli(root, "export", "--format", "ics", "--today", "9999-12-31")
    assert result.exit_code == 0, result.output
    (event,) = _calendar(result.stdout_bytes).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date.max and "DTEND" not in event  # one day


# --- the command ----------------------------------------------------------------------


FORMATS = ("json", "jsonl", "csv", "sqlite", "ics")


def test_the_formats_come_from_one_registry(run_cli: RunCli) -> None:
    from wins_md.export import FORMATS as registered
    from wins_md.export import exporter

    assert tuple(registered) == FORMATS
    assert {exporter(name).name for name in registered} == set(FORMATS)
    shown = run_cli(None, "export", "--help").stdout
    assert "[json|jsonl|csv|sqlite|ics]" in shown
    listed_help = run_cli(None, "list", "--help").stdout
    assert "[text|json|jsonl|csv]" in listed_help


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "ics"])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: " ".join(q) or "all")
def test_the_index_exports_what_a_full_read_exports(
    make_vault: MakeVault, run_cli: RunCli, query: list[str], fmt: str
) -> None:
    root = make_vault(NOTES)
    age(root)
    env = {"SOURCE_DATE_EPOCH": "1795000000"}
    args = ["--format", fmt, *query]
    expected = export(run_cli, root, *args, "--no-cache", env=env)
    assert export(run_cli, root, *args, env=env) == expected  # reads, writes the index
    assert index_file(root).is_file()
    assert export(run_cli, root, *args, env=env) == expected  # from the index


def _tamper(index: Path, change: Callable[[list[bytes]], None]) -> None:
    """Change the index's lines (not its header), then make its checksum match."""
    head, *lines, _ = read_store(index).split(b"\n")[:-1]
    change(lines)
    body = b"".join(line + b"\n" for line in lines)
    write_store(index, head + b"\n" + body + trailer(len(lines), zlib.crc32(body)))


def _bad_goal(lines: list[bytes]) -> None:
    tail = json.loads(lines[-1])
    tail["goal_records"][0][1][1] = 42  # a title that is not text
    lines[-1] = json.dumps(tail).encode()


def _bad_fields(lines: list[bytes]) -> None:
    number = next(n for n, line in enumerate(lines) if b'"words": 300' in line)
    lines[number] = lines[number].replace(b'"words": 300', b'"words": [300]')


@pytest.mark.parametrize("change", [_bad_goal, _bad_fields], ids=["goal", "fields"])
def test_goal_progress_from_a_damaged_index_is_read_from_the_vault(
    vault: Path, run_cli: RunCli, change: Callable[[list[bytes]], None]
) -> None:
    expected = export(run_cli, vault, "--format", "json", "--no-cache")
    export(run_cli, vault, "--format", "json")  # writes the index
    _tamper(index_file(vault), change)
    result = run_cli(vault, "export", "--format", "json", "--today", TODAY)
    assert (result.exit_code, result.stdout_bytes) == (0, expected)
    assert "list index .wins/list-index.json.gz was ignored" in result.stderr
    assert export(run_cli, vault, "--format", "json") == expected  # rebuilt


def test_the_filters_of_list_choose_the_same_wins(vault: Path, run_cli: RunCli) -> None:
    for query in (["--tag", "design"], ["--unaligned"], ["-n", "2"], ["--grep", "WROTE"]):
        text = export(run_cli, vault, "--format", "jsonl", *query).decode()
        assert [json.loads(line) for line in text.splitlines()] == listed(run_cli, vault, *query)


def test_a_file_is_written_whole_and_stdout_gets_the_same(
    vault: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "wins.csv"
    target.parent.mkdir()
    target.write_text("old\n")
    for fmt in ("json", "jsonl", "csv", "ics"):
        env = {"SOURCE_DATE_EPOCH": "1795000000"}
        result = run_cli(vault, "export", "--format", fmt, "-o", str(target), env=env)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert target.read_bytes() == export(run_cli, vault, "--format", fmt, env=env)
        assert target.read_bytes() == export(run_cli, vault, "--format", fmt, "-o", "-", env=env)
        assert sorted(path.name for path in target.parent.iterdir()) == ["wins.csv"]


def test_a_file_that_cannot_be_written_is_an_error(
    vault: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    target = blocker / "wins.json"
    result = run_cli(vault, "export", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {target}: cannot be written: ")
    assert "Traceback" not in result.output


def test_problems_are_counted_on_stderr(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({"journal/2026-11-20.md": "---\nprivate: maybe\n---\n- [x] A\n"})
    result = run_cli(root, "export", "--format", "jsonl")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "warning: 1 problem in the vault; run 'wins check' to see them\n"


def test_exporting_imports_only_the_format_asked_for(vault: Path) -> None:
    probe = (
        "import sys\n"
        "from wins_md.cli import main\n"
        f"sys.argv = ['wins', '--vault', {str(vault)!r}, 'export', '--format', 'jsonl']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stderr.split()
    assert "wins_md.export.as_jsonl" in loaded
    assert not {"icalendar", "sqlite3", "csv", "wins_md.export.as_csv"} & set(loaded)

"""No export names anything private without ``--include-private``: every case of the
private-leak matrix (tests/test_site_privacy.py), one test per format, and the
property of tests/test_public_view.py over generated vaults: each format exports
exactly the wins the site publishes."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import RunCli, write_files
from tests.site_support import TODAY, build, read_site
from tests.test_public_view import VAULTS, GenGoal, GenNote, _age, _vault_files
from tests.test_site_privacy import CASES, PUBLIC_WINS, _case_files


def _export(run_cli: RunCli, root: Path, fmt: str, out: Path, *args: str) -> bytes:
    """The export in ``fmt`` (through a file: sqlite needs one), as bytes."""
    result = run_cli(root, "export", "--format", fmt, "-o", str(out), "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _sqlite_text(path: Path) -> str:
    """Every row and name of the database, as SQL text."""
    with sqlite3.connect(path) as connection:
        return "\n".join(connection.iterdump())


def _ics_text(data: bytes) -> str:
    """The calendar's text with folded lines joined back (a fold can split a word)."""
    return data.decode().replace("\r\n ", "")


def _leak_free(text: str, marker: str) -> None:
    assert marker not in text.lower()
    assert "secret-" not in text.lower(), "private text leaks"


def _vault(tmp_path: Path, case: str) -> tuple[Path, str]:
    with_private, _without = _case_files(case)
    root = write_files(tmp_path / "vault", with_private)
    return root, f"secret-{case}"


@pytest.mark.parametrize("case", CASES)
def test_a_json_export_names_nothing_private(run_cli: RunCli, tmp_path: Path, case: str) -> None:
    root, marker = _vault(tmp_path, case)
    for _ in range(2):  # a full read, then the list index
        data = _export(run_cli, root, "json", tmp_path / "wins.json").decode()
        _leak_free(data, marker)
        document = json.loads(data)
        assert len(document["wins"]) == PUBLIC_WINS
        assert [goal["slug"] for goal in document["goals"]] == ["public-goal"]


@pytest.mark.parametrize("case", CASES)
def test_a_jsonl_export_names_nothing_private(run_cli: RunCli, tmp_path: Path, case: str) -> None:
    root, marker = _vault(tmp_path, case)
    for _ in range(2):
        data = _export(run_cli, root, "jsonl", tmp_path / "wins.jsonl").decode()
        _leak_free(data, marker)
        assert len(data.splitlines()) == PUBLIC_WINS


@pytest.mark.parametrize("case", CASES)
def test_a_csv_export_names_nothing_private(run_cli: RunCli, tmp_path: Path, case: str) -> None:
    root, marker = _vault(tmp_path, case)
    for _ in range(2):
        data = _export(run_cli, root, "csv", tmp_path / "wins.csv").decode()
        _leak_free(data, marker)
        assert len(list(csv.DictReader(io.StringIO(data)))) == PUBLIC_WINS


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_a_sqlite_export_names_nothing_private(run_cli: RunCli, tmp_path: Path, case: str) -> None:
    root, marker = _vault(tmp_path, case)
    db = tmp_path / "wins.db"
    _export(run_cli, root, "sqlite", db)
    _leak_free(_sqlite_text(db), marker)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM wins").fetchone() == (PUBLIC_WINS,)
        goals = connection.execute("SELECT slug FROM goals").fetchall()
        assert goals == [("public-goal",)]
    everything = tmp_path / "everything.db"
    _export(run_cli, root, "sqlite", everything, "--include-private")
    assert marker in _sqlite_text(everything).lower()  # the search would find it


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_an_ics_export_names_nothing_private(run_cli: RunCli, tmp_path: Path, case: str) -> None:
    root, marker = _vault(tmp_path, case)
    for _ in range(2):
        data = _export(run_cli, root, "ics", tmp_path / "wins.ics")
        _leak_free(_ics_text(data), marker)
        events = icalendar.Calendar.from_ical(data).walk("VEVENT")
        assert sum(int(str(event["SUMMARY"]).split()[0]) for event in events) == PUBLIC_WINS


# --- the property: over generated vaults, every export holds what the site publishes ---


def _published_keys(wins: list[dict[str, Any]]) -> Counter[str]:
    return Counter(json.dumps(win, sort_keys=True, ensure_ascii=False) for win in wins)


@pytest.mark.slow
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(vault=VAULTS)
def test_every_export_holds_exactly_what_the_site_publishes(
    run_cli: RunCli, vault: tuple[tuple[GenGoal, ...], list[GenNote]]
) -> None:
    goals, notes = vault
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        root = write_files(base / "vault", _vault_files(goals, notes))
        _age(root)
        assert build(run_cli, root, base / "site").exit_code == 0
        site = read_site(base / "site")
        published = json.loads(site["wins.json"])
        everything = [
            json.loads(line)
            for line in _export(run_cli, root, "jsonl", base / "all.jsonl", "--include-private")
            .decode()
            .splitlines()
        ]
        hidden_ids = {w["id"] for w in everything if w["private"] and w["id"]} - {
            w["id"] for w in everything if not w["private"]
        }
        hidden_slugs = {"g0", "g1", "g2", "g3"} - {goal["slug"] for goal in published["goals"]}
        for _ in range(2):  # a full read, then the list index
            assert _export(run_cli, root, "json", base / "wins.json") == site["wins.json"]
            jsonl = _export(run_cli, root, "jsonl", base / "wins.jsonl").decode()
            wins = [json.loads(line) for line in jsonl.splitlines()]
            assert _published_keys(wins) == _published_keys(published["wins"])
            rows = list(
                csv.DictReader(io.StringIO(_export(run_cli, root, "csv", base / "w.csv").decode()))
            )
            assert [(r["date"], r["file"], r["line"]) for r in rows] == [
                (w["date"], w["file"], str(w["line"])) for w in published["wins"]
            ]
            ics = _export(run_cli, root, "ics", base / "wins.ics")
            days = {
                str(event.decoded("DTSTART")): int(str(event["SUMMARY"]).split()[0])
                for event in icalendar.Calendar.from_ical(ics).walk("VEVENT")
            }
            assert days == Counter(win["date"] for win in published["wins"])
            texts = [jsonl, "\n".join(r["text"] for r in rows), _ics_text(ics)]
            for text in texts:
                for name in hidden_ids:
                    assert not re.search(rf"\^{re.escape(name)}\b", text), name
                for slug in hidden_slugs:
                    assert f"Goal {slug}" not in text and f"[[{slug}]]" not in text
                    assert f"goal:: {slug}" not in text
        db = base / "wins.db"
        _export(run_cli, root, "sqlite", db)
        with sqlite3.connect(db) as connection:
            count = connection.execute("SELECT count(*) FROM wins").fetchone()[0]
            slugs = [slug for (slug,) in connection.execute("SELECT slug FROM goals")]
        assert count == len(published["wins"])
        assert sorted(slugs) == sorted(goal["slug"] for goal in published["goals"])
        dump = _sqlite_text(db)
        for slug in hidden_slugs:
            assert f"Goal {slug}" not in dump and f"goals/{slug}.md" not in dump
            assert f"[[{slug}]]" not in dump and f"goal:: {slug}" not in dump
        for name in hidden_ids:
            assert not re.search(rf"\^{re.escape(name)}\b", dump), name

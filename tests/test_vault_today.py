"""The vault's today: its timezone, never the system's, and the hour its day starts
(``day_start``), on a frozen clock (``WINS_NOW``) across daylight-saving changes and
at both ends of the world's time zones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest

from wins_md.live.watcher import Watcher

ROOT = Path(__file__).parent.parent
DEADLINE = 10.0


def toml(timezone: str, day_start: str | None = "04:00") -> str:
    start = f'day_start = "{day_start}"\n' if day_start else ""
    return f'timezone = "{timezone}"\n{start}'


# (timezone, the clock's instant, the vault's day): a minute before and at 04:00 on the
# wall clocks, on the days their clocks change and where the day comes first and last.
DAY_STARTS = [
    # Berlin springs forward at 01:00Z (02:00 CET -> 03:00 CEST): 04:00 is 02:00Z.
    ("Europe/Berlin", "2026-03-29T01:59:00Z", "2026-03-28"),
    ("Europe/Berlin", "2026-03-29T02:00:00Z", "2026-03-29"),
    # ... and falls back at 01:00Z (03:00 CEST -> 02:00 CET): 04:00 is 03:00Z.
    ("Europe/Berlin", "2026-10-25T02:59:00Z", "2026-10-24"),
    ("Europe/Berlin", "2026-10-25T03:00:00Z", "2026-10-25"),
    # Los Angeles springs forward at 10:00Z (02:00 PST -> 03:00 PDT): 04:00 is 11:00Z.
    ("America/Los_Angeles", "2026-03-08T10:59:00Z", "2026-03-07"),
    ("America/Los_Angeles", "2026-03-08T11:00:00Z", "2026-03-08"),
    # ... and falls back at 09:00Z (02:00 PDT -> 01:00 PST): 04:00 is 12:00Z.
    ("America/Los_Angeles", "2026-11-01T11:59:00Z", "2026-10-31"),
    ("America/Los_Angeles", "2026-11-01T12:00:00Z", "2026-11-01"),
    # UTC+14, the first to see a day, and UTC-11, among the last.
    ("Pacific/Kiritimati", "2026-03-28T13:59:00Z", "2026-03-28"),
    ("Pacific/Kiritimati", "2026-03-28T14:00:00Z", "2026-03-29"),
    ("Pacific/Pago_Pago", "2026-03-29T14:59:00Z", "2026-03-28"),
    ("Pacific/Pago_Pago", "2026-03-29T15:00:00Z", "2026-03-29"),
    # An offset other than Z names the same instant.
    ("Europe/Berlin", "2026-03-29T03:59:00+02:00", "2026-03-28"),
]


@pytest.mark.parametrize(("timezone", "now", "day"), DAY_STARTS)
def test_a_win_goes_to_the_day_that_has_started(
    make_vault, run_cli, timezone: str, now: str, day: str
) -> None:
    vault = make_vault({"wins.toml": toml(timezone)})
    added = run_cli(vault, "add", "Shipped it", env={"WINS_NOW": now})
    assert added.exit_code == 0, added.output
    path = Path(added.stdout.strip())
    assert path == vault / "journal" / day[:4] / f"{day}.md"
    assert "1st win today" in added.stderr  # the day it went to is today
    shown = run_cli(vault, "stats", env={"WINS_NOW": now})
    assert f"as of {day}\n" in shown.stdout
    new = run_cli(vault, "new", "--no-edit", env={"WINS_NOW": now})
    assert Path(new.stdout.strip()) == path


def test_without_day_start_the_day_starts_at_midnight(make_vault, run_cli) -> None:
    # At 12:00Z it is 02:00 on the 29th in Kiritimati and 01:00 on the 28th in Pago Pago.
    now = {"WINS_NOW": "2026-03-28T12:00:00Z"}
    for timezone, day in (("Pacific/Kiritimati", "29"), ("Pacific/Pago_Pago", "28")):
        vault = make_vault({"wins.toml": toml(timezone, None)})
        added = run_cli(vault, "add", "Up early", env=now)
        assert added.stdout.strip().endswith(f"2026-03-{day}.md"), (timezone, added.output)


def test_every_today_follows_the_day_start(make_vault, run_cli) -> None:
    """03:30 in Berlin on Sunday the 29th is still Saturday the 28th: a win dated the 29th
    waits for its day, and streaks count to the 28th."""
    vault = make_vault(
        {
            "wins.toml": toml("Europe/Berlin"),
            "journal/2026/2026-03-27.md": "- [x] Friday\n",
            "journal/2026/2026-03-28.md": "- [x] Saturday\n",
            "journal/2026/2026-03-29.md": "- [x] Sunday\n",
        }
    )
    env = {"WINS_NOW": "2026-03-29T01:30:00Z"}
    stats = json.loads(run_cli(vault, "stats", "--json", env=env).stdout)
    assert (stats["total_wins"], stats["current_streak"]) == (2, 2)
    check = run_cli(vault, "check", env=env)
    assert "win dated 2026-03-29, after today (2026-03-28)" in check.stdout
    listed = run_cli(vault, "list", "--format", "json", env=env)
    assert [win["date"] for win in json.loads(listed.stdout)] == ["2026-03-27", "2026-03-28"]
    later = {"WINS_NOW": "2026-03-29T02:00:00Z"}
    assert json.loads(run_cli(vault, "stats", "--json", env=later).stdout)["total_wins"] == 3


def test_relative_dates_count_from_the_vaults_today(make_vault, run_cli) -> None:
    """On Saturday the 28th at 03:30 (before the day starts): yesterday is Friday the
    27th, in --today, --date and DATE alike, whatever day the system thinks it is."""
    vault = make_vault({"wins.toml": toml("Europe/Berlin")})
    env = {"WINS_NOW": "2026-03-29T01:30:00Z"}
    shown = run_cli(vault, "stats", "--today", "yesterday", env=env)
    assert "as of 2026-03-27\n" in shown.stdout
    added = run_cli(vault, "add", "Late note", "--date", "-1", env=env)
    assert added.stdout.strip().endswith("2026-03-27.md"), added.output
    new = run_cli(vault, "new", "last monday", "--no-edit", env=env)
    assert new.stdout.strip().endswith("2026-03-23.md"), new.output
    listed = run_cli(vault, "list", "--since", "2 days ago", "--format", "json", env=env)
    assert [win["date"] for win in json.loads(listed.stdout)] == ["2026-03-27"]
    env_today = run_cli(vault, "stats", env={**env, "WINS_TODAY": "-2"})
    assert "as of 2026-03-26\n" in env_today.stdout


def run_wins(vault: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wins_md", "--vault", str(vault), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **env},
    )


def test_the_system_time_zone_is_never_used(make_vault) -> None:
    """The system is in Pago Pago, the vault in Kiritimati: a day apart at 12:00Z."""
    vault = make_vault({"wins.toml": toml("Pacific/Kiritimati", None)})
    env = {"TZ": "Pacific/Pago_Pago", "WINS_NOW": "2026-03-28T12:00:00Z"}
    added = run_wins(vault, "add", "Crossed the date line", env=env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip().endswith("2026-03-29.md")
    shown = run_wins(vault, "stats", "--today", "yesterday", env=env)
    assert "as of 2026-03-28\n" in shown.stdout, shown.stderr


def test_time_zones_work_without_a_system_time_zone_database(make_vault, tmp_path) -> None:
    """Where the system has no zone files, the tzdata package (a dependency) has them."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert any(name.startswith("tzdata") for name in dependencies["dependencies"])
    empty = tmp_path / "no-zoneinfo"
    empty.mkdir()
    vault = make_vault({"wins.toml": toml("Pacific/Kiritimati")})
    env = {"PYTHONTZPATH": str(empty), "WINS_NOW": "2026-03-28T14:00:00Z"}
    added = run_wins(vault, "add", "Still on time", env=env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip().endswith("2026-03-29.md")
    checked = run_wins(vault, "check", env=env)
    assert (checked.returncode, checked.stdout) == (0, ""), checked.stderr


@pytest.mark.parametrize(
    ("value", "start"),
    [('"04:00"', "04:00"), ('"4:30"', "04:30"), ("04:15:00", "04:15"), ('"12:00"', "12:00")],
)
def test_day_start_is_a_time_of_the_morning(make_vault, run_cli, value: str, start: str) -> None:
    from wins_md.config import load_config

    vault = make_vault({"wins.toml": f"day_start = {value}\n"})
    config = load_config(vault)
    assert (config.day_start, config.problems) == (start, ())


@pytest.mark.parametrize("value", ['"25:00"', '"13:00"', '"4"', '"04:60"', "4", '""'])
def test_a_bad_day_start_is_reported(make_vault, run_cli, value: str) -> None:
    vault = make_vault({"wins.toml": f'title = "x"\nday_start = {value}\n'})
    checked = run_cli(vault, "check")
    assert checked.stdout.splitlines()[0] == (
        'wins.toml:2: key \'day_start\': expected a time from "00:00" to "12:00", like "04:00"'
    )


def test_a_bad_frozen_clock_is_a_usage_error(make_vault, run_cli) -> None:
    vault = make_vault({})
    result = run_cli(vault, "stats", env={"WINS_NOW": "2026-03-29T01:30:00"})
    assert result.exit_code == 2
    assert "Error: WINS_NOW: '2026-03-29T01:30:00' is not an instant" in result.stderr


@pytest.mark.slow
def test_the_watcher_rebuilds_when_the_day_starts(make_vault, monkeypatch) -> None:
    """Not at midnight: at 04:00 on the vault's wall clocks (02:00Z in Berlin in summer)."""
    vault = make_vault({"wins.toml": toml("Europe/Berlin")})
    monkeypatch.setenv("WINS_NOW", "2026-03-29T01:59:00Z")  # 03:59 CEST, still the 28th
    watcher = Watcher(vault)
    watcher.start()
    loop = threading.Thread(target=watcher.loop, daemon=True)
    loop.start()
    try:
        index = (vault / "site" / "index.html").read_text("utf-8")
        assert 'datetime="2026-03-28"' in index
        monkeypatch.setenv("WINS_NOW", "2026-03-29T02:00:00Z")
        record = watcher.log.wait_for(2, DEADLINE)
        assert record is not None and record.changed == () and record.failure is None
        index = (vault / "site" / "index.html").read_text("utf-8")
        assert 'datetime="2026-03-29"' in index
    finally:
        watcher.stop()
        loop.join(DEADLINE)
        watcher.close()

"""A win dated after today: left out of every view until its day, reported by
``wins check``, refused by ``wins add`` without ``--future``; dates at the ends of the
calendar (0001-01-01, 9999-12-31) never crash or hang a command."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import pytest
from test_watch import Running

from tests.conftest import MakeVault, RunCli

TODAY = "2026-12-02"  # a Wednesday; its ISO week runs from 2026-11-30 to 2026-12-06
SHOWN = ["Plan", "Wrote the outline", "Ran five km"]
FUTURE = ["Typed ahead", "Publish", "Tomorrow's win", "Front matter future", "Far future day"]
VAULT = {
    "wins.toml": 'title = "Dates"\n',
    "goals/novel.md": "---\ntitle: Novel\nmetric: words\ntarget: 1000\n---\n"
    "## Milestones\n- [x] Plan ✅ 2026-11-01\n- [x] Publish ✅ 9999-12-31\n- [ ] Edit\n",
    "journal/2026/2026-11-30.md": "## Wins\n- [x] Wrote the outline [words:: 100] [[novel]]\n",
    "journal/2026/2026-12-01.md": "## Wins\n- [x] Ran five km\n"
    "- [x] Typed ahead [words:: 500] [[novel]] ✅ 9999-12-31\n",
    "journal/2026/2026-12-03.md": "## Wins\n- [x] Tomorrow's win\n",
    "journal/9999/9999-12-31.md": "## Wins\n- [x] Far future day\n",
    "notes/plan.md": "---\ndate: 2030-01-15\n---\n## Wins\n- [x] Front matter future\n",
}


def future(date: str, today: str = TODAY) -> str:
    return f"win dated {date}, after today ({today}): left out until its day"


PROBLEMS = [
    f"goals/novel.md:8: {future('9999-12-31')}",
    f"journal/2026/2026-12-01.md:3: {future('9999-12-31')}",
    f"journal/2026/2026-12-03.md:2: {future('2026-12-03')}",
    f"journal/9999/9999-12-31.md:2: {future('9999-12-31')}",
    f"notes/plan.md:5: {future('2030-01-15')}",
]
WARNING = "warning: 5 problems in the vault; run 'wins check' to see them\n"


@pytest.fixture
def vault(make_vault: MakeVault) -> Path:
    return make_vault(VAULT)


def titles(run_cli: RunCli, root: Path, *args: str) -> list[str]:
    result = run_cli(root, "list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [win["title"] for win in json.loads(result.stdout)]


def site_text(folder: Path) -> str:
    return "\n".join(path.read_text("utf-8") for path in sorted(folder.rglob("*.*ml")))


# -- wins check -----------------------------------------------------------------------


def test_check_reports_each_win_dated_after_today(vault: Path, run_cli: RunCli) -> None:
    result = run_cli(vault, "check", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == PROBLEMS
    assert result.stderr == "5 problems in 5 files\n"


def test_check_takes_today_from_the_environment(vault: Path, run_cli: RunCli) -> None:
    result = run_cli(vault, "check", env={"WINS_TODAY": TODAY})
    assert (result.exit_code, result.stdout.splitlines()) == (1, PROBLEMS)
    result = run_cli(vault, "check", "--today", "2030-01-15")
    assert result.stdout.splitlines() == [
        f"goals/novel.md:8: {future('9999-12-31', '2030-01-15')}",
        f"journal/2026/2026-12-01.md:3: {future('9999-12-31', '2030-01-15')}",
        f"journal/9999/9999-12-31.md:2: {future('9999-12-31', '2030-01-15')}",
    ]
    result = run_cli(vault, "check", "--today", "9999-12-31")
    assert (result.exit_code, result.stdout) == (0, "")


COMMANDS = ["list", "stats", "check", "build", "watch", "serve", "init", "new", "add", "review"]


def test_every_command_takes_today(run_cli: RunCli) -> None:
    for command in [[name] for name in COMMANDS] + [["goal", "new"]]:
        result = run_cli(None, *command, "--help")
        assert result.exit_code == 0 and "--today DATE" in result.stdout, command


# -- the views ------------------------------------------------------------------------


@pytest.mark.parametrize("cache", [(), ("--no-cache",)], ids=["index", "no-cache"])
def test_list_leaves_future_wins_out(vault: Path, run_cli: RunCli, cache: tuple[str]) -> None:
    for _ in range(2):  # the first read writes the list index, the second answers from it
        result = run_cli(vault, "list", "--format", "json", "--today", TODAY, *cache)
        assert [win["title"] for win in json.loads(result.stdout)] == SHOWN
        assert result.stderr == WARNING
    text = run_cli(vault, "list", "--today", TODAY, *cache).stdout
    csv = run_cli(vault, "list", "--format", "csv", "--today", TODAY, *cache).stdout
    for title in FUTURE:
        assert title not in text and title not in csv
    assert "Ran five km" in text and "Ran five km" in csv


def test_stats_leave_future_wins_out(vault: Path, run_cli: RunCli) -> None:
    result = run_cli(vault, "stats", "--json", "--today", TODAY)
    assert result.exit_code == 0 and result.stderr == WARNING
    stats = json.loads(result.stdout)
    numbers = ("total_wins", "days_with_wins", "current_streak", "longest_streak", "this_week")
    assert [stats[key] for key in numbers] == [3, 3, 2, 2, 2]
    (novel,) = stats["goals"]
    assert (novel["value"], novel["done"], novel["total"]) == (100.0, 1, 3)
    assert (novel["progress"], novel["last_win"]) == (0.1, "2026-11-30")
    text = run_cli(vault, "stats", "--today", TODAY)
    assert text.exit_code == 0 and "(100/1000 words)" in text.stdout


def test_site_leaves_future_wins_out(vault: Path, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli(vault, "build", "--out", str(out), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == PROBLEMS
    published = json.loads((out / "wins.json").read_text("utf-8"))
    assert [win["title"] for win in published["wins"]] == SHOWN
    assert published["goals"][0]["value"] == 100.0
    pages = site_text(out)  # index.html (totals, heatmap, charts), goal pages, feed.xml
    assert "Ran five km" in pages and "Wrote the outline" in pages
    for title in FUTURE[:1] + FUTURE[2:]:
        assert title not in pages
    index = (out / "index.html").read_text("utf-8")
    assert "3 wins on 3 of the last" in index  # the heatmap's summary
    goal_page = (out / "goals/novel.html").read_text("utf-8")
    assert 'aria-label="open">○</span> Publish' in goal_page  # done on 9999-12-31
    feed = (out / "feed.xml").read_text("utf-8")
    assert feed.count("<entry>") == 3
    strict = run_cli(vault, "build", "--out", str(out), "--today", TODAY, "--strict")
    assert strict.exit_code == 1


def test_review_leaves_future_wins_out(vault: Path, run_cli: RunCli) -> None:
    result = run_cli(vault, "review", "--today", TODAY)
    assert result.exit_code == 0, result.output
    review = (vault / "reviews/2026-W49.md").read_text("utf-8")
    assert "Wrote the outline" in review and "Ran five km" in review
    assert "Tomorrow's win" not in review and "Typed ahead" not in review
    (vault / "reviews/2026-W49.md").unlink()
    result = run_cli(vault, "review", "--today", "2026-12-04")
    assert "Tomorrow's win" in (vault / "reviews/2026-W49.md").read_text("utf-8")


def test_moving_today_past_the_date_shows_the_win(
    vault: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    assert titles(run_cli, vault, "--today", "2026-12-03") == [*SHOWN, "Tomorrow's win"]
    later = titles(run_cli, vault, "--today", "2030-01-15")
    assert later == [*SHOWN, "Tomorrow's win", "Front matter future"]
    everything = titles(run_cli, vault, "--today", "9999-12-31")
    assert sorted(everything) == sorted(SHOWN + FUTURE)
    stats = json.loads(run_cli(vault, "stats", "--json", "--today", "9999-12-31").stdout)
    assert stats["total_wins"] == 8
    assert (stats["goals"][0]["value"], stats["goals"][0]["done"]) == (600.0, 2)
    out = tmp_path / "site"
    result = run_cli(vault, "build", "--out", str(out), "--today", "9999-12-31")
    assert (result.exit_code, result.stderr) == (0, "")
    published = json.loads((out / "wins.json").read_text("utf-8"))
    assert len(published["wins"]) == 8
    assert "Far future day" in (out / "index.html").read_text("utf-8")


@pytest.mark.slow
def test_watch_leaves_future_wins_out(vault: Path) -> None:
    running = Running("--vault", str(vault), "watch", "--today", TODAY)
    try:
        running.expect(r"^Built .* in \d+ ms, \d+ written, 0 removed\.$")
        running.expect(r"^journal/9999/9999-12-31\.md:2: win dated 9999-12-31, after today")
        running.expect(r"^Watching ")
        published = json.loads((vault / "site/wins.json").read_text("utf-8"))
        assert [win["title"] for win in published["wins"]] == SHOWN
        assert running.interrupt() == 0
    finally:
        running.close()


@pytest.mark.slow
def test_serve_leaves_future_wins_out(vault: Path) -> None:
    running = Running("--vault", str(vault), "serve", "--port", "0", "--today", TODAY)
    try:
        url = running.expect(r"^Serving .* at (http://\S+)")[1]
        with urllib.request.urlopen(url + "wins.json", timeout=30) as response:
            published = json.loads(response.read())
        assert [win["title"] for win in published["wins"]] == SHOWN
        assert running.interrupt() == 0
    finally:
        running.close()


# -- wins add -------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("date", ["2026-12-03", "tomorrow", "9999-12-31"])
def test_add_refuses_a_future_date(vault: Path, run_cli: RunCli, date: str) -> None:
    before = snapshot(vault)
    result = run_cli(vault, "add", "Planned ahead", "--date", date, "--today", TODAY)
    assert result.exit_code == 2
    day = "2026-12-03" if date == "tomorrow" else date
    assert result.stderr == (
        f"Error: --date: {day} is after today ({TODAY}); a win dated after today is "
        "left out until its day; pass --future to add it anyway\n"
    )
    assert snapshot(vault) == before


def test_add_writes_a_future_date_with_future(vault: Path, run_cli: RunCli) -> None:
    args = ("add", "Planned ahead", "--date", "2026-12-04", "--future", "--today", TODAY)
    result = run_cli(vault, *args)
    assert result.exit_code == 0, result.output
    assert "- [x] Planned ahead" in (vault / "journal/2026/2026-12-04.md").read_text("utf-8")
    assert titles(run_cli, vault, "--today", TODAY) == SHOWN
    assert "Planned ahead" in titles(run_cli, vault, "--today", "2026-12-04")
    today = run_cli(vault, "add", "Done today", "--date", TODAY, "--today", TODAY)
    assert today.exit_code == 0, today.output


# -- the ends of the calendar ---------------------------------------------------------

EXTREMES = {
    "journal/2026/2026-12-01.md": "## Wins\n- [x] Ran five km\n",
    "journal/2026/2026-12-02.md": "## Wins\n- [x] Swam\n- [x] Ancient ✅ 0001-01-01\n",
    "journal/0001/0001-01-01.md": "## Wins\n- [x] First day of the calendar\n",
    "journal/9999/9999-12-31.md": "## Wins\n- [x] Last day of the calendar\n",
    "goals/g.md": "---\ntitle: G\nstarted: 0001-01-01\ndue: 9999-12-31\n---\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("week_start", ["mon", "sun"])
@pytest.mark.parametrize("today", [TODAY, "9999-12-31", "0001-01-01"])
def test_the_ends_of_the_calendar_build_quickly(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, today: str, week_start: str
) -> None:
    vault = make_vault({**EXTREMES, "wins.toml": f'week_start = "{week_start}"\n'})
    started = time.perf_counter()
    result = run_cli(
        vault, "build", "--no-cache", "--out", str(tmp_path / "site"), "--today", today
    )
    assert result.exit_code == 0, result.output
    published = json.loads((tmp_path / "site/wins.json").read_text("utf-8"))
    shown = {"0001-01-01": 2, TODAY: 4, "9999-12-31": 5}[today]
    assert len(published["wins"]) == shown
    stats = run_cli(vault, "stats", "--json", "--today", today)
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["total_wins"] == shown
    for command in (("stats",), ("list",), ("check",), ("review",)):
        result = run_cli(vault, *command, "--today", today)
        assert result.exit_code in (0, 1), result.output
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "--since", "-9999999"), "Error: --since: '-9999999' is before 0001-01-01"),
        (("list", "--today", "-9999999"), "Error: --today: '-9999999' is before 0001-01-01"),
        (("new", "tomorrow", "--today", "9999-12-31"), "Error: DATE: 'tomorrow' is after 9999"),
        (("review", "next", "--today", "9999-12-31"), "Error: PERIOD: 'next' is after 9999-12-31"),
        (("review", "last", "--today", "0001-01-03"), "Error: PERIOD: 'last' is before 0001"),
    ],
)
def test_a_date_off_the_calendar_is_a_usage_error(
    vault: Path, run_cli: RunCli, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(vault, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr

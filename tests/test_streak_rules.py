"""The rules of streaks, as a table: rest periods, rest notes and rest weekdays neither
break nor extend a streak; a goal's cadence gives it a weekly streak. Each row is a
vault, a today and the streaks it must show."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wins_md.rest import RestDays
from wins_md.stats import compute_stats, current_streak, longest_streak
from wins_md.stats_model import Cadence
from wins_md.vault.load import load_vault

D = dt.date.fromisoformat


def wins_on(*days: str, goal: str = "") -> dict[str, str]:
    link = f" [[{goal}]]" if goal else ""
    return {f"journal/{day}.md": f"- [x] Moved on {day}{link}\n" for day in days}


def rest_period(first: str, last: str) -> str:
    return f"[[rest]]\nfrom = {first}\nto = {last}\n"


def rest_note(day: str) -> dict[str, str]:
    return {f"journal/{day}.md": "---\nrest: true\n---\nOff today.\n"}


HOLIDAY = rest_period("2026-12-20", "2027-01-03")  # Sunday to Sunday

# (id, files, today, (current streak, longest streak)). 2026-12-17 is a Thursday.
DAY_RULES = [
    (
        "a rest period bridges the days around it",
        {"wins.toml": HOLIDAY, **wins_on("2026-12-17", "2026-12-18", "2026-12-19")}
        | wins_on("2027-01-04", "2027-01-05"),
        "2027-01-05",
        (5, 5),
    ),
    (
        "a win in a rest period does not extend the streak",
        {"wins.toml": HOLIDAY, **wins_on("2026-12-19", "2026-12-25", "2027-01-04")},
        "2027-01-04",
        (2, 2),
    ),
    (
        "a rest period does not bridge a workday without a win",
        {"wins.toml": rest_period("2026-12-20", "2026-12-22")}
        | wins_on("2026-12-17", "2026-12-18")  # none on the 19th
        | wins_on("2026-12-20", "2026-12-21", "2026-12-22", "2026-12-23"),
        "2026-12-23",
        (1, 2),
    ),
    (
        "rest on today: the streak stands",
        {"wins.toml": HOLIDAY, **wins_on("2026-12-17", "2026-12-18", "2026-12-19")},
        "2026-12-27",
        (3, 3),
    ),
    (
        "a rest note yesterday and a rest period today",
        {"wins.toml": rest_period("2026-12-27", "2026-12-27")}
        | wins_on("2026-12-24", "2026-12-25")
        | rest_note("2026-12-26"),
        "2026-12-27",
        (2, 2),
    ),
    (
        "weekday-only streak across a rest note on a Monday",
        {"wins.toml": 'rest_days = ["sat", "sun"]\n'}
        | wins_on("2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11")
        | rest_note("2026-12-14")
        | wins_on("2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18"),
        "2026-12-18",
        (9, 9),
    ),
    (
        "weekday-only streak across a week of holiday",
        {"wins.toml": 'rest_days = ["sat", "sun"]\n' + rest_period("2026-12-21", "2026-12-25")}
        | wins_on("2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18")
        | wins_on("2026-12-19", "2026-12-28", "2026-12-29"),
        "2026-12-29",
        (7, 7),
    ),
    (
        "a future-dated win beyond a rest period waits for its day",
        {"wins.toml": rest_period("2026-12-20", "2026-12-22")}
        | wins_on("2026-12-18", "2026-12-19", "2026-12-23"),
        "2026-12-22",
        (2, 2),
    ),
    (
        "the same vault on the future win's day",
        {"wins.toml": rest_period("2026-12-20", "2026-12-22")}
        | wins_on("2026-12-18", "2026-12-19", "2026-12-23"),
        "2026-12-23",
        (3, 3),
    ),
    (
        "the whole calendar at rest: no streak at all",
        {"wins.toml": rest_period("0001-01-01", "9999-12-31")}
        | wins_on("2026-12-18", "2026-12-19"),
        "2026-12-19",
        (0, 0),
    ),
    (
        "the ends of the calendar, a rest period between them",
        {"wins.toml": rest_period("0001-01-02", "9999-12-30")}
        | wins_on("0001-01-01", "9999-12-31"),
        "9999-12-31",
        (2, 2),
    ),
]


@pytest.mark.parametrize(
    ("files", "today", "expected"),
    [row[1:] for row in DAY_RULES],
    ids=[row[0] for row in DAY_RULES],
)
def test_day_streaks(make_vault, run_cli, files, today: str, expected: tuple[int, int]) -> None:
    vault = make_vault(files)
    started = time.perf_counter()
    result = run_cli(vault, "stats", "--json", "--today", today)
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert (stats["current_streak"], stats["longest_streak"]) == expected
    assert time.perf_counter() - started < 2  # no walk over the days of a rest period


def test_a_private_rest_note_counts_only_in_private(make_vault, run_cli) -> None:
    files = (
        wins_on("2026-12-17", "2026-12-19")
        | {"journal/2026-12-18.md": "---\nrest: true\nprivate: true\n---\nSick.\n"}
        | {"journal/2026-12-16.md": "---\nrest: yes\n---\n#private\n"}
    )
    vault = make_vault(files)

    def streaks(*flags: str) -> tuple[int, int]:
        found = json.loads(run_cli(vault, "stats", "--json", *flags).stdout)
        return found["current_streak"], found["longest_streak"]

    assert streaks("--today", "2026-12-19") == (1, 1)  # the public view has no rest
    assert streaks("--today", "2026-12-19", "--include-private") == (2, 2)


def test_other_values_of_rest_are_left_for_other_tools(make_vault, run_cli) -> None:
    """Trackers keep numbers under the same name: ``rest: 7.5`` is no rest day, and no
    problem either. A rest note's wins do not count."""
    vault = make_vault(
        wins_on("2026-12-17", "2026-12-19")
        | {"journal/2026-12-18.md": "---\nrest: 7.5\n---\n"}
        | {"journal/2026-12-20.md": "---\nrest: true\n---\n- [x] Tidied a drawer\n"}
    )
    assert run_cli(vault, "check", "--today", "2026-12-20").exit_code == 0
    stats = json.loads(run_cli(vault, "stats", "--json", "--today", "2026-12-20").stdout)
    assert (stats["total_wins"], stats["current_streak"], stats["longest_streak"]) == (3, 1, 1)


def test_rest_days_on_the_heatmap(make_vault, run_cli) -> None:
    """The days of a rest period are marked; its reason only where it is public."""
    toml = (
        '[[rest]]\nfrom = 2026-12-20\nto = 2026-12-21\nwhy = "Family in town"\n'
        '[[rest]]\nfrom = 2026-12-22\nto = 2026-12-22\nwhy = "Moving day"\npublic = true\n'
    )
    vault = make_vault({"wins.toml": toml} | wins_on("2026-12-19", "2026-12-23"))
    assert run_cli(vault, "build", "--today", "2026-12-23").exit_code == 0
    index = (vault / "site" / "index.html").read_text("utf-8")
    assert (
        'class="l0 rest" role="img" aria-label="0 wins on Sunday 20 December 2026, a rest day"'
        in index
    )
    assert "0 wins on Tuesday 22 December 2026, a rest day (Moving day)" in index
    assert "3 rest days" in index and "Rest day: neither breaks nor extends a streak" in index
    site = "".join(p.read_text("utf-8") for p in (vault / "site").rglob("*") if p.is_file())
    assert "Family in town" not in site
    shown = run_cli(vault, "stats", "--today", "2026-12-23", "--weeks", "2")
    rows = shown.stdout.split("Last 2 weeks\n", 1)[1].splitlines()
    assert (rows[0], rows[6], rows[-1]) == ("  Mon ·-", "  Sun - ", "  - rest day")


def test_a_bad_rest_period_is_reported_at_its_line(make_vault, run_cli) -> None:
    toml = (
        'title = "x"\n'
        "[[rest]]\nfrom = 2026-12-20\nto = 2026-12-01\n"
        "[[rest]]\nto = 2026-12-01\n"
        '[[rest]]\nfrom = "2026-02-30"\n'
        '[[rest]]\nfrom = 2026-12-24\nreason = "x"\n'
    )
    vault = make_vault({"wins.toml": toml} | wins_on("2026-12-23", "2026-12-25"))
    lines = run_cli(vault, "check", "--today", "2026-12-25").stdout.splitlines()
    assert lines[:4] == [
        "wins.toml:2: [[rest]]: 'to' (2026-12-01) is before 'from' (2026-12-20); "
        "this rest period is left out",
        "wins.toml:5: [[rest]]: 'from' is missing (the first day, like from = 2026-12-20); "
        "this rest period is left out",
        "wins.toml:7: [[rest]]: 'from' must be a real date like 2026-12-20; "
        "this rest period is left out",
        "wins.toml:9: [[rest]]: unknown key 'reason' is ignored",
    ]
    stats = json.loads(run_cli(vault, "stats", "--json", "--today", "2026-12-25").stdout)
    assert stats["current_streak"] == 2  # the good period counts


def test_wins_add_counts_the_streak_across_rest(make_vault, run_cli) -> None:
    """The line ``wins add`` answers with counts rest as ``wins stats`` does: a rest note
    yesterday (private: the line is for its author) and a rest period before it."""
    vault = make_vault(
        {"wins.toml": rest_period("2026-12-18", "2026-12-18")}
        | wins_on("2026-12-17")
        | {"journal/2026-12-19.md": "---\nrest: true\nprivate: true\n---\n"}
    )
    added = run_cli(vault, "add", "Back at it", "--today", "2026-12-20")
    assert added.exit_code == 0, added.output
    assert added.stderr == "1st win today · 2-day streak\n"


def test_rest_notes_come_with_the_list_index(make_vault) -> None:
    """``wins add`` counts its streak from ``wins list``'s answer: read from the vault or
    from the list index, the rest notes are the same."""
    from wins_md.config import load_config
    from wins_md.query import Filters, list_wins

    vault: Path = make_vault(
        wins_on("2026-12-17")
        | rest_note("2026-12-18")
        | {"journal/2026-12-19.md": "---\nrest: true\nprivate: true\n---\n"}
    )
    for path in vault.rglob("*.md"):  # only notes older than 2 seconds are indexed
        os.utime(path, (1_600_000_000, 1_600_000_000))
    config = load_config(vault)
    everything, public = Filters(include_private=True), Filters()
    for _ in range(2):  # the vault, then the index it wrote
        assert list_wins(vault, config, everything).rest_notes == (D("2026-12-18"), D("2026-12-19"))
        assert list_wins(vault, config, public).rest_notes == (D("2026-12-18"),)
    assert (vault / ".wins" / "list-index.json.gz").exists()


# -- rest periods against a day-by-day walk ---------------------------------------------

CALENDAR_ENDS = [dt.date.min, dt.date(2026, 12, 1), dt.date.max - dt.timedelta(days=59)]


def walked_streaks(
    win_days: set[int], today: int, weekdays: frozenset[int], spans: list[tuple[int, int]]
) -> tuple[int, int]:
    """The current and longest streak, walking day by day over ordinals."""

    def rests(ordinal: int) -> bool:
        in_span = any(first <= ordinal <= last for first, last in spans)
        return (ordinal + 6) % 7 in weekdays or in_span

    day = today if today in win_days else today - 1
    current = 0
    while day >= 1 and (rests(day) or day in win_days) and len(weekdays) < 7:
        current += not rests(day)
        day -= 1
    best = run = 0
    for ordinal in range(min(win_days, default=1), max(win_days, default=0) + 1):
        if not rests(ordinal):
            run = run + 1 if ordinal in win_days else 0
            best = max(best, run)
    return current, best


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    start=st.sampled_from(CALENDAR_ENDS),
    offsets=st.sets(st.integers(0, 59), max_size=40),
    today_offset=st.integers(0, 59),
    weekdays=st.frozensets(st.integers(0, 6), max_size=7),
    spans=st.lists(st.tuples(st.integers(-5, 64), st.integers(0, 20)), max_size=5),
)
def test_rest_periods_match_a_day_by_day_walk(
    start: dt.date,
    offsets: set[int],
    today_offset: int,
    weekdays: frozenset[int],
    spans: list[tuple[int, int]],
) -> None:
    first_day, last_day = 1, dt.date.max.toordinal()
    base = start.toordinal()
    ordinal_spans = [
        (max(base + at, first_day), min(base + at + length, last_day)) for at, length in spans
    ]
    ordinal_spans = [(first, last) for first, last in ordinal_spans if first <= last]
    win_days = {base + offset for offset in offsets}
    today = base + today_offset
    rest = RestDays.of(weekdays, ordinal_spans)
    days = {dt.date.fromordinal(day) for day in win_days}
    found = (
        current_streak(days, dt.date.fromordinal(today), rest),
        longest_streak(days, rest),
    )
    assert found == walked_streaks(win_days, today, weekdays, ordinal_spans)


# -- a goal's cadence: its weekly streak ----------------------------------------------

RUN = {"goals/run.md": "---\ntitle: Run\ncadence: 3/week\n---\n"}
# Weeks from Monday: 2026-12-21..27, 2026-12-28..2027-01-03 (the year ends in it),
# 2027-01-04..10, 2027-01-11..17.
THREE_WEEKS = wins_on(
    "2026-12-21",
    "2026-12-22",
    "2026-12-23",
    "2026-12-30",
    "2026-12-31",
    "2027-01-01",
    "2027-01-04",
    "2027-01-05",
    "2027-01-06",
    goal="run",
)


def many_wins_on(day: str, count: int, goal: str) -> dict[str, str]:
    return {f"journal/{day}.md": "".join(f"- [x] Ran {n} [[{goal}]]\n" for n in range(count))}


# (id, files, today, (days this week, days needed this week, streak, longest))
CADENCE_RULES: list[tuple[str, Mapping[str, str], str, tuple[int, int, int, int]]] = [
    ("weeks across the year end", RUN | THREE_WEEKS, "2027-01-10", (3, 3, 3, 3)),
    (
        "this week is not over: last week's streak stands",
        RUN | THREE_WEEKS | wins_on("2027-01-11", goal="run"),
        "2027-01-13",
        (1, 3, 3, 3),
    ),
    (
        "a week that fell short breaks the streak",
        RUN
        | {k: v for k, v in THREE_WEEKS.items() if k[8:18] < "2027-01-04"}
        | many_wins_on("2027-01-04", 3, "run"),  # three wins, one day
        "2027-01-11",
        (0, 3, 0, 2),
    ),
    (
        "a week of rest neither breaks nor extends it",
        RUN
        | {"wins.toml": rest_period("2026-12-28", "2027-01-03")}
        | {k: v for k, v in THREE_WEEKS.items() if "2026-12-3" not in k and "01-01" not in k},
        "2027-01-10",
        (3, 3, 2, 2),
    ),
    (
        "rest takes most of a week: its open days are enough",
        RUN
        | {"wins.toml": rest_period("2026-12-21", "2026-12-25")}
        | wins_on("2026-12-26", "2026-12-27", goal="run")
        | {k: v for k, v in THREE_WEEKS.items() if "2026-12-2" not in k},
        "2027-01-06",
        (3, 3, 3, 3),
    ),
    (
        "weeks from Sunday across the year end",
        {**RUN, "wins.toml": 'week_start = "sun"\n'}
        | wins_on("2026-12-27", "2026-12-29", "2027-01-02", goal="run")  # Sun..Sat
        | wins_on("2027-01-03", "2027-01-04", "2027-01-05", goal="run"),
        "2027-01-05",
        (3, 3, 2, 2),
    ),
    (
        "a goal below counts toward its parent's cadence",
        RUN
        | {"goals/5k.md": "---\ntitle: 5k\nparent: run\n---\n"}
        | wins_on("2027-01-04", "2027-01-05", goal="5k")
        | wins_on("2027-01-06", goal="run"),
        "2027-01-06",
        (3, 3, 1, 1),
    ),
    (
        "wins on rest weekdays do not count",
        {**RUN, "wins.toml": 'rest_days = ["sat", "sun"]\n'}
        | wins_on("2027-01-02", "2027-01-03", "2027-01-04", goal="run"),
        "2027-01-08",
        (1, 3, 0, 0),
    ),
    (
        "the last week of the calendar",
        RUN | wins_on("9999-12-27", "9999-12-28", "9999-12-29", goal="run"),
        "9999-12-31",
        (3, 3, 1, 1),
    ),
]


@pytest.mark.parametrize(
    ("files", "today", "expected"),
    [row[1:] for row in CADENCE_RULES],
    ids=[row[0] for row in CADENCE_RULES],
)
def test_cadence_weeks(make_vault, files, today: str, expected) -> None:
    stats = compute_stats(load_vault(make_vault(files)), D(today))
    run = next(goal for goal in stats.goals if goal.slug == "run")
    assert run.cadence == Cadence(3, *expected)


def test_a_goal_without_cadence_has_no_weekly_streak(make_vault) -> None:
    vault = make_vault({"goals/run.md": "---\ntitle: Run\n---\n"} | THREE_WEEKS)
    stats = compute_stats(load_vault(vault), D("2027-01-10"))
    assert stats.goals[0].cadence is None


@pytest.mark.parametrize("value", ["often", "3", "8/week", "0/week", "3/month"])
def test_a_bad_cadence_is_reported(make_vault, run_cli, value: str) -> None:
    vault = make_vault({"goals/run.md": f"---\ntitle: Run\ncadence: {value}\n---\n"})
    result = run_cli(vault, "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"goals/run.md:3: front matter 'cadence': '{value}' is not a cadence; "
        "write the days a week, 1/week to 7/week"
    )


def test_the_weekly_streak_is_shown_in_the_terminal(make_vault, run_cli) -> None:
    vault = make_vault(RUN | THREE_WEEKS | wins_on("2027-01-11", goal="run"))
    listed = run_cli(vault, "goal", "list", "--today", "2027-01-13")
    assert "· 3/week: 1 of 3 days this week, 3-week streak (longest 3)" in listed.stdout
    shown = run_cli(vault, "stats", "--today", "2027-01-13")
    assert "3/week: 1 of 3 days this week, 3-week streak (longest 3)" in shown.stdout
    as_json = json.loads(run_cli(vault, "stats", "--json", "--today", "2027-01-13").stdout)
    assert "cadence" not in as_json["goals"][0]  # the JSON keeps its documented shape


def test_the_weekly_streak_is_shown_on_the_card_and_the_page(make_vault, run_cli) -> None:
    vault = make_vault(RUN | THREE_WEEKS)
    assert run_cli(vault, "build", "--today", "2027-01-10").exit_code == 0
    said = "<strong>3-week streak</strong> at 3 days a week · 3 of 3 days this week · longest 3"
    for page in ("index.html", "goals/run.html"):
        assert said in (vault / "site" / page).read_text("utf-8"), page

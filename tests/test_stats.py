"""Streaks, weeks and goal progress (SPEC 2.4, 2.5), on calendar dates."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wins_md.stats import compute_stats, current_streak, longest_streak
from wins_md.vault.load import load_vault

D = dt.date.fromisoformat
NONE: frozenset[int] = frozenset()
WEEKEND = frozenset({5, 6})


def days(*isos: str) -> set[dt.date]:
    return {D(iso) for iso in isos}


@pytest.mark.parametrize(
    ("win_days", "today", "expected"),
    [
        ((), "2026-11-22", 0),
        (("2026-11-22",), "2026-11-22", 1),
        (("2026-11-20", "2026-11-21", "2026-11-22"), "2026-11-22", 3),
        # Today is not over: yesterday's streak still stands.
        (("2026-11-20", "2026-11-21"), "2026-11-22", 2),
        (("2026-11-20",), "2026-11-22", 0),
        (("2026-11-23",), "2026-11-22", 0),  # wins in the future don't count
    ],
)
def test_current_streak(win_days: tuple[str, ...], today: str, expected: int) -> None:
    assert current_streak(days(*win_days), D(today), NONE) == expected


def test_rest_days_neither_break_nor_extend() -> None:
    # Thu 19, Fri 20, (Sat 21, Sun 22 rest), Mon 23.
    win_days = days("2026-11-19", "2026-11-20", "2026-11-23")
    assert current_streak(win_days, D("2026-11-23"), WEEKEND) == 3
    assert current_streak(win_days, D("2026-11-22"), WEEKEND) == 2  # Sunday, resting
    assert current_streak(win_days, D("2026-11-24"), WEEKEND) == 3  # Tuesday morning
    with_saturday = win_days | days("2026-11-21")
    assert current_streak(with_saturday, D("2026-11-23"), WEEKEND) == 3
    assert longest_streak(with_saturday, WEEKEND) == 3
    assert longest_streak(win_days, NONE) == 2


def test_every_day_a_rest_day_does_not_loop_forever() -> None:
    assert current_streak(days("2026-11-20"), D("2026-11-22"), frozenset(range(7))) == 0


def test_longest_streak() -> None:
    win_days = days("2026-01-01", "2026-01-02", "2026-01-03", "2026-02-01", "2026-02-02")
    assert longest_streak(win_days, NONE) == 3
    assert longest_streak(set(), NONE) == 0


def reference_streaks(
    win_days: set[dt.date], today: dt.date, rest: frozenset[int]
) -> tuple[int, int]:
    """The current and longest streak, walking day by day over ordinals (which, unlike
    dates, go past the ends of the calendar without raising)."""
    ordinals = {day.toordinal() for day in win_days}

    def rests(ordinal: int) -> bool:
        return (ordinal + 6) % 7 in rest  # ordinal 1, 0001-01-01, is a Monday

    day = today.toordinal() if today.toordinal() in ordinals else today.toordinal() - 1
    current = 0
    while day >= 1 and (rests(day) or day in ordinals) and len(rest) < 7:
        current += not rests(day)
        day -= 1
    best = run = 0
    for ordinal in range(min(ordinals, default=1), max(ordinals, default=0) + 1):
        if not rests(ordinal):
            run = run + 1 if ordinal in ordinals else 0
            best = max(best, run)
    return current, best


CALENDAR_ENDS = [dt.date.min, dt.date(2026, 11, 1), dt.date.max - dt.timedelta(days=59)]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    start=st.sampled_from(CALENDAR_ENDS),
    offsets=st.sets(st.integers(0, 59), max_size=40),
    today_offset=st.integers(0, 59),
    rest=st.frozensets(st.integers(0, 6), max_size=7),
)
def test_streaks_match_a_day_by_day_walk_up_to_the_ends_of_the_calendar(
    start: dt.date, offsets: set[int], today_offset: int, rest: frozenset[int]
) -> None:
    win_days = {start + dt.timedelta(days=offset) for offset in offsets}
    today = start + dt.timedelta(days=today_offset)
    expected = reference_streaks(win_days, today, rest)
    assert (current_streak(win_days, today, rest), longest_streak(win_days, rest)) == expected


def test_streaks_do_not_walk_the_calendar() -> None:
    """Wins on the first and last days of the calendar: no walk over the 3.6 million days
    between them."""
    started = time.perf_counter()
    ends = {dt.date.min, dt.date.min + dt.timedelta(days=1), dt.date.max}
    for rest in (NONE, WEEKEND):
        assert longest_streak(ends, rest) == 2
        assert current_streak(ends, dt.date.max, rest) == 1
        assert current_streak(ends, dt.date(5000, 1, 1), rest) == 0
    assert time.perf_counter() - started < 0.5


def test_weeks_counts_and_private(make_vault) -> None:
    vault = make_vault(
        {
            "journal/2026-11-16.md": "- [x] Mon last week\n",
            "journal/2026-11-22.md": "- [x] Sun last week\n",
            "journal/2026-11-23.md": "- [x] Mon this week\n- [x] Secret #private\n",
            "journal/2026-11-24.md": "---\nprivate: true\n---\n- [x] Private file\n",
        }
    )
    loaded = load_vault(vault)
    stats = compute_stats(loaded, D("2026-11-25"))
    counts = (stats.total_wins, stats.days_with_wins, stats.this_week, stats.last_week)
    assert counts == (3, 3, 1, 2)
    assert (stats.current_streak, stats.longest_streak) == (0, 2)
    every = compute_stats(loaded, D("2026-11-25"), include_private=True)
    assert (every.total_wins, every.this_week, every.current_streak) == (5, 3, 3)


def test_week_start_sunday(make_vault) -> None:
    vault = make_vault(
        {
            "wins.toml": 'week_start = "sun"\n',
            "journal/2026-11-22.md": "- [x] Sunday starts the week\n",
            "journal/2026-11-21.md": "- [x] Saturday ends the last one\n",
        }
    )
    stats = compute_stats(load_vault(vault), D("2026-11-23"))
    assert (stats.this_week, stats.last_week) == (1, 1)


GOALS = {
    "goals/new-career.md": "---\ntitle: New career\n---\n"
    "## Milestones\n- [x] Decide\n- [ ] Start\n",
    "goals/land-design-role.md": (
        "---\ntitle: Land a product design role\nstarted: 2026-10-01\ndue: 2027-03-31\n"
        "metric: applications\ntarget: 20\nparent: new-career\n---\n"
        "## Milestones\n- [x] Portfolio ✅ 2026-11-01\n- [ ] Send 20 applications\n"
    ),
    "goals/novel.md": "---\ntitle: Novel\nstatus: paused\nstarted: 2026-01-01\n---\n",
    "goals/quiet.md": "---\ntitle: Quiet goal\nstarted: 2026-11-20\n---\n",
    "journal/2026-11-02.md": "- [x] Applied twice applications:: 2 [[land-design-role]]\n",
    "journal/2026-11-03.md": "- [x] Applied [applications:: 3] [[land-design-role]]\n"
    "- [x] Chapter [[novel]]\n- [x] Nothing linked\n",
}


def test_goal_progress_hierarchy_and_stalled(make_vault) -> None:
    loaded = load_vault(make_vault(GOALS))
    stats = compute_stats(loaded, D("2026-11-22"))
    by_slug = {goal.slug: goal.to_json() for goal in stats.goals}
    assert by_slug["land-design-role"] == {
        "slug": "land-design-role",
        "title": "Land a product design role",
        "status": "active",
        "progress": 0.25,
        "done": 1,
        "total": 2,
        "metric": "applications",
        "value": 5.0,
        "target": 20.0,
        "due": "2027-03-31",
        "stalled": True,
        "last_win": "2026-11-03",
    }
    # The parent counts the wins of the goals below it; its progress is its milestones.
    assert by_slug["new-career"]["last_win"] == "2026-11-03"
    assert by_slug["new-career"]["progress"] == 0.5
    assert by_slug["novel"]["stalled"] is False  # paused goals are never stalled
    assert by_slug["quiet"]["stalled"] is False  # started 2 days ago
    # The dated milestone is a win too: 3 of 5 wins serve an active goal (novel is paused).
    assert stats.aligned_share == 0.6
    earlier = {goal.slug: goal for goal in compute_stats(loaded, D("2026-11-10")).goals}
    assert earlier["land-design-role"].stalled is False


def test_metric_progress_is_capped(make_vault) -> None:
    files = {
        "goals/g.md": "---\ntitle: G\nmetric: words\ntarget: 100\n---\n",
        "journal/2026-11-22.md": "- [x] Wrote words:: 250 [[g]]\n",
    }
    stats = compute_stats(load_vault(make_vault(files)), D("2026-11-22"))
    assert (stats.goals[0].progress, stats.goals[0].value) == (1.0, 250.0)

"""``wins review`` of a month, a quarter and a year, and weekly reviews that follow
``week_start``: names that sort and never clash, W53 years, Sunday-first weeks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MakeVault, RunCli

TODAY = ("--today", "2026-11-20")
PERIOD_VAULT = {
    "wins.toml": "",
    "goals/novel.md": (
        "---\ntitle: Write the novel\nmetric: words\ntarget: 1000\nstarted: 2026-01-01\n---\n"
    ),
    "goals/talk.md": (
        "---\ntitle: Give a talk\n---\n## Milestones\n- [x] Meetup ✅ 2026-11-10\n"
        "- [ ] Conference\n"
    ),
    "goals/old.md": "---\ntitle: Old dream\nstarted: 2026-01-01\n---\n",
    "goals/hidden.md": "---\ntitle: Hidden goal title\nprivate: true\n---\n",
    "journal/2026/2026-10-05.md": "- [x] Wrote words:: 100 [[novel]] stretch:: 2\n",
    "journal/2026/2026-11-02.md": (
        "- [x] Asked for a slot [[talk]] stretch:: 4 ^ask\n- [x] Tidied the desk\n"
    ),
    "journal/2026/2026-11-03.md": "- [x] Wrote more words:: 200 [[novel]]\n",
    "journal/2026/2026-11-10.md": (
        "- [x] Got the slot [[talk]] [[2026-11-02#^ask]]\n"
        "- [x] Learned the room is small #clarity\n"
    ),
    "journal/2026/2026-11-11.md": (
        "- [x] Private thing #private ^hush\n- [x] Hidden step [[hidden]]\n"
        "- [x] Public step [[2026-11-11#^hush]]\n"
    ),
    "journal/2026/2026-12-01.md": "- [x] December win\n",
}


def review(run_cli: RunCli, root: Path, *args: str) -> str:
    result = run_cli(root, "review", *args, *TODAY)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip()).read_text("utf-8")


def test_a_month_review_shows_each_goals_progress_chains_and_months(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(PERIOD_VAULT)
    result = run_cli(root, "review", "2026-11", *TODAY)
    assert (result.exit_code, result.stdout) == (0, f"{root}/reviews/2026-11.md\n")
    text = (root / "reviews/2026-11.md").read_text("utf-8")
    assert text.startswith(
        "---\nperiod: 2026-11\nstart: 2026-11-01\nend: 2026-11-30\n---\n# November 2026\n\n"
        "7 wins on 4 days; 1 in October 2026.\n"
    )
    assert (
        "## Goals\n"
        "### Give a talk ([[talk]])\n"
        "0% → 50% (0 → 1 of 2 milestones); 3 wins this month.\n"
        "- Milestone reached: Meetup ([[talk]])\n\n"
        "### Old dream ([[old]])\n0% → 0%; 0 wins this month; stalled.\n\n"
        "### Write the novel ([[novel]])\n"
        "10% → 30% (100 → 300 of 1,000 words); 1 win this month; stalled.\n\n"
    ) in text
    assert (
        "## Chains completed\n<!-- Momentum chains whose latest win came this month: this "
        "email led to that call led to that interview. -->\n"
        "- Asked for a slot ([[2026-11-02#^ask]]) → Got the slot ([[2026-11-10]]): "
        "2 steps, 8 days\n\n"
    ) in text
    assert "- November 2026: 3 of 7 wins served no goal (43%)\n" in text
    assert (
        "## Stretch\nAverage stretch 4.0 this month, against 2.0 in October 2026; by month:\n\n"
        "- November 2026: average 4.0 over 1 win, 1 high (4 or 5)\n\n"
        "High-stretch wins:\n\n- Asked for a slot ([[2026-11-02#^ask]]) (stretch 4)\n\n"
    ) in text
    assert (
        "## Setbacks turned into wins\n- Learned the room is small ([[2026-11-10]]) #clarity\n"
    ) in text
    assert (
        "## Stalled goals\n- [[old]] Old dream: no win yet\n"
        "- [[novel]] Write the novel: last win 2026-11-03\n"
    ) in text
    assert "## Next month\n" in text and "What moved" in text
    for secret in ("Private thing", "hush", "Hidden", "hidden", "December win"):
        assert secret not in text


def test_a_quarter_and_a_year_list_each_month_so_far(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(PERIOD_VAULT)
    quarter = review(run_cli, root, "2026-Q4")
    assert quarter.startswith(
        "---\nperiod: 2026-Q4\nstart: 2026-10-01\nend: 2026-12-31\n---\n# Q4 2026\n\n"
        "8 wins on 5 days; 0 in Q3 2026.\n"
    )
    assert (
        "- October 2026: 0 of 1 win served no goal (0%)\n"
        "- November 2026: 3 of 7 wins served no goal (43%)\n\n"
    ) in quarter
    assert "- October 2026: average 2.0 over 1 win, 0 high (4 or 5)\n" in quarter
    assert "## Next quarter\n" in quarter and "December" not in quarter
    year = review(run_cli, root, "2026")
    assert year.startswith('---\nperiod: "2026"\nstart: 2026-01-01\nend: 2026-12-31\n---\n# 2026\n')
    assert "- January 2026: no wins\n" in year
    assert "- January 2026: no stretch recorded\n" in year
    assert "- November 2026: 3 of 7" in year and "December 2026" not in year


def test_review_names_sort_and_never_clash(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(PERIOD_VAULT)
    before = run_cli(root, "list", "--format", "json", "--include-private", *TODAY).stdout
    for period in ("2026-11-16", "2026-11", "2026-Q4", "2026", "2026-W46"):
        assert run_cli(root, "review", period, *TODAY).exit_code == 0
    assert sorted(path.name for path in (root / "reviews").iterdir()) == [
        "2026-11.md",
        "2026-Q4.md",
        "2026-W46.md",
        "2026-W47.md",
        "2026.md",
    ]
    # The reviews add no win, no micro-goal and no problem.
    assert run_cli(root, "list", "--format", "json", "--include-private", *TODAY).stdout == before
    assert run_cli(root, "check", "--today", "2026-12-02").exit_code == 0


def test_a_period_review_is_never_overwritten(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({**PERIOD_VAULT, "reviews/2026-Q4.md": "my notes\r\n"})
    result = run_cli(root, "review", "2026-q4", "--no-edit", *TODAY)
    assert (result.exit_code, result.stdout) == (0, f"{root}/reviews/2026-Q4.md\n")
    assert result.stderr == "(the review exists; opened as it is)\n"
    assert (root / "reviews/2026-Q4.md").read_bytes() == b"my notes\r\n"


def test_a_period_review_with_private_content_asked_for_is_private(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    text = review(run_cli, make_vault(PERIOD_VAULT), "2026-11", "--include-private")
    assert "\nprivate: true\n---\n" in text and "### Hidden goal title ([[hidden]])" in text


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-13", "'2026-13': a year has months 1 to 12"),
        ("2026-Q0", "'2026-Q0': a year has quarters Q1 to Q4"),
        ("0000", "'0000': the calendar starts in year 0001"),
        ("2027-W53", "'2027-W53': 2027 has no week 53"),
    ],
)
def test_bad_periods_are_explained(
    make_vault: MakeVault, run_cli: RunCli, period: str, message: str
) -> None:
    root = make_vault(PERIOD_VAULT)
    result = run_cli(root, "review", period, *TODAY)
    assert (result.exit_code, result.stderr) == (2, f"Error: PERIOD: {message}\n")
    assert not (root / "reviews").exists()


# --- weeks ----------------------------------------------------------------------------------

SUNDAY_VAULT = {
    "wins.toml": 'week_start = "sun"\n',
    "journal/2026/2026-11-21.md": "- [x] Saturday before\n",
    "journal/2026/2026-11-22.md": "- [x] Sunday first\n",
    "journal/2026/2026-11-24.md": "- [x] Tuesday\n",
    "journal/2026/2026-11-28.md": "- [x] Saturday last\n",
    "journal/2026/2026-11-29.md": "- [x] Sunday after\n",
}


def test_weekly_reviews_follow_week_start(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(SUNDAY_VAULT)
    today = ("--today", "2026-11-28")
    result = run_cli(root, "review", *today)
    assert (result.exit_code, result.stdout) == (0, f"{root}/reviews/2026-11-22-week.md\n")
    text = (root / "reviews/2026-11-22-week.md").read_text("utf-8")
    assert text.startswith(
        "---\nweek: 2026-11-22-week\nstart: 2026-11-22\nend: 2026-11-28\n---\n"
        "# Week of 2026-11-22\n\n3 wins on 3 days; 1 the week before.\n"
    )
    assert "Sunday first" in text and "Saturday last" in text
    assert "Saturday before" not in text and "Sunday after" not in text
    # The week the stats and the heatmap count.
    stats = json.loads(run_cli(root, "stats", "--json", *today).stdout)
    assert (stats["this_week"], stats["last_week"]) == (3, 1)
    assert run_cli(root, "review", "last", *today).stdout == f"{root}/reviews/2026-11-15-week.md\n"
    assert run_cli(root, "review", "2026-11-29", *today).exit_code == 0
    assert (root / "reviews/2026-11-29-week.md").exists()


def test_iso_week_names_are_refused_when_weeks_start_on_sunday(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(SUNDAY_VAULT)
    result = run_cli(root, "review", "2026-W48", "--today", "2026-11-28")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: PERIOD: '2026-W48': weeks start on a Sunday (week_start), and ISO week "
        "numbers only name Monday weeks; give a date in the week, this or last\n",
    )


def test_the_53rd_week_spans_the_new_year(make_vault: MakeVault, run_cli: RunCli) -> None:
    files = {
        "wins.toml": "",
        "journal/2026/2026-12-27.md": "- [x] Sunday of W52\n",
        "journal/2026/2026-12-28.md": "- [x] Monday of W53\n",
        "journal/2027/2027-01-03.md": "- [x] Sunday of W53\n",
        "journal/2027/2027-01-04.md": "- [x] Monday of 2027-W01\n",
    }
    root = make_vault(files)
    today = ("--today", "2027-01-10")
    result = run_cli(root, "review", "2027-01-02", *today)
    assert result.stdout == f"{root}/reviews/2026-W53.md\n"
    text = (root / "reviews/2026-W53.md").read_text("utf-8")
    assert text.startswith("---\nweek: 2026-W53\nstart: 2026-12-28\nend: 2027-01-03\n---\n")
    assert "2 wins on 2 days; 1 the week before." in text
    # Weeks from Sunday: the week of 2027-01-02 starts on 2026-12-27.
    (root / "wins.toml").write_text('week_start = "sun"\n', "utf-8")
    result = run_cli(root, "review", "2027-01-02", *today)
    assert result.stdout == f"{root}/reviews/2026-12-27-week.md\n"
    text = (root / "reviews/2026-12-27-week.md").read_text("utf-8")
    assert text.startswith("---\nweek: 2026-12-27-week\nstart: 2026-12-27\nend: 2027-01-02\n")
    assert "2 wins on 2 days" in text

"""``wins brag``: a brag document of a period, in Markdown, HTML and JSON."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import MakeVault, RunCli

TODAY = ("--today", "2026-04-10")
BRAG_VAULT = {
    "wins.toml": 'title = "Test wins"\n',
    "goals/novel.md": (
        "---\ntitle: Write the novel\nmetric: words\ntarget: 1000\n---\n## Milestones\n"
        "- [x] Act one ✅ 2025-12-20\n- [x] Outline ✅ 2026-02-10\n- [ ] Finish\n"
    ),
    "goals/talk.md": (
        "---\ntitle: Give a talk\n---\n## Milestones\n"
        "- [x] Meetup talk given ✅ 2026-03-05\n- [ ] Conference\n"
    ),
    "goals/hidden-plan.md": "---\ntitle: Hidden plan title\nprivate: true\n---\n",
    "journal/2025/2025-12-30.md": "- [x] Wrote the prologue words:: 100 [[novel]]\n",
    "journal/2026/2026-01-05.md": (
        "## Wins\n- [x] Wrote the opening words:: 200 [[novel]]\n"
        "- [x] Emailed the meetup [[talk]] stretch:: 4 ^ask\n"
    ),
    "journal/2026/2026-01-06.md": "- [x] Wrote more words:: 150 [[novel]]\n- [x] Tidied the desk\n",
    "journal/2026/2026-01-07.md": "- [x] Learned the venue is booked #clarity stretch:: 2\n",
    "journal/2026/2026-01-10.md": "- [x] Sent the pitch ^pitch\n",
    "journal/2026/2026-01-20.md": "- [x] Pitch accepted [[2026-01-10#^pitch]]\n",
    "journal/2026/2026-02-12.md": "- [x] The meetup said yes [[talk]] [[2026-01-05#^ask]] ^yes\n",
    "journal/2026/2026-02-14.md": (
        "- [x] Wrote the slides [[talk]] [[2026-02-12#^yes]] ^slides\n"
        "- [x] Told Ana about it [[2026-02-12#^yes]]\n"
    ),
    "journal/2026/2026-02-20.md": (
        "- [x] Secret step #private ^hush\n- [x] Step for the plan [[hidden-plan]]\n"
    ),
    "journal/2026/2026-02-21.md": "- [x] Public follow-up [[2026-02-20#^hush]]\n",
    "journal/2026/2026-03-05.md": (
        "- [x] Gave the meetup talk [[talk]] stretch:: 5 [[2026-02-14#^slides]]\n"
    ),
    "journal/2026/2026-04-01.md": "- [x] After the quarter words:: 999 [[novel]]\n",
}


def src(path: str, line: int) -> str:
    return f"[{path}:{line}]({path})"


def brag(run_cli: RunCli, root, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = run_cli(root, "brag", *args, *TODAY)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_brag_document_opens_with_the_periods_numbers(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    text = brag(run_cli, make_vault(BRAG_VAULT), "2026-Q1")
    assert text.startswith(
        "# Test wins: brag document\n\nQ1 2026 (2026-01-01 to 2026-03-31)\n\n"
        "## In numbers\n\n"
        "- 14 wins on 10 days; longest streak 3 days\n"
        "- 2 goals advanced:\n"
        "  - Give a talk: 0% → 50% (0 → 1 of 2 milestones)\n"
        "  - Write the novel: 10% → 45% (100 → 450 of 1,000 words)\n"
        "- 350 words\n"
        "- 2 high-stretch wins (stretch 4 or 5), 1 setback turned into a lesson\n"
        "- 2 momentum chains\n\n"
    )


def test_the_wins_are_grouped_by_goal_then_month_each_with_its_source(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    text = brag(run_cli, make_vault(BRAG_VAULT), "2026-Q1")
    assert (
        "### Write the novel\n\n"
        "10% → 45% (100 → 450 of 1,000 words) · 3 wins\n\n"
        "Milestones reached:\n\n"
        f"- 2026-02-10 Outline ({src('goals/novel.md', 8)})\n\n"
        "#### January 2026\n\n"
        f"- 2026-01-05 Wrote the opening ({src('journal/2026/2026-01-05.md', 2)})\n"
        f"- 2026-01-06 Wrote more ({src('journal/2026/2026-01-06.md', 1)})\n"
    ) in text
    assert (
        "### Give a talk\n\n0% → 50% (0 → 1 of 2 milestones) · 5 wins\n\n"
        "Milestones reached:\n\n"
        f"- 2026-03-05 Meetup talk given ({src('goals/talk.md', 5)})\n\n"
        "#### January 2026\n\n"
        "- 2026-01-05 Emailed the meetup **stretch 4** "
        f"({src('journal/2026/2026-01-05.md', 3)})\n\n"
        "#### February 2026\n\n"
    ) in text
    assert (
        "## Other wins\n\n#### January 2026\n\n"
        f"- 2026-01-06 Tidied the desk ({src('journal/2026/2026-01-06.md', 2)})\n"
        "- 2026-01-07 Learned the venue is booked (stretch 2) "
        f"({src('journal/2026/2026-01-07.md', 1)})\n"
    ) in text
    assert "After the quarter" not in text and "prologue" not in text


def test_each_chain_is_a_line_with_its_length_or_a_tree_when_it_branches(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    text = brag(run_cli, make_vault(BRAG_VAULT), "2026-Q1")
    chains = text.split("## Momentum chains\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert chains == (
        f"- Emailed the meetup ({src('journal/2026/2026-01-05.md', 3)}): "
        "5 steps, 59 days, branching\n"
        f"  - The meetup said yes ({src('journal/2026/2026-02-12.md', 1)})\n"
        f"    - Wrote the slides ({src('journal/2026/2026-02-14.md', 1)})\n"
        f"      - Gave the meetup talk ({src('journal/2026/2026-03-05.md', 1)})\n"
        f"    - Told Ana about it ({src('journal/2026/2026-02-14.md', 2)})\n"
        f"- Sent the pitch ({src('journal/2026/2026-01-10.md', 1)}) → "
        f"Pitch accepted ({src('journal/2026/2026-01-20.md', 1)}): 2 steps, 10 days"
    )


def test_a_chain_that_began_before_the_period_is_shown_whole(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    text = brag(run_cli, make_vault(BRAG_VAULT), "--since", "2026-01-15", "--until", "2026-01-31")
    assert (
        "## Momentum chains\n\n"
        f"- Sent the pitch ({src('journal/2026/2026-01-10.md', 1)}) → "
        f"Pitch accepted ({src('journal/2026/2026-01-20.md', 1)}): 2 steps, 10 days\n"
    ) in text
    assert text.startswith("# Test wins: brag document\n\n2026-01-15 to 2026-01-31\n\n")


def test_high_stretch_wins_and_lessons_from_setbacks(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    text = brag(run_cli, make_vault(BRAG_VAULT), "2026-Q1")
    assert (
        "## High-stretch wins\n\n"
        "- 2026-01-05 Emailed the meetup **stretch 4** "
        f"({src('journal/2026/2026-01-05.md', 3)})\n"
        "- 2026-03-05 Gave the meetup talk **stretch 5** "
        f"({src('journal/2026/2026-03-05.md', 1)})\n\n"
        "## Lessons from setbacks\n\n"
        "- 2026-01-07 Learned the venue is booked #clarity (stretch 2) "
        f"({src('journal/2026/2026-01-07.md', 1)})\n"
    ) in text


def test_private_content_only_with_include_private(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(BRAG_VAULT)
    for fmt in ("md", "html", "json"):
        text = brag(run_cli, root, "2026-Q1", "--format", fmt)
        for secret in ("Secret step", "hush", "Hidden plan", "hidden-plan", "Step for the plan"):
            assert secret not in text, (fmt, secret)
        assert "Public follow-up" in text
    everything = brag(run_cli, root, "2026-Q1", "--include-private")
    assert "Secret step" in everything and "Hidden plan title" in everything
    assert "16 wins on 11 days" in everything


def test_the_json_document(make_vault: MakeVault, run_cli: RunCli) -> None:
    document = json.loads(brag(run_cli, make_vault(BRAG_VAULT), "2026-Q1", "--format", "json"))
    assert {k: document[k] for k in ("version", "since", "until", "goal", "wins")} == {
        "version": 1,
        "since": "2026-01-01",
        "until": "2026-03-31",
        "goal": None,
        "wins": 14,
    }
    assert (document["active_days"], document["longest_streak"]) == (10, 3)
    assert document["metrics"] == {"words": 350}
    novel = next(g for g in document["goals_advanced"] if g["slug"] == "novel")
    assert (novel["progress_start"], novel["progress_end"]) == (0.1, 0.45)
    assert (novel["value_start"], novel["value_end"], novel["target"]) == (100, 450, 1000)
    talk = next(g for g in document["goals"] if g["slug"] == "talk")
    assert [m["title"] for m in talk["milestones"]] == ["Meetup talk given"]
    assert [month["month"] for month in talk["months"]] == ["2026-01", "2026-02", "2026-03"]
    tree = document["chains"][0]
    assert (tree["steps"], tree["days"], tree["branches"]) == (5, 59, True)
    assert [(row["depth"], row["win"]["title"]) for row in tree["wins"]] == [
        (0, "Emailed the meetup"),
        (1, "The meetup said yes"),
        (2, "Wrote the slides"),
        (3, "Gave the meetup talk"),
        (2, "Told Ana about it"),
    ]
    assert tree["wins"][0]["win"]["file"] == "journal/2026/2026-01-05.md"
    assert tree["wins"][0]["win"]["line"] == 3
    assert [w["title"] for w in document["high_stretch"]] == [
        "Emailed the meetup",
        "Gave the meetup talk",
    ]
    assert [w["title"] for w in document["lessons"]] == ["Learned the venue is booked"]


def test_the_html_page_is_self_contained_printable_and_escaped(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    files = {
        **BRAG_VAULT,
        "journal/2026/2026-03-06.md": (
            "- [x] <script>alert(1)</script> & <b>bold</b> [x](javascript:alert(2))\n"
        ),
        "notes/a note (draft).md": "---\ndate: 2026-03-07\n---\n- [x] From a note\n",
    }
    page = brag(run_cli, make_vault(files), "2026-Q1", "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "<script" not in page and 'href="javascript' not in page
    assert "src=" not in page and "<link" not in page and "url(" not in page  # loads nothing
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    links = set(re.findall(r'href="([^"]*)"', page))
    assert "notes/a%20note%20%28draft%29.md" in links
    assert all(not link.startswith(("http", "/", "//")) for link in links)
    assert ">journal/2026/2026-01-05.md:3</a>" in page
    assert '<ul class="tree">' in page and "5 steps, 59 days, branching" in page


def test_a_goal_narrows_the_document_to_its_wins(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(BRAG_VAULT)
    text = brag(run_cli, root, "2026-Q1", "--goal", "TALK")
    assert text.startswith(
        "# Test wins: brag document\n\nQ1 2026 (2026-01-01 to 2026-03-31), wins serving Give "
        "a talk\n\n## In numbers\n\n- 5 wins on 4 days; longest streak 1 day\n"
        "- 1 goal advanced:\n  - Give a talk: 0% → 50% (0 → 1 of 2 milestones)\n"
    )
    assert "Write the novel" not in text and "Tidied the desk" not in text
    assert "Sent the pitch" not in text and "Emailed the meetup" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--goal", "tlak"),
            "Error: --goal: unknown goal 'tlak' (did you mean 'talk'?) (or a private one: "
            "add --include-private)\n",
        ),
        (
            ("--goal", "hidden-plan"),
            "Error: --goal: unknown goal 'hidden-plan' (or a private one: add --include-private)\n",
        ),
        (
            ("2026-Q1", "--since", "2026-01-01"),
            "Error: give a PERIOD or --since / --until, not both\n",
        ),
        (
            ("--since", "2026-02-01", "--until", "2026-01-01"),
            "Error: --since 2026-02-01 is after --until 2026-01-01\n",
        ),
        (("2026-Q5",), "Error: PERIOD: '2026-Q5': a year has quarters Q1 to Q4\n"),
        (("2026-13",), "Error: PERIOD: '2026-13': a year has months 1 to 12\n"),
        (
            ("soon",),
            "Error: PERIOD: 'soon' is not a period; use 2026-W47, this, last, a date in the "
            "week, 2026-11, 2026-Q4 or 2026\n",
        ),
    ],
)
def test_bad_options_are_usage_errors(
    make_vault: MakeVault, run_cli: RunCli, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(make_vault(BRAG_VAULT), "brag", *args, *TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_a_private_goal_can_be_asked_for_with_include_private(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(BRAG_VAULT)
    text = brag(run_cli, root, "2026-Q1", "--goal", "hidden-plan", "--include-private")
    assert "wins serving Hidden plan title" in text and "Step for the plan" in text


def test_since_and_until_default_to_the_first_win_and_today(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    text = brag(run_cli, make_vault(BRAG_VAULT))
    assert text.startswith("# Test wins: brag document\n\n2025-12-20 to 2026-04-10\n\n")
    assert "After the quarter" in text and "Wrote the prologue" in text


def test_a_loop_of_follows_links_ends_the_chain(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(
        {
            "wins.toml": "",
            "journal/2026/2026-03-01.md": "- [x] First [[2026-03-02#^b]] ^a\n",
            "journal/2026/2026-03-02.md": "- [x] Second [[2026-03-01#^a]] ^b\n",
            "journal/2026/2026-03-03.md": "- [x] From the first [[2026-03-01#^a]]\n",
            "journal/2026/2026-03-04.md": "- [x] From the second [[2026-03-02#^b]]\n",
        }
    )
    document = json.loads(brag(run_cli, root, "2026-Q1", "--format", "json"))
    for chain in document["chains"]:
        titles = [row["win"]["title"] for row in chain["wins"]]
        assert len(titles) == len(set(titles)) == chain["steps"], titles
    ends = {row["win"]["title"] for chain in document["chains"] for row in chain["wins"]}
    assert {"From the first", "From the second"} <= ends

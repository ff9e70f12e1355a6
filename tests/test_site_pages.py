"""What the published pages show: no vault problems in written files, a new vault's
first page, goal cards that show movement, goal pages (burn-up chart, chains, wins
without a link back to the same goal) and the setbacks and stretch section."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import MakeVault, RunCli
from site_support import TODAY, build, read_html, read_site

# TODAY is Sunday 2026-11-22: the week runs from Monday 2026-11-16.
VAULT = {
    "wins.toml": 'title = "Pages"\n',
    "goals/talk.md": "---\ntitle: Give the talk\nstarted: 2026-10-01\n---\n"
    "## Milestones\n- [ ] Write the abstract\n- [ ] Give it\n",
    "goals/book.md": "---\ntitle: Write the book\nstarted: 2026-09-01\n---\n"
    "## Milestones\n- [x] Outline the acts ✅ 2026-10-01\n"
    "- [x] First chapter done ✅ 2026-11-02\n- [x] Undated step\n- [ ] Draft\n",
    "goals/words.md": "---\ntitle: Words\nstarted: 2026-10-01\nmetric: words\ntarget: 1000\n---\n",
    "goals/old.md": "---\ntitle: Old habit\nstarted: 2026-04-01\n---\n",
    "journal/2026/2026-05-01.md": "## Wins\n- Kept the old habit [[old]]\n",
    "journal/2026/2026-10-05.md": "## Wins\n- Wrote a page words:: 400 [[words]] stretch:: 2\n"
    "- Saw why the plot sagged #clarity [[book]]\n",
    "journal/2026/2026-11-18.md": "## Wins\n- Sent the email to the organisers [[talk]] "
    "stretch:: 4 ^email\n- Asked Ana for notes #help [[book]]\n",
    "journal/2026/2026-11-19.md": "## Wins\n- Pitched on stage stretch:: 5\n"
    "- Learned the venue has no projector #clarity\n",
    "journal/2026/2026-11-20.md": "## Wins\n- Got a reply [[#^email]] [[talk]] [[book]] ^reply\n"
    "- Wrote more words:: 300 [[words]]\n",
}


def built(run_cli: RunCli, vault: Path, out: Path) -> dict[str, str]:
    result = build(run_cli, vault, out)
    assert result.exit_code == 0, result.output
    return {path: data.decode("utf-8") for path, data in read_site(out).items()}


def section(html: str, heading_id: str) -> str:
    """The HTML of the ``<section>`` labelled by the heading ``heading_id``."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, flags=re.S)
    assert match, f"no section labelled {heading_id}"
    return match.group(1)


def card(html: str, title: str) -> str:
    """The index's goal card of the goal ``title``."""
    for item in re.findall(r'<li class="card">(.*?)</li>\n', html, flags=re.S):
        if f">{title}</a></h3>" in item:
            return str(item)
    raise AssertionError(f"no card for {title}")


# --- Problems belong to the preview, never to the published files ----------------------


def test_a_built_site_never_shows_the_vaults_problems(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            **VAULT,
            "journal/2026/2026-11-21.md": "- [x] Typo [[tlak]]\n",
            "journal/2026/broken.md": "---\ndate: [2026\n---\n- [x] Broken\n",
            # The variables stay, empty, so templates that use them keep working.
            "templates/goal.html": '{% extends "_base.html" %}{% block main %}'
            "<p>[{{ site.problem_count }}|{{ site.problems.listed | length }}|"
            "{{ site.problems.private }}|{{ site.problems.more }}]</p>{% endblock %}\n",
        }
    )
    site = built(run_cli, vault, tmp_path / "out")
    for path, text in site.items():
        for needle in ("problem", "unknown goal", "broken.md", "wins check", "yaml"):
            assert needle not in text.lower(), f"{needle!r} in {path}"
    assert "<p>[0|0|0|0]</p>" in site["goals/talk.html"]


# --- wins init: the sample goal teaches, and is not published ---------------------------


def test_the_sample_goal_of_wins_init_is_not_published(run_cli: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    assert run_cli(None, "init", str(root), "--today", TODAY).exit_code == 0
    sample = (root / "goals" / "notice-progress.md").read_text("utf-8")
    assert "## Milestones\n" in sample and "- [ ] " in sample  # still shows the syntax
    assert re.search(r"^private: true +# ", sample, flags=re.M)
    assert run_cli(root, "check").exit_code == 0
    site = built(run_cli, root, tmp_path / "out")
    assert sorted(site) == ["feed.xml", "index.html", "wins.json"]
    assert "Notice my progress" not in site["index.html"]
    assert "No goals yet" in site["index.html"]
    # A goal of one's own is published as ever.
    assert run_cli(root, "goal", "new", "run-a-half", "--today", TODAY).exit_code == 0
    assert "private: false" in (root / "goals" / "run-a-half.md").read_text("utf-8")
    assert "goals/run-a-half.html" in built(run_cli, root, tmp_path / "out")


# --- The index ------------------------------------------------------------------------


def test_a_milestone_goal_shows_its_wins_this_week_and_the_last_one(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    site = built(run_cli, make_vault(VAULT), tmp_path / "out")
    talk = read_html(card(site["index.html"], "Give the talk")).text
    assert "0% done: 0 of 2 milestones" in talk
    assert "2 wins this week" in talk
    assert "the last on 2026-11-20" in talk
    assert "0 wins this week" in read_html(card(site["index.html"], "Old habit")).text


def test_a_goal_card_captions_its_sparkline_or_says_there_is_nothing_to_draw(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    index = built(run_cli, make_vault(VAULT), tmp_path / "out")["index.html"]
    talk = card(index, "Give the talk")
    assert 'vector-effect="non-scaling-stroke"' in talk
    assert "Wins per week, last 12 weeks" in read_html(talk).text
    old = card(index, "Old habit")
    assert "<polyline" not in old
    assert "No wins in 12 weeks" in read_html(old).text


def test_a_new_vault_calendar_starts_at_the_first_wins_week(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault({"journal/2026/2026-11-04.md": "- [x] First win\n"})
    index = built(run_cli, vault, tmp_path / "out")["index.html"]
    year = section(index, "year-title")
    # Monday 2 November to Sunday 22 November: three weeks, not a year of empty days.
    assert len(re.findall(r"<rect ", year)) == 21
    assert "1 win on 1 of the last 21 days" in read_html(year).text
    assert re.search(r"Less.*More", read_html(year).text, flags=re.S)
    # A win more than a year old: the whole year, 53 weeks up to today.
    (vault / "journal/2025").mkdir()
    (vault / "journal/2025/2025-01-04.md").write_text("- [x] An old win\n", "utf-8")
    year = section(built(run_cli, vault, tmp_path / "out")["index.html"], "year-title")
    assert 365 <= len(re.findall(r"<rect ", year)) <= 371


def test_setbacks_and_stretch_have_a_section(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    index = built(run_cli, make_vault(VAULT), tmp_path / "out")["index.html"]
    text = " ".join(read_html(section(index, "setbacks-title")).text.split())
    assert "#clarity 2" in text and "#knowledge 0" in text and "#help 1" in text
    assert "October 2026 2.0 (1 win)" in text
    assert "November 2026 4.5 (2 wins)" in text
    assert "1 of 2 high-stretch wins (stretch 4 or 5) led to a next win" in text


# --- A goal's page ----------------------------------------------------------------------


def test_wins_on_a_goal_page_do_not_link_back_to_it(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    talk = built(run_cli, make_vault(VAULT), tmp_path / "out")["goals/talk.html"]
    wins = section(talk, "goal-wins-title")
    assert "Sent the email to the organisers" in wins
    assert 'href="../goals/talk.html"' not in talk
    assert '<a href="../goals/book.html">Write the book</a>' in wins  # other goals stay


def test_a_goal_page_draws_progress_over_time_with_its_milestones(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    site = built(run_cli, make_vault(VAULT), tmp_path / "out")
    book = section(site["goals/book.html"], "burnup-title")
    assert "<polyline" in book
    marks = re.findall(r"<circle [^>]*>.*?</circle>", book, flags=re.S)
    assert [read_html(mark).text for mark in marks] == [
        "Outline the acts, done 2026-10-01",
        "First chapter done, done 2026-11-02",
    ]
    assert "3 of 4 milestones" in read_html(book).text
    assert "1 done milestone has no date" in read_html(book).text
    words = read_html(section(site["goals/words.html"], "burnup-title")).text
    assert "700 of 1,000 words" in words


def test_a_goal_page_shows_the_chains_of_its_wins(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    site = built(run_cli, make_vault(VAULT), tmp_path / "out")
    chains = section(site["goals/talk.html"], "goal-chains-title")
    assert re.search(r"Sent the email to the organisers.*Got a reply", chains, flags=re.S)
    assert "No chains" in read_html(section(site["goals/old.html"], "goal-chains-title")).text

"""Creating files from templates through the Python API: entries, reviews, goals,
the vault itself, and the templates and their overrides."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from tests.conftest import MakeVault
from wins_md.capture.entries import add_win, entry_path, new_entry, new_review
from wins_md.capture.goals import new_goal
from wins_md.capture.review import parse_week
from wins_md.capture.scaffold import init_vault
from wins_md.config import CONFIG_NAME, Config, describe_keys, load_config
from wins_md.errors import SourceError, UsageProblem, WinsError
from wins_md.resources import shipped_templates
from wins_md.site.environment import make_environment, render_template
from wins_md.site.filters import md_line, yaml_str
from wins_md.vault.load import load_vault

DAY = dt.date(2026, 11, 22)
MONDAY = dt.date(2026, 11, 16)

WEEK_VAULT = {
    "wins.toml": "",
    "goals/speak-up.md": "---\ntitle: Speak up\nstarted: 2026-11-01\n---\n",
    "goals/novel.md": "---\ntitle: Write the novel\nstarted: 2026-09-01\n---\n",
    "goals/old-dream.md": "---\ntitle: Old dream\nstarted: 2026-01-01\n---\n",
    "journal/2026/2026-11-17.md": (
        "## Wins\n- [x] Sent the difficult email [[speak-up]] stretch:: 3 ^email\n"
        "- [x] Reorganised my desk\n- [x] Learned the deploy is blocked by DNS #clarity\n"
        "- [x] Done on its own day ✅ 2026-11-18\n\n"
        "## Micro-goals\n- [ ] Book the call [[speak-up]]\n- [ ] Draft chapter 3\n"
    ),
    "journal/2026/2026-11-19.md": (
        "## Wins\n- [x] Got the call [[speak-up]] [[2026-11-17#^email]]\n"
        "- [x] 300 words words:: 300 [[novel]] [[speak-up]]\n- [x] Private thing #private\n\n"
        "## Micro-goals\n- [x] Book the call [[speak-up]]\n- [ ] Draft chapter 3\n"
        "- [-] Tidy the garage\n"
    ),
    "journal/2026/2026-11-10.md": "- [x] Last week's win [[speak-up]]\n",
    "journal/2026/2026-11-23.md": "- [x] Next week's win\n",
}


def config_of(root: Path) -> Config:
    return load_config(root)


# --- new_entry and the day template --------------------------------------------------------


def test_a_new_entry_carries_the_last_entrys_open_micro_goals(make_vault: MakeVault) -> None:
    root = make_vault(WEEK_VAULT)
    path, created = new_entry(root, config_of(root), dt.date(2026, 11, 21))
    assert created and path == root / "journal/2026/2026-11-21.md"
    text = path.read_text("utf-8")
    assert text.startswith("---\ndate: 2026-11-21\n")
    assert "## Wins\n" in text and "one specific thing you moved forward today, or three" in text
    assert text.endswith(
        "## Micro-goals\n<!-- Still open from 2026-11-19: check off, or change "
        "[ ] to [-] to let go. -->\n- [ ] Draft chapter 3\n"
    )
    vault = load_vault(root)
    entry = next(e for e in vault.entries if e.file == "journal/2026/2026-11-21.md")
    assert entry.wins == () and [m.text for m in entry.micro_goals] == ["Draft chapter 3"]
    assert vault.problems == ()


def test_micro_goals_of_a_private_entry_are_not_carried(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "journal/2026/2026-11-21.md": "---\nprivate: true\n---\n- [ ] secret\n",
            "journal/2026/2026-11-20.md": "- [ ] public step\n",
        }
    )
    path, _ = new_entry(root, config_of(root), DAY)
    assert "secret" not in path.read_text("utf-8")
    assert "public step" not in path.read_text("utf-8")  # only the most recent entry counts


def test_an_existing_entry_is_returned_untouched(make_vault: MakeVault) -> None:
    root = make_vault({"journal/2026/2026-11-22.md": b"mine\r\nno newline"})
    path, created = new_entry(root, config_of(root), DAY)
    assert not created and path.read_bytes() == b"mine\r\nno newline"


def test_an_entry_of_that_date_under_another_name_is_used(make_vault: MakeVault) -> None:
    root = make_vault({"journal/old-style.md": "---\ndate: 2026-11-22\n---\n## Wins\n"})
    path, created = new_entry(root, config_of(root), DAY)
    assert (path, created) == (root / "journal/old-style.md", False)
    assert add_win(root, config_of(root), DAY, "here") == root / "journal/old-style.md"
    assert not entry_path(root, config_of(root), DAY).exists()


def test_the_journal_format_decides_the_path(make_vault: MakeVault) -> None:
    root = make_vault({"wins.toml": 'journal_dir = "Daily"\njournal_format = "YYYY_MM_DD"\n'})
    path, _ = new_entry(root, config_of(root), DAY)
    assert path == root / "Daily/2026_11_22.md"


def test_add_creates_the_entry_from_the_template_before_its_prompt(make_vault: MakeVault) -> None:
    root = make_vault({"wins.toml": ""})
    path = add_win(root, config_of(root), DAY, "First")
    add_win(root, config_of(root), DAY, "Second")
    text = path.read_text("utf-8")
    assert "-->\n- [x] First\n- [x] Second\n- \n\n## Micro-goals" in text
    assert [win.text for win in load_vault(root).wins] == ["First", "Second"]


def test_follows_by_id_links_the_note_that_holds_the_win(make_vault: MakeVault) -> None:
    root = make_vault(WEEK_VAULT)
    path = add_win(root, config_of(root), DAY, "Got the offer", follows="^email")
    assert "- [x] Got the offer [[2026-11-17#^email]]\n" in path.read_text("utf-8")
    with pytest.raises(
        UsageProblem,
        match=r"^--follows: no win has the block id '\^emial' "
        r"\(did you mean 'email'\?\)",
    ):
        add_win(root, config_of(root), DAY, "x", follows="emial")
    with pytest.raises(UsageProblem, match=r"^--follows: 'a b' is not a block id"):
        add_win(root, config_of(root), DAY, "x", follows="a b")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tags", ["two words"], "--tag: 'two words' is not a tag"),
        ("tags", ["#2026"], "--tag: '#2026' is not a tag"),
        ("goals", ["a|b"], "--goal: 'a|b' is not a goal slug"),
        ("stretch", 6, "--stretch: 6 is not in 1..5"),
    ],
)
def test_bad_fields_are_refused(
    make_vault: MakeVault, field: str, value: object, message: str
) -> None:
    root = make_vault({"wins.toml": ""})
    with pytest.raises(UsageProblem, match="^" + message):
        add_win(root, config_of(root), DAY, "x", **{field: value})  # type: ignore[arg-type]
    assert not (root / "journal").exists()


def test_a_missing_vault_folder_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(
        WinsError,
        match=r"^vault folder '.*nope' does not exist; create it "
        r"with 'wins init .*nope'$",
    ):
        add_win(tmp_path / "nope", Config(), DAY, "x")
    assert not (tmp_path / "nope").exists()


# --- templates ------------------------------------------------------------------------------


def test_a_vault_template_overrides_the_shipped_one(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "templates/day.md": "---\ndate: {{ date }}\n---\n# {{ weekday }}, "
            "{{ week }}\n## {{ win_heading }}\n"
        }
    )
    path, _ = new_entry(root, config_of(root), DAY)
    assert path.read_text("utf-8") == "---\ndate: 2026-11-22\n---\n# Sunday, 2026-W47\n## Wins\n"
    assert load_vault(root).entries[0].file == "journal/2026/2026-11-22.md"  # not the template


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "line one\n{% if %}\n",
            "templates/day.md:2: template error: Expected an expression, "
            "got 'end of statement block'",
        ),
        ("ok\n\n{{ nope.deeper }}\n", "templates/day.md:3: template error: 'nope' is undefined"),
        ("{{ 1 // 0 }}", "templates/day.md:1: template error: integer division or modulo by zero"),
    ],
)
def test_a_broken_template_is_reported_at_its_line(
    make_vault: MakeVault, source: str, message: str
) -> None:
    root = make_vault({"templates/day.md": source})
    with pytest.raises(SourceError) as raised:
        new_entry(root, config_of(root), DAY)
    assert str(raised.value) == message
    assert not (root / "journal").exists()


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ("a\n{{ x.y }}", "templates/part.md:2: template error: 'x' is undefined"),
        (
            "a\n\n{% endif %}",
            "templates/part.md:3: template error: Encountered unknown tag 'endif'.",
        ),
    ],
)
def test_an_error_in_an_included_template_points_at_it(
    make_vault: MakeVault, part: str, message: str
) -> None:
    root = make_vault({"templates/day.md": "{% include 'part.md' %}", "templates/part.md": part})
    with pytest.raises(SourceError) as raised:
        new_entry(root, config_of(root), DAY)
    assert str(raised.value) == message


def test_a_missing_included_template_is_named(make_vault: MakeVault) -> None:
    root = make_vault({"templates/day.md": "{% include 'gone.md' %}"})
    with pytest.raises(WinsError, match=r"^template 'gone\.md' not found"):
        new_entry(root, config_of(root), DAY)


def test_markdown_is_not_escaped_but_html_is(make_vault: MakeVault) -> None:
    root = make_vault({"templates/x.html": "{{ text }}", "templates/x.md": "{{ text }}"})
    env = make_environment(root, config_of(root))
    assert render_template(env, "x.md", {"text": "<b>&"}, root) == "<b>&"
    assert render_template(env, "x.html", {"text": "<b>&"}, root) == "&lt;b&gt;&amp;"


def test_the_shipped_templates_are_found() -> None:
    names = {path.name for path in shipped_templates().iterdir()}
    assert {"day.md", "week.md", "goal.md", "wins.toml"} <= names


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("plain", "plain"),
        ("[x] box", "\\[x] box"),
        ("# hash", "\\# hash"),
        ("12. numbered", "12\\. numbered"),
        ("- dash", "\\- dash"),
        ("a\n b", "a b"),
    ],
)
def test_md_line_keeps_a_text_on_one_plain_line(text: str, line: str) -> None:
    assert md_line(text) == line


@pytest.mark.parametrize(
    "value",
    [
        "Plain title",
        "Land: a role",
        "yes",
        "2026-11-22",
        "# x",
        "'quoted'",
        " padded ",
        "a\nb",
        "",
        "null",
        "12",
    ],
)
def test_yaml_str_reads_back_as_the_same_string(value: str) -> None:
    import yaml

    assert yaml.safe_load(f"key: {yaml_str(value)}") == {"key": value}


# --- reviews --------------------------------------------------------------------------------


def test_a_review_groups_the_weeks_wins_and_asks_the_questions(make_vault: MakeVault) -> None:
    root = make_vault(WEEK_VAULT)
    path = new_review(root, config_of(root), MONDAY, dt.date(2026, 11, 23))
    assert path == root / "reviews/2026-W47.md"
    text = path.read_text("utf-8")
    assert text.startswith("---\nweek: 2026-W47\nstart: 2026-11-16\nend: 2026-11-22\n---\n")
    assert "7 wins on 3 days; 1 the week before." in text
    assert (
        "## Wins by goal\n"
        "### Speak up ([[speak-up]])\n"
        "- Sent the difficult email (stretch 3) ([[2026-11-17#^email]])\n"
        "- Got the call ([[2026-11-19]])\n"
        "- 300 words ([[2026-11-19]])\n"
        "- Book the call ([[2026-11-19]])\n\n"
        "### Write the novel ([[novel]])\n"
        "- 300 words ([[2026-11-19]])\n\n"
    ) in text
    assert (
        "## Shiny objects?\n<!-- Wins linked to no goal: necessary, a joy, or a "
        "distraction? -->\n- Reorganised my desk ([[2026-11-17]])\n"
        "- Learned the deploy is blocked by DNS ([[2026-11-17]])\n"
        "- Done on its own day ([[2026-11-17]])\n\n"
    ) in text
    assert (
        "## Setbacks turned into wins\n- Learned the deploy is blocked by DNS ([[2026-11-17]])\n"
    ) in text
    assert "## Open micro-goals\n- Draft chapter 3 ([[2026-11-19]])\n\n" in text
    assert "## Stalled goals\n- [[old-dream]] Old dream: no win yet\n\n" in text
    assert (
        "### Momentum\n- Sent the difficult email ([[2026-11-17#^email]]) led to "
        "Got the call ([[2026-11-19]])\n"
    ) in text
    for prompt in (
        "create momentum",
        "align with a bigger goal",
        "slightly uncomfortable",
        "setbacks",
        "Clarity",
        "knowledge",
        "help",
    ):
        assert prompt in text
    assert "Private thing" not in text and "Next week's win" not in text


def test_a_review_does_not_count_its_wins_again(make_vault: MakeVault) -> None:
    root = make_vault(WEEK_VAULT)
    before = load_vault(root)
    new_review(root, config_of(root), MONDAY, DAY, include_private=True)
    after = load_vault(root)
    assert [w.to_json() for w in after.wins] == [w.to_json() for w in before.wins]
    assert after.micro_goals == before.micro_goals
    assert len(after.problems) == len(before.problems)


def test_a_review_with_private_wins_is_private(make_vault: MakeVault) -> None:
    root = make_vault(WEEK_VAULT)
    text = new_review(root, config_of(root), MONDAY, DAY, include_private=True).read_text()
    assert "private: true\n---\n" in text and "- Private thing ([[2026-11-19]])" in text
    assert next(e for e in load_vault(root).entries if e.kind == "review").private


PRIVATE_GOALS_VAULT = {
    **WEEK_VAULT,
    "goals/secret-plan.md": "---\ntitle: Secret plan title\nprivate: true\n---\n",
    "goals/secret-child.md": "---\ntitle: Secret child title\nparent: secret-plan\n---\n",
    "goals/secret-grandchild.md": (
        "---\ntitle: Secret grandchild title\nparent: secret-child\nstarted: 2026-01-01\n---\n"
    ),
    "journal/2026/2026-11-18.md": (
        "## Wins\n- [x] Plan win [[secret-plan]]\n- [x] Child win [[secret-child]]\n"
        "- [x] Grandchild win goal:: secret-grandchild\n"
        "- [x] Both win [[speak-up]] [[secret-child]]\n"
        "- [x] Chained win [[2026-11-19#^hushed]] ^chain\n"
        "- [x] Hidden tag (#private)\n- [x] Bracketed tag [#private]\n\n"
        "## Micro-goals\n- [ ] Open child step [[secret-child]]\n"
    ),
    "journal/2026/2026-11-19.md": WEEK_VAULT["journal/2026/2026-11-19.md"].replace(
        "- [x] Private thing #private\n", "- [x] Private thing #private ^hushed\n"
    ),
}


def test_a_review_leaves_out_private_goals_and_everything_below_them(
    make_vault: MakeVault,
) -> None:
    root = make_vault(PRIVATE_GOALS_VAULT)
    text = new_review(root, config_of(root), MONDAY, DAY).read_text("utf-8")
    for secret in ("Secret", "secret", "Plan win", "Child win", "Grandchild win", "Both win"):
        assert secret not in text
    for secret in ("hushed", "Open child step", "Hidden tag", "Bracketed tag"):
        assert secret not in text
    assert "- Chained win ([[2026-11-18#^chain]])" in text
    assert "\nprivate: true\n" not in text
    assert "## Stalled goals\n- [[old-dream]] Old dream: no win yet\n\n" in text


def test_a_review_with_private_goals_asked_for_names_them_and_is_private(
    make_vault: MakeVault,
) -> None:
    # No win carries a private tag: the goals alone make the review private.
    files = {**PRIVATE_GOALS_VAULT, "journal/2026/2026-11-19.md": "- [x] Public win\n"}
    files["journal/2026/2026-11-18.md"] = "- [x] Grandchild win goal:: secret-grandchild\n"
    root = make_vault(files)
    text = new_review(root, config_of(root), MONDAY, DAY, include_private=True).read_text()
    assert "Secret grandchild title" in text and "- Grandchild win ([[2026-11-18]])" in text
    assert "\nprivate: true\n---\n" in text


def test_a_review_is_never_overwritten(make_vault: MakeVault) -> None:
    root = make_vault({**WEEK_VAULT, "reviews/2026-W47.md": b"my thoughts\r\n"})
    with pytest.raises(
        WinsError,
        match=r"^reviews/2026-W47\.md already exists; wins never "
        r"overwrites a review",
    ):
        new_review(root, config_of(root), MONDAY, DAY)
    assert (root / "reviews/2026-W47.md").read_bytes() == b"my thoughts\r\n"


def test_an_empty_week_says_so(make_vault: MakeVault) -> None:
    root = make_vault({"wins.toml": ""})
    text = new_review(root, config_of(root), MONDAY, DAY).read_text("utf-8")
    assert "0 wins on 0 days; 0 the week before." in text
    assert "No win was linked to a goal this week." in text
    assert "None: every win served a goal." in text


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("2026-W47", MONDAY),
        ("2026w47", MONDAY),
        ("this", MONDAY),
        ("last", dt.date(2026, 11, 9)),
        ("2026-11-19", MONDAY),
        ("yesterday", MONDAY),
        ("2026-W01", dt.date(2025, 12, 29)),
        ("2026-W53", dt.date(2026, 12, 28)),
    ],
)
def test_weeks_are_read_in_many_ways(text: str, monday: dt.date) -> None:
    assert parse_week(text, DAY) == monday


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-W53", "'2025-W53': 2025 has no week 53"),
        ("soon", "'soon' is not a week; use 2026-W47, this, last, or a date in the week"),
    ],
)
def test_bad_weeks_are_explained(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_week(text, DAY)
    assert str(raised.value) == message


# --- goals ----------------------------------------------------------------------------------


def test_a_new_goal_walks_through_the_plan(make_vault: MakeVault) -> None:
    root = make_vault({"wins.toml": ""})
    path = new_goal(root, config_of(root), "land-role", "Land: a design role", DAY)
    assert path == root / "goals/land-role.md"
    text = path.read_text("utf-8")
    for heading in (
        "## The goal, stated specifically",
        "## Why it matters",
        "## Milestones",
        "## Obstacles",
        "## Options",
        "## First small action",
    ):
        assert f"\n{heading}\n" in text
    goal = load_vault(root).goals["land-role"]
    assert (goal.title, goal.status, goal.started, goal.due, goal.private) == (
        "Land: a design role",
        "active",
        DAY,
        None,
        False,
    )
    assert [m.text for m in goal.milestones][-1] == "Land: a design role"
    assert load_vault(root).problems == ()


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Land Role", "land-role"), ("a_b", "a-b"), ("-x", "x"), ("x--y", "x-y"), ("é", "e")],
)
def test_a_goal_name_becomes_its_slug(make_vault: MakeVault, name: str, slug: str) -> None:
    root = make_vault({"wins.toml": ""})
    assert new_goal(root, config_of(root), name) == root / "goals" / f"{slug}.md"


@pytest.mark.parametrize("name", ["日本語", "---", "!"])
def test_a_name_with_nothing_for_a_slug_is_refused(make_vault: MakeVault, name: str) -> None:
    root = make_vault({"wins.toml": ""})
    with pytest.raises(UsageProblem) as raised:
        new_goal(root, config_of(root), name)
    assert str(raised.value) == (
        f"'{name}' is not a goal slug; use lower-case letters, digits and dashes, "
        "like 'land-design-role'"
    )
    assert not (root / "goals").exists()


def test_a_goal_is_never_overwritten_even_in_a_subfolder(make_vault: MakeVault) -> None:
    root = make_vault({"goals/career/Land-Role.md": "mine"})
    with pytest.raises(
        WinsError,
        match=r"^goal 'land-role' already exists: "
        r"goals/career/Land-Role\.md; wins never overwrites",
    ):
        new_goal(root, config_of(root), "land-role")
    assert (root / "goals/career/Land-Role.md").read_text() == "mine"
    assert not (root / "goals/land-role.md").exists()


# --- init -----------------------------------------------------------------------------------


def test_init_scaffolds_a_vault_that_reads_cleanly(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    report = init_vault(root, DAY)
    assert [p.relative_to(tmp_path).as_posix() for p in report.created] == [
        "notes",
        "notes/wins.toml",
        "notes/journal",
        "notes/reviews",
        "notes/goals",
        "notes/templates",
        "notes/journal/2026/2026-11-22.md",
        "notes/goals/notice-progress.md",
    ]
    assert report.kept == []
    vault = load_vault(root)
    assert vault.problems == () and list(vault.goals) == ["notice-progress"]
    assert vault.config == Config()


def test_the_config_documents_every_key_with_its_default(tmp_path: Path) -> None:
    init_vault(tmp_path, DAY)
    text = (tmp_path / CONFIG_NAME).read_text("utf-8")
    assert "\n# [[rest]]\n# from = " in text, "rest periods are tables, shown by example"
    for key, default in describe_keys():
        if key == "rest":
            continue
        line = next(line for line in text.splitlines() if line.lstrip("# ").startswith(key))
        if default is not None:
            value = tomllib.loads(line.lstrip("# "))[key]
            assert value == (list(default) if isinstance(default, tuple) else default), key


def test_init_never_touches_an_existing_file(tmp_path: Path) -> None:
    files = {
        "wins.toml": b'journal_dir = "Daily"\r\n# mine\r\n',
        "Daily/2026/2026-11-22.md": b"my day, no newline",
        "goals/notice-progress.md": b"my goal",
    }
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    report = init_vault(tmp_path, DAY, with_templates=True)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in report.kept) == sorted(files)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in report.created) == [
        "reviews",
        "templates",
        "templates/day.md",
        "templates/goal.md",
        "templates/week.md",
    ]
    for rel, data in files.items():
        assert (tmp_path / rel).read_bytes() == data
    second = init_vault(tmp_path, DAY, with_templates=True)
    assert second.created == [] and len(second.kept) == 6


def test_init_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(WinsError, match="is a file, not a folder"):
        init_vault(tmp_path / "file", DAY)


def test_a_write_error_names_the_file(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"journal/2026/2026-11-22.md": "## Wins\n"})

    def refuse(source: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr("os.replace", refuse)
    with pytest.raises(WinsError) as raised:
        add_win(root, config_of(root), DAY, "x")
    assert str(raised.value) == "journal/2026/2026-11-22.md: cannot be written: Permission denied"
    assert (root / "journal/2026/2026-11-22.md").read_text() == "## Wins\n"
    assert [p.name for p in (root / "journal/2026").iterdir()] == ["2026-11-22.md"]


def test_no_win_headings_configured_still_adds_under_wins(make_vault: MakeVault) -> None:
    root = make_vault({"wins.toml": "win_headings = []\n", "journal/2026/2026-11-22.md": "x\n"})
    path = add_win(root, config_of(root), DAY, "y")
    assert path.read_text("utf-8") == "x\n\n## Wins\n\n- [x] y\n"


def test_a_control_character_in_a_goal_is_refused(make_vault: MakeVault) -> None:
    root = make_vault({"wins.toml": ""})
    with pytest.raises(UsageProblem, match=r"control character U\+0000"):
        add_win(root, config_of(root), DAY, "x", goals=["a\x00b"])

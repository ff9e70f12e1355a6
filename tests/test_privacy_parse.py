"""Privacy fails closed in the parser: every way front matter can say "private" hides the
file, whatever the key's case, the front matter's format (YAML or TOML) or a key set
twice; what cannot be read is reported at its line and hidden too. Also the parser's
handling of empty checkboxes and of numbers too long to be metrics."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import MakeVault, RunCli

from wins_md import Config, load_vault, parse_text

PATH = "journal/2026/2026-11-22.md"
SECRET = "- [x] Secret win\n"
UNTIL_FIXED = "the file is treated as private until then"


def parsed(text: str, path: str = PATH) -> tuple[bool, list[bool], list[str]]:
    """(the entry's privacy, each win's privacy, the problems as ``line: message``)."""
    entry, problems = parse_text(text, path, Config())
    return (
        entry.private,
        [win.private for win in entry.wins],
        [f"{p.line}: {p.message}" for p in problems],
    )


def check_lines(make_vault: MakeVault, run_cli: RunCli, text: str) -> list[str]:
    """``wins check`` on a vault holding the file: its problem lines (exit 1 expected)."""
    vault = make_vault({PATH: text})
    result = run_cli(vault, "check")
    assert result.exit_code == 1, result.output
    return result.stdout.splitlines()


HIDING_YAML = [
    "Private: true",
    "PRIVATE: true",
    "DRAFT: true",
    "Draft: yes",
    "Publish: false",
    "PUBLISH: no",
    "published: false",
    "Published: false",
    "private: yes",
    "tags: private",
    "tags: work, private",
    "tags: [private]",
    "tags: ['#private/health']",
    "Tags: [private]",
    "'Private': true",
]


@pytest.mark.parametrize("line", HIDING_YAML)
def test_yaml_flag_in_any_case_hides_the_file(line: str) -> None:
    private, wins, problems = parsed(f"---\n{line}\n---\n{SECRET}")
    assert (private, wins, problems) == (True, [True], [])


HIDING_TOML = [
    "private = true",
    "Private = true",
    "draft = true",
    "DRAFT = true",
    "publish = false",
    "published = false",
    'tags = ["private"]',
    '"private" = true',
]


@pytest.mark.parametrize("line", HIDING_TOML)
def test_toml_flag_hides_the_file(line: str) -> None:
    private, wins, problems = parsed(f"+++\n{line}\n+++\n{SECRET}")
    assert (private, wins, problems) == (True, [True], [])


@pytest.mark.parametrize(
    "front_matter",
    [
        "---\nprivate: false\n---\n",
        "---\nPrivate: false\n---\n",
        "---\npublish: true\n---\n",
        "---\nPublished: true\ndraft: false\n---\n",
        "---\ntags: [work]\n---\n",
        "+++\nprivate = false\npublished = true\n+++\n",
        "+++\ntitle = 'Plain TOML'\n+++\n",
    ],
)
def test_clear_public_flags_keep_the_file_public(front_matter: str) -> None:
    assert parsed(front_matter + "- [x] Public win\n") == (False, [False], [])


@pytest.mark.parametrize(
    ("line", "written", "shown"),
    [
        ('private: "true"', "private", "the text 'true'"),
        ("Private: 1", "Private", "'1'"),
        ("DRAFT: 'false'", "DRAFT", "the text 'false'"),
    ],
)
def test_flag_that_is_not_a_boolean_is_reported_and_hides(
    make_vault: MakeVault, run_cli: RunCli, line: str, written: str, shown: str
) -> None:
    text = f"---\ndate: 2026-11-22\n{line}\n---\n{SECRET}"
    assert check_lines(make_vault, run_cli, text) == [
        f"{PATH}:3: front matter '{written}': expected true or false, got {shown}; "
        "the file is treated as private until then"
    ]
    assert parsed(text)[:2] == (True, [True])


@pytest.mark.parametrize("value", ["false", "no", "OFF", "'false'", '"False"', "' false '"])
def test_published_false_hides_the_file(value: str) -> None:
    assert parsed(f"---\npublished: {value}\n---\n{SECRET}") == (True, [True], [])


@pytest.mark.parametrize(
    "value", ["2020-04-28", "", "2021-03-01T10:30:00+01:00", "true", "yes", "'soon'", "[false]"]
)
def test_published_as_a_date_or_anything_but_false_is_no_privacy_flag(value: str) -> None:
    """Obsidian's Web Clipper writes the article's date in ``published:``; only the
    Jekyll flag's false (a boolean, or the text "false") hides a file."""
    text = f"---\ntitle: An article\npublished: {value}\n---\n- [x] Read it ✅ 2026-11-20\n"
    assert parsed(text, "Clippings/an article.md") == (False, [False], [])


def test_toml_flag_that_is_not_a_boolean_is_reported_and_hides() -> None:
    assert parsed(f'+++\ntitle = "x"\nprivate = "false"\n+++\n{SECRET}') == (
        True,
        [True],
        [
            "3: front matter 'private': expected true or false, got the text 'false'; "
            "the file is treated as private until then"
        ],
    )


def test_toml_problem_is_reported_at_the_top_level_key() -> None:
    text = '+++\ntags = [\n  "work",\n]\ndraft = "yes"\n[params]\ndraft = true\n+++\n'
    assert parsed(text + SECRET) == (
        True,
        [True],
        [
            "5: front matter 'draft': expected true or false, got the text 'yes'; "
            "the file is treated as private until then"
        ],
    )


HIDING_PARAMS = [
    "+++\n[params]\nprivate = true\n+++\n",
    "+++\ntitle = 'x'\n[Params]\nDraft = true\n+++\n",
    "+++\n[params]\ntags = ['private']\n+++\n",
    "+++\nprivate = false\n[params]\npublish = false\n+++\n",
    "---\nparams:\n  private: true\n---\n",
    "---\nparams: {published: false}\n---\n",
]
HIDING_JSON = [
    '{\n  "private": true\n}\n',
    '{\n  "title": "x",\n  "Draft": true\n}\n',
    '{\r\n  "published": false\r\n}\r\n',
    '{\n  "tags": ["work", "private"]\n}\n',
    '{\n  "params": {"private": true}\n}\n',
]


@pytest.mark.parametrize("front_matter", HIDING_PARAMS + HIDING_JSON)
def test_flag_in_json_or_a_params_table_hides_the_file(front_matter: str) -> None:
    """Hugo keeps a page's own settings in ``[params]``, and writes front matter as JSON
    too (an object whose braces stand alone on lines): a flag there counts."""
    assert parsed(front_matter + SECRET) == (True, [True], [])


@pytest.mark.parametrize(
    "front_matter",
    [
        "+++\n[params]\nprivate = false\n+++\n",
        "+++\n[params]\nauthor = 'me'\n+++\n",
        "---\nparams: just text\n---\n",
        "---\nparams:\n  1: true\n  private: false\n---\n",
        "---\nsettings:\n  private: true\n---\n",
    ],
)
def test_params_without_a_hiding_flag_keep_the_file_public(front_matter: str) -> None:
    assert parsed(front_matter + "- [x] Public win\n") == (False, [False], [])


DOUBTFUL_PARAMS = [
    (
        "+++\ntitle = 'x'\n[params]\nprivate = 'no'\n+++\n",
        f"4: front matter 'params.private': expected true or false, got the text 'no'; "
        f"{UNTIL_FIXED}",
    ),
    (
        "---\ndate: 2026-11-22\nparams:\n  draft: 1\n---\n",
        f"4: front matter 'params.draft': expected true or false, got '1'; {UNTIL_FIXED}",
    ),
    (
        '{\n  "params": {\n    "publish": "no"\n  }\n}\n',
        f"3: front matter 'params.publish': expected true or false, got the text 'no'; "
        f"{UNTIL_FIXED}",
    ),
    (
        "---\nparams:\n  private: false\n  Private: true\n---\n",
        f"4: front matter 'params.private' is set more than once (lines 3, 4); keep one "
        f"({UNTIL_FIXED})",
    ),
    (
        "---\nparams:\n  private: true\n  private: false\n---\n",
        f"4: front matter 'params.private' is set more than once (lines 3, 4); keep one "
        f"({UNTIL_FIXED})",
    ),
    (
        "---\nbase: &base\n  private: true\nparams:\n  <<: *base\n  private: false\n---\n",
        f"6: front matter 'params.private' is set more than once (lines 3, 6); keep one "
        f"({UNTIL_FIXED})",
    ),
    (
        '{\n  "params": {\n    "draft": true,\n    "draft": false\n  }\n}\n',
        f"4: front matter 'params.draft' is set more than once (lines 3, 4); keep one "
        f"({UNTIL_FIXED})",
    ),
]
DOUBTFUL_JSON = [
    (
        '{\n  "title": "x",\n  "private": "no"\n}\n',
        f"3: front matter 'private': expected true or false, got the text 'no'; {UNTIL_FIXED}",
    ),
    (
        '{\n  "private": false,\n  "title": "x",\n  "Private": true\n}\n',
        f"4: front matter 'private' is set more than once (lines 2, 4); keep one ({UNTIL_FIXED})",
    ),
    (
        '{\n  "draft": false,\n  "draft": true\n}\n',
        f"3: front matter 'draft' is set more than once (lines 2, 3); keep one ({UNTIL_FIXED})",
    ),
    (
        '{\n  "title": "never closed"\n',
        "1: front matter opened with '{' is never closed; add a closing '}' line "
        f"({UNTIL_FIXED})",
    ),
    (
        '{\n  "a": {\n    "b": 1\n}\n  }\n',
        f"4: front matter is not valid JSON: Expecting ',' delimiter; fix it ({UNTIL_FIXED})",
    ),
    (
        '{\n  ["a list"]\n}\n',
        "2: front matter is not valid JSON: Expecting property name enclosed in double "
        f"quotes; fix it ({UNTIL_FIXED})",
    ),
]


@pytest.mark.parametrize(("front_matter", "problem"), DOUBTFUL_PARAMS + DOUBTFUL_JSON)
def test_doubtful_flag_or_json_is_reported_at_its_line_and_hides(
    front_matter: str, problem: str
) -> None:
    assert parsed(front_matter + SECRET) == (True, [True], [problem])


def test_a_brace_that_does_not_stand_alone_is_not_front_matter() -> None:
    assert parsed('{ "private": true } was a note about JSON\n- [x] Public win\n') == (
        False,
        [False],
        [],
    )


REPEATED = {
    "disagreeing": ("private: true\nprivate: false\n", "private", [2, 3]),
    "agreeing": ("private: false\ntitle: Retro\nprivate: false\n", "private", [2, 4]),
    "case-variants": ("draft: true\nDRAFT: false\n", "draft", [2, 3]),
    "quoted-key": ('"publish": false\npublish: true\n', "publish", [2, 3]),
    "jekyll-flag": ("published: false\nPublished: true\n", "published", [2, 3]),
    "tags": ("tags: [private]\ntags: [work]\n", "tags", [2, 3]),
    "merged-in": ("base: &base\n  private: true\n<<: *base\nprivate: false\n", "private", [3, 5]),
    "flow-mapping": ("{private: true, private: false}\n", "private", [2]),
}


@pytest.mark.parametrize("case", REPEATED)
def test_privacy_key_set_twice_hides_and_is_reported_at_its_line(
    make_vault: MakeVault, run_cli: RunCli, case: str
) -> None:
    front_matter, name, lines = REPEATED[case]
    text = f"---\n{front_matter}---\n{SECRET}"
    where = f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(map(str, lines))}"
    assert check_lines(make_vault, run_cli, text) == [
        f"{PATH}:{lines[-1]}: front matter '{name}' is set more than once ({where}); "
        "keep one (the file is treated as private until then)"
    ]
    assert parsed(text)[:2] == (True, [True])


def test_toml_key_set_twice_in_two_cases_hides_and_is_reported() -> None:
    text = f"+++\nprivate = true\ntitle = 'x'\nPrivate = false\n+++\n{SECRET}"
    assert parsed(text) == (
        True,
        [True],
        [
            "4: front matter 'private' is set more than once (lines 2, 4); "
            "keep one (the file is treated as private until then)"
        ],
    )


def test_other_keys_keep_their_case() -> None:
    entry, problems = parse_text(
        "---\nDate: 2026-11-01\nGoals: [novel]\n---\n- [x] Wrote\n", PATH, Config()
    )
    assert (entry.date, entry.wins[0].goals, problems) == (dt.date(2026, 11, 22), (), [])
    assert entry.meta == {"Date": dt.date(2026, 11, 1), "Goals": ["novel"]}


def test_toml_front_matter_is_read_like_yaml(make_vault: MakeVault, run_cli: RunCli) -> None:
    vault = make_vault(
        {
            "journal/2026/2026-11-20.md": (
                "+++\n"
                "date = 2026-11-19\n"
                'tags = ["career"]\n'
                "goals = ['speak-up']\n"
                "energy = 4\n"
                "+++\n"
                "## Wins\n"
                "- [x] Hugo entry win ^hugo\n"
            ),
            "journal/2026/2026-11-21.md": "+++\nprivate = true\n+++\n- [x] Hidden Hugo win\n",
        }
    )
    result = run_cli(vault, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "date": "2026-11-19",
            "text": "Hugo entry win ^hugo",
            "title": "Hugo entry win",
            "tags": ["career"],
            "goals": ["speak-up"],
            "fields": {},
            "id": "hugo",
            "follows": [],
            "file": "journal/2026/2026-11-20.md",
            "line": 8,
            "private": False,
        }
    ]
    every = run_cli(vault, "list", "--format", "json", "--include-private")
    assert [w["text"] for w in json.loads(every.stdout)] == [
        "Hugo entry win ^hugo",
        "Hidden Hugo win",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "+++\ndate = 2026-11-22\nprivate = \n+++\n",
            "3: front matter is not valid TOML: Invalid value; "
            "fix it (the file is treated as private until then)",
        ),
        (
            "+++\nprivate = false\nprivate = false\n+++\n",
            "3: front matter is not valid TOML: Cannot overwrite a value; "
            "fix it (the file is treated as private until then)",
        ),
        (
            "+++\nprivate = false\nlist = [1,\n+++\n",
            "4: front matter is not valid TOML: Invalid value; "
            "fix it (the file is treated as private until then)",
        ),
        (
            "+++\nprivate = false\n",
            "1: front matter opened with '+++' is never closed; add a closing '+++' line "
            "(the file is treated as private until then)",
        ),
        (
            "+++\nprivate = false\nn = " + "9" * 5000 + "\n+++\n",
            "1: front matter holds a value too long or nested too deeply to read; "
            "fix it (the file is treated as private until then)",
        ),
        (
            "+++\nprivate = false\nn = " + "[" * 3000 + "]" * 3000 + "\n+++\n",
            "1: front matter holds a value too long or nested too deeply to read; "
            "fix it (the file is treated as private until then)",
        ),
        (
            "---\nprivate: false\nn: " + "9" * 5000 + '\ntitle: "a: b"\n---\n',
            "1: front matter holds a value too long or nested too deeply to read; "
            "fix it (the file is treated as private until then)",
        ),
    ],
    ids=[
        "toml-missing-value",
        "toml-key-twice",
        "toml-at-end",
        "toml-never-closed",
        "toml-huge-int",
        "toml-deep",
        "yaml-huge-int",
    ],
)
def test_unreadable_front_matter_hides_and_is_reported(text: str, expected: str) -> None:
    assert parsed(text + SECRET) == (True, [True], [expected])


def test_published_site_leaves_every_new_case_out(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    secrets = {
        "notes/2026-11-15 a.md": "---\nPrivate: true\n---\n- [x] Secret-capitalised\n",
        "notes/2026-11-15 b.md": "---\npublished: false\n---\n- [x] Secret-jekyll\n",
        "notes/2026-11-15 c.md": "---\nprivate: true\nprivate: false\n---\n- [x] Secret-twice\n",
        "notes/2026-11-15 d.md": "+++\nprivate = true\n+++\n- [x] Secret-toml\n",
        "notes/2026-11-15 e.md": "+++\nprivate = \n+++\n- [x] Secret-broken-toml\n",
        "notes/2026-11-15 f.md": "---\ntags: private\n---\n- [x] Secret-tag-text\n",
        "notes/2026-11-15 g.md": "---\nPublish: false\n---\n- [x] Secret-publish-case\n",
        "notes/2026-11-15 h.md": "+++\n[params]\nprivate = true\n+++\n- [x] Secret-params\n",
        "notes/2026-11-15 i.md": '{\n  "draft": true\n}\n- [x] Secret-json\n',
    }
    vault = make_vault({**secrets, PATH: "- [x] Public-win\n"})
    out = tmp_path / "site"
    result = run_cli(vault, "build", "--out", str(out), "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    written = {p: p.read_bytes().lower() for p in out.rglob("*") if p.is_file()}
    assert any(b"public-win" in data for data in written.values())
    for path, data in written.items():
        assert b"secret-" not in data, f"private text leaks into {path.name}"


def test_empty_checkboxes_are_neither_goals_nor_wins_at_any_depth() -> None:
    text = "- Parent\n  - [ ]\n  - [x]\n  - [ ] Real goal\n  - [x] Real win\n> - [ ]\n"
    entry, problems = parse_text(text, PATH, Config())
    assert [m.title for m in entry.micro_goals] == ["Real goal"]
    assert [w.title for w in entry.wins] == ["Real win"]
    assert problems == []


def test_empty_milestone_is_not_counted(make_vault: MakeVault, run_cli: RunCli) -> None:
    vault = make_vault(
        {"goals/launch.md": "## Milestones\n- [x] Draft\n- [ ]\n- [ ] Ship\n- [x] \n"}
    )
    result = run_cli(vault, "stats", "--json", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    goal = json.loads(result.stdout)["goals"][0]
    assert (goal["done"], goal["total"], goal["progress"]) == (1, 2, 0.5)


def test_numbers_too_long_for_a_metric_stay_text(make_vault: MakeVault, run_cli: RunCli) -> None:
    huge, past_float = "9" * 5000, "9" * 400
    vault = make_vault(
        {
            "goals/digits.md": "---\nmetric: digits\ntarget: 10\n---\n",
            PATH: (
                f"- [x] Huge digits:: {huge} [[digits]]\n"
                f"- [x] Past a float [digits:: {past_float}.5] [[digits]]\n"
                f"- [x] Also past digits:: {past_float} [[digits]]\n"
                "- [x] Small digits:: 3 [[digits]]\n"
            ),
        }
    )
    loaded = load_vault(vault, cache=False)
    assert [w.fields["digits"] for w in loaded.wins] == [huge, past_float + ".5", past_float, 3]
    stats = run_cli(vault, "stats", "--json", "--today", "2026-11-22")
    assert stats.exit_code == 0, stats.output
    goal = json.loads(stats.stdout)["goals"][0]
    assert (goal["value"], goal["progress"]) == (3.0, 0.3)


NOT_TAGS = (
    "- [x] See [the plan](#private)\n"  # a link to a heading, not a tag
    "- [x] Paid `(#private)` in code\n"
    "- [x] Issue (#123) closed\n"  # all digits: not a tag
    "- [x] Priced a#private b\n"
)
"""Wins with a ``#private`` that is no tag: they stay public."""


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("- [x] Rent (#private)\n", ["private"]),
        ("- [x] Rent [#private]\n", ["private"]),
        ("- [x] Rent (paid, #shared [#private/money])\n", ["shared", "private/money"]),
        ("- [x] Rent ([#Private])\n", ["Private"]),
    ],
)
def test_a_private_tag_in_brackets_or_parentheses_hides_the_win(line: str, tags: list[str]) -> None:
    entry, problems = parse_text(f"{NOT_TAGS}{line}", PATH, Config())
    assert [win.private for win in entry.wins] == [False, False, False, False, True]
    assert list(entry.wins[-1].tags) == tags and problems == []
    assert [list(win.tags) for win in entry.wins[:-1]] == [[], [], [], []]


@pytest.mark.parametrize("body", ["(#private)\n", "[#private]\n", "Kept to myself (#private).\n"])
def test_a_private_tag_in_brackets_in_the_body_hides_the_note(body: str) -> None:
    assert parsed(f"See [the plan](#private).\n{body}- [x] Secret win\n") == (True, [True], [])
    assert parsed("See [the plan](#private).\n- [x] Public win\n") == (False, [False], [])

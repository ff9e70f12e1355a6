"""``wins build --preview`` and ``wins publish --preview``: what would be published, what
is held back and why, and what changed since the last build, written nowhere; and over
generated vaults, the wins the preview calls public are exactly the built ``wins.json``'s,
each other win held back for the reasons its files say."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from conftest import MakeVault, RunCli, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_support import TODAY, build, read_site, snapshot
from test_public_view import BODY_TAGS, DAYS, FILE_FLAGS, GOALS, GenGoal, GenNote, GenWin
from test_public_view import _vault_files as vault_files

HELD_VAULT = {
    "wins.toml": 'title = "Held"\n',
    "goals/public.md": (
        "---\ntitle: Public goal\n---\n## Milestones\n- [ ] Shown\n- [ ] Pay #private\n"
    ),
    "goals/secret.md": "---\ntitle: Secret goal\nprivate: true\n---\n",
    "goals/child.md": "---\ntitle: Child goal\nparent: secret\n---\n",
    "journal/2026-11-20.md": (
        "- [x] Shown win [[public]]\n"
        "- [x] Rent paid #private\n"
        "- [x] Asked for the raise [[child]]\n"
    ),
    "journal/2026-11-19.md": "---\nprivate: true\n---\n- [x] Therapy\n- [x] Journaled\n",
    "journal/2026-11-18.md": "---\ndraft: true\n---\n- [x] Half a thought\n",
    "journal/2026-11-17.md": "---\ntitle: [oops\n---\n- [x] Broken front matter win\n",
    "journal/2026-11-16.md": "#private\n\n- [x] Quiet day\n",
    "journal/2026-11-30.md": "- [x] Not yet\n",
}


def _preview(run_cli: RunCli, root: Path, *args: str) -> dict[str, object]:
    result = run_cli(root, "publish", "--preview", "--format", "json", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_the_preview_says_what_is_held_back_and_why_and_writes_nothing(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault(HELD_VAULT)
    before = snapshot(root)
    out = tmp_path / "site"
    result = run_cli(root, "build", "--preview", "--out", str(out), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert not out.exists()
    assert {k: v for k, v in snapshot(root).items() if not k.startswith(".wins")} == before
    text = result.stdout
    assert "4 files would be published: feed.xml, goals/public.html, index.html, wins.json" in text
    assert "1 win on 1 day; goals: public" in text
    groups: dict[str, list[str]] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("    "):
            groups[heading].append(line.strip())
        elif line.startswith("  "):
            heading = line.strip()
            groups[heading] = []
    expected = {
        "front matter that cannot be read for sure (private until fixed):": [
            "journal/2026-11-17.md:3: front matter is not valid YAML"
        ],
        "private file (private: true, publish: false or published: false):": [
            "goals/secret.md (goal 'Secret goal')",
            "journal/2026-11-19.md (2 wins)",
        ],
        "draft (draft: true):": ["journal/2026-11-18.md (1 win)"],
        "private tag:": [
            "journal/2026-11-16.md (1 win)",
            "journal/2026-11-20.md:2: Rent paid",
            "goals/public.md:6: milestone Pay",
        ],
        "private goal, or a goal below one:": [
            "goals/child.md (goal 'Child goal')",
            "journal/2026-11-20.md:3: Asked for the raise",
        ],
        "dated after today (published on its day):": [
            "journal/2026-11-30.md:1: 2026-11-30: Not yet"
        ],
    }
    for heading, items in expected.items():
        for item in items:
            assert any(line.startswith(item) for line in groups[heading]), (item, groups)
    assert "Held back: 7 wins, 2 goals, 6 private files, 1 later win" in text
    assert f"No earlier build in {out}: every file would be new." in text


def test_the_json_preview_lists_every_held_back_win_with_its_reasons(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(HELD_VAULT)
    preview = _preview(run_cli, root)
    held = preview["held_back"]
    assert isinstance(held, dict)
    reasons = {win["title"]: win["reasons"] for win in held["wins"]}
    assert reasons == {
        "Quiet day": ["private-tag"],
        "Broken front matter win": ["unreadable"],
        "Half a thought": ["draft"],
        "Therapy": ["private-file"],
        "Journaled": ["private-file"],
        "Rent paid": ["private-tag"],
        "Asked for the raise": ["private-goal"],
    }
    assert {goal["slug"]: goal["reasons"] for goal in held["goals"]} == {
        "secret": ["private-file"],
        "child": ["private-goal"],
    }
    assert [win["title"] for win in held["later"]] == ["Not yet"]
    assert [win["title"] for win in preview["wins"]] == ["Shown win"]  # type: ignore[index]
    assert preview["reasons"] == [
        "unreadable",
        "private-file",
        "draft",
        "private-tag",
        "private-goal",
    ]


def test_the_preview_compares_with_the_last_build(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "goals/a.md": "---\ntitle: A\n---\n",
            "goals/b.md": "---\ntitle: B\n---\n",
            "journal/2026-11-20.md": "- [x] Kept [[a]]\n- [x] Renamed later\n- [x] Dropped\n",
        }
    )
    out = tmp_path / "site"
    assert build(run_cli, root, out).exit_code == 0
    site = snapshot(out)
    (root / "goals/b.md").unlink()
    (root / "goals/c.md").write_text("---\ntitle: C\n---\n")
    (root / "journal/2026-11-20.md").write_text(
        "- [x] Kept [[a]]\n- [x] Renamed now\n- [x] Dropped #private\n- [x] Brand new\n"
    )
    preview = _preview(run_cli, root, "--out", str(out))
    changes = preview["changes"]
    assert isinstance(changes, dict)
    assert changes["last_build"] is True
    assert [win["title"] for win in changes["new_wins"]] == ["Renamed now", "Brand new"]
    assert [win["title"] for win in changes["removed_wins"]] == ["Renamed later", "Dropped"]
    assert (changes["pages_added"], changes["pages_removed"]) == (
        ["goals/c.html"],
        ["goals/b.html"],
    )
    text = run_cli(root, "build", "--preview", "--out", str(out), "--today", TODAY).stdout
    assert "  2 new wins:\n    2026-11-20  Renamed now\n    2026-11-20  Brand new\n" in text
    assert "  2 wins no longer published:\n" in text
    assert "  files added: goals/c.html\n  files removed: goals/b.html\n" in text
    assert snapshot(out) == site  # nothing written
    assert build(run_cli, root, out).exit_code == 0
    again = run_cli(root, "build", "--preview", "--out", str(out), "--today", TODAY).stdout
    assert "Since the last build:\n  no win or file added or removed\n" in again


def test_the_preview_refuses_a_folder_the_build_refuses(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault({"journal/2026-11-20.md": "- [x] A\n"})
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = run_cli(root, "publish", "--preview", "--out", str(out), "--today", TODAY)
    assert result.exit_code == 1
    assert "refusing to build into" in result.output and "notes.txt" in result.output
    usage = run_cli(root, "build", "--format", "json")
    assert usage.exit_code == 2 and "--format goes with --preview" in usage.output


# --- the property: the preview's public wins are the built wins.json's ------------------

FLAGS = {
    "private: true\n": "private-file",
    "publish: false\n": "private-file",
    "draft: true\n": "draft",
    "tags: [private]\n": "private-tag",
    "private: maybe\n": "unreadable",
    "title: [oops\n": "unreadable",
}
PRIVATE_TAGS = {"#private", "(#private)", "[#private]", "#Private/x"}
WIN_TAGS = ("", "#shared", "#work", *sorted(PRIVATE_TAGS))


@st.composite
def _goal(draw: st.DrawFn, number: int) -> GenGoal:
    parent = draw(st.one_of(st.none(), st.integers(0, len(GOALS) - 1)))
    flag = draw(st.sampled_from(("", "", *FLAGS)))
    return GenGoal(flag, None if parent == number else parent)


_WIN = st.builds(
    GenWin,
    tag=st.sampled_from(WIN_TAGS),
    goals=st.lists(st.integers(0, len(GOALS) - 1), max_size=2, unique=True).map(tuple),
    field_goal=st.booleans(),
    own_id=st.booleans(),
    follows=st.one_of(st.none(), st.integers(0, 12)),
)
_NOTE = st.builds(
    GenNote,
    day=st.integers(0, len(DAYS) - 1),
    flag=st.sampled_from(("", "", *FLAGS)),
    body_tag=st.sampled_from(BODY_TAGS),
    journal=st.just(True),  # dated by their name even when the front matter is broken
    wins=st.lists(_WIN, min_size=1, max_size=4).map(tuple),
)
VAULTS = st.tuples(
    st.tuples(*(_goal(number) for number in range(len(GOALS)))),
    st.lists(_NOTE, min_size=1, max_size=4),
)
assert set(FILE_FLAGS) - {""} <= set(FLAGS)


def _hidden_goals(goals: tuple[GenGoal, ...]) -> set[str]:
    """The goals private themselves or below a private one (the oracle of the test)."""
    hidden = set()
    for number in range(len(goals)):
        seen, current = set(), number
        while current is not None and current not in seen:
            if goals[current].flag:
                hidden.add(GOALS[number])
                break
            seen.add(current)
            current = goals[current].parent
    return hidden


def _expected_reasons(goals: tuple[GenGoal, ...], notes: list[GenNote]) -> dict[str, set[str]]:
    """Each win's name (``w0``: its title's first word) -> why it must be held back, from
    what the generator wrote."""
    hidden = _hidden_goals(goals)
    found: dict[str, set[str]] = {}
    count = 0
    for note in notes:
        note_reasons = {FLAGS[note.flag]} if note.flag else set()
        if note.body_tag.strip() in PRIVATE_TAGS:
            note_reasons.add("private-tag")
        for win in note.wins:
            reasons = set(note_reasons)
            if win.tag in PRIVATE_TAGS:
                reasons.add("private-tag")
            if hidden & {GOALS[goal] for goal in win.goals}:
                reasons.add("private-goal")
            found[f"w{count}"] = reasons
            count += 1
    return found


def _name(win: dict[str, str]) -> str:
    return win["title"].split()[0]


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(vault=VAULTS)
def test_the_preview_calls_public_exactly_the_wins_the_build_publishes(
    run_cli: RunCli, vault: tuple[tuple[GenGoal, ...], list[GenNote]]
) -> None:
    goals, notes = vault
    with tempfile.TemporaryDirectory() as folder:
        root = write_files(Path(folder) / "vault", vault_files(goals, notes))
        out = Path(folder) / "site"
        preview = _preview(run_cli, root, "--out", str(out))
        assert build(run_cli, root, out).exit_code == 0
        published = json.loads(read_site(out)["wins.json"])
        assert preview["wins"] == published["wins"]
        assert preview["goals"] == [
            {"slug": goal["slug"], "title": goal["title"]} for goal in published["goals"]
        ]
        assert preview["pages"] == sorted(read_site(out))
        held = preview["held_back"]
        assert isinstance(held, dict)
        expected = _expected_reasons(goals, notes)
        for win in published["wins"]:
            assert expected[_name(win)] == set(), win
        for win in held["wins"]:
            assert win["reasons"] and set(win["reasons"]) == expected[_name(win)], win
        shown = {_name(win) for win in published["wins"]} | {_name(w) for w in held["wins"]}
        assert shown == set(expected)  # every win is published or held back, never both
        assert len(shown) == len(published["wins"]) + len(held["wins"])
        hidden = {goal["slug"] for goal in held["goals"]}
        assert hidden == _hidden_goals(goals)

"""The terminal shows what the page shows: without ``--include-private``, ``wins list``
and ``wins stats`` count exactly the wins the built site publishes, whatever makes
something private (a file, a tag in any form, a goal or a goal above it), and a public
win that follows a private one names the private win's block id nowhere."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import MakeVault, RunCli, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_support import TODAY, build, read_site

OLD_NS = 1_700_000_000 * 10**9
"""Files dated far back: only files older than 2 seconds go into the list index."""


def _age(root: Path) -> None:
    for path in root.rglob("*.md"):
        os.utime(path, ns=(OLD_NS, OLD_NS))


def _list(run_cli: RunCli, root: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli(root, "list", "--format", "json", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def _stats(run_cli: RunCli, root: Path) -> dict[str, object]:
    result = run_cli(root, "stats", "--json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    found: dict[str, object] = json.loads(result.stdout)
    return found


def _site(run_cli: RunCli, root: Path, out: Path) -> dict[str, bytes]:
    result = build(run_cli, root, out)
    assert result.exit_code == 0, result.output
    return read_site(out)


def _keys(wins: list[dict[str, object]]) -> set[str]:
    return {json.dumps(win, sort_keys=True, ensure_ascii=False) for win in wins}


CHAIN_VAULT = {
    "wins.toml": 'title = "Chains"\n',
    "goals/job.md": "---\ntitle: Job\n---\n",
    "journal/2026-11-19.md": (
        "- [x] Called the recruiter #private ^hush-call\n- [x] Public start ^start\n"
    ),
    "notes/secret.md": "---\ndate: 2026-11-19\nprivate: true\n---\n- [x] Whispered ^hush-note\n",
    "journal/2026-11-20.md": (
        "- [x] Got the interview [[2026-11-19#^hush-call|after the call]] [[job]] ^interview\n"
        "- [x] Sent thanks [[#^interview]] [[secret#^hush-note]] [follows:: [[#^hush-call]]]\n"
        "- [x] Kept going [[2026-11-19#^start]]\n"
    ),
}


def test_a_public_win_that_follows_a_private_one_publishes_no_private_id(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault(CHAIN_VAULT)
    _age(root)
    site = _site(run_cli, root, tmp_path / "site")
    for path, data in site.items():
        assert b"hush" not in data, f"a private block id leaks into {path}"
    for _ in range(2):  # a full read, then the list index
        listed = _list(run_cli, root)
        assert "hush" not in json.dumps(listed)
        assert _keys(listed) == _keys(json.loads(site["wins.json"])["wins"])
    by_id = {win["id"]: win for win in listed}
    assert by_id["interview"]["follows"] == []
    assert by_id["interview"]["text"] == "Got the interview after the call [[job]] ^interview"
    assert by_id[None]["follows"] == ["start"]  # a chain between public wins is kept
    everything = _list(run_cli, root, "--include-private")
    assert "hush-call" in json.dumps(everything)  # the private view keeps the chain


PRIVATE_GOAL_VAULT = {
    "wins.toml": 'title = "Goals"\n',
    "goals/public.md": "---\ntitle: Public\n---\n",
    "goals/hidden.md": "---\ntitle: Hidden\ndraft: true\n---\n",
    "goals/below.md": "---\ntitle: Below\nparent: hidden\n---\n",
    "goals/deeper.md": "---\ntitle: Deeper\nparent: below\n---\n",
    "journal/2026-11-20.md": (
        "- [x] Public win [[public]]\n- [x] Hidden win [[hidden]]\n"
        "- [x] Below win [[below]]\n- [x] Deeper win goal:: deeper\n"
        "- [x] Mixed win [[public]] [[deeper]]\n"
    ),
}


def test_list_and_stats_leave_out_the_wins_of_private_goals_at_every_depth(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault(PRIVATE_GOAL_VAULT)
    _age(root)
    for _ in range(2):  # a full read, then the list index
        assert [win["title"] for win in _list(run_cli, root)] == ["Public win"]
    assert [win["title"] for win in _list(run_cli, root, "--goal", "below")] == []
    stats = _stats(run_cli, root)
    assert stats["total_wins"] == 1
    assert [goal["slug"] for goal in stats["goals"]] == ["public"]  # type: ignore[union-attr]
    text = run_cli(root, "list", "--today", TODAY).stdout
    assert "Public win" in text and "Below" not in text and "Deeper" not in text
    everything = _list(run_cli, root, "--include-private")
    assert [(win["title"], win["private"]) for win in everything] == [
        ("Public win", False),
        ("Hidden win", True),
        ("Below win", True),
        ("Deeper win", True),
        ("Mixed win", True),
    ]
    site = _site(run_cli, root, tmp_path / "site")
    assert sorted(path for path in site if path.startswith("goals/")) == ["goals/public.html"]


def test_a_problem_in_the_file_of_a_goal_below_a_private_one_is_only_counted(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault(
        {
            **PRIVATE_GOAL_VAULT,
            "goals/deeper.md": "---\ntitle: Deeper\nparent: below\nmetric: words\n---\n",
        }
    )
    site = _site(run_cli, root, tmp_path / "site")
    check = run_cli(root, "check")
    assert "goals/deeper.md" in check.stdout  # the problem is there, for its author
    for path, data in site.items():
        assert b"deeper" not in data.lower(), path


# --- the property: over generated vaults, the terminal and the site agree ---------------

GOALS = ("g0", "g1", "g2", "g3")
DAYS = ("2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21")
FILE_FLAGS = ("", "private: true\n", "draft: true\n", "publish: false\n", "tags: [private]\n")
BODY_TAGS = ("", "(#private)\n", "[#private]\n", "#private\n", "#shared\n")
WIN_TAGS = ("", "#shared", "#private", "(#private)", "[#private]", "#Private/x", "#work")


@dataclass(frozen=True)
class GenWin:
    tag: str
    goals: tuple[int, ...]
    field_goal: bool
    own_id: bool
    follows: int | None
    """The number of an earlier win this one follows (when that win has an id)."""


@dataclass(frozen=True)
class GenNote:
    day: int
    flag: str
    body_tag: str
    journal: bool
    wins: tuple[GenWin, ...]


@dataclass(frozen=True)
class GenGoal:
    flag: str
    parent: int | None


@st.composite
def _goal(draw: st.DrawFn, number: int) -> GenGoal:
    parent = draw(st.one_of(st.none(), st.integers(0, len(GOALS) - 1)))
    return GenGoal(draw(st.sampled_from(FILE_FLAGS)), None if parent == number else parent)


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
    flag=st.sampled_from(FILE_FLAGS),
    body_tag=st.sampled_from(BODY_TAGS),
    journal=st.booleans(),
    wins=st.lists(_WIN, min_size=1, max_size=4).map(tuple),
)
VAULTS = st.tuples(
    st.tuples(*(_goal(number) for number in range(len(GOALS)))),
    st.lists(_NOTE, min_size=1, max_size=4),
)


def _vault_files(goals: tuple[GenGoal, ...], notes: list[GenNote]) -> dict[str, str]:
    files = {"wins.toml": 'title = "Generated"\n'}
    for number, goal in enumerate(goals):
        parent = f"parent: {GOALS[goal.parent]}\n" if goal.parent is not None else ""
        files[f"goals/{GOALS[number]}.md"] = (
            f"---\ntitle: Goal {GOALS[number]}\n{goal.flag}{parent}---\n"
        )
    count = 0
    where: dict[int, str] = {}  # each win's note name, for links to its block id
    for index, note in enumerate(notes):
        day = DAYS[note.day]
        name = f"{day}-{index}"
        path = f"journal/{name}.md" if note.journal else f"notes/n{index}.md"
        lines = [f"---\ndate: {day}\n{note.flag}---\n", note.body_tag]
        for win in note.wins:
            parts = [f"- [x] w{count} done", win.tag]
            links = [GOALS[goal] for goal in win.goals]
            if win.field_goal and links:
                parts.append(f"goal:: {links.pop()}")
            parts += [f"[[{link}]]" for link in links]
            if win.follows is not None and win.follows in where:
                parts.append(f"[[{where[win.follows]}#^b{win.follows}]]")
            if win.own_id:
                parts.append(f"^b{count}")
                where[count] = path.rsplit("/", 1)[1][:-3]
            lines.append(" ".join(part for part in parts if part) + "\n")
            count += 1
        files[path] = "".join(lines)
    return files


@pytest.mark.slow
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(vault=VAULTS)
def test_the_terminal_lists_and_counts_exactly_what_the_site_publishes(
    run_cli: RunCli, vault: tuple[tuple[GenGoal, ...], list[GenNote]]
) -> None:
    goals, notes = vault
    with tempfile.TemporaryDirectory() as folder:
        root = write_files(Path(folder) / "vault", _vault_files(goals, notes))
        _age(root)
        site = _site(run_cli, root, Path(folder) / "site")
        published = json.loads(site["wins.json"])
        full_read = _list(run_cli, root)
        assert _keys(full_read) == _keys(published["wins"])
        assert (root / ".wins" / "list-index.json.gz").is_file()
        assert _list(run_cli, root) == full_read  # from the list index
        stats = _stats(run_cli, root)
        assert stats["total_wins"] == len(published["wins"])
        assert stats["days_with_wins"] == len({win["date"] for win in published["wins"]})
        assert stats["goals"] == published["goals"]
        # What the terminal shows names nothing private: no private win, no private goal,
        # no private win's block id.
        everything = _list(run_cli, root, "--include-private")
        hidden = {win["id"] for win in everything if win["private"]} - {
            win["id"] for win in everything if not win["private"]
        }
        public_goals = {goal["slug"] for goal in published["goals"]}
        for win in full_read:
            assert win["private"] is False
            assert set(win["goals"]) <= public_goals  # type: ignore[arg-type]
            assert not hidden.intersection(win["follows"])  # type: ignore[arg-type]
            assert not any(f"#^{name}]]" in str(win["text"]) for name in hidden)

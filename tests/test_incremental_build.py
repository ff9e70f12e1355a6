"""A build after a change renders only the goal pages whose content changed, and
writes exactly what a build from scratch of the same vault writes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MakeVault, ManualEvents, RunCli, write_files
from tests.watch_support import DEADLINE, watching

TODAY = "2026-11-22"
DAYS = ("2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22")
NOTES = (*DAYS, "2026-11-20 evening", "2026-11-21 evening")
"""Daily notes by name: two of the days have a second note."""
SLUGS = ("book", "chapter", "run", "health")
PARENTS = {"chapter": "book", "run": "health"}
TITLES = ("Write the book", "Write & ship the book", "Run <far>", "Feel strong")


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".wins-manifest.json"
    }


def rendered_goal_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The goal pages rendered from now on, by their card's slug."""
    from wins_md.site import render

    seen: list[str] = []
    original = render.stream_template

    def spy(env: Any, name: str, context: Any, root: Path) -> Any:
        if name == "goal.html":
            seen.append(context["card"].stats.slug)
        return original(env, name, context, root)

    monkeypatch.setattr(render, "stream_template", spy)
    return seen


def test_a_new_win_renders_only_the_pages_that_list_it(
    make_vault: MakeVault, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(
        {
            "goals/book.md": "---\ntitle: Write the book\n---\n",
            "goals/chapter.md": "---\ntitle: Chapter one\nparent: book\n---\n",
            "goals/health.md": "---\ntitle: Feel strong\n---\n",
            "goals/run.md": "---\ntitle: Run a half\n---\n",
            "journal/2026/2026-11-20.md": "## Wins\n- Outlined [[chapter]]\n- Ran 5 km [[run]]\n",
        }
    )
    assert run_cli(root, "build", "--today", TODAY).exit_code == 0
    rendered = rendered_goal_pages(monkeypatch)
    write_files(root, {"journal/2026/2026-11-21.md": "## Wins\n- Drafted a scene [[chapter]]\n"})
    result = run_cli(root, "build", "--today", TODAY)
    assert result.exit_code == 0, result.output
    # The chapter's page and the book's above it list the new win; the run's is kept.
    assert sorted(rendered) == ["book", "chapter"]
    cold = root.parent / "cold"
    assert run_cli(root, "build", "--today", TODAY, "--no-cache", "--out", str(cold)).exit_code == 0
    assert site_files(root / "site") == site_files(cold)


def test_a_page_changed_by_hand_is_rendered_again(
    make_vault: MakeVault, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(
        {
            "goals/book.md": "---\ntitle: Write the book\n---\n",
            "goals/run.md": "---\ntitle: Run a half\n---\n",
            "journal/2026/2026-11-20.md": "## Wins\n- Ran 5 km [[run]]\n- Outlined [[book]]\n",
        }
    )
    assert run_cli(root, "build", "--today", TODAY).exit_code == 0
    page = root / "site/goals/run.html"
    before = page.read_bytes()
    page.write_bytes(b"edited")
    write_files(root, {"journal/2026/2026-11-21.md": "## Wins\n- A win for no goal\n"})
    rendered = rendered_goal_pages(monkeypatch)
    assert run_cli(root, "build", "--today", TODAY).exit_code == 0
    assert rendered == ["run"]  # the book's page is kept as it was
    assert page.read_bytes() == before


# --- Random edits ------------------------------------------------------------------


class Model:
    """The vault as data: notes by name (each a list of wins and a privacy flag) and
    goals by slug."""

    def __init__(self) -> None:
        self.notes: dict[str, tuple[list[str], bool]] = {DAYS[0]: (["Started [[book]]"], False)}
        self.goals: dict[str, tuple[str, bool, str]] = {
            slug: (slug.title(), False, "active") for slug in SLUGS
        }

    def files(self) -> dict[str, str]:
        files = {}
        for day, (wins, private) in self.notes.items():
            front = "---\nprivate: true\n---\n" if private else ""
            files[f"journal/2026/{day}.md"] = (
                front + "## Wins\n" + "".join(f"- {w}\n" for w in wins)
            )
        for slug, (title, private, status) in self.goals.items():
            parent = f"parent: {PARENTS[slug]}\n" if slug in PARENTS else ""
            private_line = "private: true\n" if private else ""
            files[f"goals/{slug}.md"] = (
                f"---\ntitle: {title!r}\nstatus: {status}\n{parent}{private_line}---\n"
            )
        return files


win_texts = st.builds(
    lambda words, goals, tag, extra: " ".join(
        [words, *(f"[[{g}]]" for g in goals), tag, extra]
    ).strip(),
    st.sampled_from(["Wrote", "Ran far", "Called *Ana*", "Shipped `v2`", "Fixed <it>"]),
    st.lists(st.sampled_from(SLUGS), max_size=2, unique=True),
    st.sampled_from(["", "#writing", "#private", "stretch:: 4", "#clarity"]),
    # Block ids (some used twice), chains to them (some to private wins, some broken),
    # and done dates that move a win to another day.
    st.sampled_from(
        [
            "",
            "",
            "^a",
            "^b",
            f"[[{DAYS[0]}#^a]]",
            f"[[{DAYS[1]}#^b]]",
            "✅ 2026-11-21",
            "✅ 2026-11-19 ^b",
            "✅ 2026-11-20",
        ]
    ),
)


def edit(model: Model, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(["add", "add", "edit", "delete", "goal", "note privacy"]))
    if kind == "add":
        name = data.draw(st.sampled_from(NOTES))
        wins, private = model.notes.get(name, ([], False))
        model.notes[name] = ([*wins, data.draw(win_texts)], private)
        return
    if kind == "goal":
        slug = data.draw(st.sampled_from(SLUGS))
        title = data.draw(st.sampled_from(TITLES))
        private = data.draw(st.booleans())
        status = data.draw(st.sampled_from(["active", "done", "paused"]))
        model.goals[slug] = (title, private, status)
        return
    if not model.notes:
        return
    day = data.draw(st.sampled_from(sorted(model.notes)))
    wins, private = model.notes[day]
    if kind == "note privacy":
        model.notes[day] = (wins, not private)
    elif wins:
        index = data.draw(st.integers(0, len(wins) - 1))
        if kind == "edit":
            wins = [*wins[:index], data.draw(win_texts), *wins[index + 1 :]]
        else:
            wins = wins[:index] + wins[index + 1 :]
        model.notes[day] = (wins, private)


def write_model(root: Path, model: Model, stamp: list[int]) -> list[str]:
    """Write the vault; every file gets a later time than any before, so that a change
    of the same size is never taken for no change. Returns the files written."""
    stamp[0] += 1
    written = []
    for rel, text in model.files().items():
        path = root / rel
        old = path.read_text("utf-8") if path.exists() else None
        if old != text:
            write_files(root, {rel: text})
            os.utime(path, ns=(stamp[0] * 10**9, stamp[0] * 10**9))
            written.append(rel)
    return written


RANDOM_EDITS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""Builds (and a watcher) after a few rounds of random edits: each example is slow."""


def random_vault(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Model, list[int], dict[str, str]]:
    """A vault written from a new random model: the folder, the model, the clock its
    files are stamped with, and the environment that fixes the build time."""
    root = tmp_path_factory.mktemp("vault")
    stamp = [1_700_000_000]
    model = Model()
    write_files(root, {"wins.toml": 'title = "Random"\n'})
    write_model(root, model, stamp)
    return root, model, stamp, {"SOURCE_DATE_EPOCH": "1764000000"}


@pytest.mark.slow
@RANDOM_EDITS
@given(data=st.data())
def test_a_build_after_random_edits_is_a_build_from_scratch(
    tmp_path_factory: pytest.TempPathFactory, run_cli: RunCli, data: st.DataObject
) -> None:
    root, model, stamp, env = random_vault(tmp_path_factory)
    assert run_cli(root, "build", "--today", TODAY, env=env).exit_code == 0
    for step in range(data.draw(st.integers(1, 4))):
        for _ in range(data.draw(st.integers(1, 3))):
            edit(model, data)
        write_model(root, model, stamp)
        result = run_cli(root, "build", "--today", TODAY, env=env)
        assert result.exit_code == 0, result.output
        cold = root.parent / f"{root.name}-cold-{step}"
        fresh = run_cli(root, "build", "--today", TODAY, "--no-cache", "--out", str(cold), env=env)
        assert fresh.exit_code == 0, fresh.output
        assert site_files(root / "site") == site_files(cold)


@pytest.mark.slow
@RANDOM_EDITS
@given(data=st.data())
def test_the_watcher_after_random_edits_writes_a_build_from_scratch(
    tmp_path_factory: pytest.TempPathFactory,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    data: st.DataObject,
) -> None:
    """The watcher patches what it keeps of the last build where files changed; what it
    writes is still what a build from scratch writes."""
    root, model, stamp, env = random_vault(tmp_path_factory)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", env["SOURCE_DATE_EPOCH"])
    events = ManualEvents()
    with watching(root, source=events) as watcher:
        for step in range(data.draw(st.integers(1, 5))):
            for _ in range(data.draw(st.integers(1, 3))):
                edit(model, data)
            written = set(write_model(root, model, stamp))
            number = watcher.log.last.number + 1 if watcher.log.last else 1
            for rel in written:
                events.record(str(root / rel), False)
            while written:
                record = watcher.log.wait_for(number, DEADLINE)
                assert record is not None and record.failure is None, record
                written -= set(record.changed)
                number = record.number + 1
            cold = root.parent / f"{root.name}-cold-{step}"
            fresh = run_cli(
                root, "build", "--today", TODAY, "--no-cache", "--out", str(cold), env=env
            )
            assert fresh.exit_code == 0, fresh.output
            assert site_files(root / "site") == site_files(cold)


def test_a_save_in_the_watcher_looks_again_only_at_the_wins_it_changed(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = {
        f"journal/2026/2026-10-{day:02}.md": f"## Wins\n- Ran {day} km [[run]]\n- Wrote [[book]]\n"
        for day in range(1, 31)
    }
    root = make_vault(
        {
            "goals/book.md": "---\ntitle: Write the book\n---\n",
            "goals/run.md": "---\ntitle: Run a half\n---\n",
            "goals/chapter.md": "---\ntitle: Chapter one\nparent: book\n---\n",
            "goals/health.md": "---\ntitle: Feel strong\n---\n",
            # A public win that links to a private one: every public win is looked at
            # for links to take out.
            "journal/2026/2026-11-01.md": "## Wins\n- Private call #private ^call\n"
            "- Followed up [[2026-11-01#^call]]\n- Slept well [[health]]\n",
            **notes,
        }
    )
    from wins_md import stats
    from wins_md.vault import privacy

    looked_at: list[str] = []
    counted: list[str] = []
    original_links, original_stats = privacy.without_links, stats._goal_stats
    monkeypatch.setattr(
        privacy,
        "without_links",
        lambda win, ids: looked_at.append(win.text) or original_links(win, ids),
    )
    monkeypatch.setattr(
        stats,
        "_goal_stats",
        lambda goal, *rest: counted.append(goal.slug) or original_stats(goal, *rest),
    )
    events = ManualEvents()
    with watching(root, source=events) as watcher:
        looked_at.clear()
        counted.clear()
        write_files(
            root,
            {
                "journal/2026/2026-10-05.md": notes["journal/2026/2026-10-05.md"]
                + "- Drafted [[chapter]]\n"
            },
        )
        events.record(str(root / "journal/2026/2026-10-05.md"), False)
        record = watcher.log.wait_for(2, DEADLINE)
        assert record is not None and record.failure is None
    # The note's three wins, not the 63 of the vault; the goals its wins serve.
    assert sorted(looked_at) == ["Drafted [[chapter]]", "Ran 5 km [[run]]", "Wrote [[book]]"]
    assert sorted(counted) == ["book", "chapter", "run"]

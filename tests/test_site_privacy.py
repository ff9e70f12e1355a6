"""The private-leak matrix: every way of marking something private, each with its own
marker in the win text, tags, goal title and file name, searched for in every file the
build writes, with the published numbers checked to leave it out."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import RunCli, write_files
from site_support import build, read_feed, read_html, read_site

BASE = {
    "wins.toml": 'title = "Leak tests"\n',
    "goals/public-goal.md": (
        "---\ntitle: Public goal\n---\n## Milestones\n- [x] Public milestone ✅ 2026-11-02\n"
        "- [ ] Public open milestone\n"
    ),
    "journal/2026/2026-11-20.md": (
        "- [x] Public win one #shared [[public-goal]]\n- [x] Public win two #shared\n"
    ),
    "journal/2026/2026-11-21.md": "- [x] Public win three\n",
}
PUBLIC_WINS = 4
PUBLIC_DAYS = ("2026-11-21", "2026-11-20", "2026-11-02")
SHARED_TAG_COUNT = 2
# Private content is dated 2026-11-15, a day with no public win.
PRIVATE_DAY = "2026-11-15"


def _entry(front_matter: str, marker: str, *, tags: str = "") -> str:
    """A note holding two wins that carry the marker, in their text and a tag."""
    return (
        f"{front_matter}## Wins\n"
        f"- [x] Win {marker} in the text #shared #{marker}-tag {tags}\n"
        f"- [x] Another {marker} win [[public-goal]] #shared {tags}\n"
    )


@dataclass(frozen=True)
class Case:
    """A way of marking something private: the files it adds, given the case's marker
    (``secret-<case>``), and the public files and settings it needs besides BASE."""

    files: Callable[[str], dict[str, str]]
    public: dict[str, str] = field(default_factory=dict)
    toml: str = ""
    problem: bool = False
    """A file whose privacy cannot be read: left out, and reported."""
    comparable: bool = True
    """The site is the one built without the case's files (False when leaving them out
    changes what is reported, such as a parent goal that would then be unknown)."""


def _note(
    flag: str, *, bom: str = "", newline: str = "\n", problem: bool = False, body: str = ""
) -> Case:
    """A private note (marker in its name) holding wins, flagged in its front matter (or
    by a tag in its ``body``)."""

    def files(marker: str) -> dict[str, str]:
        text = bom + _entry(f"---\ndate: {PRIVATE_DAY}\n{flag}\n---\n{body}", marker)
        return {f"notes/{marker}.md": text.replace("\n", newline)}

    return Case(files, problem=problem)


def _tagged(tags: str, toml: str = "") -> Case:
    """Wins made private by a tag, in a public daily entry."""
    return Case(
        lambda marker: {f"journal/2026/{PRIVATE_DAY}.md": _entry("", marker, tags=tags)}, toml=toml
    )


def _broken(front_matter: str) -> Case:
    """A daily entry (marker in its name) whose front matter cannot be read."""
    return Case(
        lambda marker: {f"journal/2026/{PRIVATE_DAY}-{marker}.md": _entry(front_matter, marker)},
        problem=True,
    )


def _private_goal(marker: str) -> dict[str, str]:
    return {
        f"goals/{marker}.md": (
            f"---\ntitle: Goal {marker} title\nprivate: true\n---\n## Milestones\n"
            f"- [x] Milestone {marker} done ✅ {PRIVATE_DAY}\n- [ ] Milestone {marker} open\n"
        ),
        f"journal/2026/{PRIVATE_DAY}.md": (
            f"- [x] Linked win {marker} #shared [[{marker}]]\n"
            f"- [x] Aliased win {marker} [[{marker}|a nice alias]]\n"
            f"- [x] Field-linked win {marker} goal:: {marker}\n"
            f"- [x] Win for both {marker} [[public-goal]] [[{marker}]]\n"
        ),
        f"notes/{PRIVATE_DAY} default goal.md": (
            f"---\ngoals: [{marker}]\n---\n- [x] Default-goal win {marker} #shared\n"
        ),
    }


def _private_parent_goal(marker: str) -> dict[str, str]:
    """A private goal with a child and a grandchild that do not say so themselves: they
    are private too, and so are the wins that serve them."""
    return {
        f"goals/{marker}.md": f"---\ntitle: {marker}\nprivate: true\n---\n",
        f"goals/{marker}-child.md": (
            f"---\ntitle: Child {marker} title\nparent: {marker}\n---\n## Milestones\n"
            f"- [x] Child milestone {marker} ✅ {PRIVATE_DAY}\n"
        ),
        f"goals/{marker}-grandchild.md": (
            f"---\ntitle: Grandchild {marker} title\nparent: {marker}-child\n---\n"
        ),
        f"journal/2026/{PRIVATE_DAY}.md": (
            f"- [x] Child win {marker} #shared [[{marker}-child]]\n"
            f"- [x] Grandchild win {marker} goal:: {marker}-grandchild\n"
            f"- [x] Win for both {marker} [[public-goal]] [[{marker}-grandchild]]\n"
        ),
    }


def _private_milestones(marker: str) -> dict[str, str]:
    return {
        "goals/public-goal.md": BASE["goals/public-goal.md"]
        + (
            f"- [x] Milestone {marker} done ✅ {PRIVATE_DAY} #private\n"
            f"- [ ] Milestone {marker} open #private/plans\n"
        )
    }


CASES: dict[str, Case] = {
    "private-true": _note("private: true"),
    "private-true-capitalised-value": _note("private: True"),
    "draft-true": _note("draft: true"),
    "publish-false": _note("publish: false"),
    "publish-no": _note("publish: no"),
    "entry-tags-list": _note("tags: [work, private]"),
    "entry-tags-nested": _note("tags: [private/health]"),
    "entry-tags-scalar": _note('tags: "#private"'),
    "bom-private-true": _note("private: true", bom="\ufeff"),
    "bom-crlf-private-true": _note("private: true", bom="\ufeff", newline="\r\n"),
    "private-yes-string": _note('private: "yes"', problem=True),
    "private-one": _note("private: 1", problem=True),
    "private-false-string": _note("private: 'false'", problem=True),
    "draft-true-string": _note('draft: "true"', problem=True),
    "private-empty": _note("private:\n", problem=True),
    "win-tag": _tagged("#private"),
    "win-tag-nested": _tagged("#private/secret-win-tag-nested-sub"),
    "win-tag-capitalised": _tagged("#Private"),
    "custom-private-tag": _tagged("#hidden", toml='private_tags = ["hidden"]\n'),
    "win-tag-parenthesised": _tagged("(#private)"),
    "win-tag-bracketed": _tagged("[#private/money]"),
    "body-tag-parenthesised": _note("title: A note", body="(#private)\n"),
    "win-tag-mid-text": Case(
        lambda marker: {
            f"journal/2026/{PRIVATE_DAY}.md": f"- [x] Win {marker} #private then more #shared\n"
        }
    ),
    "front-matter-wins": Case(
        lambda marker: {
            f"notes/{marker}.md": (
                f"---\ndate: {PRIVATE_DAY}\nprivate: true\nwins:\n  - Win {marker} #shared\n---\n"
            )
        }
    ),
    "private-goal": Case(_private_goal),
    "private-parent-goal": Case(_private_parent_goal),
    "milestone-tag": Case(_private_milestones),
    "review-win-tag": Case(
        lambda marker: {
            "reviews/2026-W46.md": (
                f"## Notes\n- [x] Review win {marker} ✅ {PRIVATE_DAY} #private\n"
            )
        }
    ),
    "private-review": Case(
        lambda marker: {
            f"reviews/{marker}.md": (
                f"---\nprivate: true\n---\n- [x] Review win {marker} ✅ {PRIVATE_DAY} #shared\n"
            )
        }
    ),
    "broken-yaml": _broken("---\nprivate: [false\n---\n"),
    "unclosed-front-matter": _broken("---\nprivate: false\n"),
    "front-matter-not-a-mapping": _broken("---\n- private\n---\n"),
}


def _build(run_cli: RunCli, root: Path, files: dict[str, str]) -> tuple[dict[str, bytes], str]:
    vault = write_files(root / "vault", files)
    result = build(run_cli, vault, root / "site")
    assert result.exit_code == 0, result.output
    return read_site(root / "site"), result.output


def _case_files(case: str) -> tuple[dict[str, str], dict[str, str]]:
    """(the vault with the case's private content, the same vault without it)."""
    spec = CASES[case]
    public = {**BASE, **spec.public}
    public["wins.toml"] += spec.toml
    return {**public, **spec.files(f"secret-{case}")}, public


def _total_wins(html: str) -> int:
    match = re.search(r"Total wins\s*(\d+)", read_html(html).text)
    assert match, "no total on the page"
    return int(match.group(1))


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_private_content_reaches_no_published_file(
    run_cli: RunCli, tmp_path: Path, case: str
) -> None:
    with_private, _without = _case_files(case)
    site, output = _build(run_cli, tmp_path / "with", with_private)
    marker = f"secret-{case}"

    for path, data in site.items():
        assert marker not in path.lower()
        assert marker.encode() not in data.lower(), f"{marker} leaks into {path}"
        assert b"secret-" not in data.lower(), f"private text leaks into {path}"

    document = json.loads(site["wins.json"])
    assert len(document["wins"]) == PUBLIC_WINS
    assert all(win["private"] is False for win in document["wins"])
    assert _total_wins(site["index.html"].decode()) == PUBLIC_WINS

    _root, entries = read_feed(site["feed.xml"])
    assert tuple(entry.updated[:10] for entry in entries) == PUBLIC_DAYS
    assert sum(int(entry.title.split()[0]) for entry in entries) == PUBLIC_WINS

    page = read_html(site["index.html"].decode()).text
    assert "0 wins on Sunday 15 November 2026" in page  # the heatmap cell's label
    assert f"{PUBLIC_WINS} wins on {len(PUBLIC_DAYS)} of the last" in page
    shared = re.search(r"#shared\s*(\d+)", page)
    assert shared and int(shared.group(1)) == SHARED_TAG_COUNT

    goal = next(g for g in document["goals"] if g["slug"] == "public-goal")
    assert (goal["done"], goal["total"]) == (1, 2)
    assert goal["last_win"] == "2026-11-20"

    if CASES[case].problem:
        # Left out, and said so: the file is reported with the reason.
        assert f"{marker}.md:" in output and "treated as private" in output


@pytest.mark.slow
@pytest.mark.parametrize(
    "case", [case for case, spec in CASES.items() if spec.comparable and not spec.problem]
)
def test_a_vault_with_private_content_publishes_what_it_would_without_it(
    run_cli: RunCli, tmp_path: Path, case: str
) -> None:
    with_private, without = _case_files(case)
    site, _output = _build(run_cli, tmp_path / "with", with_private)
    baseline, _output = _build(run_cli, tmp_path / "without", without)
    assert sorted(site) == sorted(baseline)
    for path in site:
        assert site[path] == baseline[path], path


@pytest.mark.parametrize("case", ["private-goal", "private-parent-goal"])
def test_the_private_goal_has_no_page_and_no_card(
    run_cli: RunCli, tmp_path: Path, case: str
) -> None:
    with_private, _without = _case_files(case)
    site, _output = _build(run_cli, tmp_path, with_private)
    assert sorted(path for path in site if path.startswith("goals/")) == ["goals/public-goal.html"]
    assert [goal["slug"] for goal in json.loads(site["wins.json"])["goals"]] == ["public-goal"]

"""The machine-readable outputs of ``wins build``: ``wins.json`` against the JSON Schema
shipped in the package, and ``feed.xml`` as an Atom feed."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import MakeVault, RunCli
from site_support import ATOM, TODAY, build, read_feed, read_html

import wins_md
from wins_md.resources import schema_path
from wins_md.site.views import FEED_DAYS

EXAMPLES = Path(__file__).parent.parent / "examples"

TITLE = "Ana\u2019s wins & goals"  # a typographic apostrophe and an ampersand
RICH_VAULT = {
    "wins.toml": f'title = "{TITLE}"\n',
    "goals/career.md": "---\ntitle: A new career\nstatus: active\n---\nNo milestones yet.\n",
    "goals/land-role.md": (
        "---\ntitle: Land a design role\nstatus: active\nstarted: 2026-10-01\n"
        "due: 2027-03-31\nmetric: applications\ntarget: 20\nparent: career\n---\n"
        "## Milestones\n- [x] Portfolio with 10 pieces ✅ 2026-11-01\n"
        "- [ ] Send 20 applications\n"
    ),
    "goals/novel.md": (
        "---\ntitle: Finish the novel\nstatus: paused\ndue: 2026-12-31\n---\n"
        "## Milestones\n- [x] Outline\n- [ ] Draft\n- [ ] Edit\n"
    ),
    "journal/2026/2026-11-09.md": (
        "---\ndate: 2026-11-09\ntags: [career]\ngoals: [land-role]\n---\n## Wins\n"
        "- [x] Sent the application to Linear applications:: 1 ^linear-app\n"
        "- Wrote 300 words words:: 300 [[novel]] #writing/drafts\n"
    ),
    "journal/2026/2026-11-12.md": (
        "## Wins\n- [x] Got a call from Linear [[2026-11-09#^linear-app]] ^linear-call "
        "[[land-role]] stretch:: 4\n"
        "- [x] Learned the deploy is blocked by DNS #clarity\n"
        "- [x] Linked a goal that does not exist [[no-such-goal]]\n"
    ),
    "journal/2026/2026-11-20.md": (
        '---\ndate: 2026-11-20\nwins:\n  - "Front-matter win #writing"\n---\n'
        "- [x] Interview with Linear [[#^linear-call]] [[land-role]] [rating:: 4.5] "
        "📅 2026-11-21\n"
        "- [x] Tried *emphasis*, `code` and [a link](https://example.com/x?a=1&b=2)\n"
        "- [x] Wrote in Swedish: “Jag skrev” 🎉 #språk\n"
    ),
    "journal/2026/2026-11-25.md": "- [x] A win dated after today\n",
    "reviews/2026-W46.md": "## Reflection\n- [x] Asked for help ✅ 2026-11-14 #help\n",
}


def _build_json(run_cli: RunCli, vault: Path, out: Path) -> dict[str, Any]:
    result = build(run_cli, vault, out)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads((out / "wins.json").read_bytes())
    return document


@pytest.fixture
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path().read_text("utf-8"))
    return loaded


def _validate(document: object, schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema).validate(document)


def test_the_schema_is_a_valid_draft_2020_12_schema_shipped_in_the_package(
    schema: dict[str, Any],
) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # The wheel packages the wins_md folder, so the schema must live inside it.
    assert schema_path().parent == Path(wins_md.__file__).parent


def test_a_rich_vault_gives_wins_json_that_matches_the_schema(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, schema: dict[str, Any]
) -> None:
    document = _build_json(run_cli, make_vault(RICH_VAULT), tmp_path / "out")
    _validate(document, schema)
    assert document["version"] == 1
    assert document["title"] == TITLE
    assert document["updated"] == TODAY
    assert {goal["slug"] for goal in document["goals"]} == {"career", "land-role", "novel"}
    fields = {key for win in document["wins"] for key in win["fields"]}
    assert {"applications", "words", "stretch", "rating", "due", "completion"} <= fields


def test_the_example_vault_gives_wins_json_that_matches_the_schema(
    run_cli: RunCli, tmp_path: Path, schema: dict[str, Any]
) -> None:
    document = _build_json(run_cli, EXAMPLES, tmp_path / "out")
    _validate(document, schema)
    assert len(document["wins"]) > 20
    assert len(document["goals"]) >= 3


def test_wins_json_holds_what_wins_list_and_wins_stats_print(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(RICH_VAULT)
    document = _build_json(run_cli, vault, tmp_path / "out")
    listed = run_cli(vault, "list", "--format", "json", "--today", TODAY)
    stats = run_cli(vault, "stats", "--json", "--today", TODAY)
    assert document["wins"] == json.loads(listed.stdout)
    assert document["goals"] == json.loads(stats.stdout)["goals"]


def test_wins_json_escapes_markup_characters_and_reads_back_the_same(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault({"journal/2026-11-20.md": "- [x] Said <b>no</b> & meant it\n"})
    out = tmp_path / "out"
    document = _build_json(run_cli, vault, out)
    raw = (out / "wins.json").read_text("utf-8")
    assert not set("<>&") & set(raw)
    assert document["wins"][0]["text"] == "Said <b>no</b> & meant it"


_DELETE = object()
BROKEN = [
    ("version", 2),
    ("version", _DELETE),
    ("extra", True),
    ("updated", "yesterday"),
    ("wins.0.private", True),
    ("wins.0.date", "2026-13-01"),
    ("wins.0.date", None),
    ("wins.0.line", 0),
    ("wins.0.tags", "career"),
    ("wins.0.fields", {"words": [300]}),
    ("wins.0.id", "has space"),
    ("wins.0.colour", "red"),
    ("wins.0.follows", _DELETE),
    ("goals.0.status", "someday"),
    ("goals.0.progress", 1.5),
    ("goals.0.done", -1),
    ("goals.0.due", "31/12/2026"),
    ("goals.0.wins", 3),
    ("goals.0.stalled", "no"),
]


def _change(document: dict[str, Any], path: str, value: object) -> None:
    *parents, last = path.split(".")
    target: Any = document
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "value"),
    BROKEN,
    ids=[f"{path}={'deleted' if value is _DELETE else value!r}" for path, value in BROKEN],
)
def test_the_schema_rejects_a_broken_document(
    make_vault: MakeVault,
    run_cli: RunCli,
    tmp_path: Path,
    schema: dict[str, Any],
    path: str,
    value: object,
) -> None:
    document = _build_json(run_cli, make_vault(RICH_VAULT), tmp_path / "out")
    _validate(document, schema)
    broken = copy.deepcopy(document)
    _change(broken, path, value)
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken, schema)


# --- The Atom feed ---------------------------------------------------------------------

RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _build_feed(run_cli: RunCli, vault: Path, out: Path) -> bytes:
    result = build(run_cli, vault, out)
    assert result.exit_code == 0, result.output
    return (out / "feed.xml").read_bytes()


def test_the_feed_is_atom_with_the_required_elements(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root, entries = read_feed(_build_feed(run_cli, make_vault(RICH_VAULT), tmp_path / "out"))
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{name}") or "").strip(), name
    assert root.findtext(f"{ATOM}title") == TITLE
    assert root.findtext(f"{ATOM}author/{ATOM}name") == TITLE
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": "feed.xml", "alternate": "index.html"}
    assert RFC_3339.match(root.findtext(f"{ATOM}updated") or "")
    for entry in entries:
        assert entry.id.startswith("urn:uuid:")
        assert entry.title
        assert RFC_3339.match(entry.updated), entry.updated
        dt.datetime.fromisoformat(entry.updated)
        assert entry.link.startswith("index.html")
    assert len({entry.id for entry in entries}) == len(entries)


def test_the_feed_has_one_entry_per_day_with_wins_newest_first(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root, entries = read_feed(_build_feed(run_cli, make_vault(RICH_VAULT), tmp_path / "out"))
    days = [entry.updated[:10] for entry in entries]
    # 2026-11-25 is after --today: not yet in the feed.
    assert days == ["2026-11-20", "2026-11-14", "2026-11-12", "2026-11-09", "2026-11-01"]
    assert root.findtext(f"{ATOM}updated") == "2026-11-20T00:00:00Z"
    assert entries[0].title == "4 wins on Friday 20 November 2026"
    assert entries[-1].title == "1 win on Sunday 1 November 2026"
    assert entries[0].link == "index.html#day-2026-11-20"


def test_each_entry_lists_that_days_wins_as_escaped_html(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    feed = _build_feed(run_cli, make_vault(RICH_VAULT), tmp_path / "out")
    assert b"<li>" not in feed  # the HTML is text inside <content>, not XML elements
    _root, entries = read_feed(feed)
    newest = read_html(entries[0].content)
    items = [element for element in newest.elements if element.tag == "li"]
    assert len(items) == 4
    assert "Interview with Linear" in newest.text
    assert "Jag skrev" in newest.text
    assert {"em", "code", "a"} <= {element.tag for element in newest.elements}
    link = next(element for element in newest.elements if element.tag == "a")
    assert link.attrs["href"] == "https://example.com/x?a=1&b=2"
    assert "Wrote 300 words" in read_html(entries[3].content).text


def test_entry_ids_stay_the_same_across_rebuilds_and_new_days(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(RICH_VAULT)
    first_root, first = read_feed(_build_feed(run_cli, vault, tmp_path / "one"))
    (vault / "journal/2026/2026-11-21.md").write_text("- [x] One more\n", "utf-8")
    second_root, second = read_feed(_build_feed(run_cli, vault, tmp_path / "two"))
    assert first_root.findtext(f"{ATOM}id") == second_root.findtext(f"{ATOM}id")
    assert second[0].updated.startswith("2026-11-21")
    assert {entry.updated: entry.id for entry in second[1:]} == {
        entry.updated: entry.id for entry in first
    }


def test_the_feed_holds_the_latest_days_with_wins_up_to_its_cap(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    start = dt.date(2026, 11, 22) - dt.timedelta(days=2 * (FEED_DAYS + 10))
    files = {
        f"journal/{day.isoformat()}.md": f"- [x] Win of {day.isoformat()}\n"
        for day in (start + dt.timedelta(days=2 * i) for i in range(FEED_DAYS + 11))
    }
    _root, entries = read_feed(_build_feed(run_cli, make_vault(files), tmp_path / "out"))
    assert len(entries) == FEED_DAYS
    assert entries[0].updated.startswith(TODAY)
    oldest = dt.date(2026, 11, 22) - dt.timedelta(days=2 * (FEED_DAYS - 1))
    assert entries[-1].updated.startswith(oldest.isoformat())
    # Days older than the page's recent list link to the page itself.
    assert entries[-1].link == "index.html"


def test_an_empty_vault_gives_a_valid_feed_without_entries(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root, entries = read_feed(_build_feed(run_cli, make_vault({"wins.toml": ""}), tmp_path / "out"))
    assert entries == []
    assert root.findtext(f"{ATOM}updated") == f"{TODAY}T00:00:00Z"

"""Hostile text through every way content reaches the site (win text, tags, goal titles
and file names, front matter, inline fields, reviews, the vault's title): nothing
executable may reach any output file, and template syntax stays text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeVault, RunCli, write_files
from site_support import ATOM, build, read_feed, read_html, read_site, unsafe_markup

from wins_md.cli.main import cli

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": '"><svg onload=alert(1)>',
    "attribute-break": "' onmouseover='alert(1)",
    "javascript-link": "[x](javascript:alert(1))",
    "javascript-mixed-case": "[x](JaVaScRiPt:alert(1))",
    "javascript-spaces": "[x](  javascript:alert(1))",
    "javascript-entity": "[x](java&#115;cript:alert(1))",
    "javascript-autolink": "<javascript:alert(1)>",
    "vbscript-link": "[x](vbscript:msgbox(1))",
    "data-html-link": "[x](data:text/html,<script>alert(1)</script>)",
    "data-html-base64": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data-image-link": "[x](data:image/png;base64,iVBORw0KGgo=)",
    "image": "![x](https://example.com/pixel.png)",
    "jinja-expression": "{{ 7*7 }}",
    "jinja-statement": "{% for i in range(3) %}loop{% endfor %}",
    "jinja-raw": "{% raw %}{{ 7*7 }}{% endraw %}",
    "cdata-end": "]]></content><entry>",
    "xml-entity": "<!DOCTYPE x [<!ENTITY e 'boom'>]>&e;",
}
# Template syntax must come out as the literal text, never evaluated.
LITERAL = ("{{ 7*7 }}", "{% for i in range(3) %}loop{% endfor %}")
TODAY = "2026-11-22"


def _yaml(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    return json.dumps(text)


def _vault_files(payload: str) -> dict[str, str]:
    """The payload in the vault's title, a goal's title, slug and milestone, a win's text,
    tags and fields, front-matter tags and wins, and a review."""
    return {
        "wins.toml": f"title = {json.dumps('Wins ' + payload)}\n",
        "goals/hostile.md": (
            f"---\ntitle: {_yaml('Goal ' + payload)}\nmetric: {_yaml(payload)}\ntarget: 3\n"
            f"due: 2027-01-01\n---\n## Milestones\n- [x] Milestone {payload} ✅ 2026-11-20\n"
            f"- [ ] Open milestone {payload}\n"
        ),
        f"goals/{_file_name(payload)}.md": f"---\ntitle: Named {_yaml(payload)}\n---\n",
        "journal/2026/2026-11-20.md": (
            f"---\ntags: [{_yaml(payload)}, {_yaml('#' + payload)}]\n"
            f"wins:\n  - {_yaml('Front matter ' + payload)}\n---\n## Wins\n"
            f"- [x] Win {payload} [[hostile]] ^start\n"
            f"- [x] Plain tag #tag-{_tag(payload)} [[{_file_name(payload)}]]\n"
            f"- [x] Fields [note:: {payload.replace(']', ')')}] rating:: {_tag(payload)}\n"
            f"- Follow-up {payload} [[#^start]] [[{_file_name(payload)}|{payload}]]\n"
        ),
        "journal/2026/2026-11-21.md": (
            f"- [x] **Bold {payload}** and `code {payload}` stretch:: 3\n"
            f"> [!note]\n> - [x] In a callout {payload}\n"
        ),
        "reviews/2026-W47.md": f"## Review\n{payload}\n- [x] Review win {payload} ✅ 2026-11-19\n",
    }


def _file_name(payload: str) -> str:
    """The payload as a file name (no slash, which no file name can hold)."""
    return payload.replace("/", "\u2215").strip() or "blank"


def _tag(payload: str) -> str:
    """The characters of the payload that a #tag can hold."""
    return "".join(ch for ch in payload if ch.isalnum() or ch in "-_/") or "x"


@pytest.fixture(scope="module", params=PAYLOADS.values(), ids=PAYLOADS.keys())
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, bytes]:
    """The site built from a vault full of one payload (built once for the three tests)."""
    root = tmp_path_factory.mktemp("xss")
    vault = write_files(root / "vault", _vault_files(request.param))
    result = CliRunner().invoke(
        cli,
        ["--vault", str(vault), "build", "--out", str(root / "out"), "--today", TODAY],
        env={"WINS_VAULT": None},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    files = read_site(root / "out")
    assert len([path for path in files if path.startswith("goals/")]) == 2
    return files


@pytest.mark.slow
def test_no_html_page_holds_executable_markup(site: dict[str, bytes]) -> None:
    for path, data in site.items():
        if path.endswith(".html"):
            assert unsafe_markup(data.decode("utf-8")) == [], path


def test_the_feed_holds_only_atom_elements_and_safe_html(site: dict[str, bytes]) -> None:
    root, entries = read_feed(site["feed.xml"])
    allowed = {
        f"{ATOM}{name}"
        for name in (
            "feed",
            "id",
            "title",
            "subtitle",
            "updated",
            "author",
            "name",
            "generator",
            "link",
            "entry",
            "content",
        )
    }
    assert {element.tag for element in root.iter()} <= allowed
    assert entries
    for entry in entries:
        assert unsafe_markup(entry.content) == []
        assert not entry.link.lower().lstrip().startswith(("javascript:", "data:"))


def test_wins_json_holds_no_markup_and_keeps_the_text(site: dict[str, bytes]) -> None:
    assert not set(b"<>&") & set(site["wins.json"])
    document = json.loads(site["wins.json"])
    assert document["title"].startswith("Wins ")
    texts = " ".join(win["text"] for win in document["wins"])
    assert "Win " in texts


@pytest.mark.parametrize("literal", LITERAL)
def test_template_syntax_in_content_stays_literal_text(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path, literal: str
) -> None:
    vault = make_vault(_vault_files(literal))
    assert build(run_cli, vault, tmp_path / "out").exit_code == 0
    site = read_site(tmp_path / "out")
    index = read_html(site["index.html"].decode()).text
    assert f"Win {literal}" in index
    assert f"Wins {literal}" in index  # the vault's title
    goal = read_html(site["goals/hostile.html"].decode()).text
    assert f"Goal {literal}" in goal
    assert f"Milestone {literal}" in goal
    _root, entries = read_feed(site["feed.xml"])
    assert any(f"Win {literal}" in read_html(entry.content).text for entry in entries)
    for path, data in site.items():
        text = data.decode("utf-8")
        assert "Win 49" not in text and "looploop" not in text, path
    assert json.loads(site["wins.json"])["title"] == f"Wins {literal}"


def test_a_hostile_link_is_shown_as_text_and_a_safe_one_as_a_link(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            "journal/2026-11-20.md": (
                "- [x] Read [the guide](https://example.com/guide) and [x](JaVaScRiPt:alert(1))\n"
            )
        }
    )
    assert build(run_cli, vault, tmp_path / "out").exit_code == 0
    page = read_html(read_site(tmp_path / "out")["index.html"].decode())
    hrefs = [element.attrs.get("href", "") for element in page.elements if element.tag == "a"]
    assert "https://example.com/guide" in hrefs
    assert not any("alert" in href for href in hrefs)
    assert "[x](JaVaScRiPt:alert(1))" in page.text

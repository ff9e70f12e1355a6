"""``site_url`` in ``wins.toml``: the feed's links absolute, the tags a link preview
reads on every page (with the page's numbers), and links between pages still relative."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeVault, RunCli
from site_support import ATOM, TODAY, Page, read_feed, read_html, read_site

VAULT = {
    "goals/novel.md": "---\ntitle: Novel\n---\n",
    "journal/2026-11-20.md": "- [x] Wrote a page [[novel]]\n- [x] Paid the rent #private\n",
}


def _meta(page: Page) -> dict[str, str]:
    """The page's ``<meta>`` tags, by name or property."""
    found = {}
    for element in page.elements:
        key = element.attrs.get("name") or element.attrs.get("property")
        if element.tag == "meta" and key:
            found[key] = element.attrs.get("content", "")
    return found


def _feed_links(xml: bytes) -> tuple[list[str], list[str]]:
    """The feed's own links, and its entries' links."""
    root, entries = read_feed(xml)
    return [link.get("href", "") for link in root.findall(f"{ATOM}link")], [
        entry.link for entry in entries
    ]


def test_site_url_makes_the_feed_absolute_and_adds_link_preview_tags(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault({**VAULT, "wins.toml": 'title = "Ana"\n'})
    out = tmp_path / "site"
    assert run_cli(root, "build", "--out", str(out), "--today", TODAY).exit_code == 0
    site = read_site(out)
    assert _meta(read_html(site["index.html"].decode())).keys() == {
        "viewport",
        "color-scheme",
        "generator",
    }
    links, entry_links = _feed_links(site["feed.xml"])
    assert links == ["feed.xml", "index.html"] and entry_links[0].startswith("index.html")
    (root / "wins.toml").write_text('title = "Ana"\nsite_url = "https://ana.example/wins"\n')
    result = run_cli(root, "build", "--out", str(out), "--today", TODAY)
    assert result.exit_code == 0 and result.stderr == "", result.output
    site = read_site(out)
    links, entry_links = _feed_links(site["feed.xml"])
    assert links == ["https://ana.example/wins/feed.xml", "https://ana.example/wins/index.html"]
    assert entry_links and all(
        link.startswith("https://ana.example/wins/index.html") for link in entry_links
    )
    index = read_html(site["index.html"].decode())
    meta = _meta(index)
    assert meta["og:title"] == "Ana" and meta["og:url"] == "https://ana.example/wins/"
    assert meta["og:description"] == "1 win on 1 day · 0-day streak · 1 this week · 1 active goal"
    assert meta["description"] == meta["og:description"] and meta["twitter:card"] == "summary"
    goal = _meta(read_html(site["goals/novel.html"].decode()))
    assert goal["og:url"] == "https://ana.example/wins/goals/novel.html"
    assert goal["og:description"].startswith("0% done · 1 win · 1 this week")
    # Links between pages stay relative: the site works from file:// and wins serve.
    hrefs = [e.attrs["href"] for e in index.elements if e.tag == "a" and "href" in e.attrs]
    assert "goals/novel.html" in hrefs and not any(h.startswith("http") for h in hrefs)


def test_a_bad_site_url_is_reported_and_ignored(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({"wins.toml": 'site_url = "ana.example/wins"\n'})
    lines = run_cli(root, "check").stdout.splitlines()
    assert lines == [
        "wins.toml:1: key 'site_url': expected the site's address, like "
        "'https://ana.github.io/wins/'"
    ]

"""The example site in a real browser: accessible, quiet, self-contained, readable on a
phone and without JavaScript, over HTTP and from file://."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from browser_support import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    ColorScheme,
    OpenPage,
    WatchedPage,
    build_example_site,
    build_site,
    html_pages,
    serve_folder,
)
from conftest import write_files

pytestmark = pytest.mark.slow

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GOAL_PAGE = "goals/land-design-role.html"
"""A goal page with everything a goal page can show: a metric, milestones, chains."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_site(tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def http_base(site: Path) -> Iterator[str]:
    with serve_folder(site) as base:
        yield base


def base_url(transport: str, site: Path, http_base: str) -> str:
    return http_base if transport == "http" else site.as_uri() + "/"


def own_file_problems(watched: WatchedPage, base: str, site: Path) -> list[str]:
    """Requests that are not for a file of the site itself."""
    problems = [f"request outside the site: {url}" for url in watched.foreign_requests(base)]
    for url in watched.requests:
        if url.startswith(base):
            path = url.removeprefix(base).split("#", 1)[0].split("?", 1)[0]
            if not (site / path).is_file():
                problems.append(f"request for a file the site does not have: {url}")
    return problems


def test_the_example_site_has_a_goal_page(site: Path) -> None:
    assert GOAL_PAGE in html_pages(site), "the example vault should have this goal"


@pytest.mark.parametrize("transport", ["http", "file"])
@pytest.mark.parametrize("which", ["index", "goal"])
@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations(
    open_page: OpenPage,
    site: Path,
    http_base: str,
    transport: str,
    which: str,
    width: int,
    scheme: ColorScheme,
) -> None:
    path = "index.html" if which == "index" else GOAL_PAGE
    watched = open_page(base_url(transport, site, http_base) + path, width, scheme)
    results = Axe().run(watched.page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("transport", ["http", "file"])
def test_every_page_loads_quietly_and_only_its_own_files(
    open_page: OpenPage, site: Path, http_base: str, transport: str
) -> None:
    base = base_url(transport, site, http_base)
    for path in html_pages(site):
        watched = open_page(base + path)
        assert watched.requests[0] == base + path
        assert watched.console_problems() == [], path
        assert watched.page_errors == [], path
        assert watched.failed_requests == [], path
        assert watched.bad_responses == [], path
        assert own_file_problems(watched, base, site) == [], path


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_horizontal_scrolling_on_a_phone(
    open_page: OpenPage, site: Path, http_base: str, scheme: ColorScheme
) -> None:
    for path in html_pages(site):
        page = open_page(http_base + path, PHONE_WIDTH, scheme).page
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{path} is {width} px wide on a {PHONE_WIDTH} px phone"


def test_screenshots_in_both_schemes_at_both_widths(
    open_page: OpenPage, http_base: str, tmp_path: Path
) -> None:
    for width in (DESKTOP_WIDTH, PHONE_WIDTH):
        backgrounds = {}
        shots = {}
        for scheme in ("light", "dark"):
            page = open_page(http_base + "index.html", width, scheme).page
            backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
            shot = tmp_path / f"index-{width}-{scheme}.png"
            page.screenshot(path=shot, full_page=True)
            shots[scheme] = shot.read_bytes()
            assert shots[scheme].startswith(PNG_SIGNATURE) and len(shots[scheme]) > 10_000
        assert backgrounds["light"] != backgrounds["dark"]
        assert shots["light"] != shots["dark"]


def test_readable_without_javascript(open_page: OpenPage, site: Path, http_base: str) -> None:
    page = open_page(http_base + "index.html", javascript=False).page
    assert page.evaluate("typeof document.body") == "object"  # the page itself loaded
    numbers = page.locator(".numbers dd")
    assert numbers.count() == 4
    for index in range(numbers.count()):
        assert numbers.nth(index).is_visible()
        assert re.match(r"\d+", numbers.nth(index).inner_text())
    heatmap = page.locator("#year-title ~ .scroller svg")
    assert heatmap.is_visible()
    box = heatmap.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 50
    cards = page.locator(".cards .card")
    assert cards.count() == len(html_pages(site)) - 1
    for index in range(cards.count()):
        card = cards.nth(index)
        assert card.is_visible()
        assert card.get_by_role("link").first.inner_text().strip()
        assert card.get_by_role("progressbar").is_visible()


LABEL_SIZES = """() => {
    // The size a reader sees: an SVG's text is scaled with its viewBox.
    const scale = svg => {
        const box = svg.viewBox && svg.viewBox.baseVal;
        if (!box || !box.width) return 1;
        const shown = svg.getBoundingClientRect();
        return Math.min(shown.width / box.width, shown.height / box.height);
    };
    return [...document.querySelectorAll('svg text, .legend, .caption')].map(label => {
        let size = parseFloat(getComputedStyle(label).fontSize);
        for (let svg = label.ownerSVGElement; svg; svg = svg.parentElement.closest('svg')) {
            size *= scale(svg);
        }
        return [label.textContent.trim(), Math.round(size * 10) / 10];
    });
}"""


@pytest.mark.parametrize("which", ["index", "goal"])
@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
def test_chart_labels_are_at_least_11_px(
    open_page: OpenPage, http_base: str, which: str, width: int
) -> None:
    path = "index.html" if which == "index" else GOAL_PAGE
    labels = open_page(http_base + path, width).page.evaluate(LABEL_SIZES)
    assert len(labels) >= (10 if which == "index" else 3), labels
    small = [(text, size) for text, size in labels if size < 11]
    assert small == [], f"labels under 11 px on {path} at {width} px"


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
def test_the_weekly_chart_uses_the_width(open_page: OpenPage, http_base: str, width: int) -> None:
    page = open_page(http_base + "index.html", width).page
    chart, room = page.evaluate(
        """() => {
            const chart = document.querySelector('#weeks-title ~ svg');
            return [chart.getBoundingClientRect().width,
                    chart.parentElement.getBoundingClientRect().width];
        }"""
    )
    assert chart >= room - 1, f"{chart} of {room} px"


def chart_labels(page: WatchedPage, selector: str) -> list[dict[str, str]]:
    """Each cell or bar of the chart under ``selector``: its role, label and tooltip."""
    labels: list[dict[str, str]] = page.page.eval_on_selector_all(
        f"{selector} rect",
        """rects => rects.map(rect => ({
            role: rect.getAttribute('role') || '',
            label: rect.getAttribute('aria-label') || '',
            tooltip: rect.querySelector('title')?.textContent || '',
        }))""",
    )
    return labels


def test_every_heatmap_cell_and_weekly_bar_has_a_text_label(
    open_page: OpenPage, http_base: str
) -> None:
    watched = open_page(http_base + "index.html")
    heatmap_cells = chart_labels(watched, "#year-title ~ .scroller svg")
    weekly_bars = chart_labels(watched, "#weeks-title ~ svg")
    assert 365 <= len(heatmap_cells) <= 371  # 53 weeks up to today
    assert len(weekly_bars) == 26
    day = re.compile(r"(\d+) wins? on \w+day \d{1,2} \w+ \d{4}(, a rest day( \(.+\))?)?")
    week = re.compile(r"\d+ wins? in the week of \w+day \d{1,2} \w+ \d{4}")
    for cells, pattern in ((heatmap_cells, day), (weekly_bars, week)):
        for cell in cells:
            assert cell["role"] == "img"
            assert pattern.fullmatch(cell["label"]), cell
            assert cell["tooltip"] == cell["label"]
    # The labels tell the truth: they add up to the chart's own summary.
    summary = watched.page.locator("#year-title ~ .scroller svg").get_attribute("aria-label") or ""
    total = sum(int(cell["label"].split(" ", 1)[0]) for cell in heatmap_cells)
    assert summary.startswith(f"{total} win")
    # And the browser exposes every one of them to assistive technology.
    tree = watched.page.locator("#year-title ~ .scroller svg").aria_snapshot()
    assert tree.count('\n  - img "') == len(heatmap_cells)


SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
TEMPLATE = "{{ 7*7 }}"
XSS_VAULT = {
    "wins.toml": f'title = "{IMG} {TEMPLATE}"\n',
    "goals/xss.md": f"""---
title: "{SCRIPT} {TEMPLATE}"
status: active
started: 2026-10-01
due: 2027-03-31
---
## Milestones
- [x] {IMG} ✅ 2026-11-01
- [ ] [x](javascript:alert(1)) {TEMPLATE}
""",
    "goals/second.md": f"---\ntitle: '{IMG}'\nstatus: active\n---\n",
    "journal/2026/2026-11-20.md": f"""---
date: 2026-11-20
tags: ["{SCRIPT}", "{IMG}"]
goals: [xss]
wins: ["{SCRIPT} from front matter", "{TEMPLATE} from front matter"]
---
## Wins
- [x] {SCRIPT} ^start
- [x] {IMG} [[#^start]] ^next
- [x] [x](javascript:alert(1)) [[#^next]] ^third
- [x] [x](JAVASCRIPT:alert(1)) [site](https://example.com/) [[#^third]] #x"onmouseover=alert(1)
- [x] [x](data:text/html,{SCRIPT}) [[second]]
- [x] [x]( javascript:alert(1)) [y](java&#x73;cript:alert(1)) [z](vbscript:msgbox(1))
- [x] <a href="javascript:alert(1)">raw link</a> {TEMPLATE} {{% raw %}}
- [x] [safe](https://example.com/?q="><script>alert(1)</script>) (goal:: <b>bold</b>)
- [x] `{SCRIPT}` in code [[{IMG}]]
- Plain {IMG} win
""",
    "journal/2026/2026-11-21.md": f"""---
date: 2026-11-21
title: "{SCRIPT}"
summary: "{IMG}"
---
- [x] **{TEMPLATE}** [x](JaVaScRiPt:alert(1))
""",
}

UNSAFE_DOM = """() => {
    const found = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
            if (attribute.name.startsWith('on')) found.push(`${element.tagName} ${attribute.name}`);
            if (/^(javascript|vbscript|data):/.test(value)) {
                found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
            }
        }
    }
    const executable = ['script', 'img', 'iframe', 'object', 'embed', 'form', 'base',
                        'meta[http-equiv]'];
    for (const tag of executable) {
        for (const element of document.querySelectorAll(tag)) found.push(element.outerHTML);
    }
    return found;
}"""


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xss")
    return build_site(write_files(folder / "vault", XSS_VAULT), folder / "site")


def test_payloads_reach_the_pages_as_text(xss_site: Path) -> None:
    index = (xss_site / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "&lt;img src=x onerror=alert(1)&gt;" in index
    assert f"{TEMPLATE} from front matter" in index  # not evaluated as a template
    for path in xss_site.rglob("*.html"):
        assert "<script" not in path.read_text("utf-8").lower(), path


@pytest.mark.parametrize("transport", ["http", "file"])
def test_payloads_never_run_even_when_every_link_is_clicked(
    open_page: OpenPage, xss_site: Path, transport: str
) -> None:
    with serve_folder(xss_site) as http_base:
        base = http_base if transport == "http" else xss_site.as_uri() + "/"
        for path in html_pages(xss_site):
            watched = open_page(base + path)
            page = watched.page
            assert page.evaluate(UNSAFE_DOM) == [], path
            assert TEMPLATE in page.inner_text("body"), path
            links = page.locator("a[href]")
            hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
            assert hrefs, path
            for href in dict.fromkeys(hrefs):  # each distinct target once
                if re.match(r"https?://", href):
                    assert not href.startswith(base)
                    continue  # leaves the site: nothing of ours runs there
                if page.url.split("#", 1)[0] != base + path:
                    page.goto(base + path)
                page.locator("a[href]").nth(hrefs.index(href)).click()
                page.wait_for_load_state()
            assert watched.dialogs == [], path
            assert watched.page_errors == [], path
            assert own_file_problems(watched, base, xss_site) == [], path

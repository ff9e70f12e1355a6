"""Helpers for the tests of the published site: building, reading every output file,
snapshotting folders, and reading the HTML and the Atom feed the way a browser or a
feed reader would."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from click.testing import Result
from conftest import RunCli

TODAY = "2026-11-22"
MANIFEST = ".wins-manifest.json"
ATOM = "{http://www.w3.org/2005/Atom}"
Snapshot = dict[str, tuple[str, bytes, int]]


def build(
    run_cli: RunCli, vault: Path, out: Path, *args: str, env: dict[str, str] | None = None
) -> Result:
    """``wins build --out OUT --today TODAY`` on ``vault``."""
    return run_cli(vault, "build", "--out", str(out), "--today", TODAY, *args, env=env)


def read_site(out: Path) -> dict[str, bytes]:
    """Every file the build wrote, by path inside ``out`` (the manifest left out)."""
    files = {}
    for folder, _dirs, names in os.walk(out):
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(out).as_posix()
            if rel != MANIFEST:
                files[rel] = path.read_bytes()
    return files


def snapshot(root: Path) -> Snapshot:
    """Every entry under ``root`` (links not followed): its kind, content and mtime."""
    found: Snapshot = {}
    for folder, dirs, names in os.walk(root):
        for name in [*dirs, *names]:
            path = Path(folder) / name
            stat = path.lstat()
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path).encode(), stat.st_mtime_ns)
            elif path.is_dir():
                found[rel] = ("dir", b"", stat.st_mtime_ns)
            else:
                found[rel] = ("file", path.read_bytes(), stat.st_mtime_ns)
    return found


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


class Page(HTMLParser):
    """An HTML document read by the standard library's tolerant parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def read_html(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "data",
    "background",
}
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20]")


def unsafe_markup(html: str) -> list[str]:
    """What in ``html`` could run code or load a document: script-like elements, event
    handler attributes, and links with a ``javascript:``, ``vbscript:`` or ``data:``
    scheme (compared as a browser does: controls and spaces ignored, any case)."""
    found = []
    for element in read_html(html).elements:
        if element.tag in (
            "script",
            "iframe",
            "object",
            "embed",
            "img",
            "base",
            "form",
            "meta",
        ) and not _harmless_meta(element):
            found.append(f"<{element.tag} {element.attrs}>")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES or (name == "style" and "url(" in value):
                scheme = _CONTROL_OR_SPACE.sub("", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:")) or "url(" in scheme:
                    found.append(f"<{element.tag} {name}={value!r}>")
    return found


def _harmless_meta(element: Element) -> bool:
    return element.tag == "meta" and "http-equiv" not in element.attrs


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: str
    link: str
    content: str


def read_feed(xml: bytes) -> tuple[ET.Element, list[FeedEntry]]:
    """The feed's root element and its entries, in document order."""
    root = ET.fromstring(xml)
    entries = [
        FeedEntry(
            id=_text(entry, "id"),
            title=_text(entry, "title"),
            updated=_text(entry, "updated"),
            link=_alternate(entry),
            content=_text(entry, "content"),
        )
        for entry in root.iter(f"{ATOM}entry")
    ]
    return root, entries


def _text(element: ET.Element, name: str) -> str:
    child = element.find(f"{ATOM}{name}")
    assert child is not None, f"<{name}> missing"
    return child.text or ""


def _alternate(element: ET.Element) -> str:
    links = [
        link
        for link in element.findall(f"{ATOM}link")
        if link.get("rel", "alternate") == "alternate"
    ]
    assert len(links) == 1, "one alternate link expected"
    return links[0].get("href", "")

"""The Jinja filters templates may use, registered in one place (:data:`FILTERS`).

Win texts are Markdown rendered with raw HTML off, images off (no request may
leave the page) and markdown-it's link validation (no ``javascript:``,
``vbscript:``, ``file:`` or ``data:`` links). markdown-it and PyYAML are imported on
first use, so capturing a win (which renders only Markdown templates) never loads them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from markupsafe import Markup

from wins_md.model import MicroGoal, Win

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_REFUSED_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")
_URL_PADDING = "".join(map(chr, range(33)))  # browsers skip leading spaces and controls
_MARKUP_CHARS = frozenset("\\`*_[]<&!\n\r")
"""Characters that can start inline Markdown; text without any renders as itself."""
# A list item's text that starts like one of these would change the item's block
# structure (a nested list, a checkbox, a heading, a quote, a fence...).
_BLOCK_START = re.compile(r"^(?:[\[#>*+=`~<|-]|\d+[.)])")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped."""
_MARKDOWN: list[MarkdownIt] = []


def inline_markdown(text: str) -> Markup:
    """One line of a win as safe HTML: emphasis, code and safe links; no raw HTML."""
    if _MARKUP_CHARS.isdisjoint(text):
        # Most wins are plain text: skip the inline parser; escaped as markdown-it does.
        return Markup(html.escape(text, quote=False).replace('"', "&quot;"))
    return Markup(_markdown().renderInline(text))


def _markdown() -> MarkdownIt:
    if not _MARKDOWN:
        from markdown_it import MarkdownIt

        class PublishedMarkdown(MarkdownIt):
            """markdown-it with a stricter link check: no ``data:`` link at all
            (markdown-it lets ``data:image/...`` through, for images, which a
            published page never loads)."""

            def validateLink(self, url: str) -> bool:
                return not url.lstrip(_URL_PADDING).lower().startswith(_REFUSED_SCHEMES)

        _MARKDOWN.append(PublishedMarkdown("commonmark", {"html": False}).disable(["image"]))
    return _MARKDOWN[0]


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters, lone
    surrogates): a feed stays well-formed whatever a win contains."""
    return _NOT_XML.sub("", text)


def number(value: float) -> str:
    """``78,780`` or ``12.5``: thousands grouped, no trailing zeros."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def long_date(day: dt.date) -> str:
    """``Sunday 22 November 2026``."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def yaml_str(value: object) -> str:
    """A value written so that YAML reads it back as the same string."""
    import yaml

    text = "" if value is None else str(value)
    if text and "\n" not in text and text == text.strip():
        try:
            if yaml.safe_load(f"key: {text}") == {"key": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def md_line(value: object) -> str:
    """Text put on one Markdown list line: whitespace joined, a block marker escaped."""
    text = " ".join(str(value).split())
    if _BLOCK_START.match(text):
        index = len(text) - len(text.lstrip("0123456789"))
        return text[:index] + "\\" + text[index:] if index else "\\" + text
    return text


def wikilink(item: Win | MicroGoal) -> str:
    """An Obsidian link to the note of a win or micro-goal; to the win itself when it
    has a block id."""
    stem = Path(item.file).stem
    block_id = getattr(item, "id", None)
    return f"[[{stem}#^{block_id}]]" if block_id else f"[[{stem}]]"


def href(path: str) -> str:
    """A vault-relative file path as a relative URL (spaces and the like encoded)."""
    return quote(path)


_MD_LINK_TEXT = re.compile(r"[\\`*_\[\]<]")
"""Characters that would end or format a link's text (backslash-escaped, as CommonMark
allows before any ASCII punctuation)."""


def md_source(item: Win) -> str:
    """A Markdown link to the file and line a win was read from:
    ``[journal/2026/2026-11-22.md:7](journal/2026/2026-11-22.md)``."""
    text = _MD_LINK_TEXT.sub(r"\\\g<0>", f"{item.file}:{item.line}")
    return f"[{text}]({quote(item.file)})"


FILTERS: dict[str, Callable[..., Any]] = {
    "markdown": inline_markdown,
    "xml_text": xml_text,
    "number": number,
    "long_date": long_date,
    "yaml_str": yaml_str,
    "md_line": md_line,
    "wikilink": wikilink,
    "href": href,
    "md_source": md_source,
}

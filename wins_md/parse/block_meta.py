"""Block metadata in a list item's text, which is never part of a win's title or text.

Logseq writes it into the block itself: ``:LOGBOOK:`` ... ``:END:`` drawers,
``SCHEDULED: <2026-11-22 Sun>`` and ``DEADLINE: <...>`` lines, ``[#A]`` priorities,
``key:: value`` property lines under the block's first line and ``{{macros}}``
(``{{name ...}}``, the name right after the braces).
Dataview reads a ``key:: value`` line under an item the same way. Priorities, dates
and properties are kept as fields; drawers and macros are dropped.
"""

from __future__ import annotations

import re

_DRAWER = re.compile(r":(?!END:)[A-Za-z][\w-]*:")
_DRAWER_END = ":END:"
_PROPERTY = re.compile(r"([^\W\d][\w.-]*)::(?:[ \t]+(.*))?")
# Code spans stay as they are; the other alternatives are the metadata written inline.
_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<planning>\b(?P<kind>SCHEDULED|DEADLINE):[ \t]*"
    r"<(?P<day>\d{4}-\d{2}-\d{2})[^<>\n]*>)"
    r"|(?P<priority>\[#(?P<level>[ABC])\](?![(\[]))"
    # A macro's name follows the braces at once: ``{{ 7*7 }}`` is template text, kept.
    r"|(?P<macro>\{\{+[A-Za-z][\w-]*(?:[ \t][^\n]*?)?\}\}+)",
    re.DOTALL,
)
_INLINE_MARKS = ("SCHEDULED:", "DEADLINE:", "[#", "{{")


def split_block_meta(raw: str) -> tuple[str, list[tuple[str, str]]]:
    """The item's text without its block metadata, and the fields that metadata holds
    (key and value, in the order written): ``priority``, ``scheduled``, ``deadline``
    and each property line's key."""
    fields: list[tuple[str, str]] = []
    if "\n" in raw and ("::" in raw or _DRAWER_END in raw):
        raw = _drop_meta_lines(raw, fields)
    if any(mark in raw for mark in _INLINE_MARKS):
        raw = _INLINE.sub(lambda match: _inline(match, fields), raw)
    return raw, fields


def _drop_meta_lines(raw: str, fields: list[tuple[str, str]]) -> str:
    """Drop drawers and property lines (never the first line: that is the block's text)."""
    lines = raw.split("\n")
    kept = lines[:1]
    index = 1
    while index < len(lines):
        line = lines[index].strip()
        if _DRAWER.fullmatch(line):
            end = next(
                (at for at in range(index + 1, len(lines)) if lines[at].strip() == _DRAWER_END),
                None,
            )
            if end is not None:
                index = end + 1
                continue
        prop = _PROPERTY.fullmatch(line)
        if prop:
            fields.append((prop.group(1), (prop.group(2) or "").strip()))
        else:
            kept.append(lines[index])
        index += 1
    return "\n".join(kept)


def _inline(match: re.Match[str], fields: list[tuple[str, str]]) -> str:
    if match.group("code"):
        return match.group(0)
    if match.group("planning"):
        fields.append((match.group("kind").lower(), match.group("day")))
    elif match.group("priority"):
        fields.append(("priority", match.group("level")))
    return " "

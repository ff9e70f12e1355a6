"""Whether a file's front matter keeps it out of every published output.

Fails closed: whenever the front matter cannot say for sure that a file is public
(it cannot be read, a publishing flag is not true or false, a flag or ``tags`` is
set twice), the file is private (``unreadable``) and the reason is reported at its
line. What hides a file is said too, so that a preview can tell why it is held back. Flags are
matched whatever their case (``Private:``, ``DRAFT:``), as people write them so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from wins_md.model import HiddenBy, YamlWord
from wins_md.parse.front_matter import FrontMatter, describe
from wins_md.parse.inline import tag_matches
from wins_md.parse.loaders import params_tables

HIDING_VALUES: dict[str, bool] = {
    "private": True,
    "draft": True,
    "publish": False,  # Obsidian Publish
    "published": False,  # Jekyll
    "public": False,  # Logseq
}
"""The publishing flags wins-md honours, each with the value that hides a file."""
_REASONS: dict[str, HiddenBy] = {"draft": "draft"}
"""What a flag that hides a file is reported as, when not ``private-file``."""
_TAGS = "tags"
PRIVACY_KEYS = frozenset((*HIDING_VALUES, _TAGS))
"""The keys whose repeats :func:`front_matter_private` reports (in any case)."""
_JEKYLL_FLAG = "published"
"""Jekyll's flag, also the date Obsidian's Web Clipper writes: it hides a file only when
it says false, and any other value (a date, nothing) is no doubt about privacy."""
_UNTIL_FIXED = "the file is treated as private until then"


def front_matter_private(fm: FrontMatter, private_tags: Iterable[str]) -> set[HiddenBy]:
    """Why the front matter hides the file, or cannot tell (``unreadable``): empty when
    it does neither. Each doubt is reported.

    The flags count at the top level and in a ``params`` table (where Hugo keeps a
    page's own settings: ``[params]`` / ``private = true``).
    """
    private_tags = tuple(private_tags)
    reasons: set[HiddenBy] = {"unreadable"} if fm.broken else set()
    reasons |= _mapping_hides(fm, fm.meta, None, private_tags)
    for key, value in params_tables(fm.meta):
        reasons |= _mapping_hides(fm, value, key, private_tags)
    return reasons


def _mapping_hides(
    fm: FrontMatter, mapping: dict[str, Any], table: str | None, private_tags: tuple[str, ...]
) -> set[HiddenBy]:
    """Why the flags of ``mapping`` (the front matter, or its ``table``) hide it."""
    reasons: set[HiddenBy] = set()
    prefix = f"{table}." if table else ""
    for name, written in _privacy_keys(mapping).items():
        lines = sorted(line for key, line in fm.keys if key.lower() == prefix.lower() + name)
        if len(lines) > 1 or len(written) > 1:
            _report_repeat(fm, prefix + name, lines, fm.line_of(table or name))
            reasons.add("unreadable")
        elif name == _TAGS:
            if any(tag_matches(tag, private_tags) for tag in _tags_in(mapping[written[0]])):
                reasons.add("private-tag")
        elif name == _JEKYLL_FLAG:
            if _published_false(mapping[written[0]]):
                reasons.add("private-file")
        else:
            line = lines[0] if lines else fm.line_of(table or written[0])
            reason = _flag_reason(fm, mapping[written[0]], prefix + written[0], line, name)
            if reason is not None:
                reasons.add(reason)
    return reasons


def _privacy_keys(mapping: dict[str, Any]) -> dict[str, list[str]]:
    """The keys that bear on privacy, grouped by their lower-case name."""
    found: dict[str, list[str]] = {}
    for key in mapping:
        name = key.lower() if isinstance(key, str) else None  # YAML allows other keys
        if name in HIDING_VALUES or name == _TAGS:
            found.setdefault(name, []).append(key)
    return found


def _report_repeat(fm: FrontMatter, label: str, lines: list[int], fallback: int) -> None:
    """A repeated key: YAML keeps the last value, the writer may have meant the first."""
    unique = sorted(set(lines)) or [fallback]
    where = f"line {unique[0]}" if len(unique) == 1 else f"lines {', '.join(map(str, unique))}"
    message = f"front matter '{label}' is set more than once ({where}); keep one ({_UNTIL_FIXED})"
    fm.problems.append((lines[1] if len(lines) > 1 else unique[0], message))


def _flag_reason(
    fm: FrontMatter, value: object, label: str, line: int, name: str
) -> HiddenBy | None:
    """Why the flag ``name`` hides the file (None when it does not); ``unreadable``, and
    reported, when it is neither true nor false."""
    if isinstance(value, YamlWord):
        value = value.flag  # YAML 1.1's yes/no/on/off, which the README documents
    if isinstance(value, bool):
        return _REASONS.get(name, "private-file") if value == HIDING_VALUES[name] else None
    fm.problems.append(
        (
            line,
            f"front matter '{label}': expected true or false, got "
            f"{describe(value)}; {_UNTIL_FIXED}",
        )
    )
    return "unreadable"


def _published_false(value: object) -> bool:
    """``published: false`` (or ``no``, ``off``, or the text "false") hides a file."""
    if isinstance(value, YamlWord):
        return not value.flag
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _tags_in(value: object) -> Iterator[str]:
    """Every tag written anywhere in a ``tags:`` value, even a malformed one (a nested
    list, a mapping): a private tag there still hides the file."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield from (part.strip().lstrip("#") for part in item.split(","))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)

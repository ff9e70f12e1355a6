"""Whether a file's front matter keeps it out of every published output.

Fails closed: whenever the front matter cannot say for sure that a file is public
(it cannot be read, a publishing flag is not true or false, a flag or ``tags`` is
set twice), the file is private and the reason is reported at its line. Flags are
matched whatever their case (``Private:``, ``DRAFT:``), as people write them so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .frontmatter_read import FrontMatter, describe
from .inline import tag_matches

HIDING_VALUES: dict[str, bool] = {
    "private": True,
    "draft": True,
    "publish": False,  # Obsidian Publish
    "published": False,  # Jekyll
}
"""The publishing flags wins-md honours, each with the value that hides a file."""
_TAGS = "tags"
_UNTIL_FIXED = "the file is treated as private until then"


def front_matter_private(fm: FrontMatter, private_tags: Iterable[str]) -> bool:
    """True when the front matter hides the file, or cannot tell; each doubt is reported."""
    private = fm.broken
    private_tags = tuple(private_tags)
    for name, written in _privacy_keys(fm).items():
        lines = sorted(line for key, line in fm.keys if key.lower() == name)
        if len(lines) > 1 or len(written) > 1:
            _report_repeat(fm, name, lines)
            private = True
        elif name == _TAGS:
            private |= any(tag_matches(tag, private_tags) for tag in _tags_in(fm.meta[written[0]]))
        else:
            private |= _flag_hides(fm, written[0], HIDING_VALUES[name])
    return private


def _privacy_keys(fm: FrontMatter) -> dict[str, list[str]]:
    """The front matter keys that bear on privacy, grouped by their lower-case name."""
    found: dict[str, list[str]] = {}
    for key in fm.meta:
        name = key.lower()
        if name in HIDING_VALUES or name == _TAGS:
            found.setdefault(name, []).append(key)
    return found


def _report_repeat(fm: FrontMatter, name: str, lines: list[int]) -> None:
    """A repeated key: YAML keeps the last value, the writer may have meant the first."""
    unique = sorted(set(lines)) or [fm.line_of(name)]
    where = f"line {unique[0]}" if len(unique) == 1 else f"lines {', '.join(map(str, unique))}"
    message = f"front matter '{name}' is set more than once ({where}); keep one ({_UNTIL_FIXED})"
    fm.problems.append((lines[1] if len(lines) > 1 else unique[0], message))


def _flag_hides(fm: FrontMatter, key: str, hiding_value: bool) -> bool:
    value = fm.meta[key]
    if isinstance(value, bool):
        return value == hiding_value
    fm.report(key, f"expected true or false, got {describe(value)}; {_UNTIL_FIXED}")
    return True


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

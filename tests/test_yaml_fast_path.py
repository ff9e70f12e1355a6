"""The YAML fast path gives exactly what the full loader gives, or declines.

:func:`wins_md.parse.loaders._load_simple` reads front matter made only of plain
``key: value`` lines without PyYAML; for every source it accepts, its mapping (each
value and its exact type: ``True`` is not ``1``, a date is not a string) and its keys
with their lines must be the ones :func:`wins_md.parse.loaders._load_full` (the PyYAML
path ``load_yaml`` takes when the fast path declines) gives. Both keep the text of what
YAML 1.1 would turn into something else (``NO``, ``10:00``, ``017``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from wins_md.model import YamlWord
from wins_md.parse.loaders import _load_full, _load_simple, load_yaml


def typed(value: object) -> object:
    """``value`` with the type of every part spelled out, so that ``==`` tells ``True``
    from ``1``, ``1`` from ``1.0``, and a date from its text; dict order counts too."""
    if isinstance(value, dict):
        return ("dict", [(typed(key), typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    return (type(value), value)


def agrees(source: str, first_line: int = 1) -> bool:
    """True when the fast path read ``source`` itself; fails when it read it differently
    from PyYAML."""
    fast = _load_simple(source, first_line)
    if fast is not None:
        slow = _load_full(source, first_line)
        assert slow.error is None, (source, slow.error)
        assert typed(fast.meta) == typed(slow.meta), (source, fast.meta, slow.meta)
        assert fast.keys == slow.keys, (source, fast.keys, slow.keys)
    return fast is not None


CASES = {
    # source: whether the fast path reads it itself
    "title: Plain words\ndate: 2026-11-22\nenergy: 4\ntags: [a, b]\n": True,
    "done: yes\nskip: Off\nnothing: ~\nempty:\n": True,
    "country: NO\n": True,  # the text NO (a YamlWord), not False: the Norway problem
    "private: no\nflag: true\nother: FALSE\n": True,
    "a: x\n\n   \nb: y": True,
    "a: 1\na: 2\n": True,  # a key set twice: the last value, both lines
    "a: 1\nb: x\na: 2\n": True,
    "tags: []\nmore: [ ]\n": True,
    "tags: [a,b , c]\n": True,
    "d: 2026-02-30\n": True,  # not a real date: kept as text
    "d: 0000-01-01\n": True,
    "name: Zoë's café (old)\n": True,
    "zero: 0\nbig: 999999999999999999\n": True,
    "due-date: 2026-01-02\n_x: y\n": True,
    "y: n\n": True,  # y and n are not booleans to PyYAML
    "time: 10:00\n": False,  # the text 10:00, not 600 (base 60)
    "d: 2026-03-02T23:30:00+05:00\n": False,
    "d: [1, 2]\n": False,
    "n: 0170\n": False,
    "n: 0x1F\n": False,
    "n: 017\n": False,  # the text 017, not 15 (octal)
    "n: 007\n": False,
    "n: 1_000\n": False,
    "n: 1e3\n": False,  # a string to YAML 1.1, but left to PyYAML
    "n: +1\n": False,
    "n: -1\n": False,
    "n: .5\n": False,
    "n: 1.5\n": False,
    "n: 9999999999999999999\n": False,
    "d: 2026-1-2\n": False,
    "d: 2026-11-22 10:00\n": False,
    "tags: [a, yes]\n": False,
    "tags: [a, , b]\n": False,
    "tags: [a,]\n": False,
    "tags: [[a], b]\n": False,
    "tags: ['a', b]\n": False,
    "tags: [a b]\n": False,
    "tags: [1, 2]\n": False,
    "yes: 1\n": False,  # the key would be True
    "on: x\n": False,
    "null: x\n": False,
    "a: b # comment\n": True,
    "energy:        # 1..5: how the day felt\ntags: []\n": True,
    "a: b#c\n": False,
    "a: [b, c] # d\n": True,
    "# comment\na: b\n": True,
    "a: b: c\n": False,
    "a: 'quoted'\n": False,
    "a: &anchor x\n": False,
    "a: *alias\n": False,
    "a: !tag x\n": False,
    "a: @x\n": False,
    "a: `x`\n": False,
    "a: |\n  block\n": False,
    "a: >\n  folded\n": False,
    "a: %x\n": False,
    "a:\n  - item\n": True,  # a list as Obsidian's Properties editor writes it
    "tags:\n- a\n- b/c\n\n- d.e  \nnext: 1\n": True,
    "tags:\n  - a\n  # comment\n  - b\n": True,
    "tags:\n  - a\n   - b\n": False,  # the text 'a - b'
    "tags:\n  - a\n    b\n": False,
    "tags:\n  - a\n- b\n": False,
    "tags: \n  - a\n": False,
    "tags: # c\n  - a\n": False,
    "tags: x\n  - a\n": False,
    "tags: []\n  - a\n": False,
    "tags:\n  - a # c\n": False,
    "tags:\n  - yes\n": False,
    "tags:\n  - 1\n": False,
    "tags:\n  - 'a'\n": False,
    "tags:\n  -a\n": False,
    "tags:\n  -\n": False,
    "tags:\n  - a\nother:\n  - b\n  - c\n": True,
    "- a\n": False,
    "a: x\n  more\n": False,
    "  a: x\n": False,
    "a:x\n": False,
    "a: x\tb\n": False,
    "a: x\r\n": False,
    "a: x\u2028y\n": False,
    "a: x\u00a0y\n": False,
    "-a: x\n": False,
    "": False,
    "\n\n": False,
    "a: b\n" * 401: False,  # longer than 2000 characters: left to PyYAML
}


@pytest.mark.parametrize("source", list(CASES), ids=range(len(CASES)))
def test_rules(source: str) -> None:
    assert agrees(source) is CASES[source]


TRAPS: list[tuple[str, Any]] = [
    # what load_yaml (whichever path it takes) makes of values that look plain: YAML 1.1's
    # surprises are kept as the text written
    ("country: NO", YamlWord("NO")),
    ("answer: y", "y"),
    ("light: Off", YamlWord("Off")),
    ("light: oFF", "oFF"),
    ("flag: true", True),
    ("flag: FALSE", False),
    ("nothing: ~", None),
    ("nothing: NULL", None),
    ("time: 10:00", "10:00"),
    ("time: 1:30.5", "1:30.5"),
    ("time: -10:00", "-10:00"),
    ("n: 0x1F", 31),
    ("n: 017", "017"),
    ("n: -017", "-017"),
    ("n: 08", "08"),
    ("n: 0", 0),
    ("n: 1_000", 1000),
    ("n: 1e3", "1e3"),
    ("n: 1.0e+3", 1000.0),
    ("n: 017.5", 17.5),
    ("n: .5", 0.5),
    ("d: 2026-02-30", "2026-02-30"),
    ("d: 2026-1-2", "2026-1-2"),
    ("d: 2026-11-22", dt.date(2026, 11, 22)),
    (
        "d: 2026-03-02T23:30:00+05:00",
        dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))),
    ),
    ("d: [1, 2]", [1, 2]),
    ("tags: [a, yes]", ["a", YamlWord("yes")]),
    ("tags: [a, 1]", ["a", 1]),
    ("yes: 1", 1),
]


@pytest.mark.parametrize(("source", "value"), TRAPS, ids=[s for s, _ in TRAPS])
def test_traps(source: str, value: Any) -> None:
    agrees(source)
    (loaded,) = load_yaml(source, 1).meta.values()
    assert typed(loaded) == typed(value)


def test_a_yes_no_word_key_is_its_text() -> None:
    assert load_yaml("yes: 1\nOff: 2\n", 1).meta == {"yes": 1, "Off": 2}


def _cases(*words: str) -> list[str]:
    """Each word in every case YAML might care about: lower, upper, title, and mixed."""
    return sorted(
        {f(w) for w in words for f in (str.lower, str.upper, str.title, str.swapcase)}
        | {w[0].lower() + w[1:].upper() for w in words}
    )


YAML_WORDS = st.sampled_from(
    [*_cases("yes", "no", "true", "false", "on", "off", "null", "y", "n"), "~", "<<", "="]
)
PLAIN_KEYS = st.one_of(
    st.sampled_from(["title", "date", "energy", "tags", "goal", "a", "_", "x_1", "Title"]),
    st.sampled_from(["due-date", "a-", "a--b", "params", "Params", "y", "N", "nULL", "oN"]),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,6}", fullmatch=True),
)
KEYS = st.one_of(PLAIN_KEYS, YAML_WORDS, st.sampled_from(["-a", "1a", "a b", "é", "a.b", "'a'"]))
WORDS = st.sampled_from(
    [
        "word",
        "Wins",
        "plain text",
        "two  spaces",
        "it's",
        "a, b",
        "a ,b",
        "a (b)",
        "e.g.",
        "a/b",
        "a-b",
        "a - b",
        "café",
        "Ünïcödé",
        "日本語",
        "ǅx",
        "x²",
        "a_b",
        "ab1",
        "a1.5",
    ]
)
NUMBERS = st.one_of(
    st.integers().map(str),
    st.integers(0, 10**25).map(str),
    st.sampled_from(["0", "00", "007", "017", "08", "-0", "+0", "-1", "+1", ".5", "1.", "1.5"])
    | st.sampled_from(["1e3", "1E3", "1.0e+3", "1_000", "1,000", "0x1F", "0X1f", "0o17", "0b101"])
    | st.sampled_from(["9" * 18, "9" * 19, "1" * 30, ".inf", "-.Inf", ".NaN", "NaN", "inf", "0."])
    | st.sampled_from(["-.5", "0b", "1__0"]),
)
DATES = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
    ),
    st.sampled_from(["2026-1-2", "2026-01-2", "26-01-02", "20261122", "2026/11/22"])
    | st.sampled_from(["2026-11-22T10:00:00", "2026-11-22 10:00", "2026-11-22 10:00:00"])
    | st.sampled_from(["2026-11-22Z", "2026-11-22t1:2:3Z", "2026-03-02T23:30:00+05:00"])
    | st.sampled_from(["2026-03-02 23:30:00 -05:00", "2026-03-02T23:30:00+25:00"])
    | st.sampled_from(["10:00", "1:30", "190:20:30", "1:70", "12:30:45", "10:00:00.5", "0:0"]),
)
TRICKY = st.one_of(
    st.sampled_from(["a #b", "a#b", "#a", "a: b", "a:b", "a:", ":a", "'quoted'", '"quoted"']),
    st.sampled_from(["'", '"', "a'b", 'a"b', "&anchor", "a &b", "*alias", "a *b", "!tag a"]),
    st.sampled_from(["!!str 1", "!", "%a", "a%b", "@a", "a@b", "`a`", "a`b", "|", "|-", ">"]),
    st.sampled_from([">+", "a | b", "a > b", "- a", "-", "? a", "?", "{a: b}", "{}", "[", "]"]),
    st.sampled_from(["a]", "a[", "a,", "a{b}", "=", "<<", "a\\b", "a.", "a..", "a--"]),
    st.sampled_from(["a\u00a0b", "a\u2028b", "a\x85b", "\ufeffa", "a\u3000b", "a\x0cb"]),
    st.sampled_from(["a\x00b", "a\tb", "a\rb", "a\u200bb", "a\ufffeb", "a\U0001f600b", "a\u0301"]),
)
FUZZ = st.builds(
    str.__add__,
    st.sampled_from(["", "a", "Z", "é", "ǅ", "_", "1", "-", "."]),
    st.text(st.sampled_from(list("aZé1_ -.,'()/:#[]{}&*!|>%@`\"?~=\u00a0\u2028\x85")), max_size=6),
)
ITEMS = st.one_of(
    st.sampled_from(["a", "b", "tag", "x.y", "a/b", "a-b", "café", "a_b", "_a", "-a", "a."]),
    st.sampled_from(["1", "01", "1.5", "2026-01-02", "a b", "", " ", "'a'", '"b"', "[a]"]),
    st.sampled_from(["[]", "{a}", "a:b", "a: b", "a#b", "a #b", "*a", "&a", "!a", "~", "a-"]),
    YAML_WORDS,
    NUMBERS,
    FUZZ,
)
LISTS = st.one_of(
    st.builds(
        lambda items, sep, ends: ends[0] + sep.join(items) + ends[1],
        st.lists(ITEMS, max_size=4),
        st.sampled_from([", ", ",", " , ", ",  ", " ,"]),
        st.sampled_from([("[", "]"), ("[ ", " ]"), ("[", " ]"), ("[", "],"), ("[", "] x")]),
    ),
    st.sampled_from(["[]", "[ ]", "[,]", "[a,]", "[,a]", "[a,,b]", "[[a], b]", "[a, [b]]"])
    | st.sampled_from(["[a]]", "[[a]", "['a', b]", '["a", b]', "[a b]", "[a: b]", "[a #b]"])
    | st.sampled_from(["[a, b] # c", "[a, b]x", "[a] [b]", "[a, {b: c}]", "[a, b", "a, b]"]),
)
PLAIN_VALUES = st.one_of(
    WORDS,
    st.integers(0, 10**6).map(str),
    st.dates().map(dt.date.isoformat),
    st.lists(st.sampled_from(["a", "tag", "Wins", "café", "日本語", "x2"]), max_size=3).map(
        lambda items: f"[{', '.join(items)}]"
    ),
)
VALUES = st.one_of(PLAIN_VALUES, PLAIN_VALUES, YAML_WORDS, NUMBERS, DATES, TRICKY, FUZZ, LISTS)
KEY_LINES = st.builds(
    "{}:{}{}{}".format,
    KEYS,
    st.sampled_from([" ", " ", " ", "  ", ""]),
    VALUES,
    st.sampled_from(["", "", "", " ", "  ", " # c", "\t", "\r"]),
)
OTHER_LINES = st.one_of(
    st.builds("{}:{}".format, KEYS, st.sampled_from(["", " ", "  "])),  # a key with no value
    st.sampled_from(["", "", " ", "   ", "# comment", "  # comment", "  indented: x", "  more"])
    | st.sampled_from(["- item", "  - item", "---", "...", "key", "? a", "%YAML 1.1", "\ufeffa: b"])
    | st.sampled_from(["<<: {a: 1}", "a: &x 1", "b: *x", "\t", "\u2028", "a:b"]),
)
PLAIN_LINES = st.builds(
    "{}: {}".format, PLAIN_KEYS, st.one_of(PLAIN_VALUES, PLAIN_VALUES, YAML_WORDS, DATES, VALUES)
)
ITEM_LINES = st.builds(
    "{}-{}{}{}".format,
    st.sampled_from(["", "", " ", "  ", "  ", "   ", "    "]),
    st.sampled_from([" ", " ", " ", "  ", ""]),
    st.one_of(ITEMS, ITEMS, st.sampled_from(["a", "tag", "x.y", "café"])),
    st.sampled_from(["", "", "", " ", " # c", ":", "\t"]),
)
LIST_BLOCKS = st.builds(
    lambda key, items: "\n".join([f"{key}:", *items]),
    st.one_of(PLAIN_KEYS, PLAIN_KEYS, KEYS),
    st.lists(st.one_of(ITEM_LINES, ITEM_LINES, ITEM_LINES, OTHER_LINES), max_size=4),
)
# Every line of a source must be plain for the fast path to read it: mostly plain lines.
LINES = st.one_of(
    PLAIN_LINES, PLAIN_LINES, PLAIN_LINES, PLAIN_LINES, KEY_LINES, OTHER_LINES, LIST_BLOCKS
)
SOURCES = st.builds(
    lambda lines, end: "\n".join(lines) + end,
    st.lists(LINES, min_size=1, max_size=4) | st.lists(PLAIN_LINES, min_size=1, max_size=3),
    st.sampled_from(["\n", "", "\n\n"]),
)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(SOURCES, st.integers(1, 40))
def test_generated_sources(source: str, first_line: int) -> None:
    event("fast path" if agrees(source, first_line) else "declined")


_BOOLEANS = ("true", "True", "TRUE", "false", "False", "FALSE")


@settings(max_examples=300, deadline=None)
@given(st.one_of(VALUES, YAML_WORDS, NUMBERS, DATES))
def test_a_value_keeps_its_text_unless_it_is_plainly_typed(value: str) -> None:
    """Only true/false are booleans; a number with a leading zero or a colon stays text."""
    loaded = load_yaml(f"key: {value}\n", 1)
    if loaded.error is not None or not loaded.meta:
        return
    read = loaded.meta["key"]
    if isinstance(read, bool):
        assert value.strip(" ") in _BOOLEANS, value
    if isinstance(read, int | float) and not isinstance(read, bool):
        assert ":" not in value and not re.match(r"[-+]?0[0-9]", value.strip(" ")), value
    if isinstance(read, YamlWord):
        assert read == value.strip(" ")

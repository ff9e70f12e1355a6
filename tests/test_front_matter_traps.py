"""YAML's traps in front matter: a value keeps the text that was written (``NO`` is not
false, ``10:00`` is not 600, ``017`` is not 15), typed values are reported at their key's
line as written, and a key set twice is reported instead of silently losing a value.
YAML 1.1's ``yes``/``no``/``on``/``off`` still work as the publishing flags."""

from __future__ import annotations

import os

import pytest

from wins_md.config import Config
from wins_md.model import YamlWord
from wins_md.parse import entry as parse
from wins_md.parse.entry import parse_text
from wins_md.vault.load import load_vault

DAY = "journal/2026/2026-03-01.md"


def test_words_and_clock_times_keep_their_text() -> None:
    text = (
        "---\ncountry: NO\ntime: 10:00\nzip: 0170\nprivate: no\n"
        "tags: [NO, yes, 10:00]\nwins:\n  - yes\n  - 10:00\n---\n- [x] Walked\n"
    )
    entry, problems = parse_text(text, DAY, Config())
    assert problems == []
    assert entry.meta["country"] == "NO" and isinstance(entry.meta["country"], str)
    assert entry.meta["time"] == "10:00"
    assert entry.meta["zip"] == "0170"
    assert entry.tags == ("NO", "yes", "10:00")
    assert [win.text for win in entry.wins] == ["yes", "10:00", "Walked"]
    assert entry.private is False  # `private: no` is still false


@pytest.mark.parametrize(
    ("flags", "private"),
    [
        ("private: yes", True),
        ("private: No", False),
        ("draft: ON", True),
        ("draft: off", False),
        ("publish: no", True),
        ("publish: on", False),
        ("published: off", True),
    ],
)
def test_yaml_words_are_still_publishing_flags(flags: str, private: bool) -> None:
    text = f"---\ntitle: NO\n{flags}\n---\n- [x] A win\n"
    entry, problems = parse_text(text, DAY, Config())
    assert (entry.private, problems, entry.meta["title"]) == (private, [], "NO")


def test_a_goal_shows_what_was_written() -> None:
    text = "---\ntitle: NO\nstatus: off\nparent: 017\nmetric: wins\ntarget: 10:00\n---\n"
    entry, problems = parse_text(text, "goals/norway.md", Config())
    assert entry.goal is not None
    assert (entry.goal.title, entry.goal.parent, entry.goal.target) == ("NO", "017", None)
    assert [(p.line, p.message) for p in problems] == [
        (
            3,
            "front matter 'status': 'off' is not one of active, paused, done, dropped; "
            "'active' is used",
        ),
        (6, "front matter 'target': expected a number greater than 0, got the text '10:00'"),
        (5, "front matter 'metric': 'wins' needs a 'target:' number to measure progress against"),
    ]


DATES = [
    # what `date:` says -> the date of the note's win, or the problem at line 3
    ("2026-03-02", "2026-03-02"),
    ("2026-03-02T23:30:00+05:00", "2026-03-02"),  # the day written, not shifted to UTC
    ("2026-03-02T23:30:00-05:00", "2026-03-02"),
    ("10:00", "'10:00' is not a real date; write it as YYYY-MM-DD"),
    ("NO", "'NO' is not a real date; write it as YYYY-MM-DD"),
    ("true", "expected a date like 2026-11-22, got 'true'"),
    ("[1, 2]", "expected a date like 2026-11-22, got a list"),
    ("2026-02-30", "'2026-02-30' is not a real date; write it as YYYY-MM-DD"),
]


def test_dates_are_read_as_written_and_reported_at_their_line() -> None:
    seen = []
    for value, _ in DATES:
        text = f"---\ntitle: Day\ndate: {value}\n---\n- [x] A win\n"
        entry, problems = parse_text(text, "notes/day.md", Config())
        (win,) = entry.wins
        seen.append(
            (value, str(win.date))
            if win.date
            else (
                value,
                *[(p.line, p.message.removeprefix("front matter 'date': ")) for p in problems],
            )
        )
    assert seen == [
        (value, want if want.startswith("2026") else (3, want)) for value, want in DATES
    ]


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: First\ndate: 2026-03-01\ntitle: Second\n---\n- [x] A win\n",  # fast path
        "---\ntitle: 'First'\ndate: 2026-03-01\ntitle: Second # comment\n---\n- [x] A win\n",
        '{\n"title": "First",\n"date": "2026-03-01",\n"title": "Second"\n}\n- [x] A win\n',
    ],
    ids=["yaml-plain", "yaml", "json"],
)
def test_a_key_set_twice_is_reported_at_its_second_line(text: str) -> None:
    entry, problems = parse_text(text, DAY, Config())
    assert [(p.line, p.message) for p in problems] == [
        (
            4,
            "front matter 'title' is set more than once (lines 2, 4); "
            "keep one (the last is used until then)",
        )
    ]
    assert entry.meta["title"] == "Second"


def test_repeated_keys_in_params_and_privacy_flags_are_each_reported_once() -> None:
    text = "---\nparams:\n  color: red\n  color: blue\nprivate: yes\nprivate: no\n---\n- [x] A\n"
    entry, problems = parse_text(text, DAY, Config())
    assert entry.private is True
    assert sorted((p.line, p.message) for p in problems) == [
        (
            4,
            "front matter 'params.color' is set more than once (lines 3, 4); "
            "keep one (the last is used until then)",
        ),
        (
            6,
            "front matter 'private' is set more than once (lines 5, 6); keep one "
            "(the file is treated as private until then)",
        ),
    ]


def test_words_survive_the_parse_cache(make_vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_vault({DAY: "---\ncountry: NO\nprivate: off\ntags: [on]\n---\n- [x] Walked\n"})
    old = 1_700_000_000 * 10**9  # far from now: a file modified just now is not cached
    os.utime(root / DAY, ns=(old, old))
    first = load_vault(root)
    parsed: list[str] = []
    real = parse.parse_bytes
    monkeypatch.setattr(
        parse, "parse_bytes", lambda data, *a: parsed.append(a[0]) or real(data, *a)
    )
    again = load_vault(root)
    assert parsed == []  # read from the cache
    assert again == first
    (entry,) = again.entries
    assert isinstance(entry.meta["country"], YamlWord) and entry.meta["country"] == "NO"
    assert entry.meta["private"] == "off" and entry.private is False
    assert entry.tags == ("on",)


def test_wins_check_reports_the_traps_at_their_lines(make_vault, run_cli) -> None:
    vault = make_vault(
        {
            "notes/trip.md": (
                "---\ntitle: Trip\ncountry: NO\ndate: 10:00\ntitle: Oslo\n---\n- [x] Packed\n"
            )
        }
    )
    result = run_cli(vault, "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "notes/trip.md:4: front matter 'date': '10:00' is not a real date; write it as YYYY-MM-DD",
        "notes/trip.md:5: front matter 'title' is set more than once (lines 2, 5); "
        "keep one (the last is used until then)",
    ]

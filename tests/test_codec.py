"""The parse cache's records: derived from the model's dataclass fields, so every field
is stored and read back into its own place, and a wrong type is refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from wins_md.model import Entry, Goal, MicroGoal, Milestone, Problem, Win
from wins_md.store.codec import Decoder, encode_result
from wins_md.store.lines import StoreError

DAY = dt.date(2026, 11, 22)
MILESTONE = Milestone("Portfolio", True, DAY, 7, True)
WIN = Win(DAY, "Sent it ^a", "Sent it", ("career",), ("job",), {"words": 3, "mood": "ok"},
          "a", ("b",), "goals/job.md", 9, True, True)  # fmt: skip
MICRO = MicroGoal(DAY, "Draft", "Draft", "cancelled", ("t",), ("job",), "goals/job.md", 10, True)
GOAL = Goal("job", "Land a job", "paused", DAY, dt.date(2027, 3, 31), "applications", 20.0,
            "career", True, (MILESTONE,), "goals/job.md", 5)  # fmt: skip
ENTRY = Entry(
    file="goals/job.md",
    kind="goal",
    date=DAY,
    meta={"title": "Land a job", "when": dt.datetime(2026, 1, 2, 3, 4), "list": [1, {2: DAY}]},
    tags=("career",),
    goals=("job",),
    private=True,
    wins=(WIN,),
    micro_goals=(MICRO,),
    milestones=(MILESTONE,),
    links=("job",),
    goal=GOAL,
    hidden_by=("draft", "private-tag"),
)
PROBLEMS = [Problem("goals/job.md", 3, "something", "warning")]


def record(entry: Entry = ENTRY) -> list[Any]:
    return json.loads(encode_result((entry, PROBLEMS)))  # type: ignore[no-any-return]


def decode(data: list[Any]) -> tuple[Entry | None, list[Problem]]:
    return Decoder().result("goals/job.md", json.dumps(data).encode())


def test_every_field_of_every_class_comes_back() -> None:
    for instance in (ENTRY, WIN, MICRO, GOAL, MILESTONE, PROBLEMS[0]):
        defaults = [f for f in dataclasses.fields(instance) if f.default is not dataclasses.MISSING]
        assert all(getattr(instance, f.name) != f.default for f in defaults), "set every field"
    assert decode(record()) == (ENTRY, PROBLEMS)


def test_a_record_holds_each_field_but_the_file_in_field_order() -> None:
    entry_record = record()[0]
    stored = [f.name for f in dataclasses.fields(Entry) if f.name != "file"]
    assert len(entry_record) == len(stored)
    assert entry_record[stored.index("kind")] == "goal"
    win_record = entry_record[stored.index("wins")][0]
    win_fields = [f.name for f in dataclasses.fields(Win) if f.name != "file"]
    assert dict(zip(win_fields, win_record, strict=True))["line"] == 9


WIN_FIELDS = [f.name for f in dataclasses.fields(Win) if f.name != "file"]


@pytest.mark.parametrize("field", WIN_FIELDS)
def test_a_win_field_of_the_wrong_type_is_refused(field: str) -> None:
    data = record()
    wins = data[0][[f.name for f in dataclasses.fields(Entry)].index("wins") - 1]
    wins[0][WIN_FIELDS.index(field)] = [["not", "this"]]
    with pytest.raises((StoreError, TypeError, ValueError)):
        decode(data)


@pytest.mark.parametrize(
    ("where", "value"),
    [("kind", "diary"), ("private", 1), ("date", "2026-13-01"), ("tags", "career")],
)
def test_an_entry_field_of_the_wrong_value_is_refused(where: str, value: object) -> None:
    data = record()
    data[0][[f.name for f in dataclasses.fields(Entry) if f.name != "file"].index(where)] = value
    with pytest.raises((StoreError, TypeError, ValueError)):
        decode(data)


def test_a_problem_with_an_unknown_level_is_refused() -> None:
    data = record()
    data[1][0][3] = "fatal"
    with pytest.raises(StoreError):
        decode(data)


def test_a_record_of_the_wrong_length_is_refused() -> None:
    data = record()
    data[0].append(None)
    with pytest.raises(ValueError):
        decode(data)


def test_front_matter_that_json_cannot_hold_is_not_stored() -> None:
    with pytest.raises(StoreError):
        record(dataclasses.replace(ENTRY, meta={"when": dt.time(10, 0)}))


def test_a_field_named_like_the_generated_code_is_refused() -> None:
    """A model field called ``rel`` would silently take the record's path."""
    from wins_md.store import codec

    @dataclasses.dataclass(frozen=True)
    class Clashing:
        rel: str
        file: str

    with pytest.raises(TypeError, match="rel"):
        codec._generate(Clashing)

"""The parser, rule by rule of SPEC section 2: each ``fixtures/parse/NAME.md`` is parsed and
compared with the hand-checked ``NAME.json`` beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from parse_fixtures import fixture_result, read_fixture_path

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "parse").glob("*.md"))


@pytest.mark.parametrize("md", FIXTURES, ids=[md.stem for md in FIXTURES])
def test_fixture(md: Path) -> None:
    expected = json.loads(md.with_suffix(".json").read_text("utf-8"))
    assert expected.pop("path") == read_fixture_path(md)
    assert fixture_result(md) == expected


def test_every_fixture_has_its_expectation() -> None:
    assert FIXTURES, "no parser fixtures found"
    for md in FIXTURES:
        assert md.with_suffix(".json").is_file(), f"{md.name} has no .json beside it"

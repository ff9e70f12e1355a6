"""The brag documents and the reviews of the example vault are what the golden files in
``tests/fixtures/golden/`` hold; after a deliberate change, ``python
tests/fixtures/regenerate_golden.py`` writes them again (read the diff)."""

from __future__ import annotations

import difflib
import json

import pytest
from golden_documents import BRAGS, GOLDEN, REVIEWS, make_documents

GOLDEN_FILES = sorted(path.name for path in GOLDEN.iterdir())


@pytest.fixture(scope="module")
def made() -> dict[str, bytes]:
    return make_documents()


@pytest.mark.slow
def test_every_document_has_a_golden_file(made: dict[str, bytes]) -> None:
    reviews = ["review-2026-W46.md", "review-2026-10.md", "review-2026-Q3.md", "review-2026.md"]
    assert len(REVIEWS) == len(reviews)
    assert sorted(made) == GOLDEN_FILES == sorted([*BRAGS, *reviews])


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_the_document_is_its_golden_file(made: dict[str, bytes], name: str) -> None:
    golden = (GOLDEN / name).read_bytes()
    if made[name] != golden:
        diff = difflib.unified_diff(
            golden.decode().splitlines(), made[name].decode().splitlines(), lineterm="", n=1
        )
        pytest.fail(
            f"{name} differs from its golden file (if on purpose, run python "
            "tests/fixtures/regenerate_golden.py and read the diff):\n" + "\n".join(diff)
        )


def test_the_json_brag_says_what_the_markdown_says(made: dict[str, bytes]) -> None:
    document = json.loads(made["brag.json"])
    markdown = made["brag.md"].decode()
    assert f"- {document['wins']} wins on {document['active_days']} days" in markdown
    assert len(document["chains"]) == 3
    for chain in document["chains"]:
        assert f": {chain['steps']} steps, {chain['days']} days" in markdown

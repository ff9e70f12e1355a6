"""The parse cache: unchanged files come from it, changed ones never do, and a damaged,
foreign or raced cache is never trusted over the notes.

Modification times are set explicitly (``os.utime(ns=...)``): a file modified within
``RACY_NS`` of a load is never cached, so "old" files are made old on purpose.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import multiprocessing
import os
import shutil
import stat
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeVault
from tests.store_support import read_store, write_store
from wins_md.config import PARSE_KEYS, Config, load_config
from wins_md.parse import entry as parse
from wins_md.store.folder import STORE_DIR as CACHE_DIR
from wins_md.store.parse_cache import CACHE_NAME, ParseCache
from wins_md.vault.load import load_vault

OLD_NS = 1_700_000_000 * 10**9  # November 2023: far outside the racy window
ROOT = Path(__file__).parent.parent
NOTES = {
    "wins.toml": 'title = "Cache test"\n',
    "journal/2026/2026-11-21.md": (
        "---\ndate: 2026-11-21\n---\n## Wins\n- [x] Shipped it [[novel]]\n"
    ),
    "journal/2026/2026-11-22.md": "## Wins\n- [x] Wrote words:: 300 [[novel]] ^w\n- Plain one\n",
    "goals/novel.md": "---\ntitle: Novel\nmetric: words\ntarget: 1000\n---\n- [ ] Draft\n",
}


def age(root: Path, ns: int = OLD_NS) -> None:
    """Give every Markdown file of the vault the same old modification time."""
    for path in root.rglob("*.md"):
        if CACHE_DIR not in path.parts:
            os.utime(path, ns=(ns, ns))


def cache_file(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_NAME


def read_cache(root: Path) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The header and the records (``[size, mtime_ns, ctime_ns, inode, entry,
    problems]``) of a valid cache file; fails when it is not valid."""
    head, *lines, tail = read_store(cache_file(root)).split(b"\n")[:-1]
    body = b"".join(line + b"\n" for line in lines)
    assert json.loads(tail) == {"lines": len(lines), "crc": zlib.crc32(body)}
    records = {}
    for line in lines:
        *state, rest = line.split(b" ", 4)
        name, payload = rest.split(b"\t", 1)
        records[json.loads(name)] = [*map(int, state), *json.loads(payload)]
    return json.loads(head), records


def cached_records(root: Path) -> dict[str, list[Any]]:
    return read_cache(root)[1]


def rewrite_cache(root: Path, edit: Callable[[dict[str, Any], dict[str, Any]], None]) -> None:
    """Change a valid cache's header and records, keeping its checksum right."""
    header, records = read_cache(root)
    edit(header, records)
    body = b"".join(
        b"%d %d %d %d %s\t%s\n"
        % (*record[:4], json.dumps(rel).encode(), json.dumps(record[4:]).encode())
        for rel, record in records.items()
    )
    tail = json.dumps({"lines": len(records), "crc": zlib.crc32(body)}).encode()
    write_store(cache_file(root), json.dumps(header).encode() + b"\n" + body + tail + b"\n")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed (not taken from the cache), in order."""
    seen: list[str] = []
    real = parse.parse_bytes

    def counting(data: bytes, file: str, config: Config) -> Any:
        seen.append(file)
        return real(data, file, config)

    monkeypatch.setattr(parse, "parse_bytes", counting)
    return seen


@pytest.fixture
def vault(make_vault: Callable[[dict[str, str]], Path]) -> Path:
    root = make_vault(NOTES)
    age(root)
    return root


def texts(root: Path, **kwargs: Any) -> list[str]:
    return [win.text for win in load_vault(root, **kwargs).wins]


def test_unchanged_files_are_read_from_the_cache(vault: Path, parsed: list[str]) -> None:
    first = load_vault(vault)
    assert len(parsed) == 3 and cache_file(vault).is_file()
    parsed.clear()
    assert load_vault(vault) == first
    assert parsed == []


def test_a_changed_file_of_the_same_size_is_parsed_again(vault: Path, parsed: list[str]) -> None:
    load_vault(vault)
    note = vault / "journal/2026/2026-11-21.md"
    note.write_text(note.read_text("utf-8").replace("Shipped", "Drafted"), "utf-8")
    os.utime(note, ns=(OLD_NS + 1, OLD_NS + 1))
    parsed.clear()
    assert "Drafted it [[novel]]" in texts(vault)
    assert parsed == ["journal/2026/2026-11-21.md"]


def test_a_touched_file_is_parsed_again(vault: Path, parsed: list[str]) -> None:
    load_vault(vault)
    os.utime(vault / "goals/novel.md", ns=(OLD_NS + 5, OLD_NS + 5))
    parsed.clear()
    load_vault(vault)
    assert parsed == ["goals/novel.md"]


def test_deleted_and_new_files(vault: Path) -> None:
    load_vault(vault)
    (vault / "journal/2026/2026-11-21.md").unlink()
    new = vault / "journal/2026/2026-11-23.md"
    new.write_text("- [x] Brand new\n", "utf-8")
    os.utime(new, ns=(OLD_NS, OLD_NS))
    assert texts(vault) == ["Wrote words:: 300 [[novel]] ^w", "Plain one", "Brand new"]
    assert sorted(cached_records(vault)) == [
        "goals/novel.md",
        "journal/2026/2026-11-22.md",
        "journal/2026/2026-11-23.md",
    ]


def test_a_file_modified_just_now_is_not_cached(vault: Path, parsed: list[str]) -> None:
    (vault / "journal/2026/2026-11-22.md").write_text("- [x] Just saved\n", "utf-8")
    load_vault(vault)
    assert "journal/2026/2026-11-22.md" not in cached_records(vault)
    parsed.clear()
    assert texts(vault)[-1] == "Just saved"
    assert parsed == ["journal/2026/2026-11-22.md"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"garbage",
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data.replace(b"Shipped", b"Shopped"),  # checksum no longer matches
        lambda data: b"",
    ],
    ids=["garbage", "truncated", "bit-rot", "empty"],
)
def test_a_damaged_cache_is_discarded_with_a_warning_and_rebuilt(
    vault: Path, parsed: list[str], caplog: pytest.LogCaptureFixture, damage: Any
) -> None:
    expected = load_vault(vault, cache=False)
    load_vault(vault)
    write_store(cache_file(vault), damage(read_store(cache_file(vault))))
    parsed.clear()
    with caplog.at_level(logging.WARNING, logger="wins_md"):
        assert load_vault(vault) == expected
    assert "parse cache .wins/parse-cache.json.gz was discarded" in caplog.text
    assert len(parsed) == 3
    cached_records(vault)  # valid again
    caplog.clear()
    parsed.clear()
    assert load_vault(vault) == expected
    assert parsed == [] and caplog.text == ""


def test_a_bad_record_is_discarded_with_a_warning(
    vault: Path, caplog: pytest.LogCaptureFixture
) -> None:
    expected = load_vault(vault)

    def corrupt(header: dict[str, Any], records: dict[str, Any]) -> None:
        records["goals/novel.md"][4][0] = "not-a-kind"

    rewrite_cache(vault, corrupt)
    with caplog.at_level(logging.WARNING, logger="wins_md"):
        assert load_vault(vault) == expected
    assert "bad record for goals/novel.md" in caplog.text


def test_a_cache_from_another_version_is_discarded(
    vault: Path, parsed: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    load_vault(vault)

    def older(header: dict[str, Any], records: dict[str, Any]) -> None:
        header["version"] = "0.0.1+000000000000"
        records["journal/2026/2026-11-21.md"][4][6][0][1] = "Forged"

    rewrite_cache(vault, older)
    parsed.clear()
    with caplog.at_level(logging.WARNING, logger="wins_md"):
        assert "Forged" not in texts(vault)
    assert "written by another version of wins-md (0.0.1+000000000000" in caplog.text
    assert len(parsed) == 3


def test_changed_parse_settings_rebuild_silently(
    vault: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert "Plain one" in texts(vault)
    (vault / "wins.toml").write_text('win_headings = ["Done"]\n', "utf-8")
    with caplog.at_level(logging.WARNING, logger="wins_md"):
        assert "Plain one" not in texts(vault)
    assert caplog.text == ""


def test_every_setting_is_classified() -> None:
    """A new setting must be added to PARSE_KEYS when it changes how a file is parsed."""
    not_parse = {
        "title",
        "templates_dir",
        "output_dir",
        "stalled_days",
        "week_start",
        "rest_days",
        "rest",
        "timezone",
        "day_start",
        "exclude",
        "note_templates",
        "site_url",
        "stamp",
        "problems",
    }
    names = {field.name for field in dataclasses.fields(Config)}
    assert set(PARSE_KEYS) | not_parse == names
    assert not set(PARSE_KEYS) & not_parse


def test_no_cache_neither_reads_nor_writes(vault: Path, run_cli: Any) -> None:
    result = run_cli(vault, "list", "--no-cache", "--format", "json")
    assert result.exit_code == 0, result.output
    assert not (vault / CACHE_DIR).exists()
    load_vault(vault)

    def forge(header: dict[str, Any], records: dict[str, Any]) -> None:
        records["journal/2026/2026-11-21.md"][4][6][0][1:3] = ["Forged", "Forged"]

    rewrite_cache(vault, forge)
    before = cache_file(vault).read_bytes(), cache_file(vault).stat().st_mtime_ns
    for command in (["list", "--format", "json"], ["stats", "--json"], ["check"]):
        result = run_cli(vault, *command, "--no-cache")
        assert "Forged" not in result.output
    assert "Forged" not in run_cli(vault, "list", env={"WINS_NO_CACHE": "1"}).output
    assert (cache_file(vault).read_bytes(), cache_file(vault).stat().st_mtime_ns) == before
    assert "Forged" in run_cli(vault, "list").output  # the cache is used without the flag


def test_the_cli_warns_about_a_damaged_cache_on_stderr(vault: Path, run_cli: Any) -> None:
    load_vault(vault)
    cache_file(vault).write_bytes(b"{not json")
    result = run_cli(vault, "check")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "warning: the parse cache .wins/parse-cache.json.gz was discarded and will be rebuilt: "
        "it is corrupt"
    )


def test_an_unwritable_cache_folder_means_no_cache(vault: Path, parsed: list[str]) -> None:
    (vault / CACHE_DIR).write_text("a file where the folder should be", "utf-8")
    expected = load_vault(vault, cache=False)
    parsed.clear()
    assert load_vault(vault) == expected
    assert load_vault(vault) == expected
    assert len(parsed) == 6


def test_the_cache_folder_is_never_read_as_notes(vault: Path) -> None:
    load_vault(vault)
    (vault / CACHE_DIR / "note.md").write_text("- [x] Hidden win\n", "utf-8")
    assert "Hidden win" not in texts(vault)
    assert (vault / CACHE_DIR / ".gitignore").read_text("utf-8").endswith("*\n")


def test_front_matter_of_every_yaml_type_round_trips(make_vault: Any, parsed: list[str]) -> None:
    root = make_vault(
        {
            "notes/2026-11-22.md": (
                "---\nwhen: 2026-11-22T10:30:00+01:00\nday: 2026-11-22\nodd: 2026-02-30\n"
                "nested: {1: [a, {b: null}], 2026-01-01: 1.5, true: .inf}\nlist: [1, 'x', no]\n"
                "---\n- [x] Win\n"
            ),
            "notes/binary.md": (
                "---\nblob: !!binary aGVsbG8=\nset: !!set {a}\n---\n- [x] B 2026-11-22\n"
            ),
        }
    )
    age(root)
    expected = load_vault(root, cache=False)
    assert load_vault(root) == expected
    parsed.clear()
    assert load_vault(root) == expected
    assert parsed == ["notes/binary.md"]  # bytes and sets cannot be stored: parsed each time


def test_odd_file_names_round_trip(make_vault: Any, parsed: list[str]) -> None:
    name = 'notes/2026-11-22 "quoted" back\\slash\ttab é 🎉.md'
    root = make_vault({name: "- [x] Odd name\n", "notes/2026-11-23 plain.md": "- [x] Plain\n"})
    age(root)
    expected = load_vault(root, cache=False)
    load_vault(root)
    parsed.clear()
    assert load_vault(root) == expected
    assert parsed == [] and name in cached_records(root)


def test_a_kept_cache_object_serves_reloads_and_follows_the_settings(
    vault: Path, parsed: list[str]
) -> None:
    config = load_config(vault)
    cache = ParseCache.open(vault, config)
    first = load_vault(vault, config, cache=cache)
    parsed.clear()
    assert load_vault(vault, config, cache=cache) == first
    assert parsed == []
    other = dataclasses.replace(config, win_headings=("Done",))
    assert "Plain one" not in [w.text for w in load_vault(vault, other, cache=cache).wins]
    assert len(parsed) == 3


def test_cached_and_uncached_loads_of_the_example_vault_are_identical(tmp_path: Path) -> None:
    root = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", root, ignore=shutil.ignore_patterns(".wins", "site"))
    age(root)
    uncached = load_vault(root, cache=False)
    load_vault(root)
    cached = load_vault(root)
    assert [w.to_json() for w in cached.wins] == [w.to_json() for w in uncached.wins]
    assert cached.problems == uncached.problems
    assert cached.goals == uncached.goals
    assert cached == uncached
    assert len(cached_records(root)) == len(uncached.entries)


# -- two processes racing on one cache ---------------------------------------------------

CONTEXT = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")


def _racer(root: str, exclude: tuple[str, ...], barrier: Any, out: Any) -> None:
    """Load the vault in a child process; both children save at the same moment."""
    save = ParseCache.save

    def save_together(self: ParseCache, present: Any) -> None:
        barrier.wait(timeout=60)  # both have read the cache and parsed: now both save
        save(self, present)

    ParseCache.save = save_together  # type: ignore[method-assign]
    config = load_config(root, exclude=exclude)
    out.put(len(load_vault(root, config).wins))


def race(root: Path, excludes: list[tuple[str, ...]]) -> list[int]:
    barrier, out = CONTEXT.Barrier(len(excludes)), CONTEXT.Queue()
    racers = [CONTEXT.Process(target=_racer, args=(str(root), ex, barrier, out)) for ex in excludes]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=120)
        assert racer.exitcode == 0
    return sorted(out.get(timeout=5) for _ in racers)


@pytest.fixture
def big_vault(make_vault: Any) -> Iterator[Path]:
    files = {
        f"journal/{half}-{n:03}.md": f"- [x] {half} {n} ✅ 2026-11-22\n"
        for half in ("a", "b")
        for n in range(60)
    }
    root = make_vault(files)
    age(root)
    yield root


def test_two_loads_racing_on_a_cold_cache_leave_a_valid_complete_cache(
    big_vault: Path, parsed: list[str]
) -> None:
    assert race(big_vault, [(), ()]) == [120, 120]
    assert len(cached_records(big_vault)) == 120
    parsed.clear()
    assert load_vault(big_vault) == load_vault(big_vault, cache=False)
    assert len(parsed) == 120  # only the uncached load parsed


def test_two_loads_racing_lose_neither_ones_work(big_vault: Path, parsed: list[str]) -> None:
    """Each racer parses a different half; the saved cache must hold both halves."""
    assert race(big_vault, [("journal/a-*",), ("journal/b-*",)]) == [60, 60]
    assert len(cached_records(big_vault)) == 120
    parsed.clear()
    assert len(load_vault(big_vault).wins) == 120
    assert parsed == []


def test_the_stores_are_readable_by_their_owner_only(
    make_vault: Callable[[dict[str, str]], Path],
) -> None:
    """They hold the text of private wins."""
    vault = make_vault({"journal/2026-11-20.md": "---\nprivate: true\n---\n- [x] Secret\n"})
    age(vault)
    load_vault(vault)
    assert stat.S_IMODE(cache_file(vault).stat().st_mode) == 0o600


def test_wins_with_the_same_fields_share_one_mapping(make_vault: MakeVault) -> None:
    """Fifty thousand wins with fields hold a thousand distinct ones: each is kept once,
    read or decoded from the cache; a number written as 300.0 stays apart from 300."""
    notes = {
        f"journal/2026-11-{day:02d}.md": (
            "- [x] Wrote stretch:: 2 words:: 300\n- [x] Ran stretch:: 2 words:: 300\n"
            "- [x] Edited words:: 300.0\n- [x] Rested\n"
        )
        for day in range(1, 11)
    }
    root = make_vault(notes)
    age(root)
    for read in ("parsed", "from the cache"):
        vault = load_vault(root)
        assert len(vault.wins) == 40, read
        with_fields = [win.fields for win in vault.wins if win.fields]
        assert len({id(fields) for fields in with_fields}) == 2, read
        assert {json.dumps(dict(fields)) for fields in with_fields} == {
            '{"stretch": 2, "words": 300}',
            '{"words": 300.0}',
        }
        assert len({id(win.fields) for win in vault.wins if not win.fields}) == 1, read

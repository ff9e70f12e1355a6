"""``wins list`` answers from its index while nothing changed, and what it prints is
always what a full read of the vault gives: the same wins, the same problem count,
whatever the filters and the format; a stale or damaged index is never trusted."""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeVault, RunCli, write_files
from tests.store_support import read_store, write_store
from wins_md.config import load_config
from wins_md.query import Filters, list_wins
from wins_md.store.folder import STORE_DIR as CACHE_DIR
from wins_md.store.lines import trailer
from wins_md.store.list_index import INDEX_NAME
from wins_md.vault.load import load_vault

OLD_NS = 1_700_000_000 * 10**9  # far outside the 2-second window of files not cached
NOTES = {
    "wins.toml": 'title = "Listing"\n',
    "goals/career.md": "---\ntitle: New job\n---\n",
    "goals/portfolio.md": "---\ntitle: Portfolio\nparent: career\n---\n",
    "goals/garden.md": "---\ntitle: Garden\nstatus: paused\n---\n",
    "journal/2026-11-20.md": (
        "## Wins\n- [x] Sent the CV [[career]] #job ^cv\n"
        "- [x] Drew <b>two</b> screens [[portfolio]] #design/ux stretch:: 4\n"
        "- [x] Asked for help #help\n"
    ),
    "journal/2026-11-21.md": (
        "---\ntags: [writing]\n---\n## Wins\n- [x] Wrote 500 words (follows:: ^cv)\n"
        "- [x] Planted beans [[garden]]\n- [x] Told nobody #private\n"
        "- [x] Linked [a](javascript:alert(1)) [[nowhere]]\n"
    ),
    "journal/2026-11-22.md": "---\nprivate: true\n---\n## Wins\n- [x] A secret win #job\n",
    "journal/2026-11-19.md": "---\ndate: [broken\n---\n## Wins\n- [x] Lost\n",
    "journal/Élan 2026-11-18.md": "---\ndate: 2026-11-18\n---\n## Wins\n- [x] Ünïcode #écrit\n",
}
QUERIES = [
    [],
    ["--tag", "design"],
    ["--tag", "#JOB", "--tag", "writing"],
    ["--goal", "career"],
    ["--goal", "portfolio", "--include-private"],
    ["--unaligned"],
    ["--since", "2026-11-21", "--until", "2026-11-21"],
    ["--include-private"],
    ["--tag", "nothing-has-this"],
]


def age(root: Path) -> None:
    """Date every note far back: only files older than 2 seconds are cached and indexed."""
    for path in root.rglob("*.md"):
        if CACHE_DIR not in path.parts:
            os.utime(path, ns=(OLD_NS, OLD_NS))


def index_file(root: Path) -> Path:
    return root / CACHE_DIR / INDEX_NAME


@pytest.fixture
def vault(make_vault: MakeVault) -> Path:
    root = make_vault(NOTES)
    age(root)
    return root


def outputs(run_cli: RunCli, root: Path, args: list[str], **env: str) -> tuple[str, str]:
    result = run_cli(root, "list", *args, "--today", "2026-11-22", env=env)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "text", "csv"])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: " ".join(q) or "all")
def test_the_index_answers_what_a_full_read_answers(
    vault: Path, run_cli: RunCli, query: list[str], fmt: str
) -> None:
    args = [*query, "--format", fmt]
    expected = outputs(run_cli, vault, args, WINS_NO_CACHE="1")
    assert not index_file(vault).exists()  # --no-cache writes nothing
    assert outputs(run_cli, vault, args) == expected  # reads the vault, writes the index
    assert index_file(vault).is_file()
    written = index_file(vault).stat().st_mtime_ns
    assert outputs(run_cli, vault, args) == expected  # from the index
    assert index_file(vault).stat().st_mtime_ns == written  # used, not written again


def test_the_problem_warning_counts_what_a_full_read_counts(vault: Path, run_cli: RunCli) -> None:
    write_files(vault, {"journal/2026-11-21 (conflicted copy).md": "## Wins\n- [x] Twice\n"})
    count = len(load_vault(vault, cache=False).problems)
    assert count >= 2  # broken YAML, a sync-conflict copy
    for _ in range(2):  # the full read, then the index
        assert outputs(run_cli, vault, [])[1] == (
            f"warning: {count} problems in the vault; run 'wins check' to see them\n"
        )


def test_wins_from_the_index_equal_the_vaults_wins(vault: Path) -> None:
    config = load_config(vault)
    everything = Filters(include_private=True)
    expected = list(load_vault(vault, cache=False).wins)
    assert list_wins(vault, config, everything).wins == expected
    assert index_file(vault).is_file()
    from_index = list_wins(vault, config, everything)
    assert from_index.wins == expected  # setback flags and fields included
    assert any(win.setback for win in from_index.wins)


CHANGES: list[Callable[[Path], object]] = [
    lambda root: write_files(root, {"journal/2026-11-20.md": "## Wins\n- [x] Rewritten #job\n"}),
    lambda root: write_files(root, {"journal/2026-11-23.md": "## Wins\n- [x] A new note #job\n"}),
    lambda root: (root / "journal/2026-11-20.md").unlink(),
    lambda root: (root / "journal/2026-11-20.md").rename(root / "journal/moved.md"),
    lambda root: write_files(root, {"goals/career.md": "---\ntitle: Job\nstatus: done\n---\n"}),
    lambda root: write_files(root, {"wins.toml": 'private_tags = ["job"]\n'}),
    lambda root: write_files(root, {"wins.toml": 'exclude = ["journal/2026-11-20.md"]\n'}),
]


@pytest.mark.parametrize(
    "change", CHANGES, ids=["edit", "new", "delete", "rename", "goal", "settings", "exclude"]
)
@pytest.mark.parametrize("aged", [True, False], ids=["old", "just-now"])
def test_a_change_is_never_answered_from_the_old_index(
    vault: Path, run_cli: RunCli, change: Callable[[Path], object], aged: bool
) -> None:
    for query in (["--format", "json"], ["--unaligned", "--format", "json"]):
        outputs(run_cli, vault, query)
    assert index_file(vault).is_file()
    change(vault)
    if aged:
        age(vault)  # even with the same old modification time everywhere
    for query in (["--format", "json"], ["--unaligned", "--format", "json"]):
        expected = outputs(run_cli, vault, query, WINS_NO_CACHE="1")
        assert outputs(run_cli, vault, query) == expected
        assert outputs(run_cli, vault, query) == expected


def test_a_file_modified_just_now_keeps_the_index_from_being_written(
    vault: Path, run_cli: RunCli
) -> None:
    write_files(vault, {"journal/2026-11-20.md": "## Wins\n- [x] Just now #job\n"})
    outputs(run_cli, vault, [])
    assert not index_file(vault).exists()
    age(vault)
    outputs(run_cli, vault, [])
    assert index_file(vault).is_file()


def flip_a_byte_in_a_win(data: bytes) -> bytes:
    at = data.index(b"Sent the CV")
    return data[:at] + b"X" + data[at + 1 :]


def forge_the_tail(data: bytes) -> bytes:
    """A well-formed index whose goal and win columns say something else."""
    lines = data.split(b"\n")
    tail = json.loads(lines[-3])
    tail["flags"] = [0 for _ in tail["flags"]]  # every private win made public
    lines[-3] = json.dumps(tail).encode()
    return b"\n".join(lines)


def redo_checksum(data: bytes) -> bytes:
    lines = data.split(b"\n")
    body = b"\n".join(lines[1:-2]) + b"\n"
    lines[-2] = trailer(len(lines[1:-2]), zlib.crc32(body)).rstrip(b"\n")
    return b"\n".join(lines)


def emptied(data: bytes) -> bytes:
    return b""


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"{not json",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-30],
        flip_a_byte_in_a_win,
        forge_the_tail,
        lambda data: data.replace(b'"crc":', b'"crc":1'),
        emptied,
        lambda data: b"[]" + data[data.index(b"\n") :],
        lambda data: redo_checksum(
            data.replace(b'{"problems":', b'{"goals":[1],"problems":').replace(
                b',"goals":{', b',"other":{'
            )
        ),
    ],
    ids=[
        "garbage",
        "half",
        "no-trailer",
        "bit-rot",
        "forged-tail",
        "bad-crc",
        "empty",
        "header-a-list",
        "goals-a-list",
    ],
)
def test_a_damaged_index_is_ignored_with_a_warning_and_rebuilt(
    vault: Path, run_cli: RunCli, damage: Callable[[bytes], bytes], caplog: pytest.LogCaptureFixture
) -> None:
    expected, problems = outputs(run_cli, vault, ["--format", "json"], WINS_NO_CACHE="1")
    outputs(run_cli, vault, ["--format", "json"])
    write_store(index_file(vault), damage(read_store(index_file(vault))))
    with caplog.at_level(logging.WARNING, logger="wins_md"):
        assert outputs(run_cli, vault, ["--format", "json"])[0] == expected
    if damage is not emptied:  # an empty file is simply no index yet
        assert "the list index .wins/list-index.json.gz was ignored" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="wins_md"):
        assert outputs(run_cli, vault, ["--format", "json"]) == (expected, problems)
    assert caplog.text == ""  # rebuilt: used again without complaint


def test_a_damaged_index_says_so_on_stderr(vault: Path, run_cli: RunCli) -> None:
    outputs(run_cli, vault, [])
    write_store(index_file(vault), flip_a_byte_in_a_win(read_store(index_file(vault))))
    assert outputs(run_cli, vault, [])[1].startswith(
        "warning: the list index .wins/list-index.json.gz was ignored and will be rebuilt: "
        "it is corrupt (truncated or damaged: checksum mismatch)\nwarning: "
    )


def test_a_well_formed_but_forged_index_still_prints_the_documented_shape(
    vault: Path, run_cli: RunCli
) -> None:
    """The checksum guards against damage, not against someone who can write the
    vault's files (they could edit the notes as well): such an index is believed, as
    a forged parse cache would be, but the output stays well-formed."""
    outputs(run_cli, vault, [])
    write_store(index_file(vault), redo_checksum(forge_the_tail(read_store(index_file(vault)))))
    printed, warned = outputs(run_cli, vault, ["--format", "json"])
    assert "list index" not in warned  # believed: the checksum matches
    wins = json.loads(printed)
    assert [sorted(win) for win in wins] == [sorted(KEYS)] * len(wins)


KEYS = (
    "date",
    "text",
    "title",
    "tags",
    "goals",
    "fields",
    "id",
    "follows",
    "file",
    "line",
    "private",
)


@pytest.mark.slow
def test_lists_racing_on_a_cold_vault_all_answer_right_and_leave_a_valid_index(
    vault: Path, run_cli: RunCli
) -> None:
    write_files(
        vault, {f"journal/bulk/{n:03}.md": f"## Wins\n- [x] Win {n} #job\n" for n in range(150)}
    )
    age(vault)
    expected = outputs(run_cli, vault, ["--format", "json"], WINS_NO_CACHE="1")
    command = [
        sys.executable,
        "-m",
        "wins_md",
        "--vault",
        str(vault),
        "list",
        "--format",
        "json",
        "--today",
        "2026-11-22",
    ]
    env = {**os.environ, "NO_COLOR": "1"}
    racers = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        for _ in range(4)
    ]
    for racer in racers:
        stdout, stderr = racer.communicate(timeout=120)
        assert (racer.returncode, stdout, stderr) == (0, *expected)
    written = index_file(vault).stat().st_mtime_ns
    assert outputs(run_cli, vault, ["--format", "json"]) == expected
    assert index_file(vault).stat().st_mtime_ns == written  # valid: used as it is


def test_an_index_with_a_valid_checksum_but_wrong_types_is_rebuilt(
    vault: Path, run_cli: RunCli
) -> None:
    """A hand-edited index whose checksum was made to match: never a traceback."""
    before = outputs(run_cli, vault, [])
    head, *lines, _ = read_store(index_file(vault)).split(b"\n")[:-1]
    data = json.loads(lines[-1])
    data["goals"] = ["not", "a", "mapping"]
    lines[-1] = json.dumps(data).encode()
    body = b"".join(line + b"\n" for line in lines)
    write_store(index_file(vault), head + b"\n" + body + trailer(len(lines), zlib.crc32(body)))
    after = outputs(run_cli, vault, [])
    assert after[0] == before[0]
    assert "list index .wins/list-index.json.gz was ignored" in after[1]
    assert outputs(run_cli, vault, []) == before  # rebuilt, and quiet again


LISTED = {
    "journal/2026-11-20.md": "- [x] Booked the Interview\n- [x] Ran 5k\n",
    "journal/2026-11-21.md": "- [x] Prepared for the interview #work\n- [x] Slept well\n",
    "journal/2026-11-22.md": "- [x] Called Ana\n",
}


@pytest.mark.parametrize("cache", [True, False], ids=["from the index", "read"])
@pytest.mark.parametrize(
    ("args", "texts"),
    [
        (("-n", "2"), ["Slept well", "Called Ana"]),
        (("-n", "0"), []),
        (
            ("-n", "99"),
            [
                "Booked the Interview",
                "Ran 5k",
                "Prepared for the interview #work",
                "Slept well",
                "Called Ana",
            ],
        ),
        (("--grep", "INTERVIEW"), ["Booked the Interview", "Prepared for the interview #work"]),
        (("--grep", "interview", "-n", "1"), ["Prepared for the interview #work"]),
        (("--grep", "nothing like it"), []),
    ],
)
def test_newest_n_and_grep(
    make_vault: MakeVault, run_cli: RunCli, args: tuple[str, ...], texts: list[str], cache: bool
) -> None:
    vault = make_vault(LISTED)
    old = time.time() - 60  # old enough for the index to be written and used
    for path in (vault / "journal").iterdir():
        os.utime(path, (old, old))
    no_cache = () if cache else ("--no-cache",)
    for _ in range(2):  # the second run answers from the index when there is one
        result = run_cli(vault, "list", "--format", "json", *args, *no_cache)
        assert result.exit_code == 0, result.output
        assert [win["text"] for win in json.loads(result.stdout)] == texts
    assert (vault / CACHE_DIR / INDEX_NAME).exists() == cache
    text = run_cli(vault, "list", *args, *no_cache)
    assert text.exit_code == 0
    for win in texts:
        assert win in text.stdout


@pytest.mark.parametrize("cache", [True, False], ids=["from the index", "read"])
def test_listing_an_unknown_goal_says_so(
    make_vault: MakeVault, run_cli: RunCli, cache: bool
) -> None:
    vault = make_vault(
        {
            "goals/run-5k.md": "---\ntitle: Run 5k\n---\n",
            "journal/2026-11-20.md": "- [x] Ran 2k [[run-5k]]\n",
        }
    )
    old = time.time() - 60
    os.utime(vault / "journal/2026-11-20.md", (old, old))
    os.utime(vault / "goals/run-5k.md", (old, old))
    no_cache = () if cache else ("--no-cache",)
    for _ in range(2):
        result = run_cli(vault, "list", "--goal", "run-5", *no_cache)
        assert result.exit_code == 2
        assert result.stderr == "Error: unknown goal 'run-5' (did you mean 'run-5k'?)\n"
    found = run_cli(vault, "list", "--goal", "Run-5K", "--format", "json", *no_cache)
    assert [win["text"] for win in json.loads(found.stdout)] == ["Ran 2k [[run-5k]]"]


def test_the_stores_are_compressed_and_replace_the_uncompressed_ones(
    vault: Path, run_cli: RunCli
) -> None:
    """Both stores are gzip streams of their JSON lines (``zcat`` shows them), a fifth
    of the size; the uncompressed files an earlier version kept, and their locks, are
    removed."""
    names = ("parse-cache.json", "list-index.json")
    old = {vault / CACHE_DIR / name: b"{}\n" for name in names}
    old.update({vault / CACHE_DIR / f"{name}.lock": b"" for name in names})
    (vault / CACHE_DIR).mkdir()
    for path, data in old.items():
        path.write_bytes(data)
    expected = outputs(run_cli, vault, ["--format", "json"], WINS_NO_CACHE="1")
    assert outputs(run_cli, vault, ["--format", "json"]) == expected
    for name in ("parse-cache.json.gz", "list-index.json.gz"):
        path = vault / CACHE_DIR / name
        lines = gzip.decompress(path.read_bytes()).split(b"\n")
        assert json.loads(lines[0])["format"]
        assert path.stat().st_size < len(b"\n".join(lines)) / 2
    assert not any(path.exists() for path in old)
    assert outputs(run_cli, vault, ["--format", "json"]) == expected  # from the index


@pytest.mark.parametrize(
    ("name", "command"), [("parse-cache.json.gz", "check"), ("list-index.json.gz", "list")]
)
def test_a_cut_compressed_store_is_discarded_with_a_warning(
    vault: Path, run_cli: RunCli, name: str, command: str
) -> None:
    expected = run_cli(vault, command, env={"WINS_NO_CACHE": "1"}).stdout
    outputs(run_cli, vault, ["--format", "json"])  # writes both stores
    path = vault / CACHE_DIR / name
    path.write_bytes(path.read_bytes()[:-12])  # the stream's end (CRC and size) is lost
    result = run_cli(vault, command)
    assert result.stdout == expected
    assert "the compressed data is cut" in result.stderr

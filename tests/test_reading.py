"""Parsing many files on every CPU: the same vault, problems and cache as one at a time.

A vault of at least ``PARALLEL_MIN_FILES`` files is parsed by forked workers; these
tests read such vaults both ways and compare everything the reader returns.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_files

from wins_md.config import Config
from wins_md.errors import UsageProblem
from wins_md.model import Vault
from wins_md.vault.pool import PARALLEL_MIN_FILES, read_sized, wanted_jobs

OLD_NS = 1_700_000_000 * 10**9  # outside the parse cache's racy window
ODD_FILES: dict[str, str | bytes] = {
    "wins.toml": 'title = "Many notes"\nmax_file_mb = 0.01\n',
    "goals/novel.md": "---\ntitle: Novel\nmetric: words\ntarget: 100000\n---\n- [ ] Draft\n",
    "journal/broken-yaml.md": "---\ndate: [2026-01-01\n---\n- [x] Kept anyway\n",
    "journal/latin-1.md": "- [x] Caf\xe9 opened\n".encode("latin-1"),
    "journal/bom.md": "\ufeff---\nprivate: true\n---\n- [x] Secret\n",
    "journal/crlf.md": "---\r\ndate: 2026-03-03\r\n---\r\n- [x] Windows line ends\r\n",
    "journal/empty.md": "",
    "journal/huge.md": "- [x] too long\n" * 2000,
    "journal/unknown-goal.md": "---\ndate: 2026-03-04\n---\n- [x] Linked goal:: nowhere\n",
}


def note(day: int) -> str:
    date = f"2020-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}"
    return (
        f"---\ndate: {date}\ntags: [daily]\n---\n# Day {day}\n\nSome prose for day {day}.\n\n"
        f"## Wins\n- [x] Wrote {day} words #writing [[novel]] (words:: {day})\n"
        f"- [x] Walked {day % 7} km #health\n- [ ] Tomorrow: more\n"
    )


@pytest.fixture
def many_notes(tmp_path: Path) -> Path:
    """A vault with more notes than it takes to start the workers, and odd files."""
    files: dict[str, str | bytes] = {
        f"daily/{n:05d}.md": note(n) for n in range(PARALLEL_MIN_FILES + 50)
    }
    root = write_files(tmp_path / "vault", {**files, **ODD_FILES})
    os.symlink(root / "daily", root / "daily" / "loop")
    return root


# The pool forks only from a process running one thread, and this test session runs a
# browser and a server in threads: the reads under test run in a fresh interpreter,
# which notes the process that read each file and hands back the vault it read.
READ_IN_FRESH_PROCESS = """
import os, pickle, sys
from wins_md.vault import pool as reading
from wins_md.vault.load import load_vault

root, out, cache = sys.argv[1], sys.argv[2], sys.argv[3] == "cache"
real_read = reading.read_sized

def read_and_note_process(*args):
    with open(out + ".pids", "a") as handle:
        handle.write(f"{os.getpid()}\\n")
    return real_read(*args)

reading.read_sized = read_and_note_process
vault = load_vault(root, cache=cache)
with open(out, "wb") as handle:
    pickle.dump((os.getpid(), vault), handle)
"""


@dataclasses.dataclass
class Read:
    vault: Vault
    process: int
    parsed_by: list[int]  # the process that read each file that was not in the cache


def read_with(root: Path, jobs: int, *, cache: bool = False) -> Read:
    out = root.parent / "read.pickle"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            READ_IN_FRESH_PROCESS,
            str(root),
            str(out),
            "cache" if cache else "no-cache",
        ],
        env={**os.environ, "WINS_JOBS": str(jobs)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    process, vault = pickle.loads(out.read_bytes())
    pids = Path(f"{out}.pids")
    parsed_by = [int(pid) for pid in pids.read_text().split()] if pids.exists() else []
    out.unlink()
    pids.unlink(missing_ok=True)
    return Read(vault, process, parsed_by)


@pytest.mark.slow
def test_workers_parse_the_same_vault_as_one_process(many_notes: Path) -> None:
    alone = read_with(many_notes, 1)
    together = read_with(many_notes, 2)

    assert set(alone.parsed_by) == {alone.process}
    workers = set(together.parsed_by)
    assert together.process not in workers and len(workers) == 2
    assert together.vault == alone.vault
    assert len(together.vault.wins) == 2 * (PARALLEL_MIN_FILES + 50) + 2  # crlf, unknown-goal
    problems = "\n".join(str(problem) for problem in together.vault.problems)
    for expected in ("broken-yaml.md:", "latin-1.md:1:", "huge.md:1:", "loop", "nowhere"):
        assert expected in problems


@pytest.mark.slow
def test_a_cache_written_by_workers_serves_the_next_read(many_notes: Path) -> None:
    for path in many_notes.rglob("*.md"):
        os.utime(path, ns=(OLD_NS, OLD_NS))
    expected = read_with(many_notes, 1).vault

    first = read_with(many_notes, 2, cache=True)
    changed = many_notes / "daily/00007.md"
    changed.write_text(note(7).replace("Walked", "Ran"), encoding="utf-8")
    (many_notes / "daily/00008.md").unlink()
    second = read_with(many_notes, 2, cache=True)

    assert first.process not in first.parsed_by
    assert first.vault == expected
    assert second.parsed_by == [second.process]  # only the changed note, and no pool
    assert second.vault == read_with(many_notes, 1).vault
    assert any(
        win.file == "daily/00007.md" and win.text.startswith("Ran ") for win in second.vault.wins
    )
    assert not any(entry.file == "daily/00008.md" for entry in second.vault.entries)


@pytest.mark.slow
def test_the_site_built_by_workers_is_byte_for_byte_the_same(
    many_notes: Path, tmp_path: Path
) -> None:
    sites = []
    for jobs in ("1", "2"):
        out = tmp_path / f"site-{jobs}"
        env = {
            **os.environ,
            "WINS_JOBS": jobs,
            "WINS_TODAY": "2026-11-22",
            "SOURCE_DATE_EPOCH": "1790000000",
        }
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "wins_md",
                "--vault",
                str(many_notes),
                "build",
                "--no-cache",
                "--out",
                str(out),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "huge.md:1:" in done.stderr
        sites.append(out)
    contents = [
        {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}
        for site in sites
    ]
    assert {Path("index.html"), Path("wins.json"), Path("goals/novel.html")} <= set(contents[0])
    assert contents[0] == contents[1]


COUNT_WORKERS = """
import sys, threading
from wins_md.vault.pool import worker_count

files = int(sys.argv[1])
print(worker_count(files))
release = threading.Event()
other = threading.Thread(target=release.wait)
other.start()
print(worker_count(files))  # forking a process that runs threads can deadlock
release.set()
other.join()
"""


CPUS = len(os.sched_getaffinity(0))
DEFAULT_JOBS = min(CPUS, 8) if CPUS > 2 else 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("jobs", "files", "expected"),
    [
        ("3", PARALLEL_MIN_FILES - 1, "1 1"),
        ("3", PARALLEL_MIN_FILES * 100, "3 1"),
        ("1", PARALLEL_MIN_FILES * 100, "1 1"),
        ("", PARALLEL_MIN_FILES * 100, f"{DEFAULT_JOBS} 1"),
        ("20", PARALLEL_MIN_FILES * 100, "20 1"),
    ],
)
def test_a_pool_starts_only_where_it_pays_off_and_is_safe(
    jobs: str, files: int, expected: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", COUNT_WORKERS, str(files)],
        env={**os.environ, "WINS_JOBS": jobs},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == expected.split()


def test_no_pool_by_default_on_two_cpus() -> None:
    """On 2 CPUs the workers' results cost as much to send back as to parse: the pool
    would spend more CPU time for no less wall time."""
    allowed = set(sorted(os.sched_getaffinity(0))[:2])
    code = f"import os; os.sched_setaffinity(0, {allowed!r})\n" + COUNT_WORKERS
    environment = {k: v for k, v in os.environ.items() if k != "WINS_JOBS"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(PARALLEL_MIN_FILES * 100)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["1", "1"]


@pytest.mark.parametrize("value", ["0", "-2", "many", "1.5"])
@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_bad_jobs_setting_is_a_usage_error(
    value: str, cache: list[str], monkeypatch: pytest.MonkeyPatch, make_vault, run_cli
) -> None:
    vault = make_vault({"note.md": "- [x] One\n"})
    assert run_cli(vault, "list").exit_code == 0  # the cache is warm: nothing to parse
    monkeypatch.setenv("WINS_JOBS", value)
    with pytest.raises(UsageProblem, match=f"WINS_JOBS must be a whole number.*'{value}'"):
        wanted_jobs()
    result = run_cli(vault, "list", *cache, env={"WINS_JOBS": value})
    assert result.exit_code == 2
    assert (
        f"Error: WINS_JOBS must be a whole number of processes, 1 or more, not '{value}'"
        in result.output
    )


KILL_ONE_WORKER = """
import os, signal, sys
from wins_md.vault import pool as reading
from wins_md.vault.load import load_vault

parent = os.getpid()
real_read = reading.read_sized

def read_or_die(path, rel, *args):
    if rel == "daily/00500.md" and os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return real_read(path, rel, *args)

reading.read_sized = read_or_die
vault = load_vault(sys.argv[1], cache=False)
print(len(vault.wins), len(vault.problems))
"""


@pytest.mark.slow
def test_a_worker_that_dies_loses_nothing(many_notes: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILL_ONE_WORKER, str(many_notes)],
        env={**os.environ, "WINS_JOBS": "2"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = read_with(many_notes, 1).vault
    assert done.stdout.split() == [str(len(expected.wins)), str(len(expected.problems))]


def test_a_file_that_grows_past_the_limit_before_it_is_read_is_not_read(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("- [x] Small\n" + "- [x] Grown\n" * 2000, encoding="utf-8")
    config = Config(max_file_mb=0.01)
    entry, problems, readable = read_sized(note, "note.md", config, size=12)
    assert (entry, readable) == (None, True)
    assert [str(problem) for problem in problems] == [
        "note.md:1: is 0.0 MB, over the 0.01 MB limit; not read (split it, or raise "
        "max_file_mb in wins.toml)"
    ]

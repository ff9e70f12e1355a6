"""Reading files and parsing them: one at a time, or many at once on every CPU.

A cold read of a large vault is almost all parsing (about half a millisecond a
note). With at least :data:`PARALLEL_MIN_FILES` files to parse and at least
:data:`MIN_POOL_CPUS` CPUs, a pool of forked workers parses them in order-preserving
chunks while this process takes their results. Sending each result back (pickled,
then rebuilt here) is work one process does not do: on 2 CPUs the pool spent a fifth
more CPU time on a cold build of 3,650 notes and saved no wall time, so there, and
below about a thousand notes, one process reads everything.

Workers are forked, so only on Linux (where fork is cheap and well-defined) and
only from a process running one thread: forking a threaded process (the watcher,
the server) can deadlock, so those read one file at a time. ``WINS_JOBS`` sets how
many processes parse (default: the CPUs this process may use, at most 8, and 1 when
it may use 2 or fewer; ``1`` turns the pool off).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Generator, Sequence
from pathlib import Path

from wins_md.config import Config
from wins_md.errors import UsageProblem
from wins_md.model import Entry, Problem

PARALLEL_MIN_FILES = 1000
CHUNK_FILES = 512
"""Files a worker parses per task: fewer, larger messages between the processes."""
MIN_POOL_CPUS = 3
MAX_DEFAULT_JOBS = 8
"""Beyond this many workers, this process taking their results is the bottleneck (and
a container may be allowed fewer CPUs than it can see)."""

# (entry, problems, readable); readable is False when reading failed, perhaps only
# for now, so that result must not be cached.
ReadResult = tuple[Entry | None, list[Problem], bool]
# (path, relative path, size in bytes)
ReadJob = tuple[str, str, int]


def read_sized(path: str | Path, rel: str, config: Config, size: int) -> ReadResult:
    """Read and parse a file of ``size`` bytes; a file over the size limit (then, or by
    the time it is read) is reported, not read."""
    from wins_md.parse.entry import (
        parse_bytes,  # not imported at all when every file comes from the cache
    )

    limit = int(config.max_file_mb * 1024 * 1024)
    data = b""
    if size <= limit:
        try:
            with open(path, "rb") as handle:
                # Asked for the limit at once, Python would make room for all of it
                # (10 MB) for every note before shrinking it to the note's size.
                data = handle.read(size + 1)
                if len(data) > size:  # it grew since its size was taken
                    data += handle.read(limit + 1 - len(data))
                if len(data) > limit:
                    size = max(len(data), os.fstat(handle.fileno()).st_size)
        except OSError as error:
            return None, [Problem(rel, 1, f"cannot be read: {error.strerror}")], False
    if size > limit:
        message = (
            f"is {size / 1048576:.1f} MB, over the {config.max_file_mb:g} MB limit; "
            "not read (split it, or raise max_file_mb in wins.toml)"
        )
        return None, [Problem(rel, 1, message)], True
    return (*parse_bytes(data, rel, config), True)


def read_many(jobs: Sequence[ReadJob], config: Config) -> Generator[ReadResult, None, None]:
    """:func:`read_sized` of every job, in order; in parallel when it pays off.

    Should a worker die (killed, out of memory), the files it had not answered for are
    read here instead.
    """
    done = 0
    workers = worker_count(len(jobs))
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool
        from multiprocessing import get_context

        import wins_md.parse.entry  # noqa: F401  imported once here, not again in each worker

        try:
            pool = ProcessPoolExecutor(
                workers, get_context("fork"), initializer=_start_worker, initargs=(config,)
            )
            try:
                for result in pool.map(_read_job, jobs, chunksize=CHUNK_FILES):
                    yield result
                    done += 1
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        except (BrokenProcessPool, OSError):  # OSError: no more processes allowed
            pass
    for path, rel, size in jobs[done:]:
        yield read_sized(path, rel, config, size)


def worker_count(files: int) -> int:
    """How many processes parse ``files`` files: 1 (this one) unless a pool pays off
    and can be forked safely."""
    if files < PARALLEL_MIN_FILES or not sys.platform.startswith("linux"):
        return 1
    if threading.active_count() > 1:
        return 1
    import multiprocessing

    if multiprocessing.current_process().daemon:  # a pool's worker cannot have its own
        return 1
    return min(wanted_jobs(), -(-files // CHUNK_FILES))


def wanted_jobs() -> int:
    """The number of processes ``WINS_JOBS`` asks for; by default the CPUs this process
    may use, at most :data:`MAX_DEFAULT_JOBS`, and 1 below :data:`MIN_POOL_CPUS`."""
    value = os.environ.get("WINS_JOBS", "").strip()
    if not value:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        return min(cpus, MAX_DEFAULT_JOBS) if cpus >= MIN_POOL_CPUS else 1
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise UsageProblem(
            f"WINS_JOBS must be a whole number of processes, 1 or more, not '{value}'"
        )
    return jobs


_worker_config: Config | None = None


def _start_worker(config: Config) -> None:
    import signal

    global _worker_config
    _worker_config = config
    # Ctrl-C reaches the whole process group: the parent stops the pool, and the
    # workers should not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _read_job(job: ReadJob) -> ReadResult:
    assert _worker_config is not None
    path, rel, size = job
    return read_sized(path, rel, _worker_config, size)

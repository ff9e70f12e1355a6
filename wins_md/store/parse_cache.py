"""The parse cache: each file's parse result, kept between runs so only changed files
are parsed again.

Where: ``<vault>/.wins/parse-cache.json.gz`` (the vault reader never reads hidden
folders; a ``.gitignore`` keeps it out of a vault kept in git). When the folder
cannot be created or written, the vault is simply read without a cache.

What: for each Markdown file, keyed on its vault-relative path, the file's state
when it was read (size, ``st_mtime_ns``, ``st_ctime_ns`` and inode: see
:data:`~wins_md.store.fingerprint.FileState`) and its parse result (the :class:`Entry`
and its problems). A result is used only when all four are unchanged, so a file
rewritten with its modification time put back is parsed again. A file modified less than
:data:`~wins_md.store.folder.RACY_NS` before it was read is not
cached, so an edit landing in the same clock tick as the read is never missed.
The whole cache is dropped when wins-md's code (see :mod:`wins_md.store.fingerprint`)
or a setting that changes parsing (:data:`wins_md.config.PARSE_KEYS`) differs.

Format: JSON lines, gzip-compressed (:func:`wins_md.store.lines.packed`), never pickle
(see :mod:`wins_md.store.codec`). A header line
(format, version, the settings that change parsing), one line per file sorted by path
(``size mtime_ns ctime_ns inode "path"<tab>result``), and a trailer line with the number of
lines and their CRC-32. A cache that is truncated, corrupt or from another
version is discarded with a warning (logged on ``wins_md.store``, shown on stderr by
the CLI) and rebuilt. The file is streamed both ways, so the cache costs no more
memory than the entries it holds.

Writes are atomic (:func:`wins_md.store.atomic.write_atomic`) and made under the
cache's own lock after merging in what another process saved meanwhile, so two
builds racing on one vault lose neither's work and never leave a broken file.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from wins_md.config import Config
from wins_md.files import open_regular
from wins_md.model import Entry, Problem
from wins_md.store.atomic import write_atomic
from wins_md.store.codec import Decoder, Result, encode_result
from wins_md.store.fingerprint import FileState, fingerprint
from wins_md.store.folder import (
    STORE_DIR,
    STORE_FILE_MODE,
    make_store_folder,
    remove_replaced,
    store_log,
    store_path,
)
from wins_md.store.lines import StoreError, check_trailer, packed, unpacked_lines, with_trailer
from wins_md.store.lock import file_lock

CACHE_NAME = "parse-cache.json.gz"
OLD_NAME = "parse-cache.json"
"""Where formats up to 5 kept the cache, uncompressed: removed when the cache is saved."""
FORMAT = 6
_LINE_HEAD = re.compile(rb'(\d+) (\d+) (\d+) (\d+) ("[^\t\n]*")\t')


Known = tuple[FileState, Entry | None, tuple[Problem, ...]]
"""A file's state when parsed, its entry and its problems (a tuple: most files share the
one empty tuple, where a list each would cost a large vault megabytes)."""


class ParseCache:
    """Parse results of one vault's files, in memory and (when possible) on disk.

    ``ParseCache.open(root, config)`` reads the saved cache; keep the object to reuse
    its entries across reloads (as a watcher does). ``persistent=False`` keeps it
    in memory only.
    """

    def __init__(self, root: Path, config: Config, *, persistent: bool = True) -> None:
        self.root = Path(root)
        self.path = store_path(self.root, CACHE_NAME)
        self.persistent = persistent
        self.fingerprint = fingerprint(config)
        self._known: dict[str, Known] = {}
        self._fresh: set[str] = set()
        """Files parsed since the last save (encoded only when written)."""
        self._rewrite = False
        """True when the file must be written even without fresh results."""
        self._distrusted = False
        """True when the file on disk failed to load: it is rewritten, not merged."""

    @classmethod
    def open(cls, root: str | Path, config: Config) -> ParseCache:
        """The saved cache of the vault at ``root`` (empty when missing or unusable)."""
        cache = cls(Path(root), config)
        if cache.persistent:
            cache._load()
        return cache

    def bind(self, config: Config) -> None:
        """Forget everything when ``config`` parses differently from the cached one."""
        current = fingerprint(config)
        if current != self.fingerprint:
            self.fingerprint = current
            self._known, self._fresh, self._rewrite = {}, set(), True

    def get(self, rel: str, state: FileState) -> Result | None:
        """The cached result for this file in ``state`` (as it is now), or None (parse it)."""
        known = self._known.get(rel)
        if known is None or known[0] != state:
            return None
        return known[1], list(known[2])

    def stat_of(self, rel: str) -> FileState | None:
        """The file's state when its result was cached (None: not cached)."""
        known = self._known.get(rel)
        return None if known is None else known[0]

    def put(self, rel: str, state: FileState, result: Result) -> None:
        """Remember a fresh parse result, to be saved with the next :meth:`save`."""
        self._known[rel] = (state, result[0], tuple(result[1]))
        self._fresh.add(rel)

    def save(self, present: Iterable[str]) -> None:
        """Write the cache if anything changed, keeping only files that still exist.

        ``present`` is every file the vault has now. Never raises: a cache that
        cannot be written is left as it was.
        """
        present = set(present)
        gone = self._known.keys() - present
        for rel in gone:
            del self._known[rel]
        if self.persistent and (self._fresh or gone or self._rewrite):
            try:
                self._write(present)
                self._rewrite = False
            except OSError as error:
                store_log().debug("parse cache not written: %s", error)
        self._fresh = set()

    # -- reading ------------------------------------------------------------------

    def _load(self) -> None:
        """Decode the saved results; a damaged or foreign file is reported and dropped."""
        try:
            with open_regular(self.path) as handle:
                known: dict[str, Known] = {}
                decoder = Decoder()
                lines = unpacked_lines(handle)
                if self._check_header(lines):
                    for rel, state, line, start in self._records(lines):
                        try:
                            entry, problems = decoder.result(rel, line[start:-1])
                        except (LookupError, TypeError, ValueError, RecursionError) as error:
                            raise StoreError(f"it holds a bad record for {rel} ({error})") from None
                        known[rel] = (state, entry, tuple(problems))
                self._known = known
        except FileNotFoundError:
            return
        except OSError as error:
            store_log().debug("parse cache not read: %s", error)
        except StoreError as error:
            self._warn(str(error))
            self._distrusted = True
        # A file that was there but gave nothing (damaged, other settings) is rewritten.
        self._rewrite = not self._known

    def _check_header(self, lines: Iterator[bytes]) -> bool:
        """Read the header line: False when the file was made with other settings."""
        try:
            header = json.loads(next(lines, b""))
        except (ValueError, RecursionError):  # not JSON, or nested beyond any header
            raise StoreError("it is corrupt (unreadable header)") from None
        if not isinstance(header, dict):
            raise StoreError("it is corrupt (unreadable header)")
        made_by = (header.get("format"), header.get("version"))
        if made_by != (FORMAT, self.fingerprint[0]):
            raise StoreError(
                f"it was written by another version of wins-md ({made_by[1]}, format "
                f"{made_by[0]}; this is {self.fingerprint[0]}, format {FORMAT})"
            )
        return bool(header.get("config") == self.fingerprint[1])  # else a silent rebuild

    @staticmethod
    def _records(source: Iterator[bytes]) -> Iterator[tuple[str, FileState, bytes, int]]:
        """``(path, file state, line, start of the result)`` for each record line;
        raises StoreError, after the last one, when the trailer does not match them."""
        crc = lines = 0
        previous, last_rel = b"", ""
        for line in source:
            if previous:
                match = _LINE_HEAD.match(previous)
                if match is None or not previous.endswith(b"\n"):
                    raise StoreError("it is corrupt (unreadable record)")
                name = match.group(5)
                # A JSON string without escapes is its text in quotes: nothing to decode.
                rel = json.loads(name) if b"\\" in name else name[1:-1].decode()
                if lines and rel <= last_rel:
                    raise StoreError("it is corrupt (records out of order)")
                size, mtime_ns, ctime_ns, inode = map(int, match.group(1, 2, 3, 4))
                yield rel, (size, mtime_ns, ctime_ns, inode), previous, match.end()
                last_rel = rel
                crc, lines = zlib.crc32(previous, crc), lines + 1
            previous = line
        check_trailer(previous, lines, crc)

    # -- writing ------------------------------------------------------------------

    def _write(self, present: set[str]) -> None:
        """Save the fresh results merged into what the file holds now (another process
        may have saved meanwhile), under a lock, atomically."""
        folder = make_store_folder(self.root)
        # Not the vault lock: a build saves the cache while it may hold that one.
        with file_lock(folder / (CACHE_NAME + ".lock")):
            try:
                self._replace(self._lines(present, merge=not self._distrusted))
            except StoreError:  # the file on disk is damaged: write without it
                self._replace(self._lines(present, merge=False))
            self._distrusted = False
            remove_replaced(folder, OLD_NAME)

    def _replace(self, lines: Iterator[bytes]) -> None:
        # Not durable: a cache lost in a crash is only rebuilt (its trailer tells).
        write_atomic(self.path, packed(lines), durable=False, new_mode=STORE_FILE_MODE)

    def _lines(self, present: set[str], merge: bool) -> Iterator[bytes]:
        """The new file: the header, the on-disk records of files still there (when
        ``merge``) with our fresh results in their sorted place, and the trailer."""
        header = {"format": FORMAT, "version": self.fingerprint[0], "config": self.fingerprint[1]}
        yield json.dumps(header).encode() + b"\n"
        fresh = sorted(self._fresh if merge else self._known.keys() & present)
        disk = self._on_disk(present) if merge else iter(())
        yield from with_trailer(_merged(disk, fresh, self._encode))

    def _on_disk(self, present: set[str]) -> Iterator[tuple[str, bytes]]:
        """The record lines of the file on disk, in order, for files still there."""
        if not self.path.is_file():
            return
        with open_regular(self.path) as handle:
            lines = unpacked_lines(handle)
            try:
                if not self._check_header(lines):
                    return
            except StoreError:
                return
            for rel, _, line, _ in self._records(lines):
                if rel in present or (self.root / rel).is_file():
                    yield rel, line

    def _encode(self, rel: str) -> bytes | None:
        """The record line of a result held in memory (None when it cannot be stored)."""
        state, entry, problems = self._known[rel]
        try:
            payload = encode_result((entry, list(problems)))
        except (StoreError, ValueError):
            return None  # front matter JSON cannot hold: that file is parsed every time
        name = json.dumps(rel, ensure_ascii=False).encode()
        return b"%d %d %d %d %s\t%s\n" % (*state, name, payload)

    def _warn(self, reason: str) -> None:
        store_log().warning(
            "the parse cache %s/%s was discarded and will be rebuilt: %s",
            STORE_DIR,
            CACHE_NAME,
            reason,
        )


def _merged(
    disk: Iterator[tuple[str, bytes]],
    fresh: list[str],
    encode: Callable[[str], bytes | None],
) -> Iterator[bytes]:
    """Record lines sorted by path: the disk's (sorted), with ``fresh`` (sorted) encoded
    in their place, replacing a disk line for the same path."""
    pending = iter(fresh)
    upcoming = next(pending, None)
    for rel, line in disk:
        while upcoming is not None and upcoming < rel:
            yield from _present(encode(upcoming))
            upcoming = next(pending, None)
        if upcoming == rel:
            yield from _present(encode(upcoming))
            upcoming = next(pending, None)
        else:
            yield line
    while upcoming is not None:
        yield from _present(encode(upcoming))
        upcoming = next(pending, None)


def _present(line: bytes | None) -> Iterator[bytes]:
    if line is not None:
        yield line

"""Creating and appending to users' files: entries, wins, reviews and goals, from
templates, without losing a byte. Never prints; raises ``WinsError`` for problems.

Every write happens under the vault lock (``.wins/lock``) and is atomic (see
:mod:`wins_md.store.atomic`); files that exist are never overwritten, except that
``add_win`` inserts its one line into the day's entry, keeping what other programs
write to it meanwhile (see :mod:`wins_md.capture.update`). Nothing is written through
a link that leaves the vault, or into a read-only file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from wins_md.capture.insertion import append_block, insert_win
from wins_md.capture.update import update_file
from wins_md.config import Config, is_logseq_graph
from wins_md.dates import format_path
from wins_md.errors import SourceError, UsageProblem, WinsError, did_you_mean
from wins_md.model import Vault
from wins_md.store.atomic import write_atomic
from wins_md.store.lock import vault_lock

if TYPE_CHECKING:
    from wins_md.periods import Period

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TAG = re.compile(r"^[\w/-]+$")
_BLOCK_ID = re.compile(r"^[A-Za-z0-9-]+$")
_TRAILING_ID = re.compile(r"\s\^[A-Za-z0-9-]+$")
_NOTE = re.compile(r"^[^\[\]|#^\r\n]+$")


def entry_path(root: Path, config: Config, date: dt.date) -> Path:
    """Where the entry of ``date`` is created: journal folder + journal format + ``.md``."""
    return Path(root) / config.journal_dir / (format_path(config.journal_format, date) + ".md")


def relative(root: Path, path: Path) -> str:
    """``path`` relative to the vault, with ``/`` (as problems and the parser name files)."""
    return Path(os.path.relpath(path, root)).as_posix()


def new_entry(root: Path, config: Config, date: dt.date) -> tuple[Path, bool]:
    """The entry of ``date``, created from the day template unless it exists.

    Returns ``(path, created)``; an existing entry is never rewritten.
    """
    from wins_md.capture.day_entry import entry_or_template

    check_vault(root)
    with locked_writes(root):
        path, text = entry_or_template(root, config, date)
        if text is None:
            return path, False
        create(root, path, text)
    return path, True


def add_win(
    root: Path,
    config: Config,
    date: dt.date,
    text: str,
    goals: Iterable[str] = (),
    tags: Iterable[str] = (),
    stretch: int | None = None,
    follows: str | None = None,
    own_id: str | None = None,
) -> Path:
    """Append ``- [x] TEXT #tag [[goal]] stretch:: N [[note#^id]]`` under the Wins heading
    of the entry of ``date`` (created from the template when missing); return its path.
    In a Logseq graph, a ``- DONE TEXT ...`` block is added at the end of the day's
    journal page (created bare when missing), as Logseq adds blocks.

    Whitespace in ``text`` (newlines too) is joined to single spaces, as the parser
    reads it; control characters are refused. Every other byte of the entry stays.
    """
    from wins_md.capture.day_entry import entry_or_template

    check_vault(root)
    follows_link = _follows_link(root, config, follows) if follows else None
    if own_id:
        from wins_md.capture.chains import check_new_id

        own_id = check_new_id(read_vault(root, config), own_id)
    line = win_line(
        text, goals=goals, tags=tags, stretch=stretch, follows=follows_link, own_id=own_id
    )
    with locked_writes(root):
        logseq = is_logseq_graph(root)
        if logseq:  # a journal page is an outline: no front matter, no template
            path = entry_path(root, config, date)
            fresh = None if path.exists() else ""
        else:
            path, fresh = entry_or_template(root, config, date)
        name = relative(root, path)
        insert = append_block if logseq else insert_win  # a DONE block, or under ## Wins
        if fresh is not None:
            _check_link(root, path)
            with contextlib.suppress(FileExistsError):  # made meanwhile: add to it
                new = insert(fresh, line, name, config).encode("utf-8")
                write_atomic(path, new, exclusive=True, sweep=True)
                return path
        _check_link(root, path)
        _check_writable(name, path)

        def change(data: bytes) -> bytes:
            return insert(decode(name, data), line, name, config).encode("utf-8")

        update_file(path, change, name)
    return path


def win_line(
    text: str,
    goals: Iterable[str] = (),
    tags: Iterable[str] = (),
    stretch: int | None = None,
    follows: str | None = None,
    own_id: str | None = None,
) -> str:
    """The text of a win's list item (after ``- [x] ``), in the inline syntax of SPEC 2.3;
    ``own_id`` is the win's block id (written `` ^own_id`` at the end)."""
    words = " ".join(text.split())
    if not words:
        raise UsageProblem("the win's text is empty; say what you moved forward")
    block_id = _TRAILING_ID.search(words)  # a block id must stay at the very end
    if block_id and own_id:
        raise UsageProblem(f"--id: the text already ends with the block id {block_id.group(0)}")
    parts = [words[: block_id.start()]] if block_id and block_id.start() else [words]
    for tag in tags:
        name = tag.strip().lstrip("#")
        if not _TAG.match(name) or name.isdigit():
            raise UsageProblem(
                f"--tag: '{tag}' is not a tag; use letters, digits, '-', '_' "
                "and '/' (not only digits)"
            )
        parts.append(f"#{name}")
    for goal in goals:
        name = goal.strip().removeprefix("[[").removesuffix("]]").strip()
        if not _NOTE.match(name):
            raise UsageProblem(
                f"--goal: '{goal}' is not a goal slug; use the goal file's "
                "name without .md, like 'land-design-role'"
            )
        parts.append(f"[[{name}]]")
    if stretch is not None:
        if not 1 <= stretch <= 5:
            raise UsageProblem(f"--stretch: {stretch} is not in 1..5")
        parts.append(f"stretch:: {stretch}")
    if follows:
        parts.append(f"[[{follows}]]")
    if block_id and block_id.start():
        parts.append(block_id.group(0).strip())
    if own_id:
        parts.append(f"^{own_id}")
    line = " ".join(parts)
    check_characters(line)
    return line


def check_characters(text: str) -> None:
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs"):
            raise UsageProblem(
                f"the win's text holds the control character U+{ord(char):04X}; remove it"
            )


def _follows_link(root: Path, config: Config, follows: str) -> str:
    """``note#^id`` for ``--follows``: ``email``, ``^email`` or ``2026-11-01#^email``."""
    value = follows.strip().removeprefix("[[").removesuffix("]]")
    note, _, block = value.rpartition("#")
    block = block.removeprefix("^")
    if not _BLOCK_ID.match(block) or (note and not _NOTE.match(note)):
        raise UsageProblem(
            f"--follows: '{follows}' is not a block id; use 'email' or '2026-11-01#^email'"
        )
    if note:
        return f"{note}#^{block}"
    ids = {win.id: win for win in read_vault(root, config).wins if win.id}
    if block not in ids:
        raise UsageProblem(
            f"--follows: no win has the block id '^{block}'"
            f"{did_you_mean(block, list(ids))}; end a win with ' ^{block}' "
            "to give it that id"
        )
    return f"{Path(ids[block].file).stem}#^{block}"


def read_vault(root: Path, config: Config) -> Vault:
    """The whole vault, read only where a command needs it (making an entry, finding a
    block id): ``wins add`` to an existing entry never imports the reader."""
    from wins_md.vault.load import load_vault

    return load_vault(root, config)


def render(root: Path, config: Config, template: str, context: dict[str, object]) -> str:
    """A template of the vault (or a shipped one) rendered; Jinja is imported only here."""
    from wins_md.site.environment import make_environment, render_template

    return render_template(make_environment(root, config), template, context, root)


def win_heading(config: Config) -> str:
    """The heading ``wins add`` writes under: the first of ``win_headings``."""
    return config.win_headings[0] if config.win_headings else "Wins"


class AlreadyThere(WinsError):
    """The file to create exists: it is kept as it is (``path`` says where)."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def new_review(
    root: Path,
    config: Config,
    period: Period | dt.date,
    today: dt.date | None = None,
    include_private: bool = False,
) -> Path:
    """Create the review of ``period`` (a date: the week holding it, starting on
    ``week_start``) as ``reviews/<its name>.md``; never overwrite one."""
    from wins_md.periods import week_of

    check_vault(root)
    if isinstance(period, dt.date):
        period = week_of(period, config.first_weekday)
    path = Path(root) / config.reviews_dir / f"{period.name}.md"
    if path.exists():
        raise AlreadyThere(
            f"{relative(root, path)} already exists; wins never overwrites a "
            "review (edit it, or move it away to start again)",
            path,
        )
    vault = read_vault(root, config)
    day = today or config.today()
    if period.kind == "week":
        from wins_md.capture.review import week_review

        context = week_review(vault, period, day, include_private).context()
    else:
        from wins_md.capture.period_review import period_review

        context = period_review(vault, period, day, include_private).context()
    text = render(root, config, "week.md" if period.kind == "week" else "period.md", context)
    with locked_writes(root):
        create(root, path, text)
    return path


@contextlib.contextmanager
def locked_writes(root: Path) -> Iterator[None]:
    """Hold the vault lock; a file system error becomes a ``WinsError`` naming the file."""
    try:
        with vault_lock(root):
            yield
    except FileExistsError:
        raise  # the caller decides: refuse, or keep what is there
    except OSError as error:
        where = relative(root, Path(error.filename)) if error.filename else str(root)
        raise WinsError(f"{where}: cannot be written: {error.strerror or error}") from None


def create(root: Path, path: Path, text: str) -> None:
    """Write a new file; refuse, never overwrite, when it exists."""
    _check_link(root, path)
    try:
        write_atomic(path, text.encode("utf-8"), exclusive=True, sweep=True)
    except FileExistsError:
        raise WinsError(
            f"{relative(root, path)} already exists; wins never overwrites a file"
        ) from None


def decode(name: str, data: bytes) -> str:
    """A file's text exactly as stored (a BOM is kept); not UTF-8 is an error."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(
            name, line, "is not UTF-8 text; wins add will not change it (save it as UTF-8 first)"
        ) from None


def _check_link(root: Path, path: Path) -> None:
    """Refuse to write through a link that leaves the vault (the reader does not follow
    it either) or leads nowhere. A link inside the vault is written through, and stays
    a link, as editors do."""
    name = relative(root, path)
    if os.path.islink(path) and not os.path.exists(path):
        raise WinsError(f"{name}: broken symlink (or a loop); wins will not write through it")
    real, vault = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath((real, vault)) != vault:
        raise WinsError(f"{name}: symlink leads out of the vault; wins will not write through it")


def _check_writable(name: str, path: Path) -> None:
    """Refuse to change a read-only file, as editors do (replacing it would succeed)."""
    with contextlib.suppress(OSError):  # reading it says what is wrong
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode) and not (info.st_mode & 0o222 and os.access(path, os.W_OK)):
            raise WinsError(
                f"{name}: is read-only; wins add will not change it (make it writable first)"
            )


def check_vault(root: Path) -> None:
    if not Path(root).is_dir():
        raise WinsError(f"vault folder '{root}' does not exist; create it with 'wins init {root}'")

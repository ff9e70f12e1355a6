"""Momentum chains from the command line: a new win's own block id (``wins add --id``)
and the win it follows (``--follows last``: the newest before it, given an id when it
has none, the only other line ``wins add`` ever changes)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from wins_md.capture.entries import decode, locked_writes
from wins_md.capture.insertion import add_block_id
from wins_md.capture.update import update_file
from wins_md.config import Config, is_logseq_graph
from wins_md.errors import UsageProblem
from wins_md.model import Vault, Win

BLOCK_ID = re.compile(r"^[A-Za-z0-9-]+$")
_ID_WORDS = 4
_ID_LENGTH = 24


def check_new_id(vault: Vault, block_id: str) -> str:
    """``block_id`` without a leading ``^``, refused when it is not an id or a win of
    the vault already has it."""
    name = block_id.strip().removeprefix("^")
    if not BLOCK_ID.match(name):
        raise UsageProblem(f"--id: '{block_id}' is not a block id; use letters, digits and '-'")
    for win in vault.wins:
        if win.id == name:
            raise UsageProblem(
                f"--id: ^{name} is already the id of '{win.title}' ({win.file}:{win.line}); "
                "choose another"
            )
    return name


def follow_last(root: Path, config: Config, date: dt.date) -> tuple[str, str | None]:
    """The link (``note#^id``) to the newest win dated on or before ``date``, and what was
    changed to make it: ``None``, or a sentence saying which win was given an id."""
    from wins_md.vault.load import load_vault

    with locked_writes(root):
        return _follow_last(root, config, load_vault(root, config), date)


def _follow_last(root: Path, config: Config, vault: Vault, date: dt.date) -> tuple[str, str | None]:
    earlier = [win for win in vault.wins if win.date is not None and win.date <= date]
    if not earlier:
        raise UsageProblem("--follows last: there is no win on or before this one to follow")
    last = max(earlier, key=lambda win: (win.date, win.file, win.line))
    note = Path(last.file).stem
    if last.id:
        return f"{note}#^{last.id}", None
    if is_logseq_graph(root):
        raise UsageProblem(
            f"--follows last: '{last.title}' ({last.file}:{last.line}) has no block id; "
            "give it one in Logseq, then use --follows with that id"
        )
    block_id = _new_id(last, {win.id for win in vault.wins if win.id})

    def change(data: bytes) -> bytes:
        text = decode(last.file, data)
        return add_block_id(text, last.line, block_id, last.file, config).encode("utf-8")

    update_file(Path(root) / last.file, change, last.file)
    said = f"gave '{last.title}' ({last.file}:{last.line}) the id ^{block_id} to follow it"
    return f"{note}#^{block_id}", said


def _new_id(win: Win, taken: set[str]) -> str:
    """A short id from the win's first words (``called-ana``), unique in the vault."""
    words = re.findall(r"[a-z0-9]+", win.title.lower())[:_ID_WORDS] or ["win"]
    base = "-".join(words)[:_ID_LENGTH].strip("-") or "win"
    block_id, number = base, 1
    while block_id in taken:
        number += 1
        block_id = f"{base}-{number}"
    return block_id

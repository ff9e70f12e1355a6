"""``wins rest``: add a rest period to ``wins.toml`` as a ``[[rest]]`` table at its end,
leaving every other byte of the file as it was (comments, order, line endings, a BOM).

The new text is read back with ``tomllib`` before it is written: it must hold the
settings it held, and the new period after the others. A file whose TOML cannot take
the table (it sets ``rest = [...]`` inline, say) is left untouched, and the table to
add by hand is printed.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wins_md.capture.entries import _check_link, locked_writes, relative
from wins_md.config import CONFIG_NAME
from wins_md.errors import UsageProblem, WinsError
from wins_md.files import read_regular
from wins_md.store.atomic import write_atomic


@dataclass(frozen=True, slots=True)
class AddedRest:
    """What ``wins rest`` wrote."""

    path: Path
    why: str
    """The reason, its whitespace made single spaces."""
    table: str
    """The ``[[rest]]`` table, as written (with ``\\n`` line endings)."""


def rest_table(first: dt.date, last: dt.date, why: str = "", public: bool = False) -> str:
    """The ``[[rest]]`` table of a rest period, ending with a newline."""
    lines = ["[[rest]]", f"from = {first.isoformat()}", f"to = {last.isoformat()}"]
    if why:
        lines.append(f"why = {json.dumps(why, ensure_ascii=False)}")  # a TOML basic string
    if public:
        lines.append("public = true")
    return "\n".join(lines) + "\n"


def add_rest(
    root: Path, first: dt.date, last: dt.date, why: str = "", public: bool = False
) -> AddedRest:
    """Append the rest period from ``first`` to ``last`` (both rest days) to the vault's
    ``wins.toml``, made when missing. ``why`` is its reason, published only when
    ``public``. Raises ``UsageProblem`` for a bad period, ``WinsError`` for a file that
    cannot take it (nothing is written then)."""
    if last < first:
        raise UsageProblem(f"RANGE: {last} is before {first}; write the first day first")
    for char in why:
        if unicodedata.category(char) in ("Cc", "Cs"):
            raise UsageProblem(f"--why holds the control character U+{ord(char):04X}; remove it")
    why = " ".join(why.split())
    table = rest_table(first, last, why, public)
    path = Path(root) / CONFIG_NAME
    with locked_writes(root):
        _check_link(root, path)
        try:
            data = read_regular(path)
        except FileNotFoundError:
            data = b""
        write_atomic(path, _appended(relative(root, path), data, table))
    return AddedRest(path, why, table)


def _appended(name: str, data: bytes, table: str) -> bytes:
    """``data`` with ``table`` after it, in the file's line endings, once the result is
    proven to read as ``data`` does plus the new period."""
    try:
        text = data.decode("utf-8-sig")
        before = tomllib.loads(text)
    except UnicodeDecodeError:
        raise WinsError(f"{name}: is not UTF-8 text; nothing was written") from None
    except tomllib.TOMLDecodeError as error:
        raise WinsError(f"{name}: {error}; fix it first, nothing was written") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    gap = "" if not text.strip() else (newline if text.endswith(("\n", "\r")) else newline * 2)
    addition = (gap + table.replace("\n", newline)).encode("utf-8")
    new = data + addition
    try:
        after = tomllib.loads(new.decode("utf-8-sig"))
    except tomllib.TOMLDecodeError:
        after = None
    expected = _with_period(before, tomllib.loads(table)["rest"][0])
    if expected is None or after != expected:
        raise WinsError(
            f"{name}: a [[rest]] table cannot be added at its end without changing what "
            f"it says (is 'rest' set there in another form?); nothing was written. "
            f"Add the period yourself:\n{table.rstrip()}"
        )
    return new


def _with_period(settings: dict[str, Any], period: dict[str, Any]) -> dict[str, Any] | None:
    """The settings with ``period`` after their rest periods; None when their ``rest``
    is not a list (no table can be added to it)."""
    periods = settings.get("rest", [])
    if not isinstance(periods, list):
        return None
    return {**settings, "rest": [*periods, period]}

"""Rest: the days that neither break nor extend a streak.

A vault rests on the weekdays of ``rest_days``, in the periods of its ``[[rest]]``
tables (read here: ``wins rest`` adds one), and on each day whose note says ``rest:
true``. :class:`RestDays` holds them all as weekdays and spans of ordinals, so a
streak is counted from the days with wins alone, never by walking the calendar.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from wins_md.dates import weekday_of
from wins_md.errors import did_you_mean

if TYPE_CHECKING:
    from wins_md.model import Level


@dataclass(frozen=True, slots=True)
class RestPeriod:
    """A ``[[rest]]`` table of ``wins.toml``: days that neither break nor extend a streak
    (``wins rest`` adds one)."""

    first: dt.date
    last: dt.date
    why: str = ""
    """The reason: shown only to the vault's owner unless ``public``."""
    public: bool = False
    """True when the reason may be published (the days are shown as rest either way)."""

    @property
    def shown_reason(self) -> str:
        """The reason the published pages may show (empty when private)."""
        return self.why if self.public else ""


@dataclass(frozen=True, slots=True)
class RestDays:
    """The days that neither break nor extend a streak: weekdays (0 is Monday) and spans
    of days, as ordinals (``(first, last)``, sorted and apart: see :meth:`of`).

    Asked about a day, or about the days between two, it never walks a span day by day:
    a span from 0001-01-01 to 9999-12-31 costs what a week does.
    """

    weekdays: frozenset[int] = frozenset()
    spans: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, weekdays: Iterable[int], spans: Iterable[tuple[int, int]] = ()) -> RestDays:
        """Rest on ``weekdays`` and in ``spans`` (overlapping or touching spans merge)."""
        merged: list[tuple[int, int]] = []
        for first, last in sorted(spans):
            if merged and first <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], last))
            else:
                merged.append((first, last))
        return cls(frozenset(weekdays), tuple(merged))

    def __contains__(self, day: object) -> bool:
        """Whether a date (or an ordinal) is a rest day."""
        ordinal = day.toordinal() if isinstance(day, dt.date) else day
        if not isinstance(ordinal, int):
            return False
        return weekday_of(ordinal) in self.weekdays or self._span_end(ordinal) is not None

    def only_rest_between(self, earlier: int, later: int) -> bool:
        """True when every day strictly between two ordinals is a rest day (always so for
        days next to each other). Spans are jumped over; between them, a run of rest
        weekdays ends within a week."""
        if len(self.weekdays) == 7:
            return True
        day = earlier + 1
        while day < later:
            end = self._span_end(day)
            if end is not None:
                day = end + 1
            elif weekday_of(day) in self.weekdays:
                day += 1
            else:
                return False
        return True

    def _span_end(self, ordinal: int) -> int | None:
        """The last day of the span holding ``ordinal``; None when no span holds it."""
        at = bisect.bisect_right(self.spans, ordinal, key=_first_of) - 1
        return self.spans[at][1] if at >= 0 and self.spans[at][1] >= ordinal else None


def _first_of(span: tuple[int, int]) -> int:
    return span[0]


NO_REST = RestDays()


_REST_KEYS = ("from", "to", "why", "public")


class ReadPeriods(NamedTuple):
    """The rest periods read from ``wins.toml``, and the problems found in them."""

    periods: tuple[RestPeriod, ...]
    problems: tuple[tuple[int, str, Level], ...]
    """``(line, message, level)`` of each."""


def read_rest_periods(value: Any, lines: Sequence[int]) -> ReadPeriods:
    """The ``[[rest]]`` tables (or a ``rest = [...]`` array of tables) as TOML gives
    them, with the line of each (the last line stands for any further one): each bad
    table is reported at its line and left out."""
    periods = []
    problems: list[tuple[int, str, Level]] = []
    for number, table in enumerate(value if isinstance(value, list) else [value]):
        line = lines[min(number, len(lines) - 1)]
        try:
            periods.append(_rest_period(table, line, problems))
        except ValueError as error:
            problems.append((line, f"[[rest]]: {error}; this rest period is left out", "error"))
    return ReadPeriods(tuple(periods), tuple(problems))


def _rest_period(table: Any, line: int, problems: list[tuple[int, str, Level]]) -> RestPeriod:
    if not isinstance(table, dict):
        raise ValueError('expected a table: from = 2026-12-20, to = 2027-01-03, why = "..."')
    for key in table:
        if key not in _REST_KEYS:
            hint = did_you_mean(key, list(_REST_KEYS))
            problems.append((line, f"[[rest]]: unknown key '{key}' is ignored{hint}", "warning"))
    if "from" not in table:
        raise ValueError("'from' is missing (the first day, like from = 2026-12-20)")
    first = _calendar_date(table["from"], "from")
    last = _calendar_date(table.get("to", first), "to")
    if last < first:
        raise ValueError(f"'to' ({last}) is before 'from' ({first})")
    why, public = table.get("why", ""), table.get("public", False)
    if not isinstance(why, str):
        raise ValueError("'why' must be text")
    if not isinstance(public, bool):
        raise ValueError("'public' must be true or false")
    return RestPeriod(first, last, " ".join(why.split()), public)


def _calendar_date(value: Any, key: str) -> dt.date:
    """A TOML date (``2026-12-20``) or the same in a string."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"'{key}' must be a real date like 2026-12-20")

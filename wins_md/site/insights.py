"""Setbacks and stretch, as the index shows them: reframed setbacks counted by kind,
the average stretch of each recent month, and how often a high-stretch win led to a
next one. Pure."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from wins_md.model import Win
from wins_md.parse.inline import tag_matches
from wins_md.periods import HIGH_STRETCH
from wins_md.vault.splice import SplicedMap

STRETCH_MONTHS = 12


@dataclass(frozen=True, slots=True)
class StretchMonth:
    """The wins of a month that say how far they stretched (``stretch::``)."""

    month: dt.date
    """Its first day."""
    wins: int
    average: float
    percent: int
    """The average as a share of the highest stretch, 5."""


@dataclass(frozen=True, slots=True)
class Setbacks:
    """``site.setbacks``: reframed setbacks and stretch."""

    kinds: tuple[tuple[str, int, int], ...]
    """``(tag, wins, percent of the largest)`` for each setback tag, in the settings'
    order (``setback_tags``)."""
    total: int
    """Reframed-setback wins."""
    months: tuple[StretchMonth, ...]
    """The months of the last 12 (this one included) with a stretch, oldest first."""
    high: int
    """High-stretch wins (stretch 4 or 5)."""
    high_followed: int
    """High-stretch wins that a later win ``follows`` (a momentum chain goes on)."""


def setbacks(wins: Sequence[Win], setback_tags: Sequence[str], today: dt.date) -> Setbacks:
    """Setbacks and stretch of the published ``wins`` (in date order), up to ``today``."""
    by_tags = Counter(win.tags for win in wins if win.setback)
    kinds = [
        (kind, sum(n for tags, n in by_tags.items() if any(tag_matches(t, (kind,)) for t in tags)))
        for kind in setback_tags
    ]
    largest = max((count for _, count in kinds), default=0) or 1
    first_month = _month_number(today) - (STRETCH_MONTHS - 1)
    stretches: dict[dt.date, list[int]] = defaultdict(list)
    followed = {target for win in wins for target in win.follows}
    high = high_followed = 0
    for win in wins:
        stretch = win.stretch
        if stretch is None or win.date is None or win.date > today:
            continue
        if _month_number(win.date) >= first_month:
            stretches[win.date.replace(day=1)].append(stretch)
        if stretch >= HIGH_STRETCH:
            high += 1
            high_followed += win.id is not None and win.id in followed
    months = tuple(
        StretchMonth(
            month, len(found), sum(found) / len(found), round(sum(found) / len(found) * 20)
        )
        for month, found in sorted(stretches.items())
    )
    return Setbacks(
        kinds=tuple((kind, count, round(count / largest * 100)) for kind, count in kinds),
        total=sum(by_tags.values()),
        months=months,
        high=high,
        high_followed=high_followed,
    )


def _month_number(day: dt.date) -> int:
    """Months since the start of the calendar: no date arithmetic, so no overflow."""
    return day.year * 12 + day.month - 1


class SetbacksMemo:
    """:func:`setbacks`, again and again in a long-running process (the watcher): the
    counts are patched where the wins changed (see :mod:`wins_md.vault.splice`).
    Equals ``setbacks``'s result."""

    def __init__(self) -> None:
        self._reset(None)

    def _reset(self, key: object) -> None:
        self._key = key
        self._wins: SplicedMap[Win, None] = SplicedMap()
        self._by_tags: Counter[tuple[str, ...]] = Counter()
        self._followed: Counter[str] = Counter()
        self._months: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
        """Wins with a stretch, and their stretches' sum, by month."""
        self._high_ids: Counter[str] = Counter()
        self._high = 0

    def setbacks(
        self, wins: Sequence[Win], setback_tags: Sequence[str], today: dt.date
    ) -> Setbacks:
        """``setbacks(wins, setback_tags, today)``."""
        key = (tuple(setback_tags), today)
        if key != self._key:
            self._reset(key)
        removed, added = self._wins.diff(wins)
        self._wins.apply(_nothing)
        first_month = _month_number(today) - (STRETCH_MONTHS - 1)
        for changed, sign in ((removed, -1), (added, 1)):
            for win in changed:
                self._count(win, sign, first_month, today)
        by_tags = self._by_tags
        kinds = [
            (
                kind,
                sum(n for tags, n in by_tags.items() if any(tag_matches(t, (kind,)) for t in tags)),
            )
            for kind in setback_tags
        ]
        largest = max((count for _, count in kinds), default=0) or 1
        followed = self._followed
        return Setbacks(
            kinds=tuple((kind, count, round(count / largest * 100)) for kind, count in kinds),
            total=sum(by_tags.values()),
            months=tuple(
                StretchMonth(month, n, total / n, round(total / n * 20))
                for month, (n, total) in sorted(self._months.items())
                if n > 0
            ),
            high=self._high,
            high_followed=sum(n for id_, n in self._high_ids.items() if followed[id_] > 0),
        )

    def _count(self, win: Win, sign: int, first_month: int, today: dt.date) -> None:
        if win.setback:
            self._by_tags[win.tags] += sign
        for target in win.follows:
            self._followed[target] += sign
        stretch = win.stretch
        if stretch is None or win.date is None or win.date > today:
            return
        if _month_number(win.date) >= first_month:
            month = self._months[win.date.replace(day=1)]
            month[0] += sign
            month[1] += sign * stretch
        if stretch >= HIGH_STRETCH:
            self._high += sign
            if win.id is not None:
                self._high_ids[win.id] += sign


def _nothing(win: Win) -> None:
    return None

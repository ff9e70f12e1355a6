"""What changed between two versions of a long sequence, found in C time: the items at
its start and at its end that are the same objects as before. A long-running process
(the watcher) re-reads one file of a large vault; every list made from the vault's
wins is then the last one with a few items in the middle replaced, and only those
need their work done again. Pure."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")


def common_ends(old: Sequence[object], new: Sequence[object]) -> tuple[int, int]:
    """``(start, end)``: how many items at the start of ``old`` and ``new``, and then
    how many at their end, are the same objects (never counting an item twice).

    Several memos of one build compare the same two tuples: the last few answers are
    kept, by the tuples' identity (they are kept alive beside their answer)."""
    kept = type(old) is tuple and type(new) is tuple  # never changed in place
    for pair in _RECENT if kept else ():
        if pair[0] is old and pair[1] is new:
            return pair[2]
    shortest = min(len(old), len(new))
    start = _same_run(map(operator.is_, old, new), shortest)
    end = _same_run(map(operator.is_, reversed(old), reversed(new)), shortest)
    ends = (start, min(end, shortest - start))
    if kept:
        _RECENT.insert(0, (old, new, ends))
        del _RECENT[RECENT_PAIRS:]
    return ends


RECENT_PAIRS = 4
_RECENT: list[tuple[Sequence[object], Sequence[object], tuple[int, int]]] = []


def _same_run(same: Iterable[bool], shortest: int) -> int:
    """How many ``True`` the flags start with (up to ``shortest``)."""
    flags = list(same)
    try:
        return flags.index(False)
    except ValueError:
        return shortest


class SplicedMap(Generic[T, U]):
    """``[make(item) for item in items]``, kept from one call to the next: only the
    items between the common ends of the last ``items`` and these (see
    :func:`common_ends`) are made again. ``make`` must give equal results for the same
    object until the caller says ``fresh`` (another of its inputs changed)."""

    def __init__(self) -> None:
        self.items: Sequence[T] = ()
        self.made: list[U] = []
        self._pending: tuple[Sequence[T], int, int, int] = ((), 0, 0, 0)
        self.start = self.old_stop = self.new_stop = 0
        """The last :meth:`diff`: ``items[start:new_stop]`` replaced the last call's
        ``items[start:old_stop]``."""

    def update(self, items: Sequence[T], make: Callable[[T], U], fresh: bool = False) -> list[U]:
        """The made list for ``items`` (the same list object, changed in place)."""
        self.diff(items)
        return self.apply(make, fresh)

    def diff(self, items: Sequence[T]) -> tuple[Sequence[T], Sequence[T]]:
        """The items of the last call that ``items`` replace, and those replacing them;
        :meth:`apply` then makes the new ones."""
        start, end = common_ends(self.items, items)
        old_stop, new_stop = len(self.items) - end, len(items) - end
        self._pending = (items, start, old_stop, new_stop)
        self.start, self.old_stop, self.new_stop = start, old_stop, new_stop
        return self.items[start:old_stop], items[start:new_stop]

    def apply(self, make: Callable[[T], U], fresh: bool = False) -> list[U]:
        """The made list for the items of the last :meth:`diff`."""
        items, start, old_stop, new_stop = self._pending
        if fresh:
            self.made = list(map(make, items))
        else:
            self.made[start:old_stop] = map(make, items[start:new_stop])
        self.items = items
        return self.made

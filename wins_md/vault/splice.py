"""What changed between two versions of a long sequence, found in C time: the items at
its start and at its end that are the same objects as before. A long-running process
(the watcher) re-reads one file of a large vault; every list made from the vault's
wins is then the last one with a few items in the middle replaced, and only those
need their work done again. Pure."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")


def common_ends(old: Sequence[object], new: Sequence[object]) -> tuple[int, int]:
    """``(start, end)``: how many items at the start of ``old`` and ``new``, and then
    how many at their end, are the same objects (never counting an item twice)."""
    shortest = min(len(old), len(new))
    differs = map(operator.not_, map(operator.is_, old, new))
    start = next(itertools.compress(itertools.count(), differs), shortest)
    differs = map(operator.not_, map(operator.is_, reversed(old), reversed(new)))
    end = next(itertools.compress(itertools.count(), differs), shortest)
    return start, min(end, shortest - start)


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

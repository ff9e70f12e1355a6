"""Choosing wins: the filters of ``wins list`` (and of every later view), and ``wins
list`` itself, answered from the list index while the vault is unchanged (see
:mod:`wins_md.store.list_index`). Without ``--include-private`` it lists the wins of
the public view (:func:`~wins_md.vault.privacy.public_vault`), as the site does."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from wins_md.config import Config
from wins_md.errors import UsageProblem, did_you_mean
from wins_md.jsonfmt import array_lines, array_pieces, dumps
from wins_md.model import Vault, Win, descendants
from wins_md.store.index_reader import read_index, win_from_json
from wins_md.store.list_index import ListIndex, discard_index, ledger_state, write_index
from wins_md.vault.discover import discover

if TYPE_CHECKING:
    from wins_md.vault.load import Progress


class Filters(NamedTuple):
    """What ``wins list`` asks for: wins in a date range, with a tag (or one below it),
    serving a goal (or one below it), serving no active goal, private ones too. (A
    named tuple: made at every start, where a dataclass costs ten times as much.)"""

    since: dt.date | None = None
    until: dt.date | None = None
    tags: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    unaligned: bool = False
    include_private: bool = False


class WinFilter:
    """The filters of ``wins list``, resolved against the vault's goals: call it with a
    win's date, tags, goals and privacy to know whether the win is chosen.

    It is given a win's parts rather than a :class:`Win`, so wins that were never
    decoded (see :func:`list_wins`) can be chosen too.
    """

    __slots__ = ("_active", "_goals", "_private", "_since", "_tag_memo", "_tags", "_until")

    def __init__(
        self, parents: Mapping[str, str | None], active: Iterable[str], filters: Filters
    ) -> None:
        """``parents`` maps each goal's slug to its parent's; ``active`` are the slugs
        of active goals."""
        self._since, self._until = filters.since, filters.until
        self._tags = tuple(tag.lstrip("#").lower() for tag in filters.tags)
        wanted: set[str] = set()
        for goal in filters.goals:
            if goal.lower() not in parents:
                hint = did_you_mean(goal.lower(), sorted(parents))
                raise UsageProblem(f"unknown goal '{goal}'{hint}")
            wanted |= descendants(goal.lower(), parents)
        self._goals = frozenset(wanted) if wanted else None
        self._active = frozenset(active) if filters.unaligned else None
        self._private = filters.include_private
        self._tag_memo: dict[tuple[str, ...], bool] = {}

    @classmethod
    def of(cls, vault: Vault, filters: Filters) -> WinFilter:
        """The filter for ``vault``."""
        parents = {slug: goal.parent for slug, goal in vault.goals.items()}
        active = [slug for slug, goal in vault.goals.items() if goal.is_active]
        return cls(parents, active, filters)

    def __call__(
        self, date: dt.date | None, tags: tuple[str, ...], goals: tuple[str, ...], private: bool
    ) -> bool:
        return (
            date is not None
            and self.wants_private(private)
            and self.wants_date(date)
            and self.wants_tags(tags)
            and self.wants_goals(goals)
        )

    # The parts, for a caller that tests each distinct value once (see list_wins).

    def wants_private(self, private: bool) -> bool:
        return self._private or not private

    def wants_date(self, date: dt.date) -> bool:
        return not ((self._since and date < self._since) or (self._until and date > self._until))

    def wants_tags(self, tags: tuple[str, ...]) -> bool:
        """True without a tag filter, or when a tag is a wanted one or below one
        (``area/sub``), case aside."""
        if not self._tags:
            return True
        found = self._tag_memo.get(tags)  # wins share a few hundred distinct tag tuples
        if found is None:
            from wins_md.parse.inline import tag_matches  # the parser, only for --tag

            found = self._tag_memo[tags] = any(tag_matches(tag, self._tags) for tag in tags)
        return found

    def wants_goals(self, goals: tuple[str, ...]) -> bool:
        return (self._goals is None or not self._goals.isdisjoint(goals)) and (
            self._active is None or self._active.isdisjoint(goals)
        )


def select_wins(vault: Vault, filters: Filters) -> list[Win]:
    """The vault's wins that pass ``filters``, in date, file, line order: those of its
    public view unless private ones are asked for."""
    from wins_md.vault.privacy import public_vault

    view = vault if filters.include_private else public_vault(vault)
    return _select(vault, view, filters)


def _select(vault: Vault, view: Vault, filters: Filters) -> list[Win]:
    """The wins of ``view`` (``vault`` or its public view) that pass ``filters``, read
    against all of ``vault``'s goals, as the index reads them."""
    keep = WinFilter.of(vault, filters)
    return [win for win in view.wins if keep(win.date, win.tags, win.goals, win.private)]


def wins_as_json(wins: Iterable[Win]) -> str:
    """The JSON array of SPEC section 6."""
    return array_lines(win.to_json() for win in wins)


class Listing:
    """The chosen wins, oldest first, and how many problems the vault has; and where
    they were chosen from: the list index, or the vault as read.

    From the index, the wins are decoded only when asked for: their JSON is kept as
    ``wins list --format json`` prints it.
    """

    __slots__ = ("_lines", "_wins", "index", "problem_count", "rest_notes", "vault")

    def __init__(
        self,
        problem_count: int,
        *,
        wins: list[Win] | None = None,
        lines: list[tuple[bytes, bool]] | None = None,
        rest_notes: tuple[dt.date, ...] = (),
        index: ListIndex | None = None,
        vault: Vault | None = None,
    ) -> None:
        self.problem_count = problem_count
        self._wins = wins
        self._lines = lines
        """Each chosen win's JSON line and setback flag (the one field JSON lacks)."""
        self.rest_notes = rest_notes
        """The days whose note says ``rest: true`` (private notes' only when private
        wins are asked for), from :func:`list_wins`."""
        self.index = index
        """The list index the wins were chosen from (None when the vault was read)."""
        self.vault = vault
        """The vault as read (every win, whatever today is), when it was read."""

    def __len__(self) -> int:
        return len(self._lines) if self._lines is not None else len(self._wins or ())

    def _with(
        self, *, wins: list[Win] | None = None, lines: list[tuple[bytes, bool]] | None = None
    ) -> Listing:
        return Listing(
            self.problem_count,
            wins=wins,
            lines=lines,
            rest_notes=self.rest_notes,
            index=self.index,
            vault=self.vault,
        )

    @property
    def wins(self) -> list[Win]:
        if self._wins is None:
            lines = self._lines or ()
            self._wins = [win_from_json(json.loads(line), setback) for line, setback in lines]
        return self._wins

    def newest(self, count: int) -> Listing:
        """The last ``count`` of the chosen wins (the newest), still oldest first."""
        if self._lines is not None:
            return self._with(lines=self._lines[len(self._lines) - count :])
        wins = self.wins
        return self._with(wins=wins[len(wins) - count :])

    def matching(self, words: str) -> Listing:
        """The chosen wins whose text holds ``words``, case aside."""
        wanted = words.casefold()
        if self._lines is not None:
            lines = [
                (line, setback)
                for line, setback in self._lines
                if wanted in json.loads(line)["text"].casefold()
            ]
            return self._with(lines=lines)
        wins = [win for win in self.wins if wanted in win.text.casefold()]
        return self._with(wins=wins)

    def as_json(self) -> str:
        """The JSON array of SPEC section 6."""
        if self._lines is None:
            return wins_as_json(self.wins)
        # The lines are what wins_as_json made when the index was written (CRC-checked).
        return "".join(array_pieces(self.json_lines(), "", str))

    def json_lines(self) -> Iterator[str]:
        """Each chosen win's JSON object (SPEC section 6) on one line."""
        if self._lines is None:
            return (dumps(win.to_json()) for win in self.wins)
        return (line.decode() for line, _ in self._lines)

    def records(self, batch: int = 1024) -> Iterator[dict[str, Any]]:
        """Each chosen win's JSON object (SPEC section 6), decoded: from the index, a
        ``batch`` of lines at a time (one decoder call for many lines is faster)."""
        if self._lines is None:
            yield from (win.to_json() for win in self.wins)
            return
        lines = self._lines
        for start in range(0, len(lines), batch):
            chunk = b",".join(line for line, _ in lines[start : start + batch])
            yield from json.loads(b"[" + chunk + b"]")


def list_wins(
    root: Path,
    config: Config,
    filters: Filters,
    *,
    cache: bool = True,
    progress: Progress | None = None,
    today: dt.date | None = None,
    whole: bool = False,
) -> Listing:
    """The vault's wins that pass ``filters`` as of ``today`` (default: today in the
    vault's timezone; later wins are left out, see :meth:`Vault.as_of`): from the list
    index when it is current, else read from the vault (through the parse cache unless
    ``cache=False``), which writes the index again. ``whole`` always reads the vault
    (its entries and goals are wanted too: see :attr:`Listing.vault`)."""
    today = today or config.today()
    files, found_problems = discovered = discover(root, config)
    fresh_problems = len(config.problems) + len(found_problems)
    index = read_index(root, config, files) if cache and not whole else None
    if index is not None:
        try:
            return _from_index(index, filters, fresh_problems, today)
        except (AttributeError, LookupError, TypeError, ValueError, RecursionError) as error:
            discard_index(root, error)
    # Reading the vault: what a query answered from the index never loads.
    from wins_md.store.parse_cache import ParseCache
    from wins_md.vault.load import read_discovered
    from wins_md.vault.privacy import public_vault

    store = ParseCache.open(root, config) if cache else None
    ledger = ledger_state(root)  # before the read: the index must not outlive a change
    vault = read_discovered(
        root, config, discovered, cache=store if store is not None else False, progress=progress
    )
    public = public_vault(vault)
    if store is not None:  # the index holds every win, whatever today is
        file_problems = len(vault.problems) - fresh_problems
        forms = _public_forms(vault, public)
        write_index(root, store, files, vault, file_problems, forms, ledger)
    current = vault.as_of(today)
    shown = vault if filters.include_private else public
    rest = tuple(
        entry.date
        for entry in vault.entries
        if entry.rest and entry.date and (filters.include_private or not entry.private)
    )
    chosen = _select(vault, shown.as_of(today), filters)
    return Listing(len(current.problems), wins=chosen, rest_notes=rest, vault=vault)


def _public_forms(vault: Vault, public: Vault) -> dict[int, Win]:
    """The public wins that the public view shows changed (without their links to
    private wins), by position in the vault's wins."""
    forms: dict[int, Win] = {}
    shown = iter(public.wins)
    for position, win in enumerate(vault.wins):
        if not win.private and (form := next(shown)) is not win:
            forms[position] = form
    return forms


def _from_index(index: ListIndex, filters: Filters, fresh_problems: int, today: dt.date) -> Listing:
    """The wins of the index that pass ``filters``, as their JSON lines; as of ``today``,
    as :meth:`Vault.as_of` has it: a later win is left out and counted as a problem."""
    parents = {slug: parent for slug, (parent, _) in index.goals.items()}
    active = [slug for slug, (_, status) in index.goals.items() if status == "active"]
    keep = WinFilter(parents, active, filters)
    # Each distinct value is judged once; then a win is four look-ups.
    tags_ok = [keep.wants_tags(tuple(tags)) for tags in index.tag_sets]
    goals_ok = [keep.wants_goals(tuple(slugs)) for slugs in index.goal_sets]
    last = today.toordinal()
    day_ok = {
        day: keep.wants_date(dt.date.fromordinal(day)) and day <= last for day in set(index.days)
    }
    future = sum(1 for day in index.days if day > last)
    private_ok = (keep.wants_private(False), keep.wants_private(True))
    columns = zip(index.days, index.tags, index.goals_of, index.flags, strict=True)
    lines = [
        (index.line(number), bool(flags & 2), number)
        for number, (day, tags, slugs, flags) in enumerate(columns)
        if day_ok[day] and tags_ok[tags] and goals_ok[slugs] and private_ok[flags & 1]
    ]
    forms = {} if filters.include_private else index.public_forms()
    chosen = [(forms.get(number, line), setback) for line, setback, number in lines]
    rest = tuple(
        dt.date.fromordinal(day)
        for day, private in index.rest
        if filters.include_private or not private
    )
    return Listing(
        index.problems + fresh_problems + future, lines=chosen, rest_notes=rest, index=index
    )

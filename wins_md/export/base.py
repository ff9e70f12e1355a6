"""What every export format shares: the data it is given and the class it extends."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from wins_md.config import Config
from wins_md.query import Listing
from wins_md.stats_model import GoalStats


@dataclass(frozen=True, slots=True)
class ExportData:
    """What an exporter writes from: the wins chosen, and what it needs besides."""

    listing: Listing
    """The wins chosen (with ``--include-private``, private ones too), oldest first."""
    config: Config
    today: dt.date
    include_private: bool
    goals: tuple[GoalStats, ...] = ()
    """Every goal's progress as of ``today`` (only for an exporter that
    :attr:`~Exporter.needs_goals`): the public goals', or every goal's with
    ``include_private``."""


class Exporter(ABC):
    """A format: its bytes, piece by piece, from an :class:`ExportData`.

    A subclass sets :attr:`name` and what it needs, and makes :meth:`chunks`; a format
    that ``wins list --format`` offers too extends :class:`ListedExporter`.
    """

    name: ClassVar[str]
    needs_file: ClassVar[bool] = False
    """It writes a file (a database), never to standard output."""
    needs_vault: ClassVar[bool] = False
    """It reads the vault whole (notes, goals), never the list index alone."""
    needs_goals: ClassVar[bool] = False
    """It shows the goals' progress (see :attr:`ExportData.goals`)."""

    def __init__(self, data: ExportData) -> None:
        self.data = data

    @abstractmethod
    def chunks(self) -> Iterator[bytes]:
        """The export's bytes, piece by piece."""


class ListedExporter(Exporter):
    """A format that ``wins list --format`` prints as well."""

    @classmethod
    @abstractmethod
    def listing_text(cls, listing: Listing) -> str:
        """What ``wins list --format NAME`` prints of the chosen wins."""

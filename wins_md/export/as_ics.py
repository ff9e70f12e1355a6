"""``ics``: a calendar (RFC 5545) with one all-day event per day with wins: the count
and the first win as its summary, every win in its description. Each day's event keeps
its UID from one export to the next (made from the vault's title and the day), so a
calendar that imports the file again updates the day instead of adding it twice.

Written with icalendar (escaping, line folding, CRLF), imported only here."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator

from wins_md import __version__
from wins_md.export.base import Exporter

UID_SPACE = uuid.UUID("5c4b7a2e-0f61-4d2b-9b8e-77a1c2d3e4f5")
"""The namespace of the UIDs wins-md gives days (see :func:`day_uid`)."""


class IcsExporter(Exporter):
    name = "ics"

    def chunks(self) -> Iterator[bytes]:
        import icalendar

        from wins_md.site.moment import source_date_epoch

        data = self.data
        stamp = source_date_epoch() or dt.datetime.now(dt.UTC).replace(microsecond=0)
        calendar = icalendar.Calendar()
        calendar.add("prodid", f"-//wins-md//wins-md {__version__}//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", data.config.title)
        records = data.listing.records()
        for date, wins in itertools.groupby(records, key=lambda record: str(record["date"])):
            day = dt.date.fromisoformat(date)
            titles = [str(win["title"] or win["text"]) for win in wins]
            event = icalendar.Event()
            event.add("uid", day_uid(data.config.title, day))
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            if day < dt.date.max:  # else one day, as a date without an end is
                event.add("dtend", day + dt.timedelta(days=1))
            count = len(titles)
            event.add("summary", f"{count} win{'s' * (count != 1)}: {titles[0]}")
            event.add("description", "\n".join(f"• {title}" for title in titles))
            event.add("transp", "TRANSPARENT")  # a record of the day, not busy time
            calendar.add_component(event)
        yield calendar.to_ical()


def day_uid(title: str, day: dt.date) -> str:
    """The UID of a day's event: the same for the same vault title and day."""
    return str(uuid.uuid5(UID_SPACE, f"{title}\n{day.isoformat()}"))

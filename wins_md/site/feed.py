"""The Atom feed's data: one entry per day with wins, with ids stable across rebuilds."""

from __future__ import annotations

import uuid

from wins_md.site.views import FEED_DAYS, SiteData, days_with_wins


def feed_context(data: SiteData) -> dict[str, object]:
    """One entry per day with wins (the latest ``FEED_DAYS``), newest first. Atom ids are
    URNs derived from the vault's title and the day, so rebuilds never change them."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"wins-md:{data.title}")
    feed_days = days_with_wins(data.wins, data.today, FEED_DAYS)
    on_page = {day.date for day in data.recent}
    days = [
        {
            "day": day,
            "id": f"urn:uuid:{uuid.uuid5(namespace, day.date.isoformat())}",
            "link": f"index.html#day-{day.date.isoformat()}"
            if day.date in on_page
            else "index.html",
        }
        for day in feed_days
    ]
    newest = feed_days[0].date if feed_days else data.today
    return {
        "site": data,
        "feed_id": f"urn:uuid:{namespace}",
        "days": days,
        "feed_updated": newest.isoformat(),
    }

"""When a build (or an export) happened, as published: from ``SOURCE_DATE_EPOCH`` when
set, so builds are reproducible."""

from __future__ import annotations

import datetime as dt
import os

from wins_md.errors import WinsError


def source_date_epoch() -> dt.datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` names, in UTC; None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise WinsError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None


def updated_label(today: dt.date) -> str:
    """The build time shown on pages: from ``SOURCE_DATE_EPOCH`` when set (reproducible
    builds), else today's date, so builds on the same day are byte-identical."""
    moment = source_date_epoch()
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else today.isoformat()

"""What only ``wins serve``'s preview shows: the vault's problems and a failed build, in
a banner added to each page as it is served. The files a build writes (the ones people
publish) never hold it."""

from __future__ import annotations

import re

from markupsafe import Markup

from wins_md.live.log import BuildRecord

_MAIN_START = re.compile(rb"<main\b[^>]*>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def preview_banner(record: BuildRecord | None) -> bytes:
    """The banner for the latest build: its failure and the problems a page may list
    (see :func:`~wins_md.site.problems.problem_banner`); empty when there is nothing to say."""
    if record is None:
        return b""
    banner = record.banner
    count = len(banner.listed) + banner.private + banner.more
    if not count and record.failure is None:
        return b""
    parts = [Markup('<div class="banner" role="status">\n')]
    if record.failure is not None:
        parts.append(
            Markup("<p><strong>The last build failed:</strong> {}.</p>\n").format(record.failure)
        )
    if count:
        plural = "" if count == 1 else "s"
        head = f"{count} problem{plural} found in the vault (shown only in this preview)"
        if banner.listed:
            parts.append(Markup('<p>{}:</p>\n<ul class="problems">\n').format(head))
            parts += [Markup("<li><code>{}</code></li>\n").format(p) for p in banner.listed]
            parts.append(Markup("</ul>\n"))
        else:
            parts.append(_run_check(head))
        unlisted = []
        if banner.private:
            unlisted.append(f"{banner.private} more that concern private content")
        if banner.more:
            unlisted.append(f"{banner.more} more not listed here")
        if banner.listed and unlisted:
            parts.append(_run_check(", and ".join(unlisted)))
    parts.append(Markup("</div>\n"))
    return "".join(parts).encode("utf-8")


def _run_check(text: str) -> Markup:
    return Markup("<p>{}; run <code>wins check</code> to see them.</p>\n").format(text)


def inject_banner(page: bytes, banner: bytes) -> bytes:
    """``page`` with ``banner`` at the start of its ``<main>`` (else of its ``<body>``,
    else of the page)."""
    if not banner:
        return page
    found = _MAIN_START.search(page) or _BODY_START.search(page)
    at = found.end() if found else 0
    return page[:at] + b"\n" + banner + page[at:]

"""The team page's files: ``index.html`` through the shipped Jinja templates (a
``templates/`` folder beside ``team.toml`` overrides them, as a vault's does) and
``team.json``. Pure: each file's bytes, made when asked, nothing written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from wins_md.config import Config
from wins_md.jsonfmt import array_lines, dumps
from wins_md.site.environment import make_environment, render_template
from wins_md.site.wins_json import html_safe
from wins_md.team.page import TeamPage

TEMPLATE = "team.html"


def team_files(page: TeamPage, folder: Path) -> dict[str, Callable[[], Iterator[bytes]]]:
    """Every file of the team page, by path inside the output folder; ``folder`` is the
    one holding ``team.toml`` (and maybe ``templates/``)."""
    env = make_environment(folder, Config())
    context = {
        "site": {"title": page.title, "site_url": None, "updated": page.updated},
        "team": page,
        "base": "",
    }
    # Made now, so a broken template stops the build before anything is written.
    html = render_template(env, TEMPLATE, context, folder).encode("utf-8")
    return {
        "index.html": lambda: iter((html,)),
        "team.json": lambda: iter((team_json(page).encode("utf-8"),)),
    }


def team_json(page: TeamPage) -> str:
    """``team.json``: each list of objects one object a line, as ``wins.json`` is
    written; ``<``, ``>`` and ``&`` escaped, as there."""
    lines = []
    for key, value in page.to_json().items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"  {dumps(key)}: {array_lines(value, '  ')}")
        else:
            lines.append(f"  {dumps(key)}: {dumps(value)}")
    return html_safe("{\n" + ",\n".join(lines) + "\n}\n")

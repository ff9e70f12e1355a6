"""``wins publish --init PROVIDER``: the CI file that builds the site and deploys it on
every push and once a day, written at the top of the vault's git repository.

The recipes are templates (``templates/ci/``; a vault's own ``templates/ci/`` file of
the same name overrides one). Each installs the running version of wins-md.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from pathlib import Path, PurePosixPath

from wins_md import __version__
from wins_md.config import Config, load_config
from wins_md.errors import WinsError
from wins_md.site.deploy import git_output
from wins_md.site.environment import make_environment, render_template
from wins_md.store.atomic import write_atomic

RECIPES = {
    "github-pages": (".github/workflows/wins-md.yml", "ci/github-pages.yml"),
    "gitlab-pages": (".gitlab-ci.yml", "ci/gitlab-pages.yml"),
    "netlify": ("netlify.toml", "ci/netlify.toml"),
}
"""Each provider's file (inside the repository) and the template it is made from."""
REBUILD_MINUTE = 7
"""The daily build runs this many minutes after midnight (a schedule on the hour waits
longest for a runner)."""


def write_ci_recipe(root: Path, provider: str) -> Path:
    """Write ``provider``'s CI file at the top of the git repository holding the vault
    ``root`` (the vault itself when it is in none); returns its path. An existing file
    is never replaced."""
    name, template = RECIPES[provider]
    top = git_output(root, "rev-parse", "--show-toplevel")
    repo = Path(top) if top else root
    config = load_config(root)
    vault = PurePosixPath(Path(os.path.relpath(root.resolve(), repo.resolve())).as_posix())
    site = (vault / config.output_dir).as_posix()
    hour, minute = _after_midnight(config)
    vault_arg = shlex.quote(vault.as_posix())
    context = {
        "version": __version__,
        "branch": git_output(root, "symbolic-ref", "--quiet", "--short", "HEAD") or "main",
        "install": f'python -m pip install "wins-md=={__version__}"',
        "build": f"wins --vault {vault_arg} build",
        "site": site,
        "site_arg": shlex.quote(site),
        "cron": f"{minute} {hour} * * *",
        "cron_time": f"{hour:02d}:{minute:02d}",
    }
    text = render_template(make_environment(root, config), template, context, root)
    target = repo / name
    try:
        write_atomic(target, text.encode("utf-8"), exclusive=True)
    except FileExistsError:
        raise WinsError(
            f"{target}: already exists; wins never overwrites it (move it away, or add "
            f"the steps of `wins publish --init {provider}` to it by hand)"
        ) from None
    except OSError as error:
        raise WinsError(f"{target}: cannot be written: {error.strerror}") from None
    return target


def _after_midnight(config: Config) -> tuple[int, int]:
    """The UTC hour and minute of :data:`REBUILD_MINUTE` past midnight in the vault's
    timezone (at today's offset: a schedule cannot follow summer time), or in UTC,
    which CI runs in, when it has none."""
    offset = dt.timedelta()
    if config.timezone:
        from zoneinfo import ZoneInfo

        offset = dt.datetime.now(ZoneInfo(config.timezone)).utcoffset() or offset
    minutes = (REBUILD_MINUTE * 60 - offset.total_seconds()) // 60 % (24 * 60)
    return int(minutes // 60), int(minutes % 60)

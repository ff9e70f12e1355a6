"""Shell completion of goal slugs and tags, read from the vault the command would use.

Click asks for these while the user presses Tab, so any failure (no vault, a broken
setting) completes nothing rather than printing an error into the prompt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    import click


def _vault(ctx: click.Context) -> Path | None:
    from wins_md.errors import WinsError
    from wins_md.locate import locate_vault

    try:
        return locate_vault(ctx.find_root().params.get("vault"))
    except WinsError:
        return None


def complete_goals(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """The slugs of the vault's goals that start with what is typed, case aside."""
    from wins_md.config import load_config

    root = _vault(ctx)
    if root is None:
        return []
    goals = root / load_config(root).goals_dir
    slugs = sorted({path.stem.lower() for path in goals.rglob("*.md")}) if goals.is_dir() else []
    return [slug for slug in slugs if slug.startswith(incomplete.lower())]


def complete_tags(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """The tags of the vault's public wins that start with what is typed (``#`` aside),
    from the list index while the vault is unchanged."""
    from wins_md.config import load_config
    from wins_md.query import Filters, list_wins

    root = _vault(ctx)
    if root is None:
        return []
    listing = list_wins(root, load_config(root), Filters())
    tags = sorted({tag for win in listing.wins for tag in win.tags})
    typed = incomplete.lstrip("#").lower()
    return [tag for tag in tags if tag.lower().startswith(typed)]

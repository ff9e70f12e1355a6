"""Where the files shipped with wins-md live (without importing what renders them)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped_templates() -> Path:
    """The folder of the templates shipped with wins-md."""
    packaged = files("wins_md") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    # An editable install: the templates live at the top of the source tree.
    return Path(__file__).resolve().parent.parent / "templates"

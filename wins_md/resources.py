"""Where the files shipped with wins-md live (without importing what renders them)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_folder() -> Path:
    """The folder of the ``wins_md`` package itself."""
    return Path(__file__).resolve().parent


def shipped_templates() -> Path:
    """The folder of the templates shipped with wins-md."""
    packaged = files("wins_md") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    # An editable install: the templates live at the top of the source tree.
    return package_folder().parent / "templates"


def schema_path() -> Path:
    """The JSON Schema of ``wins.json``, shipped in the package."""
    return package_folder() / "wins.schema.json"

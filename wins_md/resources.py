"""Where the files shipped with wins-md live (without importing what renders them)."""

from __future__ import annotations

from pathlib import Path


def package_folder() -> Path:
    """The folder of the ``wins_md`` package itself."""
    return Path(__file__).resolve().parent


def shipped_templates() -> Path:
    """The folder of the templates shipped with wins-md (inside the package when it is
    installed from a wheel; at the top of the source tree in an editable install)."""
    packaged = package_folder() / "templates"
    return packaged if packaged.is_dir() else package_folder().parent / "templates"


def schema_path() -> Path:
    """The JSON Schema of ``wins.json``, shipped in the package."""
    return package_folder() / "wins.schema.json"


def team_schema_path() -> Path:
    """The JSON Schema of ``team.json``, shipped in the package."""
    return package_folder() / "team.schema.json"

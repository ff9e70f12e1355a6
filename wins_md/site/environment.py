"""The one Jinja environment: where templates come from, the filters they may use,
and how a broken template is reported (``templates/day.md:3: message``).

A template in the vault's templates folder overrides the shipped one of the same
name. Markdown templates are rendered as written; only ``.html`` and ``.xml``
templates are autoescaped.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2

from wins_md import __version__
from wins_md.config import Config
from wins_md.errors import SourceError, WinsError
from wins_md.resources import shipped_templates
from wins_md.site.filters import FILTERS


def make_environment(
    vault_root: Path, config: Config, *, compiled: bool = False
) -> jinja2.Environment:
    """The Jinja environment of a vault: its own templates first, then the shipped ones.

    ``compiled=True`` keeps compiled templates between processes (a build compiles its
    templates once, not every time: see :class:`CompiledTemplates`)."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(Path(vault_root) / config.templates_dir)),
            jinja2.FileSystemLoader(str(shipped_templates())),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml"), default_for_string=False, default=False
        ),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_compiled_templates() if compiled else None,
    )
    env.filters.update(FILTERS)
    env.globals.update(version=__version__)
    # tojson writes TOML strings too, and TOML refuses escaped surrogate pairs.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates, in the folder it makes for the user in
    the system's temp folder (refused unless owned by the user and closed to others),
    used only while a template's source is the one compiled. A cache that cannot be
    written is skipped, never a failed build."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> jinja2.BytecodeCache | None:
    try:
        return CompiledTemplates()
    except (OSError, RuntimeError):  # no temp folder of the user's own
        return None


def render_template(
    env: jinja2.Environment, name: str, context: Mapping[str, Any], vault_root: Path
) -> str:
    """Render ``name`` with ``context``; a broken template raises ``SourceError``."""
    with _template_errors(name, vault_root):
        return env.get_template(name).render(context)


def stream_template(
    env: jinja2.Environment, name: str, context: Mapping[str, Any], vault_root: Path
) -> Iterator[str]:
    """:func:`render_template` piece by piece, for pages too large to hold at once."""
    with _template_errors(name, vault_root):
        yield from env.get_template(name).generate(context)


@contextlib.contextmanager
def _template_errors(name: str, vault_root: Path) -> Iterator[None]:
    """Turn what a template raises into ``SourceError`` at the template's line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as error:  # in this template or one it includes
        where = _display_path(error.filename or error.name or name, vault_root)
        raise SourceError(where, error.lineno, f"template error: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise WinsError(
            f"template '{error.name}' not found in the vault's templates folder "
            "nor in the shipped ones"
        ) from None
    # A user's template can raise anything; report it at its line, never as a traceback.
    except Exception as error:
        filename, line = _template_frame(error)
        where = _display_path(filename or name, vault_root)
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        raise SourceError(where, line, f"template error: {message}") from None


def _display_path(filename: str, vault_root: Path) -> str:
    """The template's path relative to the vault, with ``/``; shipped ones in full."""
    try:
        relative = os.path.relpath(os.path.realpath(filename), os.path.realpath(vault_root))
    except ValueError:  # another drive on Windows
        return filename
    if relative.startswith(".."):
        return filename
    return relative.replace(os.sep, "/")


def _template_frame(error: BaseException) -> tuple[str | None, int]:
    """The file and line of the innermost template code that ran (Jinja puts template
    files and lines into the traceback)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if not frame.filename.startswith("<") and not frame.filename.endswith(".py"):
            return frame.filename, frame.lineno or 1
    return None, 1

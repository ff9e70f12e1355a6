"""``wins build``: read the vault, render the site, write it. The one pipeline the CLI,
the watcher and scripts share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from wins_md.config import Config, load_config
from wins_md.model import Problem, Vault
from wins_md.site.moment import updated_label
from wins_md.site.writer import (
    MANIFEST,
    WriteReport,
    check_output_folder,
    read_manifest,
    write_site,
)
from wins_md.store.build_stamp import (
    Stamp,
    forget_stamp,
    input_digest,
    output_stats,
    outputs_untouched,
    read_stamp,
    write_stamp,
)
from wins_md.store.fingerprint import code_version, tree_state
from wins_md.store.lock import vault_lock
from wins_md.vault import discover, load_vault, paused_gc, read_discovered
from wins_md.vault.load import Progress

if TYPE_CHECKING:
    import jinja2

    from wins_md.site.render import RenderMemo


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The vault that was read, as of the day built for, and what was written."""

    vault: Vault
    report: WriteReport


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    """What :func:`build_if_changed` did: the problems found (by this build or, when it
    was skipped, by the last one) and what happened to the output folder."""

    problems: tuple[Problem, ...]
    report: WriteReport
    skipped: bool


def output_folder(root: Path, config: Config, out: Path | None = None) -> Path:
    """Where the site goes: ``out`` if given, else the vault's ``output_dir``."""
    return out if out is not None else root / config.output_dir


def source_folders(root: Path, config: Config) -> list[tuple[str, Path]]:
    """The vault's folders that hold notes or templates, by setting name."""
    keys = ("journal_dir", "goals_dir", "reviews_dir", "templates_dir")
    return [(key, root / getattr(config, key)) for key in keys]


def templates_state(root: Path, config: Config) -> str:
    """What renders the site, as text: equal while neither the vault's templates nor
    wins-md (its code and shipped templates, Python, Jinja...) have changed."""
    return repr((code_version(), tree_state(root / config.templates_dir)))


def build_site(
    root: str | Path,
    out: Path | None = None,
    today: dt.date | None = None,
    vault: Vault | None = None,
    *,
    cache: bool = True,
    memo: RenderMemo | None = None,
) -> BuildResult:
    """Build the published site of the vault at ``root``; returns what was read and written.

    Checks the output folder before reading anything, so a refused folder is never touched.
    ``cache=False`` reads the vault without the parse cache. A process that builds again
    and again (the watcher) passes the same ``memo`` to reuse unchanged pages.
    """
    return _build(root, out, today, vault, cache=cache, memo=memo, digest=None, pages=None)


def _build(
    root: str | Path,
    out: Path | None,
    today: dt.date | None,
    vault: Vault | None,
    *,
    cache: bool,
    memo: RenderMemo | None,
    digest: str | None,
    pages: Literal["keep", "record"] | None,
) -> BuildResult:
    """:func:`build_site`; with a ``digest`` of its inputs, also record the build stamp.
    ``pages`` (`wins build`): record the goal pages' own inputs in the manifest, and
    with ``"keep"`` keep those whose inputs are unchanged."""
    root = Path(root)
    config = vault.config if vault is not None else load_config(root)
    target = output_folder(root, config, out)
    check_output_folder(target, root, root / config.output_dir, source_folders(root, config))
    vault = vault if vault is not None else load_vault(root, config, cache=cache)
    day = today or config.today()
    vault = vault.as_of(day)  # its problems, those the stamp keeps, include later wins
    # Jinja and markdown-it: only when a build is due
    from wins_md.site.environment import make_environment
    from wins_md.site.render import plan_site

    def environment() -> jinja2.Environment:
        return make_environment(root, config, compiled=cache)

    # A long-running process keeps the environment while the templates are unchanged,
    # and its pages while their context is; `wins build` keeps the goal pages whose
    # inputs are those the last build recorded (see wins_md.site.inputs).
    templates = (root, config, tree_state(root / config.templates_dir)) if memo else None
    env = memo.environment(templates, environment) if memo else environment()
    state = templates_state(root, config) if pages is not None else None

    # Rendering makes millions of short-lived objects beside the vault's long-lived
    # ones; the collector would walk them all again and again (it doubles the time of
    # a large site) for garbage that reference counting frees anyway.
    with paused_gc():
        plan = plan_site(vault, day, updated_label(day), env=env, memo=memo, templates=state)
        # Two builds never interleave their writes, and the stamp always describes the
        # output of the build that wrote it.
        with vault_lock(root):
            forget_stamp(root)
            # A file that cannot be written is named as the user knows the folder.
            shown = str(out) if out is not None else config.output_dir
            report = write_site(
                target, plan.files, shown=shown, inputs=plan.inputs, keep=pages == "keep"
            )
            if digest is not None:
                outputs = output_stats(target, [*read_manifest(target), MANIFEST])
                if outputs is not None:
                    write_stamp(root, Stamp(digest, vault.problems, outputs))
    return BuildResult(vault, report)


def build_if_changed(
    root: str | Path,
    out: Path | None = None,
    today: dt.date | None = None,
    *,
    cache: bool = True,
    progress: Progress | None = None,
) -> BuildOutcome:
    """:func:`build_site`, skipped when nothing it reads has changed since the last build
    and the files that build wrote are untouched (see :mod:`wins_md.store.build_stamp`).

    ``cache=False`` always builds, reading every file afresh, and records no stamp.
    ``progress`` follows the parsing, as in :func:`~wins_md.vault.load.load_vault`.
    """
    root = Path(root)
    config = load_config(root)
    target = output_folder(root, config, out)
    check_output_folder(target, root, root / config.output_dir, source_folders(root, config))
    day = today or config.today()
    label = updated_label(day)
    if not cache:
        vault = load_vault(root, config, cache=False, progress=progress)
        result = _build(root, out, day, vault, cache=False, memo=None, digest=None, pages="record")
        return BuildOutcome(result.vault.problems, result.report, skipped=False)
    discovered = discover(root, config)
    digest = input_digest(root, config, discovered[0], discovered[1], target, day, label)
    last = read_stamp(root)
    if (
        digest is not None
        and last is not None
        and last.digest == digest
        and outputs_untouched(target, last)
    ):
        names = tuple(sorted(name for name in last.outputs if name != MANIFEST))
        return BuildOutcome(last.problems, WriteReport(target, (), names, ()), skipped=True)
    vault = read_discovered(root, config, discovered, cache=True, progress=progress)
    result = _build(root, out, day, vault, cache=True, memo=None, digest=digest, pages="keep")
    return BuildOutcome(result.vault.problems, result.report, skipped=False)

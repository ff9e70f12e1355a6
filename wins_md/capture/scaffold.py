"""``wins init``: a new vault (settings with comments, folders, a first entry, a sample
goal, private so that it is never published as the user's own) that never touches a
file that is already there."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from wins_md.capture.entries import locked_writes, new_entry
from wins_md.capture.goals import new_goal
from wins_md.config import CONFIG_NAME, load_config
from wins_md.errors import WinsError
from wins_md.locate import DEFAULT_KEY, read_user_config, user_config_path
from wins_md.resources import shipped_templates
from wins_md.site.environment import make_environment, render_template
from wins_md.store.atomic import write_atomic

SAMPLE_GOAL = "notice-progress"
SAMPLE_TITLE = "Notice my progress every day"
EDITABLE_TEMPLATES = ("day.md", "week.md", "goal.md")
USER_CONFIG_HEADER = (
    "# wins-md: the vault used from any folder outside a vault (`wins init DIR --default`)\n"
)


@dataclass(slots=True)
class InitReport:
    """What ``init_vault`` did: the files and folders it created, and those it kept."""

    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    """Already there, left exactly as they were."""


def init_vault(
    directory: Path, today: dt.date | None = None, with_templates: bool = False
) -> InitReport:
    """Scaffold a vault in ``directory`` (created if needed); keep every existing file.

    With ``with_templates``, copy the shipped day, week and goal templates into the
    vault's templates folder to edit them.
    """
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise WinsError(f"'{root}' is a file, not a folder")
    report = InitReport()
    _make_folder(root, report)
    _write_config(root, report)
    config = load_config(root)
    for folder in (config.journal_dir, config.reviews_dir, config.goals_dir, config.templates_dir):
        _make_folder(root / folder, report)
    day = today or config.today()
    if with_templates:
        _copy_templates(root, root / config.templates_dir, report)
    path, created = new_entry(root, config, day)
    (report.created if created else report.kept).append(path)
    goals = root / config.goals_dir
    kept = [p for p in goals.rglob("*.md") if p.stem.lower() == SAMPLE_GOAL]
    if kept:
        report.kept.append(kept[0])
    else:
        report.created.append(new_goal(root, config, SAMPLE_GOAL, SAMPLE_TITLE, day, sample=True))
    return report


def _make_folder(path: Path, report: InitReport) -> None:
    if path.is_dir():
        return
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WinsError(f"cannot create the folder '{path}': {error.strerror}") from None
    report.created.append(path)


def _write_config(root: Path, report: InitReport) -> None:
    path = root / CONFIG_NAME
    if path.exists():
        report.kept.append(path)
        return
    config = load_config(root)  # picks up an Obsidian or Logseq journal already there
    text = render_template(make_environment(root, config), CONFIG_NAME, {"config": config}, root)
    try:
        with locked_writes(root):
            write_atomic(path, text.encode("utf-8"), exclusive=True, sweep=True)
    except FileExistsError:  # written by someone else in the meantime: theirs stays
        report.kept.append(path)
        return
    report.created.append(path)


def _copy_templates(root: Path, folder: Path, report: InitReport) -> None:
    with locked_writes(root):
        for name in EDITABLE_TEMPLATES:
            target = folder / name
            if target.exists():
                report.kept.append(target)
                continue
            try:
                data = (shipped_templates() / name).read_bytes()
                write_atomic(target, data, exclusive=True, sweep=True)
            except FileExistsError:
                report.kept.append(target)
                continue
            report.created.append(target)


def set_default_vault(directory: Path, config_path: Path | None = None) -> Path:
    """Name ``directory`` (made absolute) as the default vault in the user config file,
    replacing it in one step; return the file's path. A file holding other settings is
    left as it is (a :class:`WinsError` says what to add to it)."""
    path = config_path or user_config_path()
    folder = str(Path(directory).resolve())
    # A JSON string is a TOML basic string; parsing it back proves it for this path.
    line = f"{DEFAULT_KEY} = {json.dumps(folder, ensure_ascii=False)}\n"
    try:
        data = (USER_CONFIG_HEADER + line).encode("utf-8")
        exact = tomllib.loads(data.decode("utf-8")) == {DEFAULT_KEY: folder}
    except (UnicodeError, tomllib.TOMLDecodeError):
        exact = False
    if not exact:
        raise WinsError(f"{folder}: this path cannot be written to {path}")
    others = sorted(set(read_user_config(path)) - {DEFAULT_KEY})
    if others:
        raise WinsError(
            f"{path}: holds settings other than {DEFAULT_KEY} ({', '.join(others)}); "
            f"add {line.strip()} to it yourself"
        )
    try:
        write_atomic(path, data)
    except OSError as error:
        raise WinsError(f"{path}: cannot be written: {error.strerror}") from None
    return path

"""The one code version every store is keyed on: the same for the same code wherever it
is installed, different as soon as any module or shipped file changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent


def install_copy(where: Path) -> Path:
    """A copy of the package and its templates, as a checkout lays them out."""
    shutil.copytree(SOURCE / "wins_md", where / "wins_md", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copytree(SOURCE / "templates", where / "templates")
    return where


def code_version(tree: Path) -> str:
    probe = (
        "import wins_md, sys\n"
        f"assert wins_md.__file__.startswith({str(tree)!r}), wins_md.__file__\n"
        "from wins_md.store.fingerprint import code_version\n"
        "print(code_version())\n"
    )
    env = {"PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(  # run in the copy: ``-c`` puts the working folder first
        [sys.executable, "-c", probe], cwd=tree, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_two_installs_of_the_same_code_share_a_version(tmp_path: Path) -> None:
    first = install_copy(tmp_path / "one")
    second = install_copy(tmp_path / "two")
    (second / "wins_md" / "model.py").touch()  # another time stamp, the same bytes
    assert code_version(first) == code_version(second)


def test_a_new_or_changed_module_or_template_changes_the_version(tmp_path: Path) -> None:
    tree = install_copy(tmp_path / "tree")
    versions = {code_version(tree)}
    (tree / "wins_md" / "parse" / "new_rule.py").write_text("RULE = 1\n", "utf-8")
    versions.add(code_version(tree))
    with (tree / "wins_md" / "parse" / "inline.py").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    versions.add(code_version(tree))
    with (tree / "templates" / "goal.html").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    versions.add(code_version(tree))
    assert len(versions) == 4

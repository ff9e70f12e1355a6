"""The README tells the truth: it opens with the two commands, and documents every command."""

from __future__ import annotations

import re
from pathlib import Path

import click

from wins_md.cli.main import cli

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def all_commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names += all_commands(command, f"{prefix}{name} ")
    return names


def test_readme_opens_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)
    first, second = blocks[0].strip(), blocks[1].strip()
    assert README.index(first) < README.index("\n## ")
    assert "pip install" in first and "wins --vault examples" in first
    assert "apt-get install -y -q python3-venv" in first, "a fresh Debian has no Python"
    assert second == "bash .ci/run", "the test command is the one CI runs"
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "apt-get install" in ci and "chromium" in ci, "it installs the browser it needs"
    assert "python3-venv" in ci and "missing+=(git)" in ci, "and Python's venv and git"
    assert "missing+=(libatomic1)" in ci, "which Playwright's driver needs"
    assert "pip install -q -e '.[test]'" in ci and "pytest" in ci


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_contents_lists_every_section() -> None:
    contents = README.split("## Contents", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- \[.*\]\(#([^)]+)\)$", contents, re.MULTILINE)
    sections = [anchor(h) for h in re.findall(r"^## (.+)$", README, re.MULTILINE)]
    assert listed == [s for s in sections if s != "contents"]


def test_every_link_inside_the_readme_leads_to_a_heading() -> None:
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", README, flags=re.DOTALL)  # examples aside
    headings = {anchor(h) for h in re.findall(r"^#+ (.+)$", README, re.MULTILINE)}
    for target in re.findall(r"\]\(#([^)]+)\)", prose):
        assert target in headings, f"#{target} leads nowhere"


def test_every_command_is_documented_and_has_help_with_an_example() -> None:
    for name in all_commands(cli):
        assert f"wins {name}" in README, f"'wins {name}' is not in the README"
        command = cli
        for part in name.split():
            command = command.get_command(click.Context(command), part)  # type: ignore[attr-defined]
        assert command.help and "Example" in command.help, f"'wins {name}' help has no example"

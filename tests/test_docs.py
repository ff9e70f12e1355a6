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
    for name, command in sorted(group.commands.items()):
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names += all_commands(command, f"{prefix}{name} ")
    return names


def test_readme_opens_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)
    first, second = blocks[0].strip(), blocks[1].strip()
    assert README.index(first) < README.index("\n## ")
    assert "pip install" in first and "wins --vault examples" in first
    assert "pip install" in second and "pytest" in second
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert second in ci, ".ci/run must run the README's test command verbatim"


def test_every_command_is_documented_and_has_help_with_an_example() -> None:
    for name in all_commands(cli):
        assert f"wins {name}" in README, f"'wins {name}' is not in the README"
        command = cli
        for part in name.split():
            command = command.commands[part]  # type: ignore[attr-defined]
        assert command.help and "Example" in command.help, f"'wins {name}' help has no example"

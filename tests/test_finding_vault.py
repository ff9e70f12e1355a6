"""Which vault a command acts on: ``--vault``, then ``WINS_VAULT``, then the nearest
vault from the current folder upward, then the user's default vault; else an error.
Never an arbitrary current folder, and ``wins init`` is the one way to make a vault."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest

from tests.conftest import RunCli, write_files

TODAY = ("--today", "2026-11-22")
ENTRY = "journal/2026/2026-11-22.md"
NO_VAULT = "Error: no vault here: run `wins init DIR` or set WINS_VAULT\n"
COMMANDS = (
    ("list", *TODAY),
    ("stats", *TODAY),
    ("check",),
    ("build", *TODAY),
    ("add", "A win", *TODAY),
    ("new", "--no-edit", *TODAY),
    ("review", *TODAY),
    ("goal", "new", "run-a-marathon", *TODAY),
)
WRITING = COMMANDS[4:]


def user_config() -> Path:
    return Path(click.get_app_dir("wins-md")) / "config.toml"


def write_default(folder: Path) -> None:
    write_files(
        user_config().parent, {"config.toml": f"default_vault = {json.dumps(str(folder))}\n"}
    )


def a_vault(folder: Path, marker: str = "wins.toml") -> Path:
    write_files(folder, {marker: ""})
    return folder


def an_empty_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return folder


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def added_to(run_cli: RunCli, vault: Path | None, env: dict[str, str] | None = None) -> Path:
    """The vault ``wins add`` wrote to."""
    result = run_cli(vault, "add", "A win", *TODAY, env=env)
    assert result.exit_code == 0, result.output
    entry = Path(result.stdout.strip())
    assert entry.as_posix().endswith(ENTRY), entry
    return entry.parents[len(Path(ENTRY).parts) - 1]


# --- no vault ------------------------------------------------------------------------------


def test_no_vault_stops_every_command_and_nothing_is_read_or_written(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = write_files(tmp_path / "shared", {"notes.md": "- [x] Not a win of mine\n"})
    monkeypatch.chdir(shared)
    for command in COMMANDS:
        result = run_cli(None, *command)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", NO_VAULT), command
    assert listing(shared) == ["notes.md"]


@pytest.mark.slow
def test_no_vault_in_a_real_process(tmp_path: Path) -> None:
    empty = an_empty_folder(tmp_path / "empty")
    for args in (["add", "A win"], ["watch"], ["serve", "--port", "0"]):
        done = subprocess.run(
            [sys.executable, "-m", "wins_md", *args],
            cwd=empty, capture_output=True, text=True, timeout=30,
            env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
        assert (done.returncode, done.stdout, done.stderr) == (2, "", NO_VAULT), args
    assert listing(empty) == []


# --- each rung, and their order ----------------------------------------------------------


def test_the_nearest_vault_upward_of_each_kind_is_found(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    outer = a_vault(tmp_path / "outer")
    kinds = {
        "wins-md": "wins.toml",
        "obsidian": ".obsidian/app.json",
        "logseq": "logseq/config.edn",
    }
    for kind, marker in kinds.items():
        vault = a_vault(outer / kind, marker)
        deep = an_empty_folder(vault / "notes" / "deep")
        monkeypatch.chdir(deep)
        assert added_to(run_cli, None) == vault.resolve(), marker
        assert listing(deep) == [], marker


def test_the_order_is_option_environment_upward_then_default(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    given, env, upward, default = (
        a_vault(tmp_path / name) for name in ("given", "env", "upward", "default")
    )
    write_default(default)
    monkeypatch.chdir(an_empty_folder(upward / "sub"))
    assert added_to(run_cli, given, env={"WINS_VAULT": str(env)}) == given
    assert added_to(run_cli, None, env={"WINS_VAULT": str(env)}) == env
    assert added_to(run_cli, None, env={"WINS_VAULT": ""}) == upward.resolve()
    elsewhere = an_empty_folder(tmp_path / "elsewhere")
    monkeypatch.chdir(elsewhere)
    assert added_to(run_cli, None) == default
    user_config().unlink()
    assert run_cli(None, "list").stderr == NO_VAULT
    assert listing(elsewhere) == []


def test_a_default_or_wins_vault_that_is_gone_is_an_error(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(an_empty_folder(tmp_path / "here"))
    gone = tmp_path / "gone"
    write_default(gone)
    result = run_cli(None, "list")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {user_config()}: the default vault '{gone}' does not exist; make it again "
        f"with `wins init {gone}`, or choose another with `wins init DIR --default`\n",
    )
    result = run_cli(None, "add", "A win", env={"WINS_VAULT": str(gone)})
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: WINS_VAULT: '{gone}' does not exist; run `wins init {gone}`, "
        "or change WINS_VAULT\n",
    )
    a_file = write_files(tmp_path, {"file": "x"}) / "file"
    result = run_cli(None, "list", env={"WINS_VAULT": str(a_file)})
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: WINS_VAULT: '{a_file}' is not a folder; change WINS_VAULT\n",
    )
    assert not gone.exists() and listing(tmp_path / "here") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("default_vault = \n", "Invalid value (at line 1, column 17); fix or remove it"),
        ("default_vault = 3\n", "default_vault must be a folder's path"),
        ('default_vault = "notes"\n', "default_vault must be an absolute path, not 'notes'"),
    ],
)
def test_a_bad_user_config_is_an_error(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(an_empty_folder(tmp_path / "here"))
    write_files(user_config().parent, {"config.toml": text})
    result = run_cli(None, "list")
    assert (result.exit_code, result.stderr) == (2, f"Error: {user_config()}: {message}\n")


def test_the_default_vault_may_start_with_a_tilde(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, own_home: Path
) -> None:
    vault = a_vault(own_home / "wins")
    write_files(user_config().parent, {"config.toml": 'default_vault = "~/wins"\n'})
    monkeypatch.chdir(an_empty_folder(tmp_path / "here"))
    assert added_to(run_cli, None) == vault


# --- writing needs a vault ---------------------------------------------------------------


def test_writing_commands_never_make_a_vault_in_a_folder_that_is_not_one(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = an_empty_folder(tmp_path / "plain")
    refused = (
        f"Error: {plain}: not a vault (no wins.toml, .obsidian/ or logseq/config.edn); "
        f"run `wins init {plain}` first\n"
    )
    monkeypatch.chdir(an_empty_folder(tmp_path / "here"))
    for command in WRITING:
        result = run_cli(plain, *command)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", refused), command
    assert run_cli(None, "add", "A win", env={"WINS_VAULT": str(plain)}).stderr == refused
    write_default(plain)
    assert run_cli(None, "add", "A win").stderr == refused
    assert listing(plain) == []
    reading = run_cli(plain, "list", "--no-cache")  # reading a folder you name still works
    assert (reading.exit_code, reading.stderr) == (0, "No wins match.\n")


# --- wins init and the default vault -----------------------------------------------------


def test_init_default_makes_add_work_from_any_folder(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(None, "init", "notes", "--default", *TODAY)
    vault = (tmp_path / "notes").resolve()
    assert result.exit_code == 0, result.output
    assert f"default vault: {vault} (saved in {user_config()})" in result.stdout.splitlines()
    assert result.stderr == ""
    assert tomllib.loads(user_config().read_text("utf-8")) == {"default_vault": str(vault)}
    elsewhere = an_empty_folder(tmp_path / "elsewhere")
    monkeypatch.chdir(elsewhere)
    result = run_cli(None, "add", "First win from anywhere", *TODAY)
    assert (result.exit_code, result.stdout) == (0, f"{vault}/{ENTRY}\n")
    assert "- [x] First win from anywhere\n" in (vault / ENTRY).read_text("utf-8")
    assert listing(elsewhere) == []


@pytest.mark.parametrize("name", ['quote " and \\ backslash', "déjà vu 🎉", "it's\ttabbed"])
def test_the_default_vault_keeps_any_folder_name(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    vault = tmp_path / name
    assert run_cli(None, "init", str(vault), "--default", *TODAY).exit_code == 0
    monkeypatch.chdir(an_empty_folder(tmp_path / "elsewhere"))
    assert added_to(run_cli, None) == vault


def test_init_no_default_leaves_the_default_as_it_is(tmp_path: Path, run_cli: RunCli) -> None:
    old = a_vault(tmp_path / "old")
    write_default(old)
    before = user_config().read_bytes()
    result = run_cli(None, "init", str(tmp_path / "new"), "--no-default", *TODAY)
    assert (result.exit_code, result.stderr) == (0, "")
    assert "default vault" not in result.stdout
    assert user_config().read_bytes() == before


def test_init_off_a_terminal_only_says_how_to_make_the_default(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "my notes"
    result = run_cli(None, "init", str(vault), *TODAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"To use this vault from any folder: wins init '{vault}' --default\n")
    assert not user_config().exists()
    monkeypatch.chdir(an_empty_folder(tmp_path / "elsewhere"))
    assert run_cli(None, "add", "A win").stderr == NO_VAULT
    write_default(vault)
    assert run_cli(None, "init", str(vault), *TODAY).stderr == ""  # already the default


def test_init_on_a_terminal_asks(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("wins_md.cli.capture.on_terminal", lambda: True)
    first, second, third = (tmp_path / name for name in ("first", "second", "third"))
    result = run_cli(None, "init", str(first), *TODAY, input="n\n")
    assert result.exit_code == 0, result.output
    assert f"Make {first} the default vault, used from any folder outside a vault? [Y/n]: n\n" in (
        result.stdout
    )
    assert not user_config().exists()
    result = run_cli(None, "init", str(second), *TODAY, input="\n")  # yes, when none is set
    assert f"default vault: {second} (saved in {user_config()})" in result.stdout.splitlines()
    result = run_cli(None, "init", str(third), *TODAY, input="\n")  # no, when one is set
    assert f"Make {third} the default vault instead of {second}? [y/N]: \n" in result.stdout
    assert tomllib.loads(user_config().read_text("utf-8")) == {"default_vault": str(second)}
    result = run_cli(None, "init", str(third), "--default", *TODAY, input="")  # no question
    assert "[y/N]" not in result.stdout and "[Y/n]" not in result.stdout
    assert tomllib.loads(user_config().read_text("utf-8")) == {"default_vault": str(third)}


def test_init_default_keeps_settings_it_does_not_know(tmp_path: Path, run_cli: RunCli) -> None:
    write_files(user_config().parent, {"config.toml": 'editor = "vim"\n'})
    vault = tmp_path / "notes"
    result = run_cli(None, "init", str(vault), "--default", *TODAY)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {user_config()}: holds settings other than default_vault (editor); "
        f'add default_vault = "{vault}" to it yourself\n',
    )
    assert user_config().read_text("utf-8") == 'editor = "vim"\n'
    assert (vault / "wins.toml").is_file()  # the vault itself was made


# --- the library -------------------------------------------------------------------------


def test_locate_vault_is_a_plain_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wins_md import locate_vault
    from wins_md.errors import UsageProblem

    vault = a_vault(tmp_path / "vault")
    monkeypatch.chdir(an_empty_folder(vault / "sub"))
    assert locate_vault() == vault.resolve()
    assert locate_vault(tmp_path) == tmp_path
    monkeypatch.setenv("WINS_VAULT", str(tmp_path))
    assert locate_vault() == tmp_path
    with pytest.raises(UsageProblem, match="not a vault"):
        locate_vault(writing=True)
    monkeypatch.delenv("WINS_VAULT")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageProblem, match="no vault here"):
        locate_vault()


def test_no_test_sees_the_real_user_config(own_home: Path) -> None:
    assert user_config().is_relative_to(own_home)
    assert "WINS_VAULT" not in os.environ

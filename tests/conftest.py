"""Shared fixtures: a home of its own for every test, a vault written from a dict into
tmp_path, and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from wins_md.cli.main import cli

pytest_plugins = ["browser_support"]  # chromium_browser, open_page, chromium_page

MakeVault = Callable[[Mapping[str, str | bytes]], Path]
RunCli = Callable[..., Result]

DATE_FORMS = (
    "use YYYY-MM-DD, today, yesterday, -N, 'N days ago', 'N weeks ago', a weekday or 'last WEEKDAY'"
)
"""What a date on the command line may be, as the error message says."""


@pytest.fixture(autouse=True)
def own_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home folder for every test, and no WINS_VAULT: the user config file
    (``click.get_app_dir``, on every platform) points into it, so no test reads or
    changes the default vault of whoever runs the tests. Beside ``tmp_path``, not in it."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("APPDATA", str(home / "AppData" / "Roaming"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    monkeypatch.delenv("WINS_VAULT", raising=False)
    return home


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root``; text is written as-is (no
    newline translation), so CRLF tests see their CRLF."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return root


@pytest.fixture
def make_vault(tmp_path: Path) -> MakeVault:
    """Build a vault in ``tmp_path/vault`` from a dict of files."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "vault"
        root.mkdir(exist_ok=True)
        return write_files(root, files)

    return make


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Invoke ``wins`` in-process: ``run_cli(vault, "list", "--format", "json")``."""
    monkeypatch.delenv("WINS_VAULT", raising=False)
    monkeypatch.delenv("WINS_TODAY", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(
        vault: Path | None,
        *args: str,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Result:
        runner = CliRunner()
        prefix = ["--vault", str(vault)] if vault is not None else []
        return runner.invoke(
            cli, [*prefix, *args], input=input, env=dict(env or {}), catch_exceptions=False
        )

    return run


class ManualEvents:
    """A watcher's event source driven by the test: ``source.record(path, is_folder)``
    reports a change when the test says so."""

    def start(self, folder: Path, record: Callable[[str, bool], None]) -> None:
        self.record = record

    def stop(self) -> None:
        pass


_MODULES_PROBE = (
    "import sys\n"
    "from wins_md.cli import main\n"
    "sys.argv = ['wins', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
)


def run_wins_loaded(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``wins ARGS`` in a new Python (it must succeed), and say which modules it
    loaded. The process's stderr comes without the line that names them."""
    ran = subprocess.run(
        [sys.executable, "-c", _MODULES_PROBE, *args], capture_output=True, text=True, check=True
    )
    said, _, loaded = ran.stderr.rstrip("\n").rpartition("\n")
    ran.stderr = said + "\n" if said else ""
    return ran, set(loaded.split())

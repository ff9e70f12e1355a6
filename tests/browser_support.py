"""A real browser for the tests: Debian's Chromium driven by Playwright, and a local server.

Loaded as a pytest plugin from ``conftest.py``, so every test module can ask for:

- ``chromium_browser``: one headless Chromium for the whole test session;
- ``open_page``: ``open_page(url, width=390, color_scheme="dark", javascript=False)``
  opens ``url`` in a fresh context and returns a :class:`WatchedPage` that has recorded
  every request, console message, page error and dialog since before the page loaded;
- ``chromium_page``: a blank page in a fresh 1280 px wide context.

Outside pytest, :func:`chromium` launches the same browser and :func:`serve_folder`
serves a built site on 127.0.0.1; :func:`build_example_site` builds ``examples/`` as
the README does. Playwright never downloads a browser here: it drives the system's
``chromium`` package.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    Response,
    sync_playwright,
)

from wins_md.cli.main import cli

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
DESKTOP_WIDTH = 1280
PHONE_WIDTH = 390
VIEWPORT_HEIGHT = 900

ColorScheme = Literal["light", "dark"]

EXAMPLES = Path(__file__).parent.parent / "examples"
EXAMPLE_TODAY = "2026-11-22"


def build_site(vault: Path, out: Path, today: str = EXAMPLE_TODAY) -> Path:
    """``wins build`` the vault into ``out`` (as of ``today``); returns ``out``."""
    args = ["--vault", str(vault), "build", "--today", today, "--out", str(out), "--no-cache"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def build_example_site(folder: Path) -> Path:
    """Build a copy of ``examples/`` (so the repository stays untouched) into
    ``folder/site`` as of the README's date; returns the site folder."""
    vault = folder / "examples"
    shutil.copytree(EXAMPLES, vault, ignore=shutil.ignore_patterns(".wins", "site"))
    return build_site(vault, folder / "site")


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, relative to it: ``index.html`` first."""
    goals = sorted(path.relative_to(site).as_posix() for path in site.glob("goals/*.html"))
    return ["index.html", *goals]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Launch headless Chromium; each launch gets a fresh temporary profile."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port) and yield its base URL,
    ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class WatchedPage:
    """A page and everything it did since before it started loading."""

    page: Page
    requests: list[str] = field(default_factory=list)
    """The URL of every request, in order."""
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    """``"status url"`` of every response with an HTTP error status."""
    console: list[str] = field(default_factory=list)
    """``"type: text"`` of every console message."""
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    """``"type: message"`` of every alert, confirm or prompt (each is dismissed)."""

    def console_problems(self) -> list[str]:
        """Console errors and warnings."""
        return [line for line in self.console if line.split(":", 1)[0] in {"error", "warning"}]

    def foreign_requests(self, *allowed_prefixes: str) -> list[str]:
        """Requests to anywhere other than ``allowed_prefixes``."""
        return [url for url in self.requests if not url.startswith(allowed_prefixes)]


def watch(page: Page) -> WatchedPage:
    """Record what ``page`` does from now on; dialogs are recorded and dismissed."""
    watched = WatchedPage(page)

    def on_dialog(dialog: Dialog) -> None:
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        watched.console.append(f"{message.type}: {message.text}")

    def on_failed(request: Request) -> None:
        watched.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            watched.bad_responses.append(f"{response.status} {response.url}")

    page.on("request", lambda request: watched.requests.append(request.url))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    return watched


OpenPage = Callable[..., WatchedPage]


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session; tests open their own contexts."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def open_page(chromium_browser: Browser) -> Iterator[OpenPage]:
    """``open_page(url, width=1280, color_scheme="light", javascript=True)``: load ``url``
    in a fresh context and return it watched; every context is closed afterwards."""
    contexts = []

    def open_(
        url: str,
        width: int = DESKTOP_WIDTH,
        color_scheme: ColorScheme = "light",
        javascript: bool = True,
    ) -> WatchedPage:
        context = chromium_browser.new_context(
            viewport={"width": width, "height": VIEWPORT_HEIGHT},
            color_scheme=color_scheme,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        watched = watch(context.new_page())
        watched.page.goto(url, wait_until="load")
        return watched

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def chromium_page(chromium_browser: Browser) -> Iterator[Page]:
    """A blank page in a fresh 1280 px wide context."""
    context = chromium_browser.new_context(
        viewport={"width": DESKTOP_WIDTH, "height": VIEWPORT_HEIGHT}
    )
    yield context.new_page()
    context.close()

"""``wins serve``: only the output folder is served (no traversal, no symlink out, no
redirect), HTML responses get the live-reload script, open pages follow each build,
and Ctrl-C stops everything with exit code 0."""

from __future__ import annotations

import os
import re
import socket
import struct
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_support import OpenPage
from conftest import write_files
from playwright.sync_api import expect
from site_support import read_html
from test_watch import (
    DEADLINE,
    NOTE,
    TODAY,
    TODAY_TEXT,
    VAULT,
    Running,
    latest,
    wait_for_page,
    wait_for_wins,
    watching,
)

from wins_md.live.log import BuildLog, BuildRecord
from wins_md.live.server import EVENTS_PATH, SiteServer, serving, site_file
from wins_md.site.build import build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site outside the vault, with links out planted in it."""
    folder = tmp_path_factory.mktemp("serve")
    out = folder / "site"
    build_site(write_files(folder / "vault", VAULT), out, TODAY, cache=False)
    os.symlink("/etc", out / "etc-link")
    os.symlink("/etc/passwd", out / "passwd-link")
    os.symlink("/etc/passwd", out / "goals" / "passwd.html")
    return out


@contextmanager
def served(folder: Path, log: BuildLog | None = None) -> Iterator[SiteServer]:
    with serving(SiteServer(lambda: folder, log or BuildLog(), "127.0.0.1", 0)) as server:
        yield server


def raw_request(
    server: SiteServer, target: str, method: str = "GET", host: str = "127.0.0.1"
) -> tuple[int, str, bytes]:
    """Send ``target`` exactly as written (no client normalises it); returns the status,
    the headers and the body."""
    with socket.create_connection(server.server_address[:2], timeout=DEADLINE) as connection:
        connection.sendall(f"{method} {target} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    status_line, _, headers = head.decode("latin-1").partition("\r\n")
    return int(status_line.split()[1]), headers, body


TRAVERSALS = [
    "/../",
    "/../etc/passwd",
    "/%2e%2e/",
    "/%2e%2e/etc/passwd",
    "/%2E%2E%2F",
    "/%2E%2E%2Fetc%2Fpasswd",
    "/..%2f..%2fetc/passwd",
    "/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "//evil.example/",
    "//evil.example/index.html",
    "/%2F%2Fevil.example/",
    "/goals/../../etc/passwd",
    "/goals/%2e%2e/%2e%2e/etc/passwd",
    "/.%2e/etc/passwd",
    "/..\\..\\etc\\passwd",
    "/%5c..%5c..%5cetc%5cpasswd",
    "/index.html%00.txt",
    "/etc-link/passwd",
    "/etc-link/",
    "/passwd-link",
    "/goals/passwd.html",
    "/.wins-manifest.json",
    "/goals",
    "/goals/",
    "/missing.html",
    "/%ff",
    "http://evil.example/",
    "index.html",
    "/./index.html",
    "/C:/Windows/win.ini",
    "/index.html::$DATA",
]


@pytest.fixture(scope="module")
def site_server(site: Path) -> Iterator[SiteServer]:
    with served(site) as server:
        yield server


@pytest.mark.parametrize("target", TRAVERSALS)
def test_nothing_outside_the_output_folder_is_served(site_server: SiteServer, target: str) -> None:
    status, headers, body = raw_request(site_server, target)
    assert status == 404, (target, body[:200])
    assert "location:" not in headers.lower()
    assert b"root:" not in body


def test_site_file_checks_the_real_location(site: Path) -> None:
    assert site_file(site, "/") == (site / "index.html").resolve()
    assert site_file(site, "/goals/novel.html?x=1#top") == (site / "goals/novel.html").resolve()
    assert site_file(site, "/etc-link/passwd") is None


def test_the_index_is_served_with_the_reload_script_added(site: Path) -> None:
    with served(site) as server:
        status, headers, body = raw_request(server, "/")
        _, _, index = raw_request(server, "/index.html")
        json_status, json_headers, wins_json = raw_request(server, "/wins.json")
        head_status, _, head_body = raw_request(server, "/index.html", "HEAD")
        post_status, _, _ = raw_request(server, "/index.html", "POST")
        favicon = raw_request(server, "/favicon.ico")
    assert status == 200 and body == index
    assert "Content-Type: text/html; charset=utf-8" in headers
    assert "Cache-Control: no-store" in headers
    assert body.count(EVENTS_PATH.encode()) == 1
    assert body.endswith(b"</script></body>\n</html>\n")
    assert (
        body.replace(re.search(rb"<script>.*</script>", body)[0], b"")
        == (site / "index.html").read_bytes()
    )
    assert json_status == 200 and "Content-Type: application/json" in json_headers
    assert wins_json == (site / "wins.json").read_bytes()
    assert (head_status, head_body) == (200, b"")
    assert post_status == 501
    assert favicon[0] == 204 and favicon[2] == b""  # the site has none; no error either
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert b"<script" not in path.read_bytes(), path


def _record(number: int, site_version: int) -> BuildRecord:
    return BuildRecord(number, 0.01, (), ("index.html",), (), (), None, site_version)


def test_the_event_stream_sends_the_site_version_after_each_change(site: Path) -> None:
    log = BuildLog()
    log.add(_record(1, 1))
    with (
        served(site, log) as server,
        socket.create_connection(server.server_address[:2], timeout=DEADLINE) as connection,
    ):
        connection.sendall(f"GET {EVENTS_PATH} HTTP/1.0\r\n\r\n".encode())
        stream = connection.makefile("rb")
        assert stream.readline() == b"HTTP/1.0 200 OK\r\n"
        while stream.readline() != b"\r\n":
            pass
        assert [stream.readline() for _ in range(3)] == [b"retry: 1000\n", b"data: 1\n", b"\n"]
        log.add(_record(2, 1))  # a build that changed nothing: no event
        log.add(_record(3, 3))
        assert [stream.readline() for _ in range(2)] == [b"data: 3\n", b"\n"]
        stream.close()


def test_a_port_in_use_is_a_clear_error(make_vault, run_cli) -> None:
    vault = make_vault(VAULT)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(vault, "serve", "--port", str(port))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: port {port} on 127.0.0.1 is already in use; choose "
        "another with --port, or --port 0 for any free port\n"
    )


@pytest.mark.slow
def test_ctrl_c_stops_the_server_cleanly(make_vault) -> None:
    vault = make_vault(VAULT)
    running = Running("--vault", str(vault), "serve", "--port", "0", "--today", TODAY_TEXT)
    try:
        running.expect(r"^Built .* in \d+ ms, \d+ written, 0 removed\.$")
        url = running.expect(r"^Serving .* at (http://127\.0\.0\.1:(\d+)/) \(Ctrl-C to stop\)$")
        port = int(url.group(2))
        with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as connection:
            connection.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert connection.recv(12) == b"HTTP/1.0 200"
        # An open event stream must not keep the server from stopping.
        stream = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
        stream.sendall(f"GET {EVENTS_PATH} HTTP/1.0\r\n\r\n".encode())
        assert stream.recv(12) == b"HTTP/1.0 200"
        assert running.interrupt() == 0
        running.expect(r"^Stopped\.$")
        stream.close()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=DEADLINE).close()
    finally:
        running.close()


@pytest.mark.slow
def test_an_open_page_shows_a_new_win_without_a_reload(make_vault, open_page: OpenPage) -> None:
    vault = make_vault(VAULT)
    with watching(vault) as watcher, served(watcher.folder, watcher.log) as server:
        watched = open_page(server.url)
        page = watched.page
        expect(page.get_by_text("Ran five km").first).to_be_visible()
        page.evaluate("window.notReloaded = true")
        write_files(vault, {NOTE: VAULT[NOTE] + "- [x] Appeared by itself\n"})
        expect(page.get_by_text("Appeared by itself").first).to_be_visible(timeout=DEADLINE * 1000)
        assert page.evaluate("window.notReloaded === undefined")  # the script reloaded it
        assert watched.foreign_requests(server.url) == []
        assert watched.bad_responses == []
        assert watched.page_errors == [] and watched.console_problems() == []


@pytest.mark.slow
def test_the_served_page_works_without_javascript(make_vault, open_page: OpenPage) -> None:
    vault = make_vault(VAULT)
    with watching(vault) as watcher, served(watcher.folder, watcher.log) as server:
        watched = open_page(server.url, javascript=False)
        expect(watched.page.get_by_text("Wrote 300 words").first).to_be_visible()
        assert watched.requests == [server.url]


@pytest.mark.slow
def test_serving_many_requests_at_once(site: Path) -> None:
    results: list[int] = []
    with served(site) as server:

        def fetch() -> None:
            results.append(raw_request(server, "/wins.json")[0])

        threads = [threading.Thread(target=fetch) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(DEADLINE)
    assert results == [200] * 20


@pytest.mark.slow
@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"]
)
def test_loopback_host_names_are_served(site: Path, host: str) -> None:
    with served(site) as server:
        assert raw_request(server, "/", host=host)[0] == 200


@pytest.mark.slow
@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:8000",
        "127.0.0.1.evil.example",
        "",
        "[::2]:80",
        "127.0.0.1:1@evil.com",
        "localhost:8000@evil.example",
        "localhost:80:80",
        "localhost:port",
    ],
)
def test_other_host_names_get_404_against_dns_rebinding(site: Path, host: str) -> None:
    with served(site) as server:
        status, _, body = raw_request(server, "/", host=host)
        assert status == 404 and b"<html" not in body


@pytest.mark.slow
def test_a_dropped_connection_prints_no_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Browsers drop connections all the time (a closed tab, a quick reload)."""
    (tmp_path / "big.html").write_bytes(b"<p>" + b"x" * 4_000_000 + b"</p>")
    with served(tmp_path) as server:
        for _ in range(20):
            with socket.create_connection(server.server_address[:2], timeout=DEADLINE) as raw:
                raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                raw.sendall(b"GET /big.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                raw.recv(100)  # the answer has begun; then the connection is reset
        assert raw_request(server, "/big.html")[0] == 200  # still serving
    assert "Traceback" not in capfd.readouterr().err


def test_live_reload_connections_are_capped(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wins_md.live.server.MAX_EVENT_STREAMS", 2)
    with served(site) as server:
        streams = []
        for _ in range(2):
            stream = socket.create_connection(server.server_address[:2], timeout=DEADLINE)
            stream.sendall(f"GET {EVENTS_PATH} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            assert stream.recv(100).startswith(b"HTTP/1.0 200")
            streams.append(stream)
        status, headers, _ = raw_request(server, EVENTS_PATH)
        assert status == 503 and "Retry-After: 1" in headers
        for stream in streams:
            stream.close()


# -- problems: shown by the preview, never written to the files people publish ------------


def served_text(server: SiteServer, path: str = "/") -> str:
    """The text of a served page, as a reader sees it."""
    status, _, body = raw_request(server, path)
    assert status == 200
    return " ".join(read_html(body.decode("utf-8")).text.split())


@pytest.mark.slow
def test_wins_serve_shows_the_problems_the_built_files_leave_out(make_vault) -> None:
    vault = make_vault(
        {
            **VAULT,
            NOTE: "## Wins\n- [x] Wrote 300 words [[novle]]\n",
            "journal/2026/broken.md": "---\ndate: [2026\n---\n- [x] Broken\n",
        }
    )
    running = Running("--vault", str(vault), "serve", "--port", "0", "--today", TODAY_TEXT)
    try:
        running.expect(r"^Built .* in \d+ ms, \d+ written, 0 removed\.$")
        url = running.expect(r"^Serving .* at (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)$")
        for path in ("index.html", "goals/novel.html"):
            with urllib.request.urlopen(url.group(1) + path, timeout=DEADLINE) as response:
                served = response.read().decode("utf-8")
            on_disk = (vault / "site" / path).read_text("utf-8")
            assert "problem" not in on_disk and "unknown goal" not in on_disk
            text = " ".join(read_html(served).text.split())
            assert "2 problems found in the vault" in text, path
            assert f"{NOTE}:2: unknown goal 'novle' (did you mean 'novel'?)" in text
            assert "1 more that concern private content" in text  # the broken file
            assert "run wins check to see them" in text
            assert served.index("2 problems found") > served.index("<main>")
        assert running.interrupt() == 0
    finally:
        running.close()


@pytest.mark.slow
def test_a_public_problem_is_shown_while_serving_and_goes_when_fixed(make_vault) -> None:
    vault = make_vault(VAULT)
    with watching(vault) as watcher, served(watcher.folder, watcher.log) as server:
        before = latest(watcher)
        write_files(
            vault,
            {
                NOTE: "- [x] Drafted chapter one [[novle]]\n"
                "- [x] Secret plan #private goal:: hidden-goal\n"
            },
        )
        before = wait_for_wins(
            watcher, before, ["Ran five km", "Drafted chapter one [[novle]]"]
        ).number
        text = served_text(server)
        assert "2 problems found" in text
        assert (
            f"{NOTE}:1: unknown goal 'novle' (did you mean 'novel'?); "
            "create it with 'wins goal new novle'"
        ) in text
        assert "hidden-goal" not in text and "1 more that concern private content" in text
        assert "problem" not in (watcher.folder / "index.html").read_text("utf-8")
        write_files(vault, {NOTE: "- [x] Drafted chapter one [[novel]]\n"})
        wait_for_wins(watcher, before, ["Ran five km", "Drafted chapter one [[novel]]"])
        assert "problem" not in served_text(server)


def test_the_served_banner_lists_no_problem_that_names_something_private(make_vault) -> None:
    root = make_vault(
        {
            "goals/secret-goal.md": "---\ntitle: Secret\nprivate: true\n---\n",
            "goals/novel.md": "---\ntitle: Novel\n---\n",
            "journal/2026-11-20.md": "- [x] Hidden step #private ^hidden-step\n"
            "- [x] Public follow-up [[#^hidden-ste]]\n"
            "- [x] Typo goal [[secret-gaol]]\n"
            "- [x] Plain typo [[novle]]\n"
            "- [x] Hidden typo #private goal:: novle-two\n",
        }
    )
    with watching(root) as watcher, served(watcher.folder, watcher.log) as server:
        status, _, body = raw_request(server, "/")
    index = body.decode("utf-8")
    assert status == 200 and "4 problems found" in index
    assert index.count("<li><code>journal/2026-11-20.md:") == 1
    assert "journal/2026-11-20.md:4: unknown goal &#39;novle&#39;" in index
    assert "3 more that concern private content" in index
    for secret in ("hidden-step", "secret-goal", "novle-two", "Secret"):
        assert secret not in index


@pytest.mark.slow
def test_a_failed_build_is_shown_above_the_last_good_site(make_vault) -> None:
    vault = make_vault(VAULT)
    with watching(vault) as watcher, served(watcher.folder, watcher.log) as server:
        before = latest(watcher)
        write_files(vault, {"templates/page.html": "{% if %}\n"})
        wait_for_page(watcher, before, lambda: True, "a build")
        text = served_text(server)
        assert "The last build failed: templates/page.html:1: template error:" in text
        assert "Ran five km" in text  # the last good site
        assert "failed" not in (watcher.folder / "index.html").read_text("utf-8")

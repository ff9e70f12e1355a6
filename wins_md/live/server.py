"""``wins serve``: the watcher plus a local HTTP server for the output folder, with
live reload.

The server answers GET and HEAD for files inside the output folder and nothing
else: the path is decoded once, and any ``..`` or ``.`` segment, hidden name,
backslash, colon, NUL or empty segment (``//host``) gets a 404, as does a path whose real
location (symlinks followed) is outside the output folder. It never redirects.

Live reload: each HTML response gets a small script, added as it is sent (the
files on disk never hold it), that listens on :data:`EVENTS_PATH` (server-sent
events) and reloads the page when the site has changed since it was served. It also
gets the banner of the vault's problems (:mod:`wins_md.live.preview`), which the
files on disk never hold either.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import mimetypes
import os
import re
import socket
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

from wins_md.errors import WinsError
from wins_md.live.log import BuildLog
from wins_md.live.preview import inject_banner, preview_banner

EVENTS_PATH = "/__wins__/events"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_LOOPBACK_HOST_HEADER = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]{1,5})?", re.I)
"""A ``Host`` header naming loopback, with at most a port: nothing else after it."""
MAX_EVENT_STREAMS = 32
"""Open pages following the builds at once; more get a 503 (and retry a second later)."""
KEEPALIVE_SECONDS = 15.0
"""A comment is sent this often on an idle event stream, so a closed tab is noticed."""
RELOAD_SCRIPT = (
    '<script>(function(){{var seen="{version}";'
    "if(!window.EventSource)return;"
    'var source=new EventSource("' + EVENTS_PATH + '");'
    "source.onmessage=function(e){{if(e.data!==seen){{source.close();location.reload();}}}};"
    "}})();</script>"
)
"""Added to HTML responses; ``{version}`` is the site version the page was served at."""
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/atom+xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}


def site_file(folder: Path, request_path: str) -> Path | None:
    """The file of the output folder that ``request_path`` names, or None (404)."""
    path = request_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith("//"):
        return None
    try:
        decoded = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or "\0" in decoded or ":" in decoded:  # ":" names drives on Windows
        return None
    parts = decoded[1:].split("/")
    if parts[-1] == "":
        parts[-1] = "index.html"
    if any(part == "" or part.startswith(".") for part in parts):
        return None  # also every "." and ".." segment
    base = os.path.realpath(folder)
    real = os.path.realpath(os.path.join(base, *parts))
    if not real.startswith(base + os.sep) or not os.path.isfile(real):
        return None
    return Path(real)


def inject_reload(page: bytes, version: int) -> bytes:
    """``page`` with the live-reload script before its last ``</body>`` (or at the end)."""
    script = RELOAD_SCRIPT.format(version=version).encode()
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


class SiteServer(http.server.ThreadingHTTPServer):
    """Serves one output folder and the event stream of a :class:`BuildLog`."""

    daemon_threads = True
    request_queue_size = 64  # a page, its event stream and a burst of reloads at once

    def __init__(self, folder: Callable[[], Path], log: BuildLog, host: str, port: int) -> None:
        self.folder = folder
        """The output folder now (``output_dir`` may change while serving)."""
        self.log = log
        self.streams = threading.BoundedSemaphore(MAX_EVENT_STREAMS)
        """One a live-reload connection: each holds a thread for as long as it is open."""
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            super().__init__((host, port), _Handler)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise WinsError(
                    f"port {port} on {host} is already in use; choose another "
                    "with --port, or --port 0 for any free port"
                ) from None
            raise WinsError(f"cannot listen on {host}:{port}: {error.strerror}") from None

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that drops a connection (a closed tab, a reload) is no error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "wins-md"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        if not self._host_allowed():
            self._not_found()
            return
        if self.path.split("?", 1)[0] == EVENTS_PATH:
            if with_body:
                self._stream_events()
            else:
                self._not_found()
            return
        version = self.server.log.site_version  # read first: a page never misses a build
        last = self.server.log.last
        target = site_file(self.server.folder(), self.path)
        try:
            body = target.read_bytes() if target is not None else None
        except OSError:
            body = None
        if body is None and self.path == "/favicon.ico":
            self._no_content()  # browsers ask for it; the site has none, and that is fine
            return
        if target is None or body is None:
            self._not_found()
            return
        content_type = _TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0]
        if target.suffix.lower() == ".html":
            body = inject_reload(inject_banner(body, preview_banner(last)), version)
        self.send_response(200)
        self.send_header("Content-Type", content_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self._common_headers()
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _host_allowed(self) -> bool:
        """On a loopback address, only requests naming a loopback host are answered: a
        page elsewhere cannot reach the server through a name it points at 127.0.0.1
        (DNS rebinding)."""
        if str(self.server.server_address[0]) not in LOOPBACK_HOSTS:
            return True
        host = self.headers.get("Host")
        if host is None:
            return True  # HTTP/1.0 without a Host: not a browser, so not a rebinding page
        return _LOOPBACK_HOST_HEADER.fullmatch(host.strip()) is not None

    def _not_found(self) -> None:
        body = b"404 not found\n"
        self.send_response(404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self._common_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _no_content(self) -> None:
        self.send_response(204)
        self._common_headers()
        self.end_headers()

    def _common_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")

    def _stream_events(self) -> None:
        """Send the site version now and after each build that changes the site; a 503
        when too many pages already follow (each holds a thread)."""
        if not self.server.streams.acquire(blocking=False):
            self.send_response(503)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self._common_headers()
            self.end_headers()
            return
        try:
            self._follow_builds()
        finally:
            self.server.streams.release()

    def _follow_builds(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self._common_headers()
        self.end_headers()
        log = self.server.log
        seen = log.site_version
        with contextlib.suppress(OSError):  # the page was closed or reloaded
            self._send_event(f"retry: 1000\ndata: {seen}\n\n")
            while not log.closed:
                version = log.wait_for_site_change(seen, KEEPALIVE_SECONDS)
                if version is None:
                    self._send_event(": still here\n\n")
                else:
                    seen = version
                    self._send_event(f"data: {version}\n\n")

    def _send_event(self, text: str) -> None:
        self.wfile.write(text.encode())
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        pass  # a request log would bury the build reports


@contextlib.contextmanager
def serving(server: SiteServer) -> Iterator[SiteServer]:
    """Answer requests in a background thread until the block ends."""
    thread = threading.Thread(target=server.serve_forever, name="wins-serve", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.log.close()  # ends the event streams
        server.shutdown()
        server.server_close()
        thread.join()

"""`dossier serve`: build into a temporary folder, serve it on localhost, rebuild on change.

Like ``mkdocs serve``: no extra dependency — the standard library's HTTP
server on 127.0.0.1 only (the site holds personal data), and a thread that
polls the modification times of the claims repository's files once a second.
A build that fails keeps the last good site on screen and prints why.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import signal
import tempfile
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from .records.i18n import _

SKIP_DIRS = {".git", "site", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache"}
HOST = "127.0.0.1"
#: The names a browser on this machine uses for the server; any other Host is a DNS rebinding attempt.
LOCAL_NAMES = ("127.0.0.1", "localhost")
#: Longer request targets are refused (the stdlib already refuses request lines over 64 KiB).
MAX_PATH = 2048


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime in ns, size) of every file under `root` that a build reads: hidden folders and site/ left out."""
    out = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except FileNotFoundError:
                continue
            out[os.path.relpath(path, root)] = (st.st_mtime_ns, st.st_size)
    return out


def host_allowed(host: str | None, port: int) -> bool:
    """Whether a Host header names this server: ``127.0.0.1`` or ``localhost``, with this port or none."""
    if not host:
        return False
    name, sep, given = host.strip().lower().rpartition(":")
    if not sep:
        name, given = given, ""
    return name in LOCAL_NAMES and (given == "" or given == str(port))


def path_problem(target: str) -> str | None:
    """Why a request target is refused (400), or None: too long, or a control character once decoded."""
    if len(target) > MAX_PATH:
        return "path too long"
    path = urllib.parse.unquote(target.split("?", 1)[0].split("#", 1)[0])
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return "control character in path"
    return None


class _Handler(SimpleHTTPRequestHandler):
    """Static files for this machine only, no caching (every reload shows the last build), quiet log."""

    def do_GET(self) -> None:
        if self._allowed():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._allowed():
            super().do_HEAD()

    def _allowed(self) -> bool:
        """Refuse another Host (421) or an odd path (400) with a short plain-text answer."""
        if not host_allowed(self.headers.get("Host"), self.server.server_address[1]):
            self._answer(421, "This server answers only http://127.0.0.1 and http://localhost.\n")
            return False
        why = path_problem(self.path)
        if why is not None:
            self._answer(400, f"Bad request: {why}.\n")
            return False
        return True

    def _answer(self, code: int, text: str) -> None:
        body = text.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        pass


class _HTTPServer(ThreadingHTTPServer):
    """No traceback on stderr when a request fails (a client gone, an odd request): it answers or drops."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


class Server:
    """A served, self-rebuilding site. `start()` builds once and serves; `stop()` ends and cleans up."""

    def __init__(self, root: Path, as_of: dt.date, port: int = 8000, pdf: bool = False,
                 echo: Callable[[str], None] = print, interval: float = 1.0) -> None:
        self.root = Path(root).resolve()
        self.as_of = as_of
        self.pdf = pdf
        self.echo = echo
        self.interval = interval
        self.tmp = Path(tempfile.mkdtemp(prefix="dossier-serve-"))  # the site holds personal data: stop() removes it
        self.out = self.tmp / "site"
        self.out.mkdir()
        handler = functools.partial(_Handler, directory=str(self.out))
        try:
            self.httpd = _HTTPServer((HOST, port), handler)
        except BaseException:  # the port is taken: nothing to serve, nothing left behind
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        self.port = self.httpd.server_address[1]
        self.builds = 0
        self._seen: dict[str, tuple[int, int]] = {}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def build(self) -> bool:
        """One build into the served folder; prints issues; False when it failed (the old site stays)."""
        from .build import build_site

        # PDFs kept between rebuilds: a change re-renders only the documents it touches
        result = build_site(self.root, self.out, self.as_of, pdf=self.pdf, cache=self.tmp / "cache")
        for issue in result.issues:
            self.echo(str(issue))
        self.builds += 1
        if result.failed:
            self.echo(_("Build failed: the previous site is still served."))
            return False
        self.echo(_("Built {cases} cases as of {as_of}: {url}", cases=result.cases, as_of=self.as_of.isoformat(), url=self.url))
        return True

    def watch(self) -> None:
        """Poll the repository; rebuild when a file changes, appears or disappears.

        Compared with the snapshot taken before the first build, so an edit made while
        that build ran, or before this thread got its first turn, is not missed.
        """
        while not self._stop.wait(self.interval):
            now = snapshot(self.root)
            if now != self._seen:
                self._seen = now
                self.echo(_("Change detected, rebuilding…"))
                try:
                    self.build()
                except Exception as exc:  # a bug in one build must not kill the server
                    self.echo(_("Build crashed: {exc!r}", exc=exc))

    def start(self) -> None:
        self._seen = snapshot(self.root)
        self.build()
        for target in (self.httpd.serve_forever, self.watch):
            t = threading.Thread(target=target, daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for t in self._threads:
            t.join(timeout=5)
        shutil.rmtree(self.tmp, ignore_errors=True)


class _Stopped(Exception):
    """Raised by the signal handler: SIGTERM or SIGHUP end `serve` as Ctrl-C does."""


def _on_signal(signum: int, frame) -> None:
    raise _Stopped(signum)


def serve(root: Path, as_of: dt.date, port: int = 8000, pdf: bool = False, echo: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM, SIGHUP); the temporary site is removed in every case."""
    in_main = threading.current_thread() is threading.main_thread()
    previous = {}
    if in_main:  # signal handlers can only be set from the main thread
        previous[signal.SIGINT] = signal.getsignal(signal.SIGINT)  # Ctrl-C stays KeyboardInterrupt
        for sig in (signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, _on_signal)
    try:
        server = Server(root, as_of, port, pdf, echo)
        try:
            server.start()
            echo(_("Serving {url} (Ctrl-C to stop); watching {root}", url=server.url, root=server.root))
            server._stop.wait()
        except (KeyboardInterrupt, _Stopped):
            pass
        finally:
            for sig in previous:  # a second signal must not interrupt the clean-up
                signal.signal(sig, signal.SIG_IGN)
            server.stop()
    except (KeyboardInterrupt, _Stopped):  # stopped before the server existed: nothing was created
        pass
    finally:
        for sig, handler in previous.items():
            if handler is not None:  # None: a handler not set from Python, which cannot be put back
                signal.signal(sig, handler)

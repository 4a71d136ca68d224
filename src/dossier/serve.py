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
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

SKIP_DIRS = {".git", "site", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache"}
HOST = "127.0.0.1"


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


class _Handler(SimpleHTTPRequestHandler):
    """Static files, no caching (every reload shows the last build), quiet log."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
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
        self.tmp = Path(tempfile.mkdtemp(prefix="dossier-serve-"))
        self.out = self.tmp / "site"
        self.out.mkdir()
        handler = functools.partial(_Handler, directory=str(self.out))
        self.httpd = ThreadingHTTPServer((HOST, port), handler)
        self.port = self.httpd.server_address[1]
        self.builds = 0
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
            self.echo("Build failed: the previous site is still served.")
            return False
        self.echo(f"Built {result.cases} cases as of {self.as_of.isoformat()}: {self.url}")
        return True

    def watch(self) -> None:
        """Poll the repository; rebuild when a file changes, appears or disappears."""
        seen = snapshot(self.root)
        while not self._stop.wait(self.interval):
            now = snapshot(self.root)
            if now != seen:
                seen = now
                self.echo("Change detected, rebuilding…")
                try:
                    self.build()
                except Exception as exc:  # a bug in one build must not kill the server
                    self.echo(f"Build crashed: {exc!r}")

    def start(self) -> None:
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


def serve(root: Path, as_of: dt.date, port: int = 8000, pdf: bool = False, echo: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C)."""
    server = Server(root, as_of, port, pdf, echo)
    server.start()
    echo(f"Serving {server.url} (Ctrl-C to stop); watching {server.root}")
    try:
        server._stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()

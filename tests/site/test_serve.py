"""`dossier serve` as a user runs it: a real process, real HTTP requests to 127.0.0.1, real signals."""
from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.serve import host_allowed, path_problem

from conftest import AS_OF, ROOT

REFUSED_HOST = b"This server answers only http://127.0.0.1 and http://localhost.\n"


def test_only_this_machine_names_are_answered():
    assert [host_allowed(h, 8000) for h in ("127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:8000")] == [True] * 4
    assert [host_allowed(h, 8000) for h in (None, "", "evil.com", "evil.com:8000", "127.0.0.1:8001", "localhost.evil.com",
                                            "127.0.0.1.nip.io:8000", "[::1]:8000", "localhost:8000:8000")] == [False] * 9


def test_odd_paths_are_bad_requests():
    assert [path_problem(p) for p in ("/", "/cases/a/index.html?x=%00", "/..%2f..", "/%ff")] == [None] * 4
    assert path_problem("/%00") == path_problem("/a%0d%0aSet-Cookie:x") == "control character in path"
    assert path_problem("/" + "a" * 3000) == "path too long"


class Served:
    """A `dossier serve --port 0` process; its temporary folders go under `tmpdir`."""

    def __init__(self, repo: Path, tmpdir: Path) -> None:
        tmpdir.mkdir()
        self.tmpdir = tmpdir
        env = dict(os.environ, TMPDIR=str(tmpdir), PYTHONPATH=str(ROOT / "src"))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dossier.cli", "serve", "--repo", str(repo), "--as-of", AS_OF, "--port", "0"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # a background shell ignores SIGINT
        self.lines: list[str] = []
        for line in self.proc.stderr:
            self.lines.append(line)
            match = re.match(r"Serving http://127\.0\.0\.1:(\d+)/", line)
            if match:
                self.port = int(match.group(1))
                return
        raise AssertionError("serve did not start:\n" + "".join(self.lines))

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host if host is not None else f"127.0.0.1:{self.port}")
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def stop(self, sig: int) -> tuple[int, str]:
        self.proc.send_signal(sig)
        _, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, "".join(self.lines) + err


@pytest.fixture
def served(demo_repo: Path, tmp_path: Path):
    server = Served(demo_repo, tmp_path / "tmp")
    yield server
    if server.proc.poll() is None:
        server.proc.kill()
        server.proc.wait()


def test_serve_answers_this_machine_only_and_never_tracebacks(served: Served):
    assert [p.name[:14] for p in served.tmpdir.iterdir()] == ["dossier-serve-"]
    status, body = served.get("/")
    assert status == 200 and b'<html lang="fr">' in body
    assert served.get("/", host=f"localhost:{served.port}")[0] == 200
    assert served.get("/", host="127.0.0.1")[0] == 200
    assert served.get("/", host=f"evil.example:{served.port}") == (421, REFUSED_HOST)
    assert served.get("/", host=f"127.0.0.1:{served.port + 1}") == (421, REFUSED_HOST)
    assert served.get("/", host="") == (421, REFUSED_HOST)
    assert served.get("/%00") == (400, b"Bad request: control character in path.\n")
    assert served.get("/a%0d%0aX-Injected:%20yes") == (400, b"Bad request: control character in path.\n")
    assert served.get("/" + "a" * 5000) == (400, b"Bad request: path too long.\n")
    assert served.get("/" + "a" * 1500)[0] == 404  # under the limit, too long a file name: not found
    assert served.get("/%ff")[0] == 404
    assert served.get("/..%2f..%2f..%2fetc%2fpasswd")[0] == 404
    assert served.get("/../../../../etc/passwd")[0] == 404
    status, _ = served.get("/..%2f..")
    assert status in (301, 404)
    code, log = served.stop(signal.SIGTERM)
    assert code == 0
    assert "Traceback" not in log
    assert list(served.tmpdir.iterdir()) == []  # the site (personal data) is gone


def test_ctrl_c_removes_the_temporary_site_too(served: Served):
    assert served.get("/")[0] == 200
    code, log = served.stop(signal.SIGINT)
    assert (code, "Traceback" in log) == (0, False)
    assert list(served.tmpdir.iterdir()) == []


def test_a_taken_port_is_a_message_and_leaves_nothing(served: Served, demo_repo: Path, tmp_path: Path):
    other = tmp_path / "tmp2"
    other.mkdir()
    env = dict(os.environ, TMPDIR=str(other), PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run([sys.executable, "-m", "dossier.cli", "serve", "--repo", str(demo_repo), "--as-of", AS_OF,
                          "--port", str(served.port)], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr.startswith(f"serve: cannot listen on 127.0.0.1:{served.port}: Address already in use")
    assert list(other.iterdir()) == []

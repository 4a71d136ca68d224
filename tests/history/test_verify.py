"""`dossier verify`: a site rebuilt from its recorded commit and date is byte-identical; alterations are named."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from dossier.build import build_site
from dossier.history.manifest import MANIFEST, read_manifest, write_manifest
from dossier.verify import verify_site

from conftest import ROOT
from gitrepo import LOUISE, PAUL, GitRepo

AS_OF = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> GitRepo:
    """The demo portfolio committed by two authors, built with its manifest."""
    g = GitRepo(tmp_path_factory.mktemp("verify") / "claims", project=(ROOT / "dossier.yaml").read_text(encoding="utf-8"))
    shutil.copytree(ROOT / "cases", g.path / "cases")
    g.commit("portefeuille", LOUISE, "2026-11-20T09:00:00+01:00")
    text = (g.path / "cases" / "2026-014-dupont.yaml").read_text(encoding="utf-8")
    g.write("cases/2026-014-dupont.yaml", text.replace("# ", "#  ", 1))
    g.commit("commentaire", PAUL, "2026-11-21T09:00:00+01:00")
    result = build_site(g.path, g.path / "site", AS_OF)
    assert not result.failed, [str(i) for i in result.issues]
    write_manifest(g.path / "site", g.path, AS_OF)
    return g


def test_manifest_names_commit_date_outputs_and_inputs(built: GitRepo):
    data, why = read_manifest(built.path / "site")
    assert why is None
    assert data["commit"] == built.head() and data["as_of"] == "2026-11-24"
    assert "index.html" in data["files"] and MANIFEST not in data["files"]
    assert data["inputs"]["cases/2026-014-dupont.yaml"] == built.git("rev-parse", "HEAD:cases/2026-014-dupont.yaml").strip()
    assert data["inputs"]["dossier.yaml"] == built.git("rev-parse", "HEAD:dossier.yaml").strip()
    assert list(data["files"]) == sorted(data["files"])


def test_rebuild_is_identical_then_an_altered_file_is_named(built: GitRepo, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built.path / "site", site)
    assert verify_site(site, built.path) == []
    files = json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]
    pdfs = sorted(p for p in files if p.endswith(".pdf"))
    victim = pdfs[0] if pdfs else "cases/2026-014-dupont/index.html"   # PDFs once the documents are in the site
    data = bytearray((site / victim).read_bytes())
    data[len(data) // 2] ^= 0x01
    (site / victim).write_bytes(bytes(data))
    (site / "extra.html").write_text("x")
    assert verify_site(site, built.path) == sorted([
        "extra.html: in the site, not in the manifest",
        f"{victim}: altered since the build (SHA-256 differs from the manifest)",
    ])


def test_a_manifest_that_lies_is_caught_by_the_rebuild(built: GitRepo, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built.path / "site", site)
    (site / "api" / "cases.json").write_text("[]\n")
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["api/cases.json"] = hashlib.sha256(b"[]\n").hexdigest()
    (site / MANIFEST).write_text(json.dumps(manifest))
    head = built.head()[:7]
    assert verify_site(site, built.path) == [f"api/cases.json: differs from a rebuild of {head} as of 2026-11-24"]


def test_unverifiable_sites(built: GitRepo, tmp_path: Path):
    assert verify_site(tmp_path, built.path) == [f"{tmp_path / MANIFEST}: no manifest (was the site built by dossier?)"]
    (tmp_path / MANIFEST).write_text(json.dumps({"commit": built.head() + "+dirty", "as_of": "2026-11-24", "files": {}}))
    assert verify_site(tmp_path, built.path) == [
        f"the site was built from uncommitted changes on {built.head()[:7]}: it cannot be rebuilt"]


def test_cli_verify(built: GitRepo, tmp_path: Path):
    from click.testing import CliRunner

    from dossier.cli import main

    site = tmp_path / "site"
    shutil.copytree(built.path / "site", site)
    count = len(json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"])
    result = CliRunner().invoke(main, ["verify", str(site), "--repo", str(built.path)])
    assert (result.exit_code, result.stdout) == (0, f"{site}: identical to a rebuild of {built.head()[:7]} as of 2026-11-24 ({count} files).\n")
    (site / "index.html").write_bytes(b"<p>autre</p>")
    result = CliRunner().invoke(main, ["verify", str(site), "--repo", str(built.path)])
    assert (result.exit_code, result.stderr) == (1, "index.html: altered since the build (SHA-256 differs from the manifest)\n")


SHA = "0" * 64
GOOD = {"commit": "a" * 40, "as_of": "2026-11-24", "files": {"index.html": SHA}}


@pytest.mark.parametrize("manifest, why", [
    ({**GOOD, "commit": 42}, ["commit: expected a commit id (40 hex digits) or null, got 42"]),
    ({**GOOD, "commit": [1, 2]}, ["commit: expected a commit id (40 hex digits) or null, got [1, 2]"]),
    ({**GOOD, "commit": "HEAD"}, ['commit: expected a commit id (40 hex digits) or null, got "HEAD"']),
    ({**GOOD, "commit": True}, ["commit: expected a commit id (40 hex digits) or null, got true"]),
    ({**GOOD, "as_of": "yesterday"}, ['as_of: expected a date (YYYY-MM-DD), got "yesterday"']),
    ({**GOOD, "as_of": 20261124}, ["as_of: expected a date (YYYY-MM-DD), got 20261124"]),
    ({**GOOD, "as_of": "2026-02-30"}, ['as_of: expected a date (YYYY-MM-DD), got "2026-02-30"']),
    ({**GOOD, "as_of": None}, ["as_of: expected a date (YYYY-MM-DD), got null"]),
    ({**GOOD, "files": ["index.html"]}, ['files: expected a mapping of paths to SHA-256, got ["index.html"]']),
    ({**GOOD, "files": {"../../etc/passwd": SHA}}, ['files: "../../etc/passwd": expected a path inside the site folder']),
    ({**GOOD, "files": {"/etc/passwd": SHA}}, ['files: "/etc/passwd": expected a path inside the site folder']),
    ({**GOOD, "files": {"index.html": 42}}, ['files: "index.html": expected a SHA-256 (64 hex digits), got 42']),
    ({**GOOD, "version": 3, "pdf": "yes"}, ["version: expected a version string, got 3", 'pdf: expected true or false, got "yes"']),
    ({}, ["commit: missing", "as_of: missing", "files: missing"]),
    ({"commit": 42, "files": {}}, ["as_of: missing", "commit: expected a commit id (40 hex digits) or null, got 42"]),
])
def test_cli_verify_names_the_field_of_a_malformed_manifest(tmp_path: Path, manifest, why):
    from click.testing import CliRunner

    from dossier.cli import main

    site = tmp_path / "site"
    site.mkdir()
    (site / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(site)])
    assert (result.exit_code, result.stderr) == (1, "".join(f"{site / MANIFEST}: {w}\n" for w in why))


@pytest.mark.parametrize("write, why", [
    (lambda p: p.write_text("{", encoding="utf-8"),
     "unreadable manifest: not JSON (line 1, column 2: Expecting property name enclosed in double quotes)"),
    (lambda p: p.write_text("", encoding="utf-8"), "unreadable manifest: not JSON (line 1, column 1: Expecting value)"),
    (lambda p: p.write_bytes(b'{"commit": "\xe9"}'), "unreadable manifest: not UTF-8 text"),
    (lambda p: p.write_text("[1]", encoding="utf-8"), "expected a JSON object with commit, as_of and files, got [1]"),
    (lambda p: p.write_text("[" * 100_000, encoding="utf-8"), "unreadable manifest: nested too deeply"),
    (lambda p: p.mkdir(), "unreadable manifest: Is a directory"),
    (lambda p: None, "no manifest (was the site built by dossier?)"),
])
def test_cli_verify_on_a_manifest_that_is_not_json_or_missing(tmp_path: Path, write, why):
    from click.testing import CliRunner

    from dossier.cli import main

    site = tmp_path / "site"
    site.mkdir()
    write(site / MANIFEST)
    result = CliRunner().invoke(main, ["verify", str(site)])
    assert (result.exit_code, result.stderr) == (1, f"{site / MANIFEST}: {why}\n")


def test_cli_verify_a_site_built_outside_git(tmp_path: Path):
    from click.testing import CliRunner

    from dossier.cli import main

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(b"x")
    (site / MANIFEST).write_text(json.dumps({**GOOD, "commit": None, "files": {"index.html": hashlib.sha256(b"x").hexdigest()}}))
    result = CliRunner().invoke(main, ["verify", str(site)])
    assert (result.exit_code, result.stderr) == (1, "the site was not built from a Git commit: it cannot be rebuilt\n")

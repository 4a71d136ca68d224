"""`dossier verify`: a site rebuilt from its recorded commit and date is byte-identical; alterations are named."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from dossier.build import build_site
from dossier.manifest import MANIFEST, read_manifest, write_manifest
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

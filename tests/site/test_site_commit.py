"""Every site page says which commit and which as-of date it was built from (issue 7)."""
from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import AS_OF, ROOT
from dossier.cli import main
from gitrepo import GitRepo


def build(repo: Path) -> Path:
    result = CliRunner().invoke(main, ["build", "--repo", str(repo), "--as-of", AS_OF, "--no-pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return repo / "site"


def footers(site: Path) -> set[str]:
    pages = [p for p in site.rglob("index.html")] + [site / "analyses.html"]
    return {p.read_text(encoding="utf-8").split("<p>Généré par ")[1].split("</p>")[0] for p in pages}


def test_pages_name_the_commit_and_the_as_of_date(tmp_path: Path):
    repo = GitRepo(tmp_path / "claims", project=(ROOT / "dossier.yaml").read_text(encoding="utf-8"))
    shutil.copytree(ROOT / "cases", repo.path / "cases")
    head = repo.commit("Portefeuille")
    (found,) = footers(build(repo.path))
    assert f"à partir du commit <code>{head[:12]}</code> — situation au 24\u00a0novembre\u00a02026" in found
    (repo.path / "cases" / "2026-014-dupont.yaml").write_text(
        (repo.path / "cases" / "2026-014-dupont.yaml").read_text(encoding="utf-8") + "# note\n", encoding="utf-8")
    (found,) = footers(build(repo.path))
    assert f"<code>{head[:12]}</code> (avec des modifications non validées) — situation au" in found


def test_outside_git_the_pages_say_so(demo_repo: Path):
    (found,) = footers(build(demo_repo))
    assert "hors dépôt Git — situation au 24\u00a0novembre\u00a02026" in found


def test_every_document_names_the_commit_and_the_as_of_date(tmp_path: Path):
    repo = GitRepo(tmp_path / "claims", project=(ROOT / "dossier.yaml").read_text(encoding="utf-8"))
    shutil.copytree(ROOT / "cases", repo.path / "cases")
    head = repo.commit("Portefeuille")
    site = build(repo.path)
    letters = sorted(p for p in (site / "cases").rglob("*.html") if p.name != "index.html")
    assert len(letters) > 20
    for letter in letters:
        assert f'<meta name="generator" content="dossier 0.1.0; commit {head}; as-of 2026-11-24">' in letter.read_text(encoding="utf-8")

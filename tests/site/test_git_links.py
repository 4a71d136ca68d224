"""The case page links its YAML file and its commits on the Git host when dossier.yaml names the URL patterns."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from dossier.build import build_site
from test_site import git


def build(repo: Path, out: Path) -> str:
    assert not build_site(repo, out, dt.date(2026, 11, 24), pdf=False).failed
    return (out / "cases" / "2026-014-dupont" / "index.html").read_text(encoding="utf-8")


def test_the_case_page_links_its_file_and_commits_with_the_patterns(demo_repo: Path, tmp_path: Path):
    path = demo_repo / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  title: Recouvrement — Atelier Martin\n",
        "  title: Recouvrement — Atelier Martin\n"
        "  source_url: https://git.example/acme/claims/blob/{commit}/{path}\n"
        "  commit_url: https://git.example/acme/claims/commit/{commit}\n", 1), encoding="utf-8")
    git(demo_repo, "init", "-q", "-b", "main")
    git(demo_repo, "add", ".")
    git(demo_repo, "commit", "-q", "-m", "Portefeuille initial")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=demo_repo, capture_output=True, text=True, check=True).stdout.strip()
    page = build(demo_repo, tmp_path / "site")
    assert (f'fichier <a href="https://git.example/acme/claims/blob/{head}/cases/2026-014-dupont.yaml">'
            "<code>cases/2026-014-dupont.yaml</code></a>") in page
    assert re.search(rf'<td><a href="https://git.example/acme/claims/commit/{head}">Commit {head[:8]}</a></td>'
                     r"<td>dossier créé", page)


def test_without_patterns_the_file_and_commits_are_plain_text(demo_repo: Path, tmp_path: Path):
    git(demo_repo, "init", "-q", "-b", "main")
    git(demo_repo, "add", ".")
    git(demo_repo, "commit", "-q", "-m", "Portefeuille initial")
    page = build(demo_repo, tmp_path / "site")
    assert "fichier <code>cases/2026-014-dupont.yaml</code></p>" in page
    assert re.search(r"<td>Commit [0-9a-f]{8}</td>", page) and "git.example" not in page

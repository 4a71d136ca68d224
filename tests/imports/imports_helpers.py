"""What the import tests share: the fixtures' folder, git in a repository, and `init_repo`: a claims repository
made by `dossier init`, its creditor filled in and committed, where imports land (imported by each test module:
a conftest.py here would shadow tests/conftest.py, which other tests import as `conftest`)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dossier.scaffold import git_init, scaffold
from gitrepo import LOUISE, isolated_env

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


def fixture(name: str) -> Path:
    return FIXTURES / name


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


CREDITOR = {
    '"À COMPLÉTER : raison sociale"': "Atelier Martin SAS",
    '"À COMPLÉTER : SIREN, 9 chiffres"': '"901 234 567"',
    '["À COMPLÉTER : numéro et rue", "À COMPLÉTER : code postal et ville"]': '["4 quai des Célestins", "69002 Lyon"]',
    '"À COMPLÉTER : adresse électronique de la comptabilité"': "compta@atelier-martin.fr",
    '"À COMPLÉTER : IBAN du compte à créditer"': "FR76 3000 4000 0312 3456 7890 143",
    '"À COMPLÉTER : BIC de la banque"': "BNPAFRPPXXX",
    '"À COMPLÉTER : prénom, nom et qualité du signataire"': '"Louise Martin, gérante"',
}


@pytest.fixture
def init_repo(tmp_path: Path, monkeypatch) -> Path:
    for k, v in isolated_env(LOUISE).items():
        monkeypatch.setenv(k, v)
    root = tmp_path / "recouvrement"
    written, problems = scaffold(root)
    assert problems == []
    _, problems = git_init(root, written)
    assert problems == []
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    for old, new in CREDITOR.items():
        text = text.replace(old, new)
    (root / "dossier.yaml").write_text(text, encoding="utf-8")
    git(root, "commit", "-qam", "the creditor")
    return root

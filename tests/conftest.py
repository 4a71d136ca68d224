"""Shared fixtures: the demo portfolio copied into a temporary claims repository."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.records.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-24"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite asserts the English messages: every test starts in English (the command line speaks French by
    default), in this process and in the commands it runs (DOSSIER_LANG); tests/test_i18n.py pins the French."""
    monkeypatch.setenv("DOSSIER_LANG", "en")
    set_language("en")


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """A copy of the demo claims repository (dossier.yaml, cases/; the top-level templates/ are the built-in ones)."""
    repo = tmp_path / "claims"
    repo.mkdir()
    shutil.copy2(ROOT / "dossier.yaml", repo / "dossier.yaml")
    shutil.copytree(ROOT / "cases", repo / "cases")
    return repo


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, by relative POSIX path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

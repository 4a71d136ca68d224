"""Same commit, same date, same bytes: also without libharfbuzz-subset, and with a damaged piece in a case."""
from __future__ import annotations

import shutil
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AS_OF, ROOT, tree
from dossier.cli import main

CASE = "2026-031-fromagerie-vasseur"


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    """The project file and one case with pieces (letters, and a court bundle when its pieces are sound)."""
    repo = tmp_path / "claims"
    (repo / "cases").mkdir(parents=True)
    shutil.copy2(ROOT / "dossier.yaml", repo / "dossier.yaml")
    shutil.copytree(ROOT / "cases" / CASE, repo / "cases" / CASE)
    return repo


def build(repo: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--repo", str(repo), "--as-of", AS_OF, "--out", str(out)])
    return result.exit_code, result.output


def test_two_builds_with_the_fonttools_fallback_are_byte_identical(small_repo: Path, tmp_path: Path, monkeypatch):
    import weasyprint.pdf.fonts as fonts
    from fontTools.misc import timeTools

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)   # as on a machine without libharfbuzz-subset0
    clock = types.SimpleNamespace(now=1_790_000_000.0)
    monkeypatch.setattr(timeTools, "time", types.SimpleNamespace(time=lambda: clock.now))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    code, output = build(small_repo, tmp_path / "a")
    assert code == 0, output
    clock.now += 3600
    assert build(small_repo, tmp_path / "b")[0] == 0
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert len([p for p in a if p.endswith(".pdf")]) >= 4
    assert a == b


def test_a_damaged_piece_is_named_without_any_object_repr(small_repo: Path, tmp_path: Path):
    (small_repo / "cases" / CASE / "F2026-223.pdf").write_bytes(b"%PDF-1.4 truncated")
    code, output = build(small_repo, tmp_path / "site")
    why = f"cases/{CASE}/F2026-223.pdf: not a readable PDF (unable to find trailer dictionary while recovering damaged file)"
    assert code == 0, output
    assert f"cases/{CASE}/dossier.yaml:21:5: warning: {why}" in output.splitlines()
    page = (tmp_path / "site" / "cases" / CASE / "index.html").read_text(encoding="utf-8")
    assert f"{why.split(': ', 1)[0]}\u00a0: pièce illisible ou endommagée" in page
    assert "object at 0x" not in output
    assert [p for p, data in tree(tmp_path / "site").items() if b"object at 0x" in data] == []

"""The content-hash cache: same bytes as a fresh render, and only what changed is laid out again."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import AS_OF, tree
from dossier import pdf
from dossier.cache import ContentCache, digest
from dossier.cli import main


def test_an_entry_is_used_while_the_files_it_read_are_unchanged(tmp_path: Path):
    cache = ContentCache(tmp_path / "c")
    source = tmp_path / "logo.svg"
    source.write_text("<svg/>", encoding="utf-8")
    key = digest(["x", 1])
    cache.put(key, b"PDF bytes", {"warnings": []}, reads=[source])
    assert cache.get(key) == (b"PDF bytes", {"warnings": [], "sha256": cache.get(key)[1]["sha256"], "reads": {str(source): cache.get(key)[1]["reads"][str(source)]}})
    source.write_text("<svg></svg>", encoding="utf-8")
    assert cache.get(key) is None
    assert cache.get(digest(["x", 2])) is None


def test_a_damaged_entry_is_a_miss(tmp_path: Path):
    cache = ContentCache(tmp_path / "c")
    key = digest(["y"])
    cache.put(key, b"abc")
    blob = next((tmp_path / "c").rglob("*.bin"))
    blob.write_bytes(b"abd")
    assert cache.get(key) is None


def test_render_pdf_from_the_cache_gives_the_same_bytes_and_warnings(tmp_path: Path):
    import datetime as dt

    html = '<!DOCTYPE html><html lang="fr"><body><p>Bonjour</p><img src="http://example.invalid/x.png"></body></html>'
    day = dt.date(2026, 11, 24)
    fresh = pdf.render_pdf(html, tmp_path, tmp_path, day, "lettre")
    pdf.use_cache(tmp_path / "cache")
    try:
        first = pdf.render_pdf(html, tmp_path, tmp_path, day, "lettre")
        second = pdf.render_pdf(html, tmp_path, tmp_path, day, "lettre")
        assert pdf._CACHE.hits == 1 and pdf._CACHE.misses == 1
    finally:
        pdf.use_cache(None)
    assert first.pdf == second.pdf == fresh.pdf
    assert [w.message for w in second.warnings] == [w.message for w in fresh.warnings] != []
    assert [w.fr for w in second.warnings] == [w.fr for w in fresh.warnings]


def test_a_cached_build_is_byte_identical_to_a_fresh_one(demo_repo: Path, tmp_path: Path):
    run = CliRunner().invoke
    cache = tmp_path / "cache"
    assert run(main, ["build", "--repo", str(demo_repo), "--as-of", AS_OF, "--out", str(tmp_path / "fresh")]).exit_code == 0
    assert run(main, ["build", "--repo", str(demo_repo), "--as-of", AS_OF, "--out", str(tmp_path / "a"), "--cache", str(cache)]).exit_code == 0
    entries = len(list(cache.rglob("*.bin")))
    assert entries > 20
    assert run(main, ["build", "--repo", str(demo_repo), "--as-of", AS_OF, "--out", str(tmp_path / "b"), "--cache", str(cache)]).exit_code == 0
    assert len(list(cache.rglob("*.bin"))) == entries  # nothing new rendered
    fresh, a, b = tree(tmp_path / "fresh"), tree(tmp_path / "a"), tree(tmp_path / "b")
    assert fresh == a == b

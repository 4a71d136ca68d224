"""The content-hash cache: same bytes as a fresh render, and only what changed is laid out again."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import AS_OF, tree
from dossier.documents import pdf
from dossier.documents.cache import ContentCache, digest
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


def test_a_truncated_or_foreign_entry_is_a_miss(tmp_path: Path):
    cache = ContentCache(tmp_path / "c")
    key = digest(["z"])
    cache.put(key, b"0123456789")
    blob = next((tmp_path / "c").rglob("*.bin"))
    meta = next((tmp_path / "c").rglob("*.json"))
    blob.write_bytes(b"01234")                     # truncated
    assert cache.get(key) is None
    blob.write_bytes(b"0123456789")
    assert cache.get(key) is not None
    for text in ('[1, 2]', '{"sha256": 3}', '{"sha256": "x", "reads": []}', '{"sha', "\xff"):
        meta.write_text(text, encoding="latin-1")
        assert cache.get(key) is None, text
    sha = __import__("hashlib").sha256(b"0123456789").hexdigest()
    meta.write_text(f'{{"sha256": "{sha}", "reads": {{"/dev/zero": "x"}}}}', encoding="utf-8")   # never read forever
    assert cache.get(key) is None


def test_metadata_not_written_by_put_renders_again(tmp_path: Path):
    import datetime as dt
    import json

    html = '<!DOCTYPE html><html lang="fr"><body><p>Bonjour</p></body></html>'
    day = dt.date(2026, 11, 24)
    fresh = pdf.render_pdf(html, tmp_path, tmp_path, day, "lettre")
    pdf.use_cache(tmp_path / "cache")
    try:
        pdf.render_pdf(html, tmp_path, tmp_path, day, "lettre")
        meta = next((tmp_path / "cache").rglob("*.json"))
        record = json.loads(meta.read_text(encoding="utf-8"))
        meta.write_text(json.dumps({**record, "warnings": [{"path": 1}]}), encoding="utf-8")
        again = pdf.render_pdf(html, tmp_path, tmp_path, day, "lettre")
    finally:
        pdf.use_cache(None)
    assert (again.pdf, again.warnings) == (fresh.pdf, [])
    assert json.loads(meta.read_text(encoding="utf-8"))["warnings"] == []


def _unusable(tmp_path: Path, kind: str) -> Path:
    if kind == "a file":
        (tmp_path / "cache").write_text("not a folder")
        return tmp_path / "cache"
    if kind == "below a file":
        (tmp_path / "file").write_text("x")
        return tmp_path / "file" / "cache"
    raise AssertionError(kind)


def test_an_unusable_cache_folder_is_a_warning_and_the_build_goes_on(demo_repo: Path, tmp_path: Path):
    run = CliRunner().invoke
    cache = _unusable(tmp_path, "below a file")   # a file itself is refused by click (exit 2)
    fresh = run(main, ["build", "--repo", str(demo_repo), "--as-of", AS_OF, "--out", str(tmp_path / "fresh")])
    result = run(main, ["build", "--repo", str(demo_repo), "--as-of", AS_OF, "--out", str(tmp_path / "a"), "--cache", str(cache)])
    assert (fresh.exit_code, result.exit_code) == (0, 0), result.output
    said = [line for line in result.output.splitlines() if "PDF cache" in line]
    assert len(said) == 1 and said[0].endswith(f"PDF cache {cache}: cannot be used (Not a directory); PDFs are rendered without it")
    assert (tmp_path / "file").read_text() == "x"
    fresh_tree, cached_tree = tree(tmp_path / "fresh"), tree(tmp_path / "a")
    print(sorted(k for k in fresh_tree if fresh_tree[k] != cached_tree.get(k)))
    assert fresh_tree == cached_tree


def test_cache_usable_says_why_not(tmp_path: Path):
    from dossier.documents.cache import usable

    assert usable(tmp_path / "new" / "cache") is None and (tmp_path / "new" / "cache").is_dir()
    assert usable(_unusable(tmp_path, "a file")) == "not a folder"
    assert usable(_unusable(tmp_path, "below a file")) == "Not a directory"


def test_an_entry_that_cannot_be_written_stops_the_cache_not_the_render(tmp_path: Path):
    import datetime as dt

    html = '<!DOCTYPE html><html lang="fr"><body><p>Bonjour</p></body></html>'
    day = dt.date(2026, 11, 24)
    fresh = pdf.render_pdf(html, tmp_path, tmp_path, day, "lettre")
    key = pdf._cache_key(html, tmp_path, tmp_path, day, "lettre")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / key[:2]).write_text("in the way")          # where the entry's folder should be
    pdf.use_cache(tmp_path / "cache")
    try:
        first = pdf.render_pdf(html, tmp_path, tmp_path, day, "lettre")
        second = pdf.render_pdf(html, tmp_path, tmp_path, day, "lettre")
    finally:
        pdf.use_cache(None)
    assert first.pdf == second.pdf == fresh.pdf
    assert [w.message for w in first.warnings] == [
        f"PDF cache {tmp_path / 'cache'}: cannot be used (File exists); PDFs are rendered without it"]
    assert second.warnings == []

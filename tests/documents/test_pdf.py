"""pdf.py: only the claims repository may be read, PDF/A-3b, same bytes twice, page numbers on long letters."""
from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pypdf
import pytest

from dossier.documents import pdf

AS_OF = dt.date(2026, 11, 24)


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def page(body: str, style: str = "body { font-family: 'DejaVu Serif'; }") -> str:
    return f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><style>{style}</style></head><body>{body}</body></html>"


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "claims"
    (root / "cases" / "pieces").mkdir(parents=True)
    (root / "cases" / "pieces" / "logo.png").write_bytes(png())
    (tmp_path / "secret.png").write_bytes(png())
    return root


@pytest.mark.parametrize(
    "url, why",
    [
        ("file:///etc/passwd", "outside the claims repository"),
        ("http://example.com/logo.png", "http URLs are not fetched (no network)"),
        ("https://example.com/logo.png", "https URLs are not fetched (no network)"),
        ("../../secret.png", "outside the claims repository"),
        ("data:image/png;base64,iVBORw0KGgo=", "data URLs are not fetched (no network)"),
    ],
)
def test_a_url_outside_the_repository_gets_nothing_and_a_warning(repo, url, why):
    result = pdf.render_pdf(page(f"<p>Logo</p><img src='{url}'>"), repo / "cases", repo, AS_OF, name="cases/x.yaml")
    assert result.pdf.startswith(b"%PDF-")
    assert b"/Subtype /Image" not in result.pdf
    shown = (repo / "cases" / url).resolve().as_uri() if url.startswith("..") else url
    assert [str(w) for w in result.warnings] == [f"cases/x.yaml: warning: resource {shown!r} not loaded: {why}"]


def test_html_to_pdf_exposes_the_warnings_of_its_last_call(repo):
    pdf.html_to_pdf(page("<img src='file:///etc/passwd'>"), repo, repo, AS_OF)
    assert [w.message for w in pdf.last_warnings] == ["resource 'file:///etc/passwd' not loaded: outside the claims repository"]
    pdf.html_to_pdf(page("<p>rien</p>"), repo, repo, AS_OF)
    assert pdf.last_warnings == []


def test_a_symlink_leaving_the_repository_is_refused(repo):
    os.symlink("/etc/hostname", repo / "cases" / "pieces" / "link.png")
    result = pdf.render_pdf(page("<img src='pieces/link.png'>"), repo / "cases", repo, AS_OF)
    assert [w.message.split(": ", 1)[1] for w in result.warnings] == ["outside the claims repository"]


def test_a_file_inside_the_repository_is_served(repo):
    result = pdf.render_pdf(page("<img src='pieces/logo.png' style='width:10mm'>"), repo / "cases", repo, AS_OF)
    assert result.warnings == []
    assert b"/Subtype /Image" in result.pdf


def test_a_stylesheet_cannot_import_anything(repo):
    result = pdf.render_pdf(page("<p>x</p>", style="@import url('file:///etc/passwd'); p { color: red }"), repo, repo, AS_OF)
    assert b"root:" not in result.pdf


def test_two_renders_are_byte_identical_pdf_a_3b_dated_by_the_as_of_date(repo):
    html = page("<h1>MISE EN DEMEURE</h1><p>Lyon, le 24\u00a0novembre\u00a02026 — 3\u202f902,83\u00a0€, « guillemets », œuvre, Ç.</p>")
    one = pdf.html_to_pdf(html, repo, repo, AS_OF)
    two = pdf.html_to_pdf(html, repo, repo, AS_OF)
    assert one == two
    reader = pypdf.PdfReader(io.BytesIO(one))
    assert reader.metadata["/CreationDate"] == "D:20261124000000+00'00"
    assert reader.metadata["/ModDate"] == "D:20261124000000+00'00"
    import pikepdf

    with pikepdf.open(io.BytesIO(one)) as doc:
        meta = doc.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "B")
    assert "3 902,83 €, « guillemets », œuvre, Ç." in text_of(one).replace("\u202f", " ").replace("\u00a0", " ")
    assert pdf.html_to_pdf(html, repo, repo, dt.date(2026, 11, 25)) != one


def test_fonts_are_subset_with_harfbuzz():
    assert pdf.harfbuzz_subset_available()


def test_page_numbers_only_on_multi_page_documents(repo):
    short = text_of(pdf.html_to_pdf(page("<p>Une page.</p>"), repo, repo, AS_OF))
    assert "Page" not in short
    reader = pypdf.PdfReader(io.BytesIO(pdf.html_to_pdf(page("".join(f"<p>Paragraphe {i}.</p>" for i in range(120))), repo, repo, AS_OF)))
    n = len(reader.pages)
    assert n == 5
    assert [f"Page {i}/{n}" in p.extract_text() for i, p in enumerate(reader.pages, start=1)] == [True] * n


def test_render_many_in_two_processes_gives_the_same_bytes_as_one(repo):
    jobs = [pdf.PdfJob(f"doc{i}", page(f"<p>Lettre {i}</p><img src='http://x/{i}.png'>"), str(repo), str(repo), AS_OF) for i in range(4)]
    serial = pdf.render_many(jobs, processes=1)
    parallel = pdf.render_many(jobs, processes=2)
    assert [(n, b) for n, b, _ in parallel] == [(n, b) for n, b, _ in serial]
    assert [n for n, _, _ in parallel] == ["doc0", "doc1", "doc2", "doc3"]
    assert [w.message for w in parallel[2][2]] == ["resource 'http://x/2.png' not loaded: http URLs are not fetched (no network)"]


@pytest.fixture
def fonttools_fallback(monkeypatch):
    """WeasyPrint as on a machine without libharfbuzz-subset, and a clock that the test moves."""
    import types

    import weasyprint.pdf.fonts as fonts
    from fontTools.misc import timeTools

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    clock = types.SimpleNamespace(now=1_790_000_000.0)
    monkeypatch.setattr(timeTools, "time", types.SimpleNamespace(time=lambda: clock.now))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return clock


def _head_modified(data: bytes) -> set[int]:
    """The `head.modified` of every font embedded in a PDF (seconds since 1904)."""
    import pikepdf
    from fontTools.ttLib import TTFont

    found = set()
    with pikepdf.open(io.BytesIO(data)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj:
                found.add(TTFont(io.BytesIO(obj.FontFile2.read_bytes()))["head"].modified)
    return found


def test_the_fonttools_fallback_gives_the_same_bytes_whatever_the_clock(repo, fonttools_fallback, caplog):
    html = page("<h1>MISE EN DEMEURE</h1><p>Lyon, le 24\u00a0novembre\u00a02026 — 3\u202f902,83\u00a0€.</p>")
    one = pdf.html_to_pdf(html, repo, repo, AS_OF)
    fonttools_fallback.now += 86_400 * 3
    two = pdf.html_to_pdf(html, repo, repo, AS_OF)
    assert "Using fontTools instead of HarfBuzz-Subset" in caplog.text
    assert one == two
    # The fonts are dated midnight UTC of the as-of date (seconds since 1904-01-01).
    assert _head_modified(one) == {int(dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc).timestamp()) + 2082844800}
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_the_fonttools_fallback_in_worker_processes(repo, fonttools_fallback):
    jobs = [pdf.PdfJob(f"doc{i}", page(f"<p>Lettre {i} — é</p>"), str(repo), str(repo), AS_OF) for i in range(4)]
    one = pdf.render_many(jobs, processes=2)
    fonttools_fallback.now += 5
    assert pdf.render_many(jobs, processes=2) == one


def test_the_clock_is_restored_after_a_render(repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "123")
    pdf.html_to_pdf(page("<p>x</p>"), repo, repo, AS_OF)
    assert os.environ["SOURCE_DATE_EPOCH"] == "123"
    assert pdf.source_date_epoch(dt.date(2026, 11, 24)) == "1795478400"
    assert pdf.source_date_epoch(dt.date(1, 1, 1)) == "-2082844800"

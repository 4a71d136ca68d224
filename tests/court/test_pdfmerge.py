"""pdfmerge.py: merge, bookmarks, "Pièce n° N" stamps, deterministic bytes."""
from __future__ import annotations

import io

import pikepdf
import pypdf
import pytest

from dossier.court import pdfmerge


def make_pdf(pages: int, label: str, rotate_box: bool = False) -> bytes:
    """A PDF of `pages` A4 pages, each with the text "<label> p<i>" (Helvetica)."""
    pdf = pikepdf.Pdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name("/Helvetica")))
    for i in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        # an unbalanced graphics state (a scale left in place) must not move the stamp
        content = f"0.5 0 0 0.5 0 0 cm BT /F1 24 Tf 72 700 Td ({label} p{i}) Tj ET".encode()
        page.obj.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def texts(data: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


REQUEST, LIST, EXHIBIT1, EXHIBIT2 = make_pdf(2, "Requete"), make_pdf(1, "Bordereau"), make_pdf(1, "Devis"), make_pdf(3, "Facture")
PARTS = [
    pdfmerge.Part("Requête en injonction de payer", REQUEST),
    pdfmerge.Part("Bordereau des pièces", LIST),
    pdfmerge.Part("Pièce n°\u00a01\u00a0: Devis signé", EXHIBIT1, "Pièce n°\u00a01"),
    pdfmerge.Part("Pièce n°\u00a02\u00a0: Facture", EXHIBIT2, "Pièce n°\u00a02"),
]


def test_merged_page_count_is_the_sum_of_the_parts():
    merged = pdfmerge.merge(PARTS, "Dossier")
    assert pdfmerge.page_count(merged) == 2 + 1 + 1 + 3 == 7
    assert len(pypdf.PdfReader(io.BytesIO(merged)).pages) == 7


def test_bookmarks_point_at_the_first_page_of_each_part():
    merged = pdfmerge.merge(PARTS, "Dossier")
    assert pdfmerge.outline(merged) == [
        ("Requête en injonction de payer", 0),
        ("Bordereau des pièces", 2),
        ("Pièce n°\u00a01\u00a0: Devis signé", 3),
        ("Pièce n°\u00a02\u00a0: Facture", 4),
    ]
    reader = pypdf.PdfReader(io.BytesIO(merged))
    assert [(o.title, reader.get_destination_page_number(o)) for o in reader.outline] == pdfmerge.outline(merged)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert reader.metadata.title == "Dossier"


def test_each_exhibit_page_is_stamped_and_nothing_else():
    pages = texts(pdfmerge.merge(PARTS, "Dossier"))
    assert ["Pièce" in t for t in pages] == [False, False, False, True, True, True, True]
    assert "Pièce n°\u00a01" in pages[3] and "(1/" not in pages[3]
    assert "Devis p1" in pages[3]
    assert ["Pièce n°\u00a02 (1/3)" in pages[4], "Pièce n°\u00a02 (2/3)" in pages[5], "Pièce n°\u00a02 (3/3)" in pages[6]] \
        == [True, True, True]


def test_stamp_sits_in_the_top_right_corner_whatever_the_page_left_in_its_graphics_state():
    stamped = pdfmerge.stamp(EXHIBIT1, "Pièce n°\u00a07")
    positions = []

    def visitor(text, cm, tm, font, size):
        if "Pièce" in text:
            positions.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    pypdf.PdfReader(io.BytesIO(stamped)).pages[0].extract_text(visitor_text=visitor)
    [(x, y)] = positions
    assert 480 < x < 540 and 800 < y < 830


def test_stamp_alone_and_already_stamped_parts():
    stamped = pdfmerge.stamp(EXHIBIT2, "Pièce n°\u00a03")
    assert [t.count("Pièce n°\u00a03") for t in texts(stamped)] == [1, 1, 1]
    merged = pdfmerge.merge([pdfmerge.Part("x", stamped, "Pièce n°\u00a03")], "x", stamp_parts=False)
    assert [t.count("Pièce") for t in texts(merged)] == [1, 1, 1]


def test_same_input_same_bytes():
    assert pdfmerge.merge(PARTS, "Dossier") == pdfmerge.merge(PARTS, "Dossier")
    assert pdfmerge.stamp(EXHIBIT2, "Pièce n°\u00a02") == pdfmerge.stamp(EXHIBIT2, "Pièce n°\u00a02")


def test_unreadable_input_is_reported_not_raised():
    assert pdfmerge.check(REQUEST) is None
    assert pdfmerge.check(b"hello").startswith("not a readable PDF")
    with pytest.raises(pdfmerge.PdfError):
        pdfmerge.page_count(b"hello")
    empty = io.BytesIO()
    pikepdf.Pdf.new().save(empty)
    assert pdfmerge.check(empty.getvalue()) == "the PDF has no page"


def _dark_corner(png: bytes) -> str:
    """Which quarter of a rendered page holds most dark pixels: "top-right", "top-left", …"""
    import PIL.Image

    img = PIL.Image.open(io.BytesIO(png)).convert("L")
    w, h = img.size
    counts = {}
    for name, (x, y) in {"top-left": (0, 0), "top-right": (w // 2, 0), "bottom-left": (0, h // 2),
                         "bottom-right": (w // 2, h // 2)}.items():
        box = img.crop((x, y, x + w // 2, y + h // 2))
        counts[name] = sum(box.histogram()[:100])
    return max(counts, key=counts.get)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_stamp_is_upright_top_right_on_rotated_pages(rotate, tmp_path):
    import subprocess

    pdf = pikepdf.Pdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))     # blank: only the stamp is dark
    page.obj.Rotate = rotate
    buf = io.BytesIO()
    pdf.save(buf)
    stamped = pdfmerge.stamp(buf.getvalue(), "Pièce n°\u00a012")
    (tmp_path / "p.pdf").write_bytes(stamped)
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-singlefile", str(tmp_path / "p.pdf"), str(tmp_path / "p")],
                   check=True)
    png = (tmp_path / "p.png").read_bytes()
    assert _dark_corner(png) == "top-right"
    import PIL.Image

    w, h = PIL.Image.open(io.BytesIO(png)).size
    assert (w > h) == (rotate in (90, 270))               # the page is displayed rotated, the stamp follows


@pytest.mark.parametrize("data, why", [
    (b"hello", "not a readable PDF (unable to find trailer dictionary while recovering damaged file)"),
    (b"", "not a readable PDF (unable to find trailer dictionary while recovering damaged file)"),
    (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF", "not a readable PDF (root of pages tree has no /Kids array)"),
])
def test_the_reason_a_pdf_is_unreadable_carries_no_object_repr(data, why):
    assert pdfmerge.check(data) == why
    with pytest.raises(pdfmerge.PdfError) as raised:
        pdfmerge.page_count(data)
    assert str(raised.value) == why


def test_scrub_removes_reprs_and_addresses():
    from dossier.records.reasons import describe_exception, scrub

    assert scrub("stream <_io.BytesIO object at 0x7f234e617920> (object 3 0, offset 9): expected endobj\nmore") == \
        "object 3 0, offset 9: expected endobj"
    assert scrub("bad <function f at 0x7f234e617920> here, id 0x7f234e617920") == "bad an object here, id …"
    assert scrub("x" * 200, 10) == "x" * 9 + "…"
    assert describe_exception(KeyError()) == "KeyError"

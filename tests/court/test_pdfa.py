"""PDF/A and the bundle's PDFs: the stamp's font is embedded, the merged file claims PDF/A-3b only when it can,
its pages are labelled by exhibit; `pdffonts` (poppler-utils, scripts/install-system-deps) is the outside witness."""
from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pikepdf
import pytest

from dossier.court import pdfa, pdfmerge, stampfont
from dossier.documents import pdf as documents_pdf

from test_pdfmerge import make_pdf

DAY = dt.date(2026, 5, 4)


def pdffonts(data: bytes, tmp_path: Path) -> list[tuple[str, str, bool]]:
    """(name, type, embedded) of every font `pdffonts` lists in `data`."""
    path = tmp_path / "f.pdf"
    path.write_bytes(data)
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        cols = line.split()
        # name, type (one or two words), encoding, emb, sub, uni, object, id: emb is the 5th column from the end
        rows.append((cols[0], " ".join(cols[1:-6]), cols[-5] == "yes"))
    return rows


def letter(paragraphs: int = 1) -> bytes:
    body = "".join(f"<p style='page-break-after: always'>Madame, Monsieur, paragraphe n°\u00a0{i}.</p>"
                   for i in range(paragraphs - 1)) + "<p>Veuillez agréer nos salutations distinguées.</p>"
    html = (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Lettre</title></head>'
            f"<body>{body}</body></html>")
    return documents_pdf.html_to_pdf(html, Path("."), Path("."), DAY)


@pytest.fixture(scope="module")
def letters():
    return letter(1), letter(2)


def test_a_stamped_pdfa_letter_keeps_its_claim_and_embeds_the_stamp_font(letters, tmp_path):
    one, _ = letters
    assert pdfmerge.pdfa_claim(one) == "3B"
    stamped = pdfmerge.stamp(one, "Pièce n°\u00a03")
    assert pdfmerge.pdfa_claim(stamped) == "3B"
    fonts = pdffonts(stamped, tmp_path)
    assert ("DOSSTP+DejaVuSans-Bold", "TrueType", True) in fonts
    assert all(emb for _, _, emb in fonts), fonts
    assert not any("Helvetica" in name for name, _, _ in fonts)
    assert pdfmerge.false_pdfa_claim(stamped) == []


def test_the_stamp_font_is_a_small_subset_with_its_own_metrics():
    font = stampfont.stamp_font()
    assert font is not None and font.name == "DOSSTP+DejaVuSans-Bold"
    assert len(font.program) < 12_000                       # the whole DejaVu Sans Bold is 700 kB
    assert font.widths[ord("P") - 32] == 733 and font.widths[0xA0 - 32] == 348    # DejaVu Sans Bold's advances
    assert font.widths[ord("Z") - 32] == 0                  # not in the subset
    # 733 + 343 + 678 + 593 + 678 + 348 + 712 + 500 + 348 + 696 = 5 629 thousandths of an em
    assert font.width("Pièce n°\u00a03", 10.0) == pytest.approx(56.29)
    assert font.cap_height == 800 and font.bbox == (0, -177, 692, 800)
    with pikepdf.open(io.BytesIO(pdfmerge.stamp(make_pdf(1, "x"), "Pièce n°\u00a01"))) as pdf:
        [ttf] = [f for f in pdf.pages[0].Resources.Font.values() if f.Subtype == pikepdf.Name.TrueType]
        assert list(ttf.Widths)[ord("P") - 32] == 733 and ttf.FontDescriptor.FontFile2.Length1 == len(font.program)


def test_without_a_font_file_the_stamp_falls_back_and_drops_the_claim(letters, tmp_path, monkeypatch):
    one, _ = letters
    monkeypatch.setattr(stampfont, "stamp_font", lambda: None)
    stamped = pdfmerge.stamp(one, "Pièce n°\u00a03")
    assert pdfmerge.pdfa_claim(stamped) == ""            # no false claim
    assert ("Helvetica-Bold", "Type 1", False) in pdffonts(stamped, tmp_path)


def test_a_false_claim_is_named():
    plain = make_pdf(1, "Facture")                         # Helvetica, not embedded
    assert pdfmerge.false_pdfa_claim(plain) == []          # claims nothing: nothing false
    with pikepdf.open(io.BytesIO(plain)) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "3"
            meta["pdfaid:conformance"] = "B"
        out = io.BytesIO()
        pdf.save(out)
    assert pdfmerge.pdfa_claim(out.getvalue()) == "3B"
    assert pdfmerge.false_pdfa_claim(out.getvalue()) == ["font Helvetica not embedded"]


def test_merged_pdfa_parts_make_a_pdfa_bundle_with_page_labels(letters, tmp_path):
    one, two = letters
    parts = [pdfmerge.Part("Requête en injonction de payer — Tribunal de commerce de Lyon", two),
             pdfmerge.Part("Bordereau des pièces", one),
             pdfmerge.Part("Pièce n°\u00a01\u00a0: Mise en demeure du 4 mai 2026", pdfmerge.stamp(one, "Pièce n°\u00a01")),
             pdfmerge.Part("Pièce n°\u00a02\u00a0: Relance", pdfmerge.stamp(two, "Pièce n°\u00a02"))]
    merged = pdfmerge.merge(parts, "Requête en injonction de payer — Dupont", stamp_parts=False)
    assert pdfmerge.page_labels(merged) == [
        "Requête en injonction de payer — p.\u00a01", "Requête en injonction de payer — p.\u00a02",
        "Bordereau des pièces", "Pièce 1", "Pièce 2 — p.\u00a01", "Pièce 2 — p.\u00a02"]
    assert pdfmerge.pdfa_claim(merged) == "3B"
    assert merged.startswith(b"%PDF-1.7\n") and one.startswith(b"%PDF-1.7\n")   # the parts' version, not pikepdf's 1.3
    assert all(emb for _, _, emb in pdffonts(merged, tmp_path))
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1 and len(intent.DestOutputProfile.read_bytes()) > 0
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Requête en injonction de payer — Dupont" and meta["pdf:Producer"] == "dossier"
        assert "xmp:MetadataDate" not in meta                 # no clock: same bytes every build
    assert merged == pdfmerge.merge(parts, "Requête en injonction de payer — Dupont", stamp_parts=False)


def test_one_part_that_is_not_pdfa_makes_the_bundle_claim_nothing(letters, tmp_path):
    one, _ = letters
    merged = pdfmerge.merge([pdfmerge.Part("Requête", one), pdfmerge.Part("Pièce n°\u00a01\u00a0: Devis", make_pdf(1, "Devis"),
                                                                           "Pièce n°\u00a01")], "Dossier")
    assert pdfmerge.pdfa_claim(merged) == ""
    assert pdfmerge.page_labels(merged) == ["Requête", "Pièce 1"]
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        assert pikepdf.Name.OutputIntents not in pdf.Root
        assert pdf.open_metadata()["dc:title"] == "Dossier"
    assert pdfa.merged_claim([])[1] == "no part"


def test_an_explicit_label_wins():
    part = pdfmerge.Part("Requête en injonction de payer — Tribunal", b"", label="Requête")
    assert part.page_label() == "Requête"
    assert pdfmerge.Part("Pièce n°\u00a012\u00a0: Facture n°\u00a0F-1", b"").page_label() == "Pièce 12"

"""Pay by scan (documents/qr.py): the EPC069-12 QR code a letter asking for payment carries, decoded from the PDF page."""
from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal
from pathlib import Path

import pypdf
import zxingcpp
from PIL import Image

from dossier.documents import pdf, qr
from documents_helpers import AS_OF, FIXTURES, compute, docs_of

DEMO = Path(__file__).resolve().parents[2]
IBAN = "FR7630004000031234567890143"


def pages(pdf_bytes: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages)


def decoded(pdf_bytes: bytes, page: int) -> list[str]:
    """The QR codes found on page `page` of a PDF, rasterised at 200 dpi (pdftoppm), read by zxing-cpp."""
    png = subprocess.run(["pdftoppm", "-r", "200", "-f", str(page), "-l", str(page), "-png", "-"],
                         input=pdf_bytes, capture_output=True, check=True).stdout
    return [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png))) if b.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_qr_code_of_a_demo_reminder_decodes_to_the_epc_payload_of_the_sum_it_demands():
    as_of = dt.date(2026, 9, 15)
    _, _, docs = docs_of(DEMO, "2026-028-brasserie-du-parc", as_of)
    letter = docs["04-relance-ferme"]
    assert "la somme de 2\u202f947,84\u00a0€" in letter.text
    assert "Merci d’indiquer en référence du virement\u00a0: 2026-028-brasserie-du-parc F2026-196, F2026-228." in letter.text
    assert "Payer par virement\u00a0: scannez ce code avec l’application de votre banque" in letter.text
    data = pdf.html_to_pdf(letter.html, letter.base_dir, DEMO, as_of)
    found = [decoded(data, page) for page in range(1, pages(data) + 1)]
    assert found == [[], [], ["BCD\n002\n1\nSCT\nBNPAFRPPXXX\nAtelier Martin SAS\n" + IBAN + "\nEUR2947.84\n\n\n"
                             "2026-028-brasserie-du-parc F2026-196, F2026-228"]]   # on the last page, under the signature


def test_a_formal_notice_demands_the_total_and_a_first_reminder_the_principal():
    _, _, docs = docs_of(FIXTURES / "repo", "2026-040-leroy")
    notice = docs["05-mise-en-demeure"]
    assert "la somme de <strong>2\u202f150,00\u00a0€</strong>" in notice.html
    data = pdf.html_to_pdf(notice.html, notice.base_dir, FIXTURES / "repo", AS_OF)
    found = [decoded(data, page) for page in range(1, pages(data) + 1)]
    assert found == [[], ["BCD\n002\n1\nSCT\nBNPAFRPPXXX\nAtelier Martin SAS\n" + IBAN + "\nEUR2150.00\n\n\n2026-040-leroy F2026-140"]]
    _, _, fleur = docs_of(FIXTURES / "repo", "2026-045-fleur")
    assert "s’élève à <strong>480,00\u00a0€</strong>" in fleur["01-relance-amiable"].html
    assert "montant de 480,00\u00a0€ et référence préremplis" in fleur["01-relance-amiable"].html


def test_no_code_without_a_sum_demanded_nor_on_a_call_sheet_an_sms_or_a_plan():
    _, results = compute(FIXTURES / "repo")
    with_code = sorted((d.case_id, d.name) for _, docs in results for d in docs if "pay-qr-code" in d.html)
    kinds = {d.kind for _, docs in results for d in docs if "pay-qr-code" in d.html}
    assert kinds == {"letter", "email"}
    assert ("2026-045-fleur", "02-sms") not in with_code
    assert ("2026-043-klein", "echeancier") not in with_code


def test_the_payload_compacts_the_iban_and_keeps_the_reference_within_140_characters():
    text = qr.payload("Atelier Martin SAS", "fr76 3000 4000 0312 3456 7890 143", Decimal("12.5"), "2026-001-x " + "F-1, " * 40, "bnpafrppxxx")
    lines = text.split("\n")
    assert lines[:8] == ["BCD", "002", "1", "SCT", "BNPAFRPPXXX", "Atelier Martin SAS", IBAN, "EUR12.50"]
    assert len(lines[10]) <= 140 and lines[10].startswith("2026-001-x F-1, F-1,")


def test_no_code_without_iban_nor_for_a_sum_no_transfer_can_carry():
    box = {"beneficiary": "Atelier Martin SAS", "iban": None, "bic": None, "reference": "x", "amount": None, "qr": None}
    assert qr.with_qr(box, Decimal("100")) == box
    assert qr.with_qr(None, Decimal("100")) is None
    box = {**box, "iban": IBAN}
    assert qr.with_qr(box, None) == box
    assert qr.with_qr(box, Decimal("0")) == box
    assert qr.with_qr(box, Decimal("1000000000")) == box
    done = qr.with_qr(box, Decimal("99.999"))
    assert done["amount"] == Decimal("100.00") and done["epc"].split("\n")[7] == "EUR100.00"

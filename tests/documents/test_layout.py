"""Letters as printed (issue 14): the signature block never alone on a page, previews marked « APERÇU — non envoyé »."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf

from dossier.documents import pdf
from dossier.documents.htmltext import html_to_text
from documents_helpers import AS_OF, compute, docs_of

DEMO = Path(__file__).resolve().parents[2]
PREVIEW = "APERÇU — non envoyé"


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def closing_only_pages(html: str, data: bytes) -> list[int]:
    """The pages (from 1) whose words are all the signature, payment box, copy, attachments, footer or preview mark."""
    start = html.index('<div class="closing">')
    ends = [i for i in (html.find('class="agency"', start), html.find("</body>", start)) if i >= 0]
    closing = html[start:min(ends)] if ends else html[start:]
    legal = re.search(r'<div class="legal">(.*?)</div>', html, re.S)
    allowed = _words(html_to_text(closing)) | _words(legal.group(1) if legal else "") | _words(PREVIEW) | {"Page"}
    out = []
    for n, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, 1):
        words = {w for w in _words(page.extract_text()) if not w.isdigit()}
        if words <= allowed:
            out.append(n)
    return out


def test_closing_only_pages_sees_a_signature_alone():
    html = ('<html><body><div class="legal">Atelier Martin SAS</div><main>' + "<p>Texte de la lettre.</p>" * 75 +
            '<p>Veuillez agréer nos salutations.</p></main><div style="break-before: page"></div><div class="closing">'
            '<section class="signature"><div>Louise Martin</div></section><p class="annex">Pièce jointe : facture n° F1</p>'
            "</div></body></html>")
    data = pdf.render_pdf(html, DEMO, DEMO, AS_OF).pdf
    assert closing_only_pages(html, data)[-1] == len(pypdf.PdfReader(io.BytesIO(data)).pages)


def test_no_demo_letter_has_a_page_of_only_the_signature_the_attachments_or_the_bank_details():
    _, results = compute(DEMO)
    checked, several = 0, 0
    for r, docs in results:
        for d in docs:
            if d.kind not in ("letter", "declaration") or not d.html:
                continue
            data = pdf.render_pdf(d.html, DEMO / (d.base_dir or "."), DEMO, AS_OF, d.name).pdf
            pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
            checked += 1
            several += pages > 1
            assert closing_only_pages(d.html, data) == [], f"{r.case.id}/{d.name}"
    assert checked >= 25 and several >= 15, (checked, several)


def test_a_preview_is_marked_across_the_page_and_a_letter_to_send_is_not():
    _, _, docs = docs_of(DEMO, "2026-038-vallons-du-lyonnais")
    assert [(d.name, d.date.isoformat()) for d in docs.values() if f">{PREVIEW}</div>" in d.html] == [
        ("03-relance-amiable", "2026-12-08"), ("04-relance-ferme", "2026-12-18"), ("06-mise-en-demeure", "2027-01-04")]
    assert f'<div class="preview" aria-hidden="true">{PREVIEW}</div>' in docs["03-relance-amiable"].html
    assert all(f">{PREVIEW}</div>" not in d.html for d in docs.values() if d.date <= AS_OF)

"""Issue 11: Markdown in case data (debtor, phone, invoice number, description, creditor, firm) stays text.

Every field below carries an attack; the letters (HTML), the emails (.eml,
text and HTML parts) and the PDFs must show it literally and contain no link,
image, emphasis, code or heading the templates did not write themselves.
"""
from __future__ import annotations

import email
import email.policy
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from documents_helpers import compute, copy_fixture, docs_of
from dossier.documents import writing

DEBTOR = "Roche [x](javascript:alert(1)) *Menuiserie* EURL"
PHONE = "1. ![](http://tracker.example/px.png)"
INVOICE = "F2026-190 <http://x.example>"
DESCRIPTION = "# titre `code` a | b _souligné_ \\[y](http://y.example)"
CREDITOR = "Atelier [Martin](http://c.example) SAS"
FIRM = "- Rhône ![r](http://f.example/i.png) Recouvrement SARL"
FIRM_PHONE = "+ <img src=http://p.example/i.png>"
URLS = ("javascript", "tracker.example", "x.example", "y.example", "c.example", "f.example", "p.example")


PLAIN = {"DEBTOR": "Roche Menuiserie EURL", "PHONE": "04 99 00 60 00", "INVOICE": "F2026-190", "DESCRIPTION": "pose de menuiseries",
         "CREDITOR": "Atelier Martin SAS", "FIRM": "Rhône Recouvrement SARL", "FIRM_PHONE": "04 99 00 50 00"}
ATTACK = {"DEBTOR": DEBTOR, "PHONE": PHONE, "INVOICE": INVOICE, "DESCRIPTION": DESCRIPTION,
          "CREDITOR": CREDITOR, "FIRM": FIRM, "FIRM_PHONE": FIRM_PHONE}


def _agency(tmp_path: Path, values: dict[str, str]) -> Path:
    """The agency fixture with each data field set to `values` (the attacks, or plain words for the baseline)."""
    root = copy_fixture("agency", tmp_path)
    q = {k: v.replace("\\", "\\\\") for k, v in values.items()}
    case = root / "cases" / "2026-050-roche.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("name: Roche Menuiserie EURL", f'name: "{q["DEBTOR"]}"')
    text = text.replace("  contact: M. Antoine Roche\n", f'  contact: M. Antoine Roche\n  phone: "{q["PHONE"]}"\n')
    text = text.replace("number: F2026-190", f'number: "{q["INVOICE"]}"')
    text = text.replace("    amount: 2400.00\n", f'    amount: 2400.00\n    description: "{q["DESCRIPTION"]}"\n')
    case.write_text(text, encoding="utf-8")
    config = root / "dossier.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  name: Atelier Martin SAS", f'  name: "{q["CREDITOR"]}"')
    text = text.replace("  name: Rhône Recouvrement SARL", f'  name: "{q["FIRM"]}"')
    text = text.replace('  phone: "04 99 00 50 00"', f'  phone: "{q["FIRM_PHONE"]}"')
    config.write_text(text, encoding="utf-8")
    return root


def _tags(html: str) -> list[str]:
    return re.findall(r"</?[a-z0-9]+", html)


def _assert_inert(html: str, clean_html: str, where: str) -> None:
    """The same tags, in the same order, as the document of the same case without the attacks: no structure came from data."""
    assert _tags(html) == _tags(clean_html), where
    assert not re.search(r"<(a|img)\b", html), where
    for url in URLS:
        assert not re.search(rf"<[^>]*(href|src)=[\"']?[^\"'>\s]*{re.escape(url)}", html), (url, where)


def test_markdown_in_every_data_field_stays_text_in_letters_emails_and_pdfs(tmp_path):
    root = _agency(tmp_path, ATTACK)
    _, results = compute(root)
    docs = [d for _, ds in results for d in ds]
    _, clean_results = compute(_agency(tmp_path / "clean", PLAIN))
    clean = {d.name: d for _, ds in clean_results for d in ds}
    assert [d.name for d in docs] == ["01-relance-informelle", "02-relance-amiable", "04-relance-ferme", "05-mise-en-demeure"]
    for d in docs:
        assert [i for i in d.issues if i.code != "provisional-rate-document"] == [], d.name
        _assert_inert(d.html, clean[d.name].html, d.name)
        for value in (DEBTOR, INVOICE, CREDITOR, FIRM, FIRM_PHONE):
            assert value in d.text, (value, d.name)
    assert all(DESCRIPTION in d.text for d in docs if d.name != "01-relance-informelle")

    written, issues = writing.write_documents(docs, tmp_path / "site", root, processes=1)
    assert issues == []
    folder = tmp_path / "site" / "cases" / "2026-050-roche"
    emails = sorted(folder.glob("*.eml"))
    assert [p.name for p in emails] == ["01-relance-informelle.eml", "02-relance-amiable.eml"]
    for path in emails:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        html = message.get_body(("html",)).get_content()
        plain = message.get_body(("plain",)).get_content()
        _assert_inert(html, clean[path.stem].email.html, path.name)
        assert CREDITOR in plain and FIRM in plain and INVOICE in plain and INVOICE in message["Subject"], path.name
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == 4
    for path in pdfs:
        reader = pypdf.PdfReader(path)
        annotations = [a.get_object() for page in reader.pages for a in (page.get("/Annots") or [])]
        assert [a for a in annotations if a.get("/Subtype") == "/Link" or "/URI" in a.get("/A", {})] == [], path.name
        text = " ".join(page.extract_text() for page in reader.pages)
        assert "Roche [x](javascript:alert(1))" in text and "Atelier [Martin](http://c.example) SAS" in text, path.name


def test_a_call_sheet_shows_a_phone_number_and_a_name_that_look_like_markdown_as_text(tmp_path):
    demo = Path(__file__).resolve().parents[2]
    root = tmp_path / "demo"
    shutil.copytree(demo / "cases", root / "cases")
    shutil.copy(demo / "dossier.yaml", root / "dossier.yaml")
    case = root / "cases" / "2026-038-vallons-du-lyonnais.yaml"
    text = case.read_text(encoding="utf-8").replace('phone: "+33 4 65 71 18 90"', f'phone: "{PHONE}"')
    case.write_text(text.replace("name: Communauté de communes des Vallons du Lyonnais", f'name: "{FIRM}"'), encoding="utf-8")
    _, _, docs = docs_of(root, "2026-038-vallons-du-lyonnais")
    _, _, clean = docs_of(demo, "2026-038-vallons-du-lyonnais")
    sheet = docs["02-appel"]
    _assert_inert(sheet.html, clean["02-appel"].html, sheet.name)
    assert PHONE in sheet.text and FIRM in sheet.text


@pytest.mark.parametrize("case_id, name", [("2026-043-klein", "echeancier"), ("2026-044-perrin", "declaration-creance")])
def test_a_debtor_name_at_the_start_of_a_list_line_stays_text(tmp_path, case_id, name):
    root = copy_fixture("repo", tmp_path)
    _, _, clean = docs_of(root, case_id)
    case = root / "cases" / f"{case_id}.yaml"
    text = case.read_text(encoding="utf-8")
    old = re.search(r"^  name: (.*)$", text, re.MULTILINE).group(0)
    case.write_text(text.replace(old, f'  name: "{DEBTOR}"', 1), encoding="utf-8")
    _, _, docs = docs_of(root, case_id)
    _assert_inert(docs[name].html, clean[name].html, name)
    assert DEBTOR in docs[name].text

"""bundle.py: the injonction de payer bundle of the demo cases, refusals, files written."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pypdf
import pytest

from dossier.court import bundle, bundle_files, exhibits, pdfmerge, readiness, request_text
from dossier.documents import documents
from dossier.law import ledger
from dossier.ladder import scenario
from dossier.records.errors import Source
from dossier.law import rates
from dossier.records.load import load_repository
from dossier.records.model import Event
from dossier.law.money import euros

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("claims")
    shutil.copy2(ROOT / "dossier.yaml", repo / "dossier.yaml")
    shutil.copytree(ROOT / "cases", repo / "cases")
    loaded, issues = load_repository(repo)
    assert loaded is not None, [str(i) for i in issues]
    return repo, loaded


def compute(demo, case_id, as_of=AS_OF, case=None):
    root, repo = demo
    case = case or repo.case(case_id)
    tables, _ = rates.load_tables(repo.project)
    st = ledger.statement(case, repo.project, as_of, tables)
    ld = scenario.ladder(case, repo.project, as_of, st)
    docs = documents.documents_for(case, repo.project, st, ld, as_of, root)
    return case, st, ld, docs


def build(demo, case_id, as_of=AS_OF, case=None, root=None):
    case, st, ld, docs = compute(demo, case_id, as_of, case)
    return bundle.build_bundle(case, demo[1].project, st, ld, as_of, root or demo[0], docs), st


def text(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().replace("\u202f", " ").replace("\u00a0", " ").split())
            for p in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def dupont(demo):
    return build(demo, "2026-014-dupont")


def test_dupont_bundle_court_and_exhibits(dupont):
    b, st = dupont
    assert isinstance(b, bundle.Bundle)
    assert (b.court.kind, b.court.form, b.court.town) == ("tribunal_des_activites_economiques", "cerfa n° 12946*02", "Lyon")
    assert [(e.number, e.title, e.name, e.origin) for e in b.exhibits] == [
        (1, "Devis signé n°\u00a02026-003 du 10\u00a0janvier\u00a02026", "01-devis-signe", "cases/pieces/devis-2026-003.pdf"),
        (2, "Facture n°\u00a0F2026-031 du 1er\u00a0février\u00a02026, 4\u202f800,00\u00a0€ TTC, échéance le "
            "3\u00a0mars\u00a02026", "02-facture-f2026-031", "cases/pieces/F2026-031.pdf"),
        (3, "Relance du 9\u00a0mars\u00a02026 (courriel)", "03-relance-informelle-2026-03-09",
         "cases/2026-014-dupont/envoyes/2026-03-09-relance-informelle.eml"),      # the email as sent
        (4, "Mise en demeure du 17\u00a0avril\u00a02026 (lettre recommandée avec demande d’avis de réception, "
            "n°\u00a01A 234 567 8901 2)", "04-mise-en-demeure-2026-04-17",
         "cases/2026-014-dupont/envoyes/2026-04-17-mise-en-demeure.pdf"),         # the letter as archived
        (5, "Avis de réception de la mise en demeure du 17\u00a0avril\u00a02026, signé le 19\u00a0avril\u00a02026",
         "05-avis-de-reception-2026-04-19", "cases/pieces/ar-2026-014-dupont.pdf"),
    ]
    # the court is not named in the case, but Lyon is a TAE seat: the court is certain, prefilled, and a warning says so
    assert b.court.heading == "Tribunal des activités économiques de Lyon"
    assert [i.message for i in b.issues if i.code == "court-missing"] == [
        "court: missing; the debtor's seat is in Lyon (69003), a seat of a tribunal des activités économiques: the "
        "request is addressed to the Tribunal des activités économiques de Lyon; set court: to confirm"]


def test_dupont_request_has_the_parties_the_sum_and_its_breakdown(dupont):
    b, st = dupont
    page = " ".join(text(b.request_pdf))
    for expected in (
        "REQUÊTE EN INJONCTION DE PAYER", "cerfa n° 12946*02",
        "À Madame, Monsieur le Président du tribunal des activités économiques de Lyon",
        "Atelier Martin SAS", "SAS, au capital de 20 000 €", "4 quai des Célestins, 69002 Lyon", "RCS Lyon 901 234 567",
        "Louise Martin, présidente",
        "Dupont Rénovation SARL", "12 rue des Lilas, 69003 Lyon", "812 345 676", "Mme Claire Dupont, gérante",
        "3 827,16 €",                       # docs/format.md: principal after the payment of 20 March
        "27,16 €",                          # docs/format.md: interest of the first 17 days, paid by that payment
        "40,00 €", "art. L441-10 C. com.",
        "devis signé du 10 janvier 2026", "reçue le 19 avril 2026",
        # a single invoice, paid in part before the notice; the principal after 1343-1 imputation is explained
        "Cette facture est demeurée partiellement impayée malgré les relances du créancier et la mise en demeure "
        "adressée par lettre recommandée avec demande d’avis de réception du 17 avril 2026 (n° 1A 234 567 8901 2), "
        "reçue le 19 avril 2026, restée sans effet.",
        "Principal : factures impayées, toutes taxes comprises (après imputation des règlements sur les intérêts, "
        "art. 1343-1 C. civ.)",
        "au taux de la BCE majoré de 10 points, et l’indemnité forfaitaire pour frais de recouvrement",
        "Fait à Lyon, le 24 novembre 2026",
    ):
        assert expected in page, expected
    assert euros(st.total).replace("\u202f", " ").replace("\u00a0", " ") in page
    assert b.total == st.total


def test_merged_pdf_opens_with_bookmarks_stamps_and_the_sum_of_the_pages(dupont):
    b, _ = dupont
    parts = [b.request_pdf, b.bordereau_pdf] + [e.pdf for e in b.exhibits]
    counts = [pdfmerge.page_count(p) for p in parts]
    reader = pypdf.PdfReader(io.BytesIO(b.merged_pdf))
    assert len(reader.pages) == sum(counts)
    import pikepdf

    with pikepdf.open(io.BytesIO(b.merged_pdf)) as pdf:      # qpdf's structural check finds nothing
        assert pdf.check_pdf_syntax() == []
    starts = [sum(counts[:i]) for i in range(len(counts))]
    titles = ["Requête en injonction de payer — Tribunal des activités économiques de Lyon",
              "Bordereau des pièces"] + [f"Pièce n°\u00a0{e.number}\u00a0: {e.title}" for e in b.exhibits]
    assert [(o.title, reader.get_destination_page_number(o)) for o in reader.outline] == list(zip(titles, starts))
    pages = text(b.merged_pdf)
    for ex, start in zip(b.exhibits, starts[2:]):
        for k in range(ex.pages):
            stamp = f"Pièce n° {ex.number}" + (f" ({k + 1}/{ex.pages})" if ex.pages > 1 else "")
            assert stamp in pages[start + k], (ex.number, k)
    assert all("Pièce n° " not in p for p in pages[: starts[2]])   # the request and the list are not stamped


def test_write_bundle_files_manifest_and_zip(dupont, tmp_path):
    b, _ = dupont
    out = tmp_path / "site" / "cases" / "2026-014-dupont" / "injonction"
    (out / "pieces").mkdir(parents=True)
    (out / "pieces" / "09-stale.pdf").write_bytes(b"old")        # left by an earlier bundle: removed
    written = bundle_files.write_bundle(b, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == written
    assert written == sorted(["bordereau.pdf", "dossier-complet.pdf", "manifest.json", "petites-creances.pdf",
                              "pieces.zip", "requete.pdf"] + [f"pieces/{e.name}.pdf" for e in b.exhibits])
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(data["files"]) == set(written) - {"manifest.json"}
    for name, sha in data["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == sha
    assert (data["case"], data["as_of"], data["court"]["kind"]) == ("2026-014-dupont", "2026-11-24",
                                                                   "tribunal_des_activites_economiques")
    with zipfile.ZipFile(out / "pieces.zip") as zf:
        assert zf.namelist() == [f"{e.name}.pdf" for e in b.exhibits]
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.read("02-facture-f2026-031.pdf") == (out / "pieces" / "02-facture-f2026-031.pdf").read_bytes()


def test_same_case_same_date_same_bytes(demo, dupont):
    again, _ = build(demo, "2026-014-dupont")
    assert again.files() == dupont[0].files()


def test_consumer_goes_to_the_tribunal_judiciaire_and_gets_the_small_claims_letter(demo):
    as_of = dt.date(2026, 6, 1)          # prescription (9 January 2027) more than two months away
    case, st, ld, docs = compute(demo, "2025-004-bertin", as_of)
    b = bundle.build_bundle(case, demo[1].project, st, ld, as_of, demo[0], docs)
    assert (b.court.kind, b.court.form) == ("tribunal_judiciaire", "cerfa n° 12948*06")
    page = " ".join(text(b.request_pdf))
    assert "Personne physique" in page and "Mme Nathalie Bertin" in page
    assert "Indemnités forfaitaires" not in page      # no 40 € from a consumer
    assert "art. 1231-6 et 1344-1 C. civ." in page
    assert "À Madame, Monsieur le Président du tribunal judiciaire de Lyon" in page     # court: of the case
    assert st.principal + st.interest <= 5000 and b.small_claims_pdf is not None
    letter = " ".join(text(b.small_claims_pdf))
    assert "procédure simplifiée de recouvrement des petites créances (art. L125-1" in letter
    assert "délai d’un mois pour l’accepter ou la refuser" in letter
    # one invoice: singular; a consumer owes no indemnity: one total line, no duplicate of it
    assert "la facture suivante, demeurée impayée malgré la mise en demeure du 12 mars 2025" in letter
    assert f"Total, principal et intérêts (plafond de 5 000,00 €, art. R125-1 CPCE) {euros(st.total)}".replace(
        "\u202f", " ").replace("\u00a0", " ") in letter
    assert "Principal et intérêts (plafond" not in letter and letter.count(" Total") == 1
    assert not [i for i in b.issues if i.code == "small-claims-too-late"]


def test_no_small_claims_letter_within_two_months_of_prescription(demo):
    b, st = build(demo, "2025-004-bertin")       # 24 Nov 2026: prescription on 9 Jan 2027, 46 days away
    assert st.prescription == dt.date(2027, 1, 9) and st.principal + st.interest <= 5000
    assert b.small_claims_pdf is None and "petites-creances.pdf" not in b.files()
    [issue] = [i for i in b.issues if i.code == "small-claims-too-late"]
    assert issue.fr == ("Pas de lettre «\u00a0petites créances\u00a0»\u00a0: la créance sera prescrite après le "
                        "9\u00a0janvier\u00a02027. Seule l’acceptation du débiteur suspend la prescription (art. 2238 C. civ.) "
                        "et son silence vaut refus au bout d’un mois\u00a0: déposer la requête et faire signifier "
                        "l’ordonnance.")
    assert [i.code for i in b.issues if i.code == "prescription-near"] == ["prescription-near"]
    # the boundary: two months before prescription exactly still suppresses it, one day earlier does not
    assert bundle.small_claims_too_late(st, dt.date(2026, 11, 9)) == dt.date(2027, 1, 9)
    assert bundle.small_claims_too_late(st, dt.date(2026, 11, 8)) is None


def test_no_small_claims_letter_above_5000(demo):
    b, st = build(demo, "2026-031-fromagerie-vasseur")
    assert st.principal + st.interest > 5000
    assert b.small_claims_pdf is None and "petites-creances.pdf" not in b.files()


def test_refusal_prescribed(demo):
    r, _ = build(demo, "2021-037-cafe-des-canuts")
    assert isinstance(r, bundle.Refusal)
    assert r.message == ("prescribed: the last day to go to court was 2026-05-31; the debt is still owed but can no "
                         "longer be claimed in court")
    assert r.motif == ("Créance prescrite\u00a0: le dernier jour pour saisir le juge était le 31\u00a0mai\u00a02026. La dette "
                       "reste due mais ne peut plus être réclamée en justice.")


def test_refusal_paused_by_a_dispute(demo):
    case, st, ld, docs = compute(demo, "2026-032-hotel-des-terreaux")
    r = bundle.build_bundle(case, demo[1].project, st, ld, AS_OF, demo[0], docs)
    assert isinstance(r, bundle.Refusal)
    reason = next(s.reason for s in ld.steps if s.state == "paused")     # the ladder's French reason, quoted
    assert "contestation du 9\u00a0octobre\u00a02026" in reason
    assert r.message == f"paused by the dispute of 2026-10-09: no request while the ladder is suspended ({reason})"
    assert r.motif == f"Dossier suspendu ({reason})\u00a0: pas de requête tant que la suspension dure."


def test_refusal_not_yet_due(demo):
    r, _ = build(demo, "2026-028-brasserie-du-parc")
    assert isinstance(r, bundle.Refusal)
    assert r.message.startswith("not yet due: no formal notice sent")
    # the formal notice sent, its deadline not yet passed: refused until the court step's date
    case, st, ld, docs = compute(demo, "2026-014-dupont", dt.date(2026, 4, 30))
    r = bundle.build_bundle(case, demo[1].project, st, ld, dt.date(2026, 4, 30), demo[0], docs)
    assert isinstance(r, bundle.Refusal)
    assert r.message == ("not yet due: the court step is due on 2026-05-04, once the formal notice's deadline of "
                         "2026-05-04 has passed")


def test_refusal_public_buyer(demo):
    case, st, ld, docs = compute(demo, "2026-018-saint-genis-laval")
    r = bundle.build_bundle(case, demo[1].project, st, ld, AS_OF, demo[0], docs)
    assert isinstance(r, bundle.Refusal)
    assert r.message.startswith("a public buyer's debt under a public contract goes to the tribunal administratif")
    assert r.motif == ("Débiteur public\u00a0: pas d’injonction de payer (contrat administratif, art. L6 C. commande "
                       "publique). La voie est la demande de provision en référé devant le tribunal administratif "
                       "(art. R541-1 CJA), après la réclamation préalable\u00a0; aucune requête en injonction de payer "
                       "n’est établie.")


def test_exhibit_missing_on_disk_refuses_the_bundle(demo, tmp_path):
    root = tmp_path / "claims"
    shutil.copytree(demo[0], root)
    (root / "cases" / "pieces" / "F2026-031.pdf").unlink()
    r, _ = build(demo, "2026-014-dupont", root=root)
    assert isinstance(r, bundle.Refusal)
    assert r.message == "not ready: invoices: exhibit cases/pieces/F2026-031.pdf (invoice F2026-031) is missing on disk"
    assert r.motif == "Dossier incomplet\u00a0: pièce absente du dépôt."
    assert {i.severity for i in r.issues} == {"warning"}     # a refusal does not fail the build


def test_filed_case_keeps_the_bundle_as_filed_and_lists_the_deadlines(demo):
    case = demo[1].case("2026-014-dupont")
    src = Source(case.path, 40, 5)
    filed = dataclasses.replace(case, events=case.events + (
        Event(date=dt.date(2026, 5, 6), type="filed", source=src, court="Tribunal des activités économiques de Lyon"),
        Event(date=dt.date(2026, 6, 2), type="order", source=src),
        Event(date=dt.date(2026, 7, 1), type="dispute", source=src),   # after filing: the bundle stays as filed
    ), court="Tribunal des activités économiques de Lyon")
    b, st = build(demo, "2026-014-dupont", case=filed)
    assert isinstance(b, bundle.Bundle) and b.filed
    assert b.date == dt.date(2026, 5, 6)
    assert "Fait à Lyon, le 6 mai 2026" in " ".join(text(b.request_pdf))
    assert not [i for i in b.issues if i.code == "court-missing"]
    # order of 2 June 2026 (before 1 Sept 2026): 6 months → 2 December 2026
    assert [(d.kind, d.date) for d in b.deadlines] == [("serve", dt.date(2026, 12, 2))]


def test_agency_files_as_the_creditors_mandatary(demo):
    from dossier.records.model import Agency

    root, repo = demo
    agency = Agency(name="Recouvrement Rhône SAS", source=Source("dossier.yaml", 30, 3),
                    address=("10 rue de la République", "69001 Lyon"), siren="912345675", signatory="Paul Girard")
    project = dataclasses.replace(repo.project, agency=agency)
    case, st, ld, docs = compute(demo, "2026-014-dupont")
    b = bundle.build_bundle(case, project, st, ld, AS_OF, root, docs)
    page = " ".join(text(b.request_pdf))
    assert "Recouvrement Rhône SAS, société de recouvrement amiable de créances" in page
    # no mandate: recorded: the request does not say one is joined, a warning asks for it (tests/court/test_clerk_pieces.py)
    assert "Qualité mandataire du créancier (art. 1407 CPC) 3 Le débiteur" in page
    assert [i.code for i in b.issues if i.code.startswith("mandate")] == ["mandate-missing"]
    assert "Pour Atelier Martin SAS, son mandataire Recouvrement Rhône SAS, Paul Girard" in page


def test_names_are_escaped_in_the_request(demo):
    case, st, ld, docs = compute(demo, "2026-014-dupont")
    evil = dataclasses.replace(case, debtor=dataclasses.replace(case.debtor, name="<b>Evil</b> & Co"))
    b = bundle.build_bundle(evil, demo[1].project, st, ld, AS_OF, demo[0], docs)
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in b.request_html and "<b>Evil</b>" not in b.request_html


def test_image_exhibit_is_wrapped_and_an_unreadable_one_refuses(demo, tmp_path):
    import base64

    root = tmp_path / "claims"
    shutil.copytree(demo[0], root)
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
    (root / "cases" / "pieces" / "devis-scan.png").write_bytes(png)
    case = demo[1].case("2026-014-dupont")
    scanned = dataclasses.replace(case, contract=dataclasses.replace(case.contract, pieces=("cases/pieces/devis-scan.png",)))
    b, _ = build(demo, "2026-014-dupont", case=scanned, root=root)
    assert isinstance(b, bundle.Bundle)
    assert (b.exhibits[0].origin, b.exhibits[0].pages) == ("cases/pieces/devis-scan.png", 1)
    assert "Pièce n° 1" in text(b.exhibits[0].pdf)[0]
    (root / "cases" / "pieces" / "F2026-031.pdf").write_bytes(b"not a pdf")
    r, _ = build(demo, "2026-014-dupont", root=root)
    assert isinstance(r, bundle.Refusal)
    assert r.message.startswith("not ready: cases/pieces/F2026-031.pdf: not a readable PDF")


def unarchived(case):
    """The case as if its steps had been recorded sent before the archive existed (no `files:`)."""
    return dataclasses.replace(case, events=tuple(dataclasses.replace(e, files=()) for e in case.events))


def test_already_rendered_document_pdfs_are_reused(demo, dupont):
    case, st, ld, docs = compute(demo, "2026-014-dupont", case=unarchived(demo[1].case("2026-014-dupont")))
    ready = {"05-mise-en-demeure": dupont[0].exhibits[0].pdf}     # any PDF will do: it must be the one used
    b = bundle.build_bundle(case, demo[1].project, st, ld, AS_OF, demo[0], docs, ready)
    assert "Devis signé" not in b.exhibits[3].title
    assert b.exhibits[3].origin == "document:05-mise-en-demeure"
    assert text(b.exhibits[3].pdf)[0] == text(pdfmerge.stamp(ready["05-mise-en-demeure"], "Pièce n°\u00a04"))[0]


def test_summary_of_a_bundle_and_of_a_refusal(demo, dupont):
    s = bundle_files.summary(dupont[0])
    assert (s["ready"], s["court_kind"], s["total"], len(s["exhibits"]), s["small_claims"]) == (
        True, "tribunal_des_activites_economiques", f"{dupont[1].total:.2f}", 5, True)
    assert s["exhibits"][1]["file"] == "pieces/02-facture-f2026-031.pdf"
    r, _ = build(demo, "2021-037-cafe-des-canuts")
    assert bundle_files.summary(r) == {"case": "2021-037-cafe-des-canuts", "ready": False, "message": r.message,
                                 "motif": r.motif}


def test_an_invoice_not_yet_due_is_left_out_of_the_request(demo, dupont):
    from decimal import Decimal

    from dossier.records.model import Invoice

    case = demo[1].case("2026-014-dupont")
    later = Invoice("F2026-301", dt.date(2026, 11, 2), dt.date(2026, 12, 2), Decimal("600.00"), Source(case.path, 30, 5))
    two = dataclasses.replace(case, invoices=case.invoices + (later,))
    b, st = build(demo, "2026-014-dupont", case=two)
    assert isinstance(b, bundle.Bundle)
    assert st.principal == dupont[1].principal + Decimal("600.00")     # the ledger counts it …
    assert b.total == dupont[0].total                                 # … the request does not
    assert [e.title for e in b.exhibits] == [e.title for e in dupont[0].exhibits]
    page = " ".join(text(b.request_pdf))
    assert "F2026-301" not in page
    assert [i.message for i in b.issues if i.code == "not-due"] == [
        "invoices: invoice F2026-301 falls due on 2026-12-02: not yet due, it is left out of the request"]


def test_every_demo_case_gets_a_sound_bundle_or_a_reason(demo, tmp_path):
    """The issue's "done when": each demo case whose court step is due has a merged PDF that opens, with right
    bookmarks and stamps and the sum of its parts' pages; every other case is refused with a message.
    Issue 15: page labels by exhibit, and every font embedded in each PDF that claims PDF/A (pdffonts agrees)."""
    from test_pdfa import pdffonts

    built = claimed = stamped_letters = 0
    for case in demo[1].cases:
        result, _ = build(demo, case.id)
        if isinstance(result, bundle.Refusal):
            assert result.message and result.motif, case.id
            continue
        built += 1
        parts = [result.request_pdf, result.bordereau_pdf] + [e.pdf for e in result.exhibits]
        counts = [pdfmerge.page_count(p) for p in parts]
        reader = pypdf.PdfReader(io.BytesIO(result.merged_pdf))
        assert len(reader.pages) == sum(counts), case.id
        marks = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
        assert [m[1] for m in marks] == [sum(counts[:i]) for i in range(len(counts))], case.id
        assert [m[0] for m in marks[2:]] == [f"Pièce n°\u00a0{e.number}\u00a0: {e.title}" for e in result.exhibits]
        pages = text(result.merged_pdf)
        labels = pdfmerge.page_labels(result.merged_pdf)
        for ex, start in zip(result.exhibits, [sum(counts[:i]) for i in range(2, len(counts))]):
            assert all(f"Pièce n° {ex.number}" in pages[start + k] for k in range(ex.pages)), (case.id, ex.number)
            assert labels[start:start + ex.pages] == ([f"Pièce {ex.number}"] if ex.pages == 1 else
                                                      [f"Pièce {ex.number} — p.\u00a0{k}" for k in range(1, ex.pages + 1)])
        assert labels[0].startswith("Requête en injonction de payer"), case.id
        # every PDF that claims PDF/A embeds every font (issue 15): the stamped letters as sent claim PDF/A-3b
        files = {**result.files(), **({"petites-creances.pdf": result.small_claims_pdf} if result.small_claims_pdf else {})}
        for name, data in files.items():
            if name.endswith(".pdf") and pdfmerge.pdfa_claim(data):
                claimed += pdfmerge.pdfa_claim(data) == "3B"
                assert pdfmerge.false_pdfa_claim(data) == [], (case.id, name)
                assert all(emb for _, _, emb in pdffonts(data, tmp_path)), (case.id, name)   # poppler agrees
        stamped_letters += sum(pdfmerge.pdfa_claim(e.pdf) == "3B" for e in result.exhibits if e.kind in ("reminder", "formal_notice"))
        # the demo's pieces are not PDF/A: the merged bundle says nothing rather than a false claim
        assert pdfmerge.pdfa_claim(result.merged_pdf) == "", case.id
    assert built >= 3     # the demo has cases whose court step is due (dupont, bertin, garnier, …)
    assert stamped_letters >= 10 and claimed > stamped_letters, (stamped_letters, claimed)


# --- the fix round after the legal review (M1, M5, M7, M8, S9, S13) -----------------------------------------

DRAFT = "PROJET — taux à confirmer avant dépôt"


def test_a_provisional_rate_makes_the_court_papers_drafts_on_every_page(dupont):
    b, st = dupont
    assert any(line.provisional for line in st.lines)        # the 2026-S2 ECB rate is not confirmed
    request, bordereau, small = text(b.request_pdf), text(b.bordereau_pdf), text(b.small_claims_pdf)
    for pages in (request, bordereau, small):
        assert all(DRAFT in p for p in pages), pages
    merged = text(b.merged_pdf)
    first_exhibit = len(request) + len(bordereau)
    assert all(DRAFT in p for p in merged[:first_exhibit])          # the request's and the list's pages …
    assert not any(DRAFT in p for p in merged[first_exhibit:])      # … not the exhibits
    assert all("Taux provisoire" not in p and "* Taux" not in p for p in request)   # no footnote for the judge
    [issue] = [i for i in b.issues if i.code == "draft-provisional-rate"]
    assert "2,40\u00a0% à compter du 1er\u00a0juillet\u00a02026" in issue.fr and "rates:" in issue.fr


def test_a_confirmed_rate_removes_the_draft_mark(demo):
    from decimal import Decimal

    from dossier.records.model import RateOverride

    root, repo = demo
    row = RateOverride("ecb_mro", dt.date(2026, 7, 1), Decimal("2.40"), "BCE, décision du 11 juin 2026",
                       Source("dossier.yaml", 40, 5))
    project = dataclasses.replace(repo.project, rates=(row,))
    case = repo.case("2026-014-dupont")
    tables, _ = rates.load_tables(project)
    st = ledger.statement(case, project, AS_OF, tables)
    ld = scenario.ladder(case, project, AS_OF, st)
    docs = documents.documents_for(case, project, st, ld, AS_OF, root)
    b = bundle.build_bundle(case, project, st, ld, AS_OF, root, docs)
    assert not st.provisional
    assert not any(DRAFT in p for p in text(b.request_pdf) + text(b.bordereau_pdf) + text(b.small_claims_pdf))
    assert not [i for i in b.issues if i.code == "draft-provisional-rate"]


def test_garnier_filed_request_tells_the_partial_payment_after_the_notice(demo):
    b, st = build(demo, "2026-027-garnier")
    assert isinstance(b, bundle.Bundle) and b.filed and b.date == dt.date(2026, 10, 14)
    page = " ".join(text(b.request_pdf))
    assert ("Cette facture est demeurée partiellement impayée malgré les relances du créancier et la mise en demeure "
            "adressée par lettre recommandée avec demande d’avis de réception du 22 septembre 2026 (n° 1A 215 678 4432 9), "
            "reçue le 24 septembre 2026, qui n’a été suivie que d’un règlement partiel de 2 000,00 € le 5 octobre 2026."
            ) in page
    assert "restée sans effet" not in page and "Ces factures" not in page
    assert "facture n° F2026-203 du 23 juillet 2026 (fourniture et pose d’une cuisine, devis signé du 8 avril 2026)" in page
    # what was filed is not a draft any more
    assert DRAFT not in page and not [i for i in b.issues if i.code == "draft-provisional-rate"]


def test_the_subtotal_of_the_interest_is_printed_once(demo):
    b, _ = build(demo, "2025-004-bertin")            # its interest table runs over two pages
    pages = text(b.request_pdf)
    assert len(pages) == 2
    assert " ".join(pages).count("Intérêts échus") == 1


def test_cave_roux_request_rests_on_the_signed_plan(demo):
    # eight days from the receipt (9 November) to pay the instalments, then fifteen to pay the balance: 2 December
    assert isinstance(build(demo, "2026-022-cave-roux", dt.date(2026, 12, 1))[0], readiness.Refusal)
    b, st = build(demo, "2026-022-cave-roux", dt.date(2026, 12, 2))
    assert isinstance(b, bundle.Bundle)
    page = " ".join(text(b.request_pdf))
    assert ("La créance a été reconnue par le débiteur aux termes de l’échéancier et reconnaissance de dette signés le "
            "22 juillet 2026 (art. 2240 C. civ.), dont les échéances des 12 octobre et 10 novembre 2026 n’ont pas été "
            "réglées ; la déchéance du terme est acquise en application de cet accord, la mise en demeure du 5 novembre "
            "2026 n’ayant pas été suivie d’effet dans les huit jours.") in page
    # attached in the demo, they are exhibits: the terms of sale first, the receipt after the notice, the signed plan last
    assert [(e.title, e.origin) for e in b.exhibits if e.kind in ("contract", "receipt", "other")] == [
        ("Conditions générales de vente du 14\u00a0avril\u00a02026", "cases/pieces/cgv-2026.pdf"),
        ("Avis de réception de la mise en demeure du 5\u00a0novembre\u00a02026, signé le 9\u00a0novembre\u00a02026",
         "cases/pieces/ar-2026-022-cave-roux.pdf"),
        ("Échéancier signé du 22\u00a0juillet\u00a02026", "cases/pieces/echeancier-2026-022-cave-roux.pdf")]
    assert [e.kind for e in b.exhibits] == ["contract", "invoice", "reminder", "reminder", "reminder", "formal_notice",
                                            "receipt", "other"]
    missing = ("acknowledgment-piece-missing", "contract-piece-missing", "no-receipt-piece")
    assert not [i for i in b.issues if i.code in missing]
    # not attached, each missing piece is named: the signed plan, the terms of sale, the acknowledgment of receipt
    case = demo[1].case("2026-022-cave-roux")
    detached = dataclasses.replace(case, events=tuple(dataclasses.replace(e, piece=None) for e in case.events),
                                   contract=dataclasses.replace(case.contract, pieces=()))
    b2, _ = build(demo, "2026-022-cave-roux", dt.date(2026, 12, 2), case=detached)
    assert sorted(i.code for i in b2.issues if i.code in missing) == list(missing)
    assert [e.kind for e in b2.exhibits] == ["invoice", "reminder", "reminder", "reminder", "formal_notice"]


def test_plan_breach_before_the_eight_days_is_not_a_forfeited_term(demo):
    case, st, ld, docs = compute(demo, "2026-022-cave-roux")
    breach = request_text.plan_breach(case, ld, dt.date(2026, 11, 15))     # notice received 9 Nov: 8 days end on 17 Nov
    assert breach.unpaid == (dt.date(2026, 10, 12), dt.date(2026, 11, 10)) and not breach.forfeited
    assert request_text.plan_sentence(breach) == (
        "La créance a été reconnue par le débiteur aux termes de l’échéancier et reconnaissance de dette signés le "
        "22\u00a0juillet\u00a02026 (art. 2240 C. civ.), dont les échéances des 12\u00a0octobre et 10\u00a0novembre\u00a02026 "
        "n’ont pas été réglées.")
    issue = request_text._plan_issue(case, breach)
    assert issue.code == "plan-not-forfeited" and issue.fr.startswith(
        "Échéancier du 22\u00a0juillet\u00a02026 rompu le 12\u00a0octobre\u00a02026")
    only_first = request_text.plan_breach(case, ld, dt.date(2026, 10, 20))
    assert only_first.unpaid == (dt.date(2026, 10, 12),)
    assert "dont l’échéance du 12\u00a0octobre\u00a02026 n’a pas été réglée." in request_text.plan_sentence(only_first)
    assert request_text.plan_breach(case, ld, dt.date(2026, 9, 30)) is None      # two instalments due, both paid


def test_vasseur_exhibits_carry_their_number_and_the_indemnity_is_articled(demo):
    b, _ = build(demo, "2026-031-fromagerie-vasseur")
    assert [e.title for e in b.exhibits[:2]] == ["Devis n°\u00a02026-058",
                                                 "Bon de commande n°\u00a02026-112 du 6\u00a0mai\u00a02026"]
    page = " ".join(text(b.request_pdf))
    assert "majoré de 10 points, et l’indemnité forfaitaire pour frais de recouvrement de 40 € par facture" in page
    assert exhibits._piece_number("cases/pieces/bc-2026-0187-saint-genis-laval.pdf") == "2026-0187"
    assert exhibits._piece_number("cases/pieces/bc-brasserie-du-parc-2026-07.pdf") is None
    assert exhibits._piece_number("cases/pieces/devis.pdf") is None


def test_small_claims_letter_names_a_company_once(dupont):
    letter = " ".join(text(dupont[0].small_claims_pdf))
    assert "Dupont Rénovation SARL, SIREN 812 345 676" in letter and "SARL, SARL" not in letter
    assert "Atelier Martin SAS, dont le siège est" in letter and "SAS, SAS" not in letter
    assert "la facture suivante, demeurée partiellement impayée" in letter
    assert request_text.with_form("Dupont Rénovation", "SARL") == "Dupont Rénovation, SARL"
    assert request_text.with_form("Dupont Rénovation SARL", "SARL") == "Dupont Rénovation SARL"
    assert request_text.with_form("SARL Dupont", "SARL") == "SARL Dupont"


def test_agreement_and_what_followed_the_notice():
    from decimal import Decimal
    from types import SimpleNamespace

    pay = lambda day, amount: SimpleNamespace(date=day, amount=Decimal(amount), reference=None)
    one, two = [object()], [object(), object()]
    nothing = SimpleNamespace(payments=())
    assert request_text.unpaid_phrase(one, nothing, AS_OF) == ("Cette facture est demeurée impayée",
                                                         "la facture suivante, demeurée impayée")
    assert request_text.unpaid_phrase(two, nothing, AS_OF) == ("Ces factures sont demeurées impayées",
                                                         "les factures suivantes, demeurées impayées")
    notice = Event(date=dt.date(2026, 9, 22), type="sent", source=Source("c.yaml", 1, 1))
    paid = SimpleNamespace(payments=(pay(dt.date(2026, 9, 1), "100.00"), pay(dt.date(2026, 10, 5), "2000.00"),
                                     pay(dt.date(2026, 10, 20), "500.00"), pay(dt.date(2026, 12, 1), "50.00")))
    assert request_text.after_notice(paid, notice, AS_OF) == (
        "qui n’a été suivie que de règlements partiels de 2\u202f000,00\u00a0€ le 5\u00a0octobre\u00a02026 et de "
        "500,00\u00a0€ le 20\u00a0octobre\u00a02026")
    assert request_text.after_notice(nothing, notice, AS_OF) == "restée sans effet"


def test_typography_of_typed_data_in_the_court_papers(demo):
    b, _ = build(demo, "2026-031-fromagerie-vasseur")            # court: Tribunal de commerce d'Annecy
    assert "Président du tribunal de commerce d’Annecy" in " ".join(text(b.request_pdf))
    assert "au capital de 20\u202f000\u00a0€" in b.request_html        # dossier.yaml writes "20 000 €"
    assert request_text.typography('<style>a{content:"x\'s"}</style><body><p title="l\'a">9 rue d\'Alg &#39;x 1 234 567 €</p>') == (
        '<style>a{content:"x\'s"}</style><body><p title="l\'a">9 rue d’Alg ’x 1\u202f234\u202f567\u00a0€</p>')


def test_the_court_step_that_applies_is_the_one_read(demo):
    from types import SimpleNamespace

    step = lambda id_, state: SimpleNamespace(step=SimpleNamespace(id=id_, channel="court"), state=state)
    ladder = SimpleNamespace(steps=(step("injonction_de_payer", "skipped"), step("refere_provision", "due")))
    assert readiness._court_step(ladder).step.id == "refere_provision"
    # a public debtor whose référé step is due still gets no injonction bundle: the refusal names the route
    case, st, ld, docs = compute(demo, "2026-018-saint-genis-laval")
    public_standard = dataclasses.replace(case, scenario="standard")
    ld2 = scenario.ladder(public_standard, demo[1].project, AS_OF, st)
    assert [s.step.id for s in ld2.steps if s.step.channel == "court" and s.state != "skipped"] == ["refere_provision"]
    r = bundle.build_bundle(public_standard, demo[1].project, st, ld2, AS_OF, demo[0], docs)
    assert isinstance(r, bundle.Refusal) and "demande de provision en référé" in r.motif

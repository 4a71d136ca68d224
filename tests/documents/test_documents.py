"""documents.py: every document of a case, pinned by golden HTML files, and written to site/cases/<id>/.

Regenerate the golden files after a deliberate change of wording:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/documents/test_documents.py
then read the diff as the debtor would.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from dossier.documents import context, document, phrases, writing
from dossier.law import money
from documents_helpers import AS_OF, FIXTURES, compute, copy_fixture, docs_of

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "documents"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
NB = "\u00a0"


@pytest.mark.parametrize("fixture", ["repo", "agency"])
def test_golden_html_of_every_document(fixture):
    _, results = compute(FIXTURES / fixture)
    produced = {}
    for r, docs in results:
        for d in docs:
            # A document to be sent that uses a provisional rate warns the staff (pinned below); nothing else.
            # A declaration of claim on a provisional rate near its forclusion limit also says the way out (review N3).
            assert [i for i in d.issues if i.code not in ("provisional-rate-document", "declaration-rate-urgent")] == [], \
                [str(i) for i in d.issues]
            produced[f"{fixture}/{d.case_id}/{d.name}.html"] = d.html
    folder = GOLDEN / fixture
    if UPDATE:
        for rel, html in produced.items():
            path = GOLDEN / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
    pinned = {p.relative_to(GOLDEN).as_posix() for p in folder.rglob("*.html")}
    assert sorted(produced) == sorted(pinned), "documents appeared or disappeared: UPDATE_GOLDEN=1 to accept"
    for rel, html in produced.items():
        assert html == (GOLDEN / rel).read_text(encoding="utf-8"), f"{rel} changed: UPDATE_GOLDEN=1 to accept"


def test_which_documents_and_their_dates():
    _, results = compute(FIXTURES / "repo")
    got = {r.case.id: [(d.name, d.kind, d.state, d.date.isoformat()) for d in docs] for r, docs in results}
    assert got["2026-014-dupont"] == [
        ("01-relance-informelle", "email", "sent", "2026-03-09"),
        ("05-mise-en-demeure", "letter", "sent", "2026-04-17"),
    ]
    assert got["2026-043-klein"] == [
        ("01-relance-informelle", "email", "sent", "2026-06-16"),
        ("echeancier", "plan", "sent", "2026-07-10"),
        ("suivi-echeancier", "followup", "due", "2026-11-24"),
    ]
    assert got["2026-044-perrin"] == [
        ("01-relance-informelle", "email", "sent", "2026-07-17"),
        ("declaration-creance", "declaration", "due", "2026-11-24"),
    ]
    assert got["2026-045-fleur"] == [
        ("01-relance-amiable", "email", "sent", "2026-11-09"),
        ("02-sms", "sms", "due", "2026-11-24"),
        # the amicable email of 9 November printed « au plus tard le 17 novembre »: the SMS comes on 18 November
        # at the earliest, the formal notice 7 days after it (docs/ladder.md, the printed deadline)
        ("03-mise-en-demeure", "letter", "upcoming", "2026-11-25"),
    ]


def test_upcoming_steps_are_dated_by_their_due_date_when_later():
    # On 2026-09-10 the firm reminder of Bâti Ouest is not yet due (due date + 30 days = 2 October, a Friday).
    _, _, docs = docs_of(FIXTURES / "repo", "2026-042-bati-ouest", dt.date(2026, 9, 10))
    assert docs["04-relance-ferme"].state == "upcoming"
    assert docs["04-relance-ferme"].date == dt.date(2026, 10, 2)


def test_formal_notice_of_the_format_example_as_it_was_sent():
    _, _, docs = docs_of(FIXTURES / "repo", "2026-014-dupont")
    d = docs["05-mise-en-demeure"]
    # 17 April 2026: 4 800,00 − 972,84 = 3 827,16 € principal; 28 days at 12,15 % = 35,67 €; 40 € indemnity.
    assert (d.facts.principal, d.facts.interest, d.facts.indemnity, d.facts.total) == (
        Decimal("3827.16"), Decimal("35.67"), Decimal("40.00"), Decimal("3902.83"))
    # From the letter's date: 17 April + 15 days = Saturday 2 May, moved to Monday 4 May (CPC 642),
    # the day docs/format.md's ladder dates the court request (receipt 19 April + 15 days): never before it.
    assert d.facts.deadline == dt.date(2026, 5, 4)
    text = d.text
    assert f"Lyon, le 17{NB}avril{NB}2026" in text
    assert f"Lettre recommandée avec demande d’avis de réception n°{NB}1A 234 567 8901 2" in text
    assert f"Nos précédents courriers{NB}: courriel du 9{NB}mars{NB}2026" in text
    assert (f"nous vous mettons en demeure de régler, dans un délai de quinze{NB}jours à compter de la date de la présente, "
            f"soit au plus tard le 4{NB}mai{NB}2026, la somme de 3\u202f902,83{NB}€") in text
    # The payment of 20 March came after the email of 9 March: the notice acknowledges it (review S3).
    assert f"Nous avons bien reçu votre règlement de 1\u202f000,00{NB}€ du 20{NB}mars{NB}2026{NB}; il ne couvre pas la totalité des sommes dues." in text
    assert f"pénalités de retard{NB}: 35,67{NB}€" in text
    assert "articles L441-10 et D441-5 du Code de commerce" in text
    assert "nous saisirons la juridiction compétente d’une requête en injonction de payer" in text
    assert "MISE EN DEMEURE" in text


def test_consumer_formal_notice_has_no_indemnity_and_cites_the_civil_code():
    _, _, docs = docs_of(FIXTURES / "repo", "2026-040-leroy")
    d = docs["05-mise-en-demeure"]
    assert d.facts.indemnity == Decimal("0.00") and d.facts.total == Decimal("2150.00")
    assert "articles 1231-6 et 1344-1 du Code civil" in d.text
    assert "40,00" not in d.text and f"40{NB}€" not in d.text
    assert "indemnité" not in d.text.lower() and "L441-10" not in d.text
    assert f"au plus tard le 18{NB}août{NB}2026" in d.text  # 3 August + 15 days, a Tuesday
    # Review M6: the letter cannot know its receipt date, so it prints no start date for the interest;
    # review S5: no zero interest row and no "aucun intérêt" note for a consumer.
    assert ("Conformément aux articles 1231-6 et 1344-1 du Code civil, la présente mise en demeure fait courir, "
            "à compter de sa réception, les intérêts au taux légal sur les sommes dues.") in d.text
    assert "à compter du 4" not in d.text and "Intérêts de retard restant dus" not in d.text
    assert "Aucun intérêt" not in docs["04-relance-ferme"].text
    assert "Intérêts de retard restant dus" not in docs["04-relance-ferme"].text
    assert "(facture non reçue, désaccord sur les travaux, difficulté de paiement)" in docs["02-relance-amiable"].text


def test_public_buyer_letters_cite_the_public_procurement_code():
    _, _, docs = docs_of(FIXTURES / "repo", "2026-041-saint-priest")
    d = docs["04-relance-ferme"]
    assert "\nMonsieur le Maire,\n" in d.text and "vous prions d’agréer, Monsieur le Maire, l’expression" in d.text
    assert "articles L2192-13 et R2192-31 et suivants du Code de la commande publique" in d.text
    assert "échéancier" not in d.text  # S4: no payment plan offered to a commune
    med = docs["06-mise-en-demeure"]   # the `public` ladder (routing): a call comes second, a call to the accountant fifth
    # Review M10: the formal demand goes to the maire; the contact "M. le Maire" needs no copy.
    assert med.text.count("Monsieur le Maire de Saint-Priest\nPlace Charles-Ottina\n69800 Saint-Priest") == 1
    assert "\nMonsieur le Maire,\n" in med.text and "Monsieur le Maire, l’expression de notre haute considération." in med.text
    assert "Copie" not in med.text
    # Review M2: the référé-provision before the tribunal administratif, not an injonction de payer.
    assert ("À défaut de règlement dans ce délai, nous saisirons le tribunal administratif de Lyon d’une demande de provision "
            "en référé (article R541-1 du Code de justice administrative).") in med.text
    assert ("La présente réclamation vaut demande de paiement au sens de l’article 2 de la loi n°\u00a068-1250 du 31\u00a0décembre\u00a01968\u00a0; "
            "elle constitue en outre la réclamation préalable au sens de l’article R421-1 du Code de justice administrative.") in med.text
    assert "injonction de payer" not in med.text and "1344" not in med.text


def test_firm_reminder_offers_a_plan_when_the_debtor_is_in_difficulty():
    _, _, docs = docs_of(FIXTURES / "repo", "2026-042-bati-ouest")
    text = docs["04-relance-ferme"].text
    assert "nous sommes disposés à examiner avec vous un échéancier de paiement" in text
    assert "nos deux factures détaillées ci-après restent impayées" in text
    assert "Pendant" not in text
    # Review S2: F2026-171 fell due (19 Sept) after the last reminder (17 Sept): the notice says so.
    med = docs["05-mise-en-demeure"].text
    assert (f"Malgré nos deux relances, dont la dernière du 17{NB}septembre{NB}2026, concernant la facture n°{NB}F2026-150, "
            f"celle-ci demeure impayée, de même que la facture n°{NB}F2026-171, échue le 19{NB}septembre{NB}2026.") in med
    assert f"Objet{NB}: Mise en demeure de payer — factures nos{NB}F2026-150 et F2026-171" in med  # S14
    assert f"facture n°{NB}F2026-150 du 3{NB}août{NB}2026, d’un montant de 1\u202f800,00{NB}€" in text


def test_agency_letters_carry_r124_4_and_l111_8():
    _, _, docs = docs_of(FIXTURES / "agency", "2026-050-roche")
    for name in ("01-relance-informelle", "02-relance-amiable", "04-relance-ferme", "05-mise-en-demeure"):
        text = docs[name].text
        assert "qui exerce une activité de recouvrement amiable de créances pour le compte d’autrui" in text
        assert "au nom et pour le compte d’Atelier Martin SAS, 4 quai des Célestins, 69002 Lyon" in text
        assert "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier" in text
        assert "de laisser tout ou partie des frais ainsi exposés à la charge du débiteur de mauvaise foi." in text
    assert docs["05-mise-en-demeure"].text.count("Nos précédents courriers") == 1
    assert f"lettre recommandée du 15{NB}octobre{NB}2026" not in docs["05-mise-en-demeure"].text
    assert f"courrier du 15{NB}octobre{NB}2026" in docs["05-mise-en-demeure"].text


def test_sms_is_plain_text_within_one_message():
    _, _, docs = docs_of(FIXTURES / "repo", "2026-045-fleur")
    sms = docs["02-sms"].text
    assert sms == ("Atelier Martin SAS : sauf erreur, la facture F2026-280 (480,00 €) reste impayée. "
                   "Merci de régler au plus tard le 02/12/2026. Tél. : 04 99 00 10 00\n")
    assert document.sms_length(sms.strip()) == (147, 160)  # 146 characters, the euro sign counts twice in GSM-7


def test_a_long_sms_is_flagged(tmp_path):
    root = copy_fixture("repo", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "sms.txt").write_text("{{ sender.name }} " + "relance " * 20, encoding="utf-8")
    _, _, docs = docs_of(root, "2026-045-fleur")
    assert [str(i) for i in docs["02-sms"].issues] == [
        "cases/2026-045-fleur.yaml: warning: case 2026-045-fleur, document 02-sms: SMS of 178 characters exceeds 160"]
    assert document.sms_length("Relance : prêt") == (14, 70)  # ê is outside the GSM alphabet


def test_a_missing_template_is_an_issue_not_a_traceback(tmp_path):
    root = copy_fixture("repo", tmp_path)
    (root / "dossier.yaml").write_text((root / "dossier.yaml").read_text(encoding="utf-8") + """scenarios:
  maison:
    steps:
      - {id: relance_maison, after_due: 5, channel: letter, template: relance-maison}
""", encoding="utf-8")
    case = root / "cases" / "2026-045-fleur.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("scenario: petit_montant", "scenario: maison").replace(
        "  - {date: 2026-11-09, type: sent, step: relance_amiable}\n", ""), encoding="utf-8")
    _, _, docs = docs_of(root, "2026-045-fleur")
    assert [i.message for i in docs["01-relance-maison"].issues if i.code != "provisional-rate-document"] == [
        "template 'relance-maison.md' not found (looked in templates/ and the built-in templates)"]


def test_a_template_error_names_the_template(tmp_path):
    root = copy_fixture("repo", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "relance-informelle.md").write_text("Bonjour {{ debteur.nom }}", encoding="utf-8")
    _, _, docs = docs_of(root, "2026-014-dupont")
    assert [i.message for i in docs["01-relance-informelle"].issues] == [
        "template error: 'debteur' is undefined"]


def test_write_documents_writes_html_txt_pdf_eml_and_pdf_text_has_the_figures(tmp_path):
    root = FIXTURES / "repo"
    project, results = compute(root)
    docs = [d for r, ds in results if r.case.id in ("2026-014-dupont", "2026-045-fleur") for d in ds]
    written, issues = writing.write_documents(docs, tmp_path / "site", root, processes=1)
    assert issues == []
    names = sorted(p.relative_to(tmp_path / "site").as_posix() for p in written)
    assert names == [
        "cases/2026-014-dupont/01-relance-informelle.eml",
        "cases/2026-014-dupont/01-relance-informelle.html",
        "cases/2026-014-dupont/01-relance-informelle.pdf",
        "cases/2026-014-dupont/01-relance-informelle.txt",
        "cases/2026-014-dupont/05-mise-en-demeure.html",
        "cases/2026-014-dupont/05-mise-en-demeure.pdf",
        "cases/2026-014-dupont/05-mise-en-demeure.txt",
        "cases/2026-045-fleur/01-relance-amiable.eml",
        "cases/2026-045-fleur/01-relance-amiable.html",
        "cases/2026-045-fleur/01-relance-amiable.pdf",
        "cases/2026-045-fleur/01-relance-amiable.txt",
        "cases/2026-045-fleur/02-sms.html",
        "cases/2026-045-fleur/02-sms.txt",
        "cases/2026-045-fleur/03-mise-en-demeure.html",
        "cases/2026-045-fleur/03-mise-en-demeure.pdf",
        "cases/2026-045-fleur/03-mise-en-demeure.txt",
    ]
    assert not list((tmp_path / "site").rglob(".*tmp*"))
    reader = pypdf.PdfReader(tmp_path / "site" / "cases" / "2026-014-dupont" / "05-mise-en-demeure.pdf")
    text = " ".join(p.extract_text() for p in reader.pages).replace("\u202f", " ").replace(NB, " ")
    for figure in ("3 902,83 €", "3 827,16 €", "35,67 €", "40,00 €", "4 mai 2026", "12,15 %", "MISE EN DEMEURE", "Page 1/2"):
        assert figure in text, figure


def test_two_writes_give_identical_bytes(tmp_path):
    root = FIXTURES / "repo"
    _, results = compute(root)
    docs = [d for r, ds in results if r.case.id == "2026-014-dupont" for d in ds]
    writing.write_documents(docs, tmp_path / "a", root, processes=1)
    writing.write_documents(docs, tmp_path / "b", root, processes=2)
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b and len(a) == 7


def test_a_letter_with_a_forbidden_url_is_written_with_a_warning(tmp_path):
    root = copy_fixture("repo", tmp_path)
    (root / "templates").mkdir()
    body = (FIXTURES.parent.parent.parent / "templates" / "relance-informelle.md").read_text(encoding="utf-8")
    (root / "templates" / "relance-informelle.md").write_text(body + '\n<img src="file:///etc/passwd">\n<img src="http://tracker.example/p.gif">\n', encoding="utf-8")
    _, _, docs = docs_of(root, "2026-014-dupont")
    written, issues = writing.write_documents([docs["01-relance-informelle"]], tmp_path / "site", root, processes=1)
    assert [str(i) for i in issues] == [
        "cases/2026-014-dupont.yaml:19:5: warning: case 2026-014-dupont, document 01-relance-informelle: resource 'file:///etc/passwd' not loaded: outside the claims repository",
        "cases/2026-014-dupont.yaml:19:5: warning: case 2026-014-dupont, document 01-relance-informelle: resource 'http://tracker.example/p.gif' not loaded: http URLs are not fetched (no network)",
    ]
    assert (tmp_path / "site" / "cases" / "2026-014-dupont" / "01-relance-informelle.pdf").read_bytes().startswith(b"%PDF-")


def test_place_and_salutation_helpers():
    assert phrases.place_of(["4 quai des Célestins", "69002 Lyon Cedex 02"]) == "Lyon"
    assert phrases.salutation_of("M. le Maire") == "Monsieur le Maire"
    assert phrases.salutation_of("Mme Claire Dupont") == "Madame"
    assert phrases.salutation_of("Service comptable") == "Madame, Monsieur"


DEMO_CASES = ("2025-004-bertin", "2026-014-dupont", "2026-020-boulangerie-klein", "2026-023-agencements-perrin",
              "2026-038-vallons-du-lyonnais")


def test_demo_portfolio_documents_render_lint_clean_and_are_pinned():
    from dossier.documents import lint

    root = Path(__file__).resolve().parents[2]
    project, results = compute(root)
    produced = {}
    for r, docs in results:
        for d in docs:
            assert [i for i in d.issues if i.code not in ("provisional-rate-document", "declaration-rate-urgent")] == [], \
                [str(i) for i in d.issues]
            if r.case.id in DEMO_CASES:
                produced[f"demo/{d.case_id}/{d.name}.html"] = d.html
        assert lint.lint_documents(docs, r.case, project, r.statement, r.ladder) == [], r.case.id
    if UPDATE:
        for rel, html in produced.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(html, encoding="utf-8")
    pinned = {p.relative_to(GOLDEN).as_posix() for p in (GOLDEN / "demo").rglob("*.html")}
    assert sorted(produced) == sorted(pinned), "documents appeared or disappeared: UPDATE_GOLDEN=1 to accept"
    for rel, html in produced.items():
        assert html == (GOLDEN / rel).read_text(encoding="utf-8"), f"{rel} changed: UPDATE_GOLDEN=1 to accept"


def test_every_pdf_states_the_figures_of_its_html(tmp_path):
    root = FIXTURES / "repo"
    _, results = compute(root)
    docs = [d for _, ds in results for d in ds]
    writing.write_documents(docs, tmp_path / "site", root, processes=2)
    checked = 0
    for d in docs:
        if d.kind == "sms":
            continue
        reader = pypdf.PdfReader(tmp_path / "site" / "cases" / d.case_id / f"{d.name}.pdf")
        text = " ".join(p.extract_text() for p in reader.pages).replace("\u202f", " ").replace(NB, " ")
        plain = lambda s: s.replace("\u202f", " ").replace(NB, " ")
        assert plain(money.euros(d.facts.principal)) in text, d.name
        # An email, and an amicable reminder even by letter (templates/relance-amiable.md), ask for the principal only.
        assert plain(money.euros(d.facts.total)) in text or d.kind == "email" or d.step_id == "relance_amiable", d.name
        assert plain(money.date_long(d.date)) in text, d.name
        assert plain(money.euros(d.facts.principal)) in plain(d.text) and plain(money.date_long(d.date)) in plain(d.text)
        checked += 1
    assert checked == 23   # Saint-Priest: the call sheet of its second call on the `public` ladder (routing) and the
                           # confirmation of its phone promise; Klein: the follow-up table of its plan (issue 14)


def test_a_letter_never_claims_an_invoice_not_yet_due():
    _, _, docs = docs_of(FIXTURES / "repo", "2026-042-bati-ouest")
    early = docs["01-relance-informelle"]  # 8 September: F2026-171 falls due on 19 September
    assert early.facts.principal == Decimal("1800.00")
    assert "F2026-171" not in early.text and early.attachments == ("cases/pieces/F2026-150.pdf",)
    late = docs["04-relance-ferme"]  # 24 November: both are late
    assert late.facts.principal == Decimal("4440.00") and "F2026-171" in late.text


# --------------------------------------------------------------------------- the legal review's fixes

NN = "\u202f"


def test_a_provisional_rate_is_not_marked_for_the_debtor_but_warns_the_staff():
    # Review M1: the debtor's letter prints 12,40 % without asterisk or footnote; the staff get a warning per document.
    _, _, docs = docs_of(FIXTURES / "repo", "2026-045-fleur")
    med = docs["03-mise-en-demeure"]
    assert f"12,40{NB}%</td>" in med.html and "*" not in med.text and "provisoire" not in med.text
    assert [(i.code, i.severity, i.fr) for i in med.issues] == [(
        "provisional-rate-document", "warning",
        f"Taux provisoire utilisé{NB}: 12,40{NB}% — art. L441-10 C. com. (taux BCE 2,40{NB}% + 10 points). "
        f"À vérifier avant envoi{NB}; le confirmer dans dossier.yaml, rubrique «{NB}rates{NB}».")]
    # A letter already sent is regenerated as it went out: no warning.
    assert docs["01-relance-amiable"].issues == ()


def test_the_statement_partial_marks_provisional_rates_only_for_the_staff():
    from dossier.documents import render

    _, r, _ = docs_of(FIXTURES / "repo", "2026-045-fleur")
    debtor = render.render("partials/decompte.html", {"statement": r.statement, "audience": "debtor"})
    staff = render.render("partials/decompte.html", {"statement": r.statement, "staff": True})
    assert "&nbsp;*" not in debtor and "Taux provisoire" not in debtor
    assert f"12,40{NB}%&nbsp;*" in staff and "* Taux provisoire, non encore confirmé par une source officielle" in staff


def test_a_declaration_on_a_provisional_rate_is_a_draft_addressed_to_the_mandataire(tmp_path):
    root = copy_fixture("repo", tmp_path)
    case = root / "cases" / "2026-044-perrin.yaml"
    text = case.read_text(encoding="utf-8")
    assert "type: insolvency" in text
    case.write_text(text.replace("type: insolvency", 'type: insolvency, mandataire: "SELARL Bernard & Associés, mandataire judiciaire\\n'
                                 '14 rue de la République\\n69002 Lyon"', 1), encoding="utf-8")
    _, _, docs = docs_of(root, "2026-044-perrin")
    d = docs["declaration-creance"]
    assert '<div class="draft">PROJET — taux à confirmer avant dépôt</div>' in d.html
    assert "SELARL Bernard &amp; Associés, mandataire judiciaire</strong></div>\n    <div>14 rue de la République</div>" in d.html
    assert f"soit au plus tard le 29{NB}décembre{NB}2026." in d.text  # review M4: not « avant le »
    # the forclusion limit is within 60 days: the staff is also told the way out (review N3, test_provisional_stop)
    assert [i.code for i in d.issues] == ["provisional-rate-document", "declaration-rate-urgent"]
    # Without a provisional rate (confirmed by an override row), no banner.
    _, _, plain = docs_of(FIXTURES / "repo", "2026-014-dupont")
    assert 'class="draft"' not in plain["05-mise-en-demeure"].html


def test_agency_letters_say_whose_invoice_it_is():
    # Review M11: the agency is not the creditor (R124-4 CPCE; C. conso. L121-2).
    project, _, docs = docs_of(FIXTURES / "agency", "2026-050-roche")
    for name in ("01-relance-informelle", "02-relance-amiable", "04-relance-ferme", "05-mise-en-demeure"):
        assert "notre facture" not in docs[name].text and "nos conditions" not in docs[name].text
        assert (f"la facture n°{NB}F2026-190 du 17{NB}août{NB}2026 émise par notre mandante, Atelier Martin SAS, "
                f"d’un montant de 2{NN}400,00{NB}€") in docs[name].text
    assert ("À défaut de règlement dans ce délai, notre mandante saisira la juridiction compétente d’une requête en injonction "
            "de payer, sans autre avis.") in docs["05-mise-en-demeure"].text
    assert "aux conditions de règlement de notre mandante" in docs["02-relance-amiable"].text
    from documents_helpers import compute
    proj, results = compute(FIXTURES / "agency")
    assert context._sender(proj, results[0][0].case)["short"] == f"{proj.agency.name}, pour Atelier Martin SAS"


def test_a_firm_reminder_always_opens_the_door_to_a_plan():
    # Review S4 (domain.md): except for a public buyer.
    _, _, docs = docs_of(FIXTURES / "agency", "2026-050-roche")
    assert (f"Si vous rencontrez une difficulté passagère de trésorerie, nous sommes disposés à examiner avec vous un échéancier "
            f"de paiement{NB}: contactez-nous avant cette date.") in docs["04-relance-ferme"].text
    _, _, consumer = docs_of(FIXTURES / "repo", "2026-040-leroy")
    assert "Si vous rencontrez une difficulté de paiement, nous sommes disposés" in consumer["04-relance-ferme"].text


def test_the_payment_plan_says_penalties_keep_running():
    # Review M9: the agreement states what the tool computes (penalties during the plan, 1343-1 imputation).
    _, _, docs = docs_of(FIXTURES / "repo", "2026-043-klein")
    text = docs["echeancier"].text
    assert ("Pendant l’exécution de l’échéancier, les pénalités de retard, au taux de l’article L441-10 du Code de commerce "
            f"(taux de refinancement de la Banque centrale européenne majoré de 10{NB}points), continuent de courir sur le principal "
            f"restant dû{NB}; chaque règlement s’impute d’abord sur les intérêts et pénalités échus, puis sur le principal "
            f"(article 1343-1 du Code civil). Chaque échéance réglée à sa date, elles s’élèvent, avec cet écart, à 172,92{NB}€ au "
            f"15{NB}décembre{NB}2026") in text   # issue 14: a computed final line, never an unknown « solde »
    assert "Boulangerie Klein SARL, SIREN" in text and "SARL, SARL" not in text
    assert f"au titre de la facture n°{NB}F2026-131 du 12{NB}mai{NB}2026 émise par le créancier," in text
    assert docs["echeancier"].issues == ()  # signed: no warning on the total


def test_an_unsigned_plan_that_does_not_add_up_is_flagged(tmp_path):
    root = copy_fixture("repo", tmp_path)
    case = root / "cases" / "2026-043-klein.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("signed: true", "signed: false"), encoding="utf-8")
    _, _, docs = docs_of(root, "2026-043-klein")
    assert [i.fr for i in docs["echeancier"].issues] == [   # issue 14: the document's last instalment absorbs the 75,00 €
        f"La dernière échéance est portée à 1{NN}275,00{NB}€ pour que les échéances totalisent la somme reconnue de "
        f"3{NN}675,00{NB}€{NB}: la reporter dans le dossier avant signature."]


def test_descriptions_clause_apostrophes_and_capital(tmp_path):
    # Review S6 (what was sold), S8 (where the contractual rate comes from), S14 (typography of data).
    root = copy_fixture("repo", tmp_path)
    case = root / "cases" / "2026-014-dupont.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("    amount: 4800.00\n", "    amount: 4800.00\n    description: \"pose d'une cuisine, devis signé du 8 avril 2026\"\n", 1)
    text = text.replace("debtor:\n", "interest: {rate: 15.00, clause: \"article 9 du contrat-cadre du 3 novembre 2025\"}\ndebtor:\n", 1)
    case.write_text(text, encoding="utf-8")
    _, _, docs = docs_of(root, "2026-014-dupont")
    med = docs["05-mise-en-demeure"]
    assert f"\nPrestation{NB}: pose d’une cuisine, devis signé du 8 avril 2026.\n" in med.text
    assert "Conformément à l’article 9 du contrat-cadre du 3 novembre 2025 et à l’article L441-10 du Code de commerce" in med.text
    assert f"SAS au capital de 20{NN}000{NB}€" in med.text
    assert "'" not in med.text


def test_a_preview_recalls_the_planned_steps_and_the_call_sheet_says_when_it_was_prepared():
    # Review S12 and S11, on the demo's just-overdue public case.
    root = Path(__file__).resolve().parents[2]
    _, _, docs = docs_of(root, "2026-038-vallons-du-lyonnais")
    med = next(d for n, d in docs.items() if n.endswith("mise-en-demeure"))
    assert med.state == "upcoming" and "Sauf erreur" not in med.text
    assert f"Nos précédents courriers{NB}: courriel du " in med.text
    assert "Malgré nos trois relances, dont la dernière du" in med.text
    assert "Monsieur le Président de la Communauté de communes des Vallons du Lyonnais\n20 chemin du Stade" in med.text
    assert f"Copie{NB}: M. Julien Berthet, service comptabilité" in med.text
    call = next(d for n, d in docs.items() if d.kind == "call" and d.date > AS_OF)
    assert (f"fiche pour l’appel prévu le {money.date_long(call.date)} (préparée le 24{NB}novembre{NB}2026)") in call.text
    assert f"délai global de paiement est de 30{NB}jours (article R2192-10 du Code de la commande publique)" in call.text
    assert "Proposer un échéancier" not in call.text


def test_a_reminder_thanks_for_a_payment_received_since_the_last_one():
    # Review S3: Moreau paid 1 500 € four days after the first email.
    root = Path(__file__).resolve().parents[2]
    _, _, docs = docs_of(root, "2026-026-moreau")
    assert (f"Nous vous remercions de votre règlement de 1{NN}500,00{NB}€ du 14{NB}août{NB}2026. Le solde de 1{NN}404,00{NB}€ "
            f"ne nous est pas encore parvenu{NB}; nous vous remercions de bien vouloir le régler au plus tard le "
            f"1er{NB}septembre{NB}2026.") in docs["02-relance-amiable"].text
    assert "ne nous est pas parvenu." not in docs["02-relance-amiable"].text


def test_helpers_for_public_buyers_and_typography():
    assert phrases.french_spaces("20 000 €") == f"20{NN}000{NB}€"
    assert phrases.typeset("<head>'</head><body><p>rue d&#39;Algérie</p><a href='x'>l'a</a></body>") == \
        "<head>'</head><body><p>rue d’Algérie</p><a href='x'>l’a</a></body>"
    assert phrases.form_of("Cave Roux & Fils SARL", "SARL") is None and phrases.form_of("Dupont", "SARL") == "SARL"


def test_a_notice_after_a_broken_plan_invokes_the_missed_instalment_and_the_acceleration_clause():
    # Review M8: Cave Roux signed a plan on 22 July; the 12 October instalment was not paid.
    root = Path(__file__).resolve().parents[2]
    _, _, docs = docs_of(root, "2026-022-cave-roux")
    missed = (f"L’échéance du 12{NB}octobre{NB}2026 (1{NN}350,00{NB}€) de l’échéancier que vous avez signé le "
              f"22{NB}juillet{NB}2026 n’a pas été réglée.")
    assert missed in docs["05-mise-en-demeure"].text
    assert "article 3 de l’échéancier" in docs["05-mise-en-demeure"].text
    case = next(r.case for r, _ in __import__("documents_helpers").compute(root)[1] if r.case.id == "2026-022-cave-roux")
    assert context.missed_instalment(case, dt.date(2026, 10, 17)) is None  # within the five days of grace
    assert context.missed_instalment(case, dt.date(2026, 10, 18))["due"] == dt.date(2026, 10, 12)


def test_before_the_term_is_forfeited_letters_demand_only_the_missed_instalment():
    # Review N1: the plan's article 3 makes the balance due only eight days after a formal notice.
    root = Path(__file__).resolve().parents[2]
    _, _, docs = docs_of(root, "2026-022-cave-roux")
    firm, notice = docs["04-relance-ferme"].text, docs["05-mise-en-demeure"].text
    paid = (f"Vos règlements des 10{NB}août et 11{NB}septembre{NB}2026 (1{NN}350,00{NB}€ chacun), conformes à l’échéancier, "
            "ont bien été reçus.")
    assert (f"{paid} L’échéance du 12{NB}octobre{NB}2026 (1{NN}350,00{NB}€) ne nous est pas parvenue{NB}: nous vous "
            f"remercions de la régler au plus tard le 28{NB}octobre{NB}2026. À défaut, nous vous adresserons une mise en "
            f"demeure{NB}; huit jours après celle-ci, la totalité du solde, soit 2{NN}906,62{NB}€ au 20{NB}octobre{NB}2026, "
            "deviendra exigible (article 3 de l’échéancier).") in firm
    assert ("Si une difficulté vous empêche de respecter l’échéancier, contactez-nous avant cette date pour en examiner "
            "le réaménagement.") in firm
    assert ("Nous vous mettons en demeure de régler l’échéance impayée du 12{NB}octobre{NB}2026, soit 1{NN}350,00{NB}€, "
            "dans les huit jours de la réception de la présente. À défaut, conformément à l’article 3 de l’échéancier, la "
            "totalité du solde deviendra exigible, soit 2{NN}922,00{NB}€ arrêtés au 5{NB}novembre{NB}2026 (décompte "
            "ci-dessous), que nous vous mettons dès à présent en demeure de régler dans les quinze jours qui suivront l’expiration de ce délai de huit jours."
            ).format(NB=NB, NN=NN) in notice
    for text in (firm, notice):
        assert "ne couvrent pas la totalité" not in text and "Nous vous demandons de régler" not in text
        assert "un échéancier de paiement" not in text and "la somme de" not in text
    assert "À défaut de règlement ou de proposition" not in firm


def test_missed_instalments_several_and_partly_paid():
    root = Path(__file__).resolve().parents[2]
    _, r, _ = docs_of(root, "2026-022-cave-roux")
    case = r.case
    # Without the second payment, on 18 October both the 10 September and the 12 October instalments are missed.
    second = next(e for e in case.events_of("payment") if e.date == dt.date(2026, 9, 11))
    two = replace(case, events=tuple(e for e in case.events if e is not second))
    m = context.missed_instalment(two, dt.date(2026, 10, 18))
    assert (m["due"], m["unpaid"], m["on_time"]) == (dt.date(2026, 9, 10), Decimal("2700.00"), True)
    assert m["instalments_dates"] == f"10{NB}septembre et 12{NB}octobre{NB}2026"
    # 2 000 € paid: the first instalment and 650 € of the second; 700 € of it is still due on 20 September.
    part = replace(two, events=tuple(replace(e, amount=Decimal("2000.00")) if e.type == "payment" else e
                                               for e in two.events))
    m = context.missed_instalment(part, dt.date(2026, 9, 20))
    assert (m["due"], m["unpaid"], m["on_time"], m["payments_amounts"]) == (
        dt.date(2026, 9, 10), Decimal("700.00"), False, f"2{NN}000,00{NB}€")
    assert phrases.dates_phrase([dt.date(2026, 1, 12), dt.date(2025, 12, 28)]) == \
        f"28{NB}décembre{NB}2025 et 12{NB}janvier{NB}2026"


def test_a_call_sheet_prepared_before_the_call_lists_planned_steps_apart(demo_repo):
    # Review N4: on 24 November nothing has been sent to the Vallons yet.
    _, _, docs = docs_of(demo_repo, "2026-038-vallons-du-lyonnais")
    text = docs["05-appel-comptable"].text
    assert (f"Démarches prévues d’ici l’appel{NB}: courriel du 24{NB}novembre{NB}2026{NB}; courrier du 8{NB}décembre{NB}2026"
            f"{NB}; courrier du 18{NB}décembre{NB}2026 (à vérifier dans le journal avant d’appeler).") in text
    assert "Démarches déjà faites" not in text
    # Once the email is recorded as sent, it is « déjà faite »; the letters still to come are not.
    case = demo_repo / "cases" / "2026-038-vallons-du-lyonnais.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "events: []", "events:\n  - {date: 2026-11-24, type: sent, step: relance_informelle}"), encoding="utf-8")
    _, _, docs = docs_of(demo_repo, "2026-038-vallons-du-lyonnais")
    text = docs["05-appel-comptable"].text
    assert f"Démarches déjà faites{NB}: courriel du 24{NB}novembre{NB}2026.\n" in text
    assert (f"Démarches prévues d’ici l’appel{NB}: courrier du 8{NB}décembre{NB}2026{NB}; courrier du 18{NB}décembre{NB}2026"
            " (à vérifier dans le journal avant d’appeler).") in text


def test_phrases_of_nothing_are_empty_not_a_crash():
    """A broken plan with no payment since passes empty lists (issue 11: IndexError in every build)."""
    from dossier.documents import phrases

    assert phrases.dates_phrase([]) == ""
    assert phrases._amounts_phrase([]) == ""
    assert phrases._invoice_ref([]) == "facture"

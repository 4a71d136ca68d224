"""lint.py: each rule fails a crafted document with a message naming the case, the document, the rule and the sentence."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dossier.documents import lint, lint_charges, lint_mentions, lint_subject, lint_threats
from documents_helpers import AS_OF, FIXTURES, compute, copy_fixture, docs_of

BUILTIN = Path(__file__).resolve().parents[2] / "templates"


def override(root: Path, name: str, text: str) -> None:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# The sentences put into overrides here are typed with plain spaces (« 150 € »): the typography rule, which would
# flag them too, has its own tests (test_typography.py).
OTHER_RULES = tuple(r for r in lint.RULES if r.__name__ != "typography")


def lint_case(root: Path, case_id: str, as_of: dt.date = AS_OF) -> list[str]:
    project, r, docs = docs_of(root, case_id, as_of)
    return [str(i) for i in lint.lint_documents(docs.values(), r.case, project, r.statement, r.ladder, rules=OTHER_RULES)]


@pytest.mark.parametrize("fixture", ["repo", "agency"])
def test_the_built_in_templates_pass_every_rule(fixture):
    project, results = compute(FIXTURES / fixture)
    for r, docs in results:
        assert lint.lint_documents(docs, r.case, project, r.statement, r.ladder) == []


def test_a_seizure_in_a_reminder_without_court_title_fails(tmp_path):
    root = copy_fixture("repo", tmp_path)
    body = (BUILTIN / "relance-informelle.md").read_text(encoding="utf-8")
    override(root, "relance-informelle.md", body + "\nÀ défaut, nous procéderons à la saisie de vos biens.\n")
    assert lint_case(root, "2026-014-dupont") == [
        "cases/2026-014-dupont.yaml:19:5: case 2026-014-dupont, document 01-relance-informelle: rule no-enforcement-without-title: "
        "enforcement is threatened but the case has no court title: « À défaut, nous procéderons à la saisie de vos biens. »"
    ]


@pytest.mark.parametrize("sentence, flagged", [
    ("Nous saisirons la juridiction compétente d'une requête en injonction de payer.", False),
    ("La juridiction compétente sera saisie sans autre avis.", False),
    ("Le tribunal sera alors saisi.", False),
    ("Nous engagerons une saisie-attribution sur vos comptes.", True),
    ("Un commissaire de justice procédera au recouvrement.", True),
    ("Un huissier passera chez vous.", True),
    ("Nous pourrons saisir vos comptes bancaires.", True),
    ("Nous saisirons vos biens.", True),
    ("Nous saisirons le juge compétent.", False),
    ("Cela ouvrira la voie à l'exécution forcée.", True),
    ("Les saisies seront pratiquées.", True),
])
def test_enforcement_vocabulary_with_word_boundaries(sentence, flagged):
    found = lint_subject._find(lint_threats._ENFORCEMENT, lint_subject.normalise(sentence), keep=lambda s, m: not lint_threats._is_court_seisin(s, m))
    assert found == ([sentence] if flagged else [])


def test_with_a_court_order_enforcement_may_be_mentioned(tmp_path):
    root = copy_fixture("repo", tmp_path)
    case = root / "cases" / "2026-014-dupont.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "  - {date: 2026-06-15, type: filed, court: Tribunal de commerce de Lyon}\n"
                    "  - {date: 2026-07-01, type: order}\n", encoding="utf-8")
    body = (BUILTIN / "relance-informelle.md").read_text(encoding="utf-8")
    override(root, "relance-informelle.md", body + "\nUn commissaire de justice pourra procéder à une saisie.\n")
    # The email of 9 March predates the order: it is still flagged; nothing would be after 1 July.
    assert [m.split(": rule ")[1].split(":")[0] for m in lint_case(root, "2026-014-dupont")] == ["no-enforcement-without-title"]
    assert lint_threats.has_court_title(lint_case.__globals__["docs_of"](root, "2026-014-dupont")[1].case, dt.date(2026, 7, 2))


def write_prescribed_case(root: Path) -> None:
    (root / "cases" / "2024-010-morel.yaml").write_text("""debtor:
  name: Mme Sophie Morel
  kind: consumer
  address: ["3 rue Juiverie", "69005 Lyon"]
  email: s.morel@example.org
invoices:
  - number: F2024-090
    date: 2024-09-02
    due: 2024-09-17
    amount: 890.00
""", encoding="utf-8")


def test_no_court_threat_once_prescribed(tmp_path):
    root = copy_fixture("repo", tmp_path)
    write_prescribed_case(root)
    assert lint_case(root, "2024-010-morel") == []  # the built-in reminders of a time-barred claim announce nothing
    body = (BUILTIN / "relance-amiable.md").read_text(encoding="utf-8")
    override(root, "relance-amiable.md", body + "\nSans règlement, nous saisirons le tribunal judiciaire.\n")
    assert lint_case(root, "2024-010-morel") == [
        "cases/2024-010-morel.yaml: case 2024-010-morel, document 02-relance-amiable: rule no-court-threat-when-prescribed: "
        "the claim is prescribed: court action may not be announced: « Sans règlement, nous saisirons le tribunal judiciaire. »"
    ]


def test_a_consumer_is_never_charged_the_indemnity_or_fees(tmp_path):
    root = copy_fixture("repo", tmp_path)
    body = (BUILTIN / "relance-ferme.md").read_text(encoding="utf-8")
    override(root, "relance-ferme.md", body + "\nUne indemnité de 40 € et des frais de dossier s'ajoutent à cette somme.\n")
    messages = lint_case(root, "2026-040-leroy")
    assert messages == [
        "cases/2026-040-leroy.yaml:19:5: case 2026-040-leroy, document 04-relance-ferme: rule consumer-not-charged-fees: "
        "a consumer may not be charged recovery fees or professional penalties: « Une indemnité de 40 € et des frais de dossier s'ajoutent à cette somme. »"
    ]
    # The same sentence to a professional is lawful (D441-5 C. com.).
    assert lint_case(root, "2026-042-bati-ouest") == []


@pytest.mark.parametrize("sentence, flagged", [
    ("Une indemnité forfaitaire de 40 € s'ajoute.", True),
    ("Une indemnité de 40,00 € s'ajoute.", True),
    ("S'y ajoutent 40 € de frais.", True),
    ("Des pénalités de retard sont dues.", True),
    ("Votre facture de 40,00 € reste impayée.", False),
    ("Des intérêts au taux légal courent depuis la mise en demeure.", False),
])
def test_consumer_charges_vocabulary(sentence, flagged):
    assert lint_subject._find(lint_charges._CONSUMER_CHARGES, sentence) == ([sentence] if flagged else [])


def test_a_formal_notice_without_sum_deadline_and_registered_mention_fails(tmp_path):
    root = copy_fixture("repo", tmp_path)
    override(root, "mise-en-demeure.md", "{% set heading = 'MISE EN DEMEURE' %}\nNous vous mettons en demeure de payer ce que vous nous devez.\n")
    override(root, "letter.html", (BUILTIN / "letter.html").read_text(encoding="utf-8").replace(
        "Lettre recommandée avec demande d’avis de réception", "Courrier"))
    messages = lint_case(root, "2026-014-dupont")
    assert messages == [
        "cases/2026-014-dupont.yaml:21:5: case 2026-014-dupont, document 05-mise-en-demeure: rule formal-notice-mentions: "
        "the formal notice does not state the sum claimed (3 902,83 €), its breakdown (principal, interest, indemnity), "
        "the interest (35,67 €), a deadline date, the registered-letter mention (lettre recommandée avec demande d'avis de réception): "
        "« Facture n° F2026-031 »"
    ]


def test_agency_letters_without_l111_8_fail(tmp_path):
    root = copy_fixture("agency", tmp_path)
    agence = (BUILTIN / "partials" / "agence.html").read_text(encoding="utf-8")
    head, _, rest = agence.partition("<p>Article L111-8")
    override(root, "partials/agence.html", head + rest.split("</blockquote>", 1)[1])  # the GDPR notice stays
    messages = lint_case(root, "2026-050-roche")
    assert len(messages) == 4
    assert messages[0] == (
        "cases/2026-050-roche.yaml:15:5: case 2026-050-roche, document 01-relance-informelle: rule agency-mentions: "
        "agency mode (R124-4 CPCE): missing the text of L111-8 al. 2 CPCE, the text of L111-8 al. 3 CPCE: "
        "« Rappel d'échéance — facture n° F2026-190 »"
    )


def test_a_contractual_rate_below_three_times_the_legal_rate_is_flagged(tmp_path):
    root = copy_fixture("repo", tmp_path)
    case = root / "cases" / "2026-042-bati-ouest.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("invoices:\n", "interest:\n  rate: \"5%\"\ninvoices:\n", 1), encoding="utf-8")
    messages = lint_case(root, "2026-042-bati-ouest")
    assert messages[0] == (
        "cases/2026-042-bati-ouest.yaml:27:5: warning: case 2026-042-bati-ouest, document 01-relance-informelle: rule contract-rate-floor: "
        "the contractual rate 5 % is below three times the legal interest rate (8.25 %) on 2026-09-08: « taux contractuel : 5,00 % »"
    )
    assert all(": warning: " in m for m in messages)
    firm = next(m for m in messages if "04-relance-ferme" in m)
    assert firm.endswith("des pénalités de retard au taux contractuel de 5,00 % l'an à compter du lendemain de la date d'échéance, "
                         "ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € par facture (articles L441-10 et D441-5 du Code de commerce). »")


def test_sms_length_rule():
    class Doc:
        kind, name, text, date, subject = "sms", "02-sms", "x" * 161 + "\n", AS_OF, "SMS"

    subject = lint_subject.Subject(None, None, Doc(), "", "", None, None)
    assert lint_mentions.sms_length(subject) == [lint_subject.Finding("sms-length", "x" * 161, "161 characters, more than one SMS (160)", "warning")]


def test_build_documents_writes_nothing_when_a_rule_finds_an_error(tmp_path):
    from dossier.documents import writing
    from dossier.ladder import result as ladder_result
    from dossier.records.errors import has_errors
    from dossier.records.load import load_repository

    root = copy_fixture("repo", tmp_path)
    body = (BUILTIN / "relance-amiable.md").read_text(encoding="utf-8")
    override(root, "relance-amiable.md", body + "\nFaute de paiement, un huissier procédera à la saisie-attribution de vos comptes.\n")
    repo, _ = load_repository(root)
    results = ladder_result.compute_all(repo, AS_OF)
    written, issues, by_case = writing.build_documents(repo.project, results, AS_OF, tmp_path / "site", root, pdf=False)
    assert written == [] and has_errors(issues) and not (tmp_path / "site").exists()
    errors = sorted({str(i) for i in issues if i.severity == "error"})
    assert errors[0] == (
        "cases/2026-040-leroy.yaml:18:5: case 2026-040-leroy, document 02-relance-amiable: rule no-enforcement-without-title: "
        "enforcement is threatened but the case has no court title: "
        "« Faute de paiement, un huissier procédera à la saisie-attribution de vos comptes. »"
    )
    assert len(errors) == 4  # every amicable reminder of the repository carries the sentence


def test_a_document_sent_out_never_says_a_rate_is_provisional(tmp_path):
    # Review M1: an override of the statement partial that prints the footnote for the debtor fails the build.
    root = copy_fixture("repo", tmp_path)
    assert lint_case(root, "2026-045-fleur") == []
    override(root, "partials/decompte.html", (BUILTIN / "partials" / "decompte.html").read_text(encoding="utf-8").replace(
        "statement.provisional and for_staff", "statement.provisional"))
    messages = lint_case(root, "2026-045-fleur")
    assert messages == [
        "cases/2026-045-fleur.yaml: case 2026-045-fleur, document 03-mise-en-demeure: rule no-provisional-rate-mark: "
        "a document sent out says a rate is provisional: « * Taux provisoire, non encore confirmé par une source officielle ; "
        "le décompte sera mis à jour dès sa publication. »"
    ]


# --------------------------------------------------------------------------- threats (issue 14)

@pytest.mark.parametrize("sentence, rule, why", [
    ("Sans règlement sous huit jours, nous déposerons plainte pour escroquerie.", "no-criminal-threat",
     "a criminal complaint or prosecution is threatened over a civil debt"),
    ("Nous n'hésiterons pas à engager des poursuites pénales.", "no-criminal-threat",
     "a criminal complaint or prosecution is threatened over a civil debt"),
    ("Votre silence pourrait etre qualifie d'abus de confiance.", "no-criminal-threat",
     "a criminal complaint or prosecution is threatened over a civil debt"),
    ("À défaut, nous informerons votre employeur et vos voisins.", "no-third-party-disclosure",
     "the debtor is threatened with telling an employer, family or neighbours"),
    ("Nous prendrons contact avec votre famille et votre entourage.", "no-third-party-disclosure",
     "the debtor is threatened with telling an employer, family or neighbours"),
    ("Vous serez inscrit au fichier des mauvais payeurs.", "no-bad-payers-file",
     "the debtor is threatened with a register of bad payers"),
    ("Nous demanderons votre inscription au FICP.", "no-bad-payers-file",
     "the debtor is threatened with a register of bad payers"),
    ("NOUS BLOQUERONS VOS COMPTES.", "no-account-blocking", "the debtor's bank accounts are threatened with blocking"),
    ("Le blocage de vos comptes bancaires sera demandé.", "no-account-blocking",
     "the debtor's bank accounts are threatened with blocking"),
])
def test_each_forbidden_threat_in_an_override_fails(tmp_path, sentence, rule, why):
    root = copy_fixture("repo", tmp_path)
    body = (BUILTIN / "relance-informelle.md").read_text(encoding="utf-8")
    override(root, "relance-informelle.md", body + "\n" + sentence + "\n")
    assert lint_case(root, "2026-014-dupont") == [
        f"cases/2026-014-dupont.yaml:19:5: case 2026-014-dupont, document 01-relance-informelle: rule {rule}: {why}: « {sentence} »"
    ]


@pytest.mark.parametrize("sentence", [
    "Nous vous remercions de votre confiance.",
    "Nous adressons nos meilleurs vœux à votre famille.",      # no disclosure
    "Le compte rendu de notre entretien est joint.",
    "Votre règlement a bien été reçu sur notre compte.",
    "Il n'y a aucune pénalité de retard pour un particulier.",
])
def test_ordinary_sentences_are_not_threats(sentence):
    for pattern, keep in ((lint_threats._CRIMINAL, None), (lint_threats._THIRD_PARTY, lint_threats._threatens_third_party),
                          (lint_threats._BAD_PAYERS_FILE, None), (lint_threats._ACCOUNT_BLOCK, None)):
        assert lint_subject._find_folded(pattern, sentence, keep) == []


def test_the_call_sheet_may_warn_the_staff_about_threats():
    # appel.md tells the caller never to threaten « conséquences pénales » nor to contact an « employeur, voisin »: staff only.
    warning_text = lint_subject.normalise("Ne jamais menacer de mesures que seul un jugement permettrait, ni de conséquences pénales ; "
                                  "ne jamais contacter un tiers (employeur, voisin, client) ; rester courtois.")
    assert lint_subject._find_folded(lint_threats._CRIMINAL, "de conséquences pénales à votre égard, nous porterons plainte.") != []

    class Doc:
        kind, name, text, date, subject = "call", "03-appel", warning_text, AS_OF, "Fiche d'appel"

    subject = lint_subject.Subject(None, None, Doc(), warning_text, warning_text, None, None)
    for rule in (lint_threats.no_criminal_threat, lint_threats.no_third_party_disclosure, lint_threats.no_bad_payers_file, lint_threats.no_account_blocking):
        assert rule(subject) == []
    Doc.kind = "letter"
    assert [f.rule for f in lint_threats.no_third_party_disclosure(subject)] == []   # no possessive: « un tiers (employeur, voisin) »


AGENCY_FEE = "Nos frais de recouvrement de 150 € seront mis à votre charge."


def test_an_agency_fee_on_the_debtor_fails_in_agency_mode(tmp_path):
    root = copy_fixture("agency", tmp_path)
    body = (BUILTIN / "relance-informelle.md").read_text(encoding="utf-8")
    override(root, "relance-informelle.md", body + "\n" + AGENCY_FEE + "\n")
    assert lint_case(root, "2026-050-roche") == [
        "cases/2026-050-roche.yaml:15:5: case 2026-050-roche, document 01-relance-informelle: rule no-agency-fees-on-debtor: "
        "agency mode: recovery fees are put on the debtor (CPCE L111-8: they stay with the creditor): « " + AGENCY_FEE + " »"
    ]


@pytest.mark.parametrize("sentence, flagged", [
    # The L441-10 / D441-5 indemnity of 40 € owed by a professional is the law's, not the agency's fee.
    ("Une indemnité forfaitaire pour frais de recouvrement de 40 € par facture est exigible (article L441-10 du Code de commerce).", False),
    ("Une indemnité forfaitaire pour frais de recouvrement de 150 € est exigible.", True),
    ("Des frais de dossier de 35 € vous seront facturés.", True),
    ("Nos honoraires s'ajoutent au principal.", True),
    ("Les frais de relance sont à votre charge.", True),
])
def test_agency_fee_vocabulary_for_a_professional(tmp_path, sentence, flagged):
    root = copy_fixture("agency", tmp_path)
    body = (BUILTIN / "relance-informelle.md").read_text(encoding="utf-8")
    override(root, "relance-informelle.md", body + "\n" + sentence + "\n")
    rules = [m.split(": rule ")[1].split(":")[0] for m in lint_case(root, "2026-050-roche")]
    assert rules == (["no-agency-fees-on-debtor"] if flagged else [])


def test_the_agency_fee_sentence_is_not_the_agency_rule_outside_agency_mode(tmp_path):
    root = copy_fixture("repo", tmp_path)
    body = (BUILTIN / "relance-informelle.md").read_text(encoding="utf-8")
    override(root, "relance-informelle.md", body + "\n" + AGENCY_FEE + "\n")
    assert lint_case(root, "2026-014-dupont") == []              # the creditor itself, to a professional
    assert [m.split(": rule ")[1].split(":")[0] for m in lint_case(root, "2026-040-leroy")] == ["consumer-not-charged-fees"]


# --------------------------------------------------------------------------- mandatory mentions (issue 14)

def test_a_consumer_letter_without_the_mediator_fails(tmp_path):
    root = copy_fixture("repo", tmp_path)
    override(root, "partials/mediateur.md", "")
    messages = lint_case(root, "2026-040-leroy")
    assert [m.split(", document ")[1].split(":")[0] for m in messages] == [
        "01-relance-informelle", "02-relance-amiable", "04-relance-ferme", "05-mise-en-demeure"]
    assert messages[0] == (
        "cases/2026-040-leroy.yaml:17:5: case 2026-040-leroy, document 01-relance-informelle: rule consumer-mediator: "
        "a letter to a consumer does not name the consumer mediator (C. consom. L612-1, L616-1, R616-1): "
        "« Rappel d'échéance — facture n° F2026-140 »"
    )
    assert lint_case(root, "2026-014-dupont") == []  # a professional has no consumer mediator


def test_the_consumer_letters_name_the_mediator():
    project, r, docs = docs_of(FIXTURES / "repo", "2026-040-leroy")
    sentence = ("Si un litige subsistait après une réclamation écrite adressée à nos services, vous pourriez recourir gratuitement "
                "au médiateur de la consommation dont nous relevons (articles L612-1 et L616-1 du Code de la consommation) ; "
                "ses coordonnées vous seront communiquées sur simple demande.")
    for name in ("01-relance-informelle", "02-relance-amiable", "04-relance-ferme", "05-mise-en-demeure"):
        assert sentence in lint_subject.normalise(" ".join(docs[name].text.split())), name


MEDIATOR = ('  mediator:\n    name: "Médiation de la consommation & Co"\n    website: https://www.mediation-conso.example.fr\n'
            '    address: ["12 rue de la Paix", "75002 Paris"]\n')


def with_mediator(root: Path, mediator: str) -> None:
    """The fixture's creditor with a ``mediator:`` mapping (written after its fields)."""
    path = root / "dossier.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("agency: false\n", mediator + "agency: false\n"), encoding="utf-8")


def test_a_consumer_formal_notice_names_the_creditors_mediator_and_its_contact(tmp_path):
    root = copy_fixture("repo", tmp_path)
    with_mediator(root, MEDIATOR)
    project, r, docs = docs_of(root, "2026-040-leroy")
    sentence = ("Si un litige subsistait après une réclamation écrite adressée à nos services, vous pourriez recourir gratuitement "
                "au médiateur de la consommation dont nous relevons (articles L612-1 et L616-1 du Code de la consommation)\u00a0: "
                "Médiation de la consommation & Co, 12 rue de la Paix, 75002 Paris (https://www.mediation-conso.example.fr).")
    notice = docs["05-mise-en-demeure"]
    assert sentence in " ".join(notice.text.replace("\u00a0", "\x00").split()).replace("\x00", "\u00a0")
    assert "sur simple demande" not in notice.text
    assert "Médiation de la consommation &amp; Co, 12 rue de la Paix, 75002 Paris (https://www.mediation-conso.example.fr).</p>" in notice.html
    assert lint_case(root, "2026-040-leroy") == []   # consumer-mediator and every other rule still pass


@pytest.mark.parametrize("mediator, contact", [
    ('  mediator: {name: CM2C, website: "https://www.cm2c.net"}\n', "CM2C (https://www.cm2c.net)."),
    ('  mediator: {name: CM2C, address: "49 rue de Ponthieu\\n75008 Paris"}\n', "CM2C, 49 rue de Ponthieu, 75008 Paris."),
])
def test_the_mediator_with_a_website_only_or_an_address_only(tmp_path, mediator, contact):
    root = copy_fixture("repo", tmp_path)
    with_mediator(root, mediator)
    _, _, docs = docs_of(root, "2026-040-leroy")
    text = " ".join(docs["01-relance-informelle"].text.replace("\u00a0", "\x00").split()).replace("\x00", "\u00a0")
    assert "(articles L612-1 et L616-1 du Code de la consommation)\u00a0: " + contact in text


def test_an_agency_letter_without_the_gdpr_notice_fails(tmp_path):
    root = copy_fixture("agency", tmp_path)
    agence = (BUILTIN / "partials" / "agence.html").read_text(encoding="utf-8")
    override(root, "partials/agence.html", agence.split('{% if doc.kind in ("letter", "email") %}')[0] + "</section>\n")
    messages = lint_case(root, "2026-050-roche")
    assert len(messages) == 4
    assert messages[0] == (
        "cases/2026-050-roche.yaml:15:5: case 2026-050-roche, document 01-relance-informelle: rule agency-gdpr-notice: "
        "agency mode (GDPR art. 14): the data notice misses the words “données personnelles”, the controller, the purpose, "
        "the legal basis, the debtor's rights, the CNIL complaint, the source of the data: « Rappel d'échéance — facture n° F2026-190 »"
    )


# --------------------------------------------------------------------------- « oubli » by qualification (issue 14)

PAY = "Vous trouverez ci-joint une copie de la facture. Nous vous remercions de bien vouloir procéder au règlement de la somme de 4 800,00 € d'ici le 17 mars 2026."
FIRST_SENTENCE = {
    None: "Il s'agit sans doute d'un simple oubli. ",
    "oubli": "Il s'agit sans doute d'un simple oubli. ",
    "negligence": "Cette échéance étant dépassée, nous vous demandons d'y donner suite sans plus attendre. ",
    "administratif": "S'il vous manque un document pour traiter ce règlement (bon de commande, facture, coordonnées de facturation), "
                     "nous vous l'adresserons dès réception de votre demande. ",
    "contestation": "Si cette facture appelle de votre part une observation, nous vous remercions de nous en faire connaître les motifs "
                    "précis par écrit, afin que nous puissions l'examiner. ",
    "mauvaise_foi": "",
    "difficulte_passagere": "Si vous rencontrez une difficulté passagère de trésorerie, nous vous invitons à nous contacter sans attendre : "
                            "un échelonnement du règlement peut être examiné. ",
    "situation_preoccupante": "Si votre situation ne vous permet pas de régler cette somme en une fois, nous vous invitons à nous contacter "
                              "sans attendre afin d'examiner les modalités d'un règlement échelonné. ",
    "insolvabilite": "Si une procédure collective ou de surendettement a été ouverte à votre égard, nous vous remercions de nous en "
                     "informer sans délai. ",
}


def qualify(root: Path, case_id: str, qualification: str | None) -> None:
    if qualification is None:
        return
    case = root / "cases" / f"{case_id}.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("debtor:\n", f"debtor:\n  qualification: {qualification}\n", 1),
                    encoding="utf-8")


@pytest.mark.parametrize("qualification", list(FIRST_SENTENCE))
def test_the_first_reminder_speaks_to_the_qualification(tmp_path, qualification):
    root = copy_fixture("repo", tmp_path)
    qualify(root, "2026-014-dupont", qualification)
    project, r, docs = docs_of(root, "2026-014-dupont")
    text = lint_subject.normalise(" ".join(docs["01-relance-informelle"].text.split()))
    assert FIRST_SENTENCE[qualification] + PAY in text
    assert ("oubli" in text) == (qualification in (None, "oubli"))
    assert lint.lint_documents(docs.values(), r.case, project, r.statement, r.ladder) == []


def test_an_agency_never_suggests_an_oversight():
    project, r, docs = docs_of(FIXTURES / "agency", "2026-050-roche")
    text = lint_subject.normalise(" ".join(docs["01-relance-informelle"].text.split()))
    assert "oubli" not in text
    assert "Sauf erreur ou omission de notre part, nous n'avons pas encore reçu le règlement" in text


@pytest.mark.parametrize("fixture, case_id, qualification, who", [
    ("repo", "2026-042-bati-ouest", None, "the debtor is qualified difficulte_passagere"),
    ("repo", "2026-014-dupont", "mauvaise_foi", "the debtor is qualified mauvaise_foi"),
    ("agency", "2026-050-roche", None, "an agency's letter"),
])
def test_an_oversight_for_a_debtor_qualified_otherwise_fails(tmp_path, fixture, case_id, qualification, who):
    root = copy_fixture(fixture, tmp_path)
    qualify(root, case_id, qualification)
    body = (BUILTIN / "relance-informelle.md").read_text(encoding="utf-8")
    override(root, "relance-informelle.md", body + "\nIl s’agit sans doute d’un simple oubli de votre part.\n")
    messages = [m for m in lint_case(root, case_id) if "01-relance-informelle" in m]
    assert len(messages) == 1
    assert messages[0].endswith(f"rule oubli-only-for-oversight: an oversight is suggested but {who}: "
                                "« Il s'agit sans doute d'un simple oubli de votre part. »")

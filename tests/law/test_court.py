"""court.py: which court, readiness checks, deadlines after the order for payment."""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from dossier.law import court
from dossier.law import court_readiness
from dossier.records.errors import Source
from dossier.records.model import Case, Contract, Creditor, Debtor, Event, Invoice, Project

SRC = Source("cases/t.yaml", 1, 1)
D = dt.date


def debtor(kind="professional", address=("12 rue des Lilas", "69003 Lyon"), legal_form="SARL", name="Dupont SARL"):
    return Debtor(name=name, kind=kind, source=Source("cases/t.yaml", 2, 3), address=tuple(address),
                  legal_form=legal_form)


def case(deb=None, events=(), court_name=None, contract="devis", invoices=None):
    if contract == "devis":
        contract = Contract("devis_signe", Source("cases/t.yaml", 9, 3), D(2026, 1, 10), ("cases/pieces/devis.pdf",))
    invoices = invoices or (Invoice("F1", D(2026, 2, 1), D(2026, 3, 3), Decimal("4800.00"), Source("cases/t.yaml", 14, 5),
                                    piece="cases/pieces/F1.pdf"),)
    return Case(id="t", path="cases/t.yaml", debtor=deb or debtor(), invoices=invoices, source=SRC,
                contract=contract, events=tuple(events), court=court_name)


def ev(day, type_, line=20, **kw):
    return Event(date=day, type=type_, source=Source("cases/t.yaml", line, 5), **kw)


# --- which court --------------------------------------------------------------------------------------

AS_OF = D(2026, 11, 24)


def test_professional_professional_in_a_tae_town_goes_to_the_tribunal_des_activites_economiques():
    c = court.choose_court(case(), AS_OF)
    assert (c.kind, c.label, c.form, c.town, c.postcode, c.commercial) == (
        "tribunal_des_activites_economiques", "président du tribunal des activités économiques", "cerfa n° 12946*02",
        "Lyon", "69003", True)
    assert c.in_scope


def test_professional_professional_elsewhere_goes_to_the_tribunal_de_commerce():
    c = court.choose_court(case(debtor(address=("3 cours Émile Zola", "69100 Villeurbanne"))), AS_OF)
    assert (c.kind, c.form, c.town) == ("tribunal_de_commerce", "cerfa n° 12946*02", "Villeurbanne")


def test_tae_experiment_ends_in_2028():
    assert court.choose_court(case(), D(2029, 1, 2)).kind == "tribunal_de_commerce"


def test_professional_consumer_goes_to_the_tribunal_judiciaire():
    c = court.choose_court(case(debtor("consumer", ("8 rue Paul Bert", "69100 Villeurbanne"), None, "M. Jean Ferrand")),
                           AS_OF)
    assert (c.kind, c.label, c.form, c.commercial, c.in_scope) == (
        "tribunal_judiciaire", "président du tribunal judiciaire", "cerfa n° 12948*06", False, True)
    assert c.reason == ("Le débiteur est un consommateur\u00a0: président du tribunal judiciaire du lieu où il demeure, "
                        "Villeurbanne (art. 1406 CPC).")


def test_professional_public_is_flagged_out_of_scope_for_the_tribunal_administratif():
    c = court.choose_court(case(debtor("public", ("Place Charles de Gaulle", "69230 Saint-Genis-Laval"), None,
                                       "Commune de Saint-Genis-Laval")), AS_OF)
    assert (c.kind, c.form, c.in_scope) == ("tribunal_administratif", None, False)
    issues = court.court_issues(case(), c)
    assert [str(i) for i in issues] == [
        "cases/t.yaml:1:1: court: a public buyer's debt under a public contract goes to the tribunal administratif "
        "(référé-provision, CJA R541-1), not to an injonction de payer; no bundle is built"]


def test_a_civil_company_is_not_a_trader():
    c = court.choose_court(case(debtor(legal_form="SCI")), AS_OF)
    assert c.kind == "tribunal_judiciaire"
    assert c.reason == ("Le débiteur (SCI) n’est pas commerçant\u00a0: président du tribunal judiciaire du lieu de son "
                        "siège, Lyon (art. 1406 CPC).")


def test_alsace_moselle_commercial_chamber_and_overseas_mixed_court():
    assert court.choose_court(case(debtor(address=("5 rue du Dôme", "67000 Strasbourg"))), AS_OF).kind == \
        "chambre_commerciale_tj"
    assert court.choose_court(case(debtor(address=("1 rue Schoelcher", "97200 Fort-de-France"))), AS_OF).kind == \
        "tribunal_mixte_de_commerce"


def test_juge_des_contentieux_de_la_protection_is_out_of_scope():
    c = court.choose_court(case(court_name="Juge des contentieux de la protection de Lyon"), AS_OF)
    assert (c.kind, c.in_scope) == ("juge_des_contentieux_de_la_protection", False)


def test_missing_court_says_which_kind_and_which_town():
    c = court.choose_court(case(debtor(address=("3 cours Émile Zola", "69100 Villeurbanne CEDEX"))), AS_OF)
    [issue] = court.court_issues(case(), c)
    assert issue.severity == "warning"
    assert str(issue) == (
        "cases/t.yaml:1:1: warning: court: missing; name the tribunal de commerce with jurisdiction over Villeurbanne "
        "(69100), where the debtor has its seat — it is a tribunal des activités économiques if that court sits in "
        "Auxerre, Avignon, Le Havre, Le Mans, Limoges, Lyon, Marseille, Nancy, Nanterre, Paris, Saint-Brieuc, Versailles")
    consumer = court.choose_court(case(debtor("consumer", legal_form=None)), AS_OF)
    assert court.court_issues(case(), consumer)[0].message == (
        "court: missing; name the tribunal judiciaire with jurisdiction over Lyon (69003), where the debtor lives")


def test_a_debtor_in_a_tae_town_gets_that_court_prefilled_with_a_warning():
    c = court.choose_court(case(), AS_OF)                        # 69003 Lyon: Lyon is a TAE seat, so certain
    assert (c.name, c.presumed, c.court_name, c.heading) == (
        None, "Tribunal des activités économiques de Lyon", "Tribunal des activités économiques de Lyon",
        "Tribunal des activités économiques de Lyon")
    [issue] = court.court_issues(case(), c)
    assert issue.message == ("court: missing; the debtor's seat is in Lyon (69003), a seat of a tribunal des activités "
                             "économiques: the request is addressed to the Tribunal des activités économiques de Lyon; "
                             "set court: to confirm")
    assert issue.fr == ("Tribunal non renseigné (court:)\u00a0: le siège du débiteur est à Lyon (69003), siège d’un "
                        "tribunal des activités économiques\u00a0; la requête est adressée au tribunal des activités "
                        "économiques de Lyon, à confirmer dans la fiche du dossier.")
    le_mans = court.choose_court(case(debtor(address=("1 rue X", "72000 Le Mans"))), AS_OF)
    assert le_mans.presumed == "Tribunal des activités économiques du Mans"
    # a neighbouring town is not certain (no map of the ressorts): nothing prefilled
    assert court.choose_court(case(debtor(address=("1 rue X", "69100 Villeurbanne"))), AS_OF).presumed is None
    assert court.choose_court(case(debtor("consumer", legal_form=None)), AS_OF).presumed is None   # TJ: no list


def test_named_court_is_the_heading_and_no_warning():
    c = court.choose_court(case(court_name="Tribunal des activités économiques de Lyon"), AS_OF)
    assert c.heading == "Tribunal des activités économiques de Lyon"
    assert court.court_issues(case(court_name="x"), c) == []


# --- readiness ------------------------------------------------------------------------------------------


def project():
    cred = Creditor(id="default", name="Atelier Martin SAS", source=Source("dossier.yaml", 5, 3),
                    address=("4 quai des Célestins", "69002 Lyon"), legal_form="SAS", signatory="Louise Martin")
    return Project(title="t", creditors={"default": cred}, source=Source("dossier.yaml"))


def statement(total="4188.23", provisional=False, issues=()):
    return SimpleNamespace(total=Decimal(total), provisional=provisional, issues=issues)


def ladder(notice: Event | None):
    return SimpleNamespace(formal_notice=SimpleNamespace(event=notice) if notice else None)


def ready(tmp_path: Path, c: Case, notice: Event | None = None, st=None) -> court_readiness.Readiness:
    return court_readiness.Readiness(c, project(), st or statement(), ladder(notice), AS_OF, tmp_path)


def pieces(tmp_path: Path, *names: str) -> None:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"%PDF-1.4\n")


NOTICE = ev(D(2026, 4, 17), "sent", 30, step="mise_en_demeure", received=D(2026, 4, 19), piece="cases/pieces/ar.pdf")


def test_ready_case_has_no_issue(tmp_path):
    pieces(tmp_path, "cases/pieces/devis.pdf", "cases/pieces/F1.pdf", "cases/pieces/ar.pdf")
    assert court_readiness.readiness(ready(tmp_path, case(events=[NOTICE]), NOTICE)) == []


def test_no_signed_quote_or_contract_is_weak_evidence(tmp_path):
    c = case(contract=Contract("aucun", Source("cases/t.yaml", 9, 3)))
    [issue] = court_readiness.check_contract(ready(tmp_path, c))
    assert (issue.severity, issue.code) == ("warning", "weak-evidence")
    assert str(issue) == ("cases/t.yaml:9:3: warning: contract: no signed quote, purchase order or contract: weak "
                          "evidence; the judge may reject the request (art. 1409 CPC) — attach any written acceptance "
                          "(emails, delivery note signed)")
    assert court_readiness.check_contract(ready(tmp_path, case(contract=None)))[0].code == "weak-evidence"


def test_formal_notice_without_acknowledgment_of_receipt(tmp_path):
    notice = ev(D(2026, 4, 17), "sent", 30, step="mise_en_demeure")
    [issue] = court_readiness.check_formal_notice(ready(tmp_path, case(events=[notice]), notice))
    assert str(issue) == ("cases/t.yaml:30:5: warning: events: the formal notice of 2026-04-17 has no acknowledgment "
                          "of receipt (received:): its receipt cannot be proven")
    unattached = ev(D(2026, 4, 17), "sent", 30, step="mise_en_demeure", received=D(2026, 4, 19))
    assert court_readiness.check_formal_notice(ready(tmp_path, case(), unattached))[0].code == "no-receipt-piece"


def test_exhibit_missing_on_disk_is_an_error(tmp_path):
    pieces(tmp_path, "cases/pieces/devis.pdf")
    issues = court_readiness.check_pieces_on_disk(ready(tmp_path, case(events=[NOTICE]), NOTICE))
    assert [(i.severity, str(i)) for i in issues] == [
        ("error", "cases/t.yaml:14:5: invoices: exhibit cases/pieces/F1.pdf (invoice F1) is missing on disk"),
        ("error", "cases/t.yaml:30:5: events: exhibit cases/pieces/ar.pdf (sent of 2026-04-17) is missing on disk"),
    ]


def test_open_dispute_means_the_claim_is_not_certain(tmp_path):
    events = [ev(D(2026, 5, 2), "dispute", 25, note="conteste la pose")]
    [issue] = court_readiness.check_certain_liquid_due(ready(tmp_path, case(events=events)))
    assert str(issue) == ("cases/t.yaml:25:5: events: a dispute is open since 2026-05-02: the claim is not certain; "
                          "answer it (dispute_resolved) before filing")
    resolved = events + [ev(D(2026, 6, 1), "dispute_resolved", 26)]
    assert court_readiness.check_certain_liquid_due(ready(tmp_path, case(events=resolved))) == []


def test_amount_not_fixed_or_not_due(tmp_path):
    late = Invoice("F2", D(2026, 11, 1), D(2026, 12, 1), Decimal("100.00"), Source("cases/t.yaml", 18, 5))
    c = case(invoices=(late,))
    issues = court_readiness.check_certain_liquid_due(ready(tmp_path, c, st=statement(provisional=True)))
    assert [(i.severity, i.code) for i in issues] == [("warning", "not-due"), ("warning", "draft-provisional-rate"),
                                                      ("error", "nothing-owed")]
    assert issues[0].message == "invoices: invoice F2 falls due on 2026-12-01: not yet due, it is left out of the request"
    pieces(tmp_path, "cases/pieces/devis.pdf")
    assert court_readiness.check_pieces_on_disk(ready(tmp_path, c)) == []      # a piece is not needed for what is not claimed
    from dossier.records.errors import error
    missing_rate = statement(issues=(error(SRC, "no rate for 2027-S1"),))
    assert [i.code for i in court_readiness.check_certain_liquid_due(ready(tmp_path, case(), st=missing_rate))] == ["not-liquid"]


def test_provisional_rate_makes_the_court_papers_drafts_and_names_the_rate(tmp_path):
    from dossier.law.ledger import InterestLine

    line = lambda start, rate, prov: InterestLine("F1", start, start, 1, Decimal("100"), Decimal(rate), Decimal("0.03"),
                                                  "x", prov)
    st = SimpleNamespace(total=Decimal("100.00"), provisional=True, issues=(), regime="l441_10",
                         lines=(line(D(2026, 6, 1), "12.15", False), line(D(2026, 7, 1), "12.40", True)))
    rows = court_readiness.provisional_rates(st, project())
    assert [(r.table, r.start, r.rate) for r in rows] == [("ecb_mro", D(2026, 7, 1), Decimal("2.40"))]
    [issue] = [i for i in court_readiness.check_certain_liquid_due(ready(tmp_path, case(), st=st)) if i.code == "draft-provisional-rate"]
    assert issue.fr == (
        "Requête en projet\u00a0: les intérêts sont calculés avec un taux provisoire (taux de refinancement de la BCE de "
        "2,40\u00a0% à compter du 1er\u00a0juillet\u00a02026)\u00a0; la requête, le bordereau et la lettre «\u00a0petites "
        "créances\u00a0» portent la mention «\u00a0PROJET — taux à confirmer avant dépôt\u00a0». Vérifier le taux officiel "
        "(BCE\u00a0: ecb.europa.eu\u00a0; taux légal\u00a0: arrêté publié au Journal officiel) et l’ajouter dans "
        "dossier.yaml, rubrique rates: - {table: ecb_mro, from: 2026-07-01, rate: <taux>, source: \"<publication "
        "officielle>\"}\u00a0; la mention disparaît alors.")
    assert issue.message.startswith("interest: computed with a provisional rate (ECB main refinancing rate 2.40 % from "
                                    "2026-07-01)")
    legal = SimpleNamespace(regime="legal", lines=(line(D(2026, 9, 25), "2.75", True),))
    assert [(r.table, r.start) for r in court_readiness.provisional_rates(legal, project())] == [("legal_autres_cas", D(2026, 7, 1))]
    # once dossier.yaml confirms the rate, the row is no longer provisional
    from dossier.records.model import RateOverride
    confirmed = dataclasses.replace(project(), rates=(RateOverride("ecb_mro", D(2026, 7, 1), Decimal("2.40"), "BCE",
                                                                   Source("dossier.yaml", 9, 5)),))
    assert court_readiness.provisional_rates(st, confirmed) == []


def test_a_signed_plan_or_terms_of_sale_not_attached(tmp_path):
    plan = ev(D(2026, 7, 22), "plan", signed=True)
    c = dataclasses.replace(case(events=(plan,)), contract=Contract("cgv", SRC, date=D(2026, 4, 14)))
    ctx = ready(tmp_path, c)
    [issue] = court_readiness.check_acknowledgment_pieces(ctx)
    assert (issue.code, issue.fr) == ("acknowledgment-piece-missing",
                                      "L’échéancier signé du 22\u00a0juillet\u00a02026 vaut reconnaissance de dette "
                                      "(art. 2240 C. civ.) et c’est la meilleure pièce\u00a0: joindre l’exemplaire signé "
                                      "(piece:).")
    assert [i.code for i in court_readiness.check_contract(ctx)] == ["weak-evidence", "contract-piece-missing"]
    attached = dataclasses.replace(c, events=(dataclasses.replace(plan, piece="cases/pieces/plan.pdf"),))
    assert court_readiness.check_acknowledgment_pieces(ready(tmp_path, attached)) == []


def test_creditor_identity_for_cpc_54(tmp_path):
    p = project()
    bare = Creditor(id="default", name="X", source=Source("dossier.yaml", 5, 3))
    p = Project(title="t", creditors={"default": bare}, source=p.source)
    [issue] = court_readiness.check_parties(court_readiness.Readiness(case(), p, statement(), ladder(None), AS_OF, tmp_path))
    assert issue.message == ("creditor: legal_form, address, signatory missing: the request must give the applicant's "
                             "legal form, registered office and legal representative (art. 54 CPC)")


# --- after filing ---------------------------------------------------------------------------------------


def deadlines(events, as_of):
    return [(d.kind, d.date) for d in court.court_deadlines(case(events=events), as_of)]


def test_service_deadline_six_months_for_an_order_of_31_august_2026():
    # 31 Aug 2026 + 6 months = 28 Feb 2027 (CPC 641: last day of the month), a Sunday → Monday 1 March (642)
    assert deadlines([ev(D(2026, 8, 31), "order")], D(2026, 11, 24)) == [("serve", D(2027, 3, 1))]
    assert court.service_months(D(2026, 8, 31)) == 6


def test_service_deadline_three_months_for_an_order_of_1_september_2026():
    # 1 Sep 2026 + 3 months = 1 Dec 2026, a Tuesday
    assert deadlines([ev(D(2026, 9, 1), "order")], D(2026, 11, 24)) == [("serve", D(2026, 12, 1))]
    assert court.service_months(D(2026, 9, 1)) == 3
    [d] = court.court_deadlines(case(events=[ev(D(2026, 9, 1), "order")]), D(2026, 11, 24))
    assert d.label == "Signifier l’ordonnance du 1er\u00a0septembre\u00a02026 (délai de 3 mois, art. 1411 CPC)"


def test_order_not_served_in_time_lapses():
    assert deadlines([ev(D(2026, 9, 1), "order")], D(2026, 12, 2)) == [("lapsed", D(2026, 12, 1))]
    late = [ev(D(2026, 9, 1), "order"), ev(D(2026, 12, 2), "served")]
    assert deadlines(late, D(2026, 12, 10)) == [("lapsed", D(2026, 12, 1))]


def test_opposition_window_and_enforceability_after_service():
    # old regime: served 15 March 2026, opposition until 15 April 2026, enforceable from 16 April
    old = [ev(D(2026, 2, 27), "order"), ev(D(2026, 3, 15), "served")]
    assert deadlines(old, D(2026, 3, 20)) == [("opposition", D(2026, 4, 15)), ("enforceable", D(2026, 4, 16))]
    # new regime: served 3 Dec 2026; opposition until 3 Jan 2027 (Sunday) → 4 Jan; enforceable 2 months + 1 day
    new = [ev(D(2026, 9, 15), "order"), ev(D(2026, 12, 3), "served")]
    assert deadlines(new, D(2026, 12, 10)) == [("opposition", D(2027, 1, 4)), ("enforceable", D(2027, 2, 4))]


def test_deadlines_carry_the_dates_of_the_order_and_the_service():
    [serve] = court.court_deadlines(case(events=[ev(D(2026, 9, 1), "order")]), D(2026, 11, 24))
    assert (serve.order, serve.served) == (D(2026, 9, 1), None)
    both = [ev(D(2026, 9, 15), "order"), ev(D(2026, 12, 3), "served")]
    assert [(d.kind, d.order, d.served) for d in court.court_deadlines(case(events=both), D(2026, 12, 10))] == [
        ("opposition", D(2026, 9, 15), D(2026, 12, 3)), ("enforceable", D(2026, 9, 15), D(2026, 12, 3))]
    late = [ev(D(2026, 9, 1), "order"), ev(D(2026, 12, 2), "served")]
    [lapsed] = court.court_deadlines(case(events=late), D(2026, 12, 10))
    assert (lapsed.kind, lapsed.order, lapsed.served) == ("lapsed", D(2026, 9, 1), D(2026, 12, 2))


def test_opposition_ends_our_deadlines_and_nothing_before_the_order():
    assert deadlines([ev(D(2026, 5, 1), "filed")], D(2026, 11, 24)) == []
    opposed = [ev(D(2026, 2, 27), "order"), ev(D(2026, 3, 15), "served"), ev(D(2026, 4, 2), "opposition")]
    assert deadlines(opposed, D(2026, 4, 3)) == []


def test_the_court_of_the_filed_event_names_the_court():
    c = court.choose_court(case(events=[ev(D(2026, 5, 6), "filed", court="Tribunal de commerce de Lyon")]), AS_OF)
    assert c.name == "Tribunal de commerce de Lyon"


# --- the French wording the status site shows (Issue.fr) ----------------------------------------------


def test_missing_court_is_also_worded_in_french_for_the_site():
    c = court.choose_court(case(debtor(address=("3 cours Émile Zola", "69100 Villeurbanne CEDEX"))), AS_OF)
    [issue] = court.court_issues(case(), c)
    assert issue.fr == (
        "Tribunal non renseigné (court:)\u00a0: indiquer le tribunal de commerce compétent pour Villeurbanne (69100), "
        "siège du débiteur. C’est un tribunal des activités économiques si ce tribunal siège à Auxerre, Avignon, "
        "Le Havre, Le Mans, Limoges, Lyon, Marseille, Nancy, Nanterre, Paris, Saint-Brieuc et Versailles.")
    consumer = court.choose_court(case(debtor("consumer", legal_form=None)), AS_OF)
    assert court.court_issues(case(), consumer)[0].fr == (
        "Tribunal non renseigné (court:)\u00a0: indiquer le tribunal judiciaire compétent pour Lyon (69003), "
        "domicile du débiteur.")


def test_a_consumers_claim_on_a_purchase_order_is_weak_evidence(tmp_path):
    order = Contract("bon_de_commande", Source("cases/t.yaml", 9, 3), D(2026, 1, 10), ("cases/pieces/bdc.pdf",))
    [issue] = court_readiness.evidence_issues(case(debtor("consumer", legal_form=None), contract=order))
    assert (issue.severity, issue.code, issue.source) == ("warning", "weak-evidence", Source("cases/t.yaml", 9, 3))
    assert issue.fr == "Preuve fragile\u00a0: envers un particulier, un devis signé est essentiel (pièce au dossier\u00a0: bon de commande)."
    assert court_readiness.evidence_issues(case(debtor("professional"), contract=order)) == []
    assert court_readiness.evidence_issues(case(debtor("consumer", legal_form=None))) == []   # a signed quote


def test_the_acknowledgment_not_attached_is_worded_in_french(tmp_path):
    unattached = ev(D(2026, 4, 17), "sent", 30, step="mise_en_demeure", received=D(2026, 4, 19))
    [issue] = court_readiness.check_formal_notice(ready(tmp_path, case(), unattached))
    assert str(issue) == ("cases/t.yaml:30:5: warning: events: the acknowledgment of receipt of 2026-04-19 is recorded "
                          "but not attached (piece:)")
    assert issue.fr == "L’accusé de réception du 19\u00a0avril\u00a02026 est enregistré mais n’est pas joint (piece:)."

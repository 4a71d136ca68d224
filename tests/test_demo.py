"""The demo portfolio: it loads cleanly, covers every situation a newcomer should see, and its pieces match it.

Every later test builds on these cases, so this file pins what each one
demonstrates (through the real loader, ledger and ladder) and that the PDF
pieces say what the case files say.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import io
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pypdf
import pytest

from dossier.law import ledger
from dossier.ladder import scenario
from dossier.law import calendar
from dossier.law.rates import load_tables
from dossier.records.load import load_repository
from dossier.records.model import Case, Repository
from dossier.law.money import date_long, euros

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 24)
WRITTEN = ("email", "letter", "lrar", "sms")


@lru_cache(maxsize=1)
def demo() -> Repository:
    repo, issues = load_repository(ROOT)
    assert repo is not None, "\n".join(map(str, issues))
    return repo


def case(case_id: str) -> Case:
    found = demo().case(case_id)
    assert found is not None, f"no demo case {case_id}"
    return found


def statement(case_id: str, as_of: dt.date = AS_OF) -> ledger.Statement:
    tables, _ = load_tables(demo().project)
    return ledger.statement(case(case_id), demo().project, as_of, tables)


def ladder(case_id: str, as_of: dt.date = AS_OF) -> scenario.Ladder:
    return scenario.ladder(case(case_id), demo().project, as_of, statement(case_id, as_of))


def make_pieces():
    spec = importlib.util.spec_from_file_location("make_demo_pieces", ROOT / "scripts" / "make_demo_pieces.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module        # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


# --- it loads -------------------------------------------------------------------------------------


def test_the_demo_loads_with_no_error_and_no_warning():
    repo, issues = load_repository(ROOT)
    # The demo's creditor names its consumer mediator (C. consom. R616-1): no warning.
    assert [str(i) for i in issues] == []
    assert repo.project.creditors["default"].mediator.name == "Médiation de la consommation Exemple"
    assert repo is not None
    assert len(repo.cases) == 16
    assert repo.project.creditors["default"].name == "Atelier Martin SAS"


def test_case_ids_are_the_file_stems_or_folder_names_sorted():
    ids = [c.id for c in demo().cases]
    assert ids == sorted(ids)
    for c in demo().cases:
        assert c.path in (f"cases/{c.id}.yaml", f"cases/{c.id}/dossier.yaml")


# --- coverage: every situation of the brief has its case ------------------------------------------


def test_debtors_of_every_kind():
    kinds = [c.debtor.kind for c in demo().cases]
    assert kinds.count("professional") == 10
    assert kinds.count("consumer") == 4
    assert kinds.count("public") == 2
    public = sorted(c.debtor.name for c in demo().cases if c.debtor.kind == "public")
    assert public == ["Communauté de communes des Vallons du Lyonnais", "Commune de Saint-Genis-Laval"]


def test_several_invoices_in_one_case():
    counts = {c.id: len(c.invoices) for c in demo().cases if len(c.invoices) > 1}
    assert counts == {"2026-023-agencements-perrin": 2, "2026-028-brasserie-du-parc": 3}


def test_payments_allocated_and_unallocated():
    payments = [(c.id, e) for c in demo().cases for e in c.events_of("payment")]
    assert any(e.invoice for _, e in payments) and any(not e.invoice for _, e in payments)
    # Brasserie du Parc: 1 500 € with no invoice go to the invoice due first (F2026-196).
    st = statement("2026-028-brasserie-du-parc")
    first = st.payments[0]
    assert (first.date, first.amount, first.invoice) == (dt.date(2026, 9, 11), Decimal("1500.00"), "F2026-196")


def test_an_open_dispute_pauses_and_a_resolved_one_does_not():
    hotel = ladder("2026-032-hotel-des-terreaux")
    assert hotel.status == "paused" and hotel.paused_by.type == "dispute"
    brotteaux = case("2026-019-pharmacie-des-brotteaux")
    assert [e.type for e in brotteaux.events_of("dispute", "dispute_resolved")] == ["dispute", "dispute_resolved"]
    assert ladder("2026-019-pharmacie-des-brotteaux").status == "open"


def test_a_signed_plan_kept_and_one_broken():
    klein = ladder("2026-020-boulangerie-klein")
    assert klein.status == "paused" and klein.broken_plan is None
    roux = ladder("2026-022-cave-roux")
    assert roux.broken_plan is not None and roux.broken_plan.date == dt.date(2026, 7, 22)
    assert roux.status == "open"


def test_a_broken_promise():
    (promise,) = case("2026-028-brasserie-du-parc").events_of("promise")
    assert promise.until == dt.date(2026, 9, 30)
    on_the_day = statement("2026-028-brasserie-du-parc", promise.until)
    assert next(i for i in on_the_day.invoices if i.number == "F2026-196").principal > 0


def test_a_claim_close_to_prescription_and_one_prescribed():
    bertin = statement("2025-004-bertin")
    assert bertin.prescription == dt.date(2027, 1, 9) and not bertin.prescribed
    assert (bertin.prescription - AS_OF).days <= 90
    canuts = statement("2021-037-cafe-des-canuts")
    assert canuts.prescription == dt.date(2026, 5, 31) and canuts.prescribed
    assert ladder("2021-037-cafe-des-canuts").status == "prescribed"


def test_insolvency_proceedings_with_their_bodacc_date():
    (event,) = case("2026-023-agencements-perrin").events_of("insolvency")
    assert (event.procedure, event.published) == ("redressement", dt.date(2026, 10, 29))
    assert event.mandataire == ("SELARL Bernard & Associés, mandataire judiciaire", "14 rue de la République", "69002 Lyon")
    actions = ladder("2026-023-agencements-perrin").next_actions
    # due at once (since the publication), the forclusion limit apart: 29 October + 2 months
    assert [(a.step, a.due, a.limit) for a in actions] == [("declaration_creance", dt.date(2026, 10, 29), dt.date(2026, 12, 29))]
    # the opening judgment of 21 October stops interest (C. com. L622-28): the declared claim, not 5 687,32 €
    st = statement("2026-023-agencements-perrin")
    assert (st.principal, st.interest, st.indemnity, st.total, st.interest_until) == (
        Decimal("5376.00"), Decimal("169.22"), Decimal("80.00"), Decimal("5625.22"), dt.date(2026, 10, 21))


def test_public_bodies_run_the_public_ladder_towards_the_refere_provision():
    for case_id in ("2026-018-saint-genis-laval", "2026-038-vallons-du-lyonnais"):
        assert case(case_id).scenario == "public"
        steps = [s.step.id for s in ladder(case_id).steps]
        assert steps[-1] == "refere_provision" and "injonction_de_payer" not in steps


def test_what_was_sold_and_the_rate_clause():
    assert all(inv.description for c in demo().cases for inv in c.invoices)
    assert case("2026-027-garnier").invoices[0].description == "fourniture et pose d'une cuisine, devis signé du 8 avril 2026"
    assert case("2026-033-ferrand").invoices[0].description == "réparation d'un escalier et d'une porte, commandée par téléphone le 27 août 2026"
    assert case("2026-025-vidal-architectes").interest.clause == "article 9 du contrat-cadre du 3 novembre 2025"
    assert case("2025-004-bertin").court == "Tribunal judiciaire de Lyon"


def test_a_claim_with_no_signed_quote():
    assert [c.id for c in demo().cases if c.contract and c.contract.kind == "aucun"] == ["2026-033-ferrand"]


@pytest.mark.parametrize("case_id, received, court_due", [
    ("2026-014-dupont", dt.date(2026, 4, 19), dt.date(2026, 5, 4)),
    ("2026-031-fromagerie-vasseur", dt.date(2026, 10, 28), dt.date(2026, 11, 12)),
])
def test_a_formal_notice_received_whose_deadline_has_passed_makes_the_court_step_due(case_id, received, court_due):
    lad = ladder(case_id)
    assert lad.formal_notice.event.received == received
    assert lad.deadline < AS_OF
    assert [(a.step, a.due) for a in lad.next_actions] == [("injonction_de_payer", court_due)]


def test_a_consumer_whose_formal_notice_was_received_owes_interest_from_the_next_day():
    st = statement("2026-027-garnier")
    assert st.debtor_kind == "consumer"
    assert st.interest_from == dt.date(2026, 9, 25)
    assert st.interest > 0 and st.indemnity == 0


def test_a_filed_claim_whose_order_is_to_be_served():
    from dossier.law import court

    garnier = case("2026-027-garnier")
    assert [(e.type, e.date) for e in garnier.events_of("filed", "order")] == [
        ("filed", dt.date(2026, 10, 14)), ("order", dt.date(2026, 10, 27))]
    assert ladder("2026-027-garnier").status == "litigation"
    # an order from 1 September 2026: 3 months to serve it (décret 2026-96)
    assert [(d.kind, d.date) for d in court.court_deadlines(garnier, AS_OF)] == [("serve", dt.date(2027, 1, 27))]


def test_a_debtor_in_alsace_moselle():
    klein = case("2026-020-boulangerie-klein")
    assert klein.debtor.department == "67"
    assert calendar.holiday_name(dt.date(2026, 12, 26), klein.debtor.department) is not None


def test_a_fully_paid_claim():
    st = statement("2026-026-moreau")
    assert st.settled and st.total == Decimal("0.00")
    assert ladder("2026-026-moreau").status == "paid"


def test_a_contractual_rate():
    assert case("2026-025-vidal-architectes").interest.rate == Decimal("10")
    assert statement("2026-025-vidal-architectes").regime == "contract"


def test_a_folder_case_keeps_its_pieces_beside_it():
    vasseur = case("2026-031-fromagerie-vasseur")
    assert vasseur.path == "cases/2026-031-fromagerie-vasseur/dossier.yaml"
    assert vasseur.invoices[0].piece == "cases/2026-031-fromagerie-vasseur/F2026-223.pdf"
    assert (ROOT / vasseur.invoices[0].piece).is_file()


def test_a_public_invoice_just_overdue_has_its_first_reminder_due():
    actions = ladder("2026-038-vallons-du-lyonnais").next_actions
    assert (actions[0].step, actions[0].due) == ("relance_informelle", dt.date(2026, 11, 23))


# --- the amounts worked out by hand in /work/notes/demo-cases.md ---------------------------------


@pytest.mark.parametrize("case_id, principal, interest, indemnity, total", [
    # 6 240,00 × 10,15 % × 188 / 365 = 326,22 (public buyer: ECB rate of 1 January 2026, 2,15 %, + 8 points)
    ("2026-018-saint-genis-laval", "6240.00", "326.22", "40.00", "6606.22"),
    # 10 % l'an: 33 days on 4 320,00 = 39,06, paid by the 2 000,00 of 31 August; 85 days on 2 359,06 = 54,94
    ("2026-025-vidal-architectes", "2359.06", "54.94", "40.00", "2454.00"),
    ("2026-026-moreau", "0.00", "0.00", "0.00", "0.00"),
])
def test_amounts_worked_out_by_hand(case_id, principal, interest, indemnity, total):
    got = ledger.to_json(statement(case_id))
    assert (got["principal"], got["interest"], got["indemnity"], got["total"]) == (principal, interest, indemnity, total)


def test_the_format_example_still_gives_the_documented_json_on_30_june_2026():
    got = ledger.to_json(statement("2026-014-dupont", dt.date(2026, 6, 30)))
    assert (got["principal"], got["interest"], got["indemnity"], got["total"], got["prescription"]) == (
        "3827.16", "129.95", "40.00", "3997.11", "2031-03-20")


# --- hand-written like a careful practitioner ------------------------------------------------------


def test_contacts_are_on_working_days_spaced_and_few():
    for c in demo().cases:
        steps = {s.id: s for s in demo().project.scenario_of(c).steps}
        contacts = [e for e in c.events if e.type in ("sent", "call")]
        assert len(contacts) <= 6, c.id
        for e in c.events:
            assert calendar.is_working_day(e.date, c.debtor.department), f"{c.id}: {e.type} on {e.date}"
        written = [e.date for e in c.events_of("sent") if steps[e.step].channel in WRITTEN]
        gaps = [(b - a).days for a, b in zip(written, written[1:])]
        assert all(g >= 7 for g in gaps), f"{c.id}: written contacts {gaps} days apart"


def test_invoice_numbers_follow_their_dates():
    invoices = sorted((i.date, i.number) for c in demo().cases for i in c.invoices)
    by_year: dict[int, list[str]] = {}
    for date, number in invoices:
        assert number.startswith(f"F{date.year}-"), number
        by_year.setdefault(date.year, []).append(number)
    for numbers in by_year.values():
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def test_sirens_are_well_formed():
    def luhn(digits: str) -> bool:
        total = 0
        for i, ch in enumerate(reversed(digits)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        return total % 10 == 0

    sirens = [demo().project.creditors["default"].siren] + [c.debtor.siren for c in demo().cases if c.debtor.siren]
    assert len(sirens) == 13
    for siren in sirens:
        assert len(siren) == 9 and siren.isdigit() and luhn(siren), siren


def test_no_real_mailbox_or_phone_line_is_named():
    """Reserved domains (RFC 2606) and the numbers ARCEP keeps for fiction: a demo must never reach anyone."""
    fiction = ("+3346571", "+3335301", "+3363998")   # 04 65 71 …, 03 53 01 …, 06 39 98 …
    for c in [*demo().cases]:
        domain = c.debtor.email.rsplit("@", 1)[1]
        assert domain.endswith(".example") or domain in ("example.net", "example.org", "example.com"), c.debtor.email
        assert c.debtor.phone.replace(" ", "").startswith(fiction), c.debtor.phone
    assert demo().project.creditors["default"].phone.replace(" ", "").startswith(fiction)


# --- the pieces -----------------------------------------------------------------------------------


def all_pieces() -> list[tuple[Case, str, str]]:
    """(case, kind, repository-relative path) for every piece a demo case names."""
    out = []
    for c in demo().cases:
        out += [(c, "invoice", i.piece) for i in c.invoices if i.piece]
        out += [(c, "contract", p) for p in (c.contract.pieces if c.contract else ())]
        out += [(c, "event", e.piece) for e in c.events if e.piece]      # receipts, a signed plan
    return out


def test_every_piece_is_a_small_one_page_pdf():
    pieces = all_pieces()
    assert len(pieces) == 38
    for _, _, rel in pieces:
        path = ROOT / rel
        assert path.read_bytes()[:5] == b"%PDF-", rel
        assert path.stat().st_size < 30_000, rel
        assert len(pypdf.PdfReader(path).pages) == 1, rel


def test_each_invoice_piece_states_the_number_dates_and_amount_of_the_case_file():
    invoices = [i for c in demo().cases for i in c.invoices]
    assert len(invoices) == 19 and all(i.piece for i in invoices)
    for inv in invoices:
        text = pdf_text(ROOT / inv.piece)
        assert f"FACTURE {inv.number}" in text, inv.piece
        assert euros(inv.amount) in text, inv.piece          # the amount due, "4 800,00 €"
        assert date_long(inv.date) in text and f"Date d'échéance : {date_long(inv.due)}" in text, inv.piece


def test_invoices_carry_the_l441_9_mentions_for_professionals_only():
    dupont = pdf_text(ROOT / case("2026-014-dupont").invoices[0].piece)
    assert "Total HT 4\u202f000,00\xa0€" in dupont and "TVA 20\xa0% sur 4\u202f000,00\xa0€ 800,00\xa0€" in dupont
    assert "majoré de 10" in dupont and "40\xa0€" in dupont and "D441-5" in dupont
    garnier = pdf_text(ROOT / case("2026-027-garnier").invoices[0].piece)
    assert "Acompte reçu − 3\u202f795,00\xa0€" in garnier and "40\xa0€" not in garnier
    vidal = pdf_text(ROOT / case("2026-025-vidal-architectes").invoices[0].piece)
    assert "taux contractuel de 10\xa0% l'an" in vidal


def test_the_signed_quote_and_the_acknowledgment_of_receipt_match_the_case_file():
    dupont = case("2026-014-dupont")
    quote = pdf_text(ROOT / dupont.contract.pieces[0])
    assert "DEVIS D2026-003" in quote and f"le {date_long(dupont.contract.date)}" in quote and "Bon pour accord" in quote
    notice = dupont.events_of("sent")[-1]
    receipt = pdf_text(ROOT / notice.piece)
    assert notice.tracking in receipt and f"Distribuée le\n{date_long(notice.received)}" in receipt.replace(" \n", "\n")


def test_the_terms_of_sale_signed_plan_and_receipt_of_cave_roux_match_the_case_file():
    def flat(text: str) -> str:        # one plain space for every run of spaces, no-break ones and line ends
        return " ".join(text.split())

    roux = case("2026-022-cave-roux")
    terms = flat(pdf_text(ROOT / roux.contract.pieces[0]))
    assert "CONDITIONS GÉNÉRALES DE VENTE" in terms and "Atelier Martin SAS" in terms
    assert "(article L441-10 du Code de commerce)" in terms and "recouvrement de 40 € (article D441-5" in terms
    assert "Lu et approuvé, le 14/04/2026" in terms and "Client : Cave Roux & Fils SARL" in terms
    (plan,) = roux.events_of("plan")
    signed = flat(pdf_text(ROOT / plan.piece))
    assert signed.startswith("ÉCHÉANCIER DE PAIEMENT ET RECONNAISSANCE DE DETTE")
    rows = [flat(f"{n} {date_long(i.due)} {euros(i.amount)}") for n, i in enumerate(plan.instalments, 1)]
    assert rows == ["1 10 août 2026 1 350,00 €", "2 10 septembre 2026 1 350,00 €", "3 12 octobre 2026 1 350,00 €",
                    "4 10 novembre 2026 1 350,00 €"]
    assert " ".join(rows) + " Total 5 400,00 €" in signed
    # the sum acknowledged is the tool's own échéancier's: the ledger on the day the plan was signed
    on_the_day = statement("2026-022-cave-roux", plan.date)
    assert on_the_day.total == Decimal("5489.35")
    assert flat(f"la somme de {euros(on_the_day.total)} au titre de la facture n° F2026-145") in signed
    assert flat(f"pénalités de retard : {euros(on_the_day.interest)} ;") in signed
    assert ("Bon pour reconnaissance de dette de 5 489,35 €, soit cinq mille quatre cent quatre-vingt-neuf euros et "
            "trente-cinq centimes.") in signed
    assert signed.count("Lu et approuvé") == 2 and flat(f"Fait en deux exemplaires, le {date_long(plan.date)}.") in signed
    notice = roux.events_of("sent")[-1]
    receipt = pdf_text(ROOT / notice.piece)
    assert notice.tracking in receipt and f"Distribuée le\n{date_long(notice.received)}" in receipt.replace(" \n", "\n")


def test_sums_in_words_follow_french_spelling():
    words = make_pieces().in_words
    assert words(Decimal("5489.35")) == "cinq mille quatre cent quatre-vingt-neuf euros et trente-cinq centimes"
    assert words(Decimal("80.00")) == "quatre-vingts euros"
    assert words(Decimal("200000.00")) == "deux cent mille euros"
    assert words(Decimal("21071.01")) == "vingt et un mille soixante et onze euros et un centime"


def test_the_purchase_order_is_the_debtors():
    c = case("2026-018-saint-genis-laval")
    text = pdf_text(ROOT / c.contract.pieces[0])
    assert "BON DE COMMANDE n° 2026-0187" in text and text.startswith("Commune de Saint-Genis-Laval")
    assert "Total TTC 6\u202f240,00\xa0€" in text


def test_the_pieces_are_up_to_date_and_rendered_deterministically():
    """Regenerating gives the same text as the committed files (bytes differ between font set-ups, text does not)."""
    module = make_pieces()
    html_by_path = module.pieces(ROOT)
    assert sorted(p.relative_to(ROOT).as_posix() for p in html_by_path) == sorted(rel for _, _, rel in all_pieces())
    first_path, first_html = next(iter(html_by_path.items()))
    assert module.render(first_html) == module.render(first_html)
    for path, html_text in html_by_path.items():
        fresh = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(module.render(html_text))).pages)
        assert fresh == pdf_text(path), path


def test_the_script_refuses_line_items_that_do_not_add_up(monkeypatch):
    module = make_pieces()
    monkeypatch.setitem(module.LINES, "F2026-031", (module.L("Meuble", "1", "u", "3999.99"),))
    with pytest.raises(SystemExit, match=r"F2026-031: the line items make 4799\.99, the case file says 4800\.00"):
        module.pieces(ROOT)


# --- what `dossier init` copies -------------------------------------------------------------------

INIT = ROOT / "src" / "dossier" / "data" / "init"


def test_the_init_example_case_loads_with_no_issue_once_the_creditor_is_filled_in(tmp_path: Path):
    import shutil

    from test_scaffold import PLACEHOLDERS

    shutil.copytree(INIT, tmp_path / "r")
    repo, issues = load_repository(tmp_path / "r")
    assert repo is None and {i.message.split(": ", 1)[1] for i in issues} == {'placeholder "À COMPLÉTER" to fill in'}
    text = (tmp_path / "r" / "dossier.yaml").read_text(encoding="utf-8")
    for placeholder, value in PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    (tmp_path / "r" / "dossier.yaml").write_text(text, encoding="utf-8")
    repo, issues = load_repository(tmp_path / "r")
    assert [str(i) for i in issues] == []
    assert [c.id for c in repo.cases] == ["2026-001-exemple"]
    assert statement_of(repo, "2026-001-exemple", dt.date(2026, 3, 31))["principal"] == "2400.00"


def statement_of(repo: Repository, case_id: str, as_of: dt.date) -> dict:
    tables, _ = load_tables(repo.project)
    return ledger.to_json(ledger.statement(repo.case(case_id), repo.project, as_of, tables))


def test_the_init_workflow_checks_builds_and_keeps_the_site_from_a_pinned_package():
    import yaml

    workflow = yaml.safe_load((INIT / "github" / "workflows" / "dossier.yml").read_text(encoding="utf-8"))
    # installed from where the user pins it, never from whatever PyPI calls "dossier"
    assert workflow["env"]["DOSSIER_PACKAGE"] == "${{ vars.DOSSIER_PACKAGE }}"
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    build = "dossier build --out site --cache .dossier-cache"
    assert "dossier check" in runs and build in runs
    assert runs.index("dossier check") < runs.index(build)
    cached = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cached["with"]["path"] == ".dossier-cache"
    upload = steps[-1]
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["with"]["path"] == "site/"
    assert any("libharfbuzz-subset0" in r for r in runs)
    assert "/site/" in (INIT / "gitignore").read_text(encoding="utf-8").splitlines()

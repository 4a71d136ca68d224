"""`dossier import payments`: bank credits matched to invoices, recorded once, the rest listed for review."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import json

import pytest
from click.testing import CliRunner

from dossier.cli import main

from dossier.imports.camt import read_camt
from dossier.imports.csv_payments import read_bank_csv
from dossier.imports.model import Problems
from dossier.imports.ofx import read_ofx
from dossier.imports.run_invoices import import_invoices
from dossier.imports.run_payments import import_payments
from dossier.ladder.result import compute_case
from dossier.records.load import load_repository
from imports_helpers import fixture, git, init_repo  # noqa: F401 - init_repo is a fixture

AS_OF = dt.date(2026, 12, 6)
INVOICES = ["aged-balance-latin1.csv", "F2026-0201.pdf", "F2026-0202.pdf", "F2026-0203.pdf"]
CASES = ("2026-002-boulangerie-klein", "2026-007-vidal-architectes", "2026-008-fromagerie-vasseur")


@pytest.fixture
def imported(init_repo):
    ok, _, lines = import_invoices(init_repo, [fixture(f) for f in INVOICES])
    assert ok, lines
    return init_repo


def figures(root):
    repo, _ = load_repository(root)
    out = {}
    for cid in CASES:
        r = compute_case(repo, repo.case(cid), AS_OF)
        out[cid] = (r.statement.principal, r.next_action.step, r.next_action.due)
    return out


def agenda(root) -> dict[str, Decimal]:
    """`dossier due --json`: the amount each case's line of the agenda claims."""
    out = CliRunner().invoke(main, ["due", "--repo", str(root), "--as-of", AS_OF.isoformat(), "--json"])
    data = json.loads(out.stdout)
    return {item["case"]: Decimal(item["amount"]) for bucket in ("overdue", "today", "upcoming") for item in data[bucket]}


def test_a_camt053_statement_records_the_matched_payments_once_and_lists_the_rest(imported, tmp_path):
    before = figures(imported)
    agenda_before = agenda(imported)
    head = git(imported, "rev-parse", "HEAD").strip()
    review = tmp_path / "a-revoir.csv"
    ok, result, lines = import_payments(imported, [fixture("camt053.xml")], review=review)
    assert ok, lines
    assert lines[0].endswith("import payments: 3 payments in 3 cases, 2 left for review")
    assert git(imported, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    assert result.said == [
        "case 2026-002-boulangerie-klein: payment 1200.00 on 2026-11-10 for F2026-0201 (by reference; id BQ2026111000001)",
        "case 2026-007-vidal-architectes: payment 2940.00 on 2026-11-12 for F2026-0202 (by reference; id BQ2026111200002)",
        "case 2026-008-fromagerie-vasseur: payment 1002.74 on 2026-11-14 for F2026-0107 (by name; id BQ2026111400006)",
    ]
    assert result.review == [
        "camt053.xml: 2026-11-13 500.00 CAVE ROUX « ACOMPTE FACTURES » (id BQ2026111300003): "
        "the name is the debtor's in 2026-003-cave-roux, but 500.00 is no open amount there",
        "camt053.xml: 2026-11-14 77.77 M. INCONNU « REMBOURSEMENT » (id BQ2026111400004): "
        "no case's reference, IBAN or name in this credit",
    ]
    assert review.read_text(encoding="utf-8-sig").splitlines() == [
        "date;montant;payeur;iban;libellé;identifiant;motif",
        "2026-11-13;500,00;CAVE ROUX;FR7612548029981234567890161;ACOMPTE FACTURES;BQ2026111300003;"
        "the name is the debtor's in 2026-003-cave-roux, but 500.00 is no open amount there",
        "2026-11-14;77,77;M. INCONNU;FR7630003000701234567890185;REMBOURSEMENT;BQ2026111400004;"
        "no case's reference, IBAN or name in this credit",
    ]
    text = (imported / "cases/2026-007-vidal-architectes.yaml").read_text(encoding="utf-8")
    assert text.endswith("events:\n  - {date: 2026-11-12, type: payment, amount: 2940.00, invoice: F2026-0202, "
                         'reference: VIR F2026-0202, transaction: "BQ2026111200002"}\n')
    after = figures(imported)
    # each payment pays its invoice's interest first (C. civ. 1343-1: 12,40 % a year, 10, 8 and 103 days), then principal
    assert {cid: before[cid][0] - after[cid][0] for cid in CASES} == {
        "2026-002-boulangerie-klein": Decimal("1200.00") - Decimal("4.08"),
        "2026-007-vidal-architectes": Decimal("2940.00") - Decimal("7.99"),
        "2026-008-fromagerie-vasseur": Decimal("1002.74") - Decimal("35.09")}
    agenda_after = agenda(imported)
    # the agenda (`dossier due`) claims less in those three cases only: the payment, and the interest it stops
    # (Klein: 1 195,92 € of principal less for 26 days at 12,40 % = 10,56 €)
    assert {cid: agenda_before[cid] - agenda_after[cid] for cid in agenda_before if agenda_before[cid] != agenda_after[cid]} == {
        "2026-002-boulangerie-klein": Decimal("1210.56"),
        "2026-007-vidal-architectes": Decimal("2963.90"),
        "2026-008-fromagerie-vasseur": Decimal("1009.97")}

    again_ok, again, again_lines = import_payments(imported, [fixture("camt053.xml")], review=review)
    assert again_ok and again.changes == {} and again_lines == []
    assert [line.split(" ")[0] for line in again.already] == ["BQ2026111000001", "BQ2026111200002", "BQ2026111400006"]
    assert git(imported, "rev-list", "--count", f"{head}..HEAD").strip() == "1"


def test_ofx_camt054_and_a_bank_csv_give_the_same_credits():
    problems = Problems()
    camt053 = read_camt(fixture("camt053.xml"), problems)
    camt054 = read_camt(fixture("camt054.xml"), problems)
    ofx = read_ofx(fixture("statement.ofx"), problems)
    csv = read_bank_csv(fixture("bank.csv"), "standard", {}, problems)
    assert problems.messages == []
    assert [(c.id, c.date, c.amount) for c in camt053] == [
        ("BQ2026111000001", dt.date(2026, 11, 10), Decimal("1200.00")),
        ("BQ2026111200002", dt.date(2026, 11, 12), Decimal("2940.00")),
        ("BQ2026111300003", dt.date(2026, 11, 13), Decimal("500.00")),
        ("BQ2026111400004", dt.date(2026, 11, 14), Decimal("77.77")),
        ("BQ2026111400006", dt.date(2026, 11, 14), Decimal("1002.74")),
    ]
    for other in (camt054, ofx, csv):   # the debit (bank charges) is left out everywhere
        assert [(c.id, c.date, c.amount) for c in other] == [(c.id, c.date, c.amount) for c in camt053]
    assert (camt053[0].name, camt053[0].iban, camt053[0].reference) == (
        "BOULANGERIE KLEIN", "FR7610107001011234567890129", "2026-002-boulangerie-klein — F2026-0201")
    assert (ofx[1].name, ofx[1].reference) == ("VIDAL ARCHITECTES", "VIDAL ARCHITECTES VIR F2026-0202")
    assert (csv[1].name, csv[1].reference) == ("VIR SEPA VIDAL ARCHITECTES", "VIR F2026-0202 VIR SEPA VIDAL ARCHITECTES")

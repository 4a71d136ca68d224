"""Public buyers (issue 14): the Chorus Pro deposit starts the payment period and is cited; the period per buyer."""
from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

from dossier.law import ledger, rates
from dossier.records.load import load_repository
from dossier.records.model import Chorus
from documents_helpers import copy_fixture, docs_of

NB, NN = "\u00a0", "\u202f"
CASE = "2026-041-saint-priest"


def public_case(tmp_path: Path, chorus: str = "", period: str = "") -> Path:
    root = copy_fixture("repo", tmp_path)
    path = root / "cases" / f"{CASE}.yaml"
    text = path.read_text(encoding="utf-8")
    if chorus:
        text = text.replace("    amount: 6000.00\n", f"    amount: 6000.00\n    chorus: {chorus}\n")
    if period:
        text = text.replace("  contact: M. le Maire\n", f"  contact: M. le Maire\n  payment_period: {period}\n")
    path.write_text(text, encoding="utf-8")
    return root


def test_the_deposit_and_the_period_are_read(tmp_path):
    root = public_case(tmp_path, '{deposited: 2026-09-20, number: "CPP-2026-0412"}', "50")
    repo, issues = load_repository(root)
    case = repo.case(CASE)
    assert case.debtor.payment_period == 50
    assert case.invoices[0].chorus == Chorus(dt.date(2026, 9, 20), "CPP-2026-0412")
    default = load_repository(copy_fixture("repo", tmp_path / "plain"))[0].case(CASE)
    assert default.debtor.payment_period == 30 and default.invoices[0].chorus is None


def test_bad_deposits_and_periods_are_errors(tmp_path):
    root = public_case(tmp_path, "{deposited: 2026-09-20}", "45")
    repo, issues = load_repository(root)
    messages = [str(i) for i in issues if i.severity == "error"]
    assert any("payment_period" in m and "expected a payment period of 30, 50 or 60 days (R2192-10 CCP), got 45" in m
               for m in messages), messages
    assert any("chorus" in m and "number" in m for m in messages), messages
    other = copy_fixture("repo", tmp_path / "pro")
    path = other / "cases" / "2026-014-dupont.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  kind: professional\n", "  kind: professional\n  payment_period: 60\n", 1),
                    encoding="utf-8")
    _, issues = load_repository(other)
    assert any("payment_period is the délai global de paiement of a public buyer" in str(i) for i in issues), \
        [str(i) for i in issues]


def test_interest_runs_from_the_end_of_the_period_counted_from_the_deposit(tmp_path):
    # Invoice of 1 September due 1 October, deposited on Chorus Pro on 20 September: 30 days from the deposit end on
    # 20 October, so interest (and the 40 € indemnity) run from 21 October, not from 2 October.
    root = public_case(tmp_path, '{deposited: 2026-09-20, number: "CPP-2026-0412"}')
    repo, _ = load_repository(root)
    tables = rates.load_tables(repo.project)[0]
    st = ledger.statement(repo.case(CASE), repo.project, dt.date(2026, 11, 24), tables)
    plain = ledger.statement(load_repository(copy_fixture("repo", tmp_path / "p"))[0].case(CASE), repo.project,
                             dt.date(2026, 11, 24), tables)
    assert st.invoices[0].lines[0].start == dt.date(2026, 10, 21)
    assert plain.invoices[0].lines[0].start == dt.date(2026, 10, 2)
    assert st.interest < plain.interest and st.indemnity == Decimal("40.00")
    # A deposit early enough leaves the written due date in force.
    early = public_case(tmp_path / "e", '{deposited: 2026-09-01, number: "CPP-1"}')
    repo_e, _ = load_repository(early)
    assert ledger.statement(repo_e.case(CASE), repo.project, dt.date(2026, 11, 24), tables).interest == plain.interest


def test_the_letters_cite_the_deposit_and_the_call_sheet_the_period(tmp_path):
    root = public_case(tmp_path, '{deposited: 2026-09-20, number: "CPP-2026-0412"}', "50")
    _, _, docs = docs_of(root, CASE)
    letter = docs["04-relance-ferme"].text
    assert (f"notre facture n°{NB}F2026-201 du 1er{NB}septembre{NB}2026, d’un montant de 6{NN}000,00{NB}€, déposée sur Chorus Pro "
            f"le 20{NB}septembre{NB}2026 sous le n°{NB}CPP-2026-0412, échue le 9{NB}novembre{NB}2026") in letter
    assert (f"à compter du lendemain de l’expiration du délai de paiement, qui ne peut excéder 50{NB}jours (article R2192-10 du "
            "même code) et court du dépôt de la facture sur Chorus Pro") in letter
    _, _, plain = docs_of(copy_fixture("repo", tmp_path / "plain"), CASE)
    assert "Chorus" not in plain["04-relance-ferme"].text
    assert (f"délai de paiement, qui ne peut excéder 30{NB}jours (article R2192-10 du même code), au taux"
            in plain["04-relance-ferme"].text)


def test_the_call_sheet_states_the_buyers_period(tmp_path):
    demo = Path(__file__).resolve().parents[2]
    root = tmp_path / "demo"
    shutil.copytree(demo / "cases", root / "cases")
    shutil.copy(demo / "dossier.yaml", root / "dossier.yaml")
    _, _, docs = docs_of(root, "2026-038-vallons-du-lyonnais")
    assert f"délai global de paiement est de 30{NB}jours (article R2192-10" in docs["02-appel"].text
    path = root / "cases" / "2026-038-vallons-du-lyonnais.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  kind: public\n", "  kind: public\n  payment_period: 50\n", 1),
                    encoding="utf-8")
    _, _, docs = docs_of(root, "2026-038-vallons-du-lyonnais")
    assert f"délai global de paiement est de 50{NB}jours (article R2192-10" in docs["02-appel"].text

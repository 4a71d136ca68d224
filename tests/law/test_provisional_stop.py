"""Review N3: urgent court papers on a provisional rate — the way out, and `provisional_rates: stop`."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from dossier.court import bundle
from dossier.law import court_readiness, ledger
from dossier.documents import documents
from dossier.ladder import scenario
from dossier.records.config import read_project
from dossier.law import rates
from dossier.records.load import load_repository

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 24)
NB = "\u00a0"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("claims")
    shutil.copy2(ROOT / "dossier.yaml", repo / "dossier.yaml")
    shutil.copytree(ROOT / "cases", repo / "cases")
    loaded, issues = load_repository(repo)
    assert loaded is not None, [str(i) for i in issues]
    return repo, loaded


def _with(demo, mode):
    root, repo = demo
    return root, dataclasses.replace(repo, project=dataclasses.replace(repo.project, provisional_rates=mode))


def compute(demo, case_id):
    root, repo = demo
    case = repo.case(case_id)
    tables, _ = rates.load_tables(repo.project)
    st = ledger.statement(case, repo.project, AS_OF, tables)
    ld = scenario.ladder(case, repo.project, AS_OF, st)
    return case, st, ld, documents.documents_for(case, repo.project, st, ld, AS_OF, root)


def build(demo, case_id):
    case, st, ld, docs = compute(demo, case_id)
    return bundle.build_bundle(case, demo[1].project, st, ld, AS_OF, demo[0], docs)


def flat(html: str) -> str:
    import re
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").replace(NB, " ").split())


# --- dossier.yaml ------------------------------------------------------------------------------

PROJECT = "creditor:\n  name: Atelier Martin SAS\n"


def test_provisional_rates_defaults_to_draft_and_accepts_stop(tmp_path):
    p, issues = read_project(PROJECT, tmp_path)
    assert issues == [] and p.provisional_rates == "draft"
    p, issues = read_project(PROJECT + "provisional_rates: stop\n", tmp_path)
    assert issues == [] and p.provisional_rates == "stop"


def test_provisional_rates_other_values_are_refused_with_the_line(tmp_path):
    p, issues = read_project(PROJECT + "provisional_rates: later\n", tmp_path)
    assert p is None
    assert [str(i) for i in issues] == ['dossier.yaml:3:20: provisional_rates: expected draft or stop, got "later"']


# --- the way out, in the readiness warning -----------------------------------------------------

ROW = '{table: legal_autres_cas, from: 2026-07-01, rate: <taux>, source: "<publication officielle>"}'


def test_bertin_urgent_request_names_the_way_out(demo):
    b = build(demo, "2025-004-bertin")        # prescription on 9 January 2027, 46 days away
    [issue] = [i for i in b.issues if i.code == "draft-provisional-rate"]
    assert issue.fr.endswith(
        f"la mention disparaît alors. Délai impératif{NB}: ne pas attendre la publication du taux. Soit confirmer dès "
        f"aujourd’hui le taux dans dossier.yaml, rubrique rates: - {ROW}, ce qui retire la mention PROJET{NB}; soit, "
        f"s’il ne peut être confirmé à temps, déposer avec les intérêts arrêtés au 30{NB}juin{NB}2026, dernier jour de "
        f"la dernière période dont le taux est confirmé, «{NB}outre les intérêts postérieurs au taux légal jusqu’à "
        f"parfait paiement{NB}»{NB}: écrire provisional_rates: stop dans dossier.yaml, et la requête est produite "
        f"ainsi, sans la mention PROJET.")
    assert "provisional_rates: stop" in issue.message
    assert "PROJET — taux à confirmer avant dépôt" in flat(b.request_html)


def test_a_request_far_from_prescription_gets_no_way_out(demo):
    case, st, ld, docs = compute(demo, "2025-004-bertin")
    ctx = court_readiness.Readiness(case, demo[1].project, st, ld, dt.date(2026, 10, 10), demo[0])   # 91 days before 9 Jan 2027
    [issue] = [i for i in court_readiness.check_certain_liquid_due(ctx) if i.code == "draft-provisional-rate"]
    assert issue.fr.endswith("la mention disparaît alors.")
    ctx = dataclasses.replace(ctx, as_of=dt.date(2026, 10, 11))                              # 90 days
    [issue] = [i for i in court_readiness.check_certain_liquid_due(ctx) if i.code == "draft-provisional-rate"]
    assert "Délai impératif" in issue.fr


# --- provisional_rates: stop, the request ------------------------------------------------------

def test_ledger_stops_interest_on_the_day_given(demo):
    case = demo[1].case("2025-004-bertin")
    tables, _ = rates.load_tables(demo[1].project)
    st = ledger.statement(case, demo[1].project, AS_OF, tables, stop=dt.date(2026, 6, 30))
    assert (st.interest, st.total, st.provisional) == (Decimal("120.01"), Decimal("3288.01"), False)
    assert [(ln.start, ln.end, ln.interest) for ln in st.lines] == [
        (dt.date(2025, 3, 15), dt.date(2025, 6, 30), Decimal("34.78")),
        (dt.date(2025, 7, 1), dt.date(2025, 12, 31), Decimal("44.07")),
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30), Decimal("41.16"))]
    full = ledger.statement(case, demo[1].project, AS_OF, tables)
    assert (full.interest, full.total, full.provisional) == (Decimal("155.10"), Decimal("3323.10"), True)
    assert court_readiness.last_confirmed_day(full) == dt.date(2026, 6, 30)
    assert court_readiness.last_confirmed_day(st) is None


def test_bertin_request_under_stop(demo):
    b = build(_with(demo, "stop"), "2025-004-bertin")
    assert b.total == Decimal("3288.01")        # 3 168,00 € + 34,78 + 44,07 + 41,16 € to 30 June 2026
    text = flat(b.request_html)
    assert "PROJET" not in text and "PROJET" not in flat(b.bordereau_html)
    assert "Intérêts de retard arrêtés au 30 juin 2026 120,01 € Total de la somme réclamée 3 288,01 €" in text
    assert ("Les intérêts de retard sont arrêtés au 30 juin 2026, dernier jour de la dernière période dont le taux est "
            "officiellement publié, outre les intérêts postérieurs au taux légal jusqu’à parfait paiement, et les "
            "dépens.") in text
    assert "au 01/07/2026" not in text and "2,75" not in text
    codes = [i.code for i in b.issues]
    assert "draft-provisional-rate" not in codes
    [issue] = [i for i in b.issues if i.code == "interest-stopped-provisional"]
    assert issue.fr == (f"Taux non confirmé{NB}: la requête et la lettre «{NB}petites créances{NB}» arrêtent les "
                        f"intérêts au 30{NB}juin{NB}2026, dernier jour de la dernière période dont le taux est confirmé "
                        f"(provisional_rates: stop dans dossier.yaml), en réservant les intérêts postérieurs.")


def test_stop_leaves_letters_to_the_debtor_unchanged(demo):
    *_, draft_docs = compute(demo, "2025-004-bertin")
    *_, stop_docs = compute(_with(demo, "stop"), "2025-004-bertin")
    assert [d.html for d in stop_docs] == [d.html for d in draft_docs]


# --- declaration of claim ----------------------------------------------------------------------

def _declaration(demo):
    *_, docs = compute(demo, "2026-023-agencements-perrin")
    [d] = [d for d in docs if d.name == "declaration-creance"]
    return d


def test_perrin_urgent_declaration_names_the_way_out(demo):
    d = _declaration(demo)                      # forclusion on 29 December 2026, 35 days away
    assert "PROJET — taux à confirmer avant dépôt" in d.text
    [issue] = [i for i in d.issues if i.code == "declaration-rate-urgent"]
    row = '{table: ecb_mro, from: 2026-07-01, rate: <taux>, source: "<publication officielle>"}'
    assert issue.fr == (
        f"Déclaration de créance en projet (taux provisoire), forclusion après le 29{NB}décembre{NB}2026 (art. L622-26 "
        f"C. com.). Délai impératif{NB}: ne pas attendre la publication du taux. Soit confirmer dès aujourd’hui le taux "
        f"dans dossier.yaml, rubrique rates: - {row}, ce qui retire la mention PROJET{NB}; soit, s’il ne peut être "
        f"confirmé à temps, déclarer la créance avec les intérêts arrêtés au 30{NB}juin{NB}2026, dernier jour de la "
        f"dernière période dont le taux est confirmé, «{NB}sous réserve des intérêts postérieurs au taux de l’article "
        f"L441-10 du Code de commerce jusqu’au jugement d’ouverture{NB}» (une créance dont le montant n’est pas encore "
        f"fixé se déclare sur la base d’une évaluation, art. L622-24 C. com.){NB}: écrire provisional_rates: stop dans "
        f"dossier.yaml, et la déclaration est produite ainsi, sans la mention PROJET.")


def test_perrin_declaration_under_stop(demo):
    d = _declaration(_with(demo, "stop"))
    # interest began on 13 July 2026, in the half-year whose rate is provisional: none is claimed, all is reserved
    assert (d.facts.total, d.facts.interest) == (Decimal("5456.00"), Decimal("0.00"))
    text = " ".join(d.text.replace("\u202f", " ").replace(NB, " ").split())
    assert "PROJET" not in text
    assert "pour un montant de 5 456,00 €, hors intérêts de retard et ainsi décomposé" in text
    assert ("La créance est déclarée sous réserve des intérêts de retard au taux de l’article L441-10 du Code de "
            "commerce, courus jusqu’au jugement d’ouverture du 21 octobre 2026, dont le montant sera précisé (article "
            "L622-24 du Code de commerce).") in text
    codes = [i.code for i in d.issues]
    assert "declaration-rate-urgent" not in codes and "interest-stopped-provisional" in codes


def test_declaration_stop_sentence_when_some_interest_is_confirmed(demo):
    case = demo[1].case("2025-004-bertin")
    tables, _ = rates.load_tables(demo[1].project)
    st = ledger.statement(case, demo[1].project, AS_OF, tables, stop=dt.date(2026, 6, 30))
    said = court_readiness.declaration_stop(st, dt.date(2026, 6, 30), dt.date(2026, 10, 21))
    assert said["intro"] == f"intérêts arrêtés au 30{NB}juin{NB}2026"
    assert said["sentence"] == (
        f"Les intérêts de retard sont arrêtés au 30{NB}juin{NB}2026, dernier jour de la dernière période dont le taux "
        f"est officiellement publié, la créance étant déclarée sous réserve des intérêts postérieurs au taux légal, "
        f"courus jusqu’au jugement d’ouverture du 21{NB}octobre{NB}2026, dont le montant sera précisé (article L622-24 "
        f"du Code de commerce)")

"""The request states the interest still to run by its rule, never « au taux indiqué au décompte » (issue 13).

Every legal rate changes each half-year: a figure would be wrong from the next
one, so the request names the rule the judge applies until payment.
"""
from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from dossier.court import bundle
from dossier.documents import documents, render
from dossier.ladder import scenario
from dossier.law import ledger, rates
from dossier.records.load import load_repository

ROOT = Path(__file__).resolve().parents[2]


def rule(regime: str, rate: Decimal | None = None, clause: str | None = None) -> str:
    statement = SimpleNamespace(regime=regime, rate=rate)
    case = SimpleNamespace(interest=SimpleNamespace(clause=clause) if clause else None)
    return render.render("bundle/taux-futur.html", {"statement": statement, "case": case})


def test_each_regime_names_its_rule() -> None:
    assert rule("l441_10") == ("au taux de l’article L441-10 du Code de commerce (taux de refinancement de la Banque "
                               "centrale européenne majoré de dix points, fixé pour chaque semestre)")
    assert rule("legal") == "au taux de l’intérêt légal (article 1231-6 du Code civil), tel qu’il est fixé pour chaque semestre"
    assert rule("public") == ("au taux des intérêts moratoires de l’article R2192-31 du Code de la commande publique (taux "
                              "de la Banque centrale européenne en vigueur au premier jour du semestre où ils ont commencé "
                              "à courir, majoré de huit points)")
    assert rule("contract", Decimal("9"), "article 9 du contrat-cadre d'avril") == \
        "au taux contractuel de 9,00\u00a0% l’an stipulé à l’article 9 du contrat-cadre d’avril"
    assert rule("contract", Decimal("9")) == "au taux contractuel de 9,00\u00a0% l’an"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("claims")
    shutil.copy2(ROOT / "dossier.yaml", repo / "dossier.yaml")
    shutil.copytree(ROOT / "cases", repo / "cases")
    loaded, issues = load_repository(repo)
    assert loaded is not None, [str(i) for i in issues]
    return repo, loaded


def request(demo, case_id: str, as_of: dt.date) -> str:
    root, repo = demo
    case = repo.case(case_id)
    st = ledger.statement(case, repo.project, as_of, rates.load_tables(repo.project)[0])
    ld = scenario.ladder(case, repo.project, as_of, st)
    docs = documents.documents_for(case, repo.project, st, ld, as_of, root)
    built = bundle.build_bundle(case, repo.project, st, ld, as_of, root, docs, pdf=False)
    return " ".join(built.request_html.split())


@pytest.mark.parametrize("case_id, as_of, expected", [
    ("2026-014-dupont", dt.date(2026, 11, 24), "Outre les intérêts de retard postérieurs au 24 novembre 2026, au taux de l’article L441-10 du Code de commerce"),
    ("2025-004-bertin", dt.date(2026, 6, 1), "Outre les intérêts de retard postérieurs au 1er juin 2026, au taux de l’intérêt légal (article 1231-6 du Code civil)"),
])
def test_the_request_of_a_demo_case_names_the_rule(demo, case_id, as_of, expected) -> None:
    html = request(demo, case_id, as_of)
    assert "indiqué au décompte" not in html
    assert expected in html.replace("<sup>er</sup>", "er")

"""The échéancier (issue 14): a draft's instalments add up to the acknowledged sum, a signed one is printed as signed;
penalties as a final line or waived."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from dossier.documents import plan
from dossier.records.errors import Source
from dossier.records.model import Instalment
from documents_helpers import FIXTURES, copy_fixture, docs_of

DEMO = Path(__file__).resolve().parents[2]
NB, NN = "\u00a0", "\u202f"


def rows(text: str) -> list[str]:
    start = text.index("Échéance | Date | Montant")
    return text[start:text.index("\n\n", start)].split("\n")[1:]


def test_the_last_instalment_absorbs_the_remainder():
    at = Source("x.yaml", 1)
    inst = [Instalment(dt.date(2026, 8, 31), Decimal("1220.00"), at), Instalment(dt.date(2026, 7, 31), Decimal("1220.00"), at)]
    got, adjusted = plan.schedule(inst, Decimal("2451.37"))
    assert adjusted and got == [{"due": dt.date(2026, 7, 31), "amount": Decimal("1220.00")},
                                {"due": dt.date(2026, 8, 31), "amount": Decimal("1231.37")}]
    assert plan.schedule(inst, Decimal("2440.00")) == ([{"due": dt.date(2026, 7, 31), "amount": Decimal("1220.00")},
                                                        {"due": dt.date(2026, 8, 31), "amount": Decimal("1220.00")}], False)
    # The earlier instalments already reach the sum: kept as written (the document says so and warns before signature).
    assert plan.schedule(inst, Decimal("1000.00"))[1] is False


def test_the_demo_plans_are_printed_as_signed_with_the_gap_and_the_penalties_on_a_final_line():
    # A signed plan is never re-cut: its instalments as written (6 × 1 220,00 € = 7 320,00 €); the 111,16 € they leave
    # of the acknowledged 7 431,16 € fall due with the final line, with the penalties: 7 320,00 + 365,09 = 7 685,09 €,
    # what the plan adjusted to 1 331,16 € would also cost (7 431,16 + 253,93).
    _, _, klein = docs_of(DEMO, "2026-020-boulangerie-klein")
    assert rows(klein["echeancier"].text) == [
        f"1 | 31{NB}juillet{NB}2026 | 1{NN}220,00{NB}€", f"2 | 31{NB}août{NB}2026 | 1{NN}220,00{NB}€",
        f"3 | 30{NB}septembre{NB}2026 | 1{NN}220,00{NB}€", f"4 | 30{NB}octobre{NB}2026 | 1{NN}220,00{NB}€",
        f"5 | 30{NB}novembre{NB}2026 | 1{NN}220,00{NB}€", f"6 | 31{NB}décembre{NB}2026 | 1{NN}220,00{NB}€",
        f"Total des échéances | | 7{NN}320,00{NB}€",
        f"Pénalités courues pendant l’échéancier et reste de la somme reconnue | 31{NB}décembre{NB}2026 | 365,09{NB}€"]
    text = klein["echeancier"].text
    assert f"la somme de 7{NN}431,16{NB}€ au titre" in text
    assert (f"Les échéances totalisent 7{NN}320,00{NB}€ pour une somme reconnue de 7{NN}431,16{NB}€ ; l’écart de "
            f"111,16{NB}€ est dû avec l’échéance finale (dernière ligne du tableau).") in text
    assert (f"Chaque échéance réglée à sa date, elles s’élèvent, avec cet écart, à 365,09{NB}€ au 31{NB}décembre{NB}2026, somme réglée en une "
            f"échéance finale à cette date (dernière ligne du tableau){NB}; tout retard de règlement en augmente le montant") in text
    assert "solde, arrêté" not in text and "que l’échéancier ne couvre pas" not in text
    _, _, roux = docs_of(DEMO, "2026-022-cave-roux")
    assert rows(roux["echeancier"].text)[-3:] == [
        f"4 | 10{NB}novembre{NB}2026 | 1{NN}350,00{NB}€", f"Total des échéances | | 5{NN}400,00{NB}€",
        f"Pénalités courues pendant l’échéancier et reste de la somme reconnue | 10{NB}novembre{NB}2026 | 213,34{NB}€"]
    assert klein["echeancier"].issues == () and roux["echeancier"].issues == ()


def test_the_penalties_may_be_waived_by_the_project(tmp_path):
    root = copy_fixture("repo", tmp_path)
    (root / "dossier.yaml").write_text((root / "dossier.yaml").read_text(encoding="utf-8") + "plan_penalties: waived\n",
                                       encoding="utf-8")
    project, _, docs = docs_of(root, "2026-043-klein")
    assert project.plan_penalties == "waived"
    text = docs["echeancier"].text
    assert rows(text)[-1] == f"Total des échéances | | 3{NN}600,00{NB}€"
    assert f"l’écart de 75,00{NB}€ reste dû avec la dernière échéance." in text
    assert ("Sous réserve du règlement de chaque échéance à sa date, le créancier renonce à réclamer les pénalités de retard, "
            "au taux de l’article L441-10 du Code de commerce (taux de refinancement de la Banque centrale européenne majoré de "
            f"10{NB}points), qui courraient sur le principal restant dû pendant l’exécution de l’échéancier{NB}; à défaut de "
            "règlement d’une échéance à sa date, cette renonciation est caduque et elles sont dues depuis le 10") in text
    assert "Pénalités courues" not in text


def test_the_fixture_plan_ends_with_the_penalties_line():
    _, _, docs = docs_of(FIXTURES / "repo", "2026-043-klein")
    assert rows(docs["echeancier"].text)[-3:] == [
        f"3 | 15{NB}décembre{NB}2026 | 1{NN}200,00{NB}€", f"Total des échéances | | 3{NN}600,00{NB}€",
        f"Pénalités courues pendant l’échéancier et reste de la somme reconnue | 15{NB}décembre{NB}2026 | 172,92{NB}€"]
    # An unsigned plan whose instalments fall short: tests/documents/test_documents.py (the warning).


def test_an_unknown_plan_penalties_setting_is_refused(tmp_path):
    from dossier.records.load import load_repository

    root = copy_fixture("repo", tmp_path)
    (root / "dossier.yaml").write_text((root / "dossier.yaml").read_text(encoding="utf-8") + "plan_penalties: solde\n",
                                       encoding="utf-8")
    repo, issues = load_repository(root)
    assert repo is None and any("plan_penalties" in str(i) for i in issues), [str(i) for i in issues]

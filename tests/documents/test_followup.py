"""The plan follow-up table (issue 14): each instalment of a signed plan, its status, what is paid and left."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from dossier.build import load_and_compute
from dossier.documents.documents import documents_for

ROOT = Path(__file__).resolve().parents[2]


def followup(case_id: str, as_of: dt.date):
    repo, results, issues = load_and_compute(ROOT, as_of)
    r = next(r for r in results if r.case.id == case_id)
    docs = {d.name: d for d in documents_for(r.case, repo.project, r.statement, r.ladder, as_of, ROOT)}
    return docs.get("suivi-echeancier")


def lines(doc) -> list[str]:
    return [" ".join(line.replace("\u00a0", " ").replace("\u202f", " ").split()) for line in doc.text.splitlines() if line.strip()]


def test_a_plan_being_kept_lists_its_instalments_paid_and_to_come() -> None:
    doc = followup("2026-020-boulangerie-klein", dt.date(2026, 11, 24))
    assert (doc.kind, doc.state, doc.date, doc.issues) == ("followup", "due", dt.date(2026, 11, 24), ())
    text = lines(doc)
    assert text[text.index("Tableau de suivi de l’échéancier") + 1:] == [
        "Dossier 2026-020-boulangerie-klein — Boulangerie Klein SARL, situation au 24 novembre 2026.",
        "Échéancier signé le 10 juillet 2026 : 6 échéances, 7 320,00 € au total.",
        "N° | Échéance | Montant | Statut",
        "1 | 31 juillet 2026 | 1 220,00 € | payée",
        "2 | 31 août 2026 | 1 220,00 € | payée",
        "3 | 30 septembre 2026 | 1 220,00 € | payée",
        "4 | 30 octobre 2026 | 1 220,00 € | payée",
        "5 | 30 novembre 2026 | 1 220,00 € | à venir",
        "6 | 31 décembre 2026 | 1 220,00 € | à venir",
        "- Réglé au titre de l’échéancier : 4 880,00 € ; reste à régler : 2 440,00 €.",
        "- Solde du dossier au 24 novembre 2026 : 2 783,44 €, dont 2 720,34 € de principal (décompte du dossier).",
        "- Prochaine échéance : 30 novembre 2026, 1 220,00 €.",
    ]


def test_a_broken_plan_shows_its_late_instalments() -> None:
    text = lines(followup("2026-022-cave-roux", dt.date(2026, 11, 24)))
    late = [t for t in text if t.endswith("| en retard")]
    assert [t.split(" | ")[1] for t in late] == ["12 octobre 2026", "10 novembre 2026"]
    assert any(t.startswith("- En retard : 2 échéances") and "la première du 12 octobre 2026" in t for t in text)


def test_no_table_without_a_signed_plan() -> None:
    assert followup("2026-014-dupont", dt.date(2026, 11, 24)) is None

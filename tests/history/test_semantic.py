"""Record-level differences in plain French, and the pull-request Markdown."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dossier.records.i18n import set_language
from dossier.records.config import read_project
from dossier.records.load import load_case_text
from dossier.history.revdiff import CaseDiff, diff_markdown
from dossier.history.semantic import case_changes
from dossier.history.wording import event_summary

from gitrepo import PROJECT


@pytest.fixture(autouse=True)
def french(monkeypatch: pytest.MonkeyPatch) -> None:
    """These summaries are pinned in French, the command line's default (tests/test_i18n.py pins the English)."""
    monkeypatch.setenv("DOSSIER_LANG", "fr")
    set_language("fr")


NN, NB = "\u202f", "\u00a0"   # thousands separator, space before €

BASE = """\
debtor:
  name: Dupont Rénovation SARL
  kind: professional
  address: ["12 rue des Lilas", "69003 Lyon"]
invoices:
  - {number: FA-2025-301, date: 2025-10-01, due: 2025-10-31, amount: 2350.40}
  - {number: FA-2025-317, date: 2025-10-15, due: 2025-11-14, amount: 3079.60}
events:
  - {date: 2025-11-20, type: sent, step: relance_informelle}
"""


@pytest.fixture
def case(tmp_path: Path):
    project, issues = read_project(PROJECT, tmp_path)
    assert project is not None, issues

    def load(text: str, path: str = "cases/2026-014-dupont.yaml"):
        c, issues = load_case_text(text, path, project, tmp_path)
        assert c is not None, [str(i) for i in issues]
        return c

    return load


def test_created_and_deleted(case):
    c = case(BASE)
    assert case_changes(None, c) == [f"dossier créé\u00a0: 2 factures, 5{NN}430,00{NB}€, 1 événement au journal"]
    one = case(BASE.replace("  - {number: FA-2025-317, date: 2025-10-15, due: 2025-11-14, amount: 3079.60}\n", "")
               .replace("events:\n  - {date: 2025-11-20, type: sent, step: relance_informelle}\n", ""))
    assert case_changes(None, one) == [f"dossier créé\u00a0: 1 facture, 2{NN}350,40{NB}€"]
    assert case_changes(c, None) == ["dossier supprimé"]
    assert case_changes(c, c) == []


def test_invoice_amount_added_and_removed(case):
    a = case(BASE)
    b = case(BASE.replace("amount: 2350.40", "amount: 2530.40"))
    assert case_changes(a, b) == [f"montant de la facture FA-2025-301\u00a0: 2{NN}350,40{NB}€ → 2{NN}530,40{NB}€"]
    c = case(BASE.replace("invoices:\n", "invoices:\n  - {number: FA-2025-290, date: 2025-09-10, due: 2025-10-10, amount: 980.00}\n")
             .replace("  - {number: FA-2025-317, date: 2025-10-15, due: 2025-11-14, amount: 3079.60}\n", ""))
    assert case_changes(a, c) == [
        f"facture FA-2025-290 ajoutée\u00a0: 980,00{NB}€, échéance 10/10/2025",
        "facture FA-2025-317 retirée",
    ]
    d = case(BASE.replace("due: 2025-10-31", "due: 2025-11-30"))
    assert case_changes(a, d) == ["échéance de la facture FA-2025-301\u00a0: 31/10/2025 → 30/11/2025"]


def test_debtor_and_terms(case):
    a = case(BASE)
    b = case(BASE.replace('"12 rue des Lilas"', '"14 rue des Lilas"')
             .replace("Dupont Rénovation SARL", "Dupont & Fils Rénovation SARL")
             .replace("kind: professional\n", "kind: professional\n  qualification: mauvaise_foi\n")
             + "interest:\n  rate: 12%\n  indemnity: false\n")
    assert case_changes(a, b) == [
        "nom du débiteur\u00a0: Dupont Rénovation SARL → Dupont & Fils Rénovation SARL",
        "adresse du débiteur modifiée",
        "qualification du débiteur\u00a0: — → mauvaise foi",
        f"taux d’intérêt\u00a0: légal → 12,00{NB}%",
        "indemnité forfaitaire de 40\u00a0€ plus réclamée",
    ]


def test_events_appended_edited_removed(case):
    a = case(BASE)
    b = case(BASE + "  - {date: 2025-11-28, type: payment, amount: 600.00, invoice: FA-2025-301}\n"
                    '  - {date: 2026-04-17, type: sent, step: mise_en_demeure, tracking: "1A 234 567 8901 2"}\n')
    assert case_changes(a, b) == [
        f"paiement de 600,00{NB}€ enregistré le 28/11/2025 sur la facture FA-2025-301",
        "mise en demeure envoyée le 17/04/2026",
    ]
    c = case(BASE + "  - {date: 2025-11-28, type: payment, amount: 600.00, invoice: FA-2025-301}\n"
                    '  - {date: 2026-04-17, type: sent, step: mise_en_demeure, tracking: "1A 234 567 8901 2", received: 2026-04-19}\n')
    assert case_changes(b, c) == ["envoi du 17/04/2026 corrigé\u00a0: date de réception\u00a0: — → 19/04/2026"]
    d = case(BASE.replace("events:\n  - {date: 2025-11-20, type: sent, step: relance_informelle}\n", "events: []\n"))
    assert case_changes(a, d) == ["événement supprimé du journal\u00a0: relance informelle envoyée le 20/11/2025"]


@pytest.mark.parametrize("line, expected", [
    ("{date: 2026-04-17, type: sent, step: mise_en_demeure, received: 2026-04-19}",
     "mise en demeure envoyée le 17/04/2026, reçue le 19/04/2026"),
    ("{date: 2026-03-09, type: sent, step: appel}", "appel téléphonique effectué le 09/03/2026"),
    ("{date: 2026-03-20, type: payment, amount: 1000.00}", f"paiement de 1{NN}000,00{NB}€ enregistré le 20/03/2026"),
    ("{date: 2026-03-25, type: call, outcome: promise, note: fin mars}", "appel téléphonique du 25/03/2026\u00a0: promesse de paiement"),
    ("{date: 2026-03-25, type: promise, until: 2026-03-31}", "promesse de paiement notée le 25/03/2026, pour le 31/03/2026"),
    ("{date: 2026-03-25, type: dispute}", "contestation du débiteur enregistrée le 25/03/2026"),
    ("{date: 2026-03-25, type: dispute_resolved}", "contestation levée le 25/03/2026"),
    ("{date: 2026-03-25, type: plan, signed: true, instalments: [{due: 2026-04-30, amount: 500.00}, {due: 2026-05-31, amount: 500.00}]}",
     f"échéancier de 2 échéances (1{NN}000,00{NB}€) signé le 25/03/2026"),
    ("{date: 2026-03-25, type: acknowledgment}", "reconnaissance de dette enregistrée le 25/03/2026"),
    ("{date: 2026-03-25, type: insolvency, procedure: redressement, published: 2026-03-20}",
     "redressement judiciaire enregistré le 25/03/2026 (BODACC du 20/03/2026)"),
    ("{date: 2026-03-25, type: insolvency, procedure: liquidation}", "liquidation judiciaire enregistrée le 25/03/2026"),
    ("{date: 2026-03-25, type: closed, reason: written_off}", "dossier clos le 25/03/2026 (passé en perte)"),
])
def test_event_summaries(case, line, expected):
    c = case(BASE + f"  - {line}\n")
    assert event_summary(c.events[-1]) == expected


def _json(total: str, principal: str, interest: str, status: str, actions: list) -> dict:
    return {"id": "x", "as_of": "2026-11-24", "status": status, "principal": principal, "interest": interest,
            "indemnity": "80.00", "total": total, "invoices": [], "prescription": "2030-10-01", "next_actions": actions,
            # case_json's `next_action` (ladder/next_action.py): here the last action due, the most advanced
            "next_action": actions[-1] if actions else None}


def test_diff_markdown_exact():
    before = _json("5620.12", "5430.00", "110.12", "open", [{"step": "relance_ferme", "due": "2025-12-01", "channel": "letter"}])
    after = _json("5020.12", "4830.00", "110.12", "open", [{"step": "mise_en_demeure", "due": "2025-12-15", "channel": "lrar"}])
    diffs = [
        CaseDiff("2026-020-zeta", "Zêta SAS", ("dossier supprimé",), before, None),
        CaseDiff("2026-014-dupont", "Dupont | Rénovation", (f"paiement de 600,00{NB}€ enregistré le 28/11/2025",), before, after),
    ]
    md = diff_markdown(diffs, "main (1a2b3c4)", "arbre de travail", dt.date(2026, 11, 24))
    assert md == f"""\
## dossier diff\u00a0: main (1a2b3c4) → arbre de travail

2 dossiers modifiés, calculs au 24/11/2026.

### 2026-014-dupont — Dupont \\| Rénovation

Changements dans le dossier\u00a0:

- paiement de 600,00{NB}€ enregistré le 28/11/2025

Calculé au 24/11/2026\u00a0:

| | avant | après |
|---|---:|---:|
| Principal | 5{NN}430,00{NB}€ | 4{NN}830,00{NB}€ |
| Total dû | 5{NN}620,12{NB}€ | 5{NN}020,12{NB}€ |
| Prochaine action | Relance ferme (01/12/2025) | Mise en demeure (15/12/2025) |

Devient à faire\u00a0: Mise en demeure.

N’est plus à faire\u00a0: Relance ferme.

### 2026-020-zeta — Zêta SAS

Changements dans le dossier\u00a0:

- dossier supprimé

Calculé au 24/11/2026\u00a0:

| | avant | après |
|---|---:|---:|
| Principal | 5{NN}430,00{NB}€ | — |
| Intérêts | 110,12{NB}€ | — |
| Indemnités | 80,00{NB}€ | — |
| Total dû | 5{NN}620,12{NB}€ | — |
| Statut | en cours | — |
| Prochaine action | Relance ferme (01/12/2025) | — |
| Prescription | 01/10/2030 | — |

N’est plus à faire\u00a0: Relance ferme.
"""
    assert diff_markdown([], "a", "b", dt.date(2026, 11, 24)) == "## dossier diff\u00a0: a → b\n\nAucun dossier modifié.\n"

"""The status site and its exports, written into a staging folder by `build.py`.

Static files only, in French, usable from ``file://``: every page links to
``assets/site.css`` relatively and loads nothing from elsewhere. Every value
from a dossier goes through the autoescaping template environment.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

from . import __version__, ledger, money, render, scenario
from .errors import Issue
from .model import Repository

STATIC = Path(__file__).parent / "static"

STATUS_LABELS = {
    "open": "en cours",
    "paused": "suspendu",
    "paid": "payé",
    "closed": "clos",
    "prescribed": "prescrit",
    "litigation": "contentieux",
}
KIND_LABELS = {"professional": "professionnel", "consumer": "particulier", "public": "personne publique"}
QUALIFICATION_LABELS = {
    "oubli": "simple oubli",
    "negligence": "négligence",
    "administratif": "problème administratif",
    "contestation": "contestation",
    "mauvaise_foi": "mauvaise foi",
    "difficulte_passagere": "difficulté de trésorerie passagère",
    "situation_preoccupante": "situation financière préoccupante",
    "insolvabilite": "insolvabilité avérée",
}
STEP_LABELS = {
    "relance_informelle": "Relance informelle",
    "relance_amiable": "Relance amiable",
    "appel": "Appel téléphonique",
    "relance_ferme": "Relance ferme",
    "mise_en_demeure": "Mise en demeure",
    "injonction_de_payer": "Requête en injonction de payer",
    "declaration_creance": "Déclaration de créance",
    "sms": "SMS",
}
STATE_LABELS = {"done": "faite", "due": "à faire", "upcoming": "à venir", "skipped": "sautée", "paused": "suspendue"}
CHANNEL_LABELS = {
    "email": "courriel",
    "letter": "courrier",
    "lrar": "recommandé AR",
    "sms": "SMS",
    "phone": "téléphone",
    "court": "tribunal",
    "declaration": "mandataire judiciaire",
}
EVENT_LABELS = {
    "sent": "Envoi",
    "payment": "Paiement",
    "call": "Appel",
    "promise": "Promesse de paiement",
    "dispute": "Contestation",
    "dispute_resolved": "Contestation levée",
    "plan": "Échéancier",
    "acknowledgment": "Reconnaissance de dette",
    "insolvency": "Procédure collective",
    "filed": "Requête déposée",
    "order": "Ordonnance",
    "served": "Signification",
    "opposition": "Opposition",
    "closed": "Clôture",
}


def step_label(step_id: str) -> str:
    return STEP_LABELS.get(step_id) or step_id.replace("_", " ").capitalize()


def write_site(repo: Repository, results: list, as_of: dt.date, out: Path, root: Path, pdf: bool = True) -> tuple[int, list[Issue]]:
    """Write every page and export of the site into `out`; returns (files written, issues)."""
    issues: list[Issue] = []
    written = 0
    env_root = str(root)
    common = {"site_title": repo.project.title, "as_of": as_of, "version": __version__}

    def page(rel: str, template: str, **context) -> None:
        nonlocal written
        depth = rel.count("/")
        html = render.render(template, {**common, "root": "../" * depth, **context}, env_root)
        write_file(out / rel, html.encode("utf-8"))
        written += 1

    rows = [_index_row(r) for r in results]
    totals = {k: sum((row[k] for row in rows), Decimal("0.00")) for k in ("principal", "interest", "indemnity", "total")}
    page("index.html", "site/index.html", rows=rows, totals=totals)
    for r in results:
        page(f"cases/{r.case.id}/index.html", "site/case.html", **_case_context(repo, r))
    write_file(out / "assets" / "site.css", (STATIC / "site.css").read_bytes())
    written += 1
    from .build import case_json

    api = json.dumps([case_json(r) for r in results], ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_file(out / "api" / "cases.json", api.encode("utf-8"))
    written += 1
    return written, issues


def _index_row(r) -> dict:
    actions = list(r.ladder.next_actions)
    first = actions[0] if actions else None
    return {
        "id": r.case.id,
        "debtor": r.case.debtor.name,
        "kind": KIND_LABELS[r.case.debtor.kind],
        "principal": r.statement.principal,
        "interest": r.statement.interest,
        "indemnity": r.statement.indemnity,
        "total": r.statement.total,
        "status": r.ladder.status,
        "status_label": STATUS_LABELS.get(r.ladder.status, r.ladder.status),
        "next_label": step_label(first.step) if first else "—",
        "next_due": first.due if first else None,
        "prescription": r.statement.prescription,
    }


def _case_context(repo: Repository, r) -> dict:
    case = r.case
    steps = [
        {
            "label": step_label(s.step.id),
            "channel": CHANNEL_LABELS.get(s.step.channel, s.step.channel),
            "state": STATE_LABELS.get(s.state, s.state),
            "date": s.date,
            "reason": s.reason,
        }
        for s in r.ladder.steps
    ]
    events = [{"date": e.date, "label": EVENT_LABELS.get(e.type, e.type), "detail": _event_detail(e)} for e in case.events]
    return {
        "case": case,
        "creditor": repo.project.creditor_of(case),
        "statement": r.statement,
        "status": r.ladder.status,
        "status_label": STATUS_LABELS.get(r.ladder.status, r.ladder.status),
        "kind_label": KIND_LABELS[case.debtor.kind],
        "qualification_label": QUALIFICATION_LABELS.get(case.debtor.qualification or "", ""),
        "warnings": sorted(r.issues, key=lambda i: (i.severity, i.message)),
        "steps": steps,
        "events": events,
    }


def _event_detail(e) -> str:
    parts = []
    if e.step:
        parts.append(step_label(e.step))
    if e.amount is not None:
        parts.append(money.euros(e.amount))
    if e.invoice:
        parts.append(f"facture {e.invoice}")
    if e.reference:
        parts.append(e.reference)
    if e.received:
        parts.append(f"reçu le {money.date_short(e.received)}")
    if e.until:
        parts.append(f"jusqu’au {money.date_short(e.until)}")
    if e.procedure:
        parts.append(e.procedure)
    if e.reason:
        parts.append(e.reason)
    if e.note:
        parts.append(f"« {e.note} »")
    return " — ".join(parts)


def write_file(path: Path, data: bytes) -> None:
    """Write atomically: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)

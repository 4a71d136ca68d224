"""A case page: what staff must notice first, the ladder, the timeline, the documents.

The flags (prescription, weak evidence, a dispute under which penalties keep
running, provisional rates), the steps of the ladder and the next actions, a
filed case's court deadlines, the timeline of the journal and of the Git
commits that touched the case, and the documents and court bundle already
written into ``cases/<id>/``, each with its state and its lint findings.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Iterable

from ..law import money
from ..law.court_readiness import evidence_issues
from ..records.errors import Issue, warning
from ..records.labels import (
    CHANNEL_LABELS,
    CONTRACT_LABELS,
    EVENT_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    QUALIFICATION_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    step_label,
)
from ..records.model import Repository
from ..records.i18n import _

# Issue codes that `flags()` puts first on the case page, in their own style.
FLAGGED_CODES = frozenset({"prescribed", "prescription-near", "rate-provisional"})
# The court bundle's findings that repeat a flag (weak evidence, provisional rate).
SAID_BY_FLAGS = frozenset({"weak-evidence", "provisional-rate"})

FORMAT_LABELS = {".html": "HTML", ".pdf": "PDF", ".eml": "courriel (.eml)", ".txt": "texte", ".zip": "archive ZIP", ".json": "JSON"}


# --- a case page ---------------------------------------------------------------------------


def flags(r, as_of: dt.date) -> list[dict]:
    """What staff must notice first on a case: prescription, weak evidence, provisional rates.

    Each is the French wording (`Issue.fr`) of the finding the ledger or the court checks
    emit, so the case page and the CLI say the same thing, once.
    """
    found = [i for i in r.issues if i.code in FLAGGED_CODES] + evidence_issues(r.case) + dispute_issues(r.case, r.statement, as_of)
    order = {"prescribed": 0, "prescription-near": 0, "weak-evidence": 1, "dispute-interest": 1, "rate-provisional": 2}
    out, seen = [], set()
    for i in sorted(found, key=lambda i: (order.get(i.code, 3), i.fr or i.message)):
        text = i.fr or i.message
        if text not in seen:
            seen.add(text)
            out.append({"kind": "bad" if i.code == "prescribed" else "warn", "code": i.code, "text": text})
    return out


def dispute_issues(case, statement, as_of: dt.date) -> list[Issue]:
    """Penalties keep running through a dispute (docs/format.md); when the dispute was well founded the debtor
    may oppose the exception d’inexécution (C. civ. 1219) to the penalties of that period: say so to the staff.
    """
    if getattr(statement, "accrued", Decimal(0)) <= 0:
        return []
    periods: list[list] = []     # [dispute event, resolved event or None]
    for e in case.events:
        if e.date > as_of:
            continue
        if e.type == "dispute" and not (periods and periods[-1][1] is None):
            periods.append([e, None])   # (a dispute that suspends interest is still a period: it is not warned about)
        elif e.type == "dispute_resolved" and periods and periods[-1][1] is None:
            periods[-1][1] = e
    out = []
    for start, end in periods:
        if start.suspends_interest:
            continue   # no interest for that period already (interest.suspensions)
        since = money.date_long(start.date)
        if end is None:
            out.append(warning(start.source, _("penalties keep running through the dispute open since {date}; "
                               "if it is well founded the debtor may refuse them for that period (C. civ. 1219)", date=start.date.isoformat()), "dispute-interest",
                               fr=f"Contestation en cours depuis le {since}\u00a0: les pénalités de retard continuent de courir. "
                                  "Si la contestation porte sur l’exécution de la prestation et s’avère fondée, le débiteur peut "
                                  "opposer l’exception d’inexécution (art.\u00a01219 C.\u00a0civ.)\u00a0: envisager de renoncer aux "
                                  "pénalités de la période contestée (suspends_interest: true sur la contestation)."))
        else:
            out.append(warning(start.source, _("penalties are claimed for the dispute of {date} to {date2}; "
                               "if it was well founded the debtor may refuse them for that period (C. civ. 1219)", date=start.date.isoformat(), date2=end.date.isoformat()), "dispute-interest",
                               fr=f"Contestation du {since}, levée le {money.date_long(end.date)}\u00a0: les pénalités de retard de "
                                  "cette période sont réclamées. Si la contestation était fondée (prestation reprise par le "
                                  "créancier), le débiteur peut les discuter (exception d’inexécution, art.\u00a01219 C.\u00a0civ.)\u00a0: "
                                  "envisager d’y renoncer pour cette période (suspends_interest: true sur la contestation)."))
    return out


def case_context(repo: Repository, r, as_of: dt.date, files: list[dict], history: list, docs: dict | None = None,
                 extra: Iterable[Issue] = ()) -> dict:
    case = r.case
    steps = [
        {
            "label": step_label(s.step.id),
            "channel": CHANNEL_LABELS.get(s.step.channel, s.step.channel),
            "state": s.state,
            "state_label": STATE_LABELS.get(s.state, s.state),
            "date": s.date,
            "reason": s.reason,
            "limit": getattr(s, "limit", None),
        }
        for s in r.ladder.steps
        if not _other_kinds_step(s, case.debtor.kind)
    ]
    bundle = [d for d in files if d["folder"] == "injonction"]
    return {
        "case": case,
        "creditor": repo.project.creditor_of(case),
        "statement": r.statement,
        "status": r.ladder.status,
        "status_label": STATUS_LABELS.get(r.ladder.status, r.ladder.status),
        "kind_label": KIND_LABELS[case.debtor.kind],
        "qualification_label": QUALIFICATION_LABELS.get(case.debtor.qualification or "", ""),
        "scenario": repo.project.scenario_choice(case),   # the ladder and why (docs/ladder.md, "Which ladder")
        "contract_label": CONTRACT_LABELS.get(case.contract.kind, case.contract.kind) if case.contract else "",
        "flags": flags(r, as_of),
        "warnings": sorted({*(i for i in r.issues if i.code not in FLAGGED_CODES),
                            *(i for i in extra if i.code not in SAID_BY_FLAGS)},
                           key=lambda i: (i.severity, i.fr or i.message, str(i.source))),   # the French shown: one order
        "steps": steps,
        "next_action": _next_action(r),
        "plan": _plan(r),
        "insolvency": _insolvency(r),
        "court_deadlines": _court_deadlines(r, as_of),
        "timeline": timeline(case, history, as_of),
        "documents": [d for d in files if d["folder"] == ""],
        "lint": [
            {"document": document_label(name), "severity": i.severity, "message": i.fr or i.message}
            for name, d in sorted((docs or {}).items()) for i in sorted(d.issues, key=lambda i: (i.severity, i.fr or i.message))
        ],
        "bundle": bundle,
    }


def _next_action(r) -> dict | None:
    """The case's one next action (ladder/next_action.py), as `due`, `status`, `show` and the home page name it."""
    a = r.next_action
    if a is None:
        return None
    return {"label": a.label, "text": a.text, "channel": CHANNEL_LABELS.get(a.channel, a.channel), "due": a.due,
            "limit": a.limit, "earlier": a.earlier, "alert": a.alert}


def _plan(r) -> dict | None:
    """The last payment plan, one dated line per instalment with its status (ladder/instalments.py)."""
    plan = r.plan
    if plan is None:
        return None
    return {"date": plan.event.date, "signed": plan.signed,
            "instalments": [{"number": i.number, "due": i.due, "amount": i.amount, "status": i.status,
                             "status_label": i.status_label} for i in plan.instalments]}


def _other_kinds_step(s, kind: str) -> bool:
    """A step for another kind of debtor (the standard ladder's court step for a public body, say): not shown."""
    when = s.step.when
    return s.state == "skipped" and when is not None and bool(when.debtor_kind) and kind not in when.debtor_kind


def _insolvency(r) -> dict | None:
    """Insolvency proceedings: the claim is declared, interest stopped at the opening judgment (C. com. L622-28)."""
    stop = getattr(r.statement, "interest_until", None)
    if stop is None:
        return None
    declared = any(s.step.channel == "declaration" and s.state == "done" for s in r.ladder.steps)
    return {"label": "Créance déclarée" if declared else "Créance à déclarer", "stop": stop}


def _court_deadlines(r, as_of: dt.date) -> list[dict]:
    """A filed case's deadlines, as in the agenda (`agenda.court_items`): what to do, by when, who acts."""
    if r.ladder.status != "litigation":
        return []
    from ..ladder import agenda

    return [{"label": i.label, "due": i.due, "channel": CHANNEL_LABELS.get(i.channel, i.channel), "alert": i.alert}
            for i in agenda.court_items(r.case, r.statement, as_of, as_of)]


def timeline(case, history: list, as_of: dt.date | None = None) -> list[dict]:
    """The journal's events and the Git commits that touched the case file, oldest first.

    The as-of date hides the future: events and commits dated after it are not listed."""
    items = [{"date": e.date, "order": 0, "source": "journal", "label": EVENT_LABELS.get(e.type, e.type), "detail": event_detail(e)}
             for e in case.events if as_of is None or e.date <= as_of]
    for entry in history:
        when = entry.date.date() if isinstance(entry.date, dt.datetime) else entry.date
        if as_of is not None and when > as_of:
            continue
        summary = "\u00a0; ".join(entry.summaries) if entry.summaries else "modification du dossier"
        items.append({"date": when, "order": 1, "source": "git", "label": f"Commit {entry.commit[:8]}", "detail": f"{summary} ({entry.author})",
                      "commit": entry.commit})
    return sorted(items, key=lambda x: (x["date"], x["order"]))


def event_detail(e) -> str:
    parts = []
    if e.step:
        parts.append(step_label(e.step))
    if e.amount is not None:
        parts.append(money.euros(e.amount))
    if e.invoice:
        parts.append(f"facture {e.invoice}")
    if e.reference:
        parts.append(e.reference)
    if e.tracking:
        parts.append(f"suivi {e.tracking}")
    if e.received:
        parts.append(f"reçu le {money.date_short(e.received)}")
    if e.outcome:
        parts.append(OUTCOME_LABELS.get(e.outcome, e.outcome))
    if e.until:
        parts.append(f"jusqu’au {money.date_short(e.until)}")
    if e.instalments:
        parts.append(f"{len(e.instalments)} échéances" + (", signé" if e.signed else ", non signé"))
    if e.procedure:
        parts.append(e.procedure)
    if e.published:
        parts.append(f"publiée au BODACC le {money.date_short(e.published)}")
    if e.reason:
        parts.append(e.reason)
    if e.court:
        parts.append(e.court)
    if e.note:
        parts.append(f"«\u00a0{e.note}\u00a0»")
    return " — ".join(parts)


DOCUMENT_STATES = {"sent": "envoyé le {date}", "due": "à envoyer", "upcoming": "aperçu, prévu le {date}"}


def case_files(out: Path, case_id: str, docs: dict | None = None) -> list[dict]:
    """The documents already written for a case (and its court bundle), grouped by name.

    Each is {folder, stem, label, state, links: [(format label, href relative to the case page)]};
    `state` says when a document was sent, when `docs` (documents.Document by name) knows it.
    """
    base = out / "cases" / case_id
    found: dict[tuple[str, str], list[Path]] = {}
    for folder in ("", "injonction"):
        where = base / folder if folder else base
        if not where.is_dir():
            continue
        for p in sorted(where.iterdir()):
            if p.is_file() and not p.name.startswith(".") and p.name != "index.html":
                found.setdefault((folder, p.stem), []).append(p)
    out_docs = []
    for (folder, stem), paths in sorted(found.items()):
        links = [(FORMAT_LABELS.get(p.suffix, p.suffix.lstrip(".")), (f"{folder}/" if folder else "") + p.name) for p in paths]
        known = (docs or {}).get(stem) if folder == "" else None
        state = ""
        if known is not None:
            state = "document interne" if getattr(known, "kind", None) == "followup" else \
                DOCUMENT_STATES.get(known.state, "").format(date=money.date_short(known.date))
            if getattr(known, "archived", ()):   # its PDF/.eml links are the archived files, as sent (history/archive.py)
                state += ", copie archivée de l’envoi"
        out_docs.append({"folder": folder, "stem": stem, "label": document_label(stem), "state": state, "links": links,
                         "step": getattr(known, "step_id", None)})
    return out_docs


DOCUMENT_LABELS = {
    "relance-informelle": "Relance informelle",
    "relance-amiable": "Relance amiable",
    "relance-ferme": "Relance ferme",
    "mise-en-demeure": "Mise en demeure",
    "appel": "Fiche d’appel",
    "appel-comptable": "Fiche d’appel au comptable public",
    "sms": "SMS",
    "echeancier": "Échéancier de paiement",
    "declaration-creance": "Déclaration de créance",
    "confirmation-promesse": "Confirmation d’une promesse de paiement",
    "reponse-contestation": "Réponse à une contestation",
    "suivi-echeancier": "Tableau de suivi de l’échéancier",
    "requete-injonction": "Requête en injonction de payer",
    "requete": "Requête en injonction de payer",
    "bordereau": "Bordereau des pièces",
    "dossier-complet": "Dossier complet (requête, bordereau et pièces)",
    "pieces": "Pièces",
    "manifest": "Empreintes des fichiers",
    "petites-creances": "Procédure simplifiée de recouvrement des petites créances",
}


def document_label(stem: str) -> str:
    """``03-relance-ferme`` → ``Relance ferme``; ``02-relance-amiable-2`` → ``Relance amiable (2)``."""
    words = stem.split("-")
    number = ""
    if len(words) > 1 and words[0].isdigit():
        words = words[1:]
    if len(words) > 1 and words[-1].isdigit():
        number = f" ({words[-1]})"
        words = words[:-1]
    key = "-".join(words)
    text = DOCUMENT_LABELS.get(key) or " ".join(words) or stem
    return text[:1].upper() + text[1:] + number

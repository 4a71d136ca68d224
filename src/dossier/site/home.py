"""The home page: the claims index, the portfolio totals and the agenda.

One row per case (also the lines of ``cases.csv``), the sums over the claims
that can still be claimed (closed, time-barred and declared ones apart), and
the agenda of what to send, call or file: overdue, today, the next
`AGENDA_DAYS` days, and the court deadlines beyond, each linking to the
documents already written for it.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .casepage import flags
from ..records.labels import CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS, step_label

AGENDA_DAYS = 14


# --- the claims index and the totals ------------------------------------------------------


def case_row(r, as_of: dt.date) -> dict:
    """One line of the claims index (and of cases.csv)."""
    first = r.next_action   # ladder/next_action.py: the action `due`, `status` and the case page name
    done = [s for s in r.ladder.steps if s.state == "done"]
    current = done[-1] if done else None
    due = r.statement.earliest_unpaid_due
    return {
        "id": r.case.id,
        "debtor": r.case.debtor.name,
        "siren": r.case.debtor.siren,
        "kind": r.case.debtor.kind,
        "kind_label": KIND_LABELS[r.case.debtor.kind],
        "principal": r.statement.principal,
        "interest": r.statement.interest,
        "indemnity": r.statement.indemnity,
        "total": r.statement.total,
        "days_late": max(0, (as_of - due).days) if due else None,
        "status": r.ladder.status,
        "status_label": STATUS_LABELS.get(r.ladder.status, r.ladder.status),
        "current_label": step_label(current.step.id) if current else "",
        "current_date": current.date if current else None,
        "next_label": first.label if first else "",
        "next_channel": CHANNEL_LABELS.get(first.channel, first.channel) if first else "",
        "next_due": first.due if first else None,
        "prescription": r.statement.prescription,
        "warnings": sum(1 for f in flags(r, as_of) if f["code"] != "rate-provisional"),
    }


def claim_class(r) -> str:
    """Where a case's balance belongs in the portfolio totals: closed, prescribed, declared or claimable.

    A time-barred claim can no longer be sued for, and a claim against a debtor in
    insolvency proceedings is only declared (C. com. L622-21: no individual action):
    neither is « réclamable »; each is summed apart.
    """
    if r.ladder.status == "closed":
        return "closed"
    if r.statement.prescribed:
        return "prescribed"
    if any(e.type == "insolvency" and e.date <= r.statement.as_of for e in r.case.events):
        return "declared"
    return "claimable"


def portfolio_totals(results) -> dict:
    """Sums over the claims that can still be claimed (closed, prescribed and declared ones apart), and what was recovered."""
    zero = Decimal("0.00")
    live = [r for r in results if claim_class(r) == "claimable"]
    totals = {k: sum((getattr(r.statement, k) for r in live), zero) for k in ("principal", "interest", "indemnity", "total")}
    totals["cases"] = len(results)
    totals["live"] = sum(1 for r in results if claim_class(r) != "closed" and r.statement.total > 0)
    for name in ("prescribed", "declared"):
        apart = [r for r in results if claim_class(r) == name and r.statement.total > 0]
        totals[name] = sum((r.statement.total for r in apart), zero)
        totals[f"{name}_cases"] = len(apart)
    totals["recovered"] = sum((r.statement.paid for r in results), zero)
    return totals


def statuses(rows: list[dict]) -> list[tuple[str, str, int]]:
    """(status, label, count) for the statuses present, in the order of STATUS_LABELS."""
    return [(s, label, n) for s, label in STATUS_LABELS.items() if (n := sum(1 for row in rows if row["status"] == s))]


# --- the agenda ----------------------------------------------------------------------------


def agenda_sections(results, as_of: dt.date, documents: dict):
    """The home page's agenda (`agenda.agenda`): overdue, today, next days; in each, send / call / file."""
    from ..ladder import agenda as agenda_mod

    ag = agenda_mod.agenda([(r.case, r.ladder, r.statement) for r in results], as_of, AGENDA_DAYS)
    titles = (("overdue", "En retard"), ("today", "Aujourd’hui"), ("upcoming", f"Dans les {AGENDA_DAYS} prochains jours"))
    if ag.later:   # court deadlines past the horizon: listed, they are fatal
        titles += (("later", f"Plus tard\u00a0: délais de procédure au-delà de {AGENDA_DAYS} jours"),)
    sections = []
    for key, title in titles:
        items = ag.bucket(key)
        groups = [
            {"kind": kind, "label": label, "total": total, "actions": [_agenda_item(i, documents, as_of) for i in chosen]}
            for kind, label, chosen, total in agenda_mod.groups(items)
        ]
        sections.append({"key": key, "title": title, "groups": groups, "count": len(items)})
    return sections, ag


def _agenda_item(i, documents: dict, as_of: dt.date) -> dict:
    files = documents.get(i.case_id, [])
    shown = [d for d in files if d["folder"] == "" and i.template and d["stem"].endswith(i.template)]
    # Review N4: a scenario may use one template for two steps (two calls): a row links only its own step's document.
    # A declaration of claim is written as step "declaration" whatever the ladder's step id (declaration_creance).
    shown = [d for d in shown if d.get("step") == i.step or (i.channel == "declaration" and d.get("step") == "declaration")] \
        or [d for d in shown if d.get("step") is None]
    links = [link for d in shown for link in d["links"]]
    if i.channel == "court":  # the court request goes with its bundle
        links += [(f"dossier complet ({fmt})", href) for d in files if d["folder"] == "injonction" and d["stem"] == "dossier-complet"
                  for fmt, href in d["links"]]
    return {
        "case_id": i.case_id,
        "debtor": i.debtor,
        "step": i.label,
        "alert": i.alert,
        "earlier": i.earlier,
        "channel": CHANNEL_LABELS.get(i.channel, i.channel),
        "due": i.due,
        "late_days": max(0, (as_of - i.due).days),
        "amount": i.amount,
        "phone": i.phone if i.kind == "call" else None,
        "prescription": i.prescription,
        "links": links,
    }

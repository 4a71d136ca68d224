"""A page and an export per creditor, for a firm that recovers for several clients.

Written when the repository holds several creditors (``creditors:``) or works in
agency mode (``agency: true``): ``creanciers/<id>.html`` is the client report
(its claims, what is recovered, what is in progress, by status), with the same
claims as ``creanciers/<id>.csv`` (the columns of ``cases.csv``) and
``creanciers/<id>.json`` (the case JSON of docs/format.md, as ``api/cases.json``).
"""
from __future__ import annotations

import json
from decimal import Decimal

from ..records.labels import STATUS_LABELS
from .debtors import slug

ZERO = Decimal("0.00")
FOLDER = "creanciers"


def wanted(project) -> bool:
    """A page per creditor only when it tells something: several creditors, or a firm acting for its clients."""
    return len(project.creditors) > 1 or project.agency is not None


def creditor_pages(project, results, rows: dict[str, dict], claim_class) -> list[dict]:
    """The context of each creditor's page, in the order of the creditors' ids; only creditors with cases."""
    out = []
    for cid, creditor in project.creditors.items():
        rs = sorted((r for r in results if r.case.creditor == cid), key=lambda r: r.case.id)
        if not rs:
            continue
        live = [r for r in rs if claim_class(r) == "claimable"]
        statuses = []
        for status, label in STATUS_LABELS.items():
            chosen = [r for r in rs if r.ladder.status == status]
            if chosen:
                statuses.append({"status": status, "label": label, "cases": len(chosen),
                                 "total": sum((r.statement.total for r in chosen), ZERO),
                                 "paid": sum((r.statement.paid for r in chosen), ZERO)})
        out.append({
            "id": cid,
            "file": slug(cid),
            "name": creditor.name,
            "siren": creditor.siren,
            "rows": [rows[r.case.id] for r in rs],
            "results": rs,
            "cases": len(rs),
            "in_progress": sum((r.statement.total for r in live), ZERO),
            "in_progress_cases": len(live),
            "recovered": sum((r.statement.paid for r in rs), ZERO),
            "claimed": sum((r.statement.total for r in rs), ZERO),
            "statuses": statuses,
        })
    return out


def creditor_json(results) -> bytes:
    from ..ladder.result import case_json

    return (json.dumps([case_json(r) for r in results], ensure_ascii=False, indent=2) + "\n").encode("utf-8")

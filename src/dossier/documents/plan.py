"""A payment plan's schedule: instalments that add up to the acknowledged sum, and the penalties that run meanwhile.

The last instalment of a plan still to sign absorbs the remainder (cents,
interest and indemnity acknowledged on top of the principal), so the agreement
never leaves an unknown « solde »; a signed plan is printed as signed, and a
gap between its instalments and the acknowledged sum is named and falls due
with the final line. The penalties that keep running on the principal during
the plan are either computed as a separate, final line (assuming every
instalment is paid on its date, each payment imputed first on interest,
article 1343-1 of the Civil code) or waived explicitly: the project's
``plan_penalties:`` setting.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any, Sequence

from ..law import ledger, rates
from ..records.model import Case, Event, Instalment, Project

ZERO = Decimal("0.00")


def case_as_of(case: Case, day: dt.date) -> Case:
    """The case as it stood on `day`: later events dropped, receipts not yet known removed."""
    events = tuple(
        replace(e, received=None) if e.received and e.received > day else e
        for e in case.events if e.date <= day
    )
    return replace(case, events=events)


def as_written(instalments: Sequence[Instalment]) -> list[dict]:
    """The instalments in date order, as the case file writes them."""
    return [{"due": i.due, "amount": i.amount} for i in sorted(instalments, key=lambda i: i.due)]


def schedule(instalments: Sequence[Instalment], total: Decimal) -> tuple[list[dict], bool]:
    """The instalments in date order, the last one set so that they add up to `total`, and whether it was changed.

    When the earlier instalments already reach `total`, the schedule is kept as written (the caller warns)."""
    rows = as_written(instalments)
    if not rows:
        return rows, False
    last = total - sum((r["amount"] for r in rows[:-1]), ZERO)
    if last <= ZERO or last == rows[-1]["amount"]:
        return rows, False
    rows[-1] = {**rows[-1], "amount": last}
    return rows, True


def penalties_during(case: Case, project: Project, plan: Event, rows: Sequence[dict]) -> Decimal:
    """The interest or penalties accrued from the plan's date to its last instalment, each instalment paid on its date."""
    if not rows:
        return ZERO
    before = case_as_of(case, plan.date)
    paid = tuple(Event(date=r["due"], type="payment", source=plan.source, amount=r["amount"],
                       reference=f"échéance {n}") for n, r in enumerate(rows, 1))
    tables = rates.load_tables(project)[0]
    end = rows[-1]["due"]
    st = ledger.statement(replace(before, events=before.events + paid), project, end, tables)
    return max(st.total, ZERO)


def plan_context(case: Case, project: Project, plan: Event, st: Any, running: str | None) -> dict:
    """The échéancier's schedule and its penalties line, for the template."""
    # A signed agreement is printed as the debtor signed it, never re-cut; a draft adds up to the acknowledged sum.
    rows, adjusted = (as_written(plan.instalments), False) if plan.signed else schedule(plan.instalments, st.total)
    total = sum((r["amount"] for r in rows), ZERO)
    mode = project.plan_penalties if running else None
    penalties = penalties_during(case, project, plan, rows) if mode == "final_line" else None
    last: dt.date | None = rows[-1]["due"] if rows else None
    return {"instalments": rows, "instalments_total": total, "last_adjusted": adjusted,
            "penalties_mode": mode, "penalties": penalties, "last_due": last}

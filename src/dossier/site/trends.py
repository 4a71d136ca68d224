"""Trends of the analytics page: the portfolio month by month, from the invoices and the journal.

For each of the last `MONTHS` months up to the as-of month (the as-of month counted to the as-of date):

- « Facturé non encaissé » at the month's end: the invoices dated by then, less the payments and credit
  notes of the journal by then, for each case (never below zero), summed. It is what the creditor has
  billed and not yet received (interest and indemnities aside: a payment counts in full);
- « Recouvré »: the payments of the month, as the ledger imputed them (the analytics' monthly bars);
- DSO (days sales outstanding): that amount over what was invoiced in the 365 days to the month's end,
  times 365, in whole days; « — » when nothing was invoiced then;
- the invoices fully paid in the month and their average days after the due date (paid early counts 0).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .charts import month_label, received

ZERO = Decimal("0.00")
MONTHS = 12


@dataclass(frozen=True)
class MonthTrend:
    month: dt.date              # first day of the month
    label: str
    outstanding: Decimal        # invoiced and not yet received at the month's end
    recovered: Decimal          # received in the month
    dso: int | None             # days sales outstanding at the month's end
    paid_invoices: int          # invoices fully paid in the month
    average_days: Decimal | None  # their average days after the due date, one decimal


def _months(as_of: dt.date, count: int) -> list[dt.date]:
    out, m = [], as_of.replace(day=1)
    for _ in range(count):
        out.append(m)
        m = (m - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def _end(month: dt.date, as_of: dt.date) -> dt.date:
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return min(nxt - dt.timedelta(days=1), as_of)


def _outstanding(r, day: dt.date) -> Decimal:
    billed = sum((inv.amount for inv in r.case.invoices if inv.date <= day), ZERO)
    got = sum((e.amount for e in r.case.events
               if e.type in ("payment", "credit_note") and e.amount is not None and e.date <= day), ZERO)
    return max(ZERO, billed - got)


def trends(results, as_of: dt.date, months: int = MONTHS) -> tuple[MonthTrend, ...]:
    out = []
    for month in _months(as_of, months):
        end = _end(month, as_of)
        outstanding = sum((_outstanding(r, end) for r in results), ZERO)
        recovered = sum((received(imp) for r in results for imp in r.statement.payments
                         if month <= imp.date <= end), ZERO)
        year_ago = end - dt.timedelta(days=365)
        invoiced = sum((inv.amount for r in results for inv in r.case.invoices if year_ago < inv.date <= end), ZERO)
        dso = int((outstanding / invoiced * 365).to_integral_value(rounding=ROUND_HALF_UP)) if invoiced else None
        paid = [max(0, (inv.paid_on - inv.due).days) for r in results for inv in r.statement.invoices
                if inv.paid_on is not None and month <= inv.paid_on <= end]
        average = (Decimal(sum(paid)) / len(paid)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if paid else None
        out.append(MonthTrend(month, month_label(month), outstanding, recovered, dso, len(paid), average))
    return tuple(out)

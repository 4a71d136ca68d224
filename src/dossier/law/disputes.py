"""Disputes over time, and the one restriction of a statement to what can be claimed on a day.

A `dispute` names the invoices it is about (`invoices:`, or the single `invoice:`), or none: then the
whole case. A `dispute_resolved` naming invoices resolves those only; without, every open dispute.
An invoice under an open dispute is set aside: the letters and the court request on that day neither
claim it nor count it, and say so (`set_aside_sentence`). Interest keeps running on it unless the
dispute `suspends_interest` (interest.py).

`claimable(statement, day)` is the one place that says which invoices a document dated `day` claims:
those due by then and not disputed on that day. The ladder (amounts), the letters and the court bundle
read it."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from ..records.model import Case, Event
from .money import date_long


@dataclass(frozen=True)
class Dispute:
    """One invoice's dispute (`invoice` None: the whole case's), from its date to its resolution (exclusive)."""

    invoice: str | None
    start: dt.date
    end: dt.date | None     # the day it was resolved; None while it lasts
    event: Event

    def open_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def is_dispute(e: Event) -> bool:
    return e.type == "dispute" or (e.type == "call" and e.outcome == "dispute")


def disputes(events: Iterable[Event], as_of: dt.date) -> tuple[Dispute, ...]:
    """The disputes of a journal up to `as_of`, one per invoice named (or one for the whole case)."""
    opened: dict[str | None, Event] = {}
    out: list[Dispute] = []
    for e in sorted((e for e in events if e.date <= as_of), key=lambda e: e.date):
        if is_dispute(e):
            for key in (e.disputed if e.type == "dispute" else ()) or (None,):
                opened.setdefault(key, e)
        elif e.type == "dispute_resolved":
            for key in (e.disputed or tuple(opened)):
                if key in opened:
                    out.append(Dispute(key, opened[key].date, e.date, opened.pop(key)))
    out += [Dispute(key, e.date, None, e) for key, e in opened.items()]
    return tuple(sorted(out, key=lambda d: (d.start, d.invoice or "")))


def of_case(case: Case, as_of: dt.date) -> tuple[Dispute, ...]:
    return disputes(case.events, as_of)


def set_aside_on(found: Iterable[Dispute], day: dt.date) -> dict[str, Dispute]:
    """Invoice number → its dispute open on `day` (the invoices named by a dispute, not a whole-case one)."""
    return {d.invoice: d for d in found if d.invoice is not None and d.open_on(day)}


def set_aside_sentence(d: Dispute) -> str:
    """« La facture F2026-031, contestée le 3 mars 2026, fait l’objet d’un examen séparé et n’est pas comprise dans
    la présente demande. »"""
    return (f"La facture {d.invoice}, contestée le {date_long(d.start)}, fait l’objet d’un examen séparé et "
            "n’est pas comprise dans la présente demande.")


def restrict(st: Any, numbers: set[str]) -> Any:
    """The statement restricted to the invoices `numbers`: sums, payments, earliest unpaid due recomputed."""
    keep = tuple(i for i in st.invoices if i.number in numbers)
    zero = Decimal("0.00")
    principal = sum((i.principal for i in keep), zero)
    interest = sum((i.interest for i in keep), zero)
    indemnity = sum((i.indemnity for i in keep), zero)
    total = principal + interest + indemnity
    return dataclasses.replace(
        st,
        invoices=keep,
        principal=principal,
        interest=interest,
        indemnity=indemnity,
        total=total,
        paid=sum((i.paid_principal + i.paid_interest + i.paid_indemnity for i in keep), zero),
        payments=tuple(p for p in st.payments if p.invoice is None or p.invoice in numbers),
        amount=sum((i.amount for i in keep), zero),
        accrued=sum((i.accrued for i in keep), zero),
        earliest_unpaid_due=min((i.due for i in keep if i.principal > 0), default=None),
        settled=total == 0,
    )


def undisputed(st: Any, day: dt.date) -> Any:
    """The statement without the invoices disputed on `day` (they go to `set_aside`); itself when none is, or
    when every invoice still owing is (the case is paused then, not claimed in part)."""
    aside = set_aside_on(getattr(st, "disputes", ()), day)
    if not aside or not dataclasses.is_dataclass(st):
        return st
    aside = {n: d for n, d in aside.items() if any(i.number == n for i in st.invoices)}
    owing = [i for i in st.invoices if i.principal > 0 or i.interest > 0 or i.indemnity > 0]
    if not aside or all(i.number in aside for i in owing):
        return st
    out = restrict(st, {i.number for i in st.invoices if i.number not in aside})
    return dataclasses.replace(out, set_aside=tuple(sorted(aside.values(), key=lambda d: (d.start, d.invoice))))


def all_disputed(st: Any, found: Iterable[Dispute], day: dt.date) -> Dispute | None:
    """The latest of the disputes that together cover every invoice still owing principal on `day`, or None."""
    aside = set_aside_on(found, day)
    unpaid = [i.number for i in st.invoices if i.principal > 0]
    if not unpaid or not all(n in aside for n in unpaid):
        return None
    return max((aside[n] for n in unpaid), key=lambda d: d.start)


def claimable(st: Any, day: dt.date, *, letter: bool = False) -> Any:
    """What a document dated `day` claims: the invoices due on `day` (art. 1405 CPC, the court request) and not
    disputed on `day`. `letter`: a letter claims the invoices due before its date, and when none is, it is left
    whole (documents/builders.py says there is nothing owed)."""
    if not dataclasses.is_dataclass(st):
        return st
    due = {i.number for i in st.invoices if (i.due < day if letter else i.due <= day)}
    if len(due) < len(st.invoices) and (due or not letter):
        st = restrict(st, due)
    return undisputed(st, day)

"""Payments imputed to invoices while the journal of a case is replayed.

The running account of each invoice (its principal, interest accrued and paid),
interest accrued up to a day and rounded to the cent, and one payment imputed
(C. civ. 1343-1: its invoice, else the invoice due first; interest, then
principal; then the 40 € indemnities). Below ledger.py, which replays the
journal and sums the statement; see docs/ledger.md.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ..records.errors import error, warning
from ..records.model import Event, Invoice
from .interest import DAYS_PER_YEAR, INDEMNITY, ONE_DAY, _Regime, _pieces, _running, public_deadline
from .money import ZERO, as_str, cents, date_long, euros
from .rates import RateTables
from ..records.i18n import _


@dataclass(frozen=True)
class InterestLine:
    """Interest on one invoice over one period at one rate (dates inclusive)."""

    invoice: str
    start: dt.date
    end: dt.date
    days: int
    base: Decimal          # the principal the interest runs on
    rate: Decimal          # annual %, e.g. Decimal("12.15")
    interest: Decimal      # cents; the lines of one span add up to the span's rounded interest
    basis: str             # short French legal basis, shown to the debtor
    provisional: bool = False


@dataclass(frozen=True)
class Imputation:
    """What one payment paid on one invoice (one row per invoice touched).

    `invoice` is None for the row of a payment (or its remainder) that found
    nothing left to pay: its `unallocated` part.
    """

    date: dt.date
    amount: Decimal        # the whole payment
    invoice: str | None
    to_interest: Decimal
    to_principal: Decimal
    to_indemnity: Decimal = ZERO
    unallocated: Decimal = ZERO
    reference: str | None = None



@dataclass(frozen=True)
class CreditNote:
    """A credit note (avoir) applied to its invoice: `amount` taken off the principal on `date`."""

    date: dt.date
    number: str
    invoice: str
    amount: Decimal
    reference: str | None = None


@dataclass
class Account:
    """The running state of one invoice while the journal is replayed (private, mutable)."""

    inv: Invoice
    first_day: dt.date | None       # first day of interest
    principal: Decimal
    next_day: dt.date                # first day not yet accrued
    interest: Decimal = ZERO         # accrued, rounded, not yet paid
    accrued: Decimal = ZERO
    paid_interest: Decimal = ZERO
    paid_principal: Decimal = ZERO
    paid_indemnity: Decimal = ZERO
    paid_on: dt.date | None = None
    credited: Decimal = ZERO         # taken off the principal by credit notes
    lines: list[InterestLine] = field(default_factory=list)
    touched: list[dt.date] = field(default_factory=list)   # payment dates imputed to it

    def owes(self) -> bool:
        return self.principal > 0 or self.interest > 0


def accrue(acc: Account, until: dt.date, regime: _Regime, tables: RateTables, used: dict, missing: set) -> None:
    """Accrue interest on `acc` through `until` (inclusive) and round it to the cent."""
    start = acc.next_day
    acc.next_day = max(acc.next_day, until + ONE_DAY)
    if acc.first_day is None or acc.principal <= 0:
        return
    if regime.stop is not None:
        until = min(until, regime.stop)
    start = max(start, acc.first_day)
    if start > until:
        return
    base = acc.principal
    cumulative = Decimal(0)
    shown = ZERO
    pieces = [p for a, b in _running(regime, acc.inv.number, start, until) for p in _pieces(regime, tables, acc.first_day, a, b)]
    for piece in pieces:
        if piece.rate is None:
            missing.add(piece.missing)
            continue
        days = (piece.end - piece.start).days + 1
        cumulative += base * piece.rate * days
        upto = cents(cumulative / DAYS_PER_YEAR)
        provisional = piece.row is not None and piece.row.provisional
        if provisional:
            used[(piece.row.table, piece.row.start)] = piece.row
        acc.lines.append(InterestLine(acc.inv.number, piece.start, piece.end, days, base, piece.rate, upto - shown, piece.basis, provisional))
        shown = upto
    acc.interest += shown
    acc.accrued += shown


def fifo_key(inv: Invoice) -> tuple:
    return (inv.due, inv.date, inv.number)


def indemnity_due(acc: Account, regime: _Regime, day: dt.date) -> Decimal:
    """40 € once the invoice is late on `day` and was not paid by its due date."""
    deadline = public_deadline(regime, acc.inv)   # the due date; for a Chorus Pro deposit, the payment period's end
    if not regime.indemnity or day <= deadline:
        return ZERO
    if acc.paid_on is not None and acc.paid_on <= deadline:
        return ZERO
    return INDEMNITY


def impute(event: Event, accounts: dict, fifo: list, regime: _Regime, tables: RateTables, used: dict, missing: set, issues: list) -> tuple[Decimal, list[Imputation]]:
    """Impute one payment; returns what is left unallocated and the rows."""
    day, left = event.date, event.amount
    order = list(fifo)
    if event.invoice:
        named = accounts.get(event.invoice)
        if named is None:
            issues.append(warning(event.source, _("payment of {as_str} names invoice {invoice!r}, which this case does not have (on {day}): imputed to the invoice due first", as_str=as_str(event.amount), invoice=event.invoice, day=day.isoformat()), "payment-invoice",
                                  fr=f"Le paiement de {euros(event.amount)} du {date_long(day)} vise la facture «\u00a0{event.invoice}\u00a0», "
                                     "absente du dossier\u00a0: il est imputé sur la facture échue la première."))
        else:
            order.remove(named)
            order.insert(0, named)
    rows: dict[str, list[Decimal]] = {}
    for acc in order:
        if left <= 0:
            break
        accrue(acc, day, regime, tables, used, missing)
        to_interest = min(left, acc.interest)
        to_principal = min(left - to_interest, acc.principal)
        if to_interest == 0 and to_principal == 0:
            continue
        acc.interest -= to_interest
        acc.paid_interest += to_interest
        acc.principal -= to_principal
        acc.paid_principal += to_principal
        left -= to_interest + to_principal
        if acc.principal == 0 and acc.paid_on is None:
            acc.paid_on = day
        acc.touched.append(day)
        rows[acc.inv.number] = [to_interest, to_principal, ZERO]
    if left > 0:
        for acc in fifo:
            owed = indemnity_due(acc, regime, day) - acc.paid_indemnity
            if left <= 0 or owed <= 0:
                continue
            pay = min(left, owed)
            acc.paid_indemnity += pay
            left -= pay
            acc.touched.append(day)
            rows.setdefault(acc.inv.number, [ZERO, ZERO, ZERO])[2] += pay
    out = [
        Imputation(day, event.amount, number, ti, tp, tx, ZERO, event.reference)
        for number, (ti, tp, tx) in rows.items()
    ]
    if left > 0:
        if out:
            last = out[-1]
            out[-1] = Imputation(last.date, last.amount, last.invoice, last.to_interest, last.to_principal, last.to_indemnity, left, last.reference)
        else:
            out.append(Imputation(day, event.amount, None, ZERO, ZERO, ZERO, left, event.reference))
    return max(left, ZERO), out


def apply_credit_note(event: Event, accounts: dict, regime: _Regime, tables: RateTables, used: dict, missing: set, issues: list) -> CreditNote | None:
    """Take a credit note off its invoice's principal (never imputed to interest: C. civ. 1343-1 is about payments).

    Interest runs on the former principal through the day before the credit note and on the
    reduced one from its date: the interest accrued until then is rounded to the cent on that
    day, as at a payment. More than the principal still owed is an error; only that principal
    is taken off (a balance is never negative).
    """
    day, number = event.date, event.number or "?"
    acc = accounts.get(event.invoice)
    if acc is None or day < acc.inv.date:
        why = _("which this case does not have on that date") if acc is None else _("dated {date}, after the credit note", date=acc.inv.date.isoformat())
        issues.append(error(event.source, _("credit note {number} of {as_str} on {day} names invoice {invoice!r}, {why}: not applied", number=number, as_str=as_str(event.amount), day=day.isoformat(), invoice=event.invoice, why=why), "credit-note-invoice",
                            fr=f"Avoir {number} du {date_long(day)} non appliqué\u00a0: la facture «\u00a0{event.invoice}\u00a0» n’existe pas à cette date."))
        return None
    accrue(acc, day - ONE_DAY, regime, tables, used, missing)
    applied = min(event.amount, acc.principal)
    if event.amount > acc.principal:
        issues.append(error(event.source, _("credit note {number} of {as_str} on {day} exceeds the principal still owed on invoice {number2} that day ({as_str2}): "
                                          "a credit note takes off at most the unpaid principal (record a refund of the rest outside the journal)", number=number, as_str=as_str(event.amount), day=day.isoformat(), number2=acc.inv.number, as_str2=as_str(acc.principal)), "credit-note-amount",
                            fr=f"L’avoir {number} de {euros(event.amount)} du {date_long(day)} dépasse le principal restant dû sur la facture {acc.inv.number} "
                               f"à cette date ({euros(acc.principal)})."))
    acc.principal -= applied
    acc.credited += applied
    if acc.principal == 0 and acc.paid_on is None:
        acc.paid_on = day
    return CreditNote(day, number, acc.inv.number, applied, event.reference)

"""The statement of account (*décompte*) of a case on a date.

docs/format.md "Conventions of the computation" is the law here:
- simple interest per calendar day, principal × annual rate / 365, each day at
  the rate of its own period; the payment day accrues before the payment;
- interest accrued on an invoice since its last rounding is rounded half-up to
  the cent when a payment is imputed to that invoice, and at the as-of date;
- a payment goes to its `invoice`, else to the invoice due first (then the
  oldest date, then the number); interest first, then principal (C. civ.
  1343-1); what is left goes on to the next invoice;
- professional debtor: L441-10 C. com. (ECB anchor + 10 points per half-year)
  and 40 € per late invoice (D441-5); public body: ECB anchor of the half-year
  in which interest began + 8 points, one rate (R2192-31 CCP), 40 €; consumer:
  legal rate "autres cas", per invoice from the day after the receipt of the
  first formal notice dated after its due date, no indemnity; a contractual
  rate from the day after the due date;
- a credit note takes its amount off its invoice's principal from its date
  (never imputed to interest); payments beyond everything owed are `overpaid`.

Two choices documented in docs/ledger.md: what remains
of a payment once every invoice's interest and principal are paid goes to the
40 € indemnities (oldest due first), the rest stays unallocated; the lines of
one accrual span are rounded cumulatively so that they add up exactly to the
span's rounded interest.

Nothing here reads the clock or raises on bad input: problems are `Issue`s on
the statement.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..records.errors import Issue, warning
from ..records.model import Case, Project
from . import disputes
from . import prescription as presc
from .imputation import Account, CreditNote, Imputation, InterestLine, accrue, apply_credit_note, fifo_key, impute, indemnity_due
from .interest import ONE_DAY, _interest_start, _regime
from .money import ZERO, as_str, date_long, euros
from .rates import Rate, RateTables
from .statement_issues import floor_issues, overpaid_issue, prescription_issues, rate_issues, term_issues
from .statement_text import format_text, provisional_row_text, to_json
from ..records.i18n import _

__all__ = ["CreditNote", "Imputation", "InterestLine", "InvoiceStatement", "Statement", "format_text", "provisional_row_text", "statement", "to_json"]


@dataclass(frozen=True)
class InvoiceStatement:
    number: str
    date: dt.date
    due: dt.date
    amount: Decimal
    principal: Decimal         # still owed
    interest: Decimal          # still owed
    indemnity: Decimal         # still owed (40 € or 0)
    days_late: int             # as of the statement date, or until paid
    paid_on: dt.date | None    # the day the principal was fully paid
    lines: tuple[InterestLine, ...]
    accrued: Decimal = ZERO    # all interest accrued, paid or not (sum of the lines)
    paid_interest: Decimal = ZERO
    paid_principal: Decimal = ZERO
    paid_indemnity: Decimal = ZERO
    indemnity_due: Decimal = ZERO  # the indemnity incurred (paid or not)
    prescription: dt.date | None = None
    provisional: bool = False
    credited: Decimal = ZERO       # taken off the principal by credit notes
    interest_from: dt.date | None = None   # its first day of interest (consumer: after the notice claiming it; None: none runs)

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.indemnity


@dataclass(frozen=True)
class Statement:
    case_id: str
    as_of: dt.date
    principal: Decimal
    interest: Decimal
    indemnity: Decimal
    total: Decimal
    paid: Decimal
    invoices: tuple[InvoiceStatement, ...]
    payments: tuple[Imputation, ...]
    prescription: dt.date | None
    prescribed: bool
    earliest_unpaid_due: dt.date | None
    settled: bool
    unallocated: Decimal
    provisional: bool
    issues: tuple[Issue, ...]
    amount: Decimal = ZERO              # the invoices' amounts
    accrued: Decimal = ZERO             # all interest accrued
    debtor_kind: str = "professional"
    regime: str = "l441_10"             # l441_10 | public | legal | contract
    rate: Decimal | None = None         # the contractual rate when regime == "contract"
    interest_from: dt.date | None = None  # consumer: the first day of interest of any invoice (after its formal notice)
    interest_until: dt.date | None = None  # insolvency: the opening judgment, last day of interest (L622-28)
    provisional_rows: tuple[Rate, ...] = ()  # the provisional rows used (built-in or carried forward), by table and start
    credits: tuple[CreditNote, ...] = ()   # the credit notes applied, in journal order
    credited: Decimal = ZERO               # their sum
    disputes: tuple = ()                   # law/disputes.py Dispute: the journal's disputes up to as_of
    set_aside: tuple = ()                  # the disputes of the invoices left out of this (restricted) statement

    @property
    def overpaid(self) -> Decimal:
        """What the payments left once everything owed was paid: a trop-perçu to refund (C. civ. 1302-1)."""
        return self.unallocated

    @property
    def lines(self) -> tuple[InterestLine, ...]:
        return tuple(line for inv in self.invoices for line in inv.lines)



def statement(case: Case, project: Project, as_of: dt.date, tables: RateTables, stop: dt.date | None = None) -> Statement:
    """The statement of account of `case` on `as_of` (events after `as_of` are ignored).

    `stop`: a last day of interest set by the caller (court papers filed on the last
    confirmed rate, ``provisional_rates: stop``), on top of an insolvency's own.
    """
    regime = _regime(case, project, as_of)
    if stop is not None and (regime.stop is None or stop < regime.stop):
        regime = dataclasses.replace(regime, stop=stop)
    issues: list[Issue] = []
    used: dict = {}
    missing: set = set()
    invoices = [inv for inv in case.invoices if inv.date <= as_of]
    accounts = {
        inv.number: Account(inv, _interest_start(regime, inv), inv.amount, inv.due + ONE_DAY)
        for inv in invoices
    }
    for acc in accounts.values():
        if acc.principal <= 0:   # nothing to pay: paid on its date
            acc.paid_on = acc.inv.date
    fifo = [accounts[inv.number] for inv in sorted(invoices, key=fifo_key)]
    imputations: list[Imputation] = []
    paid_total = ZERO
    unallocated = ZERO

    credits: list[CreditNote] = []
    overrun = None   # the first payment that found nothing left to pay
    journal = sorted(
        ((i, e) for i, e in enumerate(case.events) if e.type in ("payment", "credit_note") and e.date <= as_of and e.amount is not None),
        key=lambda pair: (pair[1].date, pair[0]),
    )
    for _unused, event in journal:
        if event.type == "credit_note":
            applied = apply_credit_note(event, accounts, regime, tables, used, missing, issues) if event.amount > 0 else None
            credits += [applied] if applied else []
            continue
        if event.amount <= 0:   # the loader refuses these; never let one make a balance negative
            issues.append(warning(event.source, _("payment of {as_str} on {date} ignored: a payment is a positive amount", as_str=as_str(event.amount), date=event.date.isoformat()), "payment-amount",
                                  fr=f"Paiement de {euros(event.amount)} du {date_long(event.date)} écarté\u00a0: un paiement est un montant positif."))
            continue
        paid_total += event.amount
        left, rows = impute(event, accounts, fifo, regime, tables, used, missing, issues)
        imputations += rows
        unallocated += left
        overrun = overrun or (event if left > 0 else None)

    for acc in fifo:
        accrue(acc, as_of, regime, tables, used, missing)

    demands = [e.date for e in case.events if e.type == "sent" and e.date <= as_of]
    renewing = [e for e in case.events if e.date <= as_of and (e.type == "acknowledgment" or (e.type == "plan" and e.signed))]
    results = []
    for inv in invoices:
        acc = accounts[inv.number]
        incurred = indemnity_due(acc, regime, as_of)
        owed_indemnity = max(ZERO, incurred - acc.paid_indemnity)
        renewals = acc.touched + [e.date for e in renewing if not e.invoice or e.invoice == inv.number]
        end = acc.paid_on if acc.paid_on else as_of
        results.append(InvoiceStatement(
            number=inv.number,
            date=inv.date,
            due=inv.due,
            amount=inv.amount,
            principal=acc.principal,
            interest=acc.interest,
            indemnity=owed_indemnity,
            days_late=max(0, (end - inv.due).days),
            paid_on=acc.paid_on,
            lines=tuple(acc.lines),
            accrued=acc.accrued,
            paid_interest=acc.paid_interest,
            paid_principal=acc.paid_principal,
            paid_indemnity=acc.paid_indemnity,
            indemnity_due=incurred,
            prescription=presc.prescription_date(case.debtor.kind, presc.start_of(inv.date, inv.delivered), renewals, demands),
            provisional=any(line.provisional for line in acc.lines),
            credited=acc.credited,
            interest_from=acc.first_day,
        ))

    principal = sum((r.principal for r in results), ZERO)
    interest = sum((r.interest for r in results), ZERO)
    indemnity = sum((r.indemnity for r in results), ZERO)
    total = principal + interest + indemnity
    open_ = [r for r in results if r.total > 0]
    prescription = min((r.prescription for r in open_), default=None)
    prescribed = prescription is not None and as_of > prescription
    owing = [r.due for r in results if r.principal > 0]

    issues += rate_issues(project, used, missing)
    issues += term_issues(case, invoices)
    issues += floor_issues(case, regime, tables, results, as_of)
    issues += prescription_issues(case, prescription, prescribed, as_of)
    issues += overpaid_issue(case, overrun, unallocated)

    return Statement(
        case_id=case.id,
        as_of=as_of,
        principal=principal,
        interest=interest,
        indemnity=indemnity,
        total=total,
        paid=paid_total,
        invoices=tuple(results),
        payments=tuple(imputations),
        prescription=prescription,
        prescribed=prescribed,
        earliest_unpaid_due=min(owing, default=None),
        settled=total == 0,
        unallocated=unallocated,
        provisional=bool(used),
        issues=tuple(issues),
        amount=sum((inv.amount for inv in invoices), ZERO),
        accrued=sum((r.accrued for r in results), ZERO),
        debtor_kind=case.debtor.kind,
        regime=regime.kind,
        rate=regime.contract_rate,
        interest_from=min((acc.first_day for acc in fifo if acc.first_day is not None), default=None) if regime.kind == "legal" else None,
        interest_until=regime.stop,
        provisional_rows=tuple(row for _unused, row in sorted(used.items())),
        credits=tuple(credits),
        credited=sum((c.amount for c in credits), ZERO),
        disputes=disputes.of_case(case, as_of),
    )

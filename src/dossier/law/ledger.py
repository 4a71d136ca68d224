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
  legal rate "autres cas" from the day after the formal notice, no indemnity;
  a contractual rate from the day after the due date.

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
from dataclasses import dataclass, field
from decimal import Decimal

from ..records.errors import Issue, error, warning
from . import prescription as presc
from .rates import ECB_MRO, LEGAL_AUTRES_CAS, Rate, RateTables, half_label, half_label_fr, half_start, missing_rate_fr, missing_rate_message
from ..records.model import Case, Event, Invoice, Project
from .money import ZERO, as_str, cents, date_long, euros, percent
from .interest import (
    DAYS_PER_YEAR,
    FLOOR_FACTOR,
    INDEMNITY,
    MAX_TERM_DAYS,
    ONE_DAY,
    _Regime,
    _interest_start,
    public_deadline,
    _pieces,
    _regime,
    _running,
)


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
    interest_from: dt.date | None = None  # consumer: the day interest starts (after the formal notice)
    interest_until: dt.date | None = None  # insolvency: the opening judgment, last day of interest (L622-28)
    provisional_rows: tuple[Rate, ...] = ()  # the provisional rows used (built-in or carried forward), by table and start

    @property
    def lines(self) -> tuple[InterestLine, ...]:
        return tuple(line for inv in self.invoices for line in inv.lines)


# --- the computation --------------------------------------------------------------------


@dataclass
class _Account:
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
    lines: list[InterestLine] = field(default_factory=list)
    touched: list[dt.date] = field(default_factory=list)   # payment dates imputed to it

    def owes(self) -> bool:
        return self.principal > 0 or self.interest > 0


def _accrue(acc: _Account, until: dt.date, regime: _Regime, tables: RateTables, used: dict, missing: set) -> None:
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


def _fifo_key(inv: Invoice) -> tuple:
    return (inv.due, inv.date, inv.number)


def _indemnity_due(acc: _Account, regime: _Regime, day: dt.date) -> Decimal:
    """40 € once the invoice is late on `day` and was not paid by its due date."""
    deadline = public_deadline(regime, acc.inv)   # the due date; for a Chorus Pro deposit, the payment period's end
    if not regime.indemnity or day <= deadline:
        return ZERO
    if acc.paid_on is not None and acc.paid_on <= deadline:
        return ZERO
    return INDEMNITY


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
        inv.number: _Account(inv, _interest_start(regime, inv), inv.amount, inv.due + ONE_DAY)
        for inv in invoices
    }
    for acc in accounts.values():
        if acc.principal <= 0:   # nothing to pay: paid on its date
            acc.paid_on = acc.inv.date
    fifo = [accounts[inv.number] for inv in sorted(invoices, key=_fifo_key)]
    imputations: list[Imputation] = []
    paid_total = ZERO
    unallocated = ZERO

    payments = sorted(
        ((i, e) for i, e in enumerate(case.events) if e.type == "payment" and e.date <= as_of and e.amount is not None),
        key=lambda pair: (pair[1].date, pair[0]),
    )
    for _, event in payments:
        if event.amount <= 0:   # the loader refuses these; never let one make a balance negative
            issues.append(warning(event.source, f"payment of {as_str(event.amount)} on {event.date.isoformat()} ignored: a payment is a positive amount", "payment-amount",
                                  fr=f"Paiement de {euros(event.amount)} du {date_long(event.date)} écarté\u00a0: un paiement est un montant positif."))
            continue
        paid_total += event.amount
        left, rows = _impute(event, accounts, fifo, regime, tables, used, missing, issues)
        imputations += rows
        unallocated += left

    for acc in fifo:
        _accrue(acc, as_of, regime, tables, used, missing)

    demands = [e.date for e in case.events if e.type == "sent" and e.date <= as_of]
    renewing = [e for e in case.events if e.date <= as_of and (e.type == "acknowledgment" or (e.type == "plan" and e.signed))]
    results = []
    for inv in invoices:
        acc = accounts[inv.number]
        incurred = _indemnity_due(acc, regime, as_of)
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
        ))

    principal = sum((r.principal for r in results), ZERO)
    interest = sum((r.interest for r in results), ZERO)
    indemnity = sum((r.indemnity for r in results), ZERO)
    total = principal + interest + indemnity
    open_ = [r for r in results if r.total > 0]
    prescription = min((r.prescription for r in open_), default=None)
    prescribed = prescription is not None and as_of > prescription
    owing = [r.due for r in results if r.principal > 0]

    issues += _rate_issues(project, used, missing)
    issues += _term_issues(case, invoices)
    issues += _floor_issues(case, regime, tables, results, as_of)
    issues += _prescription_issues(case, prescription, prescribed, as_of)

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
        interest_from=regime.notice + ONE_DAY if regime.notice else None,
        interest_until=regime.stop,
        provisional_rows=tuple(row for _, row in sorted(used.items())),
    )


def _impute(event: Event, accounts: dict, fifo: list, regime: _Regime, tables: RateTables, used: dict, missing: set, issues: list) -> tuple[Decimal, list[Imputation]]:
    """Impute one payment; returns what is left unallocated and the rows."""
    day, left = event.date, event.amount
    order = list(fifo)
    if event.invoice:
        named = accounts.get(event.invoice)
        if named is None:
            issues.append(warning(event.source, f"payment of {as_str(event.amount)} names invoice {event.invoice!r}, which this case does not have (on {day.isoformat()}): imputed to the invoice due first", "payment-invoice",
                                  fr=f"Le paiement de {euros(event.amount)} du {date_long(day)} vise la facture «\u00a0{event.invoice}\u00a0», "
                                     "absente du dossier\u00a0: il est imputé sur la facture échue la première."))
        else:
            order.remove(named)
            order.insert(0, named)
    rows: dict[str, list[Decimal]] = {}
    for acc in order:
        if left <= 0:
            break
        _accrue(acc, day, regime, tables, used, missing)
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
            owed = _indemnity_due(acc, regime, day) - acc.paid_indemnity
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


# --- issues -----------------------------------------------------------------------------


def _rate_issues(project: Project, used: dict, missing: set) -> list[Issue]:
    """On dossier.yaml, where the fix goes; the same text for every case, so a build shows it once."""
    out = []
    for table, day in sorted(missing):
        out.append(error(project.source, missing_rate_message(table, day), "rate-missing", fr=missing_rate_fr(table, day)))
    names = {ECB_MRO: "ECB main refinancing rate", LEGAL_AUTRES_CAS: "legal interest rate (autres cas)"}
    names_fr = {ECB_MRO: "taux de refinancement de la BCE", LEGAL_AUTRES_CAS: "taux de l’intérêt légal applicable aux autres cas"}
    for (table, start), row in sorted(used.items()):
        carried = f", carried forward from {half_label(row.carried_from)}" if row.carried else ""
        carried_fr = f", reporté du {half_label_fr(row.carried_from)}" if row.carried else ""
        out.append(warning(
            project.source,
            f"a statement uses a provisional rate, not confirmed by a primary source: "
            f"{names.get(table, table)} {row.rate} % from {start.isoformat()} ({half_label(start)}{carried}); "
            f"{'add it to' if row.carried else 'replace it in'} dossier.yaml (rates:) once the official value is published",
            "rate-provisional",
            fr=f"Taux provisoire\u00a0: une partie des intérêts utilise un taux non encore confirmé "
               f"({names_fr.get(table, table)} de {percent(row.rate)} à compter du {date_long(start)}{carried_fr})\u00a0; "
               f"le montant sera recalculé dès la publication du taux officiel.",
        ))
    return out


def _term_issues(case: Case, invoices: list[Invoice]) -> list[Issue]:
    """L441-10 I: a payment term beyond 60 days from the invoice date, between professionals or with a public buyer."""
    if case.debtor.kind not in ("professional", "public"):
        return []
    out = []
    for inv in invoices:
        term = (inv.due - inv.date).days
        if term > MAX_TERM_DAYS:
            out.append(warning(
                inv.source,
                f"invoice {inv.number}: payment term of {term} days (due {inv.due.isoformat()}) exceeds the "
                f"{MAX_TERM_DAYS} days after the invoice date allowed by art. L441-10 I C. com.",
                "payment-term",
                fr=f"Facture {inv.number}\u00a0: délai de paiement de {term}\u00a0jours (échéance au {date_long(inv.due)}), "
                   f"au-delà des {MAX_TERM_DAYS}\u00a0jours à compter de la date de facture permis par l’article L441-10 I "
                   "du code de commerce.",
            ))
    return out


SEMI = "\u00a0; "


def _floor_issues(case: Case, regime: _Regime, tables: RateTables, results: list[InvoiceStatement], as_of: dt.date) -> list[Issue]:
    """L441-10 II: between professionals a stipulated rate may not be below 3 × the legal rate."""
    if regime.kind != "contract" or case.debtor.kind != "professional":
        return []
    halves = {half_start(d) for r in results for line in r.lines for d in (line.start, line.end)}
    halves.add(half_start(as_of))
    below, below_fr = [], []
    for half in sorted(halves):
        row = tables.legal(LEGAL_AUTRES_CAS, half)
        if row is not None and regime.contract_rate < FLOOR_FACTOR * row.rate:
            below.append(f"3 × {row.rate} % = {FLOOR_FACTOR * row.rate} % in {half_label(half)}")
            below_fr.append(f"3\u00a0× {percent(row.rate)} = {percent(FLOOR_FACTOR * row.rate)} au {half_label_fr(half)}")
    if not below:
        return []
    source = case.interest.source if case.interest else case.source
    return [warning(
        source,
        f"interest.rate {regime.contract_rate} % is below three times the legal interest rate between "
        f"professionals (art. L441-10 II C. com.): {'; '.join(below)}",
        "contract-rate-floor",
        fr=f"Le taux contractuel de {percent(regime.contract_rate)} est inférieur à trois fois le taux de l’intérêt légal "
           f"entre professionnels (article L441-10 II du code de commerce)\u00a0: {SEMI.join(below_fr)}.",
    )]


def _prescription_issues(case: Case, prescription: dt.date | None, prescribed: bool, as_of: dt.date) -> list[Issue]:
    if prescription is None:
        return []
    if prescribed:
        return [warning(case.source, f"case {case.id}: the claim is time-barred since {(prescription + ONE_DAY).isoformat()} (last day to sue: {prescription.isoformat()}); it may still be asked for, never with a threat of court action", "prescribed",
                        fr=f"Créance prescrite depuis le {date_long(prescription + ONE_DAY)}\u00a0: plus d’action en justice possible, "
                           "aucune menace de procès. Le paiement peut encore être demandé à l’amiable.")]
    left = (prescription - as_of).days
    if left <= presc.NEAR_DAYS:
        return [warning(case.source, f"case {case.id}: the claim is time-barred after {prescription.isoformat()} ({left} days left): only a court order served, an acknowledgment, a payment or a signed plan interrupts it, a formal notice does not", "prescription-near",
                        fr=_prescription_near_fr(case.debtor.kind, prescription, left))]
    return []


def _prescription_near_fr(kind: str, prescription: dt.date, left: int) -> str:
    """What to do before the claim is time-barred, in the staff's words.

    Filing a request for an order for payment does not interrupt prescription; only
    service of the order does (Cass. 1re civ., 11 févr. 2010, n° 08-19.802): a user
    told to « saisir le tribunal » by the last day would lose the claim. Against a
    public body any written claim interrupts the four-year rule (loi 68-1250, art. 2).
    """
    day, days = date_long(prescription), f"dans {left}\u00a0jour{'s' if left > 1 else ''}"
    if kind == "public":
        return (f"Prescription quadriennale le {day} ({days})\u00a0: toute réclamation écrite adressée à la personne publique "
                "au sujet de la créance l’interrompt, de même qu’un recours devant le tribunal administratif (loi n°\u00a068-1250 "
                f"du 31\u00a0décembre\u00a01968, art.\u00a02). Adresser une réclamation écrite avant le {day}.")
    return (f"Prescription le {day} ({days})\u00a0: le dépôt de la requête n’interrompt pas la prescription\u00a0; seule "
            "la signification de l’ordonnance d’injonction de payer l’interrompt. Déposer la requête immédiatement et faire "
            f"signifier l’ordonnance avant le {day}\u00a0; à défaut de délai suffisant, assigner en paiement (art.\u00a02241 C.\u00a0civ.).")


# --- outputs ----------------------------------------------------------------------------


def to_json(st: Statement) -> dict:
    """The amounts part of docs/format.md's JSON (amounts as strings with two decimals)."""
    return {
        "principal": as_str(st.principal),
        "interest": as_str(st.interest),
        "indemnity": as_str(st.indemnity),
        "total": as_str(st.total),
        "invoices": [
            {"number": r.number, "principal": as_str(r.principal), "interest": as_str(r.interest), "days_late": r.days_late}
            for r in st.invoices
        ],
        "prescription": st.prescription.isoformat() if st.prescription else None,
    }


def format_text(st: Statement) -> str:
    """The statement as a plain-text table for the terminal (`dossier show ID`)."""
    out = [f"Statement of account as of {st.as_of.isoformat()}"]
    head = f"{'invoice':<14}{'date':<12}{'due':<12}{'amount':>12}{'principal':>12}{'interest':>10}{'indemnity':>10}{'late':>6}"
    out += ["", head, "-" * len(head)]
    for r in st.invoices:
        out.append(
            f"{r.number:<14}{r.date.isoformat():<12}{r.due.isoformat():<12}{as_str(r.amount):>12}"
            f"{as_str(r.principal):>12}{as_str(r.interest):>10}{as_str(r.indemnity):>10}{r.days_late:>6}"
        )
        for line in r.lines:
            mark = " *" if line.provisional else ""
            out.append(
                f"    {line.start.isoformat()} → {line.end.isoformat()} {line.days:>4} d on {as_str(line.base):>10}"
                f" at {line.rate:>6} % = {as_str(line.interest):>9}  {line.basis}{mark}"
            )
    out.append("-" * len(head))
    out.append(f"{'total':<38}{as_str(st.amount):>12}{as_str(st.principal):>12}{as_str(st.interest):>10}{as_str(st.indemnity):>10}")
    if st.payments:
        out += ["", "Payments (interest first, then principal):"]
        for p in st.payments:
            extra = f"  indemnity {as_str(p.to_indemnity)}" if p.to_indemnity else ""
            extra += f"  unallocated {as_str(p.unallocated)}" if p.unallocated else ""
            out.append(
                f"  {p.date.isoformat()}  {as_str(p.amount):>10}  {p.invoice or '-':<14} interest {as_str(p.to_interest)}"
                f"  principal {as_str(p.to_principal)}{extra}"
            )
    out += [
        "",
        f"Total due: {as_str(st.total)} (principal {as_str(st.principal)} + interest {as_str(st.interest)} + indemnity {as_str(st.indemnity)})",
        f"Paid: {as_str(st.paid)}" + (f", unallocated: {as_str(st.unallocated)}" if st.unallocated else ""),
        f"Prescription: {st.prescription.isoformat() if st.prescription else '-'}" + (" (time-barred)" if st.prescribed else ""),
    ]
    if st.provisional:
        out.append("* provisional rate: not yet confirmed by an official source")
        out += [f"  {provisional_row_text(row)}" for row in st.provisional_rows]
    return "\n".join(out)


def provisional_row_text(row: Rate) -> str:
    """One provisional row for the terminal: ``ECB main refinancing rate 2.40 % from 2027-01-01 (2027-S1): carried forward from 2026-S2``."""
    from .rates import NAMES

    why = f"carried forward from {half_label(row.carried_from)}" if row.carried else "announced, not confirmed"
    return f"{NAMES.get(row.table, row.table)} {row.rate} % from {row.start.isoformat()} ({half_label(row.start)}): {why}"

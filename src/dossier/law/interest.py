"""The interest plan of a case: its regime (L441-10, public buyers, legal or contractual rate), when interest starts, stops and is suspended, and interest over a period cut at each rate change (`exact_interest`).

Below ledger.py, which imputes payments and sums the statement."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from . import disputes
from .rates import ECB_MRO, LEGAL_AUTRES_CAS, Rate, RateTables, half_end, half_label_fr, half_start
from ..records.model import Case, Invoice, Project
from .money import percent

INDEMNITY = Decimal("40.00")          # D441-5 C. com.
L441_10_POINTS = Decimal("10")
PUBLIC_POINTS = Decimal("8")          # R2192-31 CCP
FLOOR_FACTOR = Decimal("3")           # L441-10 II: a stipulated rate ≥ 3 × legal rate
MAX_TERM_DAYS = 60                    # L441-10 I: at most 60 days after the invoice date
DAYS_PER_YEAR = Decimal("36500")      # 365 days × 100 (rates are in percent)
ONE_DAY = dt.timedelta(days=1)


# --- the rate plan of a case ------------------------------------------------------------


@dataclass(frozen=True)
class _Regime:
    kind: str                    # l441_10 | public | legal | contract
    indemnity: bool
    contract_rate: Decimal | None = None
    notices: tuple[tuple[dt.date, dt.date], ...] = ()  # consumer: the formal notices, (sent, received else sent)
    stop: dt.date | None = None    # the last day of interest: the opening judgment of insolvency proceedings
    suspended: tuple[tuple[dt.date, dt.date, str | None], ...] = ()  # (first, last day, invoice or None: all)
    payment_period: int = 30       # public buyer: the délai global de paiement, counted from a Chorus Pro deposit


def _formal_notices(case: Case, project: Project, as_of: dt.date) -> tuple[tuple[dt.date, dt.date], ...]:
    """The formal notices sent by `as_of`: (the letter's date, the day it counts from: its `received` date when recorded, else its date)."""
    try:
        scenario = project.scenario_of(case)
    except KeyError:
        scenario = None
    days = []
    for e in case.events:
        if e.type != "sent" or e.date > as_of or not e.step:
            continue
        step = scenario.step(e.step) if scenario else None
        if e.step == "mise_en_demeure" or (step is not None and step.formal_notice):
            days.append((e.date, e.received or e.date))
    return tuple(sorted(days))


def interest_stop(case: Case, as_of: dt.date) -> dt.date | None:
    """The opening judgment of insolvency proceedings (the `insolvency` event's date), if any by `as_of`.

    It stops the course of legal and contractual interest (C. com. L622-28, applied
    to redressement by L631-14 and to liquidation by L641-3): interest runs through
    that day — the figure the declaration of claim states — and no further.
    """
    days = [e.date for e in case.events if e.type == "insolvency" and e.date <= as_of]
    return min(days) if days else None


def suspensions(case: Case, as_of: dt.date) -> tuple[tuple[dt.date, dt.date, str | None], ...]:
    """The periods of a `dispute` marked `suspends_interest: true`: from its date to its resolution, inclusive.

    docs/format.md: a dispute pauses the ladder, not the interest. When the dispute is the
    creditor's own non-performance (work to redo), the debtor may oppose the exception
    d'inexécution (C. civ. 1219) to the penalties of that period: the user says so on
    the event, and no interest runs from the dispute's date to the day it is resolved
    (still open: to the as-of date), per invoice it names (`invoices:` or `invoice:`); None: every invoice.
    """
    out = []
    for d in disputes.of_case(case, as_of):   # one reading of the disputes with the ladder (law/disputes.py)
        if d.event.type == "dispute" and d.event.suspends_interest:
            out.append((d.start, max(d.end or as_of, d.start), d.invoice))
    return tuple(out)


def _regime(case: Case, project: Project, as_of: dt.date) -> _Regime:
    kind = case.debtor.kind
    terms = case.interest
    indemnity = kind in ("professional", "public") and (terms is None or terms.indemnity)
    common = {"stop": interest_stop(case, as_of), "suspended": suspensions(case, as_of)}
    if terms is not None and terms.rate is not None:
        return _Regime("contract", indemnity, contract_rate=terms.rate, **common)
    if kind == "consumer":
        return _Regime("legal", False, notices=_formal_notices(case, project, as_of), **common)
    if kind == "public":
        return _Regime("public", indemnity, payment_period=case.debtor.payment_period, **common)
    return _Regime("l441_10", indemnity, **common)


def _running(regime: _Regime, invoice: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """[start, end] without the days a dispute suspends for this invoice."""
    spans = [(start, end)]
    for first, last, number in regime.suspended:
        if number is not None and number != invoice:
            continue
        cut = []
        for a, b in spans:
            if last < a or first > b:
                cut.append((a, b))
                continue
            if a < first:
                cut.append((a, first - ONE_DAY))
            if last < b:
                cut.append((last + ONE_DAY, b))
        spans = cut
    return spans


def _interest_start(regime: _Regime, inv: Invoice) -> dt.date | None:
    """The first day of interest: the day after the due date; for a consumer, the day after the formal notice
    that claimed this invoice.

    C. civ. 1231-6 and 1344: interest on a sum of money runs from a demand to pay it, and a
    letter can demand only a sum already due on its date (the letters claim the invoices due
    before it, documents/context.py `claimable`). So the notice of an invoice is the first
    formal notice whose letter is dated after its due date; interest runs from the day after
    its receipt (its `received` date, else the letter's date); none without such a notice.
    """
    if regime.kind == "legal":
        days = [counts for sent, counts in regime.notices if sent > inv.due]
        return min(days) + ONE_DAY if days else None
    return public_deadline(regime, inv) + ONE_DAY


def public_deadline(regime: _Regime, inv: Invoice) -> dt.date:
    """The last day to pay: the due date, or for a public buyer's invoice deposited on Chorus Pro the later of it and
    the deposit plus the payment period (R2192-10 and R2192-12 CCP: the period runs from the receipt of the invoice)."""
    if regime.kind == "public" and inv.chorus is not None:
        return max(inv.due, inv.chorus.deposited + dt.timedelta(days=regime.payment_period))
    return inv.due


@lru_cache(maxsize=256)
def _basis(kind: str, anchor: Decimal | None, half: dt.date | None, rate: Decimal) -> str:
    if kind == "l441_10":
        return f"art. L441-10 C. com. (taux BCE {percent(anchor)} + 10 points)"
    if kind == "public":
        return f"art. L2192-13 et R2192-31 CCP (taux BCE {percent(anchor)} + 8 points)"
    if kind == "legal":
        return f"art. 1231-6 et 1344-1 C. civ. (taux légal, {half_label_fr(half)})"
    return f"taux contractuel ({percent(rate)})"


@dataclass(frozen=True)
class _Piece:
    """A part of an accrual span with one rate (or no known rate: `rate` None)."""

    start: dt.date
    end: dt.date
    rate: Decimal | None
    basis: str
    row: Rate | None
    missing: tuple[str, dt.date] | None = None


def _halves(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        stop = min(half_end(day), end)
        yield day, stop
        day = stop + ONE_DAY


def _pieces(regime: _Regime, tables: RateTables, first_day: dt.date, start: dt.date, end: dt.date) -> list[_Piece]:
    """Split [start, end] into pieces of constant rate. `first_day`: when this invoice's interest began."""
    if start > end:
        return []
    if regime.kind == "contract":
        rate = regime.contract_rate
        return [_Piece(start, end, rate, _basis("contract", None, None, rate), None)]
    if regime.kind == "public":
        row = tables.ecb_anchor(first_day)
        if row is None:
            return [_Piece(start, end, None, "", None, (ECB_MRO, first_day))]
        rate = row.rate + PUBLIC_POINTS
        return [_Piece(start, end, rate, _basis("public", row.rate, None, rate), row)]
    pieces = []
    for a, b in _halves(start, end):
        if regime.kind == "l441_10":
            row = tables.ecb_anchor(a)
            if row is None:
                pieces.append(_Piece(a, b, None, "", None, (ECB_MRO, a)))
                continue
            rate = row.rate + L441_10_POINTS
            pieces.append(_Piece(a, b, rate, _basis("l441_10", row.rate, None, rate), row))
        else:
            row = tables.legal(LEGAL_AUTRES_CAS, a)
            if row is None:
                pieces.append(_Piece(a, b, None, "", None, (LEGAL_AUTRES_CAS, a)))
                continue
            pieces.append(_Piece(a, b, row.rate, _basis("legal", None, half_start(a), row.rate), row))
    return pieces


def exact_interest(
    regime: str, tables: RateTables, base: Decimal, first_day: dt.date, start: dt.date, end: dt.date,
    contract_rate: Decimal | None = None,
) -> Fraction:
    """The unrounded interest on `base` from `start` to `end` (inclusive), as an exact fraction.

    `regime`: l441_10 | public | legal | contract; `first_day`: the first day of
    interest of the invoice (the public rate is read at it). Days with no known rate count zero.
    """
    plan = _Regime(regime, False, contract_rate=contract_rate)
    total = Fraction(0)
    for piece in _pieces(plan, tables, first_day, max(start, first_day), end):
        if piece.rate is not None:
            total += Fraction(base * piece.rate * ((piece.end - piece.start).days + 1)) / 36500
    return total

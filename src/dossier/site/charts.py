"""Portfolio analytics: figures computed from the ledger, drawn as inline SVG at build time.

The site carries no chart library: each chart is a small SVG written here,
with its numbers also printed in a table beside it (screen readers, print,
copy-paste). Every figure is a pure function of the computed cases, so a
test can check it against the ledger. Colours come from classes styled by
``site.css`` (the Content-Security-Policy forbids inline styles).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup, escape

from ..law import money
from ..records.labels import KIND_PLURALS as KIND_LABELS

ZERO = Decimal("0.00")
PAYMENT_WINDOW_DAYS = 15          # "which step was followed by payment within 15 days"
MONTHS_SHOWN = 24                 # older months are summed in one bar
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")


@dataclass(frozen=True)
class AgingBucket:
    label: str
    low: int                      # days past due, inclusive
    high: int | None              # inclusive; None: no upper bound
    amount: Decimal               # principal still owed
    invoices: int


@dataclass(frozen=True)
class MonthAmount:
    month: dt.date                # first day of the month (the first bar may sum older months)
    label: str
    amount: Decimal


@dataclass(frozen=True)
class StepEffect:
    step: str
    label: str
    done: int                     # times the step was done with its window closed or paid
    followed: int                 # of which a payment came within the window

    @property
    def rate(self) -> Decimal:
        """Share followed by a payment, in percent with one decimal."""
        if not self.done:
            return Decimal("0.0")
        return (Decimal(100) * self.followed / self.done).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DaysToPay:
    label: str
    invoices: int                 # invoices fully paid
    average: Decimal | None       # days after the due date, one decimal


@dataclass(frozen=True)
class LatePayer:
    name: str
    siren: str | None
    cases: tuple[str, ...]
    late_invoices: int
    outstanding: Decimal          # total still claimed from this debtor
    average_days_late: Decimal


@dataclass(frozen=True)
class Analytics:
    aging: tuple[AgingBucket, ...]
    recovered: tuple[MonthAmount, ...]
    recovered_total: Decimal
    steps: tuple[StepEffect, ...]
    days_to_pay: tuple[DaysToPay, ...]    # overall first, then by debtor kind
    late_payers: tuple[LatePayer, ...]


# --- figures --------------------------------------------------------------------------

AGING_BUCKETS = (("0 à 30 jours", 0, 30), ("31 à 60 jours", 31, 60), ("61 à 90 jours", 61, 90), ("plus de 90 jours", 91, None))


def aging(results) -> tuple[AgingBucket, ...]:
    """Principal still owed by invoice, bucketed by days past due (not yet due counts as 0).

    Closed cases (written off, settled) are left out: nothing is being recovered there.
    """
    sums = [[ZERO, 0] for _ in AGING_BUCKETS]
    for r in results:
        if r.ladder.status == "closed":
            continue
        for inv in r.statement.invoices:
            if inv.principal <= 0:
                continue
            days = max(0, inv.days_late)
            for i, (_, low, high) in enumerate(AGING_BUCKETS):
                if days >= low and (high is None or days <= high):
                    sums[i][0] += inv.principal
                    sums[i][1] += 1
                    break
    return tuple(AgingBucket(label, low, high, amount, n) for (label, low, high), (amount, n) in zip(AGING_BUCKETS, sums))


def received(imp) -> Decimal:
    """What one imputation row brought in (a payment spread over invoices has one row per invoice)."""
    return imp.to_interest + imp.to_principal + imp.to_indemnity + imp.unallocated


def month_label(month: dt.date) -> str:
    return f"{MONTHS_FR[month.month - 1]} {month.year}"


def recovered_by_month(results, as_of: dt.date, months: int = MONTHS_SHOWN) -> tuple[MonthAmount, ...]:
    """Amounts paid, as the ledger imputed them, by month, from the first payment to the as-of month.

    When the span is longer than `months`, the older months are summed in a first bar.
    """
    by_month: dict[dt.date, Decimal] = {}
    for r in results:
        for imp in r.statement.payments:
            if imp.date > as_of:
                continue
            key = imp.date.replace(day=1)
            by_month[key] = by_month.get(key, ZERO) + received(imp)
    if not by_month:
        return ()
    first, last = min(by_month), as_of.replace(day=1)
    span = []
    m = first
    while m <= last:
        span.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    out = []
    if len(span) > months:
        older, span = span[:-months], span[-months:]
        out.append(MonthAmount(older[0], f"{month_label(older[0])} à {month_label(older[-1])}", sum((by_month.get(k, ZERO) for k in older), ZERO)))
    out += [MonthAmount(k, month_label(k), by_month.get(k, ZERO)) for k in span]
    return tuple(out)


def step_effects(results, as_of: dt.date, window: int = PAYMENT_WINDOW_DAYS, label=None) -> tuple[StepEffect, ...]:
    """For each step id: how often it was done, and how often a payment came 1 to `window` days later.

    A step done less than `window` days before the as-of date without a payment yet
    is not counted: its outcome is not known.
    """
    label = label or (lambda step_id: step_id)
    order: list[str] = []
    done: dict[str, int] = {}
    followed: dict[str, int] = {}
    for r in results:
        paid_days = sorted({imp.date for imp in r.statement.payments if received(imp) > 0})
        for s in r.ladder.steps:
            if s.state != "done" or s.date is None:
                continue
            hit = any(s.date < p <= s.date + dt.timedelta(days=window) for p in paid_days)
            if not hit and s.date + dt.timedelta(days=window) > as_of:
                continue
            if s.step.id not in done:
                order.append(s.step.id)
                done[s.step.id] = followed[s.step.id] = 0
            done[s.step.id] += 1
            followed[s.step.id] += hit
    return tuple(StepEffect(k, label(k), done[k], followed[k]) for k in order)


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def days_to_pay(results) -> tuple[DaysToPay, ...]:
    """Average days between due date and full payment of paid invoices, overall then by debtor kind."""
    every: list[int] = []
    by_kind: dict[str, list[int]] = {k: [] for k in KIND_LABELS}
    for r in results:
        for inv in r.statement.invoices:
            if inv.paid_on is None:
                continue
            days = max(0, (inv.paid_on - inv.due).days)
            every.append(days)
            by_kind[r.case.debtor.kind].append(days)
    out = [DaysToPay("ensemble", len(every), _average(every))]
    out += [DaysToPay(KIND_LABELS[k], len(v), _average(v)) for k, v in by_kind.items()]
    return tuple(out)


def late_payers(results, minimum: int = 2) -> tuple[LatePayer, ...]:
    """Debtors (same SIREN, else same name) with at least `minimum` invoices paid late or still late."""
    groups: dict[str, list] = {}
    for r in results:
        d = r.case.debtor
        key = f"siren:{d.siren}" if d.siren else "name:" + " ".join(d.name.casefold().split())
        groups.setdefault(key, []).append(r)
    out = []
    for rs in groups.values():
        late = [inv for r in rs for inv in r.statement.invoices if inv.days_late > 0]
        if len(late) < minimum:
            continue
        first = min(rs, key=lambda r: r.case.id)
        out.append(LatePayer(
            name=first.case.debtor.name,
            siren=first.case.debtor.siren,
            cases=tuple(sorted(r.case.id for r in rs)),
            late_invoices=len(late),
            outstanding=sum((r.statement.total for r in rs), ZERO),
            average_days_late=_average([inv.days_late for inv in late]) or Decimal("0.0"),
        ))
    return tuple(sorted(out, key=lambda p: (-p.late_invoices, -p.outstanding, p.name, p.cases)))


def analytics(results, as_of: dt.date, label=None) -> Analytics:
    recovered = recovered_by_month(results, as_of)
    return Analytics(
        aging=aging(results),
        recovered=recovered,
        recovered_total=sum((m.amount for m in recovered), ZERO),
        steps=step_effects(results, as_of, label=label),
        days_to_pay=days_to_pay(results),
        late_payers=late_payers(results),
    )


# --- drawing --------------------------------------------------------------------------

ROW = 26
LABEL_W = 220
BAR_W = 360
VALUE_W = 130


def bar_chart(chart_id: str, title: str, bars: list[tuple[str, Decimal | int, str]]) -> Markup:
    """A horizontal bar chart: one (label, value, value as text) per bar, scaled to the largest.

    `chart_id` must be unique in the page; labels and texts are escaped.
    """
    width = LABEL_W + BAR_W + VALUE_W
    height = ROW * max(1, len(bars)) + 8
    top = max((Decimal(v) for _, v, _ in bars), default=Decimal(0))
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" aria-labelledby="{escape(chart_id)}-title" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    for i, (label, value, text) in enumerate(bars):
        y = 4 + i * ROW
        length = Decimal(0) if top <= 0 else (Decimal(value) * BAR_W / top)
        length = max(Decimal(0), length).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if Decimal(value) > 0 and length < 1:
            length = Decimal("1.0")
        parts.append(
            f'<g class="row"><text class="label" x="{LABEL_W - 8}" y="{y + ROW // 2 + 4}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="bar" x="{LABEL_W}" y="{y + 4}" width="{length}" height="{ROW - 8}"></rect>'
            f'<text class="value" x="{LABEL_W + length + 6}" y="{y + ROW // 2 + 4}">{escape(text)}</text></g>'
        )
    parts.append("</svg>")
    return Markup("\n".join(parts))


def charts(a: Analytics) -> dict[str, Markup]:
    """The SVG of every chart of the analytics page, by name."""
    return {
        "aging": bar_chart("chart-aging", "Encours en principal par ancienneté du retard",
                           [(b.label, b.amount, money.euros(b.amount)) for b in a.aging]),
        "recovered": bar_chart("chart-recovered", "Sommes recouvrées par mois",
                               [(m.label, m.amount, money.euros(m.amount)) for m in a.recovered]),
        "steps": bar_chart("chart-steps", f"Part des étapes suivies d’un paiement sous {PAYMENT_WINDOW_DAYS} jours",
                           [(s.label, s.rate, f"{_fr(s.rate)}\u00a0% ({s.followed}/{s.done})") for s in a.steps]),
        "days": bar_chart("chart-days", "Délai moyen de paiement après l’échéance",
                          [(d.label, d.average or 0, f"{_fr(d.average)}\u00a0j" if d.average is not None else "—") for d in a.days_to_pay]),
        "late": bar_chart("chart-late", "Débiteurs en retard à plusieurs reprises",
                          [(p.name, p.late_invoices, f"{p.late_invoices} factures") for p in a.late_payers]),
    }


def _fr(value: Decimal | None) -> str:
    """One decimal with a comma: ``Decimal('12.5')`` → ``12,5``."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")

"""Properties of the ledger over generated cases (hypothesis)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.law import ledger
from dossier.law import interest
from dossier.records.errors import Source
from dossier.law import rates
from dossier.records.model import Case, Debtor, Event, InterestTerms, Invoice, Project, Scenario, Step
from dossier.law.money import cents

S = Source("t.yaml", 1, 1)
TABLES = rates.builtin_tables()
PROJECT = Project("t", {}, S, scenarios={"standard": Scenario("standard", (Step("mise_en_demeure", "lrar", S),), S)})
FIRST = dt.date(2015, 1, 1)      # every table has rates from here
LAST = dt.date(2026, 12, 31)     # to the end of the (provisional) second half of 2026
SPAN = (LAST - FIRST).days

days = st.integers(min_value=0, max_value=SPAN).map(lambda n: FIRST + dt.timedelta(days=n))
amounts = st.integers(min_value=1, max_value=5_000_000).map(lambda n: D(n).scaleb(-2))
regimes = st.sampled_from(["l441_10", "public", "legal", "contract"])
contract_rates = st.integers(min_value=0, max_value=3000).map(lambda n: D(n).scaleb(-2))


@settings(max_examples=200, deadline=None)
@given(regimes, amounts, days, days, days, contract_rates)
def test_interest_over_a_period_is_the_sum_over_any_split(regime, base, a, b, c, rate):
    first, start, end = sorted((a, b, c))
    for split in (start, first + (end - first) // 2, end):
        if not start <= split <= end:
            continue
        whole = interest.exact_interest(regime, TABLES, base, first, start, end, rate)
        left = interest.exact_interest(regime, TABLES, base, first, start, split, rate)
        right = interest.exact_interest(regime, TABLES, base, first, split + dt.timedelta(days=1), end, rate)
        assert whole == left + right
        assert whole >= 0


def _case(kind: str, invoices, events=(), rate: D | None = None) -> Case:
    terms = InterestTerms(S, rate) if rate is not None else None
    return Case("c", "cases/c.yaml", Debtor("D", kind, S), tuple(invoices), S, interest=terms, events=tuple(events))


kinds = st.sampled_from(["professional", "public", "consumer"])


@settings(max_examples=150, deadline=None)
@given(kinds, amounts, days, st.integers(0, 90), st.lists(st.integers(0, 800), min_size=2, max_size=5), st.booleans())
def test_interest_never_decreases_with_time_at_constant_principal(kind, amount, date, term, offsets, contract):
    invoice = Invoice("X", date, date + dt.timedelta(days=term), amount, S)
    events = [Event(date + dt.timedelta(days=term + 10), "sent", S, step="mise_en_demeure")]
    c = _case(kind, [invoice], events, D("12") if contract else None)
    previous = D(0)
    for off in sorted(offsets):
        as_of = min(date + dt.timedelta(days=off), LAST)
        s = ledger.statement(c, PROJECT, as_of, TABLES)
        assert s.principal == amount
        assert s.interest >= previous
        # and it is the rounded exact interest of the whole span
        first = invoice.due + dt.timedelta(days=1) if kind != "consumer" or contract else events[0].date + dt.timedelta(days=1)
        regime = "contract" if contract else {"professional": "l441_10", "public": "public", "consumer": "legal"}[kind]
        exact = interest.exact_interest(regime, TABLES, amount, first, first, as_of, D("12"))
        assert s.interest == cents(D(exact.numerator) / D(exact.denominator))
        previous = s.interest


@st.composite
def portfolios(draw):
    kind = draw(kinds)
    n = draw(st.integers(1, 4))
    invoices = []
    for i in range(n):
        date = draw(st.dates(dt.date(2023, 1, 1), dt.date(2025, 12, 31)))
        invoices.append(Invoice(f"F{i}", date, date + dt.timedelta(days=draw(st.integers(0, 60))), draw(amounts), S))
    events = []
    for _ in range(draw(st.integers(0, 6))):
        when = draw(st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)))
        target = draw(st.one_of(st.none(), st.sampled_from([f"F{i}" for i in range(n)])))
        events.append(Event(when, "payment", S, amount=draw(amounts), invoice=target))
    if draw(st.booleans()):
        events.append(Event(draw(st.dates(dt.date(2023, 1, 1), dt.date(2026, 6, 30))), "sent", S, step="mise_en_demeure"))
    rate = draw(st.one_of(st.none(), contract_rates))
    as_of = draw(st.dates(dt.date(2023, 1, 1), LAST))
    return _case(kind, invoices, sorted(events, key=lambda e: e.date), rate), as_of


@settings(max_examples=300, deadline=None)
@given(portfolios())
def test_no_negative_balance_and_every_cent_accounted_for(drawn):
    c, as_of = drawn
    s = ledger.statement(c, PROJECT, as_of, TABLES)
    for r in s.invoices:
        assert min(r.principal, r.interest, r.indemnity) >= 0
        assert r.principal <= r.amount
        assert r.interest == r.accrued - r.paid_interest
        assert r.principal == r.amount - r.paid_principal
        assert r.indemnity == r.indemnity_due - r.paid_indemnity
        assert r.accrued == sum((line.interest for line in r.lines), D(0))
        assert all(line.interest >= 0 and line.days > 0 for line in r.lines)
    assert s.unallocated >= 0
    # every payment made up to as_of is imputed somewhere, or left unallocated
    imputed = sum((p.to_interest + p.to_principal + p.to_indemnity + p.unallocated for p in s.payments), D(0))
    assert imputed == s.paid == sum((e.amount for e in c.events if e.type == "payment" and e.date <= as_of), D(0))
    # the case total is the sum of its invoices' balances and indemnities
    assert s.total == sum((r.principal + r.interest + r.indemnity for r in s.invoices), D(0))
    assert s.total == s.principal + s.interest + s.indemnity
    # and what was invoiced, accrued and incurred, less what was paid and kept
    assert s.total == s.amount + s.accrued + sum((r.indemnity_due for r in s.invoices), D(0)) - (s.paid - s.unallocated)
    assert s.settled == (s.total == 0)
    if c.debtor.kind == "consumer":
        assert s.indemnity == 0

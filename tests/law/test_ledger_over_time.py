"""The statement over time (issue 13): a consumer's interest per invoice, credit notes, overpayments, events after today.

Same conventions and rates as test_ledger.py (legal "autres cas" 2026-S1 2.62; L441-10 2026-S1 12.15);
the arithmetic of every figure is in the comments.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from dossier.law import ledger, rates
from dossier.records.errors import Source
from dossier.records.model import Case, Debtor, Event, Invoice, Project, Scenario, Step

S = Source("t.yaml", 1, 1)
day = dt.date.fromisoformat
TABLES = rates.builtin_tables()
PROJECT = Project("t", {}, Source("dossier.yaml", 1, 1), scenarios={"standard": Scenario("standard", (Step("mise_en_demeure", "lrar", S),), S)})


def inv(number: str, date: str, due: str, amount: str) -> Invoice:
    return Invoice(number, day(date), day(due), D(amount), Source("t.yaml", 10, 5))


def pay(date: str, amount: str, invoice: str | None = None, line: int = 20) -> Event:
    return Event(day(date), "payment", Source("t.yaml", line, 5), amount=D(amount), invoice=invoice)


def sent(date: str, step: str, received: str | None = None) -> Event:
    return Event(day(date), "sent", S, step=step, received=day(received) if received else None)


def case(kind: str, invoices, events=()) -> Case:
    return Case("c", "cases/c.yaml", Debtor("Débiteur", kind, S), tuple(invoices), S, events=tuple(events))


def stmt(c: Case, as_of: str) -> ledger.Statement:
    return ledger.statement(c, PROJECT, day(as_of), TABLES)


def line_tuples(st: ledger.Statement):
    return [(str(l.start), str(l.end), l.days, l.base, l.rate, l.interest, l.provisional) for l in st.lines]


def credit(date: str, amount: str, invoice: str, number: str = "AV-2026-004", line: int = 30) -> Event:
    return Event(day(date), "credit_note", Source("t.yaml", line, 5), amount=D(amount), invoice=invoice, number=number)


# --- a consumer's interest, invoice by invoice ---------------------------------------------------

A = inv("P-1", "2026-01-15", "2026-02-14", "1500.00")
B = inv("P-2", "2026-04-15", "2026-05-15", "600.00")
NOTICE = sent("2026-04-01", "mise_en_demeure", "2026-04-03")


def test_a_consumer_invoice_due_after_the_only_formal_notice_bears_no_interest():
    # P-1: from 04/04 (notice received 03/04) to 30/06: 88 d; 1500 × 2.62 × 88 / 36500 = 9.4751 → 9.48.
    # P-2 falls due on 15/05, after the notice of 01/04: no notice claimed it, no interest (C. civ. 1231-6, 1344).
    st = stmt(case("consumer", [A, B], [NOTICE]), "2026-06-30")
    assert line_tuples(st) == [("2026-04-04", "2026-06-30", 88, D("1500.00"), D("2.62"), D("9.48"), False)]
    assert [(r.number, r.interest) for r in st.invoices] == [("P-1", D("9.48")), ("P-2", D("0.00"))]
    assert (st.principal, st.interest, st.total, st.interest_from) == (D("2100.00"), D("9.48"), D("2109.48"), day("2026-04-04"))


def test_a_second_formal_notice_starts_the_interest_of_the_invoice_due_after_the_first():
    # Notice of 20/05, received 23/05, after P-2's due date (15/05): P-2 from 24/05 to 30/06 = 8 + 30 = 38 d;
    # 600 × 2.62 × 38 / 36500 = 1.6366 → 1.64. P-1 still runs from the first notice (04/04): 9.48.
    st = stmt(case("consumer", [A, B], [NOTICE, sent("2026-05-20", "mise_en_demeure", "2026-05-23")]), "2026-06-30")
    assert line_tuples(st) == [
        ("2026-04-04", "2026-06-30", 88, D("1500.00"), D("2.62"), D("9.48"), False),
        ("2026-05-24", "2026-06-30", 38, D("600.00"), D("2.62"), D("1.64"), False),
    ]
    assert (st.interest, st.interest_from) == (D("11.12"), day("2026-04-04"))


def test_without_a_receipt_date_the_notice_counts_from_its_own_date():
    # Second notice sent 20/05, no `received`: P-2 from 21/05 to 30/06 = 11 + 30 = 41 d; 600 × 2.62 × 41 / 36500 = 1.7658 → 1.77.
    st = stmt(case("consumer", [A, B], [NOTICE, sent("2026-05-20", "mise_en_demeure")]), "2026-06-30")
    assert [(r.number, r.interest) for r in st.invoices] == [("P-1", D("9.48")), ("P-2", D("1.77"))]


def test_a_notice_dated_on_the_due_date_does_not_claim_that_invoice_even_received_after_it():
    # The letter of 15/05 claims the invoices due before its date (it cannot demand a sum not yet late):
    # P-2, due 15/05, bears no interest although the letter was received on 18/05.
    st = stmt(case("consumer", [A, B], [NOTICE, sent("2026-05-15", "mise_en_demeure", "2026-05-18")]), "2026-06-30")
    assert [(r.number, r.interest) for r in st.invoices] == [("P-1", D("9.48")), ("P-2", D("0.00"))]
    # The first notice received after P-1's due date still starts P-1 (a later one does not move it).
    assert st.lines[0].start == day("2026-04-04")


def test_a_consumer_with_only_a_notice_before_every_due_date_owes_no_interest():
    st = stmt(case("consumer", [B], [NOTICE]), "2026-06-30")
    assert (st.interest, st.lines, st.interest_from, st.total) == (D("0.00"), (), None, D("600.00"))

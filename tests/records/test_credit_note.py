"""The `credit_note` event (issue 13): its fields, its invoice, its amount, each refused where written."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from dossier.records.config import load_project
from dossier.records.load import load_case_text

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "load" / "valid"
HEAD = ("debtor: {name: Alpha SARL, kind: professional}\n"
        "invoices:\n  - {number: F1, date: 2026-02-01, due: 2026-03-03, amount: 1000.00}\n"
        "  - {number: F2, date: 2026-02-05, due: 2026-03-07, amount: 300.00}\n"
        "events:\n")


@pytest.fixture(scope="module")
def project():
    p, issues = load_project(VALID)
    assert issues == []
    return p


def load(events: str, project):
    return load_case_text(HEAD + events, "cases/x.yaml", project, VALID)


def test_a_credit_note_reads_into_an_event(project):
    c, issues = load("  - {date: 2026-04-01, type: credit_note, number: AV-2026-004, invoice: F1, amount: 200.00, reference: geste}\n", project)
    assert issues == []
    [e] = c.events
    assert (e.type, e.number, e.invoice, e.amount, e.reference, e.source.line) == ("credit_note", "AV-2026-004", "F1", Decimal("200.00"), "geste", 6)


def test_a_credit_note_needs_its_number_invoice_and_amount(project):
    c, issues = load("  - {date: 2026-04-01, type: credit_note, amount: 200.00}\n", project)
    assert c is None
    assert [str(i) for i in issues] == [
        'cases/x.yaml:6:5: events[0]: missing required field "invoice"',
        'cases/x.yaml:6:5: events[0]: missing required field "number"',
    ]


def test_a_credit_note_names_a_known_invoice_and_a_positive_amount(project):
    _, issues = load("  - {date: 2026-04-01, type: credit_note, number: AV-1, invoice: F9, amount: 0}\n", project)
    assert [str(i) for i in issues] == [
        'cases/x.yaml:6:66: events[0].invoice: no invoice "F9" in this case (invoices: F1 or F2)',
        "cases/x.yaml:6:78: events[0].amount: expected an amount greater than 0, got 0",
    ]


def test_credit_notes_cannot_take_off_more_than_their_invoice(project):
    _, issues = load("  - {date: 2026-04-01, type: credit_note, number: AV-1, invoice: F2, amount: 200.00}\n"
                     "  - {date: 2026-04-02, type: credit_note, number: AV-2, invoice: F2, amount: 150.00}\n", project)
    assert [str(i) for i in issues] == [
        'cases/x.yaml:7:78: events[1].amount: expected at most 100.00, what is left of invoice "F2" after its earlier credit notes, got 150.00',
    ]


def test_a_credit_note_has_no_field_of_a_payment_plan(project):
    _, issues = load("  - {date: 2026-04-01, type: credit_note, number: AV-1, invoice: F1, amount: 10.00, signed: true}\n", project)
    assert [str(i) for i in issues] == [
        'cases/x.yaml:6:85: events[0].signed: a "credit_note" event has no field "signed" (its fields: amount, date, invoice, note, number, piece, reference, type)',
    ]

"""The `invoice` change of record_changes: an invoice appended to ``invoices:`` in the file's own style."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dossier.history.lock import Refused
from dossier.history.record_changes import apply_change, describe

INVOICE = {"number": "F2026-040", "date": dt.date(2026, 3, 1), "due": dt.date(2026, 3, 31), "amount": Decimal("1250.5"),
           "piece": "pieces/F2026-040.pdf"}
CHANGE = {"type": "invoice", "invoice": INVOICE}


def test_a_block_invoice_list_gets_a_block_item_after_the_last_one_comments_kept():
    text = ("debtor: {name: A, kind: professional}\ninvoices:\n  - number: F1   # the first\n    date: 2026-01-01\n"
            "    due: 2026-01-31\n    amount: 10.00\nevents:\n  - {date: 2026-02-05, type: sent, step: relance_informelle}\n")
    new, line = apply_change(text, CHANGE)
    assert new == ("debtor: {name: A, kind: professional}\ninvoices:\n  - number: F1   # the first\n    date: 2026-01-01\n"
                   "    due: 2026-01-31\n    amount: 10.00\n  - number: F2026-040\n    date: 2026-03-01\n    due: 2026-03-31\n"
                   "    amount: 1250.50\n    piece: pieces/F2026-040.pdf\n"
                   "events:\n  - {date: 2026-02-05, type: sent, step: relance_informelle}\n")
    assert line == "invoices: {number: F2026-040, date: 2026-03-01, due: 2026-03-31, amount: 1250.50, piece: pieces/F2026-040.pdf}"
    assert describe(CHANGE) == "invoice F2026-040 added"


def test_a_flow_item_list_gets_a_flow_item_and_a_chorus_deposit_is_a_flow_mapping():
    text = "invoices:\n- {number: F1, date: 2026-01-01, due: 2026-01-31, amount: 10.00}\n"
    chorus = {**INVOICE, "chorus": {"deposited": dt.date(2026, 3, 2), "number": "CPP-1"}}
    new, _ = apply_change(text, {"type": "invoice", "invoice": chorus})
    assert new == (text + "- {number: F2026-040, date: 2026-03-01, due: 2026-03-31, amount: 1250.50, "
                   "piece: pieces/F2026-040.pdf, chorus: {deposited: 2026-03-02, number: CPP-1}}\n")


def test_an_invoice_list_written_as_a_flow_list_is_refused():
    with pytest.raises(Refused, match="add the invoice by hand"):
        apply_change("invoices: [{number: F1, date: 2026-01-01, due: 2026-01-31, amount: 10.00}]\n", CHANGE)

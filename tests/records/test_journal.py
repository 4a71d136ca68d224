"""Events dated after the real date (issue 13): a warning at `dossier check`, at the event's line."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dossier.records.errors import Source
from dossier.records.journal import after_today
from dossier.records.model import Case, Debtor, Event, Invoice

S = Source("cases/c.yaml", 1, 1)
TODAY = dt.date(2026, 12, 6)


def case(*events: Event) -> Case:
    return Case("c", "cases/c.yaml", Debtor("Débiteur", "professional", S),
                (Invoice("F1", dt.date(2026, 2, 1), dt.date(2026, 3, 3), Decimal("100.00"), S),), S, events=events)


def test_an_event_or_a_receipt_after_today_is_a_warning_at_its_line():
    payment = Event(dt.date(2027, 3, 20), "payment", Source("cases/c.yaml", 12, 5), amount=Decimal("100.00"))
    notice = Event(dt.date(2026, 12, 1), "sent", Source("cases/c.yaml", 11, 5), step="mise_en_demeure", received=dt.date(2026, 12, 8))
    issues = after_today([case(notice, payment)], TODAY)
    assert [str(i) for i in issues] == [
        "cases/c.yaml:11:5: warning: events: the receipt of the sent event of 2026-12-01 is dated 2026-12-08, after today (2026-12-06): a typo?",
        "cases/c.yaml:12:5: warning: events: the payment event is dated 2027-03-20, after today (2026-12-06): a typo?",
    ]
    assert {i.code for i in issues} == {"future-date"}
    assert issues[1].fr == "Paiement daté du 20/03/2027, après la date du jour (06/12/2026)\u00a0: erreur de saisie\u00a0?"


def test_today_itself_is_not_after_today():
    assert after_today([case(Event(TODAY, "payment", S, amount=Decimal("1.00"), received=None))], TODAY) == []

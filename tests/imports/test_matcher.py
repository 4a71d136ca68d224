"""The matcher: reference, then IBAN and amount, then name and amount; several candidates are never guessed."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dossier.records.i18n import speaking
from dossier.imports.matcher import match, open_amounts
from dossier.imports.model import Credit
from dossier.records.errors import Source
from dossier.records.model import Case, Debtor, Event, Invoice

SRC = Source("cases/x.yaml", 1, 1)


def case(cid: str, name: str, invoices: dict[str, str], iban: str | None = None, events=()) -> Case:
    return Case(id=cid, path=f"cases/{cid}.yaml", source=SRC,
                debtor=Debtor(name=name, kind="professional", source=SRC, iban=iban),
                invoices=tuple(Invoice(number=n, date=dt.date(2026, 9, 1), due=dt.date(2026, 10, 1), amount=Decimal(a),
                                       source=SRC) for n, a in invoices.items()),
                events=tuple(events))


def credit(amount: str, reference: str = "", name: str = "", iban: str | None = None) -> Credit:
    return Credit(id="T1", date=dt.date(2026, 11, 10), amount=Decimal(amount), name=name, iban=iban, reference=reference)


DUPONT = case("2026-014-dupont", "Dupont Rénovation SARL", {"F2026-031": "4800.00", "F2026-040": "1200.00"},
              iban="FR76 1010 7001 0112 3456 7890 129")
DURAND = case("2026-015-durand", "Durand Paysage SARL", {"F2026-050": "1200.00"})
DUPONT_BIS = case("2026-016-dupont-bis", "Dupont Rénovation", {"F2026-060": "1200.00"})


def test_the_letters_reference_wins_even_rewritten_by_the_bank():
    found = match(credit("300.00", "VIR SEPA 2026014DUPONT F2026 040"), [DUPONT, DURAND])
    assert (found.case.id, found.invoice, found.rule) == ("2026-014-dupont", "F2026-040", "reference")
    both = match(credit("300.00", "2026-014-dupont — F2026-031, F2026-040"), [DUPONT, DURAND])
    assert (both.case.id, both.invoice) == ("2026-014-dupont", None)   # two invoices named: imputed in order


def test_an_invoice_number_alone_names_its_case():
    found = match(credit("1200.00", "FACTURE F2026-050"), [DUPONT, DURAND])
    assert (found.case.id, found.invoice, found.rule) == ("2026-015-durand", "F2026-050", "reference")


def test_the_debtors_iban_and_an_open_amount():
    found = match(credit("1200.00", "PAIEMENT", iban="FR7610107001011234567890129"), [DUPONT, DURAND])
    assert (found.case.id, found.invoice, found.rule) == ("2026-014-dupont", "F2026-040", "iban")
    whole = match(credit("6000.00", "PAIEMENT", iban="FR7610107001011234567890129"), [DUPONT, DURAND])
    assert (whole.case.id, whole.invoice) == ("2026-014-dupont", None)
    other = match(credit("999.00", "PAIEMENT", iban="FR7610107001011234567890129"), [DUPONT, DURAND])
    assert other.case is None and other.why == "the IBAN is the debtor's in 2026-014-dupont, but 999.00 is no open amount there"


def test_a_name_and_an_amount_that_fit_two_cases_are_left_for_review():
    found = match(credit("1200.00", "VIREMENT", name="DUPONT RENOVATION"), [DUPONT, DURAND, DUPONT_BIS])
    assert found.case is None
    assert found.why == "1200.00 fits several cases of that name: 2026-014-dupont, 2026-016-dupont-bis"
    with speaking("fr"):   # the command line's default
        found = match(credit("1200.00", "VIREMENT", name="DUPONT RENOVATION"), [DUPONT, DURAND, DUPONT_BIS])
        other = match(credit("999.00", "PAIEMENT", iban="FR7610107001011234567890129"), [DUPONT, DURAND])
    assert found.why == "1\u202f200,00 correspond à plusieurs dossiers de ce nom\u00a0: 2026-014-dupont, 2026-016-dupont-bis"
    assert other.why == "l’IBAN est celui du débiteur dans 2026-014-dupont, mais 999,00 n’y est aucun montant ouvert"


def test_open_amounts_take_off_payments_and_credit_notes_naming_the_invoice():
    paid = case("2026-014-dupont", "Dupont", {"F1": "100.00", "F2": "50.00"}, events=(
        Event(date=dt.date(2026, 10, 5), type="payment", source=SRC, amount=Decimal("30.00"), invoice="F1"),
        Event(date=dt.date(2026, 10, 6), type="credit_note", source=SRC, amount=Decimal("50.00"), invoice="F2", number="A1")))
    assert open_amounts(paid) == ({"F1": Decimal("70.00")}, Decimal("70.00"))

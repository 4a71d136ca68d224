"""Which case and invoice a bank credit pays: never a guess.

In order, the first rule that finds anything decides:

1. **the reference** the letters print (« Merci d'indiquer en référence du virement : 2026-014-dupont —
   F2026-031 »): a case id in what the payer wrote (compared without case, spaces or punctuation), or, failing
   it, invoice numbers that belong to one case only; the invoices of that case named there are the ones paid;
2. **the payer's IBAN** (``debtor.iban``) and the amount: the amount is what one invoice of that debtor still
   has open, or everything the case still has open;
3. **the amount and the name**: the payer's name is the debtor's (legal forms aside) and the amount is open
   as in 2.

Several cases found by a rule, or a rule that finds a case but no amount that fits (rules 2 and 3): the
credit is left for review with the reason. Nothing found: unmatched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..records.model import Case
from .model import Credit
from .text import fold, slug
from ..records.i18n import N_, _

MIN_NUMBER = 4   # an invoice number shorter than this (once compacted) is too common a string to match on


def _compact(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", fold(text).upper())


@dataclass(frozen=True)
class Match:
    credit: Credit
    case: Case | None = None
    invoice: str | None = None
    rule: str = ""          # "reference", "iban", "name"
    why: str = ""           # for review: why it was not matched


def open_amounts(case: Case) -> tuple[dict[str, Decimal], Decimal]:
    """(each invoice's amount less its credit notes and the payments naming it, the case's total less every
    credit note and payment): the sums a transfer that pays a whole invoice, or everything, would carry."""
    left = {i.number: i.amount for i in case.invoices}
    total = sum(left.values(), Decimal(0))
    for ev in case.events:
        if ev.type in ("payment", "credit_note") and ev.amount is not None:
            total -= ev.amount
            if ev.invoice in left:
                left[ev.invoice] -= ev.amount
    return {k: v for k, v in left.items() if v > 0}, total


def match(credit: Credit, cases: list[Case]) -> Match:
    ref = _compact(credit.reference)
    by_id = [c for c in cases if _compact(c.id) and _compact(c.id) in ref]
    if len(by_id) > 1:   # 2026-01 inside 2026-014: keep the longest ids found
        longest = max(len(_compact(c.id)) for c in by_id)
        by_id = [c for c in by_id if len(_compact(c.id)) == longest]
    named = {c.id: [i.number for i in c.invoices if len(_compact(i.number)) >= MIN_NUMBER and _compact(i.number) in ref]
             for c in cases}
    if len(by_id) == 1:
        numbers = named[by_id[0].id]
        return Match(credit, by_id[0], numbers[0] if len(numbers) == 1 else None, "reference")
    if len(by_id) > 1:
        return Match(credit, why=_("the reference names several cases: {cases}", cases=", ".join(c.id for c in by_id)))
    by_number = [c for c in cases if named[c.id]]
    if len(by_number) == 1:
        numbers = named[by_number[0].id]
        return Match(credit, by_number[0], numbers[0] if len(numbers) == 1 else None, "reference")
    if len(by_number) > 1:
        return Match(credit, why=_("the reference names invoices of several cases: {cases}", cases=", ".join(c.id for c in by_number)))
    if credit.iban:
        iban = _compact(credit.iban)
        payers = [c for c in cases if c.debtor.iban and _compact(c.debtor.iban) == iban]
        if payers:
            return _by_amount(credit, payers, "iban")
    name = set(slug(credit.name, 200).split("-")) if credit.name else set()
    named_cases = [c for c in cases if name and set(slug(c.debtor.name, 200).split("-")) <= name | {"client"}
                   and slug(c.debtor.name) != "client"]
    if named_cases:
        return _by_amount(credit, named_cases, "name")
    return Match(credit, why=_("no case's reference, IBAN or name in this credit"))


CENT = Decimal("0.01")
# Why an amount matched by IBAN or by name is left for review, one sentence per rule (French says « l’IBAN », « le nom »).
NO_OPEN_AMOUNT = {"iban": N_("the IBAN is the debtor's in {cases}, but {amount} is no open amount there"),
                  "name": N_("the name is the debtor's in {cases}, but {amount} is no open amount there")}
SEVERAL_FIT = {"iban": N_("{amount} fits several cases of that IBAN: {cases}"),
               "name": N_("{amount} fits several cases of that name: {cases}")}


def _by_amount(credit: Credit, cases: list[Case], rule: str) -> Match:
    fits = []
    for case in cases:
        invoices, total = open_amounts(case)
        hits = [n for n, left in invoices.items() if left == credit.amount]
        if len(hits) == 1:
            fits.append((case, hits[0]))
        elif hits or total == credit.amount:
            fits.append((case, None))
    if len(fits) == 1:
        return Match(credit, fits[0][0], fits[0][1], rule)
    if not fits:
        return Match(credit, why=_(NO_OPEN_AMOUNT[rule], cases=", ".join(c.id for c in cases), amount=credit.amount.quantize(CENT)))
    return Match(credit, why=_(SEVERAL_FIT[rule], amount=credit.amount.quantize(CENT), cases=", ".join(c.id for c, _invoice in fits)))

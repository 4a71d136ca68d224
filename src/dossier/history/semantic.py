"""Record-level differences: two versions of a case compared, each change one sentence in the run's language.

Reviewers read a change to a dossier as what it means ("paiement de 600,00 €
enregistré le 28/11/2025", "payment of €600.00 recorded on 2025-11-28"), not as YAML lines. Everything here is pure: two
`Case` values (either may be ``None``: created, deleted) give a list of
sentences, one per change, in a stable order (debtor, terms, invoices, journal).
The rules compare; the words they use are in `wording`.
"""
from __future__ import annotations

import difflib
from dataclasses import fields
from decimal import Decimal
from typing import Any, Callable

from ..records.labels import CONTRACT_LABELS, KIND_LABELS, QUALIFICATION_LABELS
from ..records.model import Case, Event, Invoice
from ..records.i18n import _, day, money, ngettext, percent
from ..records.labels_en import say
from .wording import EVENT_FIELD_WORDS, arrow, event_edited, event_summary

# ---------------------------------------------------------------- whole case

def case_changes(before: Case | None, after: Case | None) -> list[str]:
    """One sentence per change between two versions of a case (``None``: absent)."""
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        return [created(after)]
    if after is None:
        return [_("case deleted")]
    out: list[str] = []
    if before.id != after.id:
        out.append(_("case renamed: {before} → {after}", before=before.id, after=after.id))
    for rule in CASE_RULES:
        out += rule(before, after)
    return out


def created(case: Case) -> str:
    total = money(sum((i.amount for i in case.invoices), Decimal("0")))
    invoices = ngettext("{n} invoice", "{n} invoices", len(case.invoices))
    if case.events:
        return _("case created: {invoices}, {total}, {events} in the journal", invoices=invoices, total=total,
                 events=ngettext("{n} event", "{n} events", len(case.events)))
    return _("case created: {invoices}, {total}", invoices=invoices, total=total)


def _debtor(a: Case, b: Case) -> list[str]:
    x, y = a.debtor, b.debtor
    out = []
    if x.name != y.name:
        out.append(arrow(_("debtor's name"), x.name, y.name))
    if x.kind != y.kind:
        out.append(arrow(_("debtor's kind"), x.kind, y.kind, lambda k: say(KIND_LABELS, k)))
    if x.siren != y.siren:
        out.append(arrow(_("debtor's SIREN"), x.siren, y.siren))
    if x.address != y.address:
        out.append(_("debtor's address changed"))
    if x.email != y.email:
        out.append(_("debtor's email changed"))
    if x.phone != y.phone:
        out.append(_("debtor's phone changed"))
    if x.contact != y.contact:
        out.append(_("contact at the debtor changed"))
    if x.qualification != y.qualification:
        out.append(arrow(_("debtor's qualification"), x.qualification, y.qualification,
                          lambda q: say(QUALIFICATION_LABELS, q) if q else "—"))
    if x.legal_form != y.legal_form:
        out.append(arrow(_("debtor's legal form"), x.legal_form, y.legal_form))
    if x.representative != y.representative:
        out.append(_("debtor's legal representative changed"))
    if x.birth != y.birth:
        out.append(_("debtor's date and place of birth changed"))
    return out


def _terms(a: Case, b: Case) -> list[str]:
    out = []
    if a.creditor != b.creditor:
        out.append(arrow(_("creditor"), a.creditor, b.creditor))
    if a.scenario != b.scenario:
        out.append(arrow(_("scenario"), a.scenario or _("default"), b.scenario or _("default")))
    if a.court != b.court:
        out.append(arrow(_("competent court"), a.court, b.court))
    ca, cb = a.contract, b.contract
    if (ca and ca.kind) != (cb and cb.kind):
        out.append(arrow(_("basis of the claim"), ca and ca.kind, cb and cb.kind,
                          lambda k: say(CONTRACT_LABELS, k) if k else "—"))
    if (ca and ca.date) != (cb and cb.date):
        out.append(arrow(_("date of the contract"), ca and ca.date, cb and cb.date))
    pa, pb = (ca.pieces if ca else ()), (cb.pieces if cb else ())
    out += [_("piece added to the contract: {piece}", piece=p) for p in pb if p not in pa]
    out += [_("piece removed from the contract: {piece}", piece=p) for p in pa if p not in pb]
    ia, ib = a.interest, b.interest
    ra, rb = (ia.rate if ia else None), (ib.rate if ib else None)
    if ra != rb:
        out.append(arrow(_("interest rate"), ra, rb, lambda r: _("legal") if r is None else percent(r)))
    da, db = (ia.indemnity if ia else True), (ib.indemnity if ib else True)
    if da != db:
        out.append(_("fixed indemnity of €40 claimed") if db else _("fixed indemnity of €40 no longer claimed"))
    return out


def _invoices(a: Case, b: Case) -> list[str]:
    old = {i.number: i for i in a.invoices}
    new = {i.number: i for i in b.invoices}
    out = []
    for inv in b.invoices:
        if inv.number not in old:
            out.append(_("invoice {number} added: {amount}, due {due}", number=inv.number, amount=money(inv.amount),
                         due=day(inv.due)))
            continue
        out += _invoice_changes(old[inv.number], inv)
    out += [_("invoice {number} removed", number=inv.number) for inv in a.invoices if inv.number not in new]
    return out


def _invoice_changes(x: Invoice, y: Invoice) -> list[str]:
    n = y.number
    out = []
    if x.amount != y.amount:
        out.append(arrow(_("amount of invoice {number}", number=n), x.amount, y.amount))
    if x.date != y.date:
        out.append(arrow(_("date of invoice {number}", number=n), x.date, y.date))
    if x.due != y.due:
        out.append(arrow(_("due date of invoice {number}", number=n), x.due, y.due))
    if x.delivered != y.delivered:
        out.append(arrow(_("delivery date of invoice {number}", number=n), x.delivered, y.delivered))
    if x.piece != y.piece:
        out.append(_("piece of invoice {number} added: {piece}", number=n, piece=y.piece) if y.piece and not x.piece else
                   _("piece of invoice {number} removed", number=n) if not y.piece else
                   _("piece of invoice {number} replaced: {piece}", number=n, piece=y.piece))
    return out


def _events(a: Case, b: Case) -> list[str]:
    """The journal: appended events are said as what happened; edits and removals are named."""
    ka, kb = [event_key(e) for e in a.events], [event_key(e) for e in b.events]
    out = []
    matcher = difflib.SequenceMatcher(a=ka, b=kb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = list(a.events[i1:i2]), list(b.events[j1:j2])
        # an event edited in place: same type, same position
        while olds and news and olds[0].type == news[0].type:
            out.append(_event_edit(olds.pop(0), news.pop(0)))
        out += [_("event removed from the journal: {event}", event=event_summary(e)) for e in olds]
        out += [event_summary(e) for e in news]
    return out


EVENT_FIELDS = tuple(f.name for f in fields(Event) if f.name != "source")


def event_key(e: Event) -> tuple:
    """An event by value (its source position left out): equal keys, same event."""
    return tuple(_plain(getattr(e, name)) for name in EVENT_FIELDS)


def _plain(v: Any) -> Any:
    """Instalments carry their source: compare them by value only."""
    if isinstance(v, tuple):
        return tuple((i.due, i.amount) if hasattr(i, "due") else i for i in v)
    return v


def _event_edit(x: Event, y: Event) -> str:
    changes = []
    for name in EVENT_FIELDS:
        va, vb = _plain(getattr(x, name)), _plain(getattr(y, name))
        if va == vb:
            continue
        if name == "instalments":
            changes.append(_("instalments changed"))
        elif name == "note":
            changes.append(_("note changed"))
        elif name == "reference":
            changes.append(_("reference changed"))
        elif name == "tracking":
            changes.append(_("tracking number changed"))
        else:
            changes.append(arrow(_(EVENT_FIELD_WORDS[name]) if name in EVENT_FIELD_WORDS else name, va, vb))
    return event_edited(x, changes)


CASE_RULES: list[Callable[[Case, Case], list[str]]] = [_debtor, _terms, _invoices, _events]

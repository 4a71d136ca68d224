"""Record-level differences: two versions of a case compared, each change one French sentence.

Reviewers read a change to a dossier as what it means ("paiement de 600,00 €
enregistré le 28/11/2025"), not as YAML lines. Everything here is pure: two
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
from ..law.money import date_short, euros, percent
from .wording import EVENT_FIELD_WORDS, EVENT_NOUNS, arrow, event_summary, feminine_event, plural

# ---------------------------------------------------------------- whole case

def case_changes(before: Case | None, after: Case | None) -> list[str]:
    """One French sentence per change between two versions of a case (``None``: absent)."""
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        return [created(after)]
    if after is None:
        return ["dossier supprimé"]
    out: list[str] = []
    if before.id != after.id:
        out.append(f"dossier renommé : {before.id} → {after.id}")
    for rule in CASE_RULES:
        out += rule(before, after)
    return out


def created(case: Case) -> str:
    total = sum((i.amount for i in case.invoices), Decimal("0"))
    text = f"dossier créé : {plural(len(case.invoices), 'facture')}, {euros(total)}"
    if case.events:
        text += f", {plural(len(case.events), 'événement')} au journal"
    return text


def _debtor(a: Case, b: Case) -> list[str]:
    x, y = a.debtor, b.debtor
    out = []
    if x.name != y.name:
        out.append(arrow("nom du débiteur", x.name, y.name))
    if x.kind != y.kind:
        out.append(arrow("qualité du débiteur", x.kind, y.kind, lambda k: KIND_LABELS.get(k, k)))
    if x.siren != y.siren:
        out.append(arrow("SIREN du débiteur", x.siren, y.siren))
    if x.address != y.address:
        out.append("adresse du débiteur modifiée")
    if x.email != y.email:
        out.append("courriel du débiteur modifié")
    if x.phone != y.phone:
        out.append("téléphone du débiteur modifié")
    if x.contact != y.contact:
        out.append("contact chez le débiteur modifié")
    if x.qualification != y.qualification:
        out.append(arrow("qualification du débiteur", x.qualification, y.qualification,
                          lambda q: QUALIFICATION_LABELS.get(q, q) if q else "—"))
    if x.legal_form != y.legal_form:
        out.append(arrow("forme juridique du débiteur", x.legal_form, y.legal_form))
    if x.representative != y.representative:
        out.append("représentant légal du débiteur modifié")
    if x.birth != y.birth:
        out.append("date et lieu de naissance du débiteur modifiés")
    return out


def _terms(a: Case, b: Case) -> list[str]:
    out = []
    if a.creditor != b.creditor:
        out.append(arrow("créancier", a.creditor, b.creditor))
    if a.scenario != b.scenario:
        out.append(arrow("scénario", a.scenario or "par défaut", b.scenario or "par défaut"))
    if a.court != b.court:
        out.append(arrow("tribunal compétent", a.court, b.court))
    ca, cb = a.contract, b.contract
    if (ca and ca.kind) != (cb and cb.kind):
        out.append(arrow("fondement de la créance", ca and ca.kind, cb and cb.kind,
                          lambda k: CONTRACT_LABELS.get(k, k) if k else "—"))
    if (ca and ca.date) != (cb and cb.date):
        out.append(arrow("date du contrat", ca and ca.date, cb and cb.date))
    pa, pb = (ca.pieces if ca else ()), (cb.pieces if cb else ())
    out += [f"pièce ajoutée au contrat : {p}" for p in pb if p not in pa]
    out += [f"pièce retirée du contrat : {p}" for p in pa if p not in pb]
    ia, ib = a.interest, b.interest
    ra, rb = (ia.rate if ia else None), (ib.rate if ib else None)
    if ra != rb:
        out.append(arrow("taux d'intérêt", ra, rb, lambda r: "légal" if r is None else percent(r)))
    da, db = (ia.indemnity if ia else True), (ib.indemnity if ib else True)
    if da != db:
        out.append("indemnité forfaitaire de 40 € " + ("réclamée" if db else "plus réclamée"))
    return out


def _invoices(a: Case, b: Case) -> list[str]:
    old = {i.number: i for i in a.invoices}
    new = {i.number: i for i in b.invoices}
    out = []
    for inv in b.invoices:
        if inv.number not in old:
            out.append(f"facture {inv.number} ajoutée : {euros(inv.amount)}, échéance {date_short(inv.due)}")
            continue
        out += _invoice_changes(old[inv.number], inv)
    out += [f"facture {inv.number} retirée" for inv in a.invoices if inv.number not in new]
    return out


def _invoice_changes(x: Invoice, y: Invoice) -> list[str]:
    n = y.number
    out = []
    if x.amount != y.amount:
        out.append(arrow(f"montant de la facture {n}", x.amount, y.amount))
    if x.date != y.date:
        out.append(arrow(f"date de la facture {n}", x.date, y.date))
    if x.due != y.due:
        out.append(arrow(f"échéance de la facture {n}", x.due, y.due))
    if x.delivered != y.delivered:
        out.append(arrow(f"date de livraison de la facture {n}", x.delivered, y.delivered))
    if x.piece != y.piece:
        out.append(f"pièce de la facture {n} " + ("ajoutée : " + y.piece if y.piece and not x.piece else
                                                   "retirée" if not y.piece else "remplacée : " + y.piece))
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
        out += [f"événement supprimé du journal : {event_summary(e)}" for e in olds]
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
        word = EVENT_FIELD_WORDS.get(name, name)
        if name == "instalments":
            changes.append(f"{word} modifiées")
        elif name in ("note", "reference"):
            changes.append(f"{word} modifiée")
        elif name == "tracking":
            changes.append(f"{word} modifié")
        else:
            changes.append(arrow(word, va, vb))
    noun = EVENT_NOUNS.get(x.type, x.type)
    return f"{noun} du {date_short(x.date)} corrigé" + ("e" if feminine_event(x) else "") + " : " + ", ".join(changes)


CASE_RULES: list[Callable[[Case, Case], list[str]]] = [_debtor, _terms, _invoices, _events]

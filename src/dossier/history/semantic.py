"""Record-level differences, said in plain French.

Reviewers read a change to a dossier as what it means ("paiement de 600,00 €
enregistré le 28/11/2025"), not as YAML lines. Everything here is pure: two
`Case` values (either may be ``None``: created, deleted) give a list of
sentences, one per change, in a stable order (debtor, terms, invoices, journal).
`diff_markdown` lays out the per-case changes and the computed figures before
and after as Markdown for a pull request.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Callable

from ..records.labels import (
    CLOSING_REASON_LABELS,
    CONTRACT_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    PROCEDURE_LABELS,
    QUALIFICATION_LABELS,
    STATUS_LABELS,
    step_label,
)
from ..records.model import Case, Event, Invoice
from ..law.money import date_short, euros, percent

# step id → (noun phrase, feminine?) : "mise en demeure envoyée", "appel téléphonique effectué"
STEP_PHRASES: dict[str, tuple[str, bool]] = {
    "relance_informelle": ("relance informelle", True),
    "relance_amiable": ("relance amiable", True),
    "appel": ("appel téléphonique", False),
    "relance_ferme": ("relance ferme", True),
    "mise_en_demeure": ("mise en demeure", True),
    "injonction_de_payer": ("requête en injonction de payer", True),
    "declaration_creance": ("déclaration de créance", True),
    "sms": ("SMS", False),
}
# Nouns inside a sentence (« paiement du 28/11/2025 corrigé »), with the gender the participle takes.
EVENT_NOUNS = {
    "sent": "envoi",
    "payment": "paiement",
    "call": "appel",
    "promise": "promesse de paiement",
    "dispute": "contestation",
    "dispute_resolved": "fin de contestation",
    "plan": "échéancier",
    "acknowledgment": "reconnaissance de dette",
    "insolvency": "procédure collective",
    "filed": "requête",
    "order": "ordonnance",
    "served": "signification",
    "opposition": "opposition",
    "closed": "clôture",
}
EVENT_FIELD_WORDS = {
    "date": "date",
    "step": "étape",
    "amount": "montant",
    "invoice": "facture",
    "reference": "référence",
    "tracking": "numéro de suivi",
    "received": "date de réception",
    "outcome": "issue",
    "note": "note",
    "until": "échéance promise",
    "instalments": "échéances",
    "signed": "signature",
    "procedure": "procédure",
    "published": "publication au BODACC",
    "reason": "motif",
    "court": "tribunal",
    "piece": "pièce",
}


def plural(n: int, word: str, words: str | None = None) -> str:
    """``2 factures``, ``1 facture``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _value(v: Any) -> str:
    """A field value as a reader expects it: euros, dd/mm/yyyy, oui/non, or the text."""
    if v is None or v == "" or v == ():
        return "—"
    if isinstance(v, bool):
        return "oui" if v else "non"
    if isinstance(v, Decimal):
        return euros(v)
    if isinstance(v, dt.date):
        return date_short(v)
    if isinstance(v, tuple):
        return ", ".join(_value(x) for x in v)
    return str(v)


def _arrow(label: str, a: Any, b: Any, render: Callable[[Any], str] = _value) -> str:
    return f"{label} : {render(a)} → {render(b)}"


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
        out.append(_arrow("nom du débiteur", x.name, y.name))
    if x.kind != y.kind:
        out.append(_arrow("qualité du débiteur", x.kind, y.kind, lambda k: KIND_LABELS.get(k, k)))
    if x.siren != y.siren:
        out.append(_arrow("SIREN du débiteur", x.siren, y.siren))
    if x.address != y.address:
        out.append("adresse du débiteur modifiée")
    if x.email != y.email:
        out.append("courriel du débiteur modifié")
    if x.phone != y.phone:
        out.append("téléphone du débiteur modifié")
    if x.contact != y.contact:
        out.append("contact chez le débiteur modifié")
    if x.qualification != y.qualification:
        out.append(_arrow("qualification du débiteur", x.qualification, y.qualification,
                          lambda q: QUALIFICATION_LABELS.get(q, q) if q else "—"))
    if x.legal_form != y.legal_form:
        out.append(_arrow("forme juridique du débiteur", x.legal_form, y.legal_form))
    if x.representative != y.representative:
        out.append("représentant légal du débiteur modifié")
    if x.birth != y.birth:
        out.append("date et lieu de naissance du débiteur modifiés")
    return out


def _terms(a: Case, b: Case) -> list[str]:
    out = []
    if a.creditor != b.creditor:
        out.append(_arrow("créancier", a.creditor, b.creditor))
    if a.scenario != b.scenario:
        out.append(_arrow("scénario", a.scenario or "par défaut", b.scenario or "par défaut"))
    if a.court != b.court:
        out.append(_arrow("tribunal compétent", a.court, b.court))
    ca, cb = a.contract, b.contract
    if (ca and ca.kind) != (cb and cb.kind):
        out.append(_arrow("fondement de la créance", ca and ca.kind, cb and cb.kind,
                          lambda k: CONTRACT_LABELS.get(k, k) if k else "—"))
    if (ca and ca.date) != (cb and cb.date):
        out.append(_arrow("date du contrat", ca and ca.date, cb and cb.date))
    pa, pb = (ca.pieces if ca else ()), (cb.pieces if cb else ())
    out += [f"pièce ajoutée au contrat : {p}" for p in pb if p not in pa]
    out += [f"pièce retirée du contrat : {p}" for p in pa if p not in pb]
    ia, ib = a.interest, b.interest
    ra, rb = (ia.rate if ia else None), (ib.rate if ib else None)
    if ra != rb:
        out.append(_arrow("taux d'intérêt", ra, rb, lambda r: "légal" if r is None else percent(r)))
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
        out.append(_arrow(f"montant de la facture {n}", x.amount, y.amount))
    if x.date != y.date:
        out.append(_arrow(f"date de la facture {n}", x.date, y.date))
    if x.due != y.due:
        out.append(_arrow(f"échéance de la facture {n}", x.due, y.due))
    if x.delivered != y.delivered:
        out.append(_arrow(f"date de livraison de la facture {n}", x.delivered, y.delivered))
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
            changes.append(_arrow(word, va, vb))
    noun = EVENT_NOUNS.get(x.type, x.type)
    return f"{noun} du {date_short(x.date)} corrigé" + ("e" if _feminine_event(x) else "") + " : " + ", ".join(changes)


def _feminine_event(e: Event) -> bool:
    return e.type in ("promise", "dispute", "dispute_resolved", "acknowledgment", "insolvency", "filed",
                      "order", "served", "opposition", "closed")


CASE_RULES: list[Callable[[Case, Case], list[str]]] = [_debtor, _terms, _invoices, _events]


# ---------------------------------------------------------------- one event

def step_phrase(step: str | None, done: str = "envoyé") -> str:
    """``mise en demeure envoyée``, ``appel téléphonique effectué``, ``étape « x » faite``."""
    if step in STEP_PHRASES:
        noun, feminine = STEP_PHRASES[step]
        verb = "effectué" if step == "appel" else done
        return f"{noun} {verb}{'e' if feminine else ''}"
    return f"étape « {step} » faite"


def event_summary(e: Event) -> str:
    """What an event records, as one clause: ``paiement de 600,00 € enregistré le 28/11/2025``."""
    d = date_short(e.date)
    t = e.type
    if t == "sent":
        text = f"{step_phrase(e.step)} le {d}"
        if e.received:
            text += f", reçue le {date_short(e.received)}" if STEP_PHRASES.get(e.step or "", ("", True))[1] \
                else f", reçu le {date_short(e.received)}"
        return text
    if t == "payment":
        text = f"paiement de {euros(e.amount or Decimal('0'))} enregistré le {d}"
        return text + (f" sur la facture {e.invoice}" if e.invoice else "")
    if t == "call":
        text = f"appel téléphonique du {d}"
        return text + (f" : {OUTCOME_LABELS.get(e.outcome, e.outcome)}" if e.outcome else "")
    if t == "promise":
        text = f"promesse de paiement notée le {d}"
        return text + (f", pour le {date_short(e.until)}" if e.until else "")
    if t == "dispute":
        return f"contestation du débiteur enregistrée le {d}"
    if t == "dispute_resolved":
        return f"contestation levée le {d}"
    if t == "plan":
        total = sum((i.amount for i in e.instalments), Decimal("0"))
        state = "signé" if e.signed else "proposé"
        return f"échéancier de {plural(len(e.instalments), 'échéance')} ({euros(total)}) {state} le {d}"
    if t == "acknowledgment":
        return f"reconnaissance de dette enregistrée le {d}"
    if t == "insolvency":
        text = f"{PROCEDURE_LABELS.get(e.procedure or '', 'procédure collective')} enregistré" + \
               ("e" if e.procedure in ("sauvegarde", "liquidation") or not e.procedure else "") + f" le {d}"
        return text + (f" (BODACC du {date_short(e.published)})" if e.published else "")
    if t == "filed":
        return f"requête déposée le {d}" + (f" devant {e.court}" if e.court else "")
    if t == "order":
        return f"ordonnance rendue le {d}"
    if t == "served":
        return f"ordonnance signifiée le {d}"
    if t == "opposition":
        return f"opposition formée le {d}"
    if t == "closed":
        return f"dossier clos le {d}" + (f" ({CLOSING_REASON_LABELS.get(e.reason or '', e.reason)})" if e.reason else "")
    return f"événement « {t} » enregistré le {d}"


# ---------------------------------------------------------------- pull-request Markdown

@dataclass(frozen=True)
class CaseDiff:
    """One changed case: its record changes and its computed figures (docs/format.md JSON) before and after."""

    case_id: str
    debtor: str
    summaries: tuple[str, ...]
    before: dict | None          # build.case_json of the old version, None when absent or invalid
    after: dict | None
    problems: tuple[str, ...] = ()   # why a side could not be computed (validation errors)


AMOUNT_ROWS = (("principal", "Principal"), ("interest", "Intérêts"), ("indemnity", "Indemnités"), ("total", "Total dû"))


def _next_action(j: dict | None) -> str:
    if not j:
        return "—"
    actions = j.get("next_actions") or []
    if not actions:
        return "aucune"
    a = actions[0]
    return f"{step_label(a['step'])} ({date_short(dt.date.fromisoformat(a['due']))})"


def _due_now(j: dict | None, as_of: dt.date) -> list[str]:
    if not j:
        return []
    return [a["step"] for a in j.get("next_actions") or [] if dt.date.fromisoformat(a["due"]) <= as_of]


def computed_rows(before: dict | None, after: dict | None) -> list[tuple[str, str, str]]:
    """The figures that differ, as (label, before, after); the total always."""
    def amount(j: dict | None, key: str) -> str:
        return euros(Decimal(j[key])) if j else "—"

    rows = []
    for key, label in AMOUNT_ROWS:
        a, b = amount(before, key), amount(after, key)
        if a != b or key == "total":
            rows.append((label, a, b))
    status = [STATUS_LABELS.get(j["status"], j["status"]) if j else "—" for j in (before, after)]
    if status[0] != status[1]:
        rows.append(("Statut", status[0], status[1]))
    nxt = (_next_action(before), _next_action(after))
    if nxt[0] != nxt[1]:
        rows.append(("Prochaine action", nxt[0], nxt[1]))
    pres = [date_short(dt.date.fromisoformat(j["prescription"])) if j and j.get("prescription") else "—"
            for j in (before, after)]
    if pres[0] != pres[1]:
        rows.append(("Prescription", pres[0], pres[1]))
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def case_markdown(d: CaseDiff, as_of: dt.date) -> str:
    lines = [f"### {d.case_id} — {_cell(d.debtor)}", ""]
    if d.summaries:
        lines += ["Changements dans le dossier :", ""] + [f"- {_cell(s)}" for s in d.summaries] + [""]
    elif not d.problems:
        lines += ["Aucun changement dans les données du dossier (mise en forme, commentaires ou pièces).", ""]
    for p in d.problems:
        lines += [f"> ⚠ {_cell(p)}", ""]
    if d.before is None and d.after is None:
        return "\n".join(lines)
    lines += [f"Calculé au {date_short(as_of)} :", "", "| | avant | après |", "|---|---:|---:|"]
    lines += [f"| {label} | {_cell(a)} | {_cell(b)} |" for label, a, b in computed_rows(d.before, d.after)]
    lines.append("")
    was, now = _due_now(d.before, as_of), _due_now(d.after, as_of)
    became = [s for s in now if s not in was]
    ceased = [s for s in was if s not in now]
    if became:
        lines += ["Devient à faire : " + ", ".join(step_label(s) for s in became) + ".", ""]
    if ceased:
        lines += ["N'est plus à faire : " + ", ".join(step_label(s) for s in ceased) + ".", ""]
    return "\n".join(lines)


def diff_markdown(diffs: list[CaseDiff], label_a: str, label_b: str, as_of: dt.date) -> str:
    """The whole pull-request comment: a heading, then one section per changed case, sorted by id."""
    head = [f"## dossier diff : {label_a} → {label_b}", ""]
    if not diffs:
        return "\n".join(head + ["Aucun dossier modifié.", ""])
    head += [f"{plural(len(diffs), 'dossier modifié', 'dossiers modifiés')}, calculs au {date_short(as_of)}.", ""]
    body = [case_markdown(d, as_of) for d in sorted(diffs, key=lambda d: d.case_id)]
    return "\n".join(head) + "\n" + "\n".join(body)

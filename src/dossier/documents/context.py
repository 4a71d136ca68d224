"""What a document says besides its template: the sender and the recipient, the amounts claimable on a day, earlier reminders, deadlines, a missed instalment.

builders.py builds each document from these values, with the French phrases of
phrases.py; nothing here renders a template."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..law import disputes, money
from ..records.errors import Issue, Source, warning
from ..records.labels import KIND_LABELS
from ..records.model import Case, Event, Project, Step
from .phrases import _amounts_phrase, _group_siren, _invoice_ref, dates_phrase, form_of, french_spaces, place_of, salutation_of
from ..ladder.steps import DEFAULT_PAYMENT_DAYS, payment_deadline as _printed_deadline   # one rule for the letters and the ladder
from ..records.i18n import _


# The additional time a reminder gives to pay when its step sets no deadline_days: DEFAULT_PAYMENT_DAYS (ladder/steps.py).
# Channels whose documents count as written reminders ("the count of earlier reminders").
WRITTEN = ("email", "letter", "lrar")
CHANNEL_NOUN = {"email": "courriel", "letter": "courrier", "lrar": "lettre recommandée", "sms": "SMS"}
CHANNEL_ARTICLE = {"email": "notre courriel", "letter": "notre courrier", "lrar": "notre lettre recommandée", "sms": "notre SMS"}
WEEKDAYS_FR = "du lundi au vendredi, hors jours fériés"
# A paper letter's time to pay runs from its receipt: the deadline it prints is counted from its date plus
# this postal delay (a letter posted on day D is presumed received on D + 3), then moved to a working day (CPC 642).
PAPER = ("letter", "lrar")
DAYS_FR = {8: "huit", 10: "dix", 15: "quinze", 30: "trente"}


# --------------------------------------------------------------------------- context


def _sender(project: Project, case: Case) -> dict:
    creditor = project.creditor_of(case)
    party = project.agency or creditor
    legal = _legal_mentions(party, creditor if project.agency is None else None)
    # An agency's SMS names the creditor it acts for (R124-4 CPCE; review M11).
    short = f"{party.name}, pour {creditor.name}" if project.agency else party.name
    return {
        "name": party.name,
        "address": tuple(party.address),
        "phone": party.phone,
        "email": party.email,
        "legal": legal,
        "short": short,
        "signatory": party.signatory,
    }


def _legal_mentions(party: Any, creditor: Any) -> str:
    """R123-237 C. com.: name, form and capital, RCS (or SIREN), registered office."""
    parts = [party.name]
    form = getattr(party, "legal_form", None)
    capital = getattr(party, "capital", None)
    if form and capital:
        parts.append(f"{form} au capital de {french_spaces(capital)}")
    elif form:
        parts.append(form)
    rcs = getattr(party, "rcs", None)
    if rcs:
        parts.append(rcs)
    elif party.siren:
        parts.append(f"SIREN {_group_siren(party.siren)}")
    vat = getattr(party, "vat", None)
    if vat:
        parts.append(f"TVA {vat}")
    if party.address:
        parts.append(", ".join(party.address))
    return " — ".join(parts)


def claimable(st: Any, day: dt.date) -> Any:
    """The statement a letter dated `day` claims: a letter never claims an invoice not yet due, nor one disputed on
    that day (law/disputes.py, one rule with the court request)."""
    return disputes.claimable(st, day, letter=True)


def set_aside(st: Any) -> list[str]:
    """The sentences that say which disputed invoices the document leaves out (« La facture …, contestée le … »)."""
    return [disputes.set_aside_sentence(d) for d in getattr(st, "set_aside", ())]


def _owing(st: Any) -> list:
    owing = [i for i in st.invoices if i.principal > 0 or i.interest > 0 or i.indemnity > 0]
    return owing or list(st.invoices)


def _rate_text(st: Any) -> str:
    """The annual rates the statement applied, in order: "12,15 % l’an" or "12,15 % puis 12,40 % l’an"."""
    rates: list[Decimal] = []
    for inv in st.invoices:
        for line in inv.lines:
            if line.rate not in rates:
                rates.append(line.rate)
    if not rates:
        return ""
    return " puis ".join(money.percent(r) for r in rates) + " l’an"


def _earlier(case: Case, project: Project, before: dt.date, exclude: Event | None) -> list[dict]:
    """The written steps sent before `before` (the document's date), oldest first."""
    scenario = project.scenario_of(case)
    out = []
    events = case.events_of("sent")
    if exclude is not None:
        events = events[: events.index(exclude)]
    for event in events:
        if event.date > before:
            continue
        step = scenario.step(event.step or "")
        channel = step.channel if step else None
        if step is None or channel not in CHANNEL_NOUN:
            continue
        out.append(_earlier_entry(step, event.date, event))
    return out


def _earlier_entry(step: Step, day: dt.date, event: Event | None) -> dict:
    """An earlier written step as later letters recall it ("notre courriel du …")."""
    channel = step.channel
    label = "mise en demeure" if step.formal_notice or step.id == "mise_en_demeure" else CHANNEL_NOUN[channel]
    return {"label": label, "date": day, "channel": channel, "article": CHANNEL_ARTICLE[channel],
            "step": step.id, "tracking": event.tracking if event else None}


def _call_hours(project: Project) -> str:
    windows = [f"de {_hour(a)} à {_hour(b)}" for a, b in project.guardrails.call_windows]
    return f"Appeler {WEEKDAYS_FR}, " + (" et ".join(windows) if windows else "aux heures ouvrables")


def _hour(text: str) -> str:
    h, _unused, m = text.partition(":")
    return f"{int(h)}\u00a0h" + (f"\u00a0{m}" if m and m != "00" else "")


def _base_context(case: Case, project: Project, day: dt.date, st: Any) -> dict:
    creditor = project.creditor_of(case)
    sender = _sender(project, case)
    owing = _owing(st)
    sal = salutation_of(case.debtor.contact or (case.debtor.name if case.debtor.kind == "consumer" else None))
    contact_bits = []
    if sender["phone"]:
        contact_bits.append(f"au {sender['phone']}")
    if sender["email"]:
        contact_bits.append(f"à l’adresse {sender['email']}")
    contact_line = "n’hésitez pas à nous contacter " + " ou ".join(contact_bits) if contact_bits else "n’hésitez pas à nous contacter"
    # Whose invoice it is, as the letter says it (review M11, M9): "notre facture" from the creditor itself,
    # "émise par notre mandante, …" from an agency, "émise par le créancier" in a bilateral act (the plan).
    issuer = ("mandante" if project.agency else "ours")
    return {
        "issuer": issuer,
        "descriptions": {i.number: i.description for i in case.invoices if getattr(i, "description", None)},
        "chorus": _chorus(case),
        "clause": getattr(case.interest, "clause", None) if case.interest else None,
        "audience": "debtor",      # partials/decompte.html: no provisional-rate mark for the debtor (review M1)
        "draft": None,             # a banner on every page ("PROJET — …") when the document is a draft
        "copy_to": None,           # "Copie : …" under the signature
        "closing": "l’expression de nos salutations distinguées",
        "creditor_form": form_of(creditor.name, getattr(creditor, "legal_form", None)),
        "creditor_capital": french_spaces(creditor.capital) if getattr(creditor, "capital", None) else None,
        "debtor_form": form_of(case.debtor.name, case.debtor.legal_form),
        "recent_payments": [],
        "missed": None,
        "new_invoices": [],
        "case": case,
        "debtor": case.debtor,
        "creditor": creditor,
        "agency": project.agency,
        "sender": sender,
        "signatory": sender["signatory"],
        "place": place_of(sender["address"]),
        "st": st,
        "statement": st,
        "owing": owing,
        "set_aside": set_aside(st),   # the disputed invoices left out (templates/partials/contestees.md)
        "invoice_ref": _invoice_ref(owing),
        "indemnity_count": sum(1 for i in st.invoices if i.indemnity > 0),
        "rate_text": _rate_text(st),
        "prescribed": bool(st.prescribed),
        "salutation": sal + ",",
        "salutation_plain": sal,
        "contact_line": contact_line,
        "kind_label": KIND_LABELS.get(case.debtor.kind, case.debtor.kind),
        "call_hours": _call_hours(project),
        "recipient": {"name": case.debtor.name, "contact": case.debtor.contact, "address": tuple(case.debtor.address)},
        "payment": {
            "beneficiary": creditor.name,
            "iban": creditor.iban,
            "bic": creditor.bic,
            # Pay by scan (qr.py): « <case> <invoice>, … », plain characters a bank transfer carries and the bank import matches.
            "reference": f"{case.id} " + ", ".join(i.number for i in owing),
            "amount": None, "qr": None,   # set when the letter declares the sum it demands (qr.with_qr)
        } if creditor.iban else None,
    }


def payment_deadline(day: dt.date, step: Step | None, case: Case) -> dt.date:
    """The last day to pay that a step's document dated `day` prints (for the ladder: the next step should not come sooner)."""
    return _deadline(day, step, case)


def _deadline(day: dt.date, step: Step | None, case: Case) -> dt.date:
    """The last day to pay: the letter's date + the step's days, then CPC 641/642.

    Counted from the letter's own date, the one day the letter knows: the ladder
    counts the court step from the receipt (docs/format.md), which is later, so the
    request never comes before the deadline the letter printed.
    """
    return _printed_deadline(day, step, case.debtor.department)


def _deadline_days(step: Step | None) -> int:
    return step.deadline_days if step and step.deadline_days else DEFAULT_PAYMENT_DAYS


def _recent_payments(st: Any, since: dt.date | None, day: dt.date) -> list:
    """The payments received since the last written step (or ever, before a first one): a letter thanks for them."""
    return [p for p in st.payments if (since is None or p.date > since) and p.date <= day]


def missed_instalment(case: Case, day: dt.date) -> dict | None:
    """The first instalment of the last signed plan left unpaid five days after its date (the plan's article 3), or None.

    Payments made since the plan are counted against the instalments in order (review M8: a notice after a
    broken plan must invoke the missed instalment and the acceleration clause, not just demand the balance).
    """
    plans = [e for e in case.events_of("plan") if e.signed and e.date <= day]
    if not plans:
        return None
    plan = plans[-1]
    payments = [e for e in case.events_of("payment") if plan.date <= e.date <= day and e.amount]
    paid = sum((e.amount for e in payments), Decimal("0"))
    owed = Decimal("0")
    ordered = sorted(plan.instalments, key=lambda i: i.due)
    for n, inst in enumerate(ordered):
        owed += inst.amount
        if owed > paid:
            if inst.due + dt.timedelta(days=5) >= day:
                return None
            # Review N1: before the term is forfeited, a letter demands only the instalments due, not the balance.
            late = [i for i in ordered[n:] if i.due + dt.timedelta(days=5) < day]
            return {"due": inst.due, "amount": inst.amount, "plan_date": plan.date,
                    "instalments": [{"due": i.due, "amount": i.amount} for i in late],
                    "unpaid": sum((i.amount for i in ordered[: n + len(late)]), Decimal("0")) - paid,
                    "payments": [{"date": e.date, "amount": e.amount} for e in payments],
                    "payments_dates": dates_phrase([e.date for e in payments]),
                    "payments_amounts": _amounts_phrase([e.amount for e in payments]),
                    "instalments_dates": dates_phrase([i.due for i in late]),
                    "on_time": paid == owed - inst.amount}
    return None


def provisional_issue(st: Any, source: Source, case_id: str, name: str) -> list[Issue]:
    """Staff warning (review M1): a document to be sent computed with a provisional rate, which it does not mark."""
    used = sorted({(line.rate, line.basis) for line in getattr(st, "lines", ()) if line.provisional})
    if not used:
        return []
    rates = " ; ".join(f"{money.percent(rate)} — {basis}" for rate, basis in used)
    rates_fr = "\u00a0; ".join(f"{money.percent(rate)} — {basis}" for rate, basis in used)
    return [warning(source, _("case {case_id}, document {name}: computed with a provisional rate ({rates}): check it before sending "
                            "and confirm it under `rates:` in dossier.yaml", case_id=case_id, name=name, rates=rates), "provisional-rate-document",
                    fr=f"Taux provisoire utilisé\u00a0: {rates_fr}. À vérifier avant envoi\u00a0; "
                       "le confirmer dans dossier.yaml, rubrique «\u00a0rates\u00a0».")]


def _chorus(case: Case) -> dict[str, dict]:
    """A public buyer's invoices deposited on Chorus Pro: the deposit, its number and the end of the payment period
    counted from it (as law/interest.py's public_deadline: never before the due date written on the invoice)."""
    if case.debtor.kind != "public":
        return {}
    return {i.number: {"deposited": i.chorus.deposited, "number": i.chorus.number,
                       "deadline": max(i.due, i.chorus.deposited + dt.timedelta(days=case.debtor.payment_period))}
            for i in case.invoices if i.chorus is not None}

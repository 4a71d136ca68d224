"""What a document says besides its template: the sender and the debtor as letters name them, the amounts claimable on a day, earlier reminders, deadlines and phrases, French typography.

documents.py builds each document from these values; nothing here renders a template."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import is_dataclass, replace
from decimal import Decimal
from typing import Any, Sequence

from ..law import money
from ..records.errors import Issue, Source, warning
from ..records.labels import KIND_LABELS
from ..records.model import Case, Event, Project, Step
from ..ladder.steps import DEFAULT_PAYMENT_DAYS, payment_deadline as _printed_deadline   # one rule for the letters and the ladder


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
# The tribunal administratif of a département (CJA R221-3), for the référé-provision against a public buyer.
ADMINISTRATIVE_COURTS = {
    "01": "Lyon", "07": "Lyon", "42": "Lyon", "69": "Lyon",
    "05": "Grenoble", "26": "Grenoble", "38": "Grenoble", "73": "Grenoble", "74": "Grenoble",
    "03": "Clermont-Ferrand", "15": "Clermont-Ferrand", "43": "Clermont-Ferrand", "63": "Clermont-Ferrand",
    "75": "Paris",
}
# Public buyers whose legal representative signs for them: the office, from the start of the debtor's name.
PUBLIC_OFFICES = (
    (re.compile(r"(?i)^(?:commune|ville|mairie)\s+(?:de\s+|d’|d')(.+)$"), "Maire", "la Maire", "de {place}"),
    (re.compile(r"(?i)^((?:communauté|métropole|région|collectivité)\b.*)$"), "Président", "la Présidente", "de la {name}"),
    (re.compile(r"(?i)^((?:syndicat|département|conseil)\b.*)$"), "Président", "la Présidente", "du {name}"),
)


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


def french_spaces(text: str) -> str:
    """An amount typed in a YAML file ("20 000 €") spaced as computed ones are: U+202F in thousands, NBSP before €."""
    text = re.sub(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))", "\u202f", str(text))
    return re.sub(r"(?<=\S) (?=€)", "\u00a0", text)


def typeset(html: str) -> str:
    """Apostrophes typed straight in case data (« rue d'Algérie ») become typographic in the text of a document's body."""
    head, sep, body = html.partition("<body")
    if not sep:
        return html
    body = re.sub(r">[^<]+<", lambda m: m.group(0).replace("&#39;", "’").replace("'", "’"), body)
    return head + sep + body


def form_of(name: str, form: str | None) -> str | None:
    """The legal form to print after a name, unless the name already ends with it ("Cave Roux & Fils SARL")."""
    if not form or re.search(rf"(?i)\b{re.escape(form)}\s*$", name):
        return None
    return form


def _group_siren(siren: str) -> str:
    digits = re.sub(r"\D", "", siren)
    return " ".join(digits[i:i + 3] for i in range(0, len(digits), 3)) if len(digits) == 9 else siren


def place_of(address: Sequence[str]) -> str:
    """The town of a French address ("69002 Lyon Cedex 02" → "Lyon"), for "Lyon, le …"."""
    for line in reversed(address):
        m = re.match(r"\s*\d{5}\s+(.+)$", line)
        if m:
            town = re.sub(r"\s+cedex.*$", "", m.group(1), flags=re.I).strip()
            return town
    return address[-1] if address else ""


def salutation_of(contact: str | None) -> str:
    """"Madame", "Monsieur", "Monsieur le Maire" from "Mme Claire Dupont", "M. Paul Leroy", "M. le Maire"."""
    text = (contact or "").strip()
    m = re.match(r"(?i)(mme|madame|m\.|monsieur|mr)\s+(.*)$", text)
    if not m:
        return "Madame, Monsieur"
    title = "Madame" if m.group(1).lower() in ("mme", "madame") else "Monsieur"
    rest = m.group(2)
    office = re.match(r"(?i)(le|la)\s+(\w[\w-]*)$", rest)
    return f"{title} {office.group(1).lower()} {office.group(2)}" if office else title


def claimable(st: Any, day: dt.date) -> Any:
    """The statement restricted to the invoices already due on `day`: a letter never claims an invoice not yet due."""
    keep = tuple(i for i in st.invoices if i.due < day)
    if len(keep) == len(st.invoices) or not keep or not is_dataclass(st):
        return st
    numbers = {i.number for i in keep}
    zero = Decimal("0.00")
    principal = sum((i.principal for i in keep), zero)
    interest = sum((i.interest for i in keep), zero)
    indemnity = sum((i.indemnity for i in keep), zero)
    return replace(
        st,
        invoices=keep,
        principal=principal,
        interest=interest,
        indemnity=indemnity,
        total=principal + interest + indemnity,
        paid=sum((i.paid_principal + i.paid_interest + i.paid_indemnity for i in keep), zero),
        payments=tuple(p for p in st.payments if p.invoice is None or p.invoice in numbers),
        amount=sum((i.amount for i in keep), zero),
        accrued=sum((i.accrued for i in keep), zero),
    )


def _owing(st: Any) -> list:
    owing = [i for i in st.invoices if i.principal > 0 or i.interest > 0 or i.indemnity > 0]
    return owing or list(st.invoices)


def _invoice_ref(owing: list) -> str:
    numbers = [i.number for i in owing]
    if not numbers:   # a document dated before any invoice (its error says so): no number to cite
        return "facture"
    if len(numbers) == 1:
        return f"facture n°\u00a0{numbers[0]}"
    return "factures nos\u00a0" + ", ".join(numbers[:-1]) + " et " + numbers[-1]


def _invoices_phrase(invoices: Sequence[Any], article: bool = True) -> str:
    """ "la facture n° X" / "les factures nos X et Y" (S14: the plural of n° is nos)."""
    ref = _invoice_ref(list(invoices))
    if not article:
        return ref
    return ("la " if len(invoices) == 1 else "les ") + ref


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
    h, _, m = text.partition(":")
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
            "reference": f"{case.id} — " + ", ".join(i.number for i in owing),
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


def dates_phrase(days: Sequence[dt.date]) -> str:
    """ "10 août et 11 septembre 2026" (one year said once), "28 décembre 2025 et 12 janvier 2026"."""
    days = sorted(days)
    if not days:
        return ""
    same_year = len({d.year for d in days}) == 1
    parts = [money.date_long(d).rsplit("\u00a0", 1)[0] if same_year and n < len(days) - 1 else money.date_long(d)
             for n, d in enumerate(days)]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def _amounts_phrase(amounts: Sequence[Decimal]) -> str:
    """ "1 350,00 € chacun" when the payments are equal, else "1 350,00 € et 1 200,00 €"."""
    if len(amounts) > 1 and len(set(amounts)) == 1:
        return f"{money.euros(amounts[0])} chacun"
    texts = [money.euros(a) for a in amounts]
    if not texts:
        return ""
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " et " + texts[-1]


def _public_office(debtor: Any) -> tuple[str, str] | None:
    """(salutation, addressee) of a public buyer's legal representative: ("Monsieur le Maire", "Monsieur le Maire de X").

    A formal demand goes to the body's representative (the maire, CGCT L2122-21; the président of an EPCI),
    not to the officer who handles the file. "Madame" when `representative` is a woman ("Mme …").
    """
    woman = bool(re.match(r"(?i)\s*(mme|madame)\b", debtor.representative or ""))
    for pattern, office, office_f, rest in PUBLIC_OFFICES:
        m = pattern.match(debtor.name.strip())
        if m:
            title = f"Madame {office_f}" if woman else f"Monsieur le {office}"
            return title, f"{title} " + rest.format(place=m.group(1), name=m.group(1))
    return None


def _names_an_office(contact: str | None) -> bool:
    """ "M. le Maire", "Mme la Présidente": the contact is the representative already addressed, no copy to send."""
    return not contact or bool(re.search(r"(?i)\b(?:le|la)\s+(?:maire|président|présidente)\b", contact))


def administrative_court(case: Case) -> str:
    """ "le tribunal administratif de Lyon": the case's `court:` when it names one, else the debtor's département."""
    if case.court and "administratif" in case.court.lower():
        return "le " + case.court[:1].lower() + case.court[1:]
    town = ADMINISTRATIVE_COURTS.get(case.debtor.department or "")
    return f"le tribunal administratif de {town}" if town else "le tribunal administratif compétent"


def provisional_issue(st: Any, source: Source, case_id: str, name: str) -> list[Issue]:
    """Staff warning (review M1): a document to be sent computed with a provisional rate, which it does not mark."""
    used = sorted({(line.rate, line.basis) for line in getattr(st, "lines", ()) if line.provisional})
    if not used:
        return []
    rates = " ; ".join(f"{money.percent(rate)} — {basis}" for rate, basis in used)
    rates_fr = "\u00a0; ".join(f"{money.percent(rate)} — {basis}" for rate, basis in used)
    return [warning(source, f"case {case_id}, document {name}: computed with a provisional rate ({rates}): check it before sending "
                            "and confirm it under `rates:` in dossier.yaml", "provisional-rate-document",
                    fr=f"Taux provisoire utilisé\u00a0: {rates_fr}. À vérifier avant envoi\u00a0; "
                       "le confirmer dans dossier.yaml, rubrique «\u00a0rates\u00a0».")]

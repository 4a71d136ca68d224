"""The documents of a case: every reminder, formal notice, email, SMS, call sheet,
payment plan and declaration of claim, as HTML and plain text.

Why these choices (docs/documents.md has the details):
- A step already sent is regenerated *as it was*: dated by its `sent` event,
  amounts from the statement recomputed on that date, earlier letters as they
  stood then. The site shows what the debtor actually received.
- A step due or upcoming is dated by the as-of date, or by its due date when
  that is later (a preview of the letter as it will go out), with the amounts
  of that date.
- Wording lives in the templates (Markdown bodies in a Jinja layout); this
  module only computes the values they receive. A claims repository overrides
  any template by name in its own ``templates/``.
- Names are stable (``05-mise-en-demeure``: the step's rank in its scenario,
  then its template) so links and diffs survive rebuilds.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, is_dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Sequence

from markupsafe import Markup

from ..law import money
from . import render
from ..records.errors import Issue, Source, error, has_errors, warning
from ..records.guard import failure_issue
from ..records.labels import KIND_LABELS
from ..records.labels import PROCEDURE_KINDS as PROCEDURE_LABELS
from ..law import calendar
from ..records.model import Case, Event, Project, Step
from .document import Document, EmailParts, Facts, _plain_sms, sms_issues

KINDS = ("letter", "email", "sms", "call", "plan", "declaration")
KIND_OF_CHANNEL = {"email": "email", "letter": "letter", "lrar": "letter", "sms": "sms", "phone": "call"}
# The additional time a reminder gives to pay when its step sets no deadline_days.
DEFAULT_PAYMENT_DAYS = 8
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


StatementAt = Callable[[dt.date], Any]


def documents_for(
    case: Case,
    project: Project,
    statement: Any,
    ladder: Any,
    as_of: dt.date,
    repo_root: str | Path,
    statement_at: StatementAt | None = None,
) -> list[Document]:
    """Every document of `case` on `as_of`: steps sent (as they were), steps due or upcoming, plans, declarations.

    `statement` and `ladder` are the case's on `as_of`; `statement_at(date)`
    recomputes the statement on another date (default: ledger.statement).
    """
    root = str(Path(repo_root))
    statement_at = statement_at or _default_statement_at(case, project, statement, as_of)
    scenario = project.scenario_of(case)
    rank = {s.id: i + 1 for i, s in enumerate(scenario.steps)}
    docs: list[Document] = []
    seen: dict[str, int] = {}

    def stem(base: str) -> str:
        seen[base] = seen.get(base, 0) + 1
        return base if seen[base] == 1 else f"{base}-{seen[base]}"

    for event in case.events_of("sent"):
        step = scenario.step(event.step or "")
        if step is None or step.channel not in KIND_OF_CHANNEL:
            continue
        name = stem(f"{rank[step.id]:02d}-{step.template or step.id}")
        docs.append(_guarded(case, name, step.id, event, lambda: _step_document(
            case, project, step, event.date, statement_at(event.date), event, "sent", name, root,
            offer_plan=_plan_offered(case))))

    if ladder is not None and getattr(ladder, "status", "open") in ("open", "prescribed"):
        planned: list[dict] = []   # the steps due or upcoming before this one: a preview assumes they were sent
        for state in ladder.steps:
            step = state.step
            if state.state not in ("due", "upcoming") or step.channel not in KIND_OF_CHANNEL:
                continue
            day = max(as_of, state.date) if state.date else as_of
            name = stem(f"{rank.get(step.id, 0):02d}-{step.template or step.id}")
            docs.append(_guarded(case, name, step.id, None, lambda: _step_document(
                case, project, step, day, statement if day == as_of else statement_at(day), None, state.state, name, root,
                offer_plan=bool(getattr(ladder, "offer_plan", False)) or _plan_offered(case),
                planned=[p for p in planned if p["date"] < day], prepared=as_of)))
            if step.channel in CHANNEL_NOUN:
                planned.append(_earlier_entry(step, day, None))

    for n, plan in enumerate(case.events_of("plan"), start=1):
        name = "echeancier" if n == 1 else f"echeancier-{n}"
        docs.append(_guarded(case, name, "echeancier", plan,
                             lambda: _plan_document(case, project, plan, statement_at(plan.date), name, root)))

    insolvency = next(iter(reversed(case.events_of("insolvency"))), None)
    if insolvency is not None and not case.events_of("closed"):
        sent = next((e for e in case.events_of("sent") if e.step == "declaration"), None)
        day = sent.date if sent else max(as_of, insolvency.date)
        docs.append(_guarded(case, "declaration-creance", "declaration", sent or insolvency, lambda: _declaration_document(
            case, project, insolvency, day, statement_at(insolvency.date), sent, root)))
    return docs


def _guarded(case: Case, name: str, step_id: str, event: Event | None, make: Callable[[], "Document"]) -> "Document":
    """The document `make` returns, or an empty one carrying an error at the event (else the case) if it raises.

    One document that cannot be rendered (a value out of range, a template
    error, a bug) is reported with the others and fails the build; it never
    stops the other documents or cases.
    """
    try:
        return make()
    except Exception as exc:   # noqa: BLE001 — reported as a located error, never a traceback
        source = Source(case.path, event.source.line, event.source.col) if event else Source(case.path, 1, 1)
        issue = failure_issue(source, case.id, f"render {name}", exc)
        return Document(case_id=case.id, step_id=step_id, kind="letter", name=name, date=event.date if event else dt.date.min,
                        html="", text="", channel="", issues=(issue,), case_path=case.path, base_dir=case.folder,
                        origin=source)


def _plan_offered(case: Case) -> bool:
    """A payment plan is offered to debtors qualified as in (temporary or worrying) difficulty (domain.md)."""
    return case.debtor.qualification in ("difficulte_passagere", "situation_preoccupante")


def case_as_of(case: Case, day: dt.date) -> Case:
    """The case as it stood on `day`: later events dropped, receipts not yet known removed."""
    events = tuple(
        replace(e, received=None) if e.received and e.received > day else e
        for e in case.events if e.date <= day
    )
    return replace(case, events=events)


def _default_statement_at(case: Case, project: Project, statement: Any, as_of: dt.date) -> StatementAt:
    """The statement on another date, computed on the case as it stood that day (ledger.statement)."""
    cache: dict[dt.date, Any] = {as_of: statement}

    def at(day: dt.date) -> Any:
        if day not in cache:
            from ..law import ledger
            from ..law import rates

            tables, _ = rates.load_tables(project)
            cache[day] = ledger.statement(case_as_of(case, day) if day < as_of else case, project, day, tables)
        return cache[day]

    return at


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


# --------------------------------------------------------------------------- rendering


@dataclass
class _Rendered:
    body: Markup | str
    subject: str
    heading: str
    issues: list[Issue] = field(default_factory=list)


def _render_body(template: str, context: dict, root: str, source: Source, text: bool = False) -> _Rendered:
    """Render a body template; its top-level ``{% set subject %}`` and ``{% set heading %}`` are read back."""
    try:
        module = render.module(template, context, root, text=text)
    except render.TemplateFailure as exc:
        return _Rendered("", "", "", [_template_issue(exc, source)])
    body = str(module)
    subject = str(getattr(module, "subject", "") or "")
    heading = str(getattr(module, "heading", "") or "")
    if not text:
        body = render.markdown_to_html(body)
    return _Rendered(body, subject, heading)


def _layout(layout: str, context: dict, root: str, source: Source) -> tuple[str, list[Issue]]:
    try:
        return render.render(layout, context, root), []
    except render.TemplateFailure as exc:
        return "", [_template_issue(exc, source)]


def _template_issue(exc: "render.TemplateFailure", source: Source) -> Issue:
    """A template that does not exist is reported where the document asked for it; any other failure where the template says."""
    if exc.missing:
        return error(source, f"template {exc.missing!r} not found (looked in templates/ and the built-in templates)", "template",
                     fr=f"Modèle «\u00a0{exc.missing}\u00a0» introuvable (ni dans templates/, ni parmi les modèles fournis).")
    return exc.issue


def payment_deadline(day: dt.date, step: Step | None, case: Case) -> dt.date:
    """The last day to pay that a step's document dated `day` prints (for the ladder: the next step should not come sooner)."""
    return _deadline(day, step, case)


def _deadline(day: dt.date, step: Step | None, case: Case) -> dt.date:
    """The last day to pay: the letter's date + the step's days, then CPC 641/642.

    Counted from the letter's own date, the one day the letter knows: the ladder
    counts the court step from the receipt (FORMAT.md), which is later, so the
    request never comes before the deadline the letter printed.
    """
    return calendar.deadline(day, days=_deadline_days(step), department=case.debtor.department)


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


def _step_document(case: Case, project: Project, step: Step, day: dt.date, st: Any, event: Event | None,
                   state: str, name: str, root: str, offer_plan: bool = False, planned: Sequence[dict] = (),
                   prepared: dt.date | None = None) -> Document:
    kind = KIND_OF_CHANNEL[step.channel]
    st = claimable(st, day)
    source = Source(case.path, event.source.line, event.source.col) if event else Source(case.path)
    if not st.invoices:
        return _nothing_owed(case, step, day, name, state, source)
    formal = bool(step.formal_notice or step.id == "mise_en_demeure")
    deadline = _deadline(day, step, case)
    earlier = _earlier(case, project, day, event) + list(planned)
    written = [e for e in earlier if e["channel"] in WRITTEN]
    previous = written[-1] if written else None
    ctx = _base_context(case, project, day, st)
    owing = ctx["owing"]
    ctx.update(
        doc={"kind": kind, "name": name, "date": day, "step_id": step.id, "channel": step.channel,
             "formal_notice": formal, "registered": step.channel == "lrar",
             "tracking": event.tracking if event else None, "state": state},
        deadline=deadline,
        deadline_days=_deadline_days(step),
        deadline_words=DAYS_FR.get(_deadline_days(step), str(_deadline_days(step))),
        from_receipt=step.channel in PAPER,
        earlier=earlier,
        # Review N4: what the journal records as sent, apart from what a preview only assumes will have been.
        done=[e for e in earlier if e not in planned],
        planned=list(planned),
        reminders=len(written),
        previous=previous,
        offer_plan=offer_plan,
        refs={"invoices": owing, "earlier": earlier},
        caller_intro=_caller_intro(project, case),
        prepared=prepared if prepared and prepared < day else day,
        recent_payments=_recent_payments(st, previous["date"] if previous else None, day),
        # Invoices that fell due after the last written step: it did not claim them (review S2).
        new_invoices=[i for i in owing if previous and i.due >= previous["date"]] if len(owing) > 1 else [],
        administrative_court=administrative_court(case),
        missed=missed_instalment(case, day),
    )
    if len(ctx["new_invoices"]) == len(owing):
        ctx["new_invoices"] = []
    if ctx["new_invoices"]:
        old = [i for i in owing if i not in ctx["new_invoices"]]
        ctx["reminded_ref"] = _invoices_phrase(old)
        ctx["new_ref"] = " et ".join(f"la facture n°\u00a0{i.number}, échue le {money.date_long(i.due)}" for i in ctx["new_invoices"])
    office = _public_office(case.debtor) if formal and case.debtor.kind == "public" else None
    if office:
        title, addressee = office
        ctx.update(recipient={"name": addressee, "contact": None, "address": tuple(case.debtor.address)},
                   salutation=title + ",", salutation_plain=title, closing="l’expression de notre haute considération",
                   copy_to=None if _names_an_office(case.debtor.contact) else case.debtor.contact)
    template = step.template or step.id
    attachments = tuple(i.piece for i in _invoices_of(case, ctx["owing"]) if i.piece)
    ctx["attachments"] = [f"facture n°\u00a0{i.number}" for i in _invoices_of(case, ctx["owing"]) if i.piece]
    facts = Facts(st.total, st.principal, st.interest, st.indemnity, deadline, formal, step.channel == "lrar")
    common = dict(case_id=case.id, step_id=step.id, kind=kind, name=name, date=day, channel=step.channel,
                  state=state, facts=facts, case_path=case.path, base_dir=case.folder, origin=source)
    # Sent documents went out as they were; a warning only helps before sending (call sheets state no rate).
    to_check = provisional_issue(st, source, case.id, name) if state != "sent" and kind != "call" else []
    if kind == "sms":
        rendered = _render_body(f"{template}.txt", ctx, root, source, text=True)
        text = _plain_sms(str(rendered.body))
        html = typeset(render.render("sms.html", {**ctx, "sms": text}, root)) if not rendered.issues else ""
        issues = rendered.issues + sms_issues(text, source, case.id, name)
        return Document(html=html, text=text + "\n", issues=tuple(issues), subject="SMS", **common)
    rendered = _render_body(f"{template}.md", ctx, root, source)
    issues = list(rendered.issues) + to_check
    subject = rendered.subject or render._capitalize_first(_invoice_ref(ctx["owing"]))
    ctx["doc"] = {**ctx["doc"], "subject": subject, "heading": rendered.heading}
    layout = "sheet.html" if kind == "call" else "letter.html"
    html, more = _layout(layout, {**ctx, "body": rendered.body}, root, source)
    html = typeset(html)
    issues += more
    email = None
    if kind == "email" and not has_errors(issues):
        email_html, more = _layout("email.html", {**ctx, "body": rendered.body}, root, source)
        email_html = typeset(email_html)
        issues += more
        sender = ctx["sender"]
        if not case.debtor.email:
            issues.append(warning(source, f"document {name}: the debtor has no email address; send it as a letter", "mail",
                                  fr="Le débiteur n’a pas d’adresse électronique\u00a0: envoyer ce document par courrier."))
        email = EmailParts(sender["name"], sender["email"] or "", case.debtor.name, case.debtor.email or "",
                           subject, email_html, render.html_to_text(email_html))
    return Document(html=html, text=render.html_to_text(html) if html else "", attachments=attachments if kind != "call" else (),
                    issues=tuple(issues), subject=subject, email=email, **common)


def _nothing_owed(case: Case, step: Step, day: dt.date, name: str, state: str, source: Source) -> Document:
    """A step dated before any invoice of the case was issued: a typo in a date, said at the event, not a letter about nothing."""
    first = min((i.date for i in case.invoices), default=None)
    after = f" (the first invoice is dated {first.isoformat()})" if first else ""
    issue = error(source, f"case {case.id}: step {step.id} dated {day.isoformat()} claims no invoice: none was issued by then{after}; "
                          "check the event's date", "sent-before-invoices",
                  fr=f"Étape « {step.id} » datée du {money.date_long(day)}, avant toute facture : vérifier la date.")
    return Document(case_id=case.id, step_id=step.id, kind=KIND_OF_CHANNEL[step.channel], name=name, date=day, html="", text="",
                    channel=step.channel, issues=(issue,), state=state, case_path=case.path, base_dir=case.folder, origin=source)


def _invoices_of(case: Case, owing: list) -> list:
    numbers = {i.number for i in owing}
    return [i for i in case.invoices if i.number in numbers]


def _caller_intro(project: Project, case: Case) -> str:
    creditor = project.creditor_of(case)
    if project.agency:
        who = project.agency.signatory
        firm = f"{render._de(project.agency.name)}, société de recouvrement amiable mandatée par {creditor.name}"
    else:
        who, firm = creditor.signatory, render._de(creditor.name)
    return f"Bonjour, {who} {firm}" if who else f"Bonjour, je vous appelle de la part {firm}"


def _plan_document(case: Case, project: Project, plan: Event, st: Any, name: str, root: str) -> Document:
    source = Source(case.path, plan.source.line, plan.source.col)
    ctx = _base_context(case, project, plan.date, st)
    total = sum((i.amount for i in plan.instalments), Decimal("0.00"))
    ctx.update(doc={"kind": "plan", "name": name, "date": plan.date, "step_id": "echeancier", "channel": "letter",
                    "formal_notice": False, "registered": False, "tracking": None, "state": "sent" if plan.signed else "due"},
               instalments=list(plan.instalments), instalments_total=total, earlier=[], reminders=0, previous=None,
               deadline=None, offer_plan=False, refs={"invoices": ctx["owing"], "earlier": []}, caller_intro="",
               issuer="creditor", running=_running_interest(case, st))
    rendered = _render_body("echeancier.md", ctx, root, source)
    heading = rendered.heading or "Échéancier de paiement et reconnaissance de dette"
    subject = rendered.subject or heading
    ctx["doc"] = {**ctx["doc"], "subject": subject, "heading": heading}
    html, more = _layout("sheet.html", {**ctx, "body": rendered.body}, root, source)
    html = typeset(html)
    issues = rendered.issues + more
    if not plan.signed and total != st.total:
        # Review M9: the schedule must add up to the sum the debtor acknowledges, or the agreement says two things.
        issues.append(warning(source, f"case {case.id}, document {name}: the instalments add up to {money.euros(total)}, "
                                      f"not to the acknowledged {money.euros(st.total)}: adjust the last instalment", "plan-total",
                              fr=f"Les échéances totalisent {money.euros(total)} et non la somme reconnue de {money.euros(st.total)}\u00a0: "
                                 "ajuster la dernière échéance avant signature."))
    facts = Facts(st.total, st.principal, st.interest, st.indemnity)
    return Document(case_id=case.id, step_id="echeancier", kind="plan", name=name, date=plan.date, html=html,
                    text=render.html_to_text(html) if html else "", channel="letter", issues=tuple(issues),
                    subject=subject, state=ctx["doc"]["state"], facts=facts, case_path=case.path, base_dir=case.folder,
                    origin=source)


def _running_interest(case: Case, st: Any) -> str | None:
    """What keeps running during a plan, as the agreement must say (review M9), or None (a consumer before notice)."""
    kind = case.debtor.kind
    if kind == "consumer":
        return "les intérêts au taux légal" if getattr(st, "interest_from", None) else None
    if kind == "public":
        return "les intérêts moratoires (article L2192-13 du Code de la commande publique)"
    if case.interest and case.interest.rate:
        return f"les pénalités de retard, au taux contractuel de {money.percent(case.interest.rate)} l’an,"
    return ("les pénalités de retard, au taux de l’article L441-10 du Code de commerce (taux de refinancement "
            "de la Banque centrale européenne majoré de 10 points),")


def _mandataire(insolvency: Event) -> dict:
    """The addressee of a declaration: the mandataire named on the event (first line), else a placeholder."""
    lines = [line.strip() for line in getattr(insolvency, "mandataire", ()) or () if line.strip()]
    if lines:
        return {"name": lines[0], "contact": None, "address": tuple(lines[1:])}
    return {"name": "Mandataire judiciaire", "contact": None,
            "address": ("(nom et adresse à reporter d’après le jugement d’ouverture)",)}


def _declaration_document(case: Case, project: Project, insolvency: Event, day: dt.date, st: Any,
                          sent: Event | None, root: str) -> Document:
    source = Source(case.path, insolvency.source.line, insolvency.source.col)
    from ..law import court

    stopped = court.last_confirmed_day(st) if project.provisional_rates == "stop" and not sent else None
    if stopped is not None:   # provisional_rates: stop (review N3): interest to the last confirmed period, no draft
        from ..law import ledger
        from ..law import rates

        st = ledger.statement(case_as_of(case, st.as_of), project, st.as_of, rates.load_tables(project)[0], stop=stopped)
    ctx = _base_context(case, project, day, st)
    limit = calendar.add_months(insolvency.published, 2) if insolvency.published else None
    ctx.update(doc={"kind": "declaration", "name": "declaration-creance", "date": day, "step_id": "declaration",
                    "channel": "lrar", "formal_notice": False, "registered": True,
                    "tracking": sent.tracking if sent else None, "state": "sent" if sent else "due"},
               insolvency=insolvency, procedure_label=PROCEDURE_LABELS.get(insolvency.procedure or "", insolvency.procedure or "procédure collective"),
               declaration_deadline=limit, earlier=[],
               to_fall_due=[i for i in ctx["owing"] if i.due >= insolvency.date], reminders=0, previous=None, deadline=None, offer_plan=False,
               refs={"invoices": ctx["owing"], "earlier": []}, caller_intro="",
               salutation="Maître,", salutation_plain="Maître",
               recipient=_mandataire(insolvency))
    ctx["payment"] = None
    ctx["interest_stop"] = court.declaration_stop(st, stopped, insolvency.date) if stopped else None
    if st.provisional:
        # Fixes M1: a declaration certified « sincère et véritable » cannot rest on an unconfirmed rate.
        ctx["draft"] = "PROJET — taux à confirmer avant dépôt"
    attachments = tuple(i.piece for i in _invoices_of(case, ctx["owing"]) if i.piece)
    ctx["attachments"] = [f"facture n°\u00a0{i.number}" for i in _invoices_of(case, ctx["owing"]) if i.piece]
    rendered = _render_body("declaration-creance.md", ctx, root, source)
    subject = rendered.subject or f"Déclaration de créance — {case.debtor.name}"
    ctx["doc"] = {**ctx["doc"], "subject": subject, "heading": rendered.heading or "Déclaration de créance"}
    html, more = _layout("letter.html", {**ctx, "body": rendered.body}, root, source)
    html = typeset(html)
    issues = rendered.issues + more
    if not sent:
        issues += provisional_issue(st, source, case.id, "declaration-creance")
        if stopped is not None:
            issues.append(court.stopped_issue(case, stopped, "declaration"))
        elif st.provisional and limit is not None and 0 <= (limit - day).days <= court.URGENT_DECLARATION_DAYS:
            issues.append(court.declaration_urgent_issue(source, st, court.provisional_rates(st, project), limit))
    facts = Facts(st.total, st.principal, st.interest, st.indemnity, None, False, True)
    return Document(case_id=case.id, step_id="declaration", kind="declaration", name="declaration-creance", date=day,
                    html=html, text=render.html_to_text(html) if html else "", channel="lrar", attachments=attachments,
                    issues=tuple(issues), subject=subject, state=ctx["doc"]["state"], facts=facts,
                    case_path=case.path, base_dir=case.folder, origin=Source(case.path, sent.source.line, sent.source.col) if sent else source)

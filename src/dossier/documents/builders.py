"""Each kind's document: a step's (letter, email, SMS, call sheet), a payment plan, a declaration of claim.

documents.py decides which documents a case has and on which date; each
builder here fills its template's context (context.py, phrases.py), renders
the body and its layout (render.py) and returns a `Document` carrying its
issues. Wording stays in the templates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Sequence

from markupsafe import Markup

from ..law import money
from . import journal, qr, render
from ..records.errors import Issue, Source, error, has_errors, warning
from ..records.labels import PROCEDURE_KINDS as PROCEDURE_LABELS
from ..law import calendar
from ..records.model import Case, Event, Project, Step
from .document import Document, EmailParts, Facts, _plain_sms, sms_issues
from .context import (
    DAYS_FR,
    PAPER,
    WRITTEN,
    _base_context,
    _deadline,
    _deadline_days,
    _earlier,
    _recent_payments,
    claimable,
    missed_instalment,
    provisional_issue,
)
from .filters import _capitalize_first, _de, markdown_to_html
from .htmltext import html_to_text
from .loader import TemplateFailure
from .plan import case_as_of, plan_context
from .phrases import _invoice_ref, _invoices_phrase, _names_an_office, _public_office, administrative_court, typeset
from ..records.i18n import _

KIND_OF_CHANNEL = {"email": "email", "letter": "letter", "lrar": "letter", "sms": "sms", "phone": "call"}


# --------------------------------------------------------------------------- rendering


@dataclass
class _Rendered:
    body: Markup | str
    subject: str
    heading: str
    issues: list[Issue] = field(default_factory=list)
    demanded: Any = None   # the sum the letter demands (``{% set demanded %}``): its pay-by-scan code (qr.py)


def _render_body(template: str, context: dict, root: str, source: Source, text: bool = False) -> _Rendered:
    """Render a body template; its top-level ``{% set subject %}`` and ``{% set heading %}`` are read back."""
    try:
        module = render.module(template, context, root, text=text)
    except TemplateFailure as exc:
        return _Rendered("", "", "", [_template_issue(exc, source)])
    body = str(module)
    subject = str(getattr(module, "subject", "") or "")
    heading = str(getattr(module, "heading", "") or "")
    if not text:
        body = markdown_to_html(body)
    return _Rendered(body, subject, heading, demanded=getattr(module, "demanded", None))


def _layout(layout: str, context: dict, root: str, source: Source) -> tuple[str, list[Issue]]:
    try:
        return render.render(layout, context, root), []
    except TemplateFailure as exc:
        return "", [_template_issue(exc, source)]


def _template_issue(exc: "TemplateFailure", source: Source) -> Issue:
    """A template that does not exist is reported where the document asked for it; any other failure where the template says."""
    if exc.missing:
        return error(source, _("template {missing!r} not found (looked in templates/ and the built-in templates)", missing=exc.missing), "template",
                     fr=f"Modèle «\u00a0{exc.missing}\u00a0» introuvable (ni dans templates/, ni parmi les modèles fournis).")
    return exc.issue


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
        # Issue 14: a document dated after the as-of date is a preview, marked « APERÇU — non envoyé » across it.
        preview=bool(prepared and prepared < day and state != "sent"),
        recent_payments=_recent_payments(st, previous["date"] if previous else None, day),
        # Invoices that fell due after the last written step: it did not claim them (review S2).
        new_invoices=[i for i in owing if previous and i.due >= previous["date"]] if len(owing) > 1 else [],
        administrative_court=administrative_court(case),
        missed=missed_instalment(case, day),
        journal=journal.read(case, day),
        engaged=journal.engaged(case.debtor.contact),
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
        ctx["engaged"] = "vos services s’étaient engagés"   # the letter goes to the representative, not the caller
    template = step.template or step.id
    attachments = tuple(i.piece for i in _invoices_of(case, ctx["owing"]) if i.piece)
    ctx["attachments"] = [f"facture n°\u00a0{i.number}" for i in _invoices_of(case, ctx["owing"]) if i.piece]
    # After a missed instalment the notice's delays run from its receipt and from the acceleration, not to a date.
    stated = None if formal and ctx["missed"] else deadline
    facts = Facts(st.total, st.principal, st.interest, st.indemnity, stated, formal, step.channel == "lrar")
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
    subject = rendered.subject or _capitalize_first(_invoice_ref(ctx["owing"]))
    ctx["doc"] = {**ctx["doc"], "subject": subject, "heading": rendered.heading}
    ctx["payment"] = qr.with_qr(ctx["payment"], rendered.demanded)
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
            issues.append(warning(source, _("document {name}: the debtor has no email address; send it as a letter", name=name), "mail",
                                  fr="Le débiteur n’a pas d’adresse électronique\u00a0: envoyer ce document par courrier."))
        email = EmailParts(sender["name"], sender["email"] or "", case.debtor.name, case.debtor.email or "",
                           subject, email_html, html_to_text(email_html))
    return Document(html=html, text=html_to_text(html) if html else "", attachments=attachments if kind != "call" else (),
                    issues=tuple(issues), subject=subject, email=email, **common)


def _nothing_owed(case: Case, step: Step, day: dt.date, name: str, state: str, source: Source) -> Document:
    """A step dated before any invoice of the case was issued: a typo in a date, said at the event, not a letter about nothing."""
    first = min((i.date for i in case.invoices), default=None)
    after = _(" (the first invoice is dated {date})", date=first.isoformat()) if first else ""
    issue = error(source, _("case {id}: step {id2} dated {day} claims no invoice: none was issued by then{after}; "
                          "check the event's date", id=case.id, id2=step.id, day=day.isoformat(), after=after), "sent-before-invoices",
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
        firm = f"{_de(project.agency.name)}, société de recouvrement amiable mandatée par {creditor.name}"
    else:
        who, firm = creditor.signatory, _de(creditor.name)
    return f"Bonjour, {who} {firm}" if who else f"Bonjour, je vous appelle de la part {firm}"


def _plan_document(case: Case, project: Project, plan: Event, st: Any, name: str, root: str) -> Document:
    source = Source(case.path, plan.source.line, plan.source.col)
    ctx = _base_context(case, project, plan.date, st)
    written = sum((i.amount for i in plan.instalments), Decimal("0.00"))
    running = _running_interest(case, st)
    ctx.update(doc={"kind": "plan", "name": name, "date": plan.date, "step_id": "echeancier", "channel": "letter",
                    "formal_notice": False, "registered": False, "tracking": None, "state": "sent" if plan.signed else "due"},
               earlier=[], reminders=0, previous=None,
               deadline=None, offer_plan=False, refs={"invoices": ctx["owing"], "earlier": []}, caller_intro="",
               issuer="creditor", running=running, **plan_context(case, project, plan, st, running))
    total = ctx["instalments_total"]
    rendered = _render_body("echeancier.md", ctx, root, source)
    heading = rendered.heading or "Échéancier de paiement et reconnaissance de dette"
    subject = rendered.subject or heading
    ctx["doc"] = {**ctx["doc"], "subject": subject, "heading": heading}
    html, more = _layout("sheet.html", {**ctx, "body": rendered.body}, root, source)
    html = typeset(html)
    issues = rendered.issues + more
    if not plan.signed and total != st.total:
        # Review M9: the schedule must add up to the sum the debtor acknowledges, or the agreement says two things.
        issues.append(warning(source, _("case {id}, document {name}: the instalments add up to {euros}, "
                                      "not to the acknowledged {euros2}: adjust the instalments", id=case.id, name=name, euros=money.euros(total), euros2=money.euros(st.total)), "plan-total",
                              fr=f"Les échéances totalisent {money.euros(total)} et non la somme reconnue de {money.euros(st.total)}\u00a0: "
                                 "revoir les échéances avant signature."))
    elif not plan.signed and total != written:
        # Issue 14: the document's last instalment absorbs the remainder; the case file should say the same.
        last = ctx["instalments"][-1]
        issues.append(warning(source, _("case {id}, document {name}: the last instalment is set to {euros} "
                                      "so that the instalments add up to the acknowledged {euros2}; "
                                      "write it in the case file before signature", id=case.id, name=name, euros=money.euros(last['amount']), euros2=money.euros(st.total)), "plan-total",
                              fr=f"La dernière échéance est portée à {money.euros(last['amount'])} pour que les échéances totalisent "
                                 f"la somme reconnue de {money.euros(st.total)}\u00a0: la reporter dans le dossier avant signature."))
    facts = Facts(st.total, st.principal, st.interest, st.indemnity)
    return Document(case_id=case.id, step_id="echeancier", kind="plan", name=name, date=plan.date, html=html,
                    text=html_to_text(html) if html else "", channel="letter", issues=tuple(issues),
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
            "de la Banque centrale européenne majoré de 10\u00a0points),")


def _journal_document(case: Case, project: Project, event: Event, st: Any, name: str, root: str, as_of: dt.date,
                      template: str, heading: str, **extra: Any) -> Document:
    """A letter an event of the journal calls for, dated that day: confirmation-promesse, reponse-contestation.

    Sent the day of the event (seed 001: confirm every interaction in writing); one dated `as_of` is still to send.
    """
    day = event.date
    source = Source(case.path, event.source.line, event.source.col)
    st = claimable(st, day)
    ctx = _base_context(case, project, day, st)
    earlier = _earlier(case, project, day, None)
    state = "due" if day >= as_of else "sent"
    ctx.update(doc={"kind": "letter", "name": name, "date": day, "step_id": template.replace("-", "_"), "channel": "letter",
                    "formal_notice": False, "registered": False, "tracking": None, "state": state},
               earlier=earlier, done=earlier, planned=[], reminders=len(earlier), previous=earlier[-1] if earlier else None,
               deadline=None, offer_plan=False, refs={"invoices": ctx["owing"], "earlier": []}, caller_intro="",
               event=event, journal=journal.read(case, day), engaged=journal.engaged(case.debtor.contact), **extra)
    ctx["attachments"] = []
    rendered = _render_body(f"{template}.md", ctx, root, source)
    subject = rendered.subject or f"{heading} — {_invoice_ref(ctx['owing'])}"
    ctx["doc"] = {**ctx["doc"], "subject": subject, "heading": rendered.heading}
    ctx["payment"] = qr.with_qr(ctx["payment"], rendered.demanded)
    html, more = _layout("letter.html", {**ctx, "body": rendered.body}, root, source)
    html = typeset(html)
    facts = Facts(st.total, st.principal, st.interest, st.indemnity)
    return Document(case_id=case.id, step_id=ctx["doc"]["step_id"], kind="letter", name=name, date=day, html=html,
                    text=html_to_text(html) if html else "", channel="letter", issues=tuple(rendered.issues + more),
                    subject=subject, state=state, facts=facts, case_path=case.path, base_dir=case.folder, origin=source)


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
    from ..law import court_readiness

    stopped = court_readiness.last_confirmed_day(st) if project.provisional_rates == "stop" and not sent else None
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
    ctx["interest_stop"] = court_readiness.declaration_stop(st, stopped, insolvency.date) if stopped else None
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
            issues.append(court_readiness.stopped_issue(case, stopped, "declaration"))
        elif st.provisional and limit is not None and 0 <= (limit - day).days <= court_readiness.URGENT_DECLARATION_DAYS:
            issues.append(court_readiness.declaration_urgent_issue(source, st, court_readiness.provisional_rates(st, project), limit))
    facts = Facts(st.total, st.principal, st.interest, st.indemnity, None, False, True)
    return Document(case_id=case.id, step_id="declaration", kind="declaration", name="declaration-creance", date=day,
                    html=html, text=html_to_text(html) if html else "", channel="lrar", attachments=attachments,
                    issues=tuple(issues), subject=subject, state=ctx["doc"]["state"], facts=facts,
                    case_path=case.path, base_dir=case.folder, origin=Source(case.path, sent.source.line, sent.source.col) if sent else source)

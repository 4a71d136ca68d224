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
  module lists the documents and their dates, builders.py computes the values
  each template receives. A claims repository overrides any template by name
  in its own ``templates/``.
- Names are stable (``05-mise-en-demeure``: the step's rank in its scenario,
  then its template) so links and diffs survive rebuilds.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from ..records.errors import Source
from ..records.guard import failure_issue
from ..records.model import Case, Event, Project
from ..ladder import instalments
from . import followup, journal
from .builders import KIND_OF_CHANNEL, _declaration_document, _journal_document, _plan_document, _step_document, case_as_of
from .context import CHANNEL_NOUN, _earlier_entry
from .document import Document
from ..records.i18n import _

KINDS = ("letter", "email", "sms", "call", "plan", "followup", "declaration")


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
    case = case_as_of(case, as_of)   # the as-of date hides the future: later events are not known yet
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
        doc = _guarded(case, name, step.id, event, lambda: _step_document(
            case, project, step, event.date, statement_at(event.date), event, "sent", name, root,
            offer_plan=_plan_offered(case)))
        docs.append(replace(doc, archived=event.files) if event.files else doc)   # what left, kept (history/archive.py)

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

    followed = instalments.plan_lines(case, as_of, statement.settled)
    if followed is not None and followed.signed:
        docs.append(_guarded(case, followup.NAME, "suivi_echeancier", followed.event, lambda: followup.followup_document(
            case, project, followed, statement, as_of, root)))

    for n, promise in enumerate(p for p in journal.read(case, as_of).promises if p.by_phone):
        call = next(e for e in case.events_of("call") if e.date == promise.date and e.outcome == "promise")
        name = "confirmation-promesse" if n == 0 else f"confirmation-promesse-{n + 1}"
        docs.append(_guarded(case, name, "confirmation_promesse", call, lambda: _journal_document(
            case, project, call, statement_at(call.date), name, root, as_of, "confirmation-promesse",
            "Confirmation de votre engagement de paiement", promise=promise)))
    for n, dispute in enumerate(e for e in case.events_of("dispute") if e.date <= as_of):
        name = "reponse-contestation" if n == 0 else f"reponse-contestation-{n + 1}"
        docs.append(_guarded(case, name, "reponse_contestation", dispute, lambda: _journal_document(
            case, project, dispute, statement_at(dispute.date), name, root, as_of, "reponse-contestation",
            "Votre réclamation", disputed=[i for i in case.invoices if dispute.invoice in (None, i.number) and i.date <= dispute.date], payment=None)))

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
        issue = failure_issue(source, case.id, _("render {name}", name=name), exc)
        return Document(case_id=case.id, step_id=step_id, kind="letter", name=name, date=event.date if event else dt.date.min,
                        html="", text="", channel="", issues=(issue,), case_path=case.path, base_dir=case.folder,
                        origin=source)


def _plan_offered(case: Case) -> bool:
    """A payment plan is offered to debtors qualified as in (temporary or worrying) difficulty (domain.md)."""
    return case.debtor.qualification in ("difficulte_passagere", "situation_preoccupante")


def _default_statement_at(case: Case, project: Project, statement: Any, as_of: dt.date) -> StatementAt:
    """The statement on another date, computed on the case as it stood that day (ledger.statement)."""
    cache: dict[dt.date, Any] = {as_of: statement}

    def at(day: dt.date) -> Any:
        if day not in cache:
            from ..law import ledger
            from ..law import rates

            tables, _unused = rates.load_tables(project)
            cache[day] = ledger.statement(case_as_of(case, day) if day < as_of else case, project, day, tables)
        return cache[day]

    return at


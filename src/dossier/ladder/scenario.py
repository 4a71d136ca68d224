"""The reminder ladder: which step of a case is done, due, upcoming, skipped or paused, and why.

`ladder(case, project, as_of, statement)` reads the case's journal up to
`as_of` (never the clock) and its scenario (docs/format.md), and applies the rules
of the trade (domain.md): a dispute pauses; a signed plan pauses while it is
kept, and a missed instalment resumes at the firm reminder; a promise holds
the next step; insolvency proceedings stop everything but the declaration of
the claim; a prescribed claim gets no step that threatens court; bad faith
goes straight to the formal notice; the court step waits for the formal
notice's deadline. Guardrails against harassment are checked on scenarios
(`guardrails.validate_scenarios`, errors) and on each case's events (warnings).

Every due date is computed from the journal as docs/format.md says, then moved to
the next working day (CPC 642) with the debtor's département calendar.
"""
from __future__ import annotations

import datetime as dt

from ..records.errors import sort_issues, warning
from ..records.labels import PROCEDURE_LABELS
from ..law import calendar
from ..law.money import euros
from ..records.model import Case, Event, Project, Scenario, Step
from .guardrails import _contacts_ahead, _duration_warning, _event_guardrails
from . import rules
from .facts import Facts, Walk, last_printed, read_facts
from .rules import DATE_RULES, OUTCOME_RULES, STEP_RULES, nominal_date, planned
from .steps import (  # noqa: F401 — the ladder's vocabulary, re-exported for its readers
    Action,
    DAY,
    DECLARATION_MONTHS,
    DECLARATION_STEP_ID,
    DECLARATION_TEMPLATE,
    Ladder,
    OFFER_PLAN_QUALIFICATIONS,
    PROMISE_GRACE_DAYS,
    Pause,
    PlanOutcome,
    StatementLike,
    StepState,
    WRITTEN_CHANNELS,
    _disputes,
    _done_reason,
    _merged,
    _pending_reason,
    _plan,
    _promise,
    condition_failure,
    date_long,
    is_formal_notice,
    threatens_court,
)
from ..records.i18n import _, money


# --- the ladder ---------------------------------------------------------------------------------

def ladder(case: Case, project: Project, as_of: dt.date, statement: StatementLike) -> Ladder:
    """The state of `case`'s ladder on `as_of`, from its journal (events up to `as_of`) and its statement.

    A walk over the named rules of rules.py: the facts read once, then for each step the first step rule that
    decides (done, not applicable, passed), else its date moved by every date rule, then the first outcome rule
    that decides (without object, prescribed, paused, due or upcoming).
    """
    f = read_facts(case, project, as_of, statement)
    walk = _start(f)
    states = [_step_state(f, walk, i) for i in range(len(f.steps))]
    return _assemble(f, states, walk.dates)


def _start(f: Facts) -> Walk:
    """The walk before its first step: the last step done, the last written contact done, the notice's deadline."""
    written = [e.date for i, e in f.done.items() if f.steps[i].channel in WRITTEN_CHANNELS]
    return Walk(previous=max((e.date for e in f.done.values()), default=None),
                last_written=max(written, default=None), projected_deadline=f.fn_deadline,
                printed=last_printed(f.steps, f.done, f.dept))


def _step_state(f: Facts, w: Walk, i: int) -> StepState:
    for step_rule in STEP_RULES:
        state = step_rule(f, w, i)
        if state is not None:
            return state
    _unused, date = nominal_date(f, w, i)
    jumped = rules.rule_jumped(f, w, i, date)
    if jumped is not None:
        return jumped
    notes: list[str] = []
    for date_rule in DATE_RULES:
        date, note = date_rule(f, w, i, date)
        if note:
            notes.append(note)
    planned(f, w, i, date)
    for outcome_rule in OUTCOME_RULES:
        state = outcome_rule(f, i, date, notes)
        if state is not None:
            return state
    raise AssertionError("rule_due always decides")


def _assemble(f: Facts, states: list[StepState], dates: dict[int, dt.date]) -> Ladder:
    """The ladder: its states, its next actions (the declaration alone under insolvency), its warnings."""
    case, steps, index, guard = f.case, f.steps, f.index, f.project.guardrails
    amount = f.statement.total
    actions = [
        Action(s.step.id, s.date, s.step.channel, s.step.template, case.id, amount)  # type: ignore[arg-type]
        for s in states
        if s.state in ("due", "upcoming")
    ]
    closing = next((s for s in states if s.step.channel == "court" and rules.BELOW_MINIMUM in s.reason), None)
    if closing is not None and not actions:
        actions = [_suggestion(f, dates.get(states.index(closing), f.as_of))]
    insolvency = f.insolvency
    if insolvency is not None and f.stop_reason is None:
        decl_state = _declaration(insolvency, f.scenario, f.events, f.as_of)
        states.append(decl_state)
        if decl_state.state in ("due", "upcoming"):
            actions = [Action(decl_state.step.id, decl_state.date, "declaration", decl_state.step.template, case.id, amount, decl_state.limit)]  # type: ignore[arg-type]
        else:
            actions = []

    fn_state = states[f.fn_index] if f.fn_index is not None else None
    issues = _event_guardrails(case, f.events, steps, index, guard, f.dept)
    issues += _contacts_ahead(case, f.events, states, steps, index, guard)
    if f.status == "open":
        issues += _duration_warning(case, steps, dates, f.due0, f.pauses, guard)
    if insolvency is not None and insolvency.published is None:
        issues.append(warning(insolvency.source, _("insolvency: no BODACC publication date (published:); the two months of the declaration are counted from the event date"), "declaration-no-published",
                              fr="Procédure collective sans date de publication au BODACC (published:)\u00a0: le délai de deux mois "
                                 "pour déclarer la créance est compté à partir de la date du jugement enregistrée."))

    return Ladder(
        case_id=case.id,
        as_of=f.as_of,
        scenario=f.scenario.name,
        status=f.status,
        steps=tuple(states),
        next_actions=tuple(actions),
        issues=tuple(sort_issues(issues)),
        formal_notice=fn_state,
        deadline=f.fn_deadline,
        offer_plan=f.case.debtor.qualification in OFFER_PLAN_QUALIFICATIONS,
        broken_plan=f.broken.pause.event if f.broken is not None else None,
        paused_by=f.paused_by,
        not_exigible=f.statement.principal - rules.exigible_principal(f),
        acceleration=f.plan.accelerated if f.plan is not None else None,
        set_aside=getattr(f.statement, "set_aside", ()),
    )


SUGGESTION_STEP = "solde_modique"


def _suggestion(f: Facts, day: dt.date) -> Action:
    """What closes a ladder whose leftover is under `court_min_amount`: a last letter, or writing it off."""
    st = f.statement
    text = (f"Solde de {euros(st.total)} sous le seuil de {euros(f.project.court_min_amount)} pour agir en justice\u00a0: "
            "un dernier courrier, ou le passer en perte et clore le dossier")
    text_en = (f"Balance of {money(st.total, 'en')} under the threshold of {money(f.project.court_min_amount, 'en')} to go to "
               "court: a last letter, or write it off and close the case")
    return Action(SUGGESTION_STEP, day, "suggestion", None, f.case.id, st.total, text=text, text_en=text_en)


def status(case: Case, project: Project, as_of: dt.date, statement: StatementLike) -> str:
    """The case's status on `as_of` (docs/format.md): closed, paid, litigation, prescribed, paused or open, in that order."""
    return ladder(case, project, as_of, statement).status


def to_json(ladder: Ladder) -> list[dict[str, str]]:
    """docs/format.md's ``next_actions``: ``[{"step", "due", "channel"}]`` in ladder order."""
    return [{"step": a.step, "due": a.due.isoformat(), "channel": a.channel} for a in ladder.next_actions]


def _declaration(insolvency: Event, scenario: Scenario, events: list[Event], as_of: dt.date) -> StepState:
    """Insolvency proceedings: one action, declare the claim at once; the law's two months are its limit.

    The two months from the BODACC publication (C. com. L622-24, R622-24) are a
    forclusion: a late claim is barred unless relieved (L622-26). The claim is
    documented already, so the step is due on the publication date (the
    judgment's date when none is recorded), never planned on the last day; the
    limit is kept apart (`StepState.limit`) and stated.
    """
    step = next((s for s in scenario.steps if s.channel == "declaration"), None) or Step(
        id=DECLARATION_STEP_ID, channel="declaration", source=insolvency.source, template=DECLARATION_TEMPLATE
    )
    sent = next((e for e in events if e.type == "sent" and e.step == step.id and e.date >= insolvency.date), None)
    if sent is not None:
        return StepState(step, "done", sent.date, sent, _done_reason(step, sent))
    published = insolvency.published or insolvency.date
    # CPC 641 months; not moved to the next working day (CPC 642): a forclusion this severe
    # is better met on the earlier date, the one the declaration letter states too
    limit = calendar.add_months(published, DECLARATION_MONTHS)
    label = PROCEDURE_LABELS.get(insolvency.procedure or "", "procédure collective")
    if limit < as_of:
        reason = (f"forclusion acquise le {date_long(limit)} sauf relevé de forclusion (art. L622-26 C. com.) ; "
                  f"{label}, BODACC du {date_long(published)}")
    else:
        reason = (f"à déclarer sans attendre au mandataire judiciaire, au plus tard le {date_long(limit)} "
                  f"(forclusion, art. L622-26 C. com. ; {label}, BODACC du {date_long(published)})")
    return StepState(step, "due" if published <= as_of else "upcoming", published, None, reason, limit)



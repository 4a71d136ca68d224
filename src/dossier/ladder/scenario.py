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
from ..records.model import Case, Event, Project, Scenario, Step
from .guardrails import _contacts_ahead, _duration_warning, _event_guardrails
from .steps import (
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


# --- the ladder ---------------------------------------------------------------------------------

def ladder(case: Case, project: Project, as_of: dt.date, statement: StatementLike) -> Ladder:
    """The state of `case`'s ladder on `as_of`, from its journal (events up to `as_of`) and its statement."""
    scenario = project.scenario_of(case)
    guard = project.guardrails
    dept = case.debtor.department
    events = sorted((e for e in case.events if e.date <= as_of), key=lambda e: e.date)
    steps = scenario.steps
    qualification = case.debtor.qualification
    due0 = statement.earliest_unpaid_due or min((i.due for i in case.invoices), default=as_of)

    # conditions
    failing = [condition_failure(s.when, case.debtor.kind, statement.principal, qualification) for s in steps]
    for i, s in enumerate(steps):
        if s.channel == "declaration" and failing[i] is None:
            failing[i] = "aucune procédure collective"   # only insolvency proceedings call for it
    applies = [f is None for f in failing]

    done = _steps_done(steps, applies, events, due0, dept)
    index = {s.id: i for i, s in enumerate(steps)}
    last_done = max(done, default=-1)

    # what stops or pauses the ladder
    insolvency = next((e for e in events if e.type == "insolvency"), None)
    pauses = _disputes(events)
    plans = [_plan(p, events, as_of) for p in events if p.type == "plan" and p.signed]
    pauses += [p.pause for p in plans]
    pauses.sort(key=lambda p: p.start)
    open_pause = next((p for p in pauses if p.end is None), None)
    stopped = _merged(pauses)
    last_plan = plans[-1] if plans else None
    broken = last_plan if last_plan is not None and last_plan.broken else None

    status, stop_reason = _status(events, statement, insolvency, open_pause, qualification)
    pause_reason, paused_by = (None, None) if stop_reason else _pause(insolvency, open_pause, qualification)

    jump_to, jump_reason = _jump(steps, applies, done, broken, qualification)

    last_done_date = max((e.date for e in done.values()), default=None)
    promise = _promise(events, last_done_date)
    written_dates = [e.date for i, e in done.items() if steps[i].channel in WRITTEN_CHANNELS]
    last_written = max(written_dates, default=None)
    fn_index = max((i for i in done if is_formal_notice(steps[i])), default=None)
    fn_deadline = _fn_deadline(steps[fn_index], done[fn_index], dept) if fn_index is not None else None

    states: list[StepState] = []
    dates: dict[int, dt.date] = {}          # projected or done dates, for `after: {step}`
    previous = last_done_date               # pending dates never go backwards
    carried: dt.date | None = None          # the date a jump carries to its target
    held_first = False
    projected_deadline = fn_deadline
    for i, step in enumerate(steps):
        if i in done:
            e = done[i]
            dates[i] = e.date
            states.append(StepState(step, "done", e.date, e, _done_reason(step, e)))
            continue
        if not applies[i]:
            states.append(StepState(step, "skipped", None, None, f"sautée\u00a0: condition non remplie ({failing[i]})"))
            continue
        if i < last_done:
            states.append(StepState(step, "skipped", None, None, "sautée\u00a0: une étape ultérieure a été faite"))
            continue
        # its date, as docs/format.md says, then the rules of the trade
        anchor, date = _nominal(step, steps, index, done, dates, due0, as_of)
        for start, end in stopped:
            if anchor <= start < date:
                date += end - start   # the clock stopped during the pause
        notes: list[str] = []
        if jump_to is not None and i < jump_to:
            if carried is None:
                carried = date
            dates[i] = date
            states.append(StepState(step, "skipped", None, None, jump_reason))
            continue
        if jump_to == i and broken is not None:
            date = broken.pause.end  # type: ignore[assignment]
            notes.append(
                f"échéancier rompu (échéance du {date_long(broken.missed_due)} impayée)\u00a0; "  # type: ignore[arg-type]
                f"l’échéancier signé le {date_long(broken.pause.event.date)} vaut reconnaissance de la dette"
            )
        elif jump_to == i and carried is not None:
            date = min(date, carried)
        if not held_first and promise is not None:
            held_first = True
            hold = promise.until + dt.timedelta(days=PROMISE_GRACE_DAYS)  # type: ignore[operator]
            if hold > date:
                date = hold
            kept = "" if hold >= as_of else ", non tenue"
            notes.append(f"promesse du {date_long(promise.date)} de payer au plus tard le {date_long(promise.until)}, "  # type: ignore[arg-type]
                         f"plus {PROMISE_GRACE_DAYS} jours de grâce{kept}")
        held_first = True
        if step.channel in WRITTEN_CHANNELS and last_written is not None:
            spaced = last_written + dt.timedelta(days=guard.min_days_between_written)
            if spaced > date:
                date = spaced
                notes.append(f"{guard.min_days_between_written} jours au moins après le courrier du {date_long(last_written)}")
        if step.channel == "court" and projected_deadline is not None and projected_deadline > date:
            date = projected_deadline
            notes.append(f"pas avant l’expiration du délai de la mise en demeure, le {date_long(projected_deadline)}")
        if previous is not None and previous > date:
            date = previous
        date = calendar.next_working_day(date, dept)
        dates[i] = date
        previous = date
        if step.channel in WRITTEN_CHANNELS:
            last_written = date
        if is_formal_notice(step) and step.deadline_days:
            # not sent yet: its deadline runs at the earliest from today
            projected_deadline = calendar.deadline(max(date, as_of), days=step.deadline_days, department=dept)

        if stop_reason is not None:
            states.append(StepState(step, "skipped", None, None, stop_reason))
        elif statement.prescribed and threatens_court(step):
            when = f" depuis le {date_long(statement.prescription + DAY)}" if statement.prescription else ""
            states.append(StepState(step, "skipped", None, None, f"sautée\u00a0: créance prescrite{when}, aucune action en justice ne peut être annoncée"))
        elif pause_reason is not None:
            states.append(StepState(step, "paused", None, None, pause_reason))
        else:
            reason = _pending_reason(date, as_of) + ("\u00a0: " + "\u00a0; ".join(notes) if notes else "")
            states.append(StepState(step, "due" if date <= as_of else "upcoming", date, None, reason))

    amount = statement.total
    actions = [
        Action(s.step.id, s.date, s.step.channel, s.step.template, case.id, amount)  # type: ignore[arg-type]
        for s in states
        if s.state in ("due", "upcoming")
    ]
    if insolvency is not None and stop_reason is None:
        decl_state = _declaration(insolvency, scenario, events, as_of)
        states.append(decl_state)
        if decl_state.state in ("due", "upcoming"):
            actions = [Action(decl_state.step.id, decl_state.date, "declaration", decl_state.step.template, case.id, amount, decl_state.limit)]  # type: ignore[arg-type]
        else:
            actions = []

    fn_state = states[fn_index] if fn_index is not None else None
    issues = _event_guardrails(case, events, steps, index, guard, dept)
    issues += _contacts_ahead(case, events, states, steps, index, guard)
    if status == "open":
        issues += _duration_warning(case, steps, dates, due0, pauses, guard)
    if insolvency is not None and insolvency.published is None:
        issues.append(warning(insolvency.source, "insolvency: no BODACC publication date (published:); the two months of the declaration are counted from the event date", "declaration-no-published",
                              fr="Procédure collective sans date de publication au BODACC (published:)\u00a0: le délai de deux mois "
                                 "pour déclarer la créance est compté à partir de la date du jugement enregistrée."))

    return Ladder(
        case_id=case.id,
        as_of=as_of,
        scenario=scenario.name,
        status=status,
        steps=tuple(states),
        next_actions=tuple(actions),
        issues=tuple(sort_issues(issues)),
        formal_notice=fn_state,
        deadline=fn_deadline,
        offer_plan=qualification in OFFER_PLAN_QUALIFICATIONS,
        broken_plan=broken.pause.event if broken is not None else None,
        paused_by=paused_by,
    )


def _steps_done(
    steps: tuple[Step, ...], applies: list[bool], events: list[Event], due0: dt.date, dept: str | None
) -> dict[int, Event]:
    """Step index → the event that did it, in journal order: `sent`; a `call` doing the phone step due; `filed` the court step."""
    done: dict[int, Event] = {}
    index = {s.id: i for i, s in enumerate(steps)}
    for e in events:
        i: int | None = None
        if e.type in ("sent", "call", "filed") and e.step in index and index[e.step] not in done:
            i = index[e.step]   # a call or a filing may name its step
        elif e.type == "call":
            i = _phone_step_due(steps, applies, done, max(done, default=-1), due0, e.date, dept)
        elif e.type == "filed":
            i = next((k for k, s in enumerate(steps) if s.channel == "court" and k not in done), None)
        if i is not None:
            done[i] = e
    return done


def _status(
    events: list[Event], statement: StatementLike, insolvency: Event | None, open_pause: Pause | None, qualification: str | None
) -> tuple[str, str | None]:
    """(status, why the remaining steps have no object) — the first that holds: closed, paid, litigation, prescribed, paused, open."""
    closed = next((e for e in events if e.type == "closed"), None)
    filed = next((e for e in events if e.type in ("filed", "order", "served", "opposition")), None)
    if closed is not None:
        return "closed", f"sans objet\u00a0: dossier clos le {date_long(closed.date)}"
    if statement.settled:
        return "paid", "sans objet\u00a0: créance soldée"
    if filed is not None:
        return "litigation", f"sans objet\u00a0: requête déposée le {date_long(filed.date)}"
    if statement.prescribed:
        return "prescribed", None
    if insolvency is not None or open_pause is not None or qualification in ("contestation", "insolvabilite"):
        return "paused", None
    return "open", None


def _pause(insolvency: Event | None, open_pause: Pause | None, qualification: str | None) -> tuple[str | None, Event | None]:
    """(why the ladder is paused, the event that paused it), or (None, None)."""
    if insolvency is not None:
        label = PROCEDURE_LABELS.get(insolvency.procedure or "", "procédure collective")
        published = insolvency.published or insolvency.date
        return f"suspendue\u00a0: {label}, publication au BODACC du {date_long(published)}", insolvency
    if open_pause is not None:
        return open_pause.reason, open_pause.event
    if qualification == "contestation":
        return "suspendue\u00a0: le débiteur conteste la créance (qualification\u00a0: contestation)", None
    if qualification == "insolvabilite":
        return "suspendue\u00a0: débiteur insolvable, relances inutiles (qualification\u00a0: insolvabilité)", None
    return None, None


def _jump(
    steps: tuple[Step, ...], applies: list[bool], done: dict[int, Event], broken: PlanOutcome | None, qualification: str | None
) -> tuple[int | None, str]:
    """(the step the ladder jumps to, why the steps before it are skipped): a broken plan resumes at the firm
    reminder; bad faith goes straight to the formal notice."""
    last_done = max(done, default=-1)
    first_pending = next((i for i in range(last_done + 1, len(steps)) if applies[i] and i not in done), None)
    if broken is not None:
        target = _firm_reminder(steps, applies)
        if target is not None and target > last_done and (first_pending is None or target >= first_pending):
            return target, "sautée\u00a0: échéancier rompu, reprise à la relance ferme"
        return None, ""
    if qualification == "mauvaise_foi":
        target = next((i for i in range(len(steps)) if applies[i] and is_formal_notice(steps[i])), None)
        if target is not None and target > last_done:
            return target, "sautée\u00a0: débiteur de mauvaise foi, passage direct à la mise en demeure"
    return None, ""


def status(case: Case, project: Project, as_of: dt.date, statement: StatementLike) -> str:
    """The case's status on `as_of` (docs/format.md): closed, paid, litigation, prescribed, paused or open, in that order."""
    return ladder(case, project, as_of, statement).status


def to_json(ladder: Ladder) -> list[dict[str, str]]:
    """docs/format.md's ``next_actions``: ``[{"step", "due", "channel"}]`` in ladder order."""
    return [{"step": a.step, "due": a.due.isoformat(), "channel": a.channel} for a in ladder.next_actions]


def _nominal(
    step: Step, steps: tuple[Step, ...], index: dict[str, int], done: dict[int, Event], dates: dict[int, dt.date],
    due0: dt.date, as_of: dt.date | None = None,
) -> tuple[dt.date, dt.date]:
    """(anchor, date) per docs/format.md: `after_due` from the earliest unpaid due date; `after` from the step's received date, else its date.

    A step counted from a step not done yet counts from that step's planned date, or from `as_of`
    when that date is past: it cannot come before the step it follows is done.
    """
    if step.after_step is not None and step.after_step in index:
        j = index[step.after_step]
        if j in done:
            anchor = done[j].received or done[j].date
        else:
            anchor = dates.get(j, due0)
            if as_of is not None and anchor < as_of:
                anchor = as_of
        return anchor, anchor + dt.timedelta(days=step.after_days or 0)
    return due0, due0 + dt.timedelta(days=step.after_due or 0)


def _phone_step_due(
    steps: tuple[Step, ...], applies: list[bool], done: dict[int, Event], last_done: int, due0: dt.date, day: dt.date, dept: str | None
) -> int | None:
    """The phone step a call on `day` does: the first applicable one after the last step done whose date has come."""
    index = {s.id: i for i, s in enumerate(steps)}
    dates: dict[int, dt.date] = {}
    for i, s in enumerate(steps):
        _, date = _nominal(s, steps, index, done, dates, due0)
        dates[i] = calendar.next_working_day(date, dept)
        if i > last_done and i not in done and applies[i] and s.channel == "phone" and dates[i] <= day:
            return i
    return None


def _firm_reminder(steps: tuple[Step, ...], applies: list[bool]) -> int | None:
    """Where a broken plan resumes: `relance_ferme`, else the last written step before the formal notice."""
    for i, s in enumerate(steps):
        if s.id == "relance_ferme" and applies[i]:
            return i
    fn = next((i for i, s in enumerate(steps) if applies[i] and is_formal_notice(s)), len(steps))
    before = [i for i in range(fn) if applies[i] and steps[i].channel in WRITTEN_CHANNELS]
    return before[-1] if before else (fn if fn < len(steps) else None)


def _fn_deadline(step: Step, event: Event, dept: str | None) -> dt.date | None:
    """The formal notice's deadline, counted from its date (the date the letter bears), CPC 641 then 642."""
    if not step.deadline_days:
        return None
    return calendar.deadline(event.date, days=step.deadline_days, department=dept)


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



"""The reminder ladder: which step of a case is done, due, upcoming, skipped or paused, and why.

`ladder(case, project, as_of, statement)` reads the case's journal up to
`as_of` (never the clock) and its scenario (FORMAT.md), and applies the rules
of the trade (domain.md): a dispute pauses; a signed plan pauses while it is
kept, and a missed instalment resumes at the firm reminder; a promise holds
the next step; insolvency proceedings stop everything but the declaration of
the claim; a prescribed claim gets no step that threatens court; bad faith
goes straight to the formal notice; the court step waits for the formal
notice's deadline. Guardrails against harassment are checked on scenarios
(`validate_scenarios`, errors) and on each case's events (warnings).

Every due date is computed from the journal as FORMAT.md says, then moved to
the next working day (CPC 642) with the debtor's département calendar.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable

from ..records.errors import Issue, error, sort_issues, warning
from ..records.labels import PROCEDURE_LABELS, step_label
from ..law import calendar
from ..records.model import DEBTOR_KINDS, QUALIFICATIONS, Case, Event, Guardrails, Project, Scenario, Step
from ..law.money import date_long as _date_long
from .steps import (
    Action,
    CONTACT_CHANNELS,
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
        # its date, as FORMAT.md says, then the rules of the trade
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
    """The case's status on `as_of` (FORMAT.md): closed, paid, litigation, prescribed, paused or open, in that order."""
    return ladder(case, project, as_of, statement).status


def to_json(ladder: Ladder) -> list[dict[str, str]]:
    """FORMAT.md's ``next_actions``: ``[{"step", "due", "channel"}]`` in ladder order."""
    return [{"step": a.step, "due": a.due.isoformat(), "channel": a.channel} for a in ladder.next_actions]


def _nominal(
    step: Step, steps: tuple[Step, ...], index: dict[str, int], done: dict[int, Event], dates: dict[int, dt.date],
    due0: dt.date, as_of: dt.date | None = None,
) -> tuple[dt.date, dt.date]:
    """(anchor, date) per FORMAT.md: `after_due` from the earliest unpaid due date; `after` from the step's received date, else its date.

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


# --- guardrails -----------------------------------------------------------------------------------

def _event_guardrails(
    case: Case, events: list[Event], steps: tuple[Step, ...], index: dict[str, int], guard: Guardrails, dept: str | None
) -> list[Issue]:
    """Warnings when the journal breaks a guardrail: too many contacts, written contacts too close, calls on days off."""
    out: list[Issue] = []
    contacts = 0
    last_written: Event | None = None
    for e in events:
        if e.type in ("filed", "order", "served", "opposition"):
            break   # the amicable phase is over
        channel = "phone" if e.type == "call" else (steps[index[e.step]].channel if e.type == "sent" and e.step in index else None)
        if channel not in CONTACT_CHANNELS:
            continue
        contacts += 1
        what = f"call on {e.date.isoformat()}" if e.type == "call" else f"{e.step} sent on {e.date.isoformat()}"
        what_fr = f"Appel du {_date_long(e.date)}" if e.type == "call" else f"{step_label(e.step or '')} du {_date_long(e.date)}"
        if contacts == guard.max_contacts + 1:
            out.append(warning(e.source, f"{what} is contact {contacts} of the amicable phase; the guardrail max_contacts allows {guard.max_contacts} (repeated contacts may be harassment)", "guardrail-contacts",
                               fr=f"{what_fr}\u00a0: {contacts}e contact de la phase amiable, au-delà des {guard.max_contacts} permis "
                                  "par le garde-fou max_contacts (des sollicitations répétées peuvent constituer un harcèlement)."))
        if channel in WRITTEN_CHANNELS:
            if last_written is not None and (e.date - last_written.date).days < guard.min_days_between_written:
                gap = (e.date - last_written.date).days
                out.append(warning(e.source, f"{what}, {gap} day{'s' if gap != 1 else ''} after the written contact of {last_written.date.isoformat()}; the guardrail min_days_between_written requires {guard.min_days_between_written}", "guardrail-spacing",
                                   fr=f"{what_fr}\u00a0: {_days_fr(gap)} seulement après le contact écrit du {_date_long(last_written.date)}, "
                                      f"quand le garde-fou min_days_between_written en exige {guard.min_days_between_written}."))
            last_written = e
        if channel == "phone" and not calendar.is_working_day(e.date, dept):
            out.append(warning(e.source, f"{what}: not a working day; the guardrail allows calls on working days only, {windows_text(guard)}", "guardrail-call-day",
                               fr=f"{what_fr}\u00a0: jour non ouvré\u00a0; les appels ne sont permis que les jours ouvrés, "
                                  f"{windows_text_fr(guard)}."))
    return out


def _contacts_made(events: list[Event], steps: tuple[Step, ...], index: dict[str, int]) -> int:
    """Contacts (written steps sent, calls) of the amicable phase, i.e. before any filing."""
    count = 0
    for e in events:
        if e.type in ("filed", "order", "served", "opposition"):
            break
        if e.type == "call" or (e.type == "sent" and e.step in index and steps[index[e.step]].channel in CONTACT_CHANNELS):
            count += 1
    return count


def _contacts_ahead(
    case: Case, events: list[Event], states: list[StepState], steps: tuple[Step, ...], index: dict[str, int], guard: Guardrails
) -> list[Issue]:
    """A warning when a step still to do would be one contact too many (the journal's own excess is warned at its event)."""
    count = _contacts_made(events, steps, index)
    if count > guard.max_contacts:
        return []
    for s in states:
        if s.state in ("due", "upcoming") and s.step.channel in CONTACT_CHANNELS:
            count += 1
            if count > guard.max_contacts:
                return [warning(case.source, f"{s.step.id}, due on {s.date.isoformat()}, would be contact {count} of the amicable phase; "  # type: ignore[union-attr]
                                             f"the guardrail max_contacts allows {guard.max_contacts}", "guardrail-contacts",
                                        fr=f"{step_label(s.step.id)}, prévue le {_date_long(s.date)}, serait le {count}e contact "  # type: ignore[arg-type]
                                           f"de la phase amiable, au-delà des {guard.max_contacts} permis par le garde-fou max_contacts.")]
    return []


def _duration_warning(
    case: Case, steps: tuple[Step, ...], dates: dict[int, dt.date], due0: dt.date, pauses: list[Pause], guard: Guardrails
) -> list[Issue]:
    """The amicable phase, from the due date to the court step, should fit in `max_amicable_days` (pauses excluded)."""
    court = next((i for i, s in enumerate(steps) if s.channel == "court" and i in dates), None)
    if court is None:
        return []
    end = dates[court]
    paused = sum(((b - a).days for a, b in _merged(pauses) if due0 <= a < end), 0)
    days = (end - due0).days - paused
    if days <= guard.max_amicable_days:
        return []
    return [warning(case.source, f"the amicable phase will last {days} days, from the due date {due0.isoformat()} to {steps[court].id} planned on {end.isoformat()}; the guardrail max_amicable_days is {guard.max_amicable_days}", "guardrail-duration",
                    fr=f"La phase amiable durera {days}\u00a0jours, de l’échéance du {_date_long(due0)} à l’étape "
                       f"«\u00a0{step_label(steps[court].id)}\u00a0» prévue le {_date_long(end)}, "
                       f"au-delà des {guard.max_amicable_days}\u00a0jours du garde-fou max_amicable_days.")]


def _days_fr(n: int) -> str:
    return f"{n}\u00a0jour" + ("s" if n > 1 else "")


def windows_text_fr(guard: Guardrails) -> str:
    """The call windows in French: ``de 10\u00a0h à 13\u00a0h et de 14\u00a0h à 20\u00a0h``."""
    def hour(hhmm: str) -> str:
        h, m = hhmm.split(":")
        return f"{int(h)}\u00a0h" + ("" if m == "00" else f"\u00a0{m}")
    parts = [f"de {hour(a)} à {hour(b)}" for a, b in guard.call_windows]
    return " et ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def windows_text(guard: Guardrails) -> str:
    """The call windows in plain words: ``10:00-13:00, 14:00-20:00``."""
    return ", ".join(f"{a}-{b}" for a, b in guard.call_windows)


def call_allowed(moment: dt.datetime, guard: Guardrails, department: str | None = None) -> bool:
    """A call at `moment` (local time) is allowed: a working day, inside one of the call windows."""
    if not calendar.is_working_day(moment.date(), department):
        return False
    hhmm = moment.strftime("%H:%M")
    return any(a <= hhmm < b for a, b in guard.call_windows)


def validate_scenarios(project: Project) -> list[Issue]:
    """Errors for scenarios that break the guardrails (too many contacts, written contacts too close), at the step's source."""
    issues: list[Issue] = []
    issues += _validate_windows(project)
    for name in sorted(project.scenarios):
        issues += validate_scenario(project.scenarios[name], project.guardrails)
    return sort_issues(issues)


# The longest delay a step may count (ten years, beyond any prescription): more is a typo, and overflows date arithmetic.
MAX_STEP_DAYS = 3650


def _day_counts(scenario: Scenario) -> list[Issue]:
    """Errors for a step's day count beyond MAX_STEP_DAYS (or negative), at the step's line."""
    out = []
    for s in scenario.steps:
        for field_name, value in (("after_due", s.after_due), ("after.days", s.after_days), ("deadline_days", s.deadline_days)):
            if value is not None and not 0 <= value <= MAX_STEP_DAYS:
                out.append(error(s.source, f"scenario {scenario.name}: step {s.id}: {field_name}: expected a number of days "
                                           f"from 0 to {MAX_STEP_DAYS}, got {value}", "scenario-days",
                                 fr=f"Scénario {scenario.name}, étape « {s.id} » : {field_name} doit être un nombre "
                                    f"de jours entre 0 et {MAX_STEP_DAYS}, pas {value}."))
    return out


def validate_scenario(scenario: Scenario, guard: Guardrails) -> list[Issue]:
    """One scenario against the guardrails, for every kind of debtor, amount band and qualification its conditions tell apart."""
    bad_days = _day_counts(scenario)
    if bad_days:
        return bad_days
    steps = scenario.steps
    offsets = _offsets(steps)
    found: dict[tuple[str, str], Issue] = {}
    for kind, amount, qualification in _profiles(steps):
        applies = [condition_failure(s.when, kind, amount, qualification) is None and s.channel != "declaration" for s in steps]
        contacts = [i for i, s in enumerate(steps) if applies[i] and s.channel in CONTACT_CHANNELS]
        if len(contacts) > guard.max_contacts:
            s = steps[contacts[guard.max_contacts]]
            found.setdefault(("contacts", s.id), error(
                s.source,
                f"scenario {scenario.name}: step {s.id} is contact {guard.max_contacts + 1} of {len(contacts)} in the amicable phase; "
                f"the guardrail max_contacts allows at most {guard.max_contacts} (repeated contacts are harassment, Code de la consommation L121-7)",
                "guardrail-contacts",
            ))
        written = sorted((offsets[i], i) for i in range(len(steps)) if applies[i] and steps[i].channel in WRITTEN_CHANNELS and offsets[i] is not None)
        for (d1, i1), (d2, i2) in zip(written, written[1:]):
            gap = d2 - d1
            if gap < guard.min_days_between_written:
                a, b = steps[i1], steps[i2]
                found.setdefault(("spacing", b.id), error(
                    b.source,
                    f"scenario {scenario.name}: step {b.id} comes {gap} day{'s' if gap != 1 else ''} after step {a.id}, both written contacts; "
                    f"the guardrail min_days_between_written requires at least {guard.min_days_between_written} days between two written contacts",
                    "guardrail-spacing",
                ))
        court = next((i for i in range(len(steps)) if applies[i] and steps[i].channel == "court" and offsets[i] is not None), None)
        if court is not None and offsets[court] > guard.max_amicable_days:  # type: ignore[operator]
            s = steps[court]
            found.setdefault(("duration", s.id), warning(
                s.source,
                f"scenario {scenario.name}: step {s.id} comes {offsets[court]} days after the due date; "
                f"the guardrail max_amicable_days is {guard.max_amicable_days}",
                "guardrail-duration",
                fr=f"Scénario {scenario.name}\u00a0: l’étape «\u00a0{step_label(s.id)}\u00a0» vient {offsets[court]}\u00a0jours après "
                   f"l’échéance, au-delà des {guard.max_amicable_days}\u00a0jours du garde-fou max_amicable_days.",
            ))
    return list(found.values())


def _offsets(steps: tuple[Step, ...]) -> list[int | None]:
    """Days after the due date of each step, assuming a letter is received the day it is sent."""
    index = {s.id: i for i, s in enumerate(steps)}
    out: list[int | None] = []
    for s in steps:
        if s.after_step is not None:
            j = index.get(s.after_step)
            base = out[j] if j is not None and j < len(out) else None
            out.append(None if base is None else base + (s.after_days or 0))
        else:
            out.append(s.after_due if s.after_due is not None else None)
    return out


def _profiles(steps: tuple[Step, ...]) -> Iterable[tuple[str, Decimal, str | None]]:
    """Every (debtor kind, amount, qualification) the steps' conditions can tell apart."""
    bounds = sorted({b for s in steps if s.when for b in (s.when.min_amount, s.when.max_amount) if b is not None})
    cent = Decimal("0.01")
    amounts = sorted({max(b - cent, Decimal("0")) for b in bounds} | set(bounds)) or [Decimal("1000.00")]
    qualifications: tuple[str | None, ...] = (None,)
    if any(s.when and (s.when.qualification or s.when.not_qualification) for s in steps):
        qualifications = (None,) + QUALIFICATIONS
    for kind in DEBTOR_KINDS:
        for amount in amounts:
            for q in qualifications:
                yield kind, amount, q


def _validate_windows(project: Project) -> list[Issue]:
    out: list[Issue] = []
    for a, b in project.guardrails.call_windows:
        if not (_hhmm(a) and _hhmm(b) and a < b):
            out.append(error(project.source, f'guardrails.call_windows: expected windows such as "10:00-13:00", got "{a}-{b}"', "guardrail-windows"))
    return out


def _hhmm(text: str) -> bool:
    return len(text) == 5 and text[2] == ":" and text[:2].isdigit() and text[3:].isdigit() and int(text[:2]) < 24 and int(text[3:]) < 60

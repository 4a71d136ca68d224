"""The journal of a case read once for its ladder (`Facts`), and what the walk carries from step to step (`Walk`).

Below rules.py (the rules read the facts) and scenario.py (the walk)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..law import calendar, disputes
from ..records.labels import PROCEDURE_LABELS
from ..records.model import Case, Event, Project, Scenario, Step
from .steps import (
    WRITTEN_CHANNELS,
    Pause,
    PlanOutcome,
    StatementLike,
    _disputes,
    _merged,
    _plan,
    _promise,
    condition_failure,
    date_long,
    is_formal_notice,
    payment_deadline,
)


# --- the facts: the journal read once -----------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """What the whole walk reads: the scenario, the journal up to as_of, and what it implies."""

    case: Case
    project: Project
    as_of: dt.date
    statement: StatementLike
    scenario: Scenario
    events: list[Event]
    due0: dt.date                          # the earliest unpaid due date: `after_due` counts from it
    failing: list[str | None]              # per step, why its `when:` does not hold
    done: dict[int, Event]                 # step index → the event that did it
    stopped: list[tuple[dt.date, dt.date]]  # ended pauses, merged: the clock stopped
    pauses: list[Pause]
    insolvency: Event | None
    broken: PlanOutcome | None             # the last signed plan, when broken
    status: str
    stop_reason: str | None                # why the remaining steps have no object (closed, paid, litigation)
    pause_reason: str | None
    paused_by: Event | None
    jump_to: int | None
    jump_reason: str
    promise: Event | None
    fn_index: int | None                   # the formal notice done, if any
    fn_deadline: dt.date | None            # its deadline
    plan: PlanOutcome | None = None        # the last signed plan: kept, cured, broken or forfeited
    stale_notice: Event | None = None      # a formal notice older than the plan's missed instalment: a new one is due

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.scenario.steps

    @property
    def dept(self) -> str | None:
        return self.case.debtor.department

    @property
    def index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.steps)}

    @property
    def last_done(self) -> int:
        return max(self.done, default=-1)

    def applies(self, i: int) -> bool:
        return self.failing[i] is None


@dataclass
class Walk:
    """What the walk carries from one step to the next."""

    dates: dict[int, dt.date] = field(default_factory=dict)   # projected or done dates, for `after: {step}`
    previous: dt.date | None = None        # pending dates never go backwards
    carried: dt.date | None = None         # the date a jump carries to its target
    held_first: bool = False               # the promise already held the first pending step
    last_written: dt.date | None = None    # the last written contact, done or planned
    projected_deadline: dt.date | None = None   # the formal notice's deadline, done or planned
    printed: dt.date | None = None         # the last day to pay printed by the last written step sent


def read_facts(case: Case, project: Project, as_of: dt.date, statement: StatementLike) -> Facts:
    """The journal up to `as_of` read once: conditions, steps done, pauses, plans, status, jump, promise, notice."""
    scenario = project.scenario_of(case)
    steps = scenario.steps
    dept = case.debtor.department
    events = sorted((e for e in case.events if e.date <= as_of), key=lambda e: e.date)
    qualification = case.debtor.qualification
    due0 = statement.earliest_unpaid_due or min((i.due for i in case.invoices), default=as_of)
    pauses = _disputes(events, statement, as_of)
    statement = disputes.undisputed(statement, as_of)   # the ladder claims the undisputed invoices only

    failing = [condition_failure(s.when, case.debtor.kind, statement.principal, qualification) for s in steps]
    for i, s in enumerate(steps):
        if s.channel == "declaration" and failing[i] is None:
            failing[i] = "aucune procédure collective"   # only insolvency proceedings call for it
    applies = [f is None for f in failing]
    done = steps_done(steps, applies, events, due0, dept)

    insolvency = next((e for e in events if e.type == "insolvency"), None)
    notice_ids = {s.id for s in steps if is_formal_notice(s)}
    notices = [e for e in events if e.type == "sent" and e.step in notice_ids]   # every notice sent, re-sent ones too
    plans = [_plan(p, events, as_of, notices, dept) for p in events if p.type == "plan" and p.signed]
    pauses += [p.pause for p in plans]
    pauses.sort(key=lambda p: p.start)
    open_pause = next((p for p in pauses if p.end is None), None)
    last_plan = plans[-1] if plans else None
    broken = last_plan if last_plan is not None and last_plan.broken else None
    if broken is not None and broken.notice is not None:
        done[index_of(steps, broken.notice.step)] = broken.notice   # the notice that counts for the plan is the one after
    stale = stale_notice(steps, done, broken)

    status, stop_reason = case_status(events, statement, insolvency, open_pause, qualification)
    pause_reason, paused_by = (None, None) if stop_reason else pause_of(insolvency, open_pause, qualification)
    jump_to, jump_reason = jump(steps, applies, done, broken, qualification)

    last_done_date = max((e.date for e in done.values()), default=None)
    fn_index = max((i for i in done if is_formal_notice(steps[i])), default=None)
    fn_deadline = fn_deadline_of(steps[fn_index], done[fn_index], dept) if fn_index is not None else None
    return Facts(case, project, as_of, statement, scenario, events, due0, failing, done, _merged(pauses), pauses,
                 insolvency, broken, status, stop_reason, pause_reason, paused_by, jump_to, jump_reason,
                 _promise(events, last_done_date), fn_index, fn_deadline, last_plan, stale)


# --- what the facts are made of ---------------------------------------------------------------------------

def steps_done(
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


def case_status(
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


def pause_of(insolvency: Event | None, open_pause: Pause | None, qualification: str | None) -> tuple[str | None, Event | None]:
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


def jump(
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


def nominal(
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
        _, date = nominal(s, steps, index, done, dates, due0)
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


def fn_deadline_of(step: Step, event: Event, dept: str | None) -> dt.date | None:
    """The formal notice's deadline, counted from its date (the date the letter bears), CPC 641 then 642."""
    if not step.deadline_days:
        return None
    return payment_deadline(event.date, step, dept)


def index_of(steps: tuple[Step, ...], step_id: str | None) -> int:
    return next(i for i, s in enumerate(steps) if s.id == step_id)


def stale_notice(steps: tuple[Step, ...], done: dict[int, Event], broken: PlanOutcome | None) -> Event | None:
    """A formal notice sent before the broken plan's missed instalment cannot forfeit its term (it did not demand that
    instalment, nor give the plan's eight days): its step is to do again. Removed from `done` (the journal keeps
    it); returns the last such notice, or None."""
    if broken is None or broken.cure_end is not None or broken.missed_due is None:
        return None
    old = sorted((e.date, i) for i, e in done.items() if is_formal_notice(steps[i]) and e.date <= broken.missed_due)
    if not old or any(i > old[-1][1] and steps[i].channel == "court" for i in done):
        return None
    notice = done[old[-1][1]]
    for _, i in old:
        del done[i]
    return notice


def last_printed(steps: tuple[Step, ...], done: dict[int, Event], dept: str | None) -> dt.date | None:
    """The last day to pay printed by the last written step done (by date), or None."""
    written = [(e.date, i) for i, e in done.items() if steps[i].channel in WRITTEN_CHANNELS]
    if not written:
        return None
    day, i = max(written)
    return payment_deadline(day, steps[i], dept)

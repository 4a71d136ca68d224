"""The ladder's rules, one decision each: once the journal is read (facts.py), step by step, whether
the step is done, skipped or jumped (`STEP_RULES`), what moves its date (`DATE_RULES`), and whether it is
due, paused or without object (`OUTCOME_RULES`).

Plain functions in the spirit of Beancount's plugins: each reads the facts and the walk so far and decides
one thing, with a docstring saying why (domain.md, docs/ladder.md). scenario.ladder() walks them in order.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable

from ..law import calendar
from ..law.money import euros
from .facts import Facts, Walk, nominal
from .steps import (
    DAY,
    PROMISE_GRACE_DAYS,
    WRITTEN_CHANNELS,
    StepState,
    _done_reason,
    _pending_reason,
    date_long,
    is_formal_notice,
    payment_deadline,
    threatens_court,
)


# --- step rules: done, not applicable, passed, jumped -----------------------------------------------------

StepRule = Callable[[Facts, Walk, int], "StepState | None"]


def rule_done(f: Facts, w: Walk, i: int) -> StepState | None:
    """A step the journal did (a `sent` naming it, a call, a filing) is done on the event's date."""
    if i not in f.done:
        return None
    e = f.done[i]
    w.dates[i] = e.date
    return StepState(f.steps[i], "done", e.date, e, _done_reason(f.steps[i], e))


def rule_not_applicable(f: Facts, w: Walk, i: int) -> StepState | None:
    """A step whose `when:` condition does not hold is skipped, saying which condition failed."""
    if f.applies(i):
        return None
    return StepState(f.steps[i], "skipped", None, None, f"sautée\u00a0: condition non remplie ({f.failing[i]})")


def rule_passed(f: Facts, w: Walk, i: int) -> StepState | None:
    """A step before the last step done is skipped: the debtor already had the stronger one."""
    if i >= f.last_done:
        return None
    return StepState(f.steps[i], "skipped", None, None, "sautée\u00a0: une étape ultérieure a été faite")


STEP_RULES: tuple[StepRule, ...] = (rule_done, rule_not_applicable, rule_passed)


def nominal_date(f: Facts, w: Walk, i: int) -> tuple[dt.date, dt.date]:
    """(anchor, date): the step's own timing (docs/format.md), pushed by the pauses that stopped the clock since its anchor."""
    anchor, date = nominal(f.steps[i], f.steps, f.index, f.done, w.dates, f.due0, f.as_of)
    for start, end in f.stopped:
        if anchor <= start < date:
            date += end - start   # the clock stopped during the pause
    return anchor, date


def rule_jumped(f: Facts, w: Walk, i: int, date: dt.date) -> StepState | None:
    """A step before the jump's target (broken plan, bad faith) is skipped; the first one's date is carried to the target."""
    if f.jump_to is None or i >= f.jump_to:
        return None
    if w.carried is None:
        w.carried = date
    w.dates[i] = date
    return StepState(f.steps[i], "skipped", None, None, f.jump_reason)


# --- date rules: each may move the date later (or to the jump's date) and say why ------------------------

DateRule = Callable[[Facts, Walk, int, dt.date], "tuple[dt.date, str | None]"]


def rule_broken_plan(f: Facts, w: Walk, i: int, date: dt.date) -> tuple[dt.date, str | None]:
    """A broken plan resumes at the firm reminder the day after the missed instalment's grace; the signed plan
    acknowledged the debt (C. civ. 2240), which the reason says. A formal notice older than the missed instalment is
    to do again, not before the plan broke (facts.stale_notice). Bad faith carries the first skipped step's date."""
    if f.stale_notice is not None and f.broken is not None and is_formal_notice(f.steps[i]) and f.jump_to != i:
        resume = max(date, f.broken.pause.end)  # type: ignore[type-var]
        return resume, (f"échéancier rompu (échéance du {date_long(f.broken.missed_due)} impayée)\u00a0; la mise en "  # type: ignore[arg-type]
                        f"demeure du {date_long(f.stale_notice.date)} précède cette échéance\u00a0: une nouvelle mise en "
                        "demeure ouvre les huit jours avant la déchéance du terme")
    if f.jump_to != i:
        return date, None
    if f.broken is not None:
        resume = f.broken.pause.end
        return resume, (  # type: ignore[return-value]
            f"échéancier rompu (échéance du {date_long(f.broken.missed_due)} impayée)\u00a0; "  # type: ignore[arg-type]
            f"l’échéancier signé le {date_long(f.broken.pause.event.date)} vaut reconnaissance de la dette")
    if w.carried is not None:
        return min(date, w.carried), None
    return date, None


def rule_promise(f: Facts, w: Walk, i: int, date: dt.date) -> tuple[dt.date, str | None]:
    """A promise to pay holds the first pending step until its date plus the grace; past it, "non tenue"."""
    first = not w.held_first
    w.held_first = True
    if not first or f.promise is None:
        return date, None
    hold = f.promise.until + dt.timedelta(days=PROMISE_GRACE_DAYS)  # type: ignore[operator]
    kept = "" if hold >= f.as_of else ", non tenue"
    return max(date, hold), (f"promesse du {date_long(f.promise.date)} de payer au plus tard le "
                             f"{date_long(f.promise.until)}, plus {PROMISE_GRACE_DAYS} jours de grâce{kept}")  # type: ignore[arg-type]


def rule_printed_deadline(f: Facts, w: Walk, i: int, date: dt.date) -> tuple[dt.date, str | None]:
    """No written step before the last day to pay printed by the last written step sent has passed: a letter that
    said « au plus tard le 2 septembre » is followed by the next letter (the formal notice) on 3 September at the
    earliest, else the debtor gets a new demand while the first still runs. A call demands nothing in writing (it
    checks the letter arrived, offers a plan) and is left at its date; the court step has its own rule (counted
    from the formal notice's receipt, never before its deadline). Only a letter sent printed a day: the steps
    still to do keep the scenario's own spacing (doing the most advanced one skips the others)."""
    if f.steps[i].channel not in WRITTEN_CHANNELS or w.printed is None or w.printed + DAY <= date:
        return date, None
    return w.printed + DAY, f"après le {date_long(w.printed)}, dernier jour de paiement indiqué par le courrier précédent"


def rule_written_spacing(f: Facts, w: Walk, i: int, date: dt.date) -> tuple[dt.date, str | None]:
    """Two written contacts are at least `min_days_between_written` apart (guardrails against harassment)."""
    if f.steps[i].channel not in WRITTEN_CHANNELS or w.last_written is None:
        return date, None
    days = f.project.guardrails.min_days_between_written
    spaced = w.last_written + dt.timedelta(days=days)
    if spaced <= date:
        return date, None
    return spaced, f"{days} jours au moins après le courrier du {date_long(w.last_written)}"


def rule_court_after_notice(f: Facts, w: Walk, i: int, date: dt.date) -> tuple[dt.date, str | None]:
    """The court step waits for the formal notice's deadline (the date the notice itself states)."""
    deadline = w.projected_deadline
    if f.steps[i].channel != "court" or deadline is None or deadline <= date:
        return date, None
    return deadline, f"pas avant l’expiration du délai de la mise en demeure, le {date_long(deadline)}"


def rule_plan_acceleration(f: Facts, w: Walk, i: int, date: dt.date) -> tuple[dt.date, str | None]:
    """After a broken plan, the balance is exigible only once the formal notice's delay to pay the missed
    instalment has run out unpaid (déchéance du terme, the plan's article 3); the notice then gives the debtor its
    own delay to pay that balance, counted from the end of the first (partials/echeance-manquee.md). The court
    step waits for the end of that second delay: never a demand in court for a sum the debtor could not yet pay."""
    plan = f.plan
    if f.steps[i].channel != "court" or plan is None or not plan.broken or plan.cure_end is None:
        return date, None
    notice = next((s for s in f.steps if is_formal_notice(s)), None)
    balance_due = payment_deadline(plan.cure_end, notice, f.dept)
    if balance_due <= date:
        return date, None
    return balance_due, (f"pas avant l’expiration du délai donné pour régler le solde après la déchéance du terme "
                         f"de l’échéancier ({date_long(plan.cure_end + DAY)}), le {date_long(balance_due)}")


def rule_never_backwards(f: Facts, w: Walk, i: int, date: dt.date) -> tuple[dt.date, str | None]:
    """A step is never planned before the step still to do before it, nor before the last step done."""
    return (max(date, w.previous) if w.previous is not None else date), None


def rule_working_day(f: Facts, w: Walk, i: int, date: dt.date) -> tuple[dt.date, str | None]:
    """A Saturday, Sunday or public holiday of the debtor's département moves to the next working day (CPC 642)."""
    return calendar.next_working_day(date, f.dept), None


DATE_RULES: tuple[DateRule, ...] = (rule_broken_plan, rule_promise, rule_printed_deadline, rule_written_spacing,
                                    rule_court_after_notice, rule_plan_acceleration, rule_never_backwards,
                                    rule_working_day)


def planned(f: Facts, w: Walk, i: int, date: dt.date) -> None:
    """Carry the step's planned date to the steps after it: order, written spacing, the notice's deadline."""
    step = f.steps[i]
    w.dates[i] = date
    w.previous = date
    if step.channel in WRITTEN_CHANNELS:
        w.last_written = date
    if is_formal_notice(step) and step.deadline_days:
        # not sent yet: its deadline runs at the earliest from today
        w.projected_deadline = calendar.deadline(max(date, f.as_of), days=step.deadline_days, department=f.dept)


# --- outcome rules: without object, prescribed, paused, else due or upcoming ---------------------------------

OutcomeRule = Callable[[Facts, int, dt.date, list[str]], "StepState | None"]


def rule_without_object(f: Facts, i: int, date: dt.date, notes: list[str]) -> StepState | None:
    """A closed, paid or filed case has nothing left to send: its remaining steps are "sans objet"."""
    if f.stop_reason is None:
        return None
    return StepState(f.steps[i], "skipped", None, None, f.stop_reason)


def rule_prescribed(f: Facts, i: int, date: dt.date, notes: list[str]) -> StepState | None:
    """A prescribed claim gets no step that threatens court; the other reminders remain (the debt is still owed)."""
    if not (f.statement.prescribed and threatens_court(f.steps[i])):
        return None
    when = f" depuis le {date_long(f.statement.prescription + DAY)}" if f.statement.prescription else ""
    return StepState(f.steps[i], "skipped", None, None,
                     f"sautée\u00a0: créance prescrite{when}, aucune action en justice ne peut être annoncée")


def rule_paused(f: Facts, i: int, date: dt.date, notes: list[str]) -> StepState | None:
    """Insolvency, an open dispute, a kept plan or a qualification that pauses: the step waits, with the reason."""
    if f.pause_reason is None:
        return None
    return StepState(f.steps[i], "paused", None, None, f.pause_reason)


BELOW_MINIMUM = "sans suite judiciaire"


def exigible_principal(f: Facts) -> Decimal:
    """The principal a court may be asked for: the principal owed, less the instalments of a standing plan not yet due."""
    pending = f.plan.pending if f.plan is not None and f.plan.accelerated is None else Decimal("0")
    return max(f.statement.principal - pending, Decimal("0"))


def rule_below_court_minimum(f: Facts, i: int, date: dt.date, notes: list[str]) -> StepState | None:
    """A court step needs an exigible principal of at least `court_min_amount` (dossier.yaml, 100 € by default):
    a smaller leftover (interest or indemnity cents) is not worth a judge; the ladder closes with a suggestion."""
    minimum = f.project.court_min_amount
    exigible = exigible_principal(f)
    if f.steps[i].channel != "court" or exigible >= minimum:
        return None
    what = f"principal exigible de {euros(exigible)}" if exigible else "plus de principal dû"
    return StepState(f.steps[i], "skipped", None, None,
                     f"sautée\u00a0: {BELOW_MINIMUM}, {what}, sous le seuil de {euros(minimum)} (court_min_amount)")


def rule_due(f: Facts, i: int, date: dt.date, notes: list[str]) -> StepState:
    """Otherwise the step is due (its date has come) or upcoming, with why its date moved."""
    reason = _pending_reason(date, f.as_of) + ("\u00a0: " + "\u00a0; ".join(notes) if notes else "")
    return StepState(f.steps[i], "due" if date <= f.as_of else "upcoming", date, None, reason)


OUTCOME_RULES: tuple[OutcomeRule, ...] = (rule_without_object, rule_prescribed, rule_paused, rule_below_court_minimum,
                                          rule_due)



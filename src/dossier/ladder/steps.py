"""The vocabulary of the ladder: the states and statuses, the records a ladder is made of (StepState, Action, Ladder), the small rules on a step (formal notice, court threat, conditions) and the journal read once (disputes, plans, promises).

Below scenario.py (the walk) and guardrails.py."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal, Protocol, Sequence

from ..records.errors import Issue
from ..records.labels import KIND_LABELS, QUALIFICATION_LABELS
from ..records.model import IMPLICIT_STEPS, Event, Step, StepCondition
from ..law import calendar, disputes
from ..law.money import date_long as _date_long
from ..law.money import euros

# Babel formats a date in ~30 µs and a ladder writes a dozen: the same dates recur across cases.
date_long = lru_cache(maxsize=8192)(_date_long)

State = Literal["done", "due", "upcoming", "skipped", "paused"]
STATUSES = ("open", "paused", "paid", "closed", "prescribed", "litigation")

PROMISE_GRACE_DAYS = 5        # a promise holds the next step until its date plus this grace
PLAN_GRACE_DAYS = 5           # an instalment unpaid this many days after its due date breaks the plan
DECLARATION_MONTHS = 2        # C. com. L622-24, R622-24: two months from the BODACC publication
DECLARATION_STEP_ID = IMPLICIT_STEPS[0]
DECLARATION_TEMPLATE = "declaration-creance"

WRITTEN_CHANNELS = ("email", "letter", "lrar", "sms")
CONTACT_CHANNELS = WRITTEN_CHANNELS + ("phone",)
DAY = dt.timedelta(days=1)

OFFER_PLAN_QUALIFICATIONS = ("difficulte_passagere", "situation_preoccupante")


class StatementLike(Protocol):
    """What the ladder reads from the ledger's Statement."""

    principal: Decimal
    total: Decimal
    earliest_unpaid_due: dt.date | None
    prescription: dt.date | None
    prescribed: bool
    settled: bool


@dataclass(frozen=True)
class StepState:
    """One step of the ladder on the as-of date. `date`: done date, or due date (None when skipped or paused)."""

    step: Step
    state: State
    date: dt.date | None
    event: Event | None
    reason: str
    limit: dt.date | None = None   # a legal time limit kept apart from the due date (the declaration's forclusion)


@dataclass(frozen=True)
class Action:
    """A step not yet done, with the date it is (or was) due: one entry of docs/format.md's `next_actions`."""

    step: str
    due: dt.date
    channel: str
    template: str | None
    case_id: str
    amount: Decimal
    limit: dt.date | None = None   # the last day allowed by law, when it differs from `due` (declaration of claim)
    text: str | None = None        # its own French wording (a suggestion that closes the ladder)
    text_en: str | None = None     # the same in English (`dossier due --lang en`)


@dataclass(frozen=True)
class Ladder:
    case_id: str
    as_of: dt.date
    scenario: str
    status: str
    steps: tuple[StepState, ...]
    next_actions: tuple[Action, ...]
    issues: tuple[Issue, ...] = ()
    formal_notice: StepState | None = None   # the done formal notice, if any
    deadline: dt.date | None = None          # its deadline (CPC 641/642 from its date + deadline_days)
    offer_plan: bool = False                 # the firm reminder offers a payment plan
    broken_plan: Event | None = None         # a signed plan that was broken: it acknowledged the debt
    paused_by: Event | None = None           # the event that pauses the ladder now, if any
    not_exigible: Decimal = Decimal("0")     # instalments of a standing plan not yet due: not claimable in court
    acceleration: dt.date | None = None      # the day a broken plan's term was forfeited (déchéance du terme)
    set_aside: tuple = ()                    # law/disputes.py Dispute: invoices disputed on as_of, left out of the ladder


# --- small helpers ------------------------------------------------------------------------------

DEFAULT_PAYMENT_DAYS = 8   # the time a reminder gives to pay when its step sets no deadline_days


def payment_deadline(day: dt.date, step: Step | None, department: str | None) -> dt.date:
    """The last day to pay that a step's document dated `day` prints: its date + the step's `deadline_days`
    (else `DEFAULT_PAYMENT_DAYS`), CPC 641 then 642. One function for the letters (documents/context.py) and the
    ladder, which plans no step before that printed day has passed."""
    days = step.deadline_days if step is not None and step.deadline_days else DEFAULT_PAYMENT_DAYS
    return calendar.deadline(day, days=days, department=department)


def is_formal_notice(step: Step) -> bool:
    """A mise en demeure: the step flagged `formal_notice`, or the step named `mise_en_demeure` (docs/format.md)."""
    return step.formal_notice or step.id == "mise_en_demeure"


def threatens_court(step: Step) -> bool:
    """Steps a prescribed claim must not get: the formal notice (it announces court action) and the court step."""
    return step.channel == "court" or is_formal_notice(step)


def condition_failure(when: StepCondition | None, kind: str, amount: Decimal, qualification: str | None) -> str | None:
    """Why a step's `when:` does not hold (French, for the site), or None when it holds.

    Amount thresholds: ``min_amount <= amount < max_amount``, so that two steps with the same
    threshold split the claims without overlap. The amount is the principal still owed.
    """
    if when is None:
        return None
    if when.debtor_kind and kind not in when.debtor_kind:
        return f"débiteur {KIND_LABELS.get(kind, kind)}"
    if when.min_amount is not None and amount < when.min_amount:
        return f"montant de {euros(amount)} inférieur à {euros(when.min_amount)}"
    if when.max_amount is not None and amount >= when.max_amount:
        return f"montant de {euros(amount)} supérieur ou égal à {euros(when.max_amount)}"
    if when.qualification and qualification not in when.qualification:
        label = QUALIFICATION_LABELS.get(qualification or "", "non renseignée")
        return f"qualification\u00a0: {label}"
    if when.not_qualification and qualification in when.not_qualification:
        return f"qualification\u00a0: {QUALIFICATION_LABELS.get(qualification or '', qualification)}"
    return None


def _done_reason(step: Step, event: Event) -> str:
    when = date_long(event.date)
    if event.type == "filed":
        return f"requête déposée le {when}"
    if event.type == "call" or step.channel == "phone":
        return f"appel passé le {when}"
    if step.channel == "declaration":
        return f"déclaration envoyée le {when}"
    text = f"envoyée le {when}"
    if event.received:
        text += f", reçue le {date_long(event.received)}"
    return text


def _pending_reason(date: dt.date, as_of: dt.date) -> str:
    if date < as_of:
        return f"due depuis le {date_long(date)}"
    if date == as_of:
        return f"due aujourd’hui, {date_long(date)}"
    return f"prévue le {date_long(date)}"


# --- the journal, read once ---------------------------------------------------------------------

@dataclass(frozen=True)
class Pause:
    """A period during which the ladder's clock stops: [start, end); end None while it lasts."""

    start: dt.date
    end: dt.date | None
    event: Event
    reason: str        # French, "suspendue : …"


def _disputes(events: list[Event], statement: object = None, as_of: dt.date | None = None) -> list[Pause]:
    """A dispute of the whole case (a `dispute` naming no invoice, or a call whose outcome is a dispute) pauses
    until `dispute_resolved`. A dispute naming invoices sets them aside (law/disputes.py): the ladder goes on for
    the rest, and pauses only while the open ones cover every invoice still owing principal on `as_of`."""
    day = as_of or max((e.date for e in events), default=dt.date.max)
    found = disputes.disputes(events, day)
    out = [Pause(d.start, d.end, d.event, "" if d.end is not None
                 else f"suspendue\u00a0: contestation du {date_long(d.start)}") for d in found if d.invoice is None]
    numbers = {i.number for i in getattr(statement, "invoices", ())}
    by_event: dict[int, list[disputes.Dispute]] = {}
    for d in found:
        if d.invoice is not None and d.end is not None:
            by_event.setdefault(id(d.event), []).append(d)
    for ended in by_event.values():   # an ended dispute that named every invoice stopped the clock like a whole one
        if numbers and numbers <= {d.invoice for d in ended}:
            out.append(Pause(ended[0].start, max(d.end for d in ended), ended[0].event, ""))   # type: ignore[type-var]
    if numbers and not any(p.end is None for p in out):
        cover = disputes.all_disputed(statement, found, day)
        if cover is not None:
            unpaid = [i.number for i in statement.invoices if i.principal > 0]   # type: ignore[attr-defined]
            every = f", portant sur toutes les factures impayées ({', '.join(unpaid)})" if len(unpaid) > 1 else ""
            out.append(Pause(cover.start, None, cover.event, f"suspendue\u00a0: contestation du {date_long(cover.start)}{every}"))
    return sorted(out, key=lambda p: p.start)


@dataclass(frozen=True)
class PlanOutcome:
    """What became of a signed plan on the as-of date.

    `broken`: an instalment was missed and not cured: the ladder resumes (firm reminder, formal notice).
    `cure_end`: the last day the formal notice sent after the missed instalment leaves to pay it (eight days
    from its receipt, the plan's article 3); paid by then, the default is cured and the plan goes on.
    `accelerated`: the day the whole balance became exigible (déchéance du terme), once that delay ran out
    unpaid; None while the plan stands. `pending`: the instalments not yet due while it stands (not exigible).
    """

    pause: Pause
    broken: bool
    missed_due: dt.date | None = None
    cure_end: dt.date | None = None
    accelerated: dt.date | None = None
    pending: Decimal = Decimal("0")
    cured: tuple[dt.date, ...] = ()      # the missed instalments paid within the notice's delay
    notice: Event | None = None          # the formal notice sent after the missed instalment, if any


CURE_DAYS = 8   # the plan's article 3 (templates/echeancier.md): eight days from the formal notice's receipt


def _plan(plan: Event, events: list[Event], as_of: dt.date, notices: Sequence[Event] = (),
          department: str | None = None) -> PlanOutcome:
    """A signed plan pauses while kept; an instalment still unpaid `PLAN_GRACE_DAYS` after its due date breaks it.

    Kept means: the payments made since the plan was signed cover, at the end of each
    instalment's grace, the sum of the instalments due so far. A missed instalment paid within
    the delay of the formal notice sent after it (`CURE_DAYS` from its receipt) cures the default:
    the plan goes on. Unpaid when that delay runs out, the term is forfeited the next day.
    """
    payments = [e for e in events if e.type == "payment" and e.date >= plan.date and e.amount is not None]
    ordered = sorted(plan.instalments, key=lambda i: i.due)

    def paid_by(day: dt.date) -> Decimal:
        return sum((p.amount for p in payments if p.date <= day), Decimal("0"))  # type: ignore[misc]

    def pending(after: dt.date) -> Decimal:
        return sum((i.amount for i in ordered if i.due > after), Decimal("0"))

    owed = Decimal("0")
    end: dt.date | None = None
    cured: list[dt.date] = []
    for inst in ordered:
        owed += inst.amount
        grace_end = inst.due + dt.timedelta(days=PLAN_GRACE_DAYS)
        if as_of <= grace_end:
            break   # not yet judged
        if paid_by(grace_end) >= owed:
            end = grace_end + DAY
            continue
        notice = next((n for n in notices if n.date > inst.due), None)
        if notice is None:
            return PlanOutcome(Pause(plan.date, grace_end + DAY, plan, ""), True, inst.due, pending=pending(as_of))
        cure_end = calendar.deadline(notice.received or notice.date, days=CURE_DAYS, department=department)
        if as_of <= cure_end and paid_by(as_of) < owed:
            return PlanOutcome(Pause(plan.date, grace_end + DAY, plan, ""), True, inst.due, cure_end,
                               pending=pending(as_of), notice=notice)
        if paid_by(cure_end) < owed:
            return PlanOutcome(Pause(plan.date, grace_end + DAY, plan, ""), True, inst.due, cure_end, cure_end + DAY,
                               notice=notice)
        cured.append(inst.due)   # the default was cured within the notice's delay: the plan goes on
        end = min(cure_end, as_of) + DAY
    else:
        if plan.instalments:
            # every instalment was kept: the plan is over, the ladder resumes for what is left
            return PlanOutcome(Pause(plan.date, end, plan, ""), False, cured=tuple(cured))
    kept = "respecté à ce jour"
    if cured:
        kept = (f"échéance du {date_long(cured[-1])} réglée dans le délai de la mise en demeure, l’échéancier "
                "continue")
    reason = f"suspendue\u00a0: échéancier signé le {date_long(plan.date)}, {kept}"
    return PlanOutcome(Pause(plan.date, None, plan, reason), False, pending=pending(as_of), cured=tuple(cured))


def _merged(pauses: list[Pause]) -> list[tuple[dt.date, dt.date]]:
    """The ended pauses as disjoint [start, end) periods, so that overlapping ones stop the clock once."""
    out: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted((p.start, p.end) for p in pauses if p.end is not None):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _promise(events: list[Event], since: dt.date | None) -> Event | None:
    """The latest promise to pay (a `promise`, or a call with outcome promise and `until`) made since the last step done."""
    found = None
    for e in events:
        if e.until is None or not (e.type == "promise" or (e.type == "call" and e.outcome == "promise")):
            continue
        if since is None or e.date >= since:
            found = e
    return found

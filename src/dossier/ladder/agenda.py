"""The agenda across all cases: what to send, call or file, overdue, today and in the next days.

Built from each case's ladder (`scenario.Ladder.next_actions`). For one case,
the steps already due fold into the most advanced of them: doing it skips the
earlier ones (docs/format.md), so the agenda shows one line per case to act on now,
noting how many earlier steps it replaces. Steps coming in the next days are
listed each at its date. A case in litigation (a request filed) has no ladder
step left: its lines are the court deadlines (`court.court_deadlines`: serve
the order, the debtor's opposition window, enforceability, a lapsed order),
kind "À suivre (procédure)". A legal deadline is fatal and rare, so it is
listed whatever the horizon: past the next days, in a fourth section. `format_text` is ``dossier due``; the site's
``agenda.ics`` is made from the same agenda by `site/calendar.py`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Iterable, NamedTuple, Protocol


from ..records.i18n import N_, _, day, language, long_day, money, ngettext
from ..records.labels import CHANNEL_LABELS, step_label
from ..records.labels_en import say, step
from ..records.model import Case
from ..law.money import as_str, date_long
from .next_action import (COURT_CHANNELS, COURT_STEPS, KIND_LABELS, KIND_OF, KINDS, NextAction, court_actions,
                          court_label, declaration_label, pending)
from .instalments import plan_lines
from .steps import Ladder

__all__ = ["COURT_CHANNELS", "COURT_STEPS", "KIND_LABELS", "KIND_OF", "KINDS", "court_label", "declaration_label",
           "Agenda", "AgendaItem", "CaseLines", "agenda", "case_lines", "court_items", "gather", "format_text", "groups", "to_json"]

BUCKETS = (("overdue", "En retard"), ("today", "Aujourd’hui"), ("upcoming", "Prochains jours"),
           ("later", "Délais de procédure à venir"))


PRESCRIPTION_NEAR_DAYS = 90    # an action on a claim this close to prescription says so

class StatementLike(Protocol):
    total: Decimal
    prescription: dt.date | None
    prescribed: bool


@dataclass(frozen=True)
class AgendaItem:
    """One action of the agenda; the attribute names of `scenario.Action`, plus who and what kind."""

    case_id: str
    step: str
    due: dt.date
    channel: str
    template: str | None
    amount: Decimal
    debtor: str
    phone: str | None
    email: str | None
    kind: str            # send | call | file
    bucket: str          # overdue | today | upcoming
    earlier: int = 0     # earlier due steps of the same case this one replaces
    prescription: dt.date | None = None   # the last day to sue, when it is near (PRESCRIPTION_NEAR_DAYS)
    text: str | None = None      # a court deadline's own French wording (it names its dates)
    text_en: str | None = None   # the same in English, for `dossier due --lang en`
    alert: bool = False          # a lapsed order: the right it gave is lost

    @property
    def label(self) -> str:
        return self.text or step_label(self.step)

    @property
    def said(self) -> str:
        """`label` in the command line's language."""
        if language() == "en":
            return self.text_en or self.text or step(self.step)
        return self.label


@dataclass(frozen=True)
class Agenda:
    as_of: dt.date
    days: int
    overdue: tuple[AgendaItem, ...]
    today: tuple[AgendaItem, ...]
    upcoming: tuple[AgendaItem, ...]
    later: tuple[AgendaItem, ...] = ()    # court deadlines beyond the horizon
    instalments: tuple[AgendaItem, ...] = ()   # plan instalments to come (any distance), or late while the plan holds

    @property
    def items(self) -> tuple[AgendaItem, ...]:
        return self.overdue + self.today + self.upcoming + self.later

    def bucket(self, name: str) -> tuple[AgendaItem, ...]:
        return {"overdue": self.overdue, "today": self.today, "upcoming": self.upcoming, "later": self.later}[name]


def _bucket(due: dt.date, as_of: dt.date, horizon: dt.date) -> str:
    if due < as_of:
        return "overdue"
    if due == as_of:
        return "today"
    return "upcoming" if due <= horizon else "later"


def _item(case: Case, statement: StatementLike, a: NextAction, bucket: str, prescription: dt.date | None) -> AgendaItem:
    return AgendaItem(
        case_id=case.id,
        step=a.step,
        due=a.due,
        channel=a.channel,
        template=a.template,
        amount=a.amount if a.amount is not None else statement.total,
        debtor=case.debtor.name,
        phone=case.debtor.phone,
        email=case.debtor.email,
        kind=a.kind,
        bucket=bucket,
        earlier=a.earlier,
        prescription=prescription,
        text=a.text,
        text_en=a.text_en,
        alert=a.alert,
    )


def court_items(case: Case, statement: StatementLike, as_of: dt.date, horizon: dt.date,
                prescription: dt.date | None = None) -> list[AgendaItem]:
    """A filed case's lines: its court deadlines, each at its date (`next_action.court_actions`).

    `prescription` is said on the service line only: only service of the order interrupts it.
    """
    return [_item(case, statement, a, _bucket(a.due, as_of, horizon), prescription if a.step == COURT_STEPS["serve"] else None)
            for a in court_actions(case, as_of)]


def agenda(items: Iterable[tuple[Case, Ladder, StatementLike]], as_of: dt.date, days: int) -> Agenda:
    """The actions of every case due by `as_of` + `days`, sorted by date, then case, then ladder order.

    Each case's actions are `next_action.pending` (the one source of the next action): a case's first line
    here is its next action. A declaration of claim and a court deadline are listed at any distance.
    """
    return gather([case_lines(case, lad, statement, as_of) for case, lad, statement in items], as_of, days)


class CaseLines(NamedTuple):
    """One case's agenda lines whatever the horizon (`bucket` left empty): what `dossier due` keeps of a case
    in the index (index.py), so that an unchanged case is not computed again for another `--days`."""

    actions: tuple[tuple[int, AgendaItem], ...]   # (ladder order, line) of every pending action
    watched: tuple[AgendaItem, ...]                # the plan's instalments to watch


def case_lines(case: Case, lad: Ladder, statement: StatementLike, as_of: dt.date) -> CaseLines:
    """The lines of one case on `as_of`, for `gather`."""
    limit = getattr(statement, "prescription", None)
    near = limit if limit is not None and as_of <= limit <= as_of + dt.timedelta(days=PRESCRIPTION_NEAR_DAYS) else None
    actions = tuple((a.order, _item(case, statement, a, "", near if a.kind != "follow" or a.step == COURT_STEPS["serve"] else None))
                    for a in pending(case, lad, as_of))
    return CaseLines(actions, tuple(instalment_items(case, lad, statement, as_of, as_of)))


def gather(lines: Iterable[CaseLines], as_of: dt.date, days: int) -> Agenda:
    """The agenda of `days` from each case's `case_lines`: the lines within the horizon, each in its bucket."""
    horizon = as_of + dt.timedelta(days=days)
    out: list[tuple[tuple[Any, ...], AgendaItem]] = []
    watched: list[AgendaItem] = []
    for case in lines:
        for order, a in case.actions:
            if a.due > horizon and a.channel != "declaration" and a.kind != "follow":
                continue
            out.append(((a.due, a.case_id, order), replace(a, bucket=_bucket(a.due, as_of, horizon))))
        watched += [replace(i, bucket=_bucket(i.due, as_of, horizon)) for i in case.watched]
    out.sort(key=lambda pair: pair[0])
    ordered = [item for _key, item in out]
    return Agenda(
        as_of=as_of,
        days=days,
        overdue=tuple(i for i in ordered if i.bucket == "overdue"),
        today=tuple(i for i in ordered if i.bucket == "today"),
        upcoming=tuple(i for i in ordered if i.bucket == "upcoming"),
        later=tuple(i for i in ordered if i.bucket == "later"),
        instalments=tuple(sorted(watched, key=lambda i: (i.due, i.case_id, i.step))),
    )


def instalment_items(case: Case, lad: Ladder, statement: StatementLike, as_of: dt.date,
                     horizon: dt.date) -> list[AgendaItem]:
    """A plan's instalments to watch (ladder/instalments.py): each one to come, whatever its distance, and each
    one late while the plan still holds the ladder (its grace running). None for a closed, paid or filed case."""
    if lad.status in ("closed", "paid", "litigation"):
        return []
    plan = plan_lines(case, as_of, bool(getattr(statement, "settled", False)))
    if plan is None or not plan.signed:
        return []
    if lad.broken_plan == plan.event:
        return []   # broken: the ladder took over (the firm reminder), its instalments are no longer awaited
    holding = lad.paused_by == plan.event
    count = len(plan.instalments)
    return [
        AgendaItem(case_id=case.id, step=f"echeance-{i.number}", due=i.due, channel="payment", template=None,
                   amount=i.amount, debtor=case.debtor.name, phone=case.debtor.phone, email=case.debtor.email,
                   kind="instalment", bucket=_bucket(i.due, as_of, horizon),
                   text=f"Échéance {i.number}/{count} de l’échéancier du {date_long(plan.event.date)}, {i.status_label}",
                   text_en=f"Instalment {i.number}/{count} of the payment plan of {long_day(plan.event.date, 'en')}, "
                           f"{INSTALMENT_STATUS_EN[i.status]}")
        for i in plan.instalments if i.status == "upcoming" or (i.status == "late" and holding)
    ]


def groups(items: Iterable[AgendaItem]) -> list[tuple[str, str, list[AgendaItem], Decimal]]:
    """(kind, French label, items, total) for each kind present, in the order send, call, file, follow.

    The total counts each case once: a claim is one amount however many of its steps are listed.
    """
    items = list(items)
    out = []
    for kind, label, _channels in KINDS:
        chosen = [i for i in items if i.kind == kind]
        if chosen:
            amounts = {i.case_id: i.amount for i in chosen}
            out.append((kind, label, chosen, sum(amounts.values(), Decimal("0.00"))))
    return out


def _bucket_title(name: str, agenda: Agenda) -> str:
    if name == "overdue":
        return _("Overdue")
    if name == "today":
        return _("Today, {date}", date=long_day(agenda.as_of))
    if name == "later":
        return ngettext("Later: court deadlines beyond {n} day", "Later: court deadlines beyond {n} days", agenda.days)
    return _("In the next {days} days", days=agenda.days) if agenda.days != 1 else _("Tomorrow")


# The kinds of action (next_action.KINDS), as the command line names them.
KIND_TITLES = {"send": N_("To send"), "call": N_("To call"), "file": N_("To file"), "follow": N_("To follow (court)"),
               "close": N_("To close (balance under the court threshold)")}
INSTALMENT_STATUS_EN = {"paid": "paid", "late": "late", "upcoming": "to come"}


def format_text(agenda: Agenda) -> str:
    """The agenda for `dossier due`, in the run's language: one line per action, grouped by urgency then by kind."""
    counts = [len(agenda.overdue), len(agenda.today), len(agenda.upcoming)]
    head = ngettext("Agenda as of {date}: {overdue} overdue, {today} today, {upcoming} in the next {n} day",
                    "Agenda as of {date}: {overdue} overdue, {today} today, {upcoming} in the next {n} days", agenda.days,
                    date=long_day(agenda.as_of), overdue=counts[0], today=counts[1], upcoming=counts[2])
    if agenda.later:
        head += ngettext(", {n} court deadline later", ", {n} court deadlines later", len(agenda.later))
    lines = [head]
    if not agenda.items and not agenda.instalments:
        lines += ["", _("Nothing to do.")]
        return "\n".join(lines) + "\n"
    widths = _widths(agenda.items + agenda.instalments)
    for name, _unused in BUCKETS:
        items = agenda.bucket(name)
        if not items:
            continue
        lines += ["", _bucket_title(name, agenda).upper()]
        for kind, _label, chosen, total in groups(items):
            cases = ngettext("{n} case", "{n} cases", len({i.case_id for i in chosen}))
            lines.append(f"  {_(KIND_TITLES[kind]) if kind in KIND_TITLES else _label} — {cases}, {money(total)}")
            for i in chosen:
                lines.append("    " + _line(i, agenda.as_of, widths))
    watched = [i for i in agenda.instalments if i.due <= agenda.as_of + dt.timedelta(days=agenda.days)]
    if watched:
        lines += ["", _("PAYMENT PLAN INSTALMENTS (PAYMENTS EXPECTED)")]
        lines += ["    " + _line(i, agenda.as_of, widths) for i in watched]
    return "\n".join(lines) + "\n"


def _plural(n: int, word: str) -> str:
    """French, for the calendar feed (the site's): « 2 étapes »."""
    return f"{n} {word}{'s' if n > 1 else ''}"


def _widths(items: tuple[AgendaItem, ...]) -> tuple[int, int, int]:
    """Column widths fitted to the content: case id, debtor (at most DEBTOR_WIDTH), amount (in characters: the
    narrow no-break space of a French amount is one)."""
    return (
        max((len(i.case_id) for i in items), default=0),
        min(max((len(i.debtor) for i in items), default=0), DEBTOR_WIDTH),
        max((len(money(i.amount)) for i in items), default=0),
    )


DEBTOR_WIDTH = 32


def _line(item: AgendaItem, as_of: dt.date, widths: tuple[int, int, int]) -> str:
    late = (as_of - item.due).days
    when = day(item.due) + (_(" (+{n} d)", n=late) if late > 0 else "")
    # a court deadline's wording names who acts; a ladder step says its channel
    what = ("⚠ " if item.alert else "") + (item.said if item.text or item.kind == "instalment" else
                                          f"{item.said} ({say(CHANNEL_LABELS, item.channel)})")
    if item.earlier:
        what += ngettext(", replaces {n} overdue step", ", replaces {n} overdue steps", item.earlier)
    if item.kind == "call" and item.phone:
        what += f", {item.phone}"
    if item.prescription is not None:
        what += _(" — time-barred on {date}", date=long_day(item.prescription))
    debtor = item.debtor if len(item.debtor) <= widths[1] else item.debtor[: widths[1] - 1] + "…"
    return f"{when:<19} {item.case_id:<{widths[0]}}  {debtor:<{widths[1]}}  {money(item.amount):>{widths[2]}}  {what}"


def to_json(agenda: Agenda) -> dict[str, Any]:
    """The agenda as JSON: dates ISO, amounts strings with two decimals."""

    def item(i: AgendaItem) -> dict[str, Any]:
        return {
            "case": i.case_id,
            "debtor": i.debtor,
            "step": i.step,
            "label": i.label,
            "due": i.due.isoformat(),
            "channel": i.channel,
            "kind": i.kind,
            "amount": as_str(i.amount),
            "days_late": max(0, (agenda.as_of - i.due).days),
            "earlier": i.earlier,
            "prescription": i.prescription.isoformat() if i.prescription else None,
            "alert": i.alert,
        }

    return {
        "as_of": agenda.as_of.isoformat(),
        "days": agenda.days,
        "overdue": [item(i) for i in agenda.overdue],
        "today": [item(i) for i in agenda.today],
        "upcoming": [item(i) for i in agenda.upcoming],
        "later": [item(i) for i in agenda.later],
        "instalments": [item(i) for i in agenda.instalments],
    }

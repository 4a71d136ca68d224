"""The agenda across all cases: what to send, call or file, overdue, today and in the next days.

Built from each case's ladder (`scenario.Ladder.next_actions`). For one case,
the steps already due fold into the most advanced of them: doing it skips the
earlier ones (docs/format.md), so the agenda shows one line per case to act on now,
noting how many earlier steps it replaces. Steps coming in the next days are
listed each at its date. A case in litigation (a request filed) has no ladder
step left: its lines are the court deadlines (`court.court_deadlines`: serve
the order, the debtor's opposition window, enforceability, a lapsed order),
kind "À suivre (procédure)". A legal deadline is fatal and rare, so it is
listed whatever the horizon: past the next days, in a fourth section. `format_text` is ``dossier due``; `to_ics` is the
site's ``agenda.ics`` (all-day events, stable UIDs, no clock: the same input
gives the same bytes).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Protocol

import icalendar

from ..law import court
from ..records.guard import single_line
from ..records.labels import CHANNEL_LABELS, step_label
from ..records.model import Case
from ..law.money import as_str, date_long, date_short, euros
from .scenario import Ladder

KINDS = (
    ("send", "À envoyer", ("email", "letter", "lrar", "sms")),
    ("call", "À appeler", ("phone",)),
    ("file", "À déposer", ("court", "declaration")),
    ("follow", "À suivre (procédure)", ("commissaire", "greffe")),
    ("close", "À clore (solde sous le seuil judiciaire)", ("suggestion",)),
)
KIND_OF = {channel: kind for kind, _, channels in KINDS for channel in channels}
KIND_LABELS = {kind: label for kind, label, _ in KINDS}
BUCKETS = (("overdue", "En retard"), ("today", "Aujourd’hui"), ("upcoming", "Prochains jours"),
           ("later", "Délais de procédure à venir"))
# A court deadline's agenda line: its step id (stable iCalendar UID) and who acts.
COURT_STEPS = {"serve": "signification", "lapsed": "ordonnance_non_avenue", "opposition": "delai_opposition",
               "enforceable": "execution"}
COURT_CHANNELS = {"serve": "commissaire", "lapsed": "greffe", "opposition": "greffe", "enforceable": "commissaire"}


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
    alert: bool = False          # a lapsed order: the right it gave is lost

    @property
    def label(self) -> str:
        return self.text or step_label(self.step)


@dataclass(frozen=True)
class Agenda:
    as_of: dt.date
    days: int
    overdue: tuple[AgendaItem, ...]
    today: tuple[AgendaItem, ...]
    upcoming: tuple[AgendaItem, ...]
    later: tuple[AgendaItem, ...] = ()    # court deadlines beyond the horizon

    @property
    def items(self) -> tuple[AgendaItem, ...]:
        return self.overdue + self.today + self.upcoming + self.later

    def bucket(self, name: str) -> tuple[AgendaItem, ...]:
        return {"overdue": self.overdue, "today": self.today, "upcoming": self.upcoming, "later": self.later}[name]


def court_label(d: court.Deadline) -> str:
    """The agenda's wording of a court deadline: what to do, by when, on which ground."""
    order = date_long(d.order) if d.order else "—"
    months = court.service_months(d.order) if d.order else 6
    if d.kind == "serve":
        return (f"Faire signifier l’ordonnance du {order} par un commissaire de justice au plus tard le "
                f"{date_long(d.date)} (délai de {months} mois, art. 1411 CPC)")
    if d.kind == "lapsed":
        how = (f"signifiée le {date_long(d.served)}, après le délai de {months} mois" if d.served
               else f"non signifiée dans le délai de {months} mois")
        return (f"Ordonnance du {order} non avenue — {how} (art. 1411 CPC)\u00a0: "
                "présenter une nouvelle requête")
    if d.kind == "opposition":
        served = date_long(d.served) if d.served else "—"
        return f"Fin du délai d’opposition du débiteur (1 mois après la signification du {served}, art. 1416 CPC)"
    if d.order and d.order >= court.SERVICE_REFORM:
        return ("Ordonnance exécutoire si le greffe n’a notifié aucune opposition (décret 2026-96) — "
                "faire exécuter par un commissaire de justice")
    return "Ordonnance exécutoire faute d’opposition (art. 1422 CPC) — faire exécuter par un commissaire de justice"


def declaration_label(limit: dt.date | None) -> str:
    """The agenda's wording of a declaration of claim: do it now, the limit is a forclusion (C. com. L622-26)."""
    tail = f" (forclusion le {date_short(limit)})" if limit else ""
    return f"Déclarer la créance au mandataire judiciaire{tail}"


def _bucket(due: dt.date, as_of: dt.date, horizon: dt.date) -> str:
    if due < as_of:
        return "overdue"
    if due == as_of:
        return "today"
    return "upcoming" if due <= horizon else "later"


def court_items(case: Case, statement: StatementLike, as_of: dt.date, horizon: dt.date,
                prescription: dt.date | None = None) -> list[AgendaItem]:
    """A filed case's lines: its court deadlines, each at its date.

    The opposition window is shown until it ends (then enforceability takes over); a lapsed
    order stays, flagged, until the case moves on (a new request, or closed).
    """
    out = []
    for d in court.court_deadlines(case, as_of):
        if d.kind == "opposition" and d.date < as_of:
            continue
        out.append(AgendaItem(
            case_id=case.id,
            step=COURT_STEPS[d.kind],
            due=d.date,
            channel=COURT_CHANNELS[d.kind],
            template=None,
            amount=statement.total,
            debtor=case.debtor.name,
            phone=case.debtor.phone,
            email=case.debtor.email,
            kind="follow",
            bucket=_bucket(d.date, as_of, horizon),
            prescription=prescription if d.kind == "serve" else None,   # only service interrupts it
            text=court_label(d),
            alert=d.kind == "lapsed",
        ))
    return out


def agenda(items: Iterable[tuple[Case, Ladder, StatementLike]], as_of: dt.date, days: int) -> Agenda:
    """The actions of every case due by `as_of` + `days`, sorted by date, then case, then ladder order.

    A case in litigation gets only its court deadlines, at any distance (`court_items`).
    """
    horizon = as_of + dt.timedelta(days=days)
    out: list[tuple[tuple[Any, ...], AgendaItem]] = []
    for case, lad, statement in items:
        due_now = [a for a in lad.next_actions if a.due <= as_of]
        # a declaration of claim is listed whatever its distance: its limit is a forclusion
        later = [a for a in lad.next_actions if as_of < a.due and (a.due <= horizon or a.channel == "declaration")]
        chosen = ([(due_now[-1], len(due_now) - 1)] if due_now else []) + [(a, 0) for a in later]
        order = {a.step: k for k, a in enumerate(lad.next_actions)}
        limit = getattr(statement, "prescription", None)
        near = limit if limit is not None and as_of <= limit <= as_of + dt.timedelta(days=PRESCRIPTION_NEAR_DAYS) else None
        if getattr(lad, "status", None) == "litigation":
            for k, item in enumerate(court_items(case, statement, as_of, horizon, near)):
                out.append(((item.due, case.id, len(order) + k), item))
            continue
        for action, earlier in chosen:
            bucket = _bucket(action.due, as_of, horizon)
            item = AgendaItem(
                case_id=case.id,
                step=action.step,
                due=action.due,
                channel=action.channel,
                template=action.template,
                amount=action.amount if action.amount is not None else statement.total,
                debtor=case.debtor.name,
                phone=case.debtor.phone,
                email=case.debtor.email,
                kind=KIND_OF.get(action.channel, "send"),
                bucket=bucket,
                earlier=earlier,
                prescription=near,
                text=declaration_label(action.limit) if action.channel == "declaration" else getattr(action, "text", None),
            )
            out.append(((action.due, case.id, order[action.step]), item))
    out.sort(key=lambda pair: pair[0])
    ordered = [item for _, item in out]
    return Agenda(
        as_of=as_of,
        days=days,
        overdue=tuple(i for i in ordered if i.bucket == "overdue"),
        today=tuple(i for i in ordered if i.bucket == "today"),
        upcoming=tuple(i for i in ordered if i.bucket == "upcoming"),
        later=tuple(i for i in ordered if i.bucket == "later"),
    )


def groups(items: Iterable[AgendaItem]) -> list[tuple[str, str, list[AgendaItem], Decimal]]:
    """(kind, French label, items, total) for each kind present, in the order send, call, file, follow.

    The total counts each case once: a claim is one amount however many of its steps are listed.
    """
    items = list(items)
    out = []
    for kind, label, _ in KINDS:
        chosen = [i for i in items if i.kind == kind]
        if chosen:
            amounts = {i.case_id: i.amount for i in chosen}
            out.append((kind, label, chosen, sum(amounts.values(), Decimal("0.00"))))
    return out


def _bucket_title(name: str, agenda: Agenda) -> str:
    if name == "overdue":
        return "En retard"
    if name == "today":
        return f"Aujourd’hui, {date_long(agenda.as_of)}"
    if name == "later":
        return f"Plus tard\u00a0: délais de procédure au-delà de {_plural(agenda.days, 'jour')}"
    return f"Dans les {agenda.days} prochains jours" if agenda.days != 1 else "Demain"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def format_text(agenda: Agenda) -> str:
    """The agenda for `dossier due`: French, one line per action, grouped by urgency then by kind."""
    counts = [len(agenda.overdue), len(agenda.today), len(agenda.upcoming)]
    lines = [
        f"Agenda au {date_long(agenda.as_of)}\u00a0: {counts[0]} en retard, {counts[1]} aujourd’hui, "
        f"{counts[2]} dans les {agenda.days} prochains jours"
        + (f", {_plural(len(agenda.later), 'délai')} de procédure plus tard" if agenda.later else ""),
    ]
    if not agenda.items:
        lines += ["", "Rien à faire."]
        return "\n".join(lines) + "\n"
    widths = _widths(agenda.items)
    for name, _ in BUCKETS:
        items = agenda.bucket(name)
        if not items:
            continue
        lines += ["", _bucket_title(name, agenda).upper()]
        for _, label, chosen, total in groups(items):
            cases = len({i.case_id for i in chosen})
            lines.append(f"  {label} — {_plural(cases, 'dossier')}, {euros(total)}")
            for i in chosen:
                lines.append("    " + _line(i, agenda.as_of, widths))
    return "\n".join(lines) + "\n"


def _widths(items: tuple[AgendaItem, ...]) -> tuple[int, int, int]:
    """Column widths fitted to the content: case id, debtor (at most DEBTOR_WIDTH), amount."""
    return (
        max((len(i.case_id) for i in items), default=0),
        min(max((len(i.debtor) for i in items), default=0), DEBTOR_WIDTH),
        max((len(euros(i.amount)) for i in items), default=0),
    )


DEBTOR_WIDTH = 32


def _line(item: AgendaItem, as_of: dt.date, widths: tuple[int, int, int]) -> str:
    late = (as_of - item.due).days
    when = date_short(item.due) + (f" (+{late} j)" if late > 0 else "")
    # a court deadline's wording names who acts; a ladder step says its channel
    what = ("⚠ " if item.alert else "") + (item.label if item.text else
                                          f"{item.label} ({CHANNEL_LABELS.get(item.channel, item.channel)})")
    if item.earlier:
        what += f", remplace {_plural(item.earlier, 'étape')} en retard"
    if item.kind == "call" and item.phone:
        what += f", {item.phone}"
    if item.prescription is not None:
        what += f" — prescription le {date_long(item.prescription)}"
    debtor = item.debtor if len(item.debtor) <= widths[1] else item.debtor[: widths[1] - 1] + "…"
    return f"{when:<19} {item.case_id:<{widths[0]}}  {debtor:<{widths[1]}}  {euros(item.amount):>{widths[2]}}  {what}"


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
    }


def to_ics(agenda: Agenda, name: str = "Recouvrement — agenda") -> bytes:
    """An iCalendar feed of the agenda: one all-day event per action at its due date.

    UIDs are ``<case>-<step>@dossier`` so that calendar applications update an action
    rather than duplicate it; DTSTAMP is the as-of date (no clock), so the bytes only
    change when the actions do.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", "-//dossier//agenda//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", single_line(name))   # the site title: a line break would break the file
    stamp = dt.datetime.combine(agenda.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for i in agenda.items:
        ev = icalendar.Event()
        ev.add("uid", f"{i.case_id}-{i.step}@dossier")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", i.due)
        ev.add("dtend", i.due + dt.timedelta(days=1))
        ev.add("summary", f"{KIND_LABELS[i.kind]}\u00a0: {i.label} — {i.debtor}")
        channel = CHANNEL_LABELS.get(i.channel, i.channel)
        details = [f"Dossier {i.case_id}"] + (
            [f"{i.label} ({channel}), due le {date_long(i.due)}"] if i.text is None
            else [i.label, f"Échéance\u00a0: {date_long(i.due)} ({channel})"]
        ) + [f"Montant\u00a0: {euros(i.amount)}"]
        if i.kind == "call" and i.phone:
            details.append(f"Téléphone\u00a0: {i.phone}")
        if i.earlier:
            details.append(f"Remplace {_plural(i.earlier, 'étape')} en retard")
        if i.prescription is not None:
            details.append(f"Prescription le {date_long(i.prescription)}\u00a0: agir avant cette date")
        ev.add("description", "\n".join(details))
        ev.add("categories", [KIND_LABELS[i.kind]])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()

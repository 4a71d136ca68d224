"""The agenda across all cases: what to send, call or file, overdue, today and in the next days.

Built from each case's ladder (`scenario.Ladder.next_actions`). For one case,
the steps already due fold into the most advanced of them: doing it skips the
earlier ones (FORMAT.md), so the agenda shows one line per case to act on now,
noting how many earlier steps it replaces. Steps coming in the next days are
listed each at its date. `format_text` is ``dossier due``; `to_ics` is the
site's ``agenda.ics`` (all-day events, stable UIDs, no clock: the same input
gives the same bytes).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Protocol

import icalendar

from .model import Case
from .money import as_str, date_long, date_short, euros
from .scenario import Ladder

KINDS = (
    ("send", "À envoyer", ("email", "letter", "lrar", "sms")),
    ("call", "À appeler", ("phone",)),
    ("file", "À déposer", ("court", "declaration")),
)
KIND_OF = {channel: kind for kind, _, channels in KINDS for channel in channels}
KIND_LABELS = {kind: label for kind, label, _ in KINDS}
CHANNEL_LABELS = {
    "email": "courriel",
    "letter": "courrier",
    "lrar": "lettre recommandée AR",
    "sms": "SMS",
    "phone": "téléphone",
    "court": "tribunal",
    "declaration": "mandataire judiciaire",
}
STEP_LABELS = {
    "relance_informelle": "Relance informelle",
    "relance_amiable": "Relance amiable",
    "relance_ferme": "Relance ferme",
    "relance_sms": "Relance par SMS",
    "appel": "Appel",
    "appel_comptable": "Appel au comptable",
    "mise_en_demeure": "Mise en demeure",
    "injonction_de_payer": "Requête en injonction de payer",
    "declaration_creance": "Déclaration de créance",
}
BUCKETS = (("overdue", "En retard"), ("today", "Aujourd’hui"), ("upcoming", "Prochains jours"))


PRESCRIPTION_NEAR_DAYS = 90    # an action on a claim this close to prescription says so

class StatementLike(Protocol):
    total: Decimal
    prescription: dt.date | None
    prescribed: bool


def step_label(step_id: str) -> str:
    """A step's name for staff: known ids in French, others from the id (``relance_2`` → ``Relance 2``)."""
    return STEP_LABELS.get(step_id) or step_id.replace("_", " ").replace("-", " ").capitalize()


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

    @property
    def label(self) -> str:
        return step_label(self.step)


@dataclass(frozen=True)
class Agenda:
    as_of: dt.date
    days: int
    overdue: tuple[AgendaItem, ...]
    today: tuple[AgendaItem, ...]
    upcoming: tuple[AgendaItem, ...]

    @property
    def items(self) -> tuple[AgendaItem, ...]:
        return self.overdue + self.today + self.upcoming

    def bucket(self, name: str) -> tuple[AgendaItem, ...]:
        return {"overdue": self.overdue, "today": self.today, "upcoming": self.upcoming}[name]


def agenda(items: Iterable[tuple[Case, Ladder, StatementLike]], as_of: dt.date, days: int) -> Agenda:
    """The actions of every case due by `as_of` + `days`, sorted by date, then case, then ladder order."""
    horizon = as_of + dt.timedelta(days=days)
    out: list[tuple[tuple[Any, ...], AgendaItem]] = []
    for case, lad, statement in items:
        due_now = [a for a in lad.next_actions if a.due <= as_of]
        later = [a for a in lad.next_actions if as_of < a.due <= horizon]
        chosen = ([(due_now[-1], len(due_now) - 1)] if due_now else []) + [(a, 0) for a in later]
        order = {a.step: k for k, a in enumerate(lad.next_actions)}
        limit = getattr(statement, "prescription", None)
        near = limit if limit is not None and as_of <= limit <= as_of + dt.timedelta(days=PRESCRIPTION_NEAR_DAYS) else None
        for action, earlier in chosen:
            bucket = "overdue" if action.due < as_of else "today" if action.due == as_of else "upcoming"
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
    )


def groups(items: Iterable[AgendaItem]) -> list[tuple[str, str, list[AgendaItem], Decimal]]:
    """(kind, French label, items, total) for each kind present, in the order send, call, file.

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
    return f"Dans les {agenda.days} prochains jours" if agenda.days != 1 else "Demain"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def format_text(agenda: Agenda) -> str:
    """The agenda for `dossier due`: French, one line per action, grouped by urgency then by kind."""
    counts = [len(agenda.overdue), len(agenda.today), len(agenda.upcoming)]
    lines = [
        f"Agenda au {date_long(agenda.as_of)}\u00a0: {counts[0]} en retard, {counts[1]} aujourd’hui, "
        f"{counts[2]} dans les {agenda.days} prochains jours",
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
    what = f"{item.label} ({CHANNEL_LABELS.get(item.channel, item.channel)})"
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
            "due": i.due.isoformat(),
            "channel": i.channel,
            "kind": i.kind,
            "amount": as_str(i.amount),
            "days_late": max(0, (agenda.as_of - i.due).days),
            "earlier": i.earlier,
            "prescription": i.prescription.isoformat() if i.prescription else None,
        }

    return {
        "as_of": agenda.as_of.isoformat(),
        "days": agenda.days,
        "overdue": [item(i) for i in agenda.overdue],
        "today": [item(i) for i in agenda.today],
        "upcoming": [item(i) for i in agenda.upcoming],
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
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.combine(agenda.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for i in agenda.items:
        ev = icalendar.Event()
        ev.add("uid", f"{i.case_id}-{i.step}@dossier")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", i.due)
        ev.add("dtend", i.due + dt.timedelta(days=1))
        ev.add("summary", f"{KIND_LABELS[i.kind]}\u00a0: {i.label} — {i.debtor}")
        details = [
            f"Dossier {i.case_id}",
            f"{i.label} ({CHANNEL_LABELS.get(i.channel, i.channel)}), due le {date_long(i.due)}",
            f"Montant\u00a0: {euros(i.amount)}",
        ]
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

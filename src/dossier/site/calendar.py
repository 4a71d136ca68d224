"""The site's ``agenda.ics``: the agenda's actions, the legal deadlines and the plan instalments, as a calendar.

Each event is an all-day event with a stable UID (a calendar application updates it instead of adding a twin),
a link to its case page (``site.url`` of dossier.yaml as the base, else a link relative to the site) and, for a
legal deadline or an instalment, a reminder (VALARM) ``site.reminder_days`` days before (default 7):

- the actions of the agenda (`ladder.agenda`), UID ``<case>-<step>@dossier``. An action already due is one
  event on the as-of date, marked « en retard » with the date it was due: the calendar never fills the past
  with overdue lines, and shows them where staff look, today;
- the legal deadlines, each its own event with a reminder: the prescription of the claim (``-prescription``,
  for an open claim that is neither time-barred nor declared in insolvency proceedings), the forclusion of a
  declaration of claim not yet sent (``-forclusion``, C. com. L622-26), and, once an order is obtained, the
  service of the order (``-signification``, CPC 1411) and the end of the opposition window
  (``-delai_opposition``, CPC 1416): these two are agenda actions, given the reminder here;
- the instalments of a signed plan (``-echeance-<n>``): each one to come at its date, each one late while the
  plan still holds on the as-of date, « en retard ».

No event is dated before the as-of date. DTSTAMP is the as-of date at midnight UTC (no clock): the same
portfolio on the same day gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

from ..law.money import date_long, date_short, euros
from ..ladder.agenda import KIND_LABELS, Agenda, AgendaItem
from ..ladder.next_action import COURT_STEPS, pending
from ..records.guard import single_line
from ..records.labels import CHANNEL_LABELS
from ..records.model import SiteOptions

LEGAL = "Délai légal"
#: The agenda's court deadlines that are legal deadlines (a reminder before them).
LEGAL_STEPS = frozenset({COURT_STEPS["serve"], COURT_STEPS["opposition"]})


@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    details: tuple[str, ...]
    category: str
    case_id: str
    reminder: bool = False


def case_url(case_id: str, base: str | None) -> str:
    """The case page's address: under ``site.url`` when set, else relative to the site's root."""
    rel = f"cases/{case_id}/index.html"
    return (base.rstrip("/") + "/" + rel) if base else rel


def events(results, ag: Agenda, as_of: dt.date, claim_class) -> list[Event]:
    """Every event of the calendar, in date order then UID (`claim_class`: `home.claim_class`)."""
    out = [_action(i, as_of) for i in ag.items]
    for r in results:
        out += _legal(r, as_of, claim_class(r))
    out += [_instalment(i, as_of) for i in ag.instalments]
    return sorted(out, key=lambda e: (e.day, e.uid))


def _late(due: dt.date, as_of: dt.date) -> str:
    return f"en retard, prévue le {date_short(due)}"


def _action(i: AgendaItem, as_of: dt.date) -> Event:
    channel = CHANNEL_LABELS.get(i.channel, i.channel)
    late = i.due < as_of
    legal = i.step in LEGAL_STEPS and not late
    what = LEGAL if legal else KIND_LABELS[i.kind]
    summary = f"{what}\u00a0: {i.label} — {i.debtor}" + (f" ({_late(i.due, as_of)})" if late else "")
    details = [f"Dossier {i.case_id}"] + (
        [f"{i.label} ({channel}), due le {date_long(i.due)}"] if i.text is None
        else [i.label, f"Échéance\u00a0: {date_long(i.due)} ({channel})"]
    ) + [f"Montant\u00a0: {euros(i.amount)}"]
    if late:
        days = (as_of - i.due).days
        details.append(f"En retard de {days} jour{'s' if days > 1 else ''}")
    if i.kind == "call" and i.phone:
        details.append(f"Téléphone\u00a0: {i.phone}")
    if i.earlier:
        details.append(f"Remplace {i.earlier} étape{'s' if i.earlier > 1 else ''} en retard")
    if i.prescription is not None:
        details.append(f"Prescription le {date_long(i.prescription)}\u00a0: agir avant cette date")
    return Event(f"{i.case_id}-{i.step}@dossier", max(i.due, as_of), summary, tuple(details), what, i.case_id,
                 reminder=legal)


def _legal(r, as_of: dt.date, kind: str) -> list[Event]:
    """The prescription and the forclusion of a declaration of claim, from the as-of date on."""
    case, statement = r.case, r.statement
    out = []
    limit = statement.prescription
    if kind == "claimable" and statement.total > 0 and limit is not None and limit >= as_of:
        out.append(Event(
            f"{case.id}-prescription@dossier", limit, f"{LEGAL}\u00a0: prescription de la créance — {case.debtor.name}",
            (f"Dossier {case.id}", f"Prescription de l’action en paiement le {date_long(limit)}\u00a0: au-delà, plus "
             "d’action en justice possible. Seules une assignation ou la signification d’une ordonnance "
             "d’injonction de payer l’interrompent (art. 2241 C. civ.), pas le dépôt de la requête.",
             f"Montant\u00a0: {euros(statement.total)}"),
            LEGAL, case.id, reminder=True))
    for a in pending(case, r.ladder, as_of):
        if a.channel == "declaration" and a.limit is not None and a.limit >= as_of:
            out.append(Event(
                f"{case.id}-forclusion@dossier", a.limit,
                f"{LEGAL}\u00a0: forclusion de la déclaration de créance — {case.debtor.name}",
                (f"Dossier {case.id}", f"Dernier jour pour déclarer la créance au mandataire judiciaire\u00a0: "
                 f"{date_long(a.limit)} (art. L622-26 C. com.)\u00a0; au-delà, la créance est forclose.",
                 f"Montant\u00a0: {euros(a.amount if a.amount is not None else statement.total)}"),
                LEGAL, case.id, reminder=True))
    return out


def _instalment(i: AgendaItem, as_of: dt.date) -> Event:
    late = i.due < as_of
    summary = f"Paiement attendu\u00a0: {euros(i.amount)} — {i.debtor}" + (f" ({_late(i.due, as_of)})" if late else "")
    return Event(f"{i.case_id}-{i.step}@dossier", max(i.due, as_of), summary,
                 (f"Dossier {i.case_id}", i.label, f"Montant\u00a0: {euros(i.amount)}"), "Échéancier", i.case_id,
                 reminder=not late)


def to_ics(results, ag: Agenda, as_of: dt.date, claim_class, name: str,
           options: SiteOptions | None = None) -> bytes:
    """The calendar's bytes: one all-day VEVENT per event, a VALARM before each deadline and instalment."""
    options = options or SiteOptions()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//dossier//agenda//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", single_line(name))   # the site title: a line break would break the file
    stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for e in events(results, ag, as_of, claim_class):
        ev = icalendar.Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.day)
        ev.add("dtend", e.day + dt.timedelta(days=1))
        ev.add("summary", e.summary)
        url = case_url(e.case_id, options.url)
        ev.add("description", "\n".join(e.details + (f"Fiche du dossier\u00a0: {url}",)))
        ev.add("url", url)
        ev.add("categories", [e.category])
        ev.add("transp", "TRANSPARENT")
        if e.reminder:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", dt.timedelta(days=-options.reminder_days))
            alarm.add("description", f"Dans {options.reminder_days} jour{'s' if options.reminder_days > 1 else ''}\u00a0: "
                                     f"{e.summary}" if options.reminder_days else f"Aujourd’hui\u00a0: {e.summary}")
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()

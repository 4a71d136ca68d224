"""Guardrails against harassment: on each scenario (errors: day counts, contact windows, the number and spacing of contacts) and on each case's events (warnings: contacts too close, too many, an amicable phase too long); call windows.

Below scenario.py, which adds the case's warnings to its ladder."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable

from ..records.errors import Issue, error, sort_issues, warning
from ..records.labels import step_label
from ..law import calendar
from ..records.model import DEBTOR_KINDS, QUALIFICATIONS, Case, Event, Guardrails, Project, Scenario, Step
from ..law.money import date_long as _date_long
from .steps import CONTACT_CHANNELS, Pause, StepState, WRITTEN_CHANNELS, _merged, condition_failure
from ..records.i18n import _, ngettext


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
        what = _("call on {date}", date=e.date.isoformat()) if e.type == "call" else _("{step} sent on {date}", step=e.step, date=e.date.isoformat())
        what_fr = f"Appel du {_date_long(e.date)}" if e.type == "call" else f"{step_label(e.step or '')} du {_date_long(e.date)}"
        if contacts == guard.max_contacts + 1:
            out.append(warning(e.source, _("{what} is contact {contacts} of the amicable phase; the guardrail max_contacts allows {max_contacts} (repeated contacts may be harassment)", what=what, contacts=contacts, max_contacts=guard.max_contacts), "guardrail-contacts",
                               fr=f"{what_fr}\u00a0: {contacts}e contact de la phase amiable, au-delà des {guard.max_contacts} permis "
                                  "par le garde-fou max_contacts (des sollicitations répétées peuvent constituer un harcèlement)."))
        if channel in WRITTEN_CHANNELS:
            if last_written is not None and (e.date - last_written.date).days < guard.min_days_between_written:
                gap = (e.date - last_written.date).days
                out.append(warning(e.source, ngettext("{what}, {n} day after the written contact of {date}; the guardrail min_days_between_written requires {min_days_between_written}", "{what}, {n} days after the written contact of {date}; the guardrail min_days_between_written requires {min_days_between_written}", gap, what=what, date=last_written.date.isoformat(), min_days_between_written=guard.min_days_between_written), "guardrail-spacing",
                                   fr=f"{what_fr}\u00a0: {_days_fr(gap)} seulement après le contact écrit du {_date_long(last_written.date)}, "
                                      f"quand le garde-fou min_days_between_written en exige {guard.min_days_between_written}."))
            last_written = e
        if channel == "phone" and not calendar.is_working_day(e.date, dept):
            out.append(warning(e.source, _("{what}: not a working day; the guardrail allows calls on working days only, {windows_text}", what=what, windows_text=windows_text(guard)), "guardrail-call-day",
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
                return [warning(case.source, _("{id}, due on {date}, would be contact {count} of the amicable phase; "  # type: ignore[union-attr]
                                             "the guardrail max_contacts allows {max_contacts}", id=s.step.id, date=s.date.isoformat(), count=count, max_contacts=guard.max_contacts), "guardrail-contacts",
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
    return [warning(case.source, _("the amicable phase will last {days} days, from the due date {due0} to {id} planned on {end}; the guardrail max_amicable_days is {max_amicable_days}", days=days, due0=due0.isoformat(), id=steps[court].id, end=end.isoformat(), max_amicable_days=guard.max_amicable_days), "guardrail-duration",
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
                out.append(error(s.source, _("scenario {name}: step {id}: {field_name}: expected a number of days "
                                           "from 0 to {max_step_days}, got {value}", name=scenario.name, id=s.id, field_name=field_name, max_step_days=MAX_STEP_DAYS, value=value), "scenario-days",
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
                _("scenario {name}: step {id} is contact {max_contacts} of {len} in the amicable phase; "
                "the guardrail max_contacts allows at most {max_contacts2} (repeated contacts are harassment, Code de la consommation L121-7)", name=scenario.name, id=s.id, max_contacts=guard.max_contacts + 1, len=len(contacts), max_contacts2=guard.max_contacts),
                "guardrail-contacts",
            ))
        written = sorted((offsets[i], i) for i in range(len(steps)) if applies[i] and steps[i].channel in WRITTEN_CHANNELS and offsets[i] is not None)
        for (d1, i1), (d2, i2) in zip(written, written[1:]):
            gap = d2 - d1
            if gap < guard.min_days_between_written:
                a, b = steps[i1], steps[i2]
                found.setdefault(("spacing", b.id), error(
                    b.source,
                    ngettext("scenario {name}: step {id} comes {n} day after step {id2}, both written contacts; "
                    "the guardrail min_days_between_written requires at least {min_days_between_written} days between two written contacts", "scenario {name}: step {id} comes {n} days after step {id2}, both written contacts; "
                    "the guardrail min_days_between_written requires at least {min_days_between_written} days between two written contacts", gap, name=scenario.name, id=b.id, id2=a.id, min_days_between_written=guard.min_days_between_written),
                    "guardrail-spacing",
                ))
        court = next((i for i in range(len(steps)) if applies[i] and steps[i].channel == "court" and offsets[i] is not None), None)
        if court is not None and offsets[court] > guard.max_amicable_days:  # type: ignore[operator]
            s = steps[court]
            found.setdefault(("duration", s.id), warning(
                s.source,
                _("scenario {name}: step {id} comes {court} days after the due date; "
                "the guardrail max_amicable_days is {max_amicable_days}", name=scenario.name, id=s.id, court=offsets[court], max_amicable_days=guard.max_amicable_days),
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
            out.append(error(project.source, _('guardrails.call_windows: expected windows such as "10:00-13:00", got "{a}-{b}"', a=a, b=b), "guardrail-windows"))
    return out


def _hhmm(text: str) -> bool:
    return len(text) == 5 and text[2] == ":" and text[:2].isdigit() and text[3:].isdigit() and int(text[:2]) < 24 and int(text[3:]) < 60

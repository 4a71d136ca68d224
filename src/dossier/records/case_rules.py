"""Rules over a whole case: a plain list of pure functions over the fields that read cleanly.

`load.py` reads a case field by field (`case_fields`), wraps what read cleanly
in a `Draft` and runs every rule of `CASE_RULES` on it; each rule yields its
`Finding`s (an error, or a warning with its French wording), located by the
path of the field.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, NamedTuple

from . import identifiers
from .fields import BAD, did_you_mean, one_of
from .model import IMPLICIT_STEPS, Project, ScenarioChoice, choose_scenario
from .yamlsrc import Path
from .i18n import _

class Finding(NamedTuple):
    at: Path
    message: str
    warning: bool = False
    fr: str = ""          # the French wording, for the status site


@dataclass(frozen=True)
class Draft:
    """The fields of one case that read cleanly; lists keep `BAD` where an item was wrong."""

    fields: dict[str, Any]
    project: Project

    def items(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        return [(i, x) for i, x in enumerate(self.fields.get(name) or []) if x is not BAD]

    @property
    def creditor_id(self) -> str | None:
        if "creditor" in self.fields:
            return self.fields["creditor"]
        if len(self.project.creditors) == 1:
            return next(iter(self.project.creditors))
        return None

    @property
    def scenario_choice(self) -> ScenarioChoice:
        """The scenario the case will run, chosen as `Project.scenario_choice` does, from the fields that read cleanly."""
        debtor = self.fields.get("debtor") or {}
        principal = sum((inv["amount"] for _unused, inv in self.items("invoices") if "amount" in inv), Decimal(0))
        return choose_scenario(self.project, self.fields.get("scenario"), debtor.get("kind"), debtor.get("qualification"), principal)

    @property
    def routing_inputs_known(self) -> bool:
        """The debtor's kind and every invoice's amount read cleanly: a routed choice can be trusted."""
        invoices = self.fields.get("invoices") or []
        return ("kind" in (self.fields.get("debtor") or {})
                and bool(invoices) and all(x is not BAD and "amount" in x for x in invoices))

    @property
    def scenario_name(self) -> str:
        return self.scenario_choice.name


Rule = Callable[[Draft], Iterable[Finding]]


def creditor_known(d: Draft) -> Iterable[Finding]:
    creditors = sorted(d.project.creditors)
    if not creditors:
        return  # dossier.yaml names no creditor: its own error says so, once
    if "creditor" not in d.fields:
        if d.creditor_id is None:
            yield Finding((), _('missing required field "creditor" (dossier.yaml has several creditors: {one_of})', one_of=one_of(creditors)))
        return
    name = d.fields["creditor"]
    if name not in d.project.creditors:
        hint = did_you_mean(name, creditors)
        tail = _('; did you mean "{hint}"?', hint=hint) if hint else _(" (creditors: {names})", names=one_of(creditors))
        yield Finding(("creditor",), _('no creditor "{name}" in dossier.yaml{tail}', name=name, tail=tail))


def scenario_known(d: Draft) -> Iterable[Finding]:
    """The case's own scenario exists (routing rules and the project's default are checked in dossier.yaml)."""
    choice = d.scenario_choice
    name = choice.name
    if choice.by == "case" and name not in d.project.scenarios:
        names = sorted(d.project.scenarios)
        hint = did_you_mean(name, names)
        tail = _('; did you mean "{hint}"?', hint=hint) if hint else _(" (scenarios: {names})", names=one_of(names))
        yield Finding(("scenario",), _('no scenario "{name}"{tail}', name=name, tail=tail))


def due_not_before_date(d: Draft) -> Iterable[Finding]:
    for i, inv in d.items("invoices"):
        if "date" in inv and "due" in inv and inv["due"] < inv["date"]:
            yield Finding(("invoices", i, "due"), _("expected a date on or after the invoice date {date}, got {due}", date=inv['date'].isoformat(), due=inv['due'].isoformat()))


def invoice_numbers_unique(d: Draft) -> Iterable[Finding]:
    seen: dict[str, int] = {}
    for i, inv in d.items("invoices"):
        number = inv.get("number")
        if number is None:
            continue
        if number in seen:
            yield Finding(("invoices", i, "number"), _('duplicate invoice number "{number}" (also invoices[{number2}])', number=number, number2=seen[number]))
        else:
            seen[number] = i


def events_in_order(d: Draft) -> Iterable[Finding]:
    """The journal is written oldest first and only appended to."""
    last = None
    for i, ev in d.items("events"):
        day = ev.get("date")
        if day is None:
            continue
        if last is not None and day < last:
            yield Finding(("events", i, "date"), _("expected a date on or after {last} (events are written oldest first), got {day}", last=last.isoformat(), day=day.isoformat()))
        else:
            last = day


def event_dates_consistent(d: Draft) -> Iterable[Finding]:
    """An acknowledgement of receipt or a promise's term cannot come before the event itself."""
    for i, ev in d.items("events"):
        day = ev.get("date")
        for name in ("received", "until"):
            later = ev.get(name)
            if day is not None and later is not None and later < day:
                yield Finding(("events", i, name), _("expected a date on or after the event's date {day}, got {later}", day=day.isoformat(), later=later.isoformat()))


def event_steps_known(d: Draft) -> Iterable[Finding]:
    choice = d.scenario_choice
    scenario = d.project.scenarios.get(choice.name)
    if scenario is None:
        return  # an unknown scenario is reported once, by scenario_known
    if choice.by != "case" and d.project.routing and not d.routing_inputs_known:
        return  # the ladder depends on a kind or an amount in error, reported at its field
    ids = [s.id for s in scenario.steps]
    named = (_('scenario "{name}" ({why})', name=scenario.name, why=choice.why) if choice.by == "routing"
             else _('scenario "{name}"', name=scenario.name))
    for i, ev in d.items("events"):
        step = ev.get("step")
        if step is not None and step not in ids and step not in IMPLICIT_STEPS:
            hint = did_you_mean(step, ids)
            tail = _('; did you mean "{hint}"?', hint=hint) if hint else _(" (its steps: {names})", names=one_of(ids))
            yield Finding(("events", i, "step"), _('{named} has no step "{step}"{tail}', named=named, step=step, tail=tail))


def event_invoices_known(d: Draft) -> Iterable[Finding]:
    numbers = [inv["number"] for _unused, inv in d.items("invoices") if "number" in inv]
    for i, ev in d.items("events"):
        number = ev.get("invoice")
        if number is not None and number not in numbers:
            listed = one_of(numbers) if numbers else _("none")
            yield Finding(("events", i, "invoice"), _('no invoice "{number}" in this case (invoices: {listed})', number=number, listed=listed))
        for j, named in enumerate(ev.get("invoices") or ()):
            if named not in numbers:
                listed = one_of(numbers) if numbers else _("none")
                yield Finding(("events", i, "invoices", j), _('no invoice "{named}" in this case (invoices: {listed})', named=named, listed=listed))


def credit_notes_within_invoices(d: Draft) -> Iterable[Finding]:
    """A credit note takes off at most what its invoice still has after the earlier ones (the ledger checks the payments too)."""
    left = {inv["number"]: inv["amount"] for _unused, inv in d.items("invoices") if "number" in inv and "amount" in inv}
    for i, ev in d.items("events"):
        if ev.get("type") == "credit_note" and ev.get("invoice") in left and "amount" in ev:
            if ev["amount"] > left[ev["invoice"]]:
                yield Finding(("events", i, "amount"), _('expected at most {invoice:.2f}, what is left of invoice "{invoice2}" after its earlier credit notes, got {amount:.2f}', invoice=left[ev["invoice"]], invoice2=ev["invoice"], amount=ev["amount"]))
            left[ev["invoice"]] -= min(ev["amount"], left[ev["invoice"]])


def consumer_without_indemnity(d: Draft) -> Iterable[Finding]:
    """The 40 € indemnity is owed by professionals only (C. com. L441-10); a consumer never owes recovery fees."""
    debtor = d.fields.get("debtor") or {}
    interest = d.fields.get("interest") or {}
    if debtor.get("kind") == "consumer" and interest.get("indemnity") is True:
        yield Finding(("interest", "indemnity"), _("ignored: a consumer owes no recovery indemnity (C. com. L441-10, CPCE L111-8)"), warning=True,
                      fr="Indemnité forfaitaire écartée (interest.indemnity)\u00a0: un particulier ne doit aucune indemnité de "
                         "recouvrement (art. L441-10 C. com., L111-8 CPCE).")


def identifiers_agree(d: Draft) -> Iterable[Finding]:
    """The debtor's SIRET and French VAT number carry its SIREN, when both are written (each one's check digit is
    verified where it is read, records/identifiers.py)."""
    debtor = d.fields.get("debtor") or {}
    for name, message in identifiers.consistency(debtor.get("siren"), debtor):
        yield Finding(("debtor", name), message)


CASE_RULES: list[Rule] = [
    creditor_known,
    scenario_known,
    due_not_before_date,
    invoice_numbers_unique,
    events_in_order,
    event_dates_consistent,
    event_steps_known,
    event_invoices_known,
    credit_notes_within_invoices,
    consumer_without_indemnity,
    identifiers_agree,
]

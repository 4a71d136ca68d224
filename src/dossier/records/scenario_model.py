"""The records of a project's ladder: scenarios and their steps, guardrails, site options, rate
overrides, routing rules and the choice of a case's scenario (re-exported by `model.py`).

Kept apart from the case records so that each module stays short; they depend on nothing
but `Source`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .errors import Source
from .i18n import _


@dataclass(frozen=True)
class StepCondition:
    """When a step applies; every set field must hold."""

    source: Source
    debtor_kind: tuple[str, ...] = ()
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    qualification: tuple[str, ...] = ()
    not_qualification: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    channel: str
    source: Source
    template: str | None = None
    after_due: int | None = None                 # calendar days after the earliest unpaid due date
    after_step: str | None = None                # ``after: {step, days}``
    after_days: int | None = None
    deadline_days: int | None = None             # the deadline the document gives the debtor
    formal_notice: bool = False                  # this step is a mise en demeure (starts consumer interest)
    when: StepCondition | None = None


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[Step, ...]
    source: Source

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


@dataclass(frozen=True)
class Guardrails:
    """Limits against harassment (domain.md; Code de la consommation D223-9 defaults)."""

    max_contacts: int = 6
    min_days_between_written: int = 7
    call_windows: tuple[tuple[str, str], ...] = (("10:00", "13:00"), ("14:00", "20:00"))
    max_amicable_days: int = 90


@dataclass(frozen=True)
class SiteOptions:
    """The status site's options (``site:`` in dossier.yaml, docs/format.md; used by site/)."""

    reminder_days: int = 7            # agenda.ics: the reminder (VALARM) this many days before a deadline
    url: str | None = None            # where the site is published: agenda.ics links the case pages from it
    source_url: str | None = None     # a case file on the Git host: {commit} and {path} are filled in
    commit_url: str | None = None     # a commit on the Git host: {commit} is filled in


@dataclass(frozen=True)
class RateOverride:
    """A rate row added or replaced in ``dossier.yaml`` (``rates:``)."""

    table: str           # ecb_mro | legal_professional_creditor | legal_particulier
    start: dt.date
    rate: Decimal
    source_text: str
    source: Source


COURT_MIN_AMOUNT = Decimal("100")   # dossier.yaml court_min_amount: the least exigible principal worth a court step


@dataclass(frozen=True)
class RoutingRule:
    """One rule of ``routing:`` (records/routing.py): the scenario of the cases that name none and match every condition set.

    ``amount`` is the case's principal as written: the sum of its invoices, all taxes included.
    ``label`` is the French wording of the conditions (« débiteur public »), for the reason of the choice.
    """

    scenario: str
    source: Source
    label: str = ""
    debtor_kind: tuple[str, ...] = ()
    amount_below: Decimal | None = None
    amount_at_least: Decimal | None = None
    qualification: tuple[str, ...] = ()

    def matches(self, kind: str | None, qualification: str | None, amount: Decimal) -> bool:
        return ((not self.debtor_kind or kind in self.debtor_kind)
                and (self.amount_below is None or amount < self.amount_below)
                and (self.amount_at_least is None or amount >= self.amount_at_least)
                and (not self.qualification or qualification in self.qualification))


@dataclass(frozen=True)
class ScenarioChoice:
    """Which scenario a case runs and why: its own ``scenario:``, a routing rule (``rule``, ``number`` from 1), or the project's default."""

    name: str
    by: Literal["case", "routing", "default"]
    rule: RoutingRule | None = None
    number: int | None = None          # the rule's place in ``routing:``, from 1

    @property
    def chosen_by(self) -> str:
        """The reason in French: « scénario du dossier », « règle de routage n° 2 : débiteur public », « scénario par défaut du projet »."""
        if self.by == "case":
            return "scénario du dossier"
        if self.by == "routing" and self.rule is not None:
            return f"règle de routage n°\u00a0{self.number}\u00a0: {self.rule.label}"
        return "scénario par défaut du projet"

    @property
    def why(self) -> str:
        """The reason in the run's language, for messages of `check`: "the case's scenario", "routing rule 2", "the project's default"."""
        if self.by == "case":
            return _("the case's scenario")
        if self.by == "routing":
            return _("routing rule {number}", number=self.number)
        return _("the project's default")

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "chosen_by": self.chosen_by}


def choose_scenario(project,   # a model.Project (not imported: model.py imports this module)
                    named: str | None, kind: str | None, qualification: str | None,
                    amount: Decimal) -> ScenarioChoice:
    """The case's own scenario; else the first routing rule that matches; else the project's default."""
    if named:
        return ScenarioChoice(named, "case")
    for number, rule in enumerate(project.routing, start=1):
        if rule.matches(kind, qualification, amount):
            return ScenarioChoice(rule.scenario, "routing", rule, number)
    return ScenarioChoice(project.scenario, "default")

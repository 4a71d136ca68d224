"""The records: immutable values that know where they were written.

These mirror ``docs/format.md`` (a contract with users: field names are theirs).
`load.py` builds them from YAML after validation; every other module only
reads them. Money is `Decimal`, dates are `datetime.date`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from .errors import Source

DebtorKind = Literal["professional", "consumer", "public"]
Channel = Literal["email", "letter", "lrar", "sms", "phone", "court", "declaration"]

DEBTOR_KINDS = ("professional", "consumer", "public")
QUALIFICATIONS = ("oubli", "negligence", "administratif", "contestation", "mauvaise_foi", "difficulte_passagere",
                  "situation_preoccupante", "insolvabilite")
CONTRACT_KINDS = ("devis_signe", "bon_de_commande", "contrat", "cgv", "aucun")
CHANNELS = ("email", "letter", "lrar", "sms", "phone", "court", "declaration")
EVENT_TYPES = ("sent", "payment", "call", "promise", "dispute", "dispute_resolved", "plan", "acknowledgment",
               "insolvency", "filed", "order", "served", "opposition", "closed", "credit_note")
INSOLVENCY_PROCEDURES = ("sauvegarde", "redressement", "liquidation")
CLOSE_REASONS = ("paid", "written_off", "settled")
# Steps every scenario has without writing them: the declaration of claim that
# insolvency proceedings call for (C. com. L622-24) is created by the ladder itself.
IMPLICIT_STEPS = ("declaration_creance",)
CALL_OUTCOMES = ("promise", "dispute", "no_answer", "message", "refusal", "paid", "other")


@dataclass(frozen=True)
class Mediator:
    """The consumer mediator a creditor belongs to (C. consom. L612-1, L616-1): named with its contact in letters to
    consumers (R616-1); a website, an address or both."""

    name: str
    source: Source
    website: str | None = None
    address: tuple[str, ...] = ()


@dataclass(frozen=True)
class Creditor:
    """The business owed the money (or, in agency mode, the firm's client)."""

    id: str
    name: str
    source: Source
    siren: str | None = None
    address: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None
    iban: str | None = None
    bic: str | None = None
    signatory: str | None = None
    siret: str | None = None
    legal_form: str | None = None      # "SAS", "SARL", … (CPC 54/57, letterheads)
    capital: str | None = None         # "10 000 €", as the creditor writes it
    rcs: str | None = None             # "RCS Lyon 901 234 567"
    vat: str | None = None
    mediator: Mediator | None = None   # the consumer mediator, for letters to consumers (C. consom. R616-1)
    kind: DebtorKind = "professional"  # a creditor is a business; kept for symmetry


@dataclass(frozen=True)
class Agency:
    """A recovery firm acting for creditors (CPCE R124-1 s.), when ``agency: true``."""

    name: str
    source: Source
    address: tuple[str, ...] = ()
    siren: str | None = None
    email: str | None = None
    phone: str | None = None
    signatory: str | None = None


@dataclass(frozen=True)
class Debtor:
    name: str
    kind: DebtorKind
    source: Source
    siren: str | None = None
    address: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None
    contact: str | None = None
    qualification: str | None = None
    legal_form: str | None = None
    representative: str | None = None  # legal representative of a company (CPC 54)
    birth: str | None = None           # date and place of birth of a person (CPC 54), free text
    payment_period: int = 30           # public buyer: the délai global de paiement in days (R2192-10 CCP: 30, 50 or 60)
    siret: str | None = None           # an establishment (SIREN + 5 digits); its first 9 digits are the SIREN
    vat: str | None = None             # intra-EU VAT number
    iban: str | None = None            # the account the debtor pays from: `dossier import payments` matches it

    @property
    def postcode(self) -> str | None:
        """The French postcode found in the last address lines, if any."""
        import re

        for line in reversed(self.address):
            m = re.match(r"\s*(\d{5})\b", line)
            if m:
                return m.group(1)
        return None

    @property
    def department(self) -> str | None:
        """The département number from the postcode ("69", "2A", "971"…), for local holidays and courts."""
        pc = self.postcode
        if not pc:
            return None
        if pc.startswith("97"):
            return pc[:3]
        if pc.startswith("20"):
            return "2A" if int(pc) < 20200 else "2B"
        return pc[:2]


@dataclass(frozen=True)
class Contract:
    kind: str
    source: Source
    date: dt.date | None = None
    pieces: tuple[str, ...] = ()   # repository-relative posix paths


@dataclass(frozen=True)
class InterestTerms:
    """``interest:`` of a case. ``rate`` is None for the legal rate, else an annual percentage."""

    source: Source
    rate: Decimal | None = None
    indemnity: bool = True
    clause: str | None = None          # where a contractual rate comes from: "article 9 du contrat-cadre du 3 novembre 2025"


@dataclass(frozen=True)
class Chorus:
    """An invoice deposited on Chorus Pro (public buyers): the deposit starts the payment period (R2192-12 CCP)."""

    deposited: dt.date
    number: str


@dataclass(frozen=True)
class Invoice:
    number: str
    date: dt.date
    due: dt.date
    amount: Decimal
    source: Source
    piece: str | None = None           # repository-relative posix path
    delivered: dt.date | None = None   # delivery or completion, for prescription
    description: str | None = None     # what was sold: "fourniture et pose d'une cuisine"
    chorus: Chorus | None = None       # public buyer: the Chorus Pro deposit (date, number)


@dataclass(frozen=True)
class Instalment:
    due: dt.date
    amount: Decimal
    source: Source


@dataclass(frozen=True)
class Event:
    """One line of the journal. Only the fields of its type are set."""

    date: dt.date
    type: str
    source: Source
    step: str | None = None
    amount: Decimal | None = None
    invoice: str | None = None
    reference: str | None = None
    tracking: str | None = None
    received: dt.date | None = None
    outcome: str | None = None
    note: str | None = None
    until: dt.date | None = None
    instalments: tuple[Instalment, ...] = ()
    signed: bool = False
    procedure: str | None = None
    published: dt.date | None = None
    reason: str | None = None
    court: str | None = None
    piece: str | None = None           # a document kept with the event (an acknowledgment of receipt…)
    mandataire: tuple[str, ...] = ()   # insolvency: the mandataire judiciaire's name and address lines
    suspends_interest: bool = False    # dispute: no interest until it is resolved (the creditor's own non-performance)
    number: str | None = None          # credit_note: the credit note's number (AV-2026-004)
    invoices: tuple[str, ...] = ()     # dispute, dispute_resolved: the invoices it is about (none: the whole case)
    transaction: str | None = None     # payment: the bank's transaction id (dossier import payments records it once)

    @property
    def disputed(self) -> tuple[str, ...]:
        """The invoices a dispute (or its resolution) names: `invoices:`, else the single `invoice:`; () the whole case."""
        return self.invoices or ((self.invoice,) if self.invoice else ())


@dataclass(frozen=True)
class Case:
    id: str
    path: str                          # repository-relative path of the case file
    debtor: Debtor
    invoices: tuple[Invoice, ...]
    source: Source
    creditor: str = "default"          # key into Project.creditors
    scenario: str | None = None        # None: the project's default
    contract: Contract | None = None
    interest: InterestTerms | None = None
    events: tuple[Event, ...] = ()
    court: str | None = None           # the exact competent court, named by the user
    folder: str = ""                   # repository-relative folder that case paths are relative to

    def events_of(self, *types: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.type in types)


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
        """The reason in English, for messages of `check`: "the case's scenario", "routing rule 2", "the project's default"."""
        return {"case": "the case's scenario", "routing": f"routing rule {self.number}"}.get(self.by, "the project's default")

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "chosen_by": self.chosen_by}


def choose_scenario(project: "Project", named: str | None, kind: str | None, qualification: str | None,
                    amount: Decimal) -> ScenarioChoice:
    """The case's own scenario; else the first routing rule that matches; else the project's default."""
    if named:
        return ScenarioChoice(named, "case")
    for number, rule in enumerate(project.routing, start=1):
        if rule.matches(kind, qualification, amount):
            return ScenarioChoice(rule.scenario, "routing", rule, number)
    return ScenarioChoice(project.scenario, "default")


@dataclass(frozen=True)
class Project:
    title: str
    creditors: dict[str, Creditor]
    source: Source
    agency: Agency | None = None
    scenario: str = "standard"
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    guardrails: Guardrails = field(default_factory=Guardrails)
    rates: tuple[RateOverride, ...] = ()
    root: str = "."      # the claims repository folder, absolute, set by the loader
    provisional_rates: str = "draft"   # court papers on a provisional rate: draft (PROJET banner) | stop (interest to the last confirmed day)
    # ``routing:`` in the order written. The loader puts the default rules here when dossier.yaml has no ``routing:``
    # (records/routing.py); a Project built in code routes nothing unless given rules.
    routing: tuple[RoutingRule, ...] = ()
    court_min_amount: Decimal = COURT_MIN_AMOUNT   # a court step needs at least this exigible principal
    plan_penalties: str = "final_line"  # penalties running during a payment plan: final_line (computed, a last line) | waived
    imports: Any = None                 # ``import:``: records/import_options.ImportOptions (the loader always sets one)

    def creditor_of(self, case: Case) -> Creditor:
        return self.creditors[case.creditor]

    def scenario_choice(self, case: Case) -> ScenarioChoice:
        """Which scenario `case` runs and why (docs/ladder.md, "Which ladder")."""
        principal = sum((i.amount for i in case.invoices), Decimal(0))
        return choose_scenario(self, case.scenario, case.debtor.kind, case.debtor.qualification, principal)

    def scenario_of(self, case: Case) -> Scenario:
        return self.scenarios[self.scenario_choice(case).name]


@dataclass(frozen=True)
class Repository:
    """A loaded claims repository: the project and its cases, sorted by id."""

    project: Project
    cases: tuple[Case, ...]

    def case(self, case_id: str) -> Case | None:
        return next((c for c in self.cases if c.id == case_id), None)

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
from .scenario_model import (COURT_MIN_AMOUNT, Guardrails, RateOverride, RoutingRule, Scenario, ScenarioChoice,  # noqa: F401
                             SiteOptions, Step, StepCondition, choose_scenario)

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
class Mandate:
    """The written mandate a creditor gave the recovery firm (agency mode): the firm files as its mandatary (CPC 1407)."""

    date: dt.date
    source: Source
    piece: str | None = None           # repository-relative posix path of the signed mandate


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
    mandate: Mandate | None = None     # agency mode: the written mandate this creditor gave the firm
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
    kbis: str | None = None            # repository-relative path of the debtor's extrait Kbis (tribunal de commerce filings)
    consent_lre: dt.date | None = None # a consumer's prior consent to the electronic registered letter (CPCE R53-3)
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
class SentFile:
    """A file archived when a step was sent (`files:` of a ``sent`` event): the exact bytes that left."""

    path: str                          # repository-relative, e.g. cases/2026-014-dupont/envoyes/2026-04-17-mise-en-demeure.pdf
    sha256: str                        # lower-case hex of the file's bytes
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
    files: tuple[SentFile, ...] = ()   # sent: the documents archived as they left (history/archive.py)
    channel: str | None = None         # sent: how it left, when not the step's channel (sending/: email, letter, lrar, lre, sms)
    unclaimed: dt.date | None = None   # sent: the registered letter came back « avisé, non réclamé » on this date
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
    mandate: Mandate | None = None     # agency mode: a mandate for this case, instead of the creditor's

    def events_of(self, *types: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.type in types)


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
    site: SiteOptions = field(default_factory=SiteOptions)   # the status site's options (``site:``)
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

"""A payment plan's instalments on a date, each with its status: paid, late or to come.

Computed once here and shown everywhere (the case page, `show --json`'s `plan.instalments`, `dossier due`,
`agenda.ics`). The rule is the plan's own (`steps._plan`): the payments made since the plan was signed, up to
the as-of date, pay the instalments in order of their due dates; an instalment they do not cover is late once
its due date has passed, else to come. A claim settled in full leaves no instalment owed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..law.money import as_str
from ..records.model import Case, Event

STATUSES = ("paid", "late", "upcoming")
STATUS_LABELS = {"paid": "payée", "late": "en retard", "upcoming": "à venir"}


@dataclass(frozen=True)
class InstalmentLine:
    number: int          # 1-based, in order of due dates
    due: dt.date
    amount: Decimal
    status: str          # paid | late | upcoming

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class PlanLines:
    """The last payment plan recorded by the as-of date, and its instalments."""

    event: Event
    instalments: tuple[InstalmentLine, ...]

    @property
    def signed(self) -> bool:
        return bool(self.event.signed)

    def of_status(self, status: str) -> tuple[InstalmentLine, ...]:
        return tuple(i for i in self.instalments if i.status == status)


def plan_lines(case: Case, as_of: dt.date, settled: bool = False) -> PlanLines | None:
    """The instalments of the case's last plan recorded on or before `as_of` (None: no plan)."""
    plans = [e for e in case.events if e.type == "plan" and e.date <= as_of and e.instalments]
    if not plans:
        return None
    plan = sorted(plans, key=lambda e: e.date)[-1]
    paid = sum((e.amount for e in case.events
                if e.type == "payment" and e.amount is not None and plan.date <= e.date <= as_of), Decimal("0"))
    owed = Decimal("0")
    lines = []
    for n, inst in enumerate(sorted(plan.instalments, key=lambda i: i.due), start=1):
        owed += inst.amount
        if settled or paid >= owed:
            status = "paid"
        elif inst.due < as_of:
            status = "late"
        else:
            status = "upcoming"
        lines.append(InstalmentLine(n, inst.due, inst.amount, status))
    return PlanLines(plan, tuple(lines))


def to_json(plan: PlanLines | None) -> dict[str, Any] | None:
    """`plan` in docs/format.md's JSON: `{date, signed, instalments: [{number, due, amount, status}]}`."""
    if plan is None:
        return None
    return {
        "date": plan.event.date.isoformat(),
        "signed": plan.signed,
        "instalments": [{"number": i.number, "due": i.due.isoformat(), "amount": as_str(i.amount), "status": i.status}
                        for i in plan.instalments],
    }

"""The pipeline's result for one case on one date: the statement (law) and the ladder, computed once.

Below every stage that reads it: build, history (the figures of a semantic diff),
site and exports take `CaseResult`, `compute_case` and `case_json` from here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..law import ledger, rates
from ..records.errors import Issue, Source
from ..records.guard import failure_issue
from ..records.model import Case, Repository, ScenarioChoice
from . import instalments, next_action, scenario
from ..records.i18n import _


@dataclass(frozen=True)
class CaseResult:
    """Everything computed for one case on one date."""

    case: Case
    statement: "ledger.Statement"
    ladder: "scenario.Ladder"
    issues: tuple[Issue, ...]
    scenario_choice: ScenarioChoice | None = None   # the ladder the case runs and why (records/routing.py)

    @property
    def next_action(self) -> "next_action.NextAction | None":
        """The case's one next action (`next_action.next_action`): what every output names."""
        return next_action.next_action(self.case, self.ladder, self.statement.as_of)

    @property
    def plan(self) -> "instalments.PlanLines | None":
        """The last payment plan and its instalments' statuses on the as-of date."""
        return instalments.plan_lines(self.case, self.statement.as_of, self.statement.settled)


def compute_case(repo: Repository, case: Case, as_of: dt.date) -> CaseResult:
    tables, _unused = rates.load_tables(repo.project)
    statement = ledger.statement(case, repo.project, as_of, tables)
    ladder = scenario.ladder(case, repo.project, as_of, statement)
    return CaseResult(case, statement, ladder, tuple(statement.issues) + tuple(ladder.issues),
                      repo.project.scenario_choice(case))


def compute_checked(repo: Repository, as_of: dt.date) -> tuple[list[CaseResult], list[Issue]]:
    """Every case computed on its own: one that raises becomes an error at its file, the others go on."""
    results: list[CaseResult] = []
    failures: list[Issue] = []
    for case in repo.cases:
        try:
            results.append(compute_case(repo, case, as_of))
        except Exception as exc:   # noqa: BLE001 — any failure of one case is reported, never a traceback
            failures.append(failure_issue(Source(case.path, 1, 1), case.id, _("compute the statement and the ladder"), exc))
    return results, failures


def compute_all(repo: Repository, as_of: dt.date) -> list[CaseResult]:
    return [compute_case(repo, case, as_of) for case in repo.cases]


def case_json(result: CaseResult) -> dict:
    """The docs/format.md JSON of one case (`dossier show --json`, `status --json`, api/cases.json)."""
    amounts = ledger.to_json(result.statement)
    return {
        "id": result.case.id,
        "creditor": result.case.creditor,
        "as_of": result.statement.as_of.isoformat(),
        "status": result.ladder.status,
        **({"scenario": result.scenario_choice.to_json()} if result.scenario_choice is not None else {}),
        "principal": amounts["principal"],
        "interest": amounts["interest"],
        "indemnity": amounts["indemnity"],
        "total": amounts["total"],
        "credited": amounts["credited"],
        "overpaid": amounts["overpaid"],
        "invoices": amounts["invoices"],
        "prescription": amounts["prescription"],
        "next_actions": scenario.to_json(result.ladder),
        "next_action": next_action.to_json(result.next_action),
        "plan": instalments.to_json(result.plan),
        "provisional": result.statement.provisional,
    }

"""A plan's instalments and their status (ladder/instalments.py), and where `dossier due` lists them."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from dossier.records.i18n import speaking
from dossier.ladder import agenda
from dossier.ladder.instalments import plan_lines
from dossier.ladder.result import compute_case
from dossier.records.load import load_repository

ROOT = Path(__file__).resolve().parents[2]
D = dt.date


@pytest.fixture(scope="module")
def demo():
    repo, issues = load_repository(ROOT)
    assert repo is not None, [str(i) for i in issues]
    return repo


def case(repo, case_id):
    return next(c for c in repo.cases if c.id == case_id)


def statuses(repo, case_id, as_of, settled=False):
    plan = plan_lines(case(repo, case_id), as_of, settled)
    return [(i.number, i.due, i.amount, i.status, i.status_label) for i in plan.instalments]


def test_statuses_follow_the_payments_since_the_plan(demo):
    # Cave Roux: 4 × 1 350,00 € signed 22 July 2026; paid 10 August and 11 September (one day late), then nothing
    assert [s[3] for s in statuses(demo, "2026-022-cave-roux", D(2026, 9, 9))] == ["paid", "upcoming", "upcoming", "upcoming"]
    assert statuses(demo, "2026-022-cave-roux", D(2026, 9, 10)) == [
        (1, D(2026, 8, 10), Decimal("1350.00"), "paid", "payée"),
        (2, D(2026, 9, 10), Decimal("1350.00"), "upcoming", "à venir"),   # due today, not yet paid: not late
        (3, D(2026, 10, 12), Decimal("1350.00"), "upcoming", "à venir"),
        (4, D(2026, 11, 10), Decimal("1350.00"), "upcoming", "à venir")]
    assert [s[3] for s in statuses(demo, "2026-022-cave-roux", D(2026, 9, 11))] == ["paid", "paid", "upcoming", "upcoming"]
    assert [s[3] for s in statuses(demo, "2026-022-cave-roux", D(2026, 11, 24))] == ["paid", "paid", "late", "late"]
    assert [s[3] for s in statuses(demo, "2026-022-cave-roux", D(2026, 11, 24), settled=True)] == ["paid"] * 4
    # before the plan was recorded there is none
    assert plan_lines(case(demo, "2026-022-cave-roux"), D(2026, 7, 21)) is None


def test_due_lists_a_late_instalment_while_the_plan_holds_then_the_ladder_takes_over(demo):
    c = case(demo, "2026-022-cave-roux")

    def watched(day):
        r = compute_case(demo, c, day)
        ag = agenda.agenda([(r.case, r.ladder, r.statement)], day, 14)
        with speaking("fr"):   # `dossier due` in French, the command line's default
            return [(i.step, i.due, i.text) for i in ag.instalments], agenda.format_text(ag)

    # 14 October: the third instalment (12 October) is late, the plan's grace runs to 17 October
    lines, text = watched(D(2026, 10, 14))
    assert lines == [("echeance-3", D(2026, 10, 12), "Échéance 3/4 de l’échéancier du 22\u00a0juillet\u00a02026, en retard"),
                     ("echeance-4", D(2026, 11, 10), "Échéance 4/4 de l’échéancier du 22\u00a0juillet\u00a02026, à venir")]
    assert "ÉCHÉANCES DES ÉCHÉANCIERS (PAIEMENTS ATTENDUS)" in text and "Échéance 3/4" in text
    assert "Échéance 4/4" not in text         # 10 November: beyond the 14 days of `due`, in agenda.ics only
    # 18 October: the plan is broken, the firm reminder is due: its instalments are no longer awaited
    lines, text = watched(D(2026, 10, 18))
    assert lines == [] and "ÉCHÉANCES" not in text

"""One next action per case and date (ladder/next_action.py): `due`, `status`, `show --json`, the home page's
agenda and claims index, the case page and the exports name the same one, for every demo case on every day of
2026; and a past as-of hides the future on the case page."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.build import status_text
from dossier.cli import main
from dossier.ladder import agenda
from dossier.ladder.result import case_json, compute_case
from dossier.records.load import load_repository
from dossier.records.model import Repository
from dossier.site import casepage, home

ROOT = Path(__file__).resolve().parents[1]
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def demo() -> Repository:
    repo, issues = load_repository(ROOT)
    assert repo is not None, [str(i) for i in issues]
    return repo


def test_every_demo_case_names_one_next_action_on_every_day_of_2026(demo: Repository):
    days = (END - START).days + 1
    checked = folded = none = 0
    for k in range(days):
        as_of = START + dt.timedelta(days=k)
        results = [compute_case(demo, c, as_of) for c in demo.cases]
        ag = agenda.agenda([(r.case, r.ladder, r.statement) for r in results], as_of, home.AGENDA_DAYS)
        first_in_agenda: dict[str, agenda.AgendaItem] = {}
        for item in ag.items:        # in the agenda's order: date, case, ladder order
            first_in_agenda.setdefault(item.case_id, item)
        status_lines = {line.split()[0]: line.split()[1:] for line in status_text(results).splitlines()[1:] if line.strip()}
        for r in results:
            where = f"{r.case.id} on {as_of}"
            a = r.next_action
            shown = case_json(r)["next_action"]          # show --json, status --json, api/cases.json
            row = home.case_row(r, as_of)                 # the claims index and cases.csv
            page = casepage._next_action(r)               # the case page's « Prochaine action »
            words = status_lines[r.case.id]               # `dossier status`: id, status, total, [*], step, due
            if a is None:
                none += 1
                assert shown is None and page is None, where
                assert (row["next_label"], row["next_due"]) == ("", None), where
                assert r.case.id not in first_in_agenda, where
                assert not any(len(w) == 10 and w[4] == "-" for w in words), where   # no due date printed
                continue
            checked += 1
            folded += a.earlier > 0
            assert (shown["step"], shown["due"], shown["label"], shown["earlier"]) == (a.step, a.due.isoformat(), a.label, a.earlier), where
            assert (row["next_label"], row["next_due"]) == (a.label, a.due), where
            assert (page["label"], page["due"], page["earlier"]) == (a.label, a.due, a.earlier), where
            assert words[-2:] == [a.step, a.due.isoformat()], where
            # the agenda (`dossier due`, the home page, agenda.ics): its first line for the case is this action,
            # unless the action is beyond the horizon (a ladder step), which the agenda does not list yet
            item = first_in_agenda.get(r.case.id)
            if a.due <= as_of + dt.timedelta(days=home.AGENDA_DAYS) or a.kind == "follow" or a.channel == "declaration":
                assert item is not None, where
                assert (item.step, item.due, item.earlier, item.kind) == (a.step, a.due, a.earlier, a.kind), where
            else:
                assert item is None, where
            # no step is listed before the one the case names: the next action is the earliest pending
            assert all(x.due >= a.due for x in r.ladder.next_actions if x.due > as_of), where
    # the walk saw real work: actions on most days, several folded ones, and cases with nothing to do
    assert checked > 2000 and folded > 30 and none > 2000, (checked, folded, none)   # 2 635, 42, 3 205 on 6 Dec 2026


def test_several_steps_overdue_fold_into_the_most_advanced_everywhere(demo: Repository, tmp_path: Path):
    """2026-038 on 18 December 2026: the informal email, the call and the amicable letter are overdue and the
    firm letter due today. `due` said « Relance ferme …, remplace 3 étapes en retard » while `status` and the
    case page said « Relance informelle, 23 novembre »: now all say the firm letter."""
    as_of = "2026-12-18"
    run = CliRunner()
    due = run.invoke(main, ["due", "--repo", str(ROOT), "--as-of", as_of, "--json"], catch_exceptions=False)
    status = run.invoke(main, ["status", "--repo", str(ROOT), "--as-of", as_of, "--json"], catch_exceptions=False)
    show = run.invoke(main, ["show", "2026-038", "--repo", str(ROOT), "--as-of", as_of, "--json"], catch_exceptions=False)
    text = run.invoke(main, ["status", "--repo", str(ROOT), "--as-of", as_of], catch_exceptions=False)
    items = [i for b in ("overdue", "today", "upcoming") for i in json.loads(due.stdout)[b] if i["case"] == "2026-038-vallons-du-lyonnais"]
    assert [(i["step"], i["due"], i["earlier"]) for i in items][0] == ("relance_ferme", "2026-12-18", 3)
    one = next(c for c in json.loads(status.stdout) if c["id"] == "2026-038-vallons-du-lyonnais")
    expected = {"step": "relance_ferme", "label": "Relance ferme", "due": "2026-12-18", "channel": "letter", "kind": "send",
                "earlier": 3, "limit": None, "text": None}
    assert one["next_action"] == expected
    assert json.loads(show.stdout)["next_action"] == expected
    assert [line.split()[-2:] for line in text.stdout.splitlines() if line.startswith("2026-038")] == [["relance_ferme", "2026-12-18"]]
    r = compute_case(demo, next(c for c in demo.cases if c.id == "2026-038-vallons-du-lyonnais"), dt.date(2026, 12, 18))
    assert casepage._next_action(r) == {"label": "Relance ferme", "text": None, "channel": "courrier", "due": dt.date(2026, 12, 18),
                                         "limit": None, "earlier": 3, "alert": False}

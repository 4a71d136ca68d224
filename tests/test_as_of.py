"""The as-of date hides the future everywhere (issue 13): events, documents, Git history and timelines dated
after it are not shown, on the demo seen on a past date and on a small Git repository."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.build import build_site
from dossier.cli import main
from dossier.documents.documents import documents_for
from dossier.history.caselog import case_log
from dossier.ladder.result import compute_case
from dossier.records.load import load_repository
from dossier.site import casepage

from gitrepo import CASE, LOUISE, PAUL, GitRepo

ROOT = Path(__file__).resolve().parents[1]
PAST = dt.date(2026, 9, 15)     # Cave Roux: two instalments paid, the firm reminder (20 Oct.) and the notice (5 Nov.) to come
CAVE = "2026-022-cave-roux"


@pytest.fixture(scope="module")
def past_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("past") / "site"
    assert not build_site(ROOT, out, PAST, pdf=False).failed
    return out


def cave():
    repo, issues = load_repository(ROOT)
    assert repo is not None, [str(i) for i in issues]
    return repo, next(c for c in repo.cases if c.id == CAVE)


def test_documents_on_a_past_date_are_those_of_that_date():
    """Before: on 15 September, the firm reminder « envoyée le 20 octobre » and the notice of 5 November were listed as sent."""
    repo, case = cave()
    r = compute_case(repo, case, PAST)
    docs = documents_for(case, repo.project, r.statement, r.ladder, PAST, ROOT)
    assert [(d.name, d.state, d.date) for d in docs] == [
        ("01-relance-informelle", "sent", dt.date(2026, 6, 30)),
        ("02-relance-amiable", "sent", dt.date(2026, 7, 10)),
        ("echeancier", "sent", dt.date(2026, 7, 22)),
        ("suivi-echeancier", "due", dt.date(2026, 9, 15)),   # the follow-up table of the signed plan, as of that day
    ]


def test_show_and_the_case_page_on_a_past_date(past_site: Path):
    shown = json.loads(CliRunner().invoke(main, ["show", CAVE, "--repo", str(ROOT), "--as-of", PAST.isoformat(), "--json"],
                                          catch_exceptions=False).stdout)
    assert shown["status"] == "paused"
    assert shown["next_action"] is None
    assert shown["plan"] == {"date": "2026-07-22", "signed": True, "instalments": [
        {"number": 1, "due": "2026-08-10", "amount": "1350.00", "status": "paid"},
        {"number": 2, "due": "2026-09-10", "amount": "1350.00", "status": "paid"},
        {"number": 3, "due": "2026-10-12", "amount": "1350.00", "status": "upcoming"},
        {"number": 4, "due": "2026-11-10", "amount": "1350.00", "status": "upcoming"}]}
    html = (past_site / "cases" / CAVE / "index.html").read_text(encoding="utf-8")
    history = html[html.index("<h2>Historique</h2>"):]
    for day in ("30/06/2026", "10/07/2026", "17/07/2026", "22/07/2026", "10/08/2026", "11/09/2026"):
        assert f"<td>{day}</td>" in history
    for day in ("20/10/2026", "05/11/2026"):       # the firm reminder and the notice: not yet
        assert day not in history
    assert "from-git" not in history               # every commit of the demo is dated after 15 September 2026
    documents = html[html.index("<h2>Documents</h2>"):html.index("<h2>Historique</h2>")]
    assert documents.count("<li>") == 4 and "Relance ferme" not in documents and "Mise en demeure" not in documents
    assert not (past_site / "cases" / CAVE / "04-relance-ferme.html").exists()
    lines = html[html.index('<table class="instalments">'):]
    lines = lines[:lines.index("</table>")]
    assert lines.count("<td>payée</td>") == 2 and lines.count("<td>à venir</td>") == 2 and "en retard" not in lines
    assert "<td>12/10/2026</td>" in lines


def test_the_case_page_shows_late_instalments_once_their_date_has_passed():
    repo, case = cave()
    r = compute_case(repo, case, dt.date(2026, 10, 14))
    assert [(i["due"], i["status_label"]) for i in casepage._plan(r)["instalments"]] == [
        (dt.date(2026, 8, 10), "payée"), (dt.date(2026, 9, 10), "payée"),
        (dt.date(2026, 10, 12), "en retard"), (dt.date(2026, 11, 10), "à venir")]


PATH = "cases/2026-014-dupont.yaml"


def test_the_git_history_stops_at_the_as_of_date(tmp_path: Path):
    g = GitRepo(tmp_path / "claims")
    g.write(PATH, CASE)
    g.commit("Dupont: ouverture", LOUISE, "2025-11-21T09:00:00+01:00")
    g.write(PATH, CASE + "  - {date: 2025-11-28, type: payment, amount: 600.00, invoice: FA-2025-301}\n")
    g.commit("Dupont: virement", PAUL, "2025-11-28T17:05:00+01:00")
    assert [e.subject for e in case_log(g.path, "2026-014-dupont")] == ["Dupont: virement", "Dupont: ouverture"]
    assert [e.subject for e in case_log(g.path, "2026-014-dupont", dt.date(2025, 11, 28))] == ["Dupont: virement", "Dupont: ouverture"]
    assert [e.subject for e in case_log(g.path, "2026-014-dupont", dt.date(2025, 11, 27))] == ["Dupont: ouverture"]
    printed = CliRunner().invoke(main, ["log", "2026-014-dupont", "--repo", str(g.path), "--as-of", "2025-11-27"],
                                 catch_exceptions=False).stdout
    assert "Louise Martin" in printed and "Paul Girard" not in printed
    # the case page's timeline: the journal and the commits up to the as-of date only
    repo, _ = load_repository(g.path)
    case = repo.cases[0]
    rows = casepage.timeline(case, case_log(g.path, "2026-014-dupont"), dt.date(2025, 11, 27))
    assert [(r["date"], r["source"]) for r in rows] == [(dt.date(2025, 11, 20), "journal"), (dt.date(2025, 11, 21), "git")]
    rows = casepage.timeline(case, case_log(g.path, "2026-014-dupont"), dt.date(2025, 11, 28))
    assert [(r["date"], r["source"]) for r in rows] == [(dt.date(2025, 11, 20), "journal"), (dt.date(2025, 11, 21), "git"),
                                                        (dt.date(2025, 11, 28), "journal"), (dt.date(2025, 11, 28), "git")]

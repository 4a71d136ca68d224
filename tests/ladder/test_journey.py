"""Issue 13's journey, replayed day by day on a case fixture (tests/fixtures/journey) through the real ledger:
a consumer with a signed 3-instalment plan misses one, receives the formal notice (eight days from its receipt to
pay the missed instalment), pays it within them, then pays the last instalment on time. Never sent to court; the
leftover interest, under court_min_amount, closes the ladder with a suggestion; once paid, the case is `paid`."""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from dossier.records.i18n import speaking
from dossier.court import bundle
from dossier.court.readiness import refusal
from dossier.ladder import agenda
from dossier.ladder.result import compute_case
from dossier.law import court_readiness
from dossier.records.load import load_repository
from dossier.records.model import Event

D = dt.date
ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "journey"


@pytest.fixture(scope="module")
def repo():
    repo, issues = load_repository(ROOT)
    assert repo is not None and [i for i in issues if i.severity == "error"] == []
    return repo


def plain(text: str) -> str:
    """French text with its no-break spaces made plain (dates carry them too)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def at(repo, day: dt.date, case=None):
    return compute_case(repo, case or repo.cases[0], day)


def days(start: dt.date, end: dt.date):
    while start <= end:
        yield start
        start += dt.timedelta(days=1)


def test_the_journey_never_reaches_court_and_ends_paid(repo):
    case = repo.cases[0]
    for day in days(D(2026, 3, 16), D(2026, 8, 31)):
        r = at(repo, day)
        court = [s for s in r.ladder.steps if s.step.channel == "court"]
        assert all(s.state != "due" for s in court), day
        assert refusal(case, r.statement, r.ladder) is not None, day
        listed = agenda.agenda([(case, r.ladder, r.statement)], day, 14)
        assert all(i.kind != "file" for i in listed.overdue + listed.today), day
    assert at(repo, D(2026, 7, 24)).ladder.status == "paid"
    assert at(repo, D(2026, 8, 31)).ladder.status == "paid"


def test_the_journey_step_by_step(repo):
    # the plan is kept: paused
    r = at(repo, D(2026, 5, 20))
    assert (r.ladder.status, r.ladder.not_exigible) == ("paused", Decimal("2104.36"))
    # the 5 June instalment is missed: from 11 June (5 days of grace) the ladder resumes at the firm reminder
    r = at(repo, D(2026, 6, 11))
    assert r.ladder.status == "open"
    assert [(a.step, a.due) for a in r.ladder.next_actions] == [("mise_en_demeure", D(2026, 6, 26)),
                                                              ("injonction_de_payer", D(2026, 7, 13))]
    # 2 July: the notice was received on 29 June; its eight days run to 7 July, the term is not forfeited;
    # the court step waits for the balance's own delay, counted from the end of the eight days: 7 July + 15 =
    # 22 July (partials/echeance-manquee.md; rule_plan_acceleration), and the request would be refused
    r = at(repo, D(2026, 7, 2))
    assert (r.ladder.status, r.ladder.acceleration, r.ladder.not_exigible) == ("open", None, Decimal("1052.18"))
    court = r.ladder.steps[-1]
    assert (court.step.id, court.state, court.date) == ("injonction_de_payer", "upcoming", D(2026, 7, 22))
    ctx = court_readiness.Readiness(repo.cases[0], repo.project, r.statement, r.ladder, D(2026, 7, 2), ROOT)
    [issue] = [i for i in court_readiness.readiness(ctx) if i.code == "not-exigible"]
    assert issue.severity == "error"
    assert plain(issue.fr) == ("L’échéancier signé le 20 avril 2026 n’est pas déchu : 1 052,18 € d’échéances à venir "
                        "ne sont pas exigibles ; aucune requête avant la déchéance du terme (mise en demeure restée "
                        "sans effet dans son délai).")
    # 3 July: the missed instalment is paid within the notice's delay: the default is cured, the plan goes on
    r = at(repo, D(2026, 7, 3))
    assert r.ladder.status == "paused"
    assert plain(r.ladder.steps[-1].reason) == ("suspendue : échéancier signé le 20 avril 2026, échéance du 5 juin 2026 "
                                                "réglée dans le délai de la mise en demeure, l’échéancier continue")
    assert r.ladder.next_actions == ()
    # 13 July: the plan is paid; 0,87 € of legal interest (from the notice) is left: no court step, a suggestion
    r = at(repo, D(2026, 7, 13))
    assert (r.ladder.status, r.statement.principal, r.statement.total) == ("open", Decimal("0.87"), Decimal("0.87"))
    court = r.ladder.steps[-1]
    assert (court.state, plain(court.reason)) == ("skipped", "sautée : sans suite judiciaire, principal exigible de "
                                                             "0,87 €, sous le seuil de 100,00 € (court_min_amount)")
    [action] = r.ladder.next_actions
    assert (action.step, action.channel, action.due, action.amount) == ("solde_modique", "suggestion", D(2026, 7, 15),
                                                                       Decimal("0.87"))
    assert plain(action.text) == ("Solde de 0,87 € sous le seuil de 100,00 € pour agir en justice : un dernier "
                                  "courrier, ou le passer en perte et clore le dossier")
    refused = refusal(repo.cases[0], r.statement, r.ladder)
    assert refused is not None and plain(refused.motif) == ("Pas de requête : principal exigible de 0,87 €, sous le seuil "
                                                            "de 100,00 € (court_min_amount) ; un dernier courrier, ou "
                                                            "passer le solde en perte.")
    ag = agenda.agenda([(repo.cases[0], r.ladder, r.statement)], D(2026, 7, 20), 14)
    assert "To close (balance under the court threshold)" in agenda.format_text(ag)
    with speaking("fr"):   # `dossier due` in French, the command line's default
        text = agenda.format_text(ag)
    assert "À clore (solde sous le seuil judiciaire)" in text and "À déposer" not in text
    assert isinstance(bundle.build_bundle(repo.cases[0], repo.project, r.statement, r.ladder, D(2026, 7, 13), ROOT,
                                          pdf=False), type(refused))


def _without(case, *dropped: str):
    """The journey's case without the payments whose reference is given."""
    return dataclasses.replace(case, events=tuple(e for e in case.events if e.reference not in dropped))


def test_a_missed_instalment_left_unpaid_past_the_notice_delay_forfeits_the_term(repo):
    case = _without(repo.cases[0], "VIR LAMBERT 2/3", "VIR LAMBERT 3/3", "VIR LAMBERT SOLDE")
    # 7 July is the last of the eight days from the receipt (29 June): the term stands (the last instalment
    # fell due on 6 July: nothing is left to fall due, so nothing is withheld as not exigible)
    assert at(repo, D(2026, 7, 5), case).ladder.not_exigible == Decimal("1052.18")
    r = at(repo, D(2026, 7, 7), case)
    assert (r.ladder.acceleration, r.ladder.not_exigible) == (None, Decimal("0"))
    # 8 July: forfeited; the whole balance is exigible, and the notice gave fifteen days from the end of the eight
    # to pay it: the court step comes on 22 July (7 July + 15)
    r = at(repo, D(2026, 7, 8), case)
    assert (r.ladder.acceleration, r.ladder.not_exigible, r.ladder.status) == (D(2026, 7, 8), Decimal("0"), "open")
    court = r.ladder.steps[-1]
    assert (court.state, court.date) == ("upcoming", D(2026, 7, 22))
    r = at(repo, D(2026, 7, 22), case)
    assert r.ladder.steps[-1].state == "due"
    assert refusal(case, r.statement, r.ladder) is None
    ctx = court_readiness.Readiness(case, repo.project, r.statement, r.ladder, D(2026, 7, 22), ROOT)
    assert [i for i in court_readiness.readiness(ctx) if i.code == "not-exigible"] == []


def test_a_late_receipt_pushes_the_forfeiture_and_the_court_step(repo):
    # the notice collected on 10 July: the eight days run to 18 July (a Saturday → Monday 20 July, CPC 642)
    case = _without(repo.cases[0], "VIR LAMBERT 2/3", "VIR LAMBERT 3/3", "VIR LAMBERT SOLDE")
    case = dataclasses.replace(case, events=tuple(
        dataclasses.replace(e, received=D(2026, 7, 10)) if e.step == "mise_en_demeure" else e for e in case.events))
    r = at(repo, D(2026, 7, 20), case)
    assert r.ladder.acceleration is None
    assert plain(r.ladder.steps[-1].reason) == ("prévue le 4 août 2026 : pas avant l’expiration du délai donné pour "
                                                "régler le solde après la déchéance du terme de l’échéancier "
                                                "(21 juillet 2026), le 4 août 2026")
    r = at(repo, D(2026, 7, 21), case)
    assert r.ladder.acceleration == D(2026, 7, 21)
    # the court step: fifteen days after the eight (20 July + 15 = 4 August)
    assert (r.ladder.steps[-1].state, r.ladder.steps[-1].date) == ("upcoming", D(2026, 8, 4))


def test_court_min_amount_is_a_project_setting(repo):
    case = repo.cases[0]
    project = dataclasses.replace(repo.project, court_min_amount=Decimal("0.50"))
    r = compute_case(dataclasses.replace(repo, project=project), case, D(2026, 7, 15))
    # 0,87 € of principal is above a 0,50 € minimum: the court step is back (never a suggestion then)
    assert r.ladder.steps[-1].state == "due"
    assert [a.step for a in r.ladder.next_actions] == ["injonction_de_payer"]
    assert repo.project.court_min_amount == Decimal("100")


def test_an_event_of_the_fixture_is_a_plain_event(repo):
    # the fixture is the user's format: dates, amounts and the receipt as written in the case file
    notice = next(e for e in repo.cases[0].events if e.step == "mise_en_demeure")
    assert isinstance(notice, Event) and (notice.date, notice.received) == (D(2026, 6, 26), D(2026, 6, 29))


def test_court_min_amount_is_read_from_dossier_yaml():
    from dossier.records.config import read_project
    text = (ROOT / "dossier.yaml").read_text(encoding="utf-8")
    project, issues = read_project(text + "court_min_amount: 250.00\n", ROOT)
    assert project is not None and project.court_min_amount == Decimal("250.00")
    project, issues = read_project(text + "court_min_amount: -5\n", ROOT)
    assert project is None
    assert [str(i) for i in issues] == ["dossier.yaml:15:19: court_min_amount: expected an amount greater than 0, got -5"]


def test_a_notice_sent_before_the_plan_does_not_forfeit_it_a_new_one_is_due(repo):
    # the notice of 17 April came before the plan (signed 20 April): when the 5 June instalment is missed, it
    # cannot forfeit the term; the ladder resumes at the firm reminder on 11 June, and the formal notice is to do
    # again; no court step is due before it
    case = repo.cases[0]
    src = case.events[0].source
    keep = [e for e in case.events if e.type in ("sent", "call", "plan") and e.step != "mise_en_demeure"
            and e.reference is None] + [e for e in case.events if e.reference == "VIR LAMBERT 1/3"]
    early = Event(D(2026, 4, 17), "sent", src, step="mise_en_demeure", received=D(2026, 4, 18))
    events = sorted([e for e in keep if e.step != "relance_ferme"] + [early], key=lambda e: e.date)
    case = dataclasses.replace(case, events=tuple(events))
    r = at(repo, D(2026, 6, 11), case)
    assert [(s.step.id, s.state, s.date) for s in r.ladder.steps][3:] == [
        ("relance_ferme", "due", D(2026, 6, 11)), ("mise_en_demeure", "upcoming", D(2026, 6, 26)),
        ("injonction_de_payer", "upcoming", D(2026, 7, 13))]
    assert plain(r.ladder.steps[4].reason) == (
        "prévue le 26 juin 2026 : échéancier rompu (échéance du 5 juin 2026 impayée) ; la mise en demeure du "
        "17 avril 2026 précède cette échéance : une nouvelle mise en demeure ouvre les huit jours avant la "
        "déchéance du terme")
    assert r.ladder.formal_notice is None
    # without the plan's rule, the old notice would have made the court step due: never here
    assert refusal(case, r.statement, r.ladder) is not None
    # the new notice, sent 12 June and received 15 June: eight days to 23 June, forfeited on 24 June
    again = Event(D(2026, 6, 12), "sent", src, step="mise_en_demeure", received=D(2026, 6, 15))
    case = dataclasses.replace(case, events=tuple(sorted(events + [again], key=lambda e: e.date)))
    r = at(repo, D(2026, 6, 23), case)
    assert (r.ladder.acceleration, r.ladder.formal_notice.event) == (None, again)
    r = at(repo, D(2026, 6, 24), case)
    assert r.ladder.acceleration == D(2026, 6, 24)
    # the court step: fifteen days after the eight (23 June + 15 = 8 July)
    assert (r.ladder.steps[-1].state, r.ladder.steps[-1].date) == ("upcoming", D(2026, 7, 8))

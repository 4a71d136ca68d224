"""The agenda across cases: overdue / today / next days, by kind, with amounts; text, JSON and iCalendar."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import icalendar
import pytest

from dossier.records.i18n import set_language
from dossier.ladder import agenda, scenario
from dossier.law.money import euros
from dossier.records.errors import Source
from dossier.records.model import Case, Creditor, Debtor, Event, Invoice, Project, Scenario, Step

D = dt.date
SRC = Source("t.yaml", 1, 1)
AS_OF = D(2026, 3, 20)   # a Friday


@pytest.fixture(autouse=True)
def french(monkeypatch: pytest.MonkeyPatch) -> None:
    """`dossier due` is pinned in French, the command line's default (tests/test_i18n.py pins the English)."""
    monkeypatch.setenv("DOSSIER_LANG", "fr")
    set_language("fr")


@dataclass(frozen=True)
class FakeStatement:
    principal: Decimal
    total: Decimal
    earliest_unpaid_due: dt.date | None
    prescription: dt.date | None = D(2031, 1, 1)
    prescribed: bool = False
    settled: bool = False


STANDARD = Scenario("standard", (
    Step("relance_informelle", "email", SRC, "relance-informelle", after_due=5),
    Step("relance_amiable", "email", SRC, "relance-amiable", after_due=15),
    Step("appel", "phone", SRC, "appel", after_due=22),
    Step("relance_ferme", "letter", SRC, "relance-ferme", after_due=30),
    Step("mise_en_demeure", "lrar", SRC, "mise-en-demeure", after_due=45, deadline_days=15, formal_notice=True),
    Step("injonction_de_payer", "court", SRC, "requete-injonction", after_step="mise_en_demeure", after_days=15),
), SRC)
PROJECT = Project("t", {"default": Creditor("default", "Atelier Martin SAS", SRC)}, SRC, scenarios={"standard": STANDARD})


def make(case_id: str, name: str, due: dt.date, total: str, *events: Event, kind: str = "professional",
         phone: str | None = None, settled: bool = False, prescription: dt.date = D(2031, 1, 1)) -> tuple[Case, scenario.Ladder, FakeStatement]:
    debtor = Debtor(name, kind, SRC, address=("1 rue de la République", "69002 Lyon"), phone=phone)  # type: ignore[arg-type]
    inv = Invoice("F1", due - dt.timedelta(days=30), due, Decimal(total), SRC)
    c = Case(case_id, f"cases/{case_id}.yaml", debtor, (inv,), SRC, events=events)
    st = FakeStatement(Decimal(total), Decimal(total), None if settled else due, prescription, settled=settled)
    return c, scenario.ladder(c, PROJECT, AS_OF, st), st


def portfolio():
    return [
        # nothing done, due 3 March: two steps overdue (fold into the amicable reminder), two coming
        make("2026-014-dupont", "Dupont Rénovation SARL", D(2026, 3, 3), "4840.00", phone="+33 4 72 00 00 01"),
        # due 15 March: the informal reminder is due today (+5), the amicable one on 30 March
        make("2026-015-martin", "M. Paul Martin", D(2026, 3, 15), "620.50", kind="consumer", phone="+33 6 39 98 00 02"),
        # redressement published 2 February: declare at once (due since 2 February), forclusion on 2 April
        make("2026-016-bati-sud", "Bâti Sud SAS", D(2026, 1, 5), "12000.00",
             Event(D(2026, 1, 28), "insolvency", SRC, procedure="redressement", published=D(2026, 2, 2))),
        # formal notice received 23 February: the court step is due since 10 March; prescription near
        make("2026-017-lenoir", "Garage Lenoir EURL", D(2026, 1, 5), "1250.00",
             Event(D(2026, 2, 20), "sent", SRC, step="mise_en_demeure", received=D(2026, 2, 23)), prescription=D(2026, 5, 1)),
        # paid: nothing to do
        make("2026-018-paye", "Paye & Fils SARL", D(2026, 1, 5), "0.00", settled=True),
    ]


def test_agenda_buckets_overdue_today_and_next_days():
    ag = agenda.agenda(portfolio(), AS_OF, 14)
    assert [(i.case_id, i.step, i.due, i.kind) for i in ag.overdue] == [
        ("2026-016-bati-sud", "declaration_creance", D(2026, 2, 2), "file"),
        ("2026-017-lenoir", "injonction_de_payer", D(2026, 3, 10), "file"),
        ("2026-014-dupont", "relance_amiable", D(2026, 3, 18), "send"),
    ]
    assert ag.overdue[0].label == "Déclarer la créance au mandataire judiciaire (forclusion le 02/04/2026)"
    assert [(i.case_id, i.step, i.due) for i in ag.today] == [("2026-015-martin", "relance_informelle", D(2026, 3, 20))]
    assert [(i.case_id, i.step, i.due, i.kind) for i in ag.upcoming] == [
        ("2026-014-dupont", "appel", D(2026, 3, 25), "call"),
        ("2026-015-martin", "relance_amiable", D(2026, 3, 30), "send"),
        ("2026-014-dupont", "relance_ferme", D(2026, 4, 2), "send"),
    ]
    assert ag.overdue[2].earlier == 1     # the informal reminder of 9 March folds into it
    assert ag.overdue[2].amount == Decimal("4840.00")


def test_a_declaration_of_claim_is_listed_whatever_its_distance():
    # recorded 20 March, published 15 April (beyond the 14 days): listed, in the last section, with its limit
    c = make("2026-019-bois", "Bois & Cie SAS", D(2026, 1, 5), "900.00",
             Event(D(2026, 3, 18), "insolvency", SRC, procedure="sauvegarde", published=D(2026, 4, 15)))
    ag = agenda.agenda([c], AS_OF, 14)
    assert [(i.bucket, i.step, i.due, i.label) for i in ag.items] == [
        ("later", "declaration_creance", D(2026, 4, 15), "Déclarer la créance au mandataire judiciaire (forclusion le 15/06/2026)")]


def test_agenda_window_is_the_next_n_days():
    ag = agenda.agenda(portfolio(), AS_OF, 7)   # up to 27 March
    assert [(i.case_id, i.step) for i in ag.upcoming] == [("2026-014-dupont", "appel")]
    assert len(agenda.agenda(portfolio(), AS_OF, 0).upcoming) == 0


def test_agenda_groups_by_kind_with_totals_counting_each_case_once():
    ag = agenda.agenda(portfolio(), AS_OF, 14)
    got = [(kind, label, [i.step for i in items], total) for kind, label, items, total in agenda.groups(ag.upcoming)]
    assert got == [
        ("send", "À envoyer", ["relance_amiable", "relance_ferme"], Decimal("5460.50")),   # 620,50 + 4 840,00
        ("call", "À appeler", ["appel"], Decimal("4840.00")),
    ]


def test_format_text_for_dossier_due():
    text = agenda.format_text(agenda.agenda(portfolio(), AS_OF, 14)).replace("\u00a0", " ").replace("\u202f", " ")
    assert text == (
        "Agenda au 20 mars 2026 : 3 en retard, 1 aujourd’hui, 3 dans les 14 prochains jours\n"
        "\n"
        "EN RETARD\n"
        "  À envoyer — 1 dossier, 4 840,00 €\n"
        "    18/03/2026 (+2 j)   2026-014-dupont    Dupont Rénovation SARL   4 840,00 €  Relance amiable (courriel), remplace 1 étape en retard\n"
        "  À déposer — 2 dossiers, 13 250,00 €\n"
        "    02/02/2026 (+46 j)  2026-016-bati-sud  Bâti Sud SAS            12 000,00 €  Déclarer la créance au mandataire judiciaire (forclusion le 02/04/2026)\n"
        "    10/03/2026 (+10 j)  2026-017-lenoir    Garage Lenoir EURL       1 250,00 €  Requête en injonction de payer (tribunal) — prescription le 1er mai 2026\n"
        "\n"
        "AUJOURD’HUI, 20 MARS 2026\n"
        "  À envoyer — 1 dossier, 620,50 €\n"
        "    20/03/2026          2026-015-martin    M. Paul Martin             620,50 €  Relance informelle (courriel)\n"
        "\n"
        "DANS LES 14 PROCHAINS JOURS\n"
        "  À envoyer — 2 dossiers, 5 460,50 €\n"
        "    30/03/2026          2026-015-martin    M. Paul Martin             620,50 €  Relance amiable (courriel)\n"
        "    02/04/2026          2026-014-dupont    Dupont Rénovation SARL   4 840,00 €  Relance ferme (courrier)\n"
        "  À appeler — 1 dossier, 4 840,00 €\n"
        "    25/03/2026          2026-014-dupont    Dupont Rénovation SARL   4 840,00 €  Appel (téléphone), +33 4 72 00 00 01\n"
    )


def test_format_text_shortens_long_debtor_names():
    c = make("2026-038-vallons", "Communauté de communes des Vallons du Lyonnais", D(2026, 3, 3), "3826.46", kind="public")
    line = agenda.format_text(agenda.agenda([c], AS_OF, 0)).splitlines()[4]
    assert "Communauté de communes des Vall…  " in line


def test_format_text_with_nothing_to_do():
    assert agenda.format_text(agenda.agenda([], AS_OF, 14)) == (
        "Agenda au 20\u00a0mars\u00a02026\u00a0: 0 en retard, 0 aujourd’hui, 0 dans les 14 prochains jours\n\nRien à faire.\n")


def test_to_json():
    got = agenda.to_json(agenda.agenda(portfolio(), AS_OF, 14))
    assert got["as_of"] == "2026-03-20" and got["days"] == 14
    assert got["overdue"][0]["label"] == "Déclarer la créance au mandataire judiciaire (forclusion le 02/04/2026)"
    assert got["overdue"][1] == {
        "case": "2026-017-lenoir", "debtor": "Garage Lenoir EURL", "step": "injonction_de_payer",
        "label": "Requête en injonction de payer", "due": "2026-03-10", "channel": "court", "kind": "file",
        "amount": "1250.00", "days_late": 10, "earlier": 0, "prescription": "2026-05-01", "alert": False,
    }
    assert got["today"][0]["prescription"] is None
    assert [x["step"] for x in got["today"]] == ["relance_informelle"]
    assert len(got["upcoming"]) == 3
    assert got["later"] == []


def test_step_labels():
    assert agenda.step_label("mise_en_demeure") == "Mise en demeure"
    assert agenda.step_label("relance_7") == "Relance 7"


def test_demo_portfolio_agenda_and_its_icalendar_feed():
    from pathlib import Path

    from dossier.build import load_and_compute

    as_of = D(2026, 11, 24)
    repo, results, issues = load_and_compute(Path(__file__).resolve().parents[2], as_of)
    assert repo is not None, [str(i) for i in issues]
    ag = agenda.agenda([(r.case, r.ladder, r.statement) for r in results], as_of, 14)
    by_case = {(i.case_id, i.step): i for i in ag.items}
    # the formal notice after a missed instalment, received 9 November 2026: eight days to pay it (to 17 November),
    # then fifteen to pay the balance made exigible: the court request comes on 2 December
    item = by_case[("2026-022-cave-roux", "injonction_de_payer")]
    assert (item.bucket, item.due) == ("upcoming", D(2026, 12, 2))
    # a consumer claim time-barred after 9 January 2027: the agenda says so
    assert by_case[("2025-004-bertin", "injonction_de_payer")].prescription == D(2027, 1, 9)
    # nothing for a paid claim, a kept plan, an open dispute
    assert not {i.case_id for i in ag.items} & {"2026-026-moreau", "2026-020-boulangerie-klein", "2026-032-hotel-des-terreaux"}
    # insolvency: only the declaration, due at once (since the BODACC of 29 October), forclusion on 29 December 2026
    assert [(i.bucket, i.step, i.due, i.label) for i in ag.items if i.case_id == "2026-023-agencements-perrin"] == [
        ("overdue", "declaration_creance", D(2026, 10, 29), "Déclarer la créance au mandataire judiciaire (forclusion le 29/12/2026)")]
    # filed 14 October, order of 27 October 2026 (3-month rule): serve by 27 January 2027, and nothing else
    assert [(i.bucket, i.step, i.due, i.kind) for i in ag.items if i.case_id == "2026-027-garnier"] == [
        ("later", "signification", D(2027, 1, 27), "follow")]
    assert "Faire signifier l’ordonnance du 27\u00a0octobre\u00a02026 par un commissaire de justice au plus tard le " \
           "27\u00a0janvier\u00a02027" in agenda.format_text(ag)
    # the site's calendar (site/calendar.py, tests/site/test_agenda_ics.py) has every action once, at its date
    # or, overdue, on the as-of date, and one event per instalment to come (the kept plan of 2026-020)
    from dossier.site import calendar, home

    events = icalendar.Calendar.from_ical(calendar.to_ics(results, ag, as_of, home.claim_class, "agenda")).walk("VEVENT")
    uids = {str(e["uid"]): e.decoded("dtstart") for e in events}
    assert {f"{i.case_id}-{i.step}@dossier": max(i.due, as_of) for i in ag.items}.items() <= uids.items()
    assert uids["2026-020-boulangerie-klein-echeance-5@dossier"] == D(2026, 11, 30)
    assert uids["2026-020-boulangerie-klein-echeance-6@dossier"] == D(2026, 12, 31)
    assert len(uids) == len(events)
    # `dossier due` lists the instalment of the next 14 days, not the one of 31 December
    text = agenda.format_text(ag)
    assert ("30/11/2026          2026-020-boulangerie-klein        Boulangerie Klein SARL             "
            f"{euros(Decimal('1220'))}  Échéance 5/6 de l’échéancier du 10\u00a0juillet\u00a02026, à venir") in text
    assert "Échéance 6/6" not in text
    assert [(i["step"], i["due"], i["amount"]) for i in agenda.to_json(ag)["instalments"]] == [
        ("echeance-5", "2026-11-30", "1220.00"), ("echeance-6", "2026-12-31", "1220.00")]


# --- after filing: the court deadlines -------------------------------------------------------------------


def filed(case_id: str, as_of: dt.date, *events: Event, prescription: dt.date = D(2031, 1, 1)):
    """A claim of 5 000,00 € filed on 1 June 2026, then the given events, seen on `as_of`."""
    debtor = Debtor("Menuiserie Test SARL", "professional", SRC, address=("1 rue de la République", "69002 Lyon"))  # type: ignore[arg-type]
    inv = Invoice("F1", D(2026, 1, 5), D(2026, 2, 4), Decimal("5000.00"), SRC)
    journal = (Event(D(2026, 3, 23), "sent", SRC, step="mise_en_demeure", received=D(2026, 3, 25)),
               Event(D(2026, 6, 1), "filed", SRC)) + events
    c = Case(case_id, f"cases/{case_id}.yaml", debtor, (inv,), SRC, events=journal)
    st = FakeStatement(Decimal("5000.00"), Decimal("5312.40"), D(2026, 2, 4), prescription)
    lad = scenario.ladder(c, PROJECT, as_of, st)
    assert lad.status == "litigation"
    return c, lad, st


def order(day: dt.date) -> Event:
    return Event(day, "order", SRC)


def served(day: dt.date) -> Event:
    return Event(day, "served", SRC)


def lines(ag: agenda.Agenda) -> list[tuple[str, str, dt.date, str, str]]:
    return [(i.bucket, i.step, i.due, i.kind, i.label.replace("\u00a0", " ")) for i in ag.items]


def test_a_filed_case_without_order_has_nothing_in_the_agenda_not_even_its_ladder():
    ag = agenda.agenda([filed("2026-040-a", D(2026, 11, 24))], D(2026, 11, 24), 14)
    assert ag.items == ()


def test_service_deadline_six_months_for_an_order_before_1_september_2026():
    # 31 August 2026 + 6 months = 28 February 2027, a Sunday → Monday 1 March 2027; far away: the "later" section
    ag = agenda.agenda([filed("2026-040-a", D(2026, 11, 24), order(D(2026, 8, 31)))], D(2026, 11, 24), 14)
    assert lines(ag) == [("later", "signification", D(2027, 3, 1), "follow",
                          "Faire signifier l’ordonnance du 31 août 2026 par un commissaire de justice au plus tard "
                          "le 1er mars 2027 (délai de 6 mois, art. 1411 CPC)")]
    assert ag.later[0].channel == "commissaire" and ag.later[0].amount == Decimal("5312.40")


def test_service_deadline_three_months_for_an_order_from_1_september_2026():
    # 1 September 2026 + 3 months = 1 December 2026: within the next 14 days of 24 November
    ag = agenda.agenda([filed("2026-040-a", D(2026, 11, 24), order(D(2026, 9, 1)))], D(2026, 11, 24), 14)
    assert lines(ag) == [("upcoming", "signification", D(2026, 12, 1), "follow",
                          "Faire signifier l’ordonnance du 1er septembre 2026 par un commissaire de justice au plus "
                          "tard le 1er décembre 2026 (délai de 3 mois, art. 1411 CPC)")]
    assert [label for _, label, _, _ in agenda.groups(ag.upcoming)] == ["À suivre (procédure)"]


def test_service_deadline_carries_a_near_prescription_only_service_interrupts_it():
    c = filed("2026-040-a", D(2026, 11, 24), order(D(2026, 9, 1)), prescription=D(2027, 1, 9))
    [item] = agenda.agenda([c], D(2026, 11, 24), 14).items
    assert item.prescription == D(2027, 1, 9)


def test_a_lapsed_order_is_flagged_overdue():
    # order of 1 September 2026 not served by 1 December 2026: non avenue from the 2nd
    ag = agenda.agenda([filed("2026-040-a", D(2026, 12, 2), order(D(2026, 9, 1)))], D(2026, 12, 2), 14)
    assert lines(ag) == [("overdue", "ordonnance_non_avenue", D(2026, 12, 1), "follow",
                          "Ordonnance du 1er septembre 2026 non avenue — non signifiée dans le délai de 3 mois "
                          "(art. 1411 CPC) : présenter une nouvelle requête")]
    assert ag.overdue[0].alert
    line = agenda.format_text(ag).splitlines()[4]
    assert line.startswith("    01/12/2026 (+1 j)") and "⚠ Ordonnance du 1er\u00a0septembre\u00a02026 non avenue" in line
    # served too late: the same flag, with the date of the late service
    late = agenda.agenda([filed("2026-040-a", D(2026, 12, 10), order(D(2026, 9, 1)), served(D(2026, 12, 2)))],
                         D(2026, 12, 10), 14)
    assert lines(late)[0][4] == ("Ordonnance du 1er septembre 2026 non avenue — signifiée le 2 décembre 2026, après le "
                                 "délai de 3 mois (art. 1411 CPC) : présenter une nouvelle requête")
    assert agenda.to_json(late)["overdue"][0]["alert"] is True


def test_opposition_window_after_service_then_enforceable_new_regime():
    # order 15 Sept 2026 (3-month regime), served 3 Dec 2026: opposition until 3 Jan 2027, a Sunday → 4 Jan;
    # enforceable 2 months + 1 day after service if the greffe notified no opposition: 4 Feb 2027
    events = (order(D(2026, 9, 15)), served(D(2026, 12, 3)))
    ag = agenda.agenda([filed("2026-040-a", D(2026, 12, 24), *events)], D(2026, 12, 24), 14)
    assert lines(ag) == [
        ("upcoming", "delai_opposition", D(2027, 1, 4), "follow",
         "Fin du délai d’opposition du débiteur (1 mois après la signification du 3 décembre 2026, art. 1416 CPC)"),
        ("later", "execution", D(2027, 2, 4), "follow",
         "Ordonnance exécutoire si le greffe n’a notifié aucune opposition (décret 2026-96) — faire exécuter par un "
         "commissaire de justice"),
    ]
    assert [i.channel for i in ag.items] == ["greffe", "commissaire"]
    # once the window has closed, only enforceability is left; after its date it is an action due
    after = agenda.agenda([filed("2026-040-a", D(2027, 2, 10), *events)], D(2027, 2, 10), 14)
    assert lines(after) == [("overdue", "execution", D(2027, 2, 4), "follow", lines(ag)[1][4])]
    assert agenda.to_json(after)["overdue"][0]["days_late"] == 6


def test_enforceable_the_day_after_the_opposition_window_old_regime():
    # order 27 Feb 2026 (6-month regime), served 15 March 2026: opposition until 15 April, enforceable 16 April
    ag = agenda.agenda([filed("2026-040-a", D(2026, 4, 15), order(D(2026, 2, 27)), served(D(2026, 3, 15)))],
                       D(2026, 4, 15), 14)
    assert [(i.bucket, i.step, i.due) for i in ag.items] == [
        ("today", "delai_opposition", D(2026, 4, 15)), ("upcoming", "execution", D(2026, 4, 16))]
    assert ag.upcoming[0].label == ("Ordonnance exécutoire faute d’opposition (art. 1422 CPC) — faire exécuter par un "
                                    "commissaire de justice")


def test_an_opposition_ends_the_court_deadlines():
    events = (order(D(2026, 2, 27)), served(D(2026, 3, 15)), Event(D(2026, 4, 2), "opposition", SRC))
    assert agenda.agenda([filed("2026-040-a", D(2026, 4, 3), *events)], D(2026, 4, 3), 14).items == ()


def ics(portfolio, ag) -> bytes:
    """The site's calendar (site/calendar.py) of a portfolio of (case, ladder, statement), filed cases only."""
    from types import SimpleNamespace

    from dossier.site import calendar

    results = [SimpleNamespace(case=c, ladder=ld, statement=st) for c, ld, st in portfolio]
    return calendar.to_ics(results, ag, ag.as_of, lambda r: "filed", "Recouvrement — agenda")


def test_court_deadlines_in_text_json_and_icalendar():
    as_of = D(2026, 11, 24)
    portfolio = [
        filed("2026-040-a", as_of, order(D(2026, 9, 1))),                          # serve by 1 Dec: next days
        filed("2026-041-b", as_of, order(D(2026, 10, 27))),                        # serve by 27 Jan 2027: later
        filed("2026-042-c", as_of, order(D(2026, 7, 1)), served(D(2026, 10, 30))),  # opposition until 30 Nov
    ]
    ag = agenda.agenda(portfolio, as_of, 14)
    text = agenda.format_text(ag).replace("\u00a0", " ").replace("\u202f", " ")
    assert text == (
        "Agenda au 24 novembre 2026 : 0 en retard, 0 aujourd’hui, 3 dans les 14 prochains jours, "
        "1 délai de procédure plus tard\n"
        "\n"
        "DANS LES 14 PROCHAINS JOURS\n"
        "  À suivre (procédure) — 2 dossiers, 10 624,80 €\n"
        "    30/11/2026          2026-042-c  Menuiserie Test SARL  5 312,40 €  Fin du délai d’opposition du débiteur "
        "(1 mois après la signification du 30 octobre 2026, art. 1416 CPC)\n"
        "    01/12/2026          2026-040-a  Menuiserie Test SARL  5 312,40 €  Faire signifier l’ordonnance du "
        "1er septembre 2026 par un commissaire de justice au plus tard le 1er décembre 2026 (délai de 3 mois, "
        "art. 1411 CPC)\n"
        "    01/12/2026          2026-042-c  Menuiserie Test SARL  5 312,40 €  Ordonnance exécutoire faute "
        "d’opposition (art. 1422 CPC) — faire exécuter par un commissaire de justice\n"
        "\n"
        "PLUS TARD : DÉLAIS DE PROCÉDURE AU-DELÀ DE 14 JOURS\n"
        "  À suivre (procédure) — 1 dossier, 5 312,40 €\n"
        "    27/01/2027          2026-041-b  Menuiserie Test SARL  5 312,40 €  Faire signifier l’ordonnance du "
        "27 octobre 2026 par un commissaire de justice au plus tard le 27 janvier 2027 (délai de 3 mois, "
        "art. 1411 CPC)\n"
    )
    got = agenda.to_json(ag)
    assert [(x["case"], x["step"], x["due"], x["kind"], x["channel"]) for x in got["upcoming"]] == [
        ("2026-042-c", "delai_opposition", "2026-11-30", "follow", "greffe"),
        ("2026-040-a", "signification", "2026-12-01", "follow", "commissaire"),
        ("2026-042-c", "execution", "2026-12-01", "follow", "commissaire"),
    ]
    assert got["later"] == [{
        "case": "2026-041-b", "debtor": "Menuiserie Test SARL", "step": "signification",
        "label": "Faire signifier l’ordonnance du 27\u00a0octobre\u00a02026 par un commissaire de justice au plus tard "
                 "le 27\u00a0janvier\u00a02027 (délai de 3 mois, art. 1411 CPC)",
        "due": "2027-01-27", "channel": "commissaire", "kind": "follow", "amount": "5312.40", "days_late": 0,
        "earlier": 0, "prescription": None, "alert": False,
    }]
    data = ics(portfolio, ag)
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [(str(e["uid"]), e.decoded("dtstart"), e.decoded("dtend")) for e in events] == [
        ("2026-042-c-delai_opposition@dossier", D(2026, 11, 30), D(2026, 12, 1)),
        ("2026-040-a-signification@dossier", D(2026, 12, 1), D(2026, 12, 2)),
        ("2026-042-c-execution@dossier", D(2026, 12, 1), D(2026, 12, 2)),
        ("2026-041-b-signification@dossier", D(2027, 1, 27), D(2027, 1, 28)),   # past the horizon, still in the feed
    ]
    assert str(events[3]["summary"]) == ("Délai légal\u00a0: Faire signifier l’ordonnance du 27\u00a0octobre"
                                         "\u00a02026 par un commissaire de justice au plus tard le 27\u00a0janvier"
                                         "\u00a02027 (délai de 3 mois, art. 1411 CPC) — Menuiserie Test SARL")
    assert str(events[3]["description"]).split("\n")[2:] == [
        "Échéance\u00a0: 27\u00a0janvier\u00a02027 (commissaire de justice)", "Montant\u00a0: 5\u202f312,40\u00a0€",
        "Fiche du dossier\u00a0: cases/2026-041-b/index.html"]
    assert [str(a["action"]) for a in events[3].walk("VALARM")] == ["DISPLAY"]   # a legal deadline: a reminder before it
    # the UID stays when the date moves: a later as-of gives the same event, updated, not a second one
    again = icalendar.Calendar.from_ical(ics(portfolio, agenda.agenda(portfolio, D(2026, 11, 25), 14))).walk("VEVENT")
    assert {str(e["uid"]) for e in again} == {str(e["uid"]) for e in events}

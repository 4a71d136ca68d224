"""agenda.ics on the demo portfolio on 24 November 2026: the legal deadlines with their reminders, overdue actions once
on the as-of date, nothing in the past, a link to each case page, stable UIDs; the options of ``site:``."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

from dossier.build import build_site, load_and_compute
from dossier.ladder import agenda as agenda_mod
from dossier.records.model import SiteOptions
from dossier.site import calendar, home

DATE = dt.date(2026, 11, 24)


def feed(repo: Path, options: SiteOptions | None = None) -> bytes:
    _, results, issues = load_and_compute(repo, DATE)
    ag = agenda_mod.agenda([(r.case, r.ladder, r.statement) for r in results], DATE, home.AGENDA_DAYS)
    return calendar.to_ics(results, ag, DATE, home.claim_class, "Recouvrement — agenda", options)


def by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def alarms(event) -> list[tuple[str, dt.timedelta]]:
    return [(str(a["ACTION"]), a.decoded("TRIGGER")) for a in event.walk("VALARM")]


def test_the_prescription_and_the_forclusion_are_events_with_a_reminder_a_week_before(demo_repo: Path):
    events = by_uid(feed(demo_repo))
    bertin = events["2025-004-bertin-prescription@dossier"]
    assert bertin.decoded("DTSTART") == dt.date(2027, 1, 9) and bertin.decoded("DTEND") == dt.date(2027, 1, 10)
    assert str(bertin["SUMMARY"]) == "Délai légal\u00a0: prescription de la créance — Mme Nathalie Bertin"
    assert alarms(bertin) == [("DISPLAY", dt.timedelta(days=-7))]
    assert str(bertin.walk("VALARM")[0]["DESCRIPTION"]) == (
        "Dans 7 jours\u00a0: Délai légal\u00a0: prescription de la créance — Mme Nathalie Bertin")
    assert "Prescription de l’action en paiement le 9\u00a0janvier\u00a02027" in str(bertin["DESCRIPTION"])
    assert [str(c) for c in bertin["CATEGORIES"].cats] == ["Délai légal"]
    perrin = events["2026-023-agencements-perrin-forclusion@dossier"]
    assert perrin.decoded("DTSTART") == dt.date(2026, 12, 29)
    assert str(perrin["SUMMARY"]) == "Délai légal\u00a0: forclusion de la déclaration de créance — Agencements Perrin SAS"
    assert "art. L622-26 C. com." in str(perrin["DESCRIPTION"]) and "Montant\u00a0: 5\u202f625,22\u00a0€" in str(perrin["DESCRIPTION"])
    assert alarms(perrin) == [("DISPLAY", dt.timedelta(days=-7))]
    # the service of Garnier's order is a legal deadline too
    serve = events["2026-027-garnier-signification@dossier"]
    assert serve.decoded("DTSTART") == dt.date(2027, 1, 27) and alarms(serve) == [("DISPLAY", dt.timedelta(days=-7))]
    assert str(serve["SUMMARY"]).startswith("Délai légal\u00a0: Faire signifier l’ordonnance du 27\u00a0octobre\u00a02026")
    # no prescription for a claim time-barred (Café des Canuts), declared (Perrin), paid or closed
    assert "2021-037-cafe-des-canuts-prescription@dossier" not in events
    assert "2026-023-agencements-perrin-prescription@dossier" not in events
    # an ordinary action has no reminder: it is the day's work
    assert alarms(events["2026-019-pharmacie-des-brotteaux-mise_en_demeure@dossier"]) == []


def test_overdue_actions_are_listed_once_on_the_as_of_date_and_nothing_is_in_the_past(demo_repo: Path):
    events = by_uid(feed(demo_repo))
    assert min(e.decoded("DTSTART") for e in events.values()) == DATE
    bertin = events["2025-004-bertin-injonction_de_payer@dossier"]   # due on 31 March 2025
    assert bertin.decoded("DTSTART") == DATE
    assert str(bertin["SUMMARY"]) == ("À déposer\u00a0: Requête en injonction de payer — Mme Nathalie Bertin "
                                      "(en retard, prévue le 31/03/2025)")
    assert "En retard de 603 jours" in str(bertin["DESCRIPTION"])
    late = [uid for uid, e in events.items() if "en retard" in str(e["SUMMARY"])]
    assert sorted(late) == sorted(f"{c}@dossier" for c in (
        "2025-004-bertin-injonction_de_payer", "2026-014-dupont-injonction_de_payer",
        "2026-023-agencements-perrin-declaration_creance", "2026-028-brasserie-du-parc-mise_en_demeure",
        "2026-031-fromagerie-vasseur-injonction_de_payer", "2026-033-ferrand-mise_en_demeure",
        "2026-038-vallons-du-lyonnais-relance_informelle"))
    assert all(events[uid].decoded("DTSTART") == DATE for uid in late)


def test_instalments_to_come_have_a_reminder(demo_repo: Path):
    events = by_uid(feed(demo_repo))
    klein = events["2026-020-boulangerie-klein-echeance-5@dossier"]
    assert klein.decoded("DTSTART") == dt.date(2026, 11, 30)
    assert str(klein["SUMMARY"]) == "Paiement attendu\u00a0: 1\u202f220,00\u00a0€ — Boulangerie Klein SARL"
    assert alarms(klein) == [("DISPLAY", dt.timedelta(days=-7))]
    assert [str(c) for c in klein["CATEGORIES"].cats] == ["Échéancier"]


def test_each_event_links_its_case_page_relative_or_under_the_configured_address(demo_repo: Path):
    events = by_uid(feed(demo_repo))
    assert str(events["2025-004-bertin-prescription@dossier"]["URL"]) == "cases/2025-004-bertin/index.html"
    assert all(str(e["URL"]) == f"cases/{uid.split('-prescription')[0]}/index.html"
               for uid, e in events.items() if uid.endswith("-prescription@dossier"))
    events = by_uid(feed(demo_repo, SiteOptions(reminder_days=3, url="https://intranet.example/recouvrement/")))
    bertin = events["2025-004-bertin-prescription@dossier"]
    assert str(bertin["URL"]) == "https://intranet.example/recouvrement/cases/2025-004-bertin/index.html"
    assert "Fiche du dossier\u00a0: https://intranet.example/recouvrement/cases/2025-004-bertin/index.html" in str(bertin["DESCRIPTION"])
    assert alarms(bertin) == [("DISPLAY", dt.timedelta(days=-3))]


def test_the_options_come_from_dossier_yaml(demo_repo: Path, tmp_path: Path):
    path = demo_repo / "dossier.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  title: Recouvrement — Atelier Martin\n",
        "  title: Recouvrement — Atelier Martin\n  reminder_days: 10\n  url: https://intranet.example/recouvrement\n", 1)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    assert not build_site(demo_repo, out, DATE, pdf=False).failed
    bertin = by_uid((out / "agenda.ics").read_bytes())["2025-004-bertin-prescription@dossier"]
    assert str(bertin["URL"]) == "https://intranet.example/recouvrement/cases/2025-004-bertin/index.html"
    assert alarms(bertin) == [("DISPLAY", dt.timedelta(days=-10))]
    assert b"TRIGGER:-P10D\r\n" in (out / "agenda.ics").read_bytes()


def test_a_wrong_option_is_an_error_at_its_line(demo_repo: Path):
    from dossier.records.config import load_project

    path = demo_repo / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  title: Recouvrement — Atelier Martin\n", "  title: Recouvrement — Atelier Martin\n  reminder_days: 400\n", 1),
        encoding="utf-8")
    project, issues = load_project(demo_repo)
    assert project is None
    assert [str(i) for i in issues] == ["dossier.yaml:5:18: site.reminder_days: expected a whole number of at most 90, got 400"]


def test_the_feed_is_deterministic_and_its_uids_unique(demo_repo: Path):
    a, b = feed(demo_repo), feed(demo_repo)
    assert a == b
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(a).walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 30

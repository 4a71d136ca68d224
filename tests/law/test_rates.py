"""Rate tables: the shipped data, its sources and provisional flags, the derived anchors, overrides."""
from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal as D

from dossier.records.errors import Source
from dossier.law import rates
from dossier.records.model import Project, RateOverride

S = Source("dossier.yaml", 12, 5)
day = dt.date.fromisoformat


def project(*overrides: RateOverride) -> Project:
    return Project("t", {}, S, rates=tuple(overrides))


def test_builtin_tables_load_cleanly_and_are_read_once():
    tables, issues = rates.load_tables(None)
    assert issues == []
    assert rates.load_tables(None)[0] is tables
    assert rates.load_tables(project())[0] is tables


def test_ecb_anchor_is_the_rate_in_force_on_1_january_or_1_july():
    t = rates.builtin_tables()
    # 2013-S2: 0.50 since 08/05/2013; 2024-S1: 4.50 since 20/09/2023; 2025-S1: 3.15 since 18/12/2024.
    assert t.ecb_anchor(day("2013-09-30")).rate == D("0.50")
    assert t.ecb_anchor(day("2024-06-30")).rate == D("4.50")
    assert t.ecb_anchor(day("2025-01-01")).rate == D("3.15")
    assert t.ecb_anchor(day("2026-03-04")).rate == D("2.15")
    assert t.ecb_on(day("2024-09-17")).rate == D("4.25") and t.ecb_on(day("2024-09-18")).rate == D("3.65")
    assert t.ecb_on(day("2011-12-13")) is None
    # Known up to its last row (1 July 2026, provisional): later days carry it forward, provisional.
    row = t.ecb_anchor(day("2026-12-31"))
    assert (row.rate, row.provisional, row.start, row.carried) == (D("2.40"), True, day("2026-07-01"), False)
    later = t.ecb_anchor(day("2027-01-01"))
    assert (later.table, later.rate, later.provisional, later.start, later.carried_from, later.source, later.origin) == (
        "ecb_mro", D("2.40"), True, day("2027-01-01"), day("2026-07-01"),
        "carried forward from 2026-S2: no rate known for 2027-S1", row.origin)
    assert t.ecb_anchor(day("2028-09-30")).source == "carried forward from 2026-S2: no rate known for 2028-S2"


def test_legal_rates_by_half_year():
    t = rates.builtin_tables()
    assert t.legal("legal_autres_cas", day("2025-03-01")).rate == D("3.71")
    assert t.legal("legal_particuliers", day("2025-03-01")).rate == D("7.21")
    assert t.legal("legal_autres_cas", day("2026-06-30")).rate == D("2.62")
    assert t.legal("legal_particuliers", day("2026-07-01")).rate == D("6.84")
    assert t.legal("legal_autres_cas", day("2026-07-01")).provisional is True
    assert t.legal("legal_autres_cas", day("2014-12-31")) is None
    # A half-year not published yet carries the last known one forward, provisional.
    row = t.legal("legal_autres_cas", day("2027-01-01"))
    assert (row.rate, row.provisional, row.start, row.carried_from, row.source) == (
        D("2.75"), True, day("2027-01-01"), day("2026-07-01"), "carried forward from 2026-S2: no rate known for 2027-S1")
    row = t.legal("legal_particuliers", day("2028-12-31"))
    assert (row.rate, row.start, row.source) == (D("6.84"), day("2028-07-01"), "carried forward from 2026-S2: no rate known for 2028-S2")


def test_every_row_has_a_source_and_only_2026_s2_is_provisional():
    t = rates.builtin_tables()
    for table in (t.ecb_mro, t.legal_autres_cas, t.legal_particuliers):
        for row in table:
            assert row.source, row
            assert row.provisional == (row.start == day("2026-07-01")), row
            assert row.origin.path.startswith("dossier/law/data/")


def test_shipped_l441_10_semesters_agree_with_the_ecb_table():
    t = rates.builtin_tables()
    with (rates.DATA / "l441_10_semesters.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 30 and rows[0]["semester"] == "2012-S1" and rows[-1]["semester"] == "2026-S2"
    for r in rows:
        anchor = t.ecb_anchor(day(r["start"]))
        assert rates.half_label(day(r["start"])) == r["semester"]
        assert anchor.rate == D(r["ecb_rate"]), r
        assert D(r["rate"]) == anchor.rate + 10, r
        assert (r["provisional"] == "yes") == anchor.provisional, r
        assert r["source"]


def test_half_years():
    assert rates.half_start(day("2026-06-30")) == day("2026-01-01")
    assert rates.half_end(day("2026-07-01")) == day("2026-12-31")
    assert rates.half_label(day("2026-07-01")) == "2026-S2"
    assert rates.half_label_fr(day("2026-03-01")) == "premier semestre 2026"
    assert rates.half_label_fr(day("2026-09-01")) == "second semestre 2026"


def test_overrides_add_and_replace_rows():
    tables, issues = rates.load_tables(project(
        RateOverride("ecb_mro", day("2026-07-01"), D("2.15"), "BCE, communiqué du 11 juin 2026", S),
        RateOverride("legal_autres_cas", day("2026-07-01"), D("2.80"), "arrêté du 20 juin 2026", S),
        RateOverride("legal_particulier", day("2027-01-01"), D("6.50"), "arrêté du 20 décembre 2026", S),
    ))
    assert issues == []
    row = tables.ecb_anchor(day("2026-08-01"))
    assert (row.rate, row.provisional, row.source, row.origin) == (D("2.15"), False, "BCE, communiqué du 11 juin 2026", S)
    assert tables.legal("legal_autres_cas", day("2026-08-01")).rate == D("2.80")
    assert tables.legal("legal_particuliers", day("2027-02-01")).rate == D("6.50")   # old spelling accepted
    assert len(tables.legal_autres_cas) == len(rates.builtin_tables().legal_autres_cas)   # replaced, not added
    assert rates.builtin_tables().ecb_anchor(day("2026-08-01")).rate == D("2.40")     # built-ins untouched


def test_bad_overrides_are_issues_naming_the_place():
    _, issues = rates.load_tables(project(
        RateOverride("euribor", day("2026-07-01"), D("2.15"), "x", S),
        RateOverride("legal_autres_cas", day("2026-08-01"), D("2.80"), "x", Source("dossier.yaml", 14, 7)),
    ))
    assert [str(i) for i in issues] == [
        "dossier.yaml:12:5: rates: unknown table 'euribor' (expected one of ecb_mro, legal_autres_cas, legal_particuliers)",
        "dossier.yaml:14:7: rates: legal_autres_cas is fixed per half-year and must start on 1 January or 1 July, got 2026-08-01",
    ]


def test_missing_rate_message():
    assert rates.missing_rate_message("legal_autres_cas", day("2027-03-01")) == (
        "no legal interest rate (autres cas) known for 2027-S1; add it to dossier.yaml: "
        "`rates: [{table: legal_autres_cas, from: 2027-01-01, rate: <percent>, source: \"<where it was published>\"}]`"
    )


def test_the_missing_rate_error_is_also_worded_in_french():
    from dossier.law.rates import missing_rate_fr

    assert missing_rate_fr("ecb_mro", dt.date(2027, 3, 1)) == (
        "Taux inconnu\u00a0: taux de refinancement de la BCE au 1er\u00a0janvier\u00a02027 (nécessaire pour le premier "
        "semestre 2027)\u00a0; l’ajouter dans dossier.yaml (rates:).")
    assert missing_rate_fr("legal_particuliers", dt.date(2027, 9, 1)) == (
        "Taux inconnu\u00a0: taux de l’intérêt légal applicable aux particuliers pour le second semestre 2027\u00a0; "
        "l’ajouter dans dossier.yaml (rates:).")


def test_unconfirmed_rates_are_warned_from_30_days_before_the_half_year_once_per_table():
    p = Project("t", {}, Source("dossier.yaml", 1, 1))
    assert rates.unconfirmed_issues(p, day("2026-12-01")) == []          # 31 days before 1 January 2027
    ecb, legal = rates.unconfirmed_issues(p, day("2026-12-02"))           # 30 days before
    assert (ecb.severity, ecb.code, str(ecb.source)) == ("warning", "rate-unconfirmed", "dossier.yaml:1:1")
    assert ecb.message == (
        "no confirmed ECB main refinancing rate for 2027-S1 (from 2027-01-01); the last known rate (2.40 % from "
        "2026-07-01) will be carried forward and flagged provisional; add it to dossier.yaml when published: "
        "rates: [{table: ecb_mro, from: 2027-01-01, rate: <percent>, source: \"<where it was published>\"}]")
    assert legal.fr == (
        "Taux non confirmé\u00a0: taux de l’intérêt légal applicable aux autres cas du premier semestre 2027 (à compter du "
        "1er\u00a0janvier\u00a02027)\u00a0; le dernier taux connu (2,75\u00a0% au 1er\u00a0juillet\u00a02026) sera reporté et "
        "signalé comme provisoire\u00a0; l’ajouter dans dossier.yaml dès sa publication (rates:).")
    # Long after: the first half-year to add is still named, now "is carried forward".
    [ecb, _] = rates.unconfirmed_issues(p, day("2028-09-30"))
    assert ecb.message.startswith("no confirmed ECB main refinancing rate for 2027-S1 (from 2027-01-01); the last known "
                                  "rate (2.40 % from 2026-07-01) is carried forward")
    # A coming half-year whose built-in row is provisional is warned too.
    [ecb, _] = rates.unconfirmed_issues(p, day("2026-06-05"))
    assert ecb.message == (
        "no confirmed ECB main refinancing rate for 2026-S2 (from 2026-07-01); the provisional value 2.40 % will be used "
        "and flagged provisional; confirm it in dossier.yaml when published: "
        "rates: [{table: ecb_mro, from: 2026-07-01, rate: <percent>, source: \"<where it was published>\"}]")
    # Confirmed rows silence it.
    done = project(RateOverride("ecb_mro", day("2027-01-01"), D("2.15"), "BCE", S),
                   RateOverride("legal_autres_cas", day("2027-01-01"), D("2.70"), "arrêté", S))
    assert rates.unconfirmed_issues(done, day("2026-12-06")) == []


def test_carried_forward_rates_make_court_papers_drafts_naming_the_row_to_add():
    # Court papers use the same path as the built-in provisional rows: PROJET banner, the row to confirm, the stop date.
    from dossier.law import court_readiness, ledger
    from dossier.records.model import Case, Debtor, Invoice

    p = project(RateOverride("ecb_mro", day("2026-07-01"), D("2.40"), "BCE", S))   # 2026-S2 confirmed
    tables, _ = rates.load_tables(p)
    c = Case("c", "cases/c.yaml", Debtor("D", "professional", S), (Invoice("F-1", day("2026-10-01"), day("2026-10-31"), D("1000.00"), S),), S)
    st = ledger.statement(c, p, day("2027-03-31"), tables)
    assert [line.provisional for line in st.lines] == [False, True]
    [row] = court_readiness.provisional_rates(st, p)
    assert (row.table, row.start, row.rate, row.carried_from) == ("ecb_mro", day("2027-01-01"), D("2.40"), day("2026-07-01"))
    assert court_readiness.last_confirmed_day(st) == day("2026-12-31")
    assert "{table: ecb_mro, from: 2027-01-01, rate: <percent>" in court_readiness.draft_issue(c, [row]).message

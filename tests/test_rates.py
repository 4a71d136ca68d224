"""Rate tables: the shipped data, its sources and provisional flags, the derived anchors, overrides."""
from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal as D

from dossier.errors import Source
from dossier.law import rates
from dossier.model import Project, RateOverride

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

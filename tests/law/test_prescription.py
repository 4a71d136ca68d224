"""Prescription dates per docs/format.md: 5 y professional, 2 y consumer, 4 y from 1 January for public bodies."""
from __future__ import annotations

import datetime as dt

from dossier.law.prescription import add_years, period_end, prescription_date, start_of

day = dt.date.fromisoformat


def test_same_day_number_and_29_february():
    assert add_years(day("2026-02-01"), 5) == day("2031-02-01")
    assert add_years(day("2024-02-29"), 2) == day("2026-02-28")
    assert add_years(day("2024-02-29"), 4) == day("2028-02-29")


def test_periods_by_debtor_kind():
    assert period_end("professional", day("2026-02-01")) == day("2031-02-01")
    assert period_end("consumer", day("2026-02-01")) == day("2028-02-01")
    # Public: from 1 January 2027 (year after 2026) for 4 years → 31 December 2030.
    assert period_end("public", day("2026-02-01")) == day("2030-12-31")
    assert period_end("public", day("2026-12-31")) == day("2030-12-31")


def test_start_is_the_earliest_of_delivery_and_invoice_date():
    assert start_of(day("2026-02-01"), day("2026-01-20")) == day("2026-01-20")
    assert start_of(day("2026-02-01"), day("2026-02-10")) == day("2026-02-01")
    assert start_of(day("2026-02-01"), None) == day("2026-02-01")


def test_renewals_restart_the_full_period_only_while_it_runs():
    start = day("2021-03-01")
    assert prescription_date("professional", start) == day("2026-03-01")
    assert prescription_date("professional", start, [day("2024-05-10")]) == day("2029-05-10")
    # Two renewals: each restarts from its date; the second counts because it is within the renewed period.
    assert prescription_date("professional", start, [day("2024-05-10"), day("2029-01-02")]) == day("2034-01-02")
    # After expiry, nothing revives the claim.
    assert prescription_date("professional", start, [day("2026-03-02")]) == day("2026-03-01")
    assert prescription_date("professional", start, [day("2026-03-01")]) == day("2031-03-01")
    assert prescription_date("consumer", day("2025-01-10"), [day("2026-06-01")]) == day("2028-06-01")


def test_written_demands_renew_only_against_a_public_body():
    start = day("2025-05-10")
    assert prescription_date("public", start) == day("2029-12-31")
    assert prescription_date("public", start, demands=[day("2027-03-01")]) == day("2031-12-31")
    assert prescription_date("public", start, renewals=[day("2026-11-30")]) == day("2030-12-31")
    assert prescription_date("professional", start, demands=[day("2027-03-01")]) == day("2030-05-10")
    assert prescription_date("consumer", start, demands=[day("2026-03-01")]) == day("2027-05-10")

"""The legal calendar: holidays (C. trav. L3133-1, L3134-13) and deadlines (CPC 641, 642)."""
import datetime as dt

import pytest

from dossier.law import calendar as cal

D = dt.date


@pytest.mark.parametrize(
    "year, expected",
    [(2000, D(2000, 4, 23)), (2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)),
     (2027, D(2027, 3, 28)), (2038, D(2038, 4, 25)), (2285, D(2285, 3, 22))],
)
def test_easter_sunday(year, expected):
    assert cal.easter(year) == expected


def test_national_holidays_2026():
    assert list(cal.holidays(2026)) == [
        D(2026, 1, 1), D(2026, 4, 6), D(2026, 5, 1), D(2026, 5, 8), D(2026, 5, 14), D(2026, 5, 25),
        D(2026, 7, 14), D(2026, 8, 15), D(2026, 11, 1), D(2026, 11, 11), D(2026, 12, 25),
    ]
    assert cal.holiday_name(D(2026, 5, 14)) == "Ascension"
    assert cal.holiday_name(D(2026, 5, 25)) == "Lundi de Pentecôte"


def test_national_holidays_2027_movable_feasts():
    h = cal.holidays(2027)
    assert D(2027, 3, 29) in h   # Easter Monday
    assert D(2027, 5, 6) in h    # Ascension: Easter + 39
    assert D(2027, 5, 17) in h   # Whit Monday: Easter + 50
    assert D(2027, 3, 26) not in h  # Good Friday: Alsace-Moselle only
    assert len(h) == 11


def test_alsace_moselle_adds_good_friday_and_26_december():
    for dept in ("57", "67", "68"):
        h = cal.holidays(2026, dept)
        assert h[D(2026, 4, 3)] == "Vendredi saint"
        assert h[D(2026, 12, 26)] == "Saint-Étienne"
        assert len(h) == 13
    assert D(2026, 4, 3) not in cal.holidays(2026, "69")
    assert D(2026, 12, 26) not in cal.holidays(2026, None)


def test_overseas_abolition_day():
    assert cal.holiday_name(D(2026, 12, 20), "974") == "Abolition de l'esclavage (La Réunion)"
    assert cal.holiday_name(D(2026, 12, 20), "75") is None


def test_working_days():
    assert cal.is_working_day(D(2026, 11, 24))          # a Tuesday
    assert not cal.is_working_day(D(2026, 11, 28))      # Saturday
    assert not cal.is_working_day(D(2026, 11, 29))      # Sunday
    assert not cal.is_working_day(D(2026, 11, 11))      # Armistice, a Wednesday
    assert cal.is_working_day(D(2026, 4, 3))            # Good Friday in Lyon
    assert not cal.is_working_day(D(2026, 4, 3), "67")  # … but not in Strasbourg


def test_next_working_day_cpc_642():
    assert cal.next_working_day(D(2026, 11, 24)) == D(2026, 11, 24)
    assert cal.next_working_day(D(2026, 11, 28)) == D(2026, 11, 30)
    assert cal.next_working_day(D(2026, 11, 1)) == D(2026, 11, 2)    # Toussaint on a Sunday
    assert cal.next_working_day(D(2026, 8, 15)) == D(2026, 8, 17)    # Assomption on a Saturday
    assert cal.next_working_day(D(2026, 4, 3), "57") == D(2026, 4, 7)  # Good Friday, weekend, Easter Monday


def test_add_months_cpc_641_same_day_number_else_last_day():
    assert cal.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert cal.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert cal.add_months(D(2026, 3, 31), 1) == D(2026, 4, 30)
    assert cal.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert cal.add_months(D(2026, 11, 30), 2) == D(2027, 1, 30)
    assert cal.add_months(D(2026, 6, 3), 2) == D(2026, 8, 3)


def test_add_days_does_not_count_the_starting_day():
    assert cal.add_days(D(2026, 4, 19), 15) == D(2026, 5, 4)
    assert cal.add_days(D(2026, 12, 20), 15) == D(2027, 1, 4)


def test_deadline_format_md_example():
    # the formal notice received on Sunday 19 April 2026, 15 days → Monday 4 May 2026
    assert cal.deadline(D(2026, 4, 19), days=15) == D(2026, 5, 4)


@pytest.mark.parametrize(
    "start, days, dept, expected",
    [
        (D(2026, 4, 17), 15, None, D(2026, 5, 4)),    # ends Saturday 2 May → Monday
        (D(2026, 4, 16), 15, None, D(2026, 5, 4)),    # ends Friday 1 May (holiday) → Monday 4
        (D(2026, 4, 23), 15, None, D(2026, 5, 11)),   # ends Friday 8 May (holiday) → Monday 11
        (D(2026, 4, 29), 15, None, D(2026, 5, 15)),   # ends on Ascension, Thursday 14 May → Friday
        (D(2026, 3, 19), 15, None, D(2026, 4, 3)),    # Good Friday is a working day in Lyon
        (D(2026, 3, 19), 15, "67", D(2026, 4, 7)),    # … not in Strasbourg: Fri, Sat, Sun, Easter Monday
        (D(2025, 12, 10), 15, None, D(2025, 12, 26)), # Christmas → Friday 26 December
        (D(2025, 12, 10), 15, "57", D(2025, 12, 29)), # Metz: 26 December too, then the weekend
        (D(2027, 10, 27), 15, None, D(2027, 11, 12)), # Armistice, Thursday 11 November 2027
    ],
)
def test_deadline_in_days_then_cpc_642(start, days, dept, expected):
    assert cal.deadline(start, days=days, department=dept) == expected


def test_deadline_in_months_then_cpc_642():
    assert cal.deadline(D(2026, 6, 3), months=2) == D(2026, 8, 3)
    assert cal.deadline(D(2026, 6, 15), months=2) == D(2026, 8, 17)   # 15 August, a Saturday
    assert cal.deadline(D(2026, 9, 1), months=2) == D(2026, 11, 2)    # 1 November, a Sunday
    assert cal.deadline(D(2026, 12, 31), months=2) == D(2027, 3, 1)   # 28 Feb 2027 is a Sunday
    assert cal.deadline(D(2026, 1, 10), months=1, days=5) == D(2026, 2, 16)  # months then days; 15 Feb is a Sunday


def test_holiday_table_names_its_sources():
    assert all(rule.source for rule in cal.rules())
    assert len(cal.rules()) == 18

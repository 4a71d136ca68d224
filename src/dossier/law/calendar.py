"""The French legal calendar: public holidays and deadlines (CPC 640 to 642).

Holidays are data (``dossier/data/holidays.csv``, one row per holiday with
its source): a fixed day (``05-08``) or an offset from Easter Sunday
(``easter+39``), national or for listed départements only (Alsace-Moselle's
Good Friday and 26 December; the overseas abolition days). Deadlines follow
the Code de procédure civile: 641 (days: the starting day is not counted;
months: same day-number, else the last day of the month) then 642 (a deadline
ending on a Saturday, Sunday or holiday moves to the next working day).
Prescription is never extended here (law.md §7).
"""
from __future__ import annotations

import calendar as _cal
import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HOLIDAYS_FILE = Path(__file__).resolve().parent.parent / "data" / "holidays.csv"


@dataclass(frozen=True)
class HolidayRule:
    """One row of holidays.csv: ``rule`` is ``MM-DD`` or ``easter±N``."""

    rule: str
    name: str
    departments: tuple[str, ...]   # empty: the whole country
    source: str

    def date_in(self, year: int) -> dt.date:
        if self.rule.startswith("easter"):
            return easter(year) + dt.timedelta(days=int(self.rule[len("easter"):] or 0))
        month, day = self.rule.split("-")
        return dt.date(year, int(month), int(day))

    def applies_to(self, department: str | None) -> bool:
        return not self.departments or (department is not None and department in self.departments)


@lru_cache(maxsize=1)
def rules() -> tuple[HolidayRule, ...]:
    """The holiday table, read once per process."""
    with HOLIDAYS_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            HolidayRule(row["rule"], row["name"], tuple(row["departments"].split()), row["source"])
            for row in csv.DictReader(fh)
        )


def easter(year: int) -> dt.date:
    """Easter Sunday of `year` (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=512)
def holidays(year: int, department: str | None = None) -> dict[dt.date, str]:
    """The public holidays of `year` for a département (None: national ones only), date → name."""
    out: dict[dt.date, str] = {}
    for rule in rules():
        if rule.applies_to(department):
            out[rule.date_in(year)] = rule.name
    return dict(sorted(out.items()))


def holiday_name(day: dt.date, department: str | None = None) -> str | None:
    return holidays(day.year, department).get(day)


def is_working_day(day: dt.date, department: str | None = None) -> bool:
    """Monday to Friday and not a public holiday (of the département, when given)."""
    return day.weekday() < 5 and day not in holidays(day.year, department)


def next_working_day(day: dt.date, department: str | None = None) -> dt.date:
    """CPC 642: `day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, department):
        day += dt.timedelta(days=1)
    return day


def add_days(start: dt.date, n: int) -> dt.date:
    """CPC 641: a deadline of `n` days from `start` (the starting day is not counted)."""
    return start + dt.timedelta(days=n)


def add_months(start: dt.date, n: int) -> dt.date:
    """CPC 641: same day-number `n` months later, else the last day of that month (31 Jan + 1 → 28/29 Feb)."""
    index = start.year * 12 + (start.month - 1) + n
    year, month0 = divmod(index, 12)
    last = _cal.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(start.day, last))


def deadline(
    start: dt.date,
    *,
    days: int = 0,
    months: int = 0,
    department: str | None = None,
) -> dt.date:
    """The last day of a deadline: months then days (CPC 641), then moved to a working day (CPC 642)."""
    return next_working_day(add_days(add_months(start, months), days), department)

"""Prescription: the last day on which a claim can still be taken to court.

docs/format.md fixes the rules: the period starts at the earliest of delivery and
invoice date; 5 years against a professional (C. com. L110-4), 2 years against a
consumer (C. conso. L218-2), both ending on the same day-number; 4 years from
1 January of the following year against a public body (loi 68-1250), ending on
31 December. A payment, an acknowledgment or a signed plan renews the full
period from its date (C. civ. 2240, 2231); against a public body any written
demand (a `sent` step) renews it too. A formal notice alone renews nothing for
the others (Cass. com. 18 mai 2022). A renewal counts only if it happens while
the period still runs. Prescription deadlines are never moved to a working
day (docs/law.md §7).
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

YEARS = {"professional": 5, "consumer": 2, "public": 4}
NEAR_DAYS = 90   # a warning when the claim is this close to prescription


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day-number `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def period_end(kind: str, start: dt.date) -> dt.date:
    """The last day of a full period starting (or renewed) on `start` for a debtor of `kind`."""
    if kind == "public":
        return dt.date(start.year + YEARS["public"], 12, 31)
    return add_years(start, YEARS[kind])


def start_of(date: dt.date, delivered: dt.date | None) -> dt.date:
    """The start of the period: the earliest of delivery (or completion) and the invoice date."""
    return min(date, delivered) if delivered else date


def prescription_date(kind: str, start: dt.date, renewals: Iterable[dt.date] = (), demands: Iterable[dt.date] = ()) -> dt.date:
    """The prescription date of one invoice.

    `renewals`: dates of payments on it, acknowledgments, signed plans (all debtors);
    `demands`: dates of written demands (`sent` steps), which renew only against a public body.
    Each renews the full period from its date, if it happens on or before the current end.
    """
    dates = sorted(set(renewals) | (set(demands) if kind == "public" else set()))
    end = period_end(kind, start)
    for day in dates:
        if day < start or day > end:
            continue
        end = max(end, period_end(kind, day))
    return end

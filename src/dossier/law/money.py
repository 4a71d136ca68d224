"""Money and French formatting: the one module that talks to Babel.

Amounts are `Decimal` everywhere; they are rounded half-up to the cent only
where docs/format.md says (`cents`). Formatting follows French typography:
``1 234,56 €`` with a narrow no-break space between thousands and a no-break
space before the euro sign, ``22 novembre 2026`` for dates.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import parse_pattern

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
NBSP = "\u00a0"         # before €, %, :, and inside "n° 3"
NNBSP = "\u202f"        # thousands separator (French typography)

# Built once (a build formats tens of thousands of amounts): Babel's format_decimal parses its locale and
# pattern on every call, three times the cost of applying them.
_FR = Locale.parse("fr_FR")
_AMOUNT = parse_pattern("#,##0.00")
_RATE = parse_pattern("0.00##")


def cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent: the only rounding the computation uses."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def as_str(amount: Decimal) -> str:
    """The JSON form of an amount: a string with two decimals (``"3827.16"``)."""
    return f"{cents(amount):.2f}"


def euros(amount: Decimal) -> str:
    """``Decimal('1234.5')`` → ``1 234,50 €`` (narrow no-break space for thousands)."""
    text = _AMOUNT.apply(cents(amount), _FR)
    # Babel's fr_FR group separator is the narrow no-break space already; make it explicit.
    text = text.replace("\u00a0", NNBSP).replace(" ", NNBSP)
    return f"{text}{NBSP}€"


def percent(rate: Decimal) -> str:
    """An annual rate in percent: ``Decimal('12.15')`` → ``12,15 %``."""
    text = _RATE.apply(rate, _FR)
    return f"{text}{NBSP}%"


def date_long(day: dt.date) -> str:
    """``22 novembre 2026`` with no-break spaces; the first of the month is ``1er``."""
    text = format_date(day, format="d MMMM y", locale=_FR)
    if day.day == 1:
        text = "1er" + text[1:]
    return text.replace(" ", NBSP)


def date_short(day: dt.date) -> str:
    """``22/11/2026``: tables and summaries."""
    return day.strftime("%d/%m/%Y")

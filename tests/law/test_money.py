import datetime as dt
from decimal import Decimal as D

from dossier.law import money


def test_cents_rounds_half_up_at_the_cent():
    assert money.cents(D("27.165")) == D("27.17")
    assert money.cents(D("27.164999")) == D("27.16")
    assert money.cents(D("-0.005")) == D("-0.01")


def test_as_str_is_the_json_form_with_two_decimals():
    assert money.as_str(D("3827.16")) == "3827.16"
    assert money.as_str(D("40")) == "40.00"


def test_euros_follows_french_typography():
    # narrow no-break space between thousands, no-break space before the euro sign
    assert money.euros(D("1234.56")) == "1\u202f234,56\u00a0€"
    assert money.euros(D("1234567.005")) == "1\u202f234\u202f567,01\u00a0€"
    assert money.euros(D("0")) == "0,00\u00a0€"


def test_percent_keeps_significant_decimals():
    assert money.percent(D("12.15")) == "12,15\u00a0%"
    assert money.percent(D("10")) == "10,00\u00a0%"


def test_dates_in_french():
    assert money.date_long(dt.date(2026, 11, 22)) == "22\u00a0novembre\u00a02026"
    assert money.date_long(dt.date(2026, 7, 1)) == "1er\u00a0juillet\u00a02026"
    assert money.date_long(dt.date(2026, 2, 1)) == "1er\u00a0février\u00a02026"
    assert money.date_short(dt.date(2026, 3, 3)) == "03/03/2026"

"""The field readers: how values are quoted in messages, and the readers the loaders share."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dossier.records.fields import BAD, Reader, decode, did_you_mean, one_of, shown, unprintable
from dossier.records.readers import parse_percent
from dossier.records import readers
from dossier.records.yamlsrc import load_yaml


def read(reader, text: str):
    doc = load_yaml(f"v: {text}\n")
    r = Reader("x.yaml", doc)
    got = reader(r, doc.data["v"], ("v",))
    return got, [str(i) for i in r.issues]


def test_shown_quotes_text_and_names_kinds():
    assert [shown(v) for v in (None, True, "a\"b", 12, Decimal("1.50"), [1], {"a": 1}, dt.date(2026, 3, 3))] == [
        "nothing", "true", '"a\\"b"', "12", "1.50", "a list", "a mapping", "2026-03-03"]
    assert shown("x" * 70) == '"' + "x" * 59 + '…"'


def test_one_of_and_did_you_mean():
    assert one_of(["a"]) == "a"
    assert one_of(["a", "b", "c"]) == "a, b or c"
    assert did_you_mean("adress", ["address", "name"]) == "address"
    assert did_you_mean("zzz", ["address", "name"]) is None


def test_parse_percent():
    assert [parse_percent(v) for v in (12, Decimal("12.5"), "12%", "12,5 %", " 8 ", "douze", True, None)] == [
        Decimal("12"), Decimal("12.5"), Decimal("12"), Decimal("12.5"), Decimal("8"), None, None, None]


def test_decode_reports_line_and_column_of_the_first_bad_byte():
    assert decode("é\n".encode("utf-8"), "a.yaml") == ("é\n", [])
    assert decode(b"\xef\xbb\xbfa: 1\n", "a.yaml") == ("a: 1\n", [])   # a BOM is tolerated
    text, issues = decode(b"a: 1\nbb: \xff\n", "a.yaml")
    assert text is None
    assert [str(i) for i in issues] == ["a.yaml:2:5: expected UTF-8 text, got the byte 0xff (save the file as UTF-8)"]


def test_unprintable_locates_control_characters():
    assert unprintable("a: b\n\tc: d\r\n", "a.yaml") == []
    assert [str(i) for i in unprintable("a: b\nc: \x00\n", "a.yaml")] == [
        "a.yaml:2:4: expected text, got the control character U+0000 (is this a binary file?)"]


def test_amount_readers():
    assert read(readers.amount, "4800.00") == (Decimal("4800.00"), [])
    assert read(readers.amount, "12") == (Decimal("12"), [])
    assert read(readers.amount, "0.001") == (BAD, ["x.yaml:1:4: v: expected an amount with at most two decimals, got 0.001"])
    assert read(readers.amount, "true") == (BAD, ["x.yaml:1:4: v: expected an amount in euros such as 1234.56, got true"])
    assert read(readers.bound_amount, "0") == (Decimal("0"), [])


def test_date_reader_accepts_quoted_iso_dates_only():
    assert read(readers.date, "2026-03-03") == (dt.date(2026, 3, 3), [])
    assert read(readers.date, '"2026-03-03"') == (dt.date(2026, 3, 3), [])
    assert read(readers.date, "2026-13-01") == (BAD, ['x.yaml:1:4: v: expected a real date, got "2026-13-01"'])
    assert read(readers.date, "20260303") == (BAD, ["x.yaml:1:4: v: expected a date (YYYY-MM-DD), got 20260303"])


def test_siren_iban_and_email():
    assert read(readers.siren, '"812 345 676"') == ("812345676", [])
    assert read(readers.siren, "012345674") == ("012345674", [])   # not a YAML int: a leading zero stays
    assert read(readers.iban, "FR76 3000 4000 0312 3456 7890 143") == ("FR76 3000 4000 0312 3456 7890 143", [])
    assert read(readers.iban, "FR76") == (BAD, ['x.yaml:1:4: v: expected an IBAN such as "FR76 3000 4000 0312 3456 7890 143", got "FR76"'])
    assert read(readers.email, "a@b.fr") == ("a@b.fr", [])


def test_choices_accepts_one_value_or_a_list():
    reader = readers.choices(("a", "b"))
    assert read(reader, "a") == (("a",), [])
    assert read(reader, "[a, b]") == (("a", "b"), [])
    assert read(reader, "[a, c]") == (BAD, ['x.yaml:1:8: v[1]: expected a or b, got "c"'])


def test_one_line_text_refuses_line_breaks_and_controls_and_free_text_keeps_new_lines():
    assert read(readers.text, '"Dupont\\nRénovation"') == (BAD, ["x.yaml:1:4: v: expected text on one line, got a line break (U+000A)"])
    assert read(readers.text, '"F1\\r"') == ("F1", [])   # surrounding white space is trimmed
    assert read(readers.text, '"F\\u20281"') == (BAD, ["x.yaml:1:4: v: expected text on one line, got a line break (U+2028)"])
    assert read(readers.text, '"a\\tb"') == (BAD, ["x.yaml:1:4: v: expected text, got the control character U+0009"])
    assert read(readers.text, '"a\\x9bb"') == (BAD, ["x.yaml:1:4: v: expected text, got the control character U+009B"])
    assert read(readers.text, "12345") == ("12345", [])
    assert read(readers.free_text, '"ligne 1\\nligne 2"') == ("ligne 1\nligne 2", [])
    assert read(readers.free_text, '"a\\rb"') == (BAD, ["x.yaml:1:4: v: expected text with plain new lines, got the line break U+000D"])
    assert read(readers.free_text, '"a\\x07b"') == (BAD, ["x.yaml:1:4: v: expected text, got the control character U+0007"])


def test_address_lines_are_each_one_line():
    assert read(readers.lines, '"12 rue des Lilas\\n69003 Lyon\\n"') == (("12 rue des Lilas", "69003 Lyon"), [])
    assert read(readers.lines, '["12 rue\\ndes Lilas", 69003 Lyon]') == (BAD, ["x.yaml:1:5: v[0]: expected text on one line, got a line break (U+000A)"])
    assert read(readers.lines, '"12 rue des Lilas\\f69003 Lyon"') == (BAD, ["x.yaml:1:4: v: expected text with plain new lines, got the line break U+000C"])


def test_email_addresses_ascii_local_part_idna_domain():
    assert read(readers.email, "compta@dupont-rénovation.fr") == ("compta@dupont-rénovation.fr", [])
    assert read(readers.email, "J.Dupont+factures@Example.COM") == ("J.Dupont+factures@Example.COM", [])
    assert read(readers.email, "élise@martin.fr") == (BAD, ['x.yaml:1:4: v: expected an ASCII local part (before the @) in an email address, got "élise@martin.fr"'])
    assert read(readers.email, "a@" + "é" * 64 + ".fr")[1] == [
        f'x.yaml:1:4: v: expected an email domain that can be written in ASCII (IDNA), got "a@{"é" * 57}…"']
    for bad in ("a@b..fr", "a@-b.fr", "a@b_c.fr", ".a@b.fr", "a..b@c.fr", '"a b@c.fr"', "a@b@c.fr", "a@bfr"):
        assert read(readers.email, bad)[0] is BAD, bad


def test_dates_amounts_and_day_counts_have_sane_bounds():
    assert read(readers.date, "1900-01-01") == (dt.date(1900, 1, 1), [])
    assert read(readers.date, "2200-12-31") == (dt.date(2200, 12, 31), [])
    assert read(readers.date, "0001-01-01") == (BAD, ["x.yaml:1:4: v: expected a date between 1900-01-01 and 2200-12-31, got 0001-01-01"])
    assert read(readers.date, '"2201-01-01"') == (BAD, ["x.yaml:1:4: v: expected a date between 1900-01-01 and 2200-12-31, got 2201-01-01"])
    assert read(readers.amount, "999999999.99") == (Decimal("999999999.99"), [])
    assert read(readers.amount, "1000000000") == (BAD, ["x.yaml:1:4: v: expected an amount below 1000000000 euros, got 1000000000"])
    assert read(readers.amount, "1.0e+40") == (BAD, ["x.yaml:1:4: v: expected an amount below 1000000000 euros, got 1.0E+40"])
    assert read(readers.bound_amount, "1000000000.00") == (BAD, ["x.yaml:1:4: v: expected an amount below 1000000000 euros, got 1000000000.00"])
    assert read(readers.days(0), "3650") == (3650, [])
    assert read(readers.days(0), "3651") == (BAD, ["x.yaml:1:4: v: expected a number of days of at most 3650 (ten years), got 3651"])
    assert read(readers.days(0), "-1") == (BAD, ["x.yaml:1:4: v: expected a whole number of 0 or more, got -1"])
    assert read(readers.days(1), "1000000000") == (BAD, ["x.yaml:1:4: v: expected a number of days of at most 3650 (ten years), got 1000000000"])
    assert read(readers.count(1, 10), "11") == (BAD, ["x.yaml:1:4: v: expected a whole number of at most 10, got 11"])


def test_an_iban_is_printed_as_written_so_it_may_not_hold_a_line_break():
    assert read(readers.iban, '"FR76 3000 4000\\n0312 3456 7890 143"') == (BAD, ["x.yaml:1:4: v: expected text on one line, got a line break (U+000A)"])

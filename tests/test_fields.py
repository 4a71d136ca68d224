"""The field readers: how values are quoted in messages, and the readers the loaders share."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dossier.fields import BAD, Reader, decode, did_you_mean, one_of, parse_percent, shown, unprintable
from dossier import fields as f
from dossier.yamlsrc import load_yaml


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
    assert read(f.amount, "4800.00") == (Decimal("4800.00"), [])
    assert read(f.amount, "12") == (Decimal("12"), [])
    assert read(f.amount, "0.001") == (BAD, ["x.yaml:1:4: v: expected an amount with at most two decimals, got 0.001"])
    assert read(f.amount, "true") == (BAD, ["x.yaml:1:4: v: expected an amount in euros such as 1234.56, got true"])
    assert read(f.bound_amount, "0") == (Decimal("0"), [])


def test_date_reader_accepts_quoted_iso_dates_only():
    assert read(f.date, "2026-03-03") == (dt.date(2026, 3, 3), [])
    assert read(f.date, '"2026-03-03"') == (dt.date(2026, 3, 3), [])
    assert read(f.date, "2026-13-01") == (BAD, ['x.yaml:1:4: v: expected a real date, got "2026-13-01"'])
    assert read(f.date, "20260303") == (BAD, ["x.yaml:1:4: v: expected a date (YYYY-MM-DD), got 20260303"])


def test_siren_iban_and_email():
    assert read(f.siren, '"812 345 678"') == ("812345678", [])
    assert read(f.siren, "012345678") == ("012345678", [])   # not a YAML int: a leading zero stays
    assert read(f.iban, "FR76 3000 4000 0312 3456 7890 143") == ("FR76 3000 4000 0312 3456 7890 143", [])
    assert read(f.iban, "FR76") == (BAD, ['x.yaml:1:4: v: expected an IBAN such as "FR76 3000 4000 0312 3456 7890 143", got "FR76"'])
    assert read(f.email, "a@b.fr") == ("a@b.fr", [])


def test_choices_accepts_one_value_or_a_list():
    reader = f.choices(("a", "b"))
    assert read(reader, "a") == (("a",), [])
    assert read(reader, "[a, b]") == (("a", "b"), [])
    assert read(reader, "[a, c]") == (BAD, ['x.yaml:1:8: v[1]: expected a or b, got "c"'])

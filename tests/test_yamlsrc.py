import datetime as dt
from decimal import Decimal as D

from dossier.yamlsrc import dotted, load_yaml


def test_numbers_are_decimals_exactly_as_written():
    doc = load_yaml("amount: 4800.00\ncount: 3\n")
    assert doc.data == {"amount": D("4800.00"), "count": 3}
    assert str(doc.data["amount"]) == "4800.00"


def test_dates_are_dates_and_impossible_dates_stay_text():
    doc = load_yaml("a: 2026-03-03\nb: 2026-02-30\nc: 31/03/2026\n")
    assert doc.data == {"a": dt.date(2026, 3, 3), "b": "2026-02-30", "c": "31/03/2026"}


def test_positions_of_nested_values_are_one_based():
    doc = load_yaml("invoices:\n  - number: F1\n    due: 31/03/2026\n")
    assert doc.pos(("invoices", 0, "due")) == (3, 10)
    assert doc.pos(("invoices", 0, "number", "missing")) == (2, 13)
    assert doc.positions[("invoices", 0, "due", "__key__")] == (3, 5)


def test_syntax_error_is_a_value_with_its_line():
    doc = load_yaml("a: [1, 2\nb: 3\n")
    assert doc.data is None
    assert len(doc.errors) == 1
    assert doc.errors[0].line == 2
    assert doc.errors[0].message.startswith("YAML syntax error: ")


def test_duplicate_keys_are_reported_not_silently_overwritten():
    doc = load_yaml("a: 1\nb: 2\na: 3\n")
    assert [(e.line, e.col, e.message) for e in doc.errors] == [(3, 1, "a: duplicate key (first written on line 1)")]
    assert doc.data == {"a": 1, "b": 2}


def test_empty_document():
    doc = load_yaml("# only a comment\n")
    assert doc.data is None and doc.errors == ()


def test_dotted_paths_name_fields_as_messages_do():
    assert dotted(("invoices", 0, "due")) == "invoices[0].due"
    assert dotted(("events", 2)) == "events[2]"

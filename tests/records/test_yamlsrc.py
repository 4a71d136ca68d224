import datetime as dt
from decimal import Decimal as D

from dossier.records.yamlsrc import dotted, load_yaml


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


# --- what the format refuses, refused before anything is expanded -------------

import time  # noqa: E402

from dossier.records.yamlsrc import MAX_DEPTH  # noqa: E402

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))


def errors(text: str) -> list[tuple[int, int, str]]:
    doc = load_yaml(text)
    return [(e.line, e.col, e.message) for e in doc.errors]


def test_billion_laughs_is_refused_at_its_first_anchor_at_once():
    assert len(BILLION_LAUGHS) < 600
    start = time.perf_counter()
    doc = load_yaml(BILLION_LAUGHS)
    assert time.perf_counter() - start < 1
    assert doc.data is None
    assert errors(BILLION_LAUGHS) == [(1, 4, 'expected a value written out, got the YAML anchor "&a" '
                                             "(anchors and aliases are not supported: write the value in full)")]


def test_an_alias_and_a_self_referencing_alias_are_refused():
    assert errors('a: x\nb: [1, *x]\n') == [(2, 8, 'expected a value written out, got the YAML alias "*x" '
                                                  "(anchors and aliases are not supported: write the value in full)")]
    assert errors("a: &x\n  b: *x\n") == [(1, 4, 'expected a value written out, got the YAML anchor "&x" '
                                                 "(anchors and aliases are not supported: write the value in full)")]
    assert errors("- &s [*s]\n")[0][:2] == (1, 3)


DEEP = f"expected at most {MAX_DEPTH} levels of lists and mappings inside one another, got more"


def test_nesting_deeper_than_64_is_refused_without_recursion():
    assert MAX_DEPTH == 64
    assert errors("[" * 64 + "]" * 64) == []
    assert errors("[" * 65 + "]" * 65) == [(1, 65, DEEP)]
    assert errors("[" * 450 + "]" * 450) == [(1, 65, DEEP)]
    assert errors("[" * 10_000) == [(1, 1001, DEEP)]              # libyaml's own limit, met while scanning ahead
    assert errors("- " * 10_000 + "x\n") == [(1, 129, DEEP)]
    assert errors("".join(" " * i + "a:\n" for i in range(100))) == [(65, 65, DEEP)]
    assert errors("{a: " * 2_000 + "1" + "}" * 2_000)[0][2] == DEEP


def test_structure_errors_keep_reading_and_drop_only_the_bad_entry():
    doc = load_yaml('? [1, {z: 1}]\n: {q: [1]}\n"a\\nb": 1\nc: {d: 1}\nc: {e: 2}\n~: 3\nf: 4\n')
    assert [(e.line, e.col, e.message) for e in doc.errors] == [
        (1, 3, "expected a plain key"), (3, 1, "expected a plain key"),
        (5, 1, "c: duplicate key (first written on line 4)"), (6, 1, "expected a plain key")]
    assert doc.data == {"c": {"d": 1}, "f": 4}
    assert doc.pos(("f",)) == (7, 4)
    assert errors("<<: {a: 1}\nb: 2\n") == [(1, 1, "YAML merge keys (<<) are not supported; write the fields out")]


def test_a_second_document_and_explicit_tags():
    assert errors("x: 1\n---\ny: 2\n") == [
        (2, 1, 'YAML syntax error: a second document starts here (after a "---" line): a file holds only one')]
    assert load_yaml("a: !!str 12\nb: !foo 1\n").data == {"a": "12", "b": "1"}
    assert load_yaml("--- x\n").data == "x"
    assert load_yaml("---\n").data is None


def test_the_pure_python_parser_gives_the_same_answers(monkeypatch):
    import yaml

    from dossier.records import yamlsrc

    monkeypatch.setattr(yamlsrc, "_Loader", yaml.SafeLoader)
    assert errors("[" * 10_000) == [(1, 65, DEEP)]
    assert errors(BILLION_LAUGHS)[0][:2] == (1, 4)
    assert load_yaml("invoices:\n  - {number: F1, amount: 4800.00}\n").data == {"invoices": [{"number": "F1", "amount": D("4800.00")}]}


# --- the two ways of reading give the same document --------------------------

from pathlib import Path  # noqa: E402

import yaml as _yaml  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dossier.records import yamlsrc  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def both(text: str):
    fast, events = yamlsrc._parse(text, fast=True), yamlsrc._parse(text, fast=False)
    return (fast.data, fast.positions, fast.errors), (events.data, events.positions, events.errors)


def test_every_demo_and_fixture_file_reads_the_same_through_the_composer_and_the_events():
    files = sorted(REPO.glob("cases/**/*.yaml")) + [REPO / "dossier.yaml"] + sorted(Path(__file__).resolve().parents[1].glob("fixtures/**/*.yaml"))
    assert len(files) > 40
    for path in files:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        fast, events = both(text)
        assert fast == events, path
    assert not any(yamlsrc._MAYBE_ANCHOR.search(p.read_text(encoding="utf-8")) for p in REPO.glob("cases/**/*.yaml"))  # the fast way


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=10),
                     st.dates(), st.sampled_from(["<<", "2026-02-30", "1.50", "~", "yes", "0x1F", "1_000"]))
_data = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.one_of(st.text(max_size=6), st.integers(0, 9), st.booleans(), st.none()), inner, max_size=4), max_leaves=30)


@settings(max_examples=200, deadline=None)
@given(_data, st.sampled_from([None, True, False]))
def test_any_structure_reads_the_same_both_ways(data, flow):
    text = _yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    fast, events = both(text)
    assert fast == events

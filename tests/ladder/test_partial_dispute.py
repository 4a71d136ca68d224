"""Partial disputes (issue 13): a dispute naming invoices sets those aside; the ladder, the letters and the court
bundle go on for the undisputed rest and say so; a dispute over every unpaid invoice pauses the case.

The case: the demo's Dupont (F2026-031, 4 800 € on 3 March 2026, 1 000 € paid on 20 March) with a second invoice
F2026-040 of 1 200,00 € due on 12 March 2026; F2026-031 is disputed on 30 March 2026."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from dossier.court import bundle
from dossier.documents import documents
from dossier.ladder import scenario
from dossier.law import disputes, ledger, rates
from dossier.records.config import load_project
from dossier.records.errors import Source
from dossier.records.load import load_case_text, load_repository
from dossier.records.model import Event, Invoice

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = ("La facture F2026-031, contestée le 30 mars 2026, fait l’objet d’un examen séparé et n’est pas comprise "
            "dans la présente demande.")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("claims")
    shutil.copy2(ROOT / "dossier.yaml", repo / "dossier.yaml")
    shutil.copytree(ROOT / "cases", repo / "cases")
    loaded, issues = load_repository(repo)
    assert loaded is not None, [str(i) for i in issues]
    return repo, loaded


def two_invoices(demo, *extra: Event, as_of: dt.date):
    case = demo[1].case("2026-014-dupont")
    src = Source(case.path, 40, 5)
    later = Invoice("F2026-040", dt.date(2026, 2, 10), dt.date(2026, 3, 12), Decimal("1200.00"), src)
    events = sorted((e for e in case.events + extra if e.date <= as_of), key=lambda e: e.date)
    return dataclasses.replace(case, invoices=case.invoices + (later,), events=tuple(events))


def event(day: dt.date, kind: str, *numbers: str) -> Event:
    return Event(day, kind, Source("cases/2026-014-dupont.yaml", 41, 5), invoices=numbers)


DISPUTE = event(dt.date(2026, 3, 30), "dispute", "F2026-031")


def compute(demo, case, as_of):
    project = demo[1].project
    st = ledger.statement(case, project, as_of, rates.load_tables(project)[0])
    ld = scenario.ladder(case, project, as_of, st)
    return st, ld, documents.documents_for(case, project, st, ld, as_of, demo[0])


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ").replace("\u202f", " ")


def pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text().replace("\u202f", " ").replace("\u00a0", " ").split()) for p in pages)


def test_the_ladder_goes_on_for_the_undisputed_invoice_and_the_letter_says_so(demo):
    as_of = dt.date(2026, 4, 10)
    st, ld, docs = compute(demo, two_invoices(demo, DISPUTE, as_of=as_of), as_of)
    assert ld.status == "open" and ld.paused_by is None
    assert [d.invoice for d in ld.set_aside] == ["F2026-031"]
    # F2026-040 alone: 1 200,00 € + 1 200 × 12,15 % × 29 / 365 (13 March – 10 April) = 11,58 € + 40,00 €
    assert (Decimal("1200") * Decimal("0.1215") * 29 / 365).quantize(Decimal("0.01")) == Decimal("11.58")
    assert [(a.step, a.due, a.amount) for a in ld.next_actions] == [
        ("relance_ferme", dt.date(2026, 4, 2), Decimal("1251.58")),
        ("mise_en_demeure", dt.date(2026, 4, 17), Decimal("1251.58")),
        ("injonction_de_payer", dt.date(2026, 5, 4), Decimal("1251.58")),
    ]
    # the ledger still counts both invoices (interest keeps running): 3 827,16 + 26,75 + 40 on F2026-031, + 1 251,58
    assert st.total == Decimal("3827.16") + Decimal("26.75") + Decimal("40.00") + Decimal("1251.58") == Decimal("5145.49")
    letter = plain(next(d for d in docs if d.state == "due").html)
    assert "notre facture n° F2026-040 du 10 février 2026, d’un montant de 1 200,00 €, échue le 12 mars 2026, " \
           "reste impayée à ce jour. " + SENTENCE in letter
    assert "la somme de 1 251,58 €" in letter and "total : 1 251,58 €" in letter
    assert "3 827,16" not in letter and "F2026-031 01/02/2026" not in letter   # not in the sums, not in the table


def test_without_the_dispute_the_same_day_claims_both(demo):
    as_of = dt.date(2026, 4, 10)
    st, ld, docs = compute(demo, two_invoices(demo, as_of=as_of), as_of)
    assert ld.set_aside == () and ld.next_actions[0].amount == st.total == Decimal("5145.49")
    assert "contestée" not in plain(next(d for d in docs if d.state == "due").html)


def test_the_court_request_covers_the_undisputed_invoice_and_names_the_other(demo):
    as_of = dt.date(2026, 5, 20)
    case = two_invoices(demo, DISPUTE, as_of=as_of)
    st, ld, docs = compute(demo, case, as_of)
    assert ld.status == "open"
    assert [(a.step, a.due, a.amount) for a in ld.next_actions] == [
        ("injonction_de_payer", dt.date(2026, 5, 4), Decimal("1267.56"))]   # 1 200 + 27,56 (69 days) + 40
    b = bundle.build_bundle(case, demo[1].project, st, ld, as_of, demo[0], docs)
    assert isinstance(b, bundle.Bundle)
    assert b.total == Decimal("1267.56")
    assert [i.message for i in b.issues if i.code == "disputed-set-aside"] == [
        "events: invoice F2026-031 is disputed since 2026-03-30: it is left out of the request"]
    assert not any("F2026-031" in e.title for e in b.exhibits)
    request = plain(b.request_html)
    assert SENTENCE in request
    assert "Total de la somme réclamée 1 267,56 €" in request
    assert SENTENCE in pdf_text(b.request_pdf)


def test_resolving_the_dispute_brings_the_invoice_back(demo):
    as_of = dt.date(2026, 5, 20)
    resolved = event(dt.date(2026, 5, 11), "dispute_resolved", "F2026-031")
    case = two_invoices(demo, DISPUTE, resolved, as_of=as_of)
    st, ld, docs = compute(demo, case, as_of)
    assert ld.set_aside == () and ld.next_actions[0].amount == st.total == Decimal("5212.43")
    b = bundle.build_bundle(case, demo[1].project, st, ld, as_of, demo[0], docs)
    assert isinstance(b, bundle.Bundle) and b.total == Decimal("5212.43")
    assert "contestée" not in plain(b.request_html)
    assert any("F2026-031" in e.title for e in b.exhibits)


def test_a_dispute_over_every_unpaid_invoice_pauses_the_case(demo):
    as_of = dt.date(2026, 5, 20)
    both = event(dt.date(2026, 3, 30), "dispute", "F2026-031", "F2026-040")
    case = two_invoices(demo, both, as_of=as_of)
    st, ld, docs = compute(demo, case, as_of)
    assert ld.status == "paused" and ld.paused_by == both and ld.set_aside == ()
    assert ld.next_actions == ()
    reason = {s.step.id: s.reason for s in ld.steps}["injonction_de_payer"]
    assert reason == ("suspendue\u00a0: contestation du 30\u00a0mars\u00a02026, portant sur toutes les factures impayées "
                      "(F2026-031, F2026-040)")
    refused = bundle.build_bundle(case, demo[1].project, st, ld, as_of, demo[0], docs)
    assert isinstance(refused, bundle.Refusal)
    assert refused.message.startswith("paused by the dispute of 2026-03-30: no request while the ladder is suspended")
    # two disputes, one per invoice, pause too; resolving one of them (invoices:) resumes for that one only
    second = event(dt.date(2026, 4, 2), "dispute", "F2026-040")
    st, ld, _ = compute(demo, two_invoices(demo, DISPUTE, second, as_of=as_of), as_of)
    assert ld.status == "paused" and ld.paused_by == second
    back = event(dt.date(2026, 5, 11), "dispute_resolved", "F2026-040")
    st, ld, _ = compute(demo, two_invoices(demo, DISPUTE, second, back, as_of=as_of), as_of)
    assert ld.status == "open" and [d.invoice for d in ld.set_aside] == ["F2026-031"]
    assert ld.next_actions[0].amount == Decimal("1267.56")
    # a dispute_resolved naming no invoice resolves every open dispute
    st, ld, _ = compute(demo, two_invoices(demo, DISPUTE, second, event(dt.date(2026, 5, 11), "dispute_resolved"),
                                           as_of=as_of), as_of)
    assert ld.status == "open" and ld.set_aside == () and ld.next_actions[0].amount == Decimal("5212.43")


def test_the_single_invoice_field_means_that_invoice_and_a_whole_case_dispute_pauses(demo):
    as_of = dt.date(2026, 4, 10)
    single = dataclasses.replace(DISPUTE, invoices=(), invoice="F2026-031")
    st, ld, _ = compute(demo, two_invoices(demo, single, as_of=as_of), as_of)
    assert ld.status == "open" and [d.invoice for d in ld.set_aside] == ["F2026-031"]
    whole = dataclasses.replace(DISPUTE, invoices=())
    st, ld, _ = compute(demo, two_invoices(demo, whole, as_of=as_of), as_of)
    assert ld.status == "paused" and ld.set_aside == ()
    assert ld.next_actions == ()


def test_disputes_are_read_per_invoice():
    src = Source("x.yaml", 1, 1)
    events = [Event(dt.date(2026, 3, 1), "dispute", src, invoices=("A", "B")),
              Event(dt.date(2026, 3, 5), "dispute_resolved", src, invoice="A"),
              Event(dt.date(2026, 3, 9), "dispute", src)]
    found = disputes.disputes(events, dt.date(2026, 3, 20))
    assert [(d.invoice, d.start, d.end) for d in found] == [
        ("A", dt.date(2026, 3, 1), dt.date(2026, 3, 5)), ("B", dt.date(2026, 3, 1), None), (None, dt.date(2026, 3, 9), None)]
    assert sorted(disputes.set_aside_on(found, dt.date(2026, 3, 4))) == ["A", "B"]
    assert sorted(disputes.set_aside_on(found, dt.date(2026, 3, 5))) == ["B"]


def test_the_loader_reads_invoices_and_locates_an_unknown_one():
    valid = ROOT / "tests" / "fixtures" / "load" / "valid"
    project, issues = load_project(valid)
    assert issues == []
    head = ("debtor: {name: Alpha SARL, kind: professional}\ninvoices:\n"
            "  - {number: F1, date: 2026-02-01, due: 2026-03-03, amount: 100.00}\n"
            "  - {number: F2, date: 2026-02-05, due: 2026-03-07, amount: 200.00}\nevents:\n")
    c, issues = load_case_text(head + "  - {date: 2026-03-10, type: dispute, invoices: [F2]}\n"
                               "  - {date: 2026-03-20, type: dispute_resolved, invoices: [F2]}\n", "cases/x.yaml", project, valid)
    assert issues == [] and [e.invoices for e in c.events] == [("F2",), ("F2",)]
    _, issues = load_case_text(head + "  - {date: 2026-03-10, type: dispute, invoices: [F2, F9]}\n", "cases/x.yaml", project, valid)
    assert [str(i) for i in issues] == [
        'cases/x.yaml:6:54: events[0].invoices[1]: no invoice "F9" in this case (invoices: F1 or F2)']
    _, issues = load_case_text(head + "  - {date: 2026-03-10, type: dispute, invoices: []}\n", "cases/x.yaml", project, valid)
    assert [str(i) for i in issues] == [
        "cases/x.yaml:6:49: events[0].invoices: expected at least one invoice number, got an empty list"]


def test_interest_keeps_running_on_a_disputed_invoice_unless_the_dispute_suspends_it(demo):
    as_of = dt.date(2026, 4, 10)
    st, _, _ = compute(demo, two_invoices(demo, event(dt.date(2026, 3, 30), "dispute", "F2026-040"), as_of=as_of), as_of)
    assert {i.number: i.interest for i in st.invoices}["F2026-040"] == Decimal("11.58")      # 29 days
    suspending = dataclasses.replace(event(dt.date(2026, 3, 30), "dispute", "F2026-040"), suspends_interest=True)
    st, _, _ = compute(demo, two_invoices(demo, suspending, as_of=as_of), as_of)
    # 13–29 March only: 1 200 × 12,15 % × 17 / 365 = 6,79 €; F2026-031 not named, its interest unchanged
    assert (Decimal("1200") * Decimal("0.1215") * 17 / 365).quantize(Decimal("0.01")) == Decimal("6.79")
    assert {i.number: i.interest for i in st.invoices} == {"F2026-031": Decimal("26.75"), "F2026-040": Decimal("6.79")}


def test_a_dispute_naming_the_only_invoice_pauses_and_stops_the_clock_as_before(demo):
    case = demo[1].case("2026-014-dupont")          # one invoice, F2026-031, due 3 March 2026
    as_of = dt.date(2026, 3, 20)
    named = dataclasses.replace(case, events=tuple(e for e in case.events if e.date < as_of) + (DISPUTE,))
    whole = dataclasses.replace(case, events=tuple(e for e in case.events if e.date < as_of)
                                + (dataclasses.replace(DISPUTE, invoices=()),))
    for day in (dt.date(2026, 4, 5), dt.date(2026, 5, 5)):
        ended = event(dt.date(2026, 4, 20), "dispute_resolved", "F2026-031")
        a = compute(demo, dataclasses.replace(named, events=named.events + (ended,)), day)[1]
        b = compute(demo, dataclasses.replace(whole, events=whole.events + (dataclasses.replace(ended, invoices=()),)), day)[1]
        assert (a.status, [(x.step, x.due) for x in a.next_actions]) == (b.status, [(x.step, x.due) for x in b.next_actions])
    ld = compute(demo, named, dt.date(2026, 4, 5))[1]
    assert ld.status == "paused"
    assert {s.step.id: s.reason for s in ld.steps}["mise_en_demeure"] == "suspendue\u00a0: contestation du 30\u00a0mars\u00a02026"

"""The statement over time (issue 13): a consumer's interest per invoice, credit notes, overpayments, events after today.

Same conventions and rates as test_ledger.py (legal "autres cas" 2026-S1 2.62; L441-10 2026-S1 12.15);
the arithmetic of every figure is in the comments.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from dossier.records.i18n import speaking
from dossier.law import ledger, rates
from dossier.records.errors import Source
from dossier.records.model import Case, Debtor, Event, Invoice, Project, Scenario, Step

S = Source("t.yaml", 1, 1)
day = dt.date.fromisoformat
TABLES = rates.builtin_tables()
PROJECT = Project("t", {}, Source("dossier.yaml", 1, 1), scenarios={"standard": Scenario("standard", (Step("mise_en_demeure", "lrar", S),), S)})


def inv(number: str, date: str, due: str, amount: str) -> Invoice:
    return Invoice(number, day(date), day(due), D(amount), Source("t.yaml", 10, 5))


def pay(date: str, amount: str, invoice: str | None = None, line: int = 20) -> Event:
    return Event(day(date), "payment", Source("t.yaml", line, 5), amount=D(amount), invoice=invoice)


def sent(date: str, step: str, received: str | None = None) -> Event:
    return Event(day(date), "sent", S, step=step, received=day(received) if received else None)


def case(kind: str, invoices, events=()) -> Case:
    return Case("c", "cases/c.yaml", Debtor("Débiteur", kind, S), tuple(invoices), S, events=tuple(events))


def stmt(c: Case, as_of: str) -> ledger.Statement:
    return ledger.statement(c, PROJECT, day(as_of), TABLES)


def codes(st: ledger.Statement) -> list[str]:
    return sorted(i.code for i in st.issues)


def line_tuples(st: ledger.Statement):
    return [(str(l.start), str(l.end), l.days, l.base, l.rate, l.interest, l.provisional) for l in st.lines]


def credit(date: str, amount: str, invoice: str, number: str = "AV-2026-004", line: int = 30) -> Event:
    return Event(day(date), "credit_note", Source("t.yaml", line, 5), amount=D(amount), invoice=invoice, number=number)


# --- a consumer's interest, invoice by invoice ---------------------------------------------------

A = inv("P-1", "2026-01-15", "2026-02-14", "1500.00")
B = inv("P-2", "2026-04-15", "2026-05-15", "600.00")
NOTICE = sent("2026-04-01", "mise_en_demeure", "2026-04-03")


def test_a_consumer_invoice_due_after_the_only_formal_notice_bears_no_interest():
    # P-1: from 04/04 (notice received 03/04) to 30/06: 88 d; 1500 × 2.62 × 88 / 36500 = 9.4751 → 9.48.
    # P-2 falls due on 15/05, after the notice of 01/04: no notice claimed it, no interest (C. civ. 1231-6, 1344).
    st = stmt(case("consumer", [A, B], [NOTICE]), "2026-06-30")
    assert line_tuples(st) == [("2026-04-04", "2026-06-30", 88, D("1500.00"), D("2.62"), D("9.48"), False)]
    assert [(r.number, r.interest) for r in st.invoices] == [("P-1", D("9.48")), ("P-2", D("0.00"))]
    assert (st.principal, st.interest, st.total, st.interest_from) == (D("2100.00"), D("9.48"), D("2109.48"), day("2026-04-04"))


def test_a_second_formal_notice_starts_the_interest_of_the_invoice_due_after_the_first():
    # Notice of 20/05, received 23/05, after P-2's due date (15/05): P-2 from 24/05 to 30/06 = 8 + 30 = 38 d;
    # 600 × 2.62 × 38 / 36500 = 1.6366 → 1.64. P-1 still runs from the first notice (04/04): 9.48.
    st = stmt(case("consumer", [A, B], [NOTICE, sent("2026-05-20", "mise_en_demeure", "2026-05-23")]), "2026-06-30")
    assert line_tuples(st) == [
        ("2026-04-04", "2026-06-30", 88, D("1500.00"), D("2.62"), D("9.48"), False),
        ("2026-05-24", "2026-06-30", 38, D("600.00"), D("2.62"), D("1.64"), False),
    ]
    assert (st.interest, st.interest_from) == (D("11.12"), day("2026-04-04"))


def test_without_a_receipt_date_the_notice_counts_from_its_own_date():
    # Second notice sent 20/05, no `received`: P-2 from 21/05 to 30/06 = 11 + 30 = 41 d; 600 × 2.62 × 41 / 36500 = 1.7658 → 1.77.
    st = stmt(case("consumer", [A, B], [NOTICE, sent("2026-05-20", "mise_en_demeure")]), "2026-06-30")
    assert [(r.number, r.interest) for r in st.invoices] == [("P-1", D("9.48")), ("P-2", D("1.77"))]


def test_a_notice_dated_on_the_due_date_does_not_claim_that_invoice_even_received_after_it():
    # The letter of 15/05 claims the invoices due before its date (it cannot demand a sum not yet late):
    # P-2, due 15/05, bears no interest although the letter was received on 18/05.
    st = stmt(case("consumer", [A, B], [NOTICE, sent("2026-05-15", "mise_en_demeure", "2026-05-18")]), "2026-06-30")
    assert [(r.number, r.interest) for r in st.invoices] == [("P-1", D("9.48")), ("P-2", D("0.00"))]
    # The first notice received after P-1's due date still starts P-1 (a later one does not move it).
    assert st.lines[0].start == day("2026-04-04")


def test_a_consumer_with_only_a_notice_before_every_due_date_owes_no_interest():
    st = stmt(case("consumer", [B], [NOTICE]), "2026-06-30")
    assert (st.interest, st.lines, st.interest_from, st.total) == (D("0.00"), (), None, D("600.00"))


# --- credit notes ----------------------------------------------------------------------------------

F = inv("F2026-031", "2026-02-01", "2026-03-03", "4800.00")


def test_a_credit_note_reduces_the_principal_from_its_date_and_the_indemnity_stays():
    # L441-10, 2026-S1: 2.15 + 10 = 12.15 %. Interest on 4 800 from 04/03 to 31/03 (28 d): 4800 × 12.15 × 28 / 36500
    # = 44.7386 → 44.74 (rounded on the credit note's date, as at a payment); credit note AV-2026-004 of 200 on 01/04:
    # 4 600 from 01/04 to 30/06 (30 + 31 + 30 = 91 d): 4600 × 12.15 × 91 / 36500 = 139.3422 → 139.34.
    # The invoice was late on 01/04: the 40 € stay. Nothing is paid, nothing imputed to interest.
    st = stmt(case("professional", [F], [credit("2026-04-01", "200.00", "F2026-031")]), "2026-06-30")
    assert line_tuples(st) == [
        ("2026-03-04", "2026-03-31", 28, D("4800.00"), D("12.15"), D("44.74"), False),
        ("2026-04-01", "2026-06-30", 91, D("4600.00"), D("12.15"), D("139.34"), False),
    ]
    assert (st.principal, st.interest, st.indemnity, st.total) == (D("4600.00"), D("184.08"), D("40.00"), D("4824.08"))
    assert (st.paid, st.payments, st.credited) == (D("0.00"), (), D("200.00"))
    assert st.credits == (ledger.CreditNote(day("2026-04-01"), "AV-2026-004", "F2026-031", D("200.00")),)
    [r] = st.invoices
    assert (r.credited, r.paid_interest, r.paid_principal, r.paid_on) == (D("200.00"), D("0.00"), D("0.00"), None)
    assert codes(st) == []


def test_a_credit_note_after_a_payment_takes_off_principal_only():
    # 1 000 due 03/03. Payment of 500 on 01/04: interest 04/03–01/04 (29 d) 1000 × 12.15 × 29 / 36500 = 9.6534 → 9.65,
    # then 490.35 of principal: 509.65 left. Credit note of 400 on 01/05: interest 02/04–30/04 (29 d) on 509.65
    # = 4.9199 → 4.92 stays owed (not paid by the credit note); 109.65 left, from 01/05 to 30/06 (61 d):
    # 109.65 × 12.15 × 61 / 36500 = 2.2265 → 2.23. Interest owed 4.92 + 2.23 = 7.15; 40 € (late); total 156.80.
    c = case("professional", [inv("F1", "2026-02-01", "2026-03-03", "1000.00")],
             [pay("2026-04-01", "500.00"), credit("2026-05-01", "400.00", "F1")])
    st = stmt(c, "2026-06-30")
    assert [(p.to_interest, p.to_principal) for p in st.payments] == [(D("9.65"), D("490.35"))]
    assert [(str(l.start), l.base, l.interest) for l in st.lines] == [
        ("2026-03-04", D("1000.00"), D("9.65")), ("2026-04-02", D("509.65"), D("4.92")), ("2026-05-01", D("109.65"), D("2.23"))]
    assert (st.principal, st.interest, st.indemnity, st.total) == (D("109.65"), D("7.15"), D("40.00"), D("156.80"))


def test_a_credit_note_cancelling_an_invoice_before_its_due_date_leaves_no_indemnity():
    c = case("professional", [inv("F1", "2026-02-01", "2026-03-03", "1000.00")], [credit("2026-03-01", "1000.00", "F1")])
    st = stmt(c, "2026-06-30")
    assert (st.total, st.settled, st.invoices[0].paid_on, st.invoices[0].days_late, st.lines) == (D("0.00"), True, day("2026-03-01"), 0, ())


def test_a_credit_note_cancelling_a_late_invoice_keeps_the_interest_run_and_the_indemnity():
    # 1 000 from 04/03 to 31/03 (28 d): 1000 × 12.15 × 28 / 36500 = 9.3205 → 9.32; then nothing runs.
    c = case("professional", [inv("F1", "2026-02-01", "2026-03-03", "1000.00")], [credit("2026-04-01", "1000.00", "F1")])
    st = stmt(c, "2026-06-30")
    assert (st.principal, st.interest, st.indemnity, st.total) == (D("0.00"), D("9.32"), D("40.00"), D("49.32"))
    assert st.invoices[0].paid_on == day("2026-04-01")


def test_a_credit_note_above_the_principal_still_owed_is_a_located_error():
    # After the payment of 01/04 the principal is 509.65 (above): a credit note of 600 cannot be taken off.
    c = case("professional", [inv("F1", "2026-02-01", "2026-03-03", "1000.00")],
             [pay("2026-04-01", "500.00"), credit("2026-05-01", "600.00", "F1", line=31)])
    st = stmt(c, "2026-06-30")
    [issue] = [i for i in st.issues if i.code == "credit-note-amount"]
    assert issue.severity == "error"
    assert str(issue) == ("t.yaml:31:5: credit note AV-2026-004 of 600.00 on 2026-05-01 exceeds the principal still owed on invoice F1 "
                          "that day (509.65): a credit note takes off at most the unpaid principal (record a refund of the rest outside the journal)")
    assert (st.principal, st.credited) == (D("0.00"), D("509.65"))   # never a negative balance


def test_a_consumer_credit_note_lowers_the_base_of_the_interest_from_its_date():
    # Notice received 03/04: interest from 04/04 on 1 500; credit note of 500 on 01/05: 04/04–30/04 (27 d)
    # 1500 × 2.62 × 27 / 36500 = 2.9071 → 2.91; 01/05–30/06 (61 d) on 1 000: 1000 × 2.62 × 61 / 36500 = 4.3786 → 4.38.
    st = stmt(case("consumer", [A], [NOTICE, credit("2026-05-01", "500.00", "P-1")]), "2026-06-30")
    assert [(str(l.start), str(l.end), l.base, l.interest) for l in st.lines] == [
        ("2026-04-04", "2026-04-30", D("1500.00"), D("2.91")), ("2026-05-01", "2026-06-30", D("1000.00"), D("4.38"))]
    assert (st.principal, st.interest, st.indemnity) == (D("1000.00"), D("7.29"), D("0.00"))


# --- overpayment -------------------------------------------------------------------------------------

def test_an_overpayment_is_a_trop_percu_to_refund_with_a_warning_at_the_payment_line():
    # 24 000 paid against an invoice of 2 400 paid before its due date: 21 600 to refund.
    c = case("professional", [inv("F1", "2026-02-01", "2026-03-03", "2400.00")], [pay("2026-03-01", "24000.00", line=22)])
    st = stmt(c, "2026-06-30")
    assert (st.total, st.settled, st.overpaid, st.unallocated) == (D("0.00"), True, D("21600.00"), D("21600.00"))
    [issue] = st.issues
    assert (issue.code, issue.severity) == ("overpaid", "warning")
    assert str(issue) == "t.yaml:22:5: warning: case c: payments exceed the amount owed by 21600.00 €: trop-perçu to refund (from the payment of 2026-03-01)"
    assert issue.fr.startswith("Trop-perçu à rembourser\u00a0: 21\u202f600,00\u00a0€.")
    assert "Overpaid, to refund: €21,600.00" in ledger.format_text(st).splitlines()
    with speaking("fr"):
        assert "Trop-perçu à rembourser\u00a0: 21\u202f600,00\u00a0€" in ledger.format_text(st).splitlines()


def test_payments_plus_a_credit_note_beyond_the_balance_leave_an_overpayment():
    # 1 000 due 03/03; credit note of 300 on 01/03 (before the due date), then 800 paid on 02/03: 100 overpaid.
    c = case("professional", [inv("F1", "2026-02-01", "2026-03-03", "1000.00")],
             [credit("2026-03-01", "300.00", "F1"), pay("2026-03-02", "800.00", line=24)])
    st = stmt(c, "2026-06-30")
    assert (st.total, st.credited, st.paid, st.overpaid, st.indemnity) == (D("0.00"), D("300.00"), D("800.00"), D("100.00"), D("0.00"))
    assert [i.source.line for i in st.issues if i.code == "overpaid"] == [24]


def test_no_overpayment_no_warning():
    st = stmt(case("professional", [inv("F1", "2026-02-01", "2026-03-03", "1000.00")], [pay("2026-03-01", "1000.00")]), "2026-06-30")
    assert (st.overpaid, st.issues) == (D("0.00"), ())
    assert "Trop-perçu" not in ledger.format_text(st)


def test_the_statement_table_lists_the_credit_notes_and_the_trop_percu():
    from dossier.documents import render

    c = case("professional", [inv("F1", "2026-02-01", "2026-03-03", "1000.00")],
             [credit("2026-03-01", "300.00", "F1"), pay("2026-03-02", "800.00")])
    html = render.render("partials/decompte.html", {"statement": stmt(c, "2026-06-30")})
    assert "<caption>Avoirs (déduits du principal de la facture, à leur date)</caption>" in html
    assert "<tr><td>AV-2026-004</td><td>01/03/2026</td><td>F1</td><td class=\"montant\">300,00\u00a0€</td></tr>" in html
    assert "<tr><th scope=\"row\">Trop-perçu à rembourser</th><td class=\"montant\">100,00\u00a0€</td></tr>" in html
    plain = render.render("partials/decompte.html", {"statement": stmt(case("professional", [F]), "2026-06-30")})
    assert "Avoirs" not in plain and "Trop-perçu" not in plain


# --- through the command line: check, show, the case page --------------------------------------------

TROP = """\
debtor: {name: Lambert Menuiserie SARL, kind: professional, address: ["3 rue Neuve", "69001 Lyon"]}
invoices:
  - {number: F2026-090, date: 2026-02-01, due: 2026-03-03, amount: 2400.00}
  - {number: F2026-091, date: 2026-02-10, due: 2026-03-12, amount: 500.00}
events:
  - {date: 2026-03-01, type: credit_note, number: AV-2026-004, invoice: F2026-091, amount: 500.00}
  - {date: 2026-03-02, type: payment, amount: 24000.00, reference: VIR 02/03}
  - {date: 2026-12-20, type: sent, step: relance_informelle}
"""
EPOCH_2026_12_06 = "1796558400"   # 2026-12-06 12:00 UTC: the real date of the run


def test_check_show_and_the_case_page_tell_the_trop_percu_and_the_event_after_today(demo_repo, tmp_path):
    from click.testing import CliRunner

    from dossier.cli import main

    (demo_repo / "cases" / "2026-099-lambert.yaml").write_text(TROP, encoding="utf-8")
    env = {"SOURCE_DATE_EPOCH": EPOCH_2026_12_06}
    check = CliRunner().invoke(main, ["check", "--repo", str(demo_repo), "--as-of", "2026-11-24", "--format", "text", "--verbose"], env=env)
    assert check.exit_code == 0, check.output
    lines = check.output.splitlines()
    assert ("cases/2026-099-lambert.yaml:7:5: warning: case 2026-099-lambert: payments exceed the amount owed by 21600.00 €: "
            "trop-perçu to refund (from the payment of 2026-03-02)") in lines
    assert ("cases/2026-099-lambert.yaml:8:5: warning: events: the sent event is dated 2026-12-20, after today (2026-12-06): "
            "a typo?") in lines
    # --as-of in the past does not hide it: the real date decides
    assert sum("after today" in line for line in lines) == 1

    show = CliRunner().invoke(main, ["show", "2026-099-lambert", "--repo", str(demo_repo), "--as-of", "2026-11-24"], env=env)
    assert show.exit_code == 0, show.output
    assert "Overpaid, to refund: €21,600.00" in show.output.splitlines()
    assert "Credit notes: €500.00 (AV-2026-004 2026-03-01 F2026-091 500.00)" in show.output.splitlines()

    out = tmp_path / "site"
    build = CliRunner().invoke(main, ["build", "--repo", str(demo_repo), "--as-of", "2026-11-24", "--no-pdf", "--out", str(out)], env=env)
    assert build.exit_code == 0, build.output
    page = (out / "cases" / "2026-099-lambert" / "index.html").read_text(encoding="utf-8")
    assert "<div>Trop-perçu à rembourser<strong>21\u202f600,00\u00a0€</strong></div>" in page
    assert "<div>Avoirs<strong>500,00\u00a0€</strong></div>" in page


# --- properties with credit notes ---------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402


@hs.composite
def journals(draw):
    kind = draw(hs.sampled_from(["professional", "public", "consumer"]))
    n = draw(hs.integers(1, 3))
    amounts = hs.integers(min_value=1, max_value=500_000).map(lambda c: D(c).scaleb(-2))
    invoices = []
    for i in range(n):
        date = draw(hs.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31)))
        invoices.append(Invoice(f"F{i}", date, date + dt.timedelta(days=draw(hs.integers(0, 60))), draw(amounts), S))
    events = []
    for _ in range(draw(hs.integers(0, 6))):
        when = draw(hs.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)))
        target = draw(hs.sampled_from([f"F{i}" for i in range(n)]))
        if draw(hs.booleans()):
            events.append(Event(when, "credit_note", S, amount=draw(amounts), invoice=target, number="AV"))
        else:
            events.append(Event(when, "payment", S, amount=draw(amounts), invoice=draw(hs.one_of(hs.none(), hs.just(target)))))
    if draw(hs.booleans()):
        events.append(Event(draw(hs.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30))), "sent", S, step="mise_en_demeure"))
    as_of = draw(hs.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)))
    return case(kind, invoices, sorted(events, key=lambda e: e.date)), as_of


@settings(max_examples=300, deadline=None)
@given(journals())
def test_credit_notes_keep_every_cent_accounted_for(drawn):
    c, as_of = drawn
    s = ledger.statement(c, PROJECT, as_of, TABLES)
    for r in s.invoices:
        assert min(r.principal, r.interest, r.indemnity, r.credited) >= 0
        assert r.principal == r.amount - r.paid_principal - r.credited
        assert r.interest == r.accrued - r.paid_interest
    assert s.credited == sum((r.credited for r in s.invoices), D(0)) == sum((x.amount for x in s.credits), D(0))
    # a credit note is never imputed: the payments alone are
    imputed = sum((p.to_interest + p.to_principal + p.to_indemnity + p.unallocated for p in s.payments), D(0))
    assert imputed == s.paid == sum((e.amount for e in c.events if e.type == "payment" and e.date <= as_of), D(0))
    assert s.total == s.amount - s.credited + s.accrued + sum((r.indemnity_due for r in s.invoices), D(0)) - s.paid + s.overpaid
    applied = sum((e.amount for e in c.events if e.type == "credit_note" and e.date <= as_of), D(0))
    over = [i for i in s.issues if i.code in ("credit-note-amount", "credit-note-invoice")]
    assert (s.credited == applied) == (not over)
    assert all(i.severity == "error" for i in over)


def test_the_staff_note_gives_each_consumer_invoice_its_own_start_and_names_those_without_interest():
    from dossier.documents import render

    one = render.render("partials/decompte.html", {"statement": stmt(case("consumer", [A, B], [NOTICE]), "2026-06-30")})
    assert ("Intérêts au taux légal à compter du 4\u00a0avril\u00a02026, lendemain de la réception de la mise en demeure ou, à défaut "
            "d’avis de réception, de son envoi (art. 1231-6 et 1344-1 C. civ.). Aucun intérêt sur P-2, faute de mise en demeure "
            "postérieure à l’échéance.</p>") in one
    two = render.render("partials/decompte.html", {"statement": stmt(case("consumer", [A, B], [NOTICE, sent("2026-05-20", "mise_en_demeure", "2026-05-23")]), "2026-06-30")})
    assert ("(art. 1231-6, 1344 et 1344-1 C. civ.)&nbsp;: P-1 à compter du 4\u00a0avril\u00a02026, P-2 à compter du 24\u00a0mai\u00a02026.</p>") in two

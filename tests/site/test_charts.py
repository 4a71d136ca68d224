"""Analytics: each figure on hand-built cases, then against the ledger of the demo portfolio."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace as NS

from dossier.site import charts
from dossier.law import money
from dossier.build import load_and_compute

AS_OF = "2026-11-24"  # the demo portfolio's date (tests/conftest.py)

D = dt.date
AS = D(2026, 11, 24)


def inv(number: str, due: dt.date, principal: str, days_late: int, paid_on: dt.date | None = None):
    return NS(number=number, due=due, principal=Decimal(principal), days_late=days_late, paid_on=paid_on)


def imp(day: dt.date, principal: str, interest: str = "0.00", unallocated: str = "0.00"):
    return NS(date=day, amount=Decimal("999.99"), to_principal=Decimal(principal), to_interest=Decimal(interest),
              to_indemnity=Decimal("0.00"), unallocated=Decimal(unallocated))


def step(step_id: str, state: str, day: dt.date | None):
    return NS(step=NS(id=step_id), state=state, date=day)


def result(case_id: str, invoices=(), payments=(), steps=(), status="open", kind="professional", name=None, siren=None, total="0.00"):
    debtor = NS(name=name or case_id, kind=kind, siren=siren)
    return NS(case=NS(id=case_id, debtor=debtor), statement=NS(invoices=tuple(invoices), payments=tuple(payments), total=Decimal(total)),
              ladder=NS(status=status, steps=tuple(steps)))


def test_aging_buckets_are_inclusive_at_30_60_90_and_skip_paid_and_closed_cases():
    rs = [
        result("a", [inv("1", AS, "100.00", 0), inv("2", AS, "10.00", 30), inv("3", AS, "1.00", 31)]),
        result("b", [inv("4", AS, "200.00", 60), inv("5", AS, "20.00", 61), inv("6", AS, "2.00", 90), inv("7", AS, "300.00", 91)]),
        result("c", [inv("8", AS, "0.00", 400)]),                        # paid: no balance
        result("d", [inv("9", AS, "5000.00", 400)], status="closed"),    # written off
    ]
    got = [(b.label, b.amount, b.invoices) for b in charts.aging(rs)]
    assert got == [
        ("0 à 30 jours", Decimal("110.00"), 2),
        ("31 à 60 jours", Decimal("201.00"), 2),
        ("61 à 90 jours", Decimal("22.00"), 2),
        ("plus de 90 jours", Decimal("300.00"), 1),
    ]


def test_recovered_by_month_counts_each_imputation_row_once_and_fills_empty_months():
    # one payment of 150 spread over two invoices: two rows, amount is the whole payment on both
    rs = [result("a", payments=[imp(D(2026, 8, 3), "100.00"), imp(D(2026, 8, 3), "40.00", "10.00")]),
          result("b", payments=[imp(D(2026, 10, 31), "20.00", unallocated="5.00"), imp(D(2026, 12, 1), "99.00")])]
    got = [(m.label, m.amount) for m in charts.recovered_by_month(rs, AS)]
    assert got == [("août 2026", Decimal("150.00")), ("septembre 2026", Decimal("0.00")),
                   ("octobre 2026", Decimal("25.00")), ("novembre 2026", Decimal("0.00"))]


def test_recovered_by_month_sums_months_older_than_the_window_in_one_bar():
    rs = [result("a", payments=[imp(D(2026, 1, 5), "1.00"), imp(D(2026, 2, 5), "2.00"), imp(D(2026, 11, 2), "4.00")])]
    got = [(m.label, m.amount) for m in charts.recovered_by_month(rs, AS, months=3)]
    assert got == [("janvier 2026 à août 2026", Decimal("3.00")), ("septembre 2026", Decimal("0.00")),
                   ("octobre 2026", Decimal("0.00")), ("novembre 2026", Decimal("4.00"))]


def test_a_step_counts_as_followed_by_payment_from_1_to_15_days_after_and_open_windows_wait():
    rs = [
        result("a", steps=[step("relance_amiable", "done", D(2026, 3, 1)), step("mise_en_demeure", "done", D(2026, 4, 1))],
               payments=[imp(D(2026, 3, 16), "10.00")]),                    # day 15 after the reminder: counts
        result("b", steps=[step("relance_amiable", "done", D(2026, 3, 1))], payments=[imp(D(2026, 3, 17), "10.00")]),  # day 16: no
        result("c", steps=[step("relance_amiable", "done", D(2026, 3, 1))], payments=[imp(D(2026, 3, 1), "10.00")]),   # same day: no
        result("d", steps=[step("relance_amiable", "done", D(2026, 11, 20)), step("appel", "due", D(2026, 11, 1))]),  # window open
        result("e", steps=[step("relance_amiable", "done", D(2026, 11, 20))], payments=[imp(D(2026, 11, 22), "1.00")]),  # already paid
    ]
    got = [(s.step, s.label, s.done, s.followed, s.rate) for s in charts.step_effects(rs, AS, label=str.upper)]
    assert got == [("relance_amiable", "RELANCE_AMIABLE", 4, 2, Decimal("50.0")), ("mise_en_demeure", "MISE_EN_DEMEURE", 1, 0, Decimal("0.0"))]


def test_days_to_pay_averages_paid_invoices_overall_and_by_debtor_kind():
    rs = [
        result("a", [inv("1", D(2026, 1, 31), "0.00", 10, paid_on=D(2026, 2, 10)), inv("2", D(2026, 3, 1), "5.00", 200)]),
        result("b", [inv("3", D(2026, 1, 1), "0.00", 45, paid_on=D(2026, 2, 15))], kind="consumer"),
        result("c", [inv("4", D(2026, 1, 1), "0.00", 0, paid_on=D(2025, 12, 20))], kind="consumer"),  # early: 0 days
    ]
    got = [(d.label, d.invoices, d.average) for d in charts.days_to_pay(rs)]
    assert got == [("ensemble", 3, Decimal("18.3")), ("professionnels", 1, Decimal("10.0")),
                   ("particuliers", 2, Decimal("22.5")), ("personnes publiques", 0, None)]


def test_repeat_late_payers_group_by_siren_else_by_name_and_need_two_late_invoices():
    rs = [
        result("2026-001-a", [inv("1", AS, "0", 12)], name="Alpha SARL", siren="111111111", total="100.00"),
        result("2026-002-a", [inv("2", AS, "50", 30), inv("3", AS, "0", 0)], name="ALPHA S.A.R.L.", siren="111111111", total="60.00"),
        result("2026-003-b", [inv("4", AS, "10", 5), inv("5", AS, "10", 8)], name="Bravo  Plomberie", total="20.00"),
        result("2026-004-b", [inv("6", AS, "10", 3)], name="bravo plomberie", total="10.00"),
        result("2026-005-c", [inv("7", AS, "10", 300)], name="Charlie", total="999.00"),
    ]
    got = [(p.name, p.cases, p.late_invoices, p.outstanding, p.average_days_late) for p in charts.late_payers(rs)]
    assert got == [
        ("Bravo  Plomberie", ("2026-003-b", "2026-004-b"), 3, Decimal("30.00"), Decimal("5.3")),
        ("Alpha SARL", ("2026-001-a", "2026-002-a"), 2, Decimal("160.00"), Decimal("21.0")),
    ]


def test_bar_chart_scales_to_the_largest_bar_and_escapes_labels():
    svg = charts.bar_chart("c1", "Titre <b>", [("<script>alert(1)</script>", Decimal("50"), "50 €"), ("b", Decimal("200"), "200 €")])
    widths = re.findall(r'class="bar" x="\d+" y="\d+" width="([\d.]+)"', str(svg))
    assert widths == ["90.0", "360.0"]
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert '<title id="c1-title">Titre &lt;b&gt;</title>' in svg
    assert 'role="img" aria-labelledby="c1-title"' in svg


# --- against the ledger of the demo portfolio ------------------------------------------


def demo(demo_repo: Path):
    repo, results, issues = load_and_compute(demo_repo, D.fromisoformat(AS_OF))
    assert repo is not None, [str(i) for i in issues]
    return results


def test_aging_adds_up_to_the_principal_the_ledger_says_is_owed(demo_repo: Path):
    results = demo(demo_repo)
    live = [r for r in results if r.ladder.status != "closed"]
    buckets = charts.aging(results)
    assert sum(b.amount for b in buckets) == sum(r.statement.principal for r in live)
    assert sum(b.invoices for b in buckets) == sum(1 for r in live for i in r.statement.invoices if i.principal > 0)
    for b in buckets:  # every bucket, recomputed from the ledger's invoices
        expected = sum((i.principal for r in live for i in r.statement.invoices
                        if i.principal > 0 and b.low <= max(0, i.days_late) and (b.high is None or max(0, i.days_late) <= b.high)), Decimal("0.00"))
        assert b.amount == expected


def test_recovered_amounts_match_the_ledger_and_the_payment_events(demo_repo: Path):
    results = demo(demo_repo)
    months = charts.recovered_by_month(results, D.fromisoformat(AS_OF), months=1000)
    assert sum(m.amount for m in months) == sum(r.statement.paid for r in results) > 0
    for m in months:  # and month by month, from the journal's own payment events
        assert m.amount == sum((e.amount for r in results for e in r.case.events
                                if e.type == "payment" and e.date.replace(day=1) == m.month), Decimal("0.00"))


def test_days_to_pay_and_late_payers_come_from_the_ledger_invoices(demo_repo: Path):
    results = demo(demo_repo)
    paid = [(i.paid_on - i.due).days for r in results for i in r.statement.invoices if i.paid_on]
    overall = charts.days_to_pay(results)[0]
    assert overall.invoices == len(paid)
    if paid:
        assert abs(overall.average - Decimal(sum(max(0, d) for d in paid)) / len(paid)) < Decimal("0.05")
    for p in charts.late_payers(results):
        mine = [r for r in results if r.case.id in p.cases]
        assert p.late_invoices == sum(1 for r in mine for i in r.statement.invoices if i.days_late > 0) >= 2
        assert p.outstanding == sum(r.statement.total for r in mine)


def test_the_analytics_page_prints_the_ledger_figures(demo_repo: Path, tmp_path: Path):
    from dossier.build import build_site

    out = tmp_path / "site"
    assert not build_site(demo_repo, out, D.fromisoformat(AS_OF), pdf=False).failed
    page = (out / "analyses.html").read_text(encoding="utf-8")
    results = demo(demo_repo)
    for b in charts.aging(results):
        assert f"<th scope=\"row\">{b.label}</th><td class=\"num\">{b.invoices}</td><td class=\"num\">{money.euros(b.amount)}</td>" in page
    assert f"{money.euros(sum(r.statement.paid for r in results))} au total" in page
    assert page.count("<svg class=\"chart\"") == 6   # five charts and the twelve-month trend

"""The analytics' trends: month by month, invoiced and not received, recovered, DSO, average days to pay."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from dossier.build import build_site, load_and_compute
from dossier.site import charts, trends

DATE = dt.date(2026, 11, 24)


def test_dupont_month_by_month(demo_repo: Path):
    _, results, _ = load_and_compute(demo_repo, DATE)
    dupont = [r for r in results if r.case.id == "2026-014-dupont"]
    months = {m.month: m for m in trends.trends(dupont, DATE)}
    assert sorted(months) == [dt.date(2025, 12, 1)] + [dt.date(2026, k, 1) for k in range(1, 12)]
    assert months[dt.date(2026, 1, 1)].outstanding == Decimal("0.00")      # invoice of 1 February
    assert months[dt.date(2026, 1, 1)].dso is None                          # nothing invoiced yet
    feb, march = months[dt.date(2026, 2, 1)], months[dt.date(2026, 3, 1)]
    assert (feb.outstanding, feb.recovered, feb.dso) == (Decimal("4800.00"), Decimal("0.00"), 365)
    # 1 000,00 paid on 20 March: 3 800,00 left of the 4 800,00 invoiced; 3800 / 4800 × 365 = 288,96 → 289 days
    assert (march.outstanding, march.recovered, march.dso) == (Decimal("3800.00"), Decimal("1000.00"), 289)
    assert march.label == "mars 2026" and march.paid_invoices == 0 and march.average_days is None


def test_the_portfolio_trends_match_the_recovered_bars_and_the_paid_invoices(demo_repo: Path, tmp_path: Path):
    _, results, _ = load_and_compute(demo_repo, DATE)
    months = trends.trends(results, DATE)
    bars = {m.month: m.amount for m in charts.recovered_by_month(results, DATE)}
    assert [m.recovered for m in months] == [bars.get(m.month, Decimal("0.00")) for m in months]
    for m in months:
        paid = [max(0, (inv.paid_on - inv.due).days) for r in results for inv in r.statement.invoices
                if inv.paid_on is not None and inv.paid_on.replace(day=1) == m.month]
        assert m.paid_invoices == len(paid)
        assert m.average_days == (None if not paid else (Decimal(sum(paid)) / len(paid)).quantize(Decimal("0.1")))
    out = tmp_path / "site"
    assert not build_site(demo_repo, out, DATE, pdf=False).failed
    page = (out / "analyses.html").read_text(encoding="utf-8")
    assert '<h2 id="tendances">Tendances sur douze mois</h2>' in page and 'id="chart-trend"' in page
    assert page.count("<tr><th scope=\"row\">novembre 2026</th>") == 2   # trends and the recovered bars

"""Benchmark: statements of account for 10 000 generated cases.

    .venv/bin/python bench/bench_ledger.py [--cases N] [--repeat R]

Prints cases per second and milliseconds per thousand cases (best of R runs).
The cases are generated with a fixed seed: 1 to 4 invoices of 2024-2026, 0 to 3
payments (half of them naming an invoice), reminders and a formal notice,
professional / public / consumer debtors, one in ten with a contractual rate.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from dossier.law import ledger  # noqa: E402
from dossier.records.errors import Source  # noqa: E402
from dossier.law import rates  # noqa: E402
from dossier.records.model import Case, Debtor, Event, InterestTerms, Invoice, Project, Scenario, Step  # noqa: E402

AS_OF = dt.date(2026, 11, 24)
S = Source("bench.yaml", 1, 1)
PROJECT = Project("bench", {}, S, scenarios={"standard": Scenario("standard", (Step("mise_en_demeure", "lrar", S),), S)})


def generate(n: int, seed: int = 42) -> list[Case]:
    rnd = random.Random(seed)
    start = dt.date(2024, 1, 1)
    cases = []
    for k in range(n):
        kind = rnd.choices(["professional", "public", "consumer"], weights=[7, 1, 2])[0]
        invoices = []
        for i in range(rnd.randint(1, 4)):
            date = start + dt.timedelta(days=rnd.randint(0, 960))
            amount = Decimal(rnd.randint(5_000, 2_000_000)).scaleb(-2)
            invoices.append(Invoice(f"F{k}-{i}", date, date + dt.timedelta(days=rnd.choice([0, 30, 45, 60])), amount, S))
        first_due = min(inv.due for inv in invoices)
        events = [Event(first_due + dt.timedelta(days=d), "sent", S, step=s)
                  for d, s in ((5, "relance_informelle"), (15, "relance_amiable"), (45, "mise_en_demeure"))]
        for _ in range(rnd.randint(0, 3)):
            target = rnd.choice(invoices)
            when = target.due + dt.timedelta(days=rnd.randint(-10, 200))
            amount = Decimal(rnd.randint(1_000, int(target.amount * 100))).scaleb(-2)
            events.append(Event(when, "payment", S, amount=amount, invoice=target.number if rnd.random() < 0.5 else None))
        events.sort(key=lambda e: e.date)
        terms = InterestTerms(S, Decimal(rnd.choice(["9", "12", "15"]))) if rnd.random() < 0.1 else None
        cases.append(Case(f"case-{k:05d}", f"cases/case-{k:05d}.yaml", Debtor("D", kind, S), tuple(invoices), S,
                          interest=terms, events=tuple(events)))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    t0 = time.perf_counter()
    tables, _ = rates.load_tables(PROJECT)
    t1 = time.perf_counter()
    cases = generate(args.cases)
    best = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        statements = [ledger.statement(c, PROJECT, AS_OF, tables) for c in cases]
        best = min(best, time.perf_counter() - t)
    lines = sum(len(s.lines) for s in statements)
    invoices = sum(len(s.invoices) for s in statements)
    payments = sum(len(s.payments) for s in statements)
    print(f"rate tables loaded in {1000 * (t1 - t0):.1f} ms")
    print(f"{args.cases} cases ({invoices} invoices, {payments} imputations, {lines} interest lines)")
    print(f"best of {args.repeat}: {best:.3f} s = {args.cases / best:,.0f} cases/s = {1000 * best / args.cases * 1000:.0f} ms per 1000 cases")


if __name__ == "__main__":
    main()

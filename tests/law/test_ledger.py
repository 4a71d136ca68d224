"""Statements of account checked by hand: the arithmetic of every figure is in the comments.

Interest = base × rate × days / 36 500 (rates in percent), days counted inclusive,
rounded half-up to the cent at each payment imputed to the invoice and at the as-of date.
Rates used (law/data): ECB anchors 2024-S1 4.50, 2024-S2 4.25, 2025-S1 3.15, 2025-S2 2.15,
2026-S1 2.15, 2026-S2 2.40 (provisional); legal "autres cas" 2025-S1 3.71, 2026-S1 2.62,
2026-S2 2.75 (provisional).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from dossier.records.i18n import speaking
from dossier.law import ledger
from dossier.documents import render
from dossier.records.errors import Source
from dossier.law import rates
from dossier.records.model import (
    Case,
    Debtor,
    Event,
    Invoice,
    InterestTerms,
    Project,
    RateOverride,
    Scenario,
    Step,
)

S = Source("t.yaml", 1, 1)
day = dt.date.fromisoformat
TABLES = rates.builtin_tables()
PROJECT = Project("t", {}, Source("dossier.yaml", 1, 1), scenarios={"standard": Scenario("standard", (Step("mise_en_demeure", "lrar", S),), S)})


def inv(number: str, date: str, due: str, amount: str, delivered: str | None = None) -> Invoice:
    return Invoice(number, day(date), day(due), D(amount), Source("t.yaml", 10, 5), delivered=day(delivered) if delivered else None)


def pay(date: str, amount: str, invoice: str | None = None) -> Event:
    return Event(day(date), "payment", S, amount=D(amount), invoice=invoice)


def sent(date: str, step: str, received: str | None = None) -> Event:
    return Event(day(date), "sent", S, step=step, received=day(received) if received else None)


def case(kind: str, invoices, events=(), rate: str | None = None, indemnity: bool = True, scenario: str | None = None) -> Case:
    terms = InterestTerms(Source("t.yaml", 7, 3), D(rate) if rate else None, indemnity) if (rate or not indemnity) else None
    return Case("c", "cases/c.yaml", Debtor("Débiteur", kind, S), tuple(invoices), S,
                interest=terms, events=tuple(events), scenario=scenario)


def stmt(c: Case, as_of: str, project: Project = PROJECT, tables=TABLES) -> ledger.Statement:
    return ledger.statement(c, project, day(as_of), tables)


def codes(st: ledger.Statement) -> list[str]:
    return sorted(i.code for i in st.issues)


def line_tuples(st: ledger.Statement):
    return [(str(l.start), str(l.end), l.days, l.base, l.rate, l.interest, l.provisional) for l in st.lines]


# 1 ------------------------------------------------------------------------------------------
FORMAT_CASE = case(
    "professional",
    [inv("F2026-031", "2026-02-01", "2026-03-03", "4800.00")],
    [
        sent("2026-03-09", "relance_informelle"),
        pay("2026-03-20", "1000.00", "F2026-031"),
        sent("2026-04-17", "mise_en_demeure", "2026-04-19"),
    ],
)


def test_format_md_worked_example():
    # 2026-S1: ECB 2.15 + 10 = 12.15 %.
    # 04/03 → 20/03: 17 d; 4800 × 12.15 × 17 / 36500 = 27.1627 → 27.16, paid by the 1000.00;
    # principal 4800 − (1000 − 27.16) = 3827.16.
    # 21/03 → 30/06: 11 + 30 + 31 + 30 = 102 d; 3827.16 × 12.15 × 102 / 36500 = 129.9487 → 129.95.
    # 40.00 indemnity; total 3827.16 + 129.95 + 40 = 3997.11; days late 30/06 − 03/03 = 119.
    # Prescription: 5 y from 01/02/2026, renewed by the payment of 20/03/2026 → 20/03/2031.
    st = stmt(FORMAT_CASE, "2026-06-30")
    assert ledger.to_json(st) == {
        "principal": "3827.16",
        "interest": "129.95",
        "indemnity": "40.00",
        "total": "3997.11",
        "credited": "0.00",
        "overpaid": "0.00",
        "invoices": [{"number": "F2026-031", "principal": "3827.16", "interest": "129.95", "days_late": 119}],
        "prescription": "2031-03-20",
    }
    assert line_tuples(st) == [
        ("2026-03-04", "2026-03-20", 17, D("4800.00"), D("12.15"), D("27.16"), False),
        ("2026-03-21", "2026-06-30", 102, D("3827.16"), D("12.15"), D("129.95"), False),
    ]
    assert st.payments == (ledger.Imputation(day("2026-03-20"), D("1000.00"), "F2026-031", D("27.16"), D("972.84")),)
    assert st.lines[0].basis == "art. L441-10 C. com. (taux BCE 2,15\u00a0% + 10 points)"
    assert (st.paid, st.unallocated, st.settled, st.provisional, st.prescribed) == (D("1000.00"), D("0"), False, False, False)
    assert st.earliest_unpaid_due == day("2026-03-03")
    assert st.issues == ()


# 2 ------------------------------------------------------------------------------------------
def test_professional_provisional_second_half_2026():
    # Same case on 24/11/2026: 01/07 → 24/11 = 31+31+30+31+30+24... = 147 d at 2.40 + 10 = 12.40 % (provisional).
    # Span since the payment: 3827.16 × (12.15 × 102 + 12.40 × 147) / 36500 = 129.9487 + 191.1240 = 321.0727 → 321.07;
    # lines rounded cumulatively: 129.95, then 321.07 − 129.95 = 191.12.
    st = stmt(FORMAT_CASE, "2026-11-24")
    assert st.interest == D("321.07")
    assert [l.interest for l in st.lines] == [D("27.16"), D("129.95"), D("191.12")]
    assert st.lines[2].provisional and st.invoices[0].provisional and st.provisional
    assert st.accrued == D("348.23")            # 27.16 + 129.95 + 191.12, of which 27.16 paid
    assert st.total == D("4188.23")             # 3827.16 + 321.07 + 40
    [issue] = st.issues
    assert str(issue) == (
        "dossier.yaml:1:1: warning: a statement uses a provisional rate, not confirmed by a primary source: "
        "ECB main refinancing rate 2.40 % from 2026-07-01 (2026-S2); replace it in dossier.yaml (rates:) "
        "once the official value is published"
    )


# 3 ------------------------------------------------------------------------------------------
def test_professional_over_three_half_years():
    # Due 31/05/2024, no payment, as of 15/03/2025.
    # 2024-S1 01/06 → 30/06:  30 d × 14.50 %: 10000 × 14.50 × 30 / 36500 = 119.1781
    # 2024-S2 01/07 → 31/12: 184 d × 14.25 %: 10000 × 14.25 × 184 / 36500 = 718.3562 (cum. 837.5342)
    # 2025-S1 01/01 → 15/03:  74 d × 13.15 %: 10000 × 13.15 × 74 / 36500 = 266.6027 (cum. 1104.1370)
    # total 1104.14; lines 119.18, 837.53 − 119.18 = 718.35, 1104.14 − 837.53 = 266.61.
    # days late: 30 + 184 + 74 = 288.
    st = stmt(case("professional", [inv("A", "2024-05-01", "2024-05-31", "10000.00")]), "2025-03-15")
    assert line_tuples(st) == [
        ("2024-06-01", "2024-06-30", 30, D("10000.00"), D("14.50"), D("119.18"), False),
        ("2024-07-01", "2024-12-31", 184, D("10000.00"), D("14.25"), D("718.35"), False),
        ("2025-01-01", "2025-03-15", 74, D("10000.00"), D("13.15"), D("266.61"), False),
    ]
    assert (st.interest, st.indemnity, st.total) == (D("1104.14"), D("40.00"), D("11144.14"))
    assert st.invoices[0].days_late == 288


# 4 ------------------------------------------------------------------------------------------
def test_public_body_one_rate_for_the_whole_delay():
    # Due 09/06/2025: interest from 10/06/2025, in 2025-S1 whose ECB anchor (1 Jan 2025) is 3.15 → 11.15 %
    # for the whole delay, although 2025-S2 and 2026-S1 anchors are 2.15.
    # 10/06/2025 → 31/01/2026: 21 + 31 + 31 + 30 + 31 + 30 + 31 + 31 = 236 d;
    # 20000 × 11.15 × 236 / 36500 = 1441.8630 → 1441.86. Indemnity 40.
    # Prescription (4 y from 1 Jan after 10/05/2025) → 31/12/2029; the written demand of 20/01/2026
    # renews it from 1 Jan 2027 → 31/12/2030.
    invoices = [inv("M-7", "2025-05-10", "2025-06-09", "20000.00")]
    st = stmt(case("public", invoices), "2026-01-31")
    assert line_tuples(st) == [("2025-06-10", "2026-01-31", 236, D("20000.00"), D("11.15"), D("1441.86"), False)]
    assert st.lines[0].basis == "art. L2192-13 et R2192-31 CCP (taux BCE 3,15\u00a0% + 8 points)"
    assert (st.indemnity, st.total, st.prescription) == (D("40.00"), D("21481.86"), day("2029-12-31"))
    st = stmt(case("public", invoices, [sent("2026-01-20", "relance_amiable")]), "2026-01-31")
    assert st.prescription == day("2030-12-31")


# 5 ------------------------------------------------------------------------------------------
def test_consumer_interest_from_the_day_after_the_formal_notice_received():
    # Notice sent 01/04/2026, received 03/04/2026 → interest from 04/04 at the legal rate "autres cas".
    # 2026-S1 04/04 → 30/06: 27 + 31 + 30 = 88 d; 1500 × 2.62 × 88 / 36500 = 9.4751
    # 2026-S2 01/07 → 30/09: 31 + 31 + 30 = 92 d; 1500 × 2.75 × 92 / 36500 = 10.3973 (provisional)
    # total 19.8724 → 19.87; lines 9.48 and 19.87 − 9.48 = 10.39. No indemnity for a consumer.
    # Prescription 2 y from 15/01/2026 → 15/01/2028 (the notice renews nothing).
    c = case("consumer", [inv("P-1", "2026-01-15", "2026-02-14", "1500.00")],
             [sent("2026-03-01", "relance_amiable"), sent("2026-04-01", "mise_en_demeure", "2026-04-03")])
    st = stmt(c, "2026-09-30")
    assert line_tuples(st) == [
        ("2026-04-04", "2026-06-30", 88, D("1500.00"), D("2.62"), D("9.48"), False),
        ("2026-07-01", "2026-09-30", 92, D("1500.00"), D("2.75"), D("10.39"), True),
    ]
    assert st.lines[0].basis == "art. 1231-6 et 1344-1 C. civ. (taux légal, premier semestre 2026)"
    assert (st.interest, st.indemnity, st.total) == (D("19.87"), D("0.00"), D("1519.87"))
    assert st.interest_from == day("2026-04-04") and st.regime == "legal"
    assert st.prescription == day("2028-01-15")
    assert codes(st) == ["rate-provisional"]
    assert "legal interest rate (autres cas) 2.75 % from 2026-07-01 (2026-S2)" in st.issues[0].message


# 6 ------------------------------------------------------------------------------------------
def test_consumer_without_formal_notice_owes_no_interest_nor_indemnity():
    c = case("consumer", [inv("P-2", "2026-01-15", "2026-02-14", "1500.00")], [sent("2026-03-01", "relance_amiable")])
    st = stmt(c, "2026-06-30")
    assert (st.interest, st.indemnity, st.total, st.lines, st.interest_from) == (D("0.00"), D("0.00"), D("1500.00"), (), None)
    assert st.invoices[0].days_late == 136   # 30/06 − 14/02: 14 + 31 + 30 + 31 + 30


# 7 ------------------------------------------------------------------------------------------
def test_consumer_formal_notice_by_a_scenario_step_marked_formal_notice():
    # Scenario "doux": step lettre_finale is formal_notice; sent 10/03/2026, no receipt recorded → from 11/03.
    # 11/03 → 30/06: 21 + 30 + 31 + 30 = 112 d; 800 × 2.62 × 112 / 36500 = 6.4316 → 6.43.
    project = Project("t", {}, S, scenarios={"doux": Scenario("doux", (Step("lettre_finale", "lrar", S, formal_notice=True),), S)})
    c = case("consumer", [inv("P-3", "2026-01-05", "2026-02-04", "800.00")], [sent("2026-03-10", "lettre_finale")], scenario="doux")
    st = stmt(c, "2026-06-30", project)
    assert line_tuples(st) == [("2026-03-11", "2026-06-30", 112, D("800.00"), D("2.62"), D("6.43"), False)]


# 8 ------------------------------------------------------------------------------------------
def test_contractual_rate_below_the_floor_between_professionals_is_flagged():
    # 9 % stipulated, from the day after the due date, one line: 10/02 → 10/05/2025 = 19 + 31 + 30 + 10 = 90 d;
    # 5000 × 9 × 90 / 36500 = 110.9589 → 110.96. Floor 2025-S1: 3 × 3.71 = 11.13 > 9 → warning.
    c = case("professional", [inv("K-1", "2025-01-10", "2025-02-09", "5000.00")], rate="9")
    st = stmt(c, "2025-05-10")
    assert line_tuples(st) == [("2025-02-10", "2025-05-10", 90, D("5000.00"), D("9"), D("110.96"), False)]
    assert st.lines[0].basis == "taux contractuel (9,00\u00a0%)"
    assert (st.regime, st.rate, st.indemnity) == ("contract", D("9"), D("40.00"))
    [issue] = st.issues
    assert str(issue) == (
        "t.yaml:7:3: warning: interest.rate 9 % is below three times the legal interest rate between "
        "professionals (art. L441-10 II C. com.): 3 × 3.71 % = 11.13 % in 2025-S1"
    )


def test_contractual_rate_above_the_floor_and_for_a_consumer():
    # 15 % ≥ 11.13: no warning. For a consumer: from due + 1 without notice, no floor check, no indemnity.
    # 10/02 → 10/05/2025: 90 d; 5000 × 15 × 90 / 36500 = 184.9315 → 184.93.
    for kind, indemnity in (("professional", D("40.00")), ("consumer", D("0.00"))):
        st = stmt(case(kind, [inv("K-1", "2025-01-10", "2025-02-09", "5000.00")], rate="15"), "2025-05-10")
        assert (st.interest, st.indemnity, st.issues) == (D("184.93"), indemnity, ())


# 9 ------------------------------------------------------------------------------------------
TWO = [inv("A-1", "2025-09-01", "2025-10-01", "1000.00"), inv("B-2", "2025-10-01", "2025-10-31", "2000.00")]


def test_unallocated_payment_larger_than_one_invoice_goes_on_to_the_next():
    # 2025-S2: 12.15 %. Payment of 1500 on 30/11/2025 with no invoice: A-1 is due first.
    # 02/10 → 30/11 = 60 d; 1000 × 12.15 × 60 / 36500 = 19.9726 → 19.97; pays 19.97 + 1000.00; 480.03 left.
    # B-2: 01/11 → 30/11 = 30 d; 2000 × 12.15 × 30 / 36500 = 19.9726 → 19.97; pays 19.97 + 460.06 → 1539.94 owed.
    # As of 31/12: B-2 01/12 → 31/12 = 31 d; 1539.94 × 12.15 × 31 / 36500 = 15.8909 → 15.89.
    # Indemnities: A-1 paid after its due date → 40; B-2 late → 40. Total 1539.94 + 15.89 + 80 = 1635.83.
    st = stmt(case("professional", TWO, [pay("2025-11-30", "1500.00")]), "2025-12-31")
    assert st.payments == (
        ledger.Imputation(day("2025-11-30"), D("1500.00"), "A-1", D("19.97"), D("1000.00")),
        ledger.Imputation(day("2025-11-30"), D("1500.00"), "B-2", D("19.97"), D("460.06")),
    )
    a, b = st.invoices
    assert (a.principal, a.interest, a.indemnity, a.paid_on, a.days_late) == (D("0.00"), D("0.00"), D("40.00"), day("2025-11-30"), 60)
    assert (b.principal, b.interest, b.indemnity, b.paid_on, b.days_late) == (D("1539.94"), D("15.89"), D("40.00"), None, 61)
    assert (st.principal, st.interest, st.indemnity, st.total) == (D("1539.94"), D("15.89"), D("80.00"), D("1635.83"))
    assert st.earliest_unpaid_due == day("2025-10-31")
    # Both invoices renewed by the payment, 5 y from 30/11/2025; A-1 owes its 40 € still.
    assert (a.prescription, b.prescription, st.prescription) == (day("2030-11-30"),) * 3


# 10 -----------------------------------------------------------------------------------------
def test_payment_allocated_to_a_named_invoice():
    # 500 on 30/11/2025 for B-2: B-2 interest 19.97 (as above), principal 480.03 → 1519.97.
    # As of 31/12: A-1 02/10 → 31/12 = 91 d; 1000 × 12.15 × 91 / 36500 = 30.2918 → 30.29;
    # B-2 01/12 → 31/12 = 31 d; 1519.97 × 12.15 × 31 / 36500 = 15.6848 → 15.68.
    # Total 1000 + 1519.97 + 30.29 + 15.68 + 80 = 2645.94.
    # Prescription: A-1 not renewed: 01/09/2030; B-2 renewed: 30/11/2030 → case 01/09/2030.
    st = stmt(case("professional", TWO, [pay("2025-11-30", "500.00", "B-2")]), "2025-12-31")
    assert st.payments == (ledger.Imputation(day("2025-11-30"), D("500.00"), "B-2", D("19.97"), D("480.03")),)
    assert [(r.principal, r.interest) for r in st.invoices] == [(D("1000.00"), D("30.29")), (D("1519.97"), D("15.68"))]
    assert st.total == D("2645.94")
    assert st.prescription == day("2030-09-01")
    assert st.earliest_unpaid_due == day("2025-10-01")


# 11 -----------------------------------------------------------------------------------------
def test_paying_the_invoice_amount_pays_the_interest_first():
    # 1000 on 30/11/2025 for A-1 (1000.00, due 01/10): interest 19.97 first, principal 980.03 → 19.97 owed.
    # As of 31/12: 31 d on 19.97: 19.97 × 12.15 × 31 / 36500 = 0.2061 → 0.21. Total 19.97 + 0.21 + 40 = 60.18.
    st = stmt(case("professional", TWO[:1], [pay("2025-11-30", "1000.00")]), "2025-12-31")
    assert (st.principal, st.interest, st.total) == (D("19.97"), D("0.21"), D("60.18"))
    assert st.invoices[0].paid_on is None and st.earliest_unpaid_due == day("2025-10-01")


# 12 -----------------------------------------------------------------------------------------
def test_interest_stops_once_paid_and_the_indemnity_stays_owed():
    # 1019.97 on 30/11/2025 pays A-1's interest (19.97) and principal exactly. Nothing accrues after;
    # the 40 € indemnity stays owed (paid after the due date, D441-5). On 30/06/2026: total 40.00.
    st = stmt(case("professional", TWO[:1], [pay("2025-11-30", "1019.97")]), "2026-06-30")
    [a] = st.invoices
    assert (a.principal, a.interest, a.accrued, a.indemnity, a.days_late) == (D("0.00"), D("0.00"), D("19.97"), D("40.00"), 60)
    assert st.lines[-1].end == day("2025-11-30")
    assert (st.total, st.settled, st.earliest_unpaid_due, st.prescription) == (D("40.00"), False, None, day("2030-11-30"))


# 13 -----------------------------------------------------------------------------------------
def test_overpayment_pays_the_indemnity_then_stays_unallocated():
    # 1100 on 30/11/2025: interest 19.97, principal 1000.00, indemnity 40.00, 40.03 left unallocated.
    st = stmt(case("professional", TWO[:1], [pay("2025-11-30", "1100.00")]), "2026-01-31")
    assert st.payments == (
        ledger.Imputation(day("2025-11-30"), D("1100.00"), "A-1", D("19.97"), D("1000.00"), D("40.00"), D("40.03")),
    )
    assert (st.total, st.unallocated, st.settled, st.prescription, st.paid) == (D("0.00"), D("40.03"), True, None, D("1100.00"))
    # A later payment once all is settled is wholly unallocated, on a row without invoice.
    st = stmt(case("professional", TWO[:1], [pay("2025-11-30", "1100.00"), pay("2025-12-15", "5.00")]), "2026-01-31")
    assert st.payments[-1] == ledger.Imputation(day("2025-12-15"), D("5.00"), None, D("0.00"), D("0.00"), D("0.00"), D("5.00"))
    assert st.unallocated == D("45.03")


# 14 -----------------------------------------------------------------------------------------
def test_paid_by_its_due_date_no_interest_no_indemnity():
    st = stmt(case("professional", TWO[:1], [pay("2025-09-25", "1000.00")]), "2026-01-31")
    assert (st.total, st.indemnity, st.lines, st.settled, st.prescription) == (D("0.00"), D("0.00"), (), True, None)
    assert st.invoices[0].days_late == 0 and st.invoices[0].paid_on == day("2025-09-25")


def test_indemnity_can_be_waived_and_is_not_due_before_the_due_date():
    st = stmt(case("professional", TWO[:1], indemnity=False), "2025-12-31")
    assert st.indemnity == D("0.00") and st.interest == D("30.29")    # 91 d, as in test 10
    st = stmt(case("professional", TWO[:1]), "2025-10-01")
    assert (st.indemnity, st.interest, st.invoices[0].days_late) == (D("0.00"), D("0.00"), 0)


# 15 -----------------------------------------------------------------------------------------
OLD = inv("V-1", "2021-03-15", "2021-04-14", "500.00", delivered="2021-03-01")


def test_prescription_without_renewal_near_then_prescribed():
    # Start = delivery 01/03/2021 (earlier than the invoice date) → 5 y → 01/03/2026. A formal notice renews nothing.
    c = case("professional", [OLD], [sent("2025-12-01", "mise_en_demeure")])
    st = stmt(c, "2026-01-15")
    assert (st.prescription, st.prescribed) == (day("2026-03-01"), False)
    assert [str(i) for i in st.issues if i.code == "prescription-near"] == [
        "t.yaml:1:1: warning: case c: the claim is time-barred after 2026-03-01 (45 days left): "
        "only a court order served, an acknowledgment, a payment or a signed plan interrupts it, a formal notice does not"
    ]
    # the staff's French: filing does not interrupt prescription, only service of the order does (Cass. 1re civ. 11 févr. 2010)
    assert [i.fr for i in st.issues if i.code == "prescription-near"] == [
        "Prescription le 1er\u00a0mars\u00a02026 (dans 45\u00a0jours)\u00a0: le dépôt de la requête n’interrompt pas la prescription\u00a0; "
        "seule la signification de l’ordonnance d’injonction de payer l’interrompt. Déposer la requête immédiatement et faire "
        "signifier l’ordonnance avant le 1er\u00a0mars\u00a02026\u00a0; à défaut de délai suffisant, assigner en paiement (art.\u00a02241 C.\u00a0civ.)."]
    public = stmt(case("public", [inv("M-1", "2022-03-15", "2022-04-14", "500.00")]), "2026-11-24")   # 4 y from 1 Jan 2023
    assert [i.fr for i in public.issues if i.code == "prescription-near"] == [
        "Prescription quadriennale le 31\u00a0décembre\u00a02026 (dans 37\u00a0jours)\u00a0: toute réclamation écrite adressée à la "
        "personne publique au sujet de la créance l’interrompt, de même qu’un recours devant le tribunal administratif "
        "(loi n°\u00a068-1250 du 31\u00a0décembre\u00a01968, art.\u00a02). Adresser une réclamation écrite avant le 31\u00a0décembre\u00a02026."]
    assert stmt(c, "2026-03-01").prescribed is False
    st = stmt(c, "2026-03-02")
    assert st.prescribed is True and "prescribed" in codes(st)
    # 01/03/2026 − 01/12/2025 = 30 + 31 + 28 + 1 = 90 days: within the window; one day earlier, not.
    assert "prescription-near" in codes(stmt(c, "2025-12-01"))
    assert "prescription-near" not in codes(stmt(c, "2025-11-30"))


def test_prescription_renewed_by_acknowledgment_signed_plan_and_payment():
    ack = Event(day("2025-12-01"), "acknowledgment", S)
    plan = Event(day("2025-12-02"), "plan", S, signed=True)
    unsigned = Event(day("2025-12-03"), "plan", S, signed=False)
    assert stmt(case("professional", [OLD], [ack]), "2026-03-02").prescription == day("2030-12-01")
    assert stmt(case("professional", [OLD], [plan]), "2026-03-02").prescription == day("2030-12-02")
    assert stmt(case("professional", [OLD], [unsigned]), "2026-03-02").prescription == day("2026-03-01")
    assert stmt(case("professional", [OLD], [pay("2026-02-10", "100.00")]), "2026-03-02").prescription == day("2031-02-10")
    # A payment after prescription does not revive the period.
    st = stmt(case("professional", [OLD], [pay("2026-03-05", "100.00")]), "2026-04-01")
    assert (st.prescription, st.prescribed) == (day("2026-03-01"), True)


def test_prescription_consumer_two_years_29_february():
    st = stmt(case("consumer", [inv("L-1", "2024-02-29", "2024-03-30", "300.00")]), "2025-06-01")
    assert st.prescription == day("2026-02-28")


# 16 -----------------------------------------------------------------------------------------
def test_payment_term_beyond_60_days():
    # 10/01/2026 → 26/03/2026 = 21 + 28 + 26 = 75 days > 60.
    st = stmt(case("professional", [inv("T-1", "2026-01-10", "2026-03-26", "100.00")]), "2026-02-01")
    assert [str(i) for i in st.issues] == [
        "t.yaml:10:5: warning: invoice T-1: payment term of 75 days (due 2026-03-26) exceeds the 60 days "
        "after the invoice date allowed by art. L441-10 I C. com."
    ]
    assert stmt(case("consumer", [inv("T-1", "2026-01-10", "2026-03-26", "100.00")]), "2026-02-01").issues == ()
    assert stmt(case("professional", [inv("T-2", "2026-01-10", "2026-03-11", "100.00")]), "2026-02-01").issues == ()  # 60 d


# 17 -----------------------------------------------------------------------------------------
LATE_2026 = [inv("R-1", "2026-10-01", "2026-10-31", "1000.00")]


def test_a_half_year_with_no_known_rate_carries_the_last_one_forward_flagged_provisional():
    # 2026-S2: ECB 2.40 (provisional) + 10 = 12.40 %; 2027-S1 has no row: 2.40 is carried forward, 12.40 %.
    # 01/11 → 31/12/2026: 30 + 31 = 61 d; 1000 × 12.40 × 61 / 36500 = 20.7233 → 20.72.
    # 01/01 → 31/01/2027: 31 d; cumulative 1000 × 12.40 × 92 / 36500 = 31.2548 → 31.25, so this line is 31.25 − 20.72 = 10.53.
    # Total 1000.00 + 31.25 + 40.00 = 1071.25.
    st = stmt(case("professional", LATE_2026), "2027-01-31")
    assert (st.interest, st.total, st.provisional) == (D("31.25"), D("1071.25"), True)
    assert line_tuples(st) == [
        ("2026-11-01", "2026-12-31", 61, D("1000.00"), D("12.40"), D("20.72"), True),
        ("2027-01-01", "2027-01-31", 31, D("1000.00"), D("12.40"), D("10.53"), True),
    ]
    assert [(r.start, r.carried_from) for r in st.provisional_rows] == [(day("2026-07-01"), None), (day("2027-01-01"), day("2026-07-01"))]
    assert [str(i) for i in st.issues] == [
        "dossier.yaml:1:1: warning: a statement uses a provisional rate, not confirmed by a primary source: ECB main "
        "refinancing rate 2.40 % from 2026-07-01 (2026-S2); replace it in dossier.yaml (rates:) once the official value is published",
        "dossier.yaml:1:1: warning: a statement uses a provisional rate, not confirmed by a primary source: ECB main "
        "refinancing rate 2.40 % from 2027-01-01 (2027-S1, carried forward from 2026-S2); add it to dossier.yaml (rates:) "
        "once the official value is published",
    ]
    assert st.issues[1].fr == (
        "Taux provisoire\u00a0: une partie des intérêts utilise un taux non encore confirmé (taux de refinancement de la BCE "
        "de 2,40\u00a0% à compter du 1er\u00a0janvier\u00a02027, reporté du second semestre 2026)\u00a0; le montant sera "
        "recalculé dès la publication du taux officiel.")


def test_consumer_and_public_rates_are_carried_forward_too():
    # Consumer: legal rate "autres cas" 2026-S2 2.75 (provisional), carried into 2027-S1 and 2027-S2.
    # Notice received 02/11/2026, interest from 03/11: 03/11/2026 → 30/09/2027 = 28 + 31 + 181 + 92 = 332 d;
    # 2000 × 2.75 × 332 / 36500 = 50.0274 → 50.03.
    c = case("consumer", [inv("C-1", "2026-09-01", "2026-10-01", "2000.00")], [sent("2026-11-02", "mise_en_demeure", "2026-11-02")])
    st = stmt(c, "2027-09-30")
    assert (st.interest, st.provisional, [i.severity for i in st.issues]) == (D("50.03"), True, ["warning"] * 3)
    assert [l.days for l in st.lines] == [59, 181, 92]
    # Public buyer: the ECB anchor of the half-year interest began (2027-S1, carried 2.40) + 8 = 10.40 %, one rate:
    # 01/02 → 31/03/2027 = 28 + 31 = 59 d; 5000 × 10.40 × 59 / 36500 = 84.0547 → 84.05.
    st = stmt(case("public", [inv("P-1", "2027-01-02", "2027-01-31", "5000.00")]), "2027-03-31")
    assert (st.interest, st.provisional, st.lines[0].rate) == (D("84.05"), True, D("10.40"))


def test_a_rate_before_the_tables_is_still_an_error_naming_the_half_year_and_the_fix():
    # The ECB table starts on 14/12/2011: the anchor of 2011-S2 (1 July 2011) is not known; interest starts 01/08/2011.
    st = stmt(case("professional", [inv("O-1", "2011-07-01", "2011-07-31", "1000.00")]), "2011-09-30")
    assert st.interest == D("0.00")
    assert [str(i) for i in st.issues if i.severity == "error"] == [
        "dossier.yaml:1:1: no ECB main refinancing rate known on 2011-07-01 (needed for 2011-S2); add it to "
        "dossier.yaml: `rates: [{table: ecb_mro, from: 2011-07-01, rate: <percent>, source: \"<where it was published>\"}]`"
    ]


def test_project_rates_fill_the_gap_and_replace_the_provisional_value():
    # With ECB 2.40 from 01/01/2027: + 01/01 → 31/01/2027 = 31 d at 12.40; 1000 × 12.40 × 92 / 36500 = 31.2548 → 31.25.
    over = (RateOverride("ecb_mro", day("2027-01-01"), D("2.40"), "BCE, décision du 17 décembre 2026", S),)
    tables, issues = rates.load_tables(Project("t", {}, S, rates=over))
    assert issues == []
    st = stmt(case("professional", LATE_2026), "2027-01-31", tables=tables)
    assert st.interest == D("31.25") and codes(st) == ["rate-provisional"]
    # Confirming 2026-S2 at 2.65: 1000 × (12.65 × 61 + 12.40 × 31) / 36500 = 21.1411 + 10.5315 = 31.6726 → 31.67.
    over += (RateOverride("ecb_mro", day("2026-07-01"), D("2.65"), "BCE", S),)
    tables, _ = rates.load_tables(Project("t", {}, S, rates=over))
    st = stmt(case("professional", LATE_2026), "2027-01-31", tables=tables)
    assert (st.interest, st.provisional, st.issues) == (D("31.67"), False, ())


# outputs ------------------------------------------------------------------------------------
def test_format_text_shows_lines_payments_and_totals():
    text = ledger.format_text(stmt(FORMAT_CASE, "2026-06-30"))
    assert "    2026-03-04 → 2026-03-20   17 d on    4800.00 at  12.15 % =     27.16  art. L441-10 C. com." in text
    assert "  2026-03-20     1000.00  F2026-031      interest 27.16  principal 972.84" in text
    assert "Total due: €3,997.11 (principal €3,827.16 + interest €129.95 + indemnity €40.00)" in text
    assert "Prescription: 2031-03-20" in text
    assert "invoice       date        due               amount   principal  interest indemnity   late" in text
    assert "F2026-031     2026-02-01  2026-03-03       4800.00     3827.16    129.95     40.00    119" in text
    with speaking("fr"):   # the command line's default: French headings, « 4 800,00 », padded by characters
        text = ledger.format_text(stmt(FORMAT_CASE, "2026-06-30"))
    assert "facture       date        échéance         montant   principal  intérêts indemnité retard" in text
    assert "F2026-031     2026-02-01  2026-03-03      4\u202f800,00    3\u202f827,16    129,95     40,00    119" in text
    assert "    2026-03-04 → 2026-03-20   17 j sur   4\u202f800,00 à  12,15\u00a0% =     27,16  art. L441-10 C. com." in text
    assert "  2026-03-20    1\u202f000,00  F2026-031      intérêts 27,16  principal 972,84" in text
    assert ("Total dû\u00a0: 3\u202f997,11\u00a0€ (principal 3\u202f827,16\u00a0€ + intérêts 129,95\u00a0€ + indemnité "
            "40,00\u00a0€)") in text


def test_decompte_partial_in_french():
    html = render.render("partials/decompte.html", {"statement": stmt(FORMAT_CASE, "2026-11-24"), "staff": True})
    nn, nb = "\u202f", "\u00a0"
    assert "Décompte arrêté au 24\u00a0novembre\u00a02026" in html
    assert f"<td>du 21/03/2026 au 30/06/2026</td><td class=\"nombre\">102</td><td class=\"montant\">3{nn}827,16{nb}€</td>" in html
    assert f"12,40{nb}%&nbsp;*" in html and "Taux provisoire" in html
    assert f"<th scope=\"row\">Total restant dû</th><td class=\"montant\">4{nn}188,23{nb}€</td>" in html
    assert "art. L441-10 et D441-5 C. com." in html


def test_decompte_partial_consumer_has_no_indemnity_row():
    c = case("consumer", [inv("P-2", "2026-01-15", "2026-02-14", "1500.00")])
    html = render.render("partials/decompte.html", {"statement": stmt(c, "2026-06-30")})
    assert "Indemnités" not in html and "Aucun intérêt de retard" in html


def test_events_after_as_of_are_ignored():
    st = stmt(FORMAT_CASE, "2026-03-19")
    # 04/03 → 19/03 = 16 d; 4800 × 12.15 × 16 / 36500 = 25.5649 → 25.56; the payment of 20/03 not yet made.
    assert (st.principal, st.interest, st.paid, st.payments) == (D("4800.00"), D("25.56"), D("0.00"), ())


def test_a_non_positive_payment_is_ignored_with_a_warning_and_unknown_invoice_falls_back_to_fifo():
    st = stmt(case("professional", TWO[:1], [pay("2025-11-30", "-5.00"), pay("2025-12-01", "19.97", "Z-9")]), "2025-12-01")
    assert [str(i) for i in st.issues] == [
        "t.yaml:1:1: warning: payment of -5.00 on 2025-11-30 ignored: a payment is a positive amount",
        "t.yaml:1:1: warning: payment of 19.97 names invoice 'Z-9', which this case does not have (on 2025-12-01): "
        "imputed to the invoice due first",
    ]
    # 02/10 → 01/12 = 61 d; 1000 × 12.15 × 61 / 36500 = 20.3055 → 20.31, of which 19.97 paid.
    assert (st.paid, st.interest, st.principal) == (D("19.97"), D("0.34"), D("1000.00"))


def test_interest_stops_at_the_opening_judgment_of_insolvency_proceedings():
    # Perrin (demo): F2026-162 3240.00 due 12/07, F2026-183 2136.00 due 02/08, redressement opened 21/10/2026
    # (C. com. L622-28). Interest runs through the judgment day, then stops, whatever the as-of date:
    # F2026-162: 13/07 → 21/10 = 101 d at 12.40 %: 3240 × 12.40 × 101 / 36500 = 111.1715 → 111.17
    # F2026-183: 03/08 → 21/10 =  80 d at 12.40 %: 2136 × 12.40 × 80 / 36500 = 58.0524 → 58.05
    # interest 169.22, indemnities 2 × 40, total 5376 + 169.22 + 80 = 5625.22 (the declaration's figure).
    insolvency = Event(day("2026-10-21"), "insolvency", S, procedure="redressement", published=day("2026-10-29"))
    c = case("professional", [inv("F2026-162", "2026-06-12", "2026-07-12", "3240.00"), inv("F2026-183", "2026-07-03", "2026-08-02", "2136.00")],
             [insolvency])
    at_judgment, later = stmt(c, "2026-10-21"), stmt(c, "2026-11-24")
    assert [i.interest for i in later.invoices] == [D("111.17"), D("58.05")]
    assert (later.principal, later.interest, later.indemnity, later.total) == (D("5376.00"), D("169.22"), D("80.00"), D("5625.22"))
    assert (at_judgment.total, later.interest_until) == (D("5625.22"), day("2026-10-21"))
    assert [(str(l.start), str(l.end), l.days) for l in later.lines] == [("2026-07-13", "2026-10-21", 101), ("2026-08-03", "2026-10-21", 80)]
    assert [i.days_late for i in later.invoices] == [135, 114]   # lateness still counts to the as-of date
    # before the judgment nothing stops; without the event, interest runs on: 34 more days to 24/11
    assert stmt(c, "2026-10-20").interest_until is None
    plain = stmt(case("professional", [inv("F2026-162", "2026-06-12", "2026-07-12", "3240.00"), inv("F2026-183", "2026-07-03", "2026-08-02", "2136.00")]), "2026-11-24")
    assert plain.total == D("5687.32")


def test_a_dispute_marked_suspends_interest_stops_it_until_resolved():
    # Due 31/05/2024, 2024-S1 at 14.50 %. Dispute on 11/06 (the creditor's own work to redo), resolved 20/06:
    # no interest 11/06 → 20/06. As of 30/06: 01/06 → 10/06 (10 d) and 21/06 → 30/06 (10 d):
    # 10000 × 14.50 × 10 / 36500 = 39.7260 → 39.73; cumulative 20 d = 79.4521 → 79.45, second line 39.72.
    a = inv("A", "2024-05-01", "2024-05-31", "10000.00")
    dispute = Event(day("2024-06-11"), "dispute", S, suspends_interest=True)
    resolved = Event(day("2024-06-20"), "dispute_resolved", S)
    st = stmt(case("professional", [a], [dispute, resolved]), "2024-06-30")
    assert line_tuples(st) == [
        ("2024-06-01", "2024-06-10", 10, D("10000.00"), D("14.50"), D("39.73"), False),
        ("2024-06-21", "2024-06-30", 10, D("10000.00"), D("14.50"), D("39.72"), False),
    ]
    assert st.interest == D("79.45")
    # docs/format.md's rule when the flag is not set: the dispute pauses the ladder, not the interest (30 d = 119.18)
    assert stmt(case("professional", [a], [Event(day("2024-06-11"), "dispute", S), resolved]), "2024-06-30").interest == D("119.18")
    # still open, and naming one invoice: only that invoice stops, through the as-of date
    b = inv("B", "2024-05-01", "2024-05-31", "10000.00")
    st = stmt(case("professional", [a, b], [Event(day("2024-06-11"), "dispute", S, invoice="B", suspends_interest=True)]), "2024-06-30")
    assert [(i.number, i.interest) for i in st.invoices] == [("A", D("119.18")), ("B", D("39.73"))]

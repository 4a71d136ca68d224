"""``routing:`` in dossier.yaml: which ladder a case runs when it names none, and why (records/routing.py)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from dossier.records.config import read_project
from dossier.records.load import load_case_text
from dossier.records.routing import DEFAULT_ROUTING

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "load" / "valid"
NB, NNB = "\u00a0", "\u202f"
HEAD = "creditor: {name: Atelier Martin SAS}\n"
COURT = """scenarios:
  court:
    steps:
      - {id: relance, after_due: 10, channel: email}
      - {id: mise_en_demeure, after: {step: relance, days: 10}, channel: lrar, deadline_days: 8}
"""


def project(text: str = ""):
    p, issues = read_project(HEAD + text, ROOT)
    assert p is not None, [str(i) for i in issues]
    return p


def errors(text: str) -> list[str]:
    p, issues = read_project(HEAD + text, ROOT)
    assert p is None
    return [str(i) for i in issues]


def case(p, kind: str = "professional", amounts=("4800.00",), scenario: str | None = None,
         qualification: str | None = None, events: str = ""):
    lines = [f"debtor: {{name: Débiteur, kind: {kind}" + (f", qualification: {qualification}" if qualification else "") + "}"]
    if scenario:
        lines.append(f"scenario: {scenario}")
    lines.append("invoices:")
    lines += [f"  - {{number: F{i}, date: 2026-02-01, due: 2026-03-03, amount: {a}}}" for i, a in enumerate(amounts, 1)]
    text = "\n".join(lines) + "\n" + events
    c, issues = load_case_text(text, "cases/x.yaml", p, ROOT)
    assert c is not None, [str(i) for i in issues]
    return c


def chosen(p, c) -> tuple[str, str]:
    choice = p.scenario_choice(c)
    assert p.scenario_of(c) is p.scenarios[choice.name]
    return choice.name, choice.chosen_by


# --- the default rules --------------------------------------------------------------------------

def test_without_routing_the_default_rules_send_public_buyers_consumers_and_small_claims_to_their_ladders():
    p = project()
    assert p.routing == DEFAULT_ROUTING
    assert [(r.debtor_kind, r.amount_below, r.scenario) for r in p.routing] == [
        (("public",), None, "public"), (("consumer",), None, "consommateur"), ((), Decimal(500), "petit_montant")]
    assert chosen(p, case(p, "public")) == ("public", f"règle de routage n°{NB}1{NB}: débiteur public")
    assert chosen(p, case(p, "consumer")) == ("consommateur", f"règle de routage n°{NB}2{NB}: débiteur particulier")
    assert chosen(p, case(p, amounts=("499.99",))) == ("petit_montant", f"règle de routage n°{NB}3{NB}: montant inférieur à 500{NB}€")
    assert chosen(p, case(p, amounts=("500.00",))) == ("standard", "scénario par défaut du projet")


def test_the_rules_are_tried_in_order_so_a_small_consumer_or_public_claim_keeps_its_kind_s_ladder():
    p = project()
    assert chosen(p, case(p, "consumer", amounts=("300.00",)))[0] == "consommateur"
    assert chosen(p, case(p, "public", amounts=("248.00",)))[0] == "public"


def test_the_amount_is_the_sum_of_the_invoices_as_written_whatever_was_paid():
    p = project()
    two = case(p, amounts=("300.00", "250.00"))
    assert chosen(p, two)[0] == "standard"          # 550,00 € in all: not a small claim
    paid = case(p, amounts=("600.00",), events="events:\n  - {date: 2026-03-20, type: payment, amount: 200.00}\n")
    assert chosen(p, paid)[0] == "standard"         # 400,00 € still owed, but 600,00 € written
    assert chosen(p, case(p, amounts=("200.00", "299.99")))[0] == "petit_montant"   # 499,99 €


def test_null_routing_is_the_same_as_no_routing():
    assert project("routing:\n").routing == DEFAULT_ROUTING


# --- precedence ---------------------------------------------------------------------------------

def test_the_case_s_scenario_wins_then_routing_then_the_project_s_default():
    p = project("scenario: court\n" + COURT)
    assert chosen(p, case(p, "consumer", scenario="standard")) == ("standard", "scénario du dossier")
    assert chosen(p, case(p, "public", amounts=("100.00",), scenario="court")) == ("court", "scénario du dossier")
    assert chosen(p, case(p, "consumer"))[0] == "consommateur"
    assert chosen(p, case(p)) == ("court", "scénario par défaut du projet")


def test_routing_empty_routes_nothing():
    p = project("routing: []\n")
    assert p.routing == ()
    for kind, amount in (("public", "6000.00"), ("consumer", "300.00"), ("professional", "100.00")):
        assert chosen(p, case(p, kind, amounts=(amount,))) == ("standard", "scénario par défaut du projet")


# --- a project's own rules ----------------------------------------------------------------------

CUSTOM = COURT + """routing:
  - {when: {debtor_kind: professional, qualification: [mauvaise_foi, contestation]}, scenario: court}
  - {when: {amount_at_least: 10000}, scenario: standard}
  - {when: {debtor_kind: [consumer, public], amount_at_least: 1000, amount_below: 2500.50}, scenario: court}
  - {when: {amount_below: 1000}, scenario: petit_montant}
scenario: public
"""


def test_a_project_s_rules_replace_the_default_ones_and_say_their_conditions_in_french():
    p = project(CUSTOM)
    assert [r.label for r in p.routing] == [
        "débiteur professionnel, qualification mauvaise foi ou contestation",
        f"montant d’au moins 10{NNB}000{NB}€",
        f"débiteur particulier ou public, montant d’au moins 1{NNB}000{NB}€, montant inférieur à 2{NNB}500,50{NB}€",
        f"montant inférieur à 1{NNB}000{NB}€",
    ]
    assert [r.source.line for r in p.routing] == [8, 9, 10, 11]
    assert chosen(p, case(p, qualification="mauvaise_foi", amounts=("50000.00",))) == (
        "court", f"règle de routage n°{NB}1{NB}: débiteur professionnel, qualification mauvaise foi ou contestation")
    assert chosen(p, case(p, qualification="oubli", amounts=("50000.00",)))[0] == "standard"
    assert chosen(p, case(p, "consumer", amounts=("10000.00",)))[0] == "standard"      # rule 2 before rule 3
    assert chosen(p, case(p, "consumer", amounts=("1000.00",)))[0] == "court"          # at least 1 000 €: inclusive
    assert chosen(p, case(p, "public", amounts=("2500.49",)))[0] == "court"
    assert chosen(p, case(p, "public", amounts=("2500.50",))) == ("public", "scénario par défaut du projet")  # below: exclusive
    assert chosen(p, case(p, "consumer", amounts=("999.99",))) == (
        "petit_montant", f"règle de routage n°{NB}4{NB}: montant inférieur à 1{NNB}000{NB}€")
    # no default rule is added to a project's own: a consumer of 5 000 € runs the project's default
    assert chosen(p, case(p, "consumer", amounts=("5000.00",))) == ("public", "scénario par défaut du projet")


def test_a_rule_without_conditions_takes_every_case_that_reaches_it():
    p = project("routing:\n  - {when: {debtor_kind: public}, scenario: public}\n  - {scenario: petit_montant}\n")
    assert chosen(p, case(p, "public"))[0] == "public"
    assert chosen(p, case(p, amounts=("90000.00",))) == ("petit_montant", f"règle de routage n°{NB}2{NB}: tout dossier")


def test_the_steps_of_a_case_s_events_are_checked_against_the_routed_ladder():
    p = project()
    text = ("debtor: {name: Mme Leroy, kind: consumer}\ninvoices:\n  - {number: F1, date: 2026-02-01, due: 2026-03-03, amount: 800.00}\n"
            "events:\n  - {date: 2026-03-10, type: sent, step: relance_sms}\n")
    c, issues = load_case_text(text, "cases/x.yaml", p, ROOT)
    assert c is None
    assert [str(i) for i in issues] == [
        'cases/x.yaml:5:42: events[0].step: scenario "consommateur" (routing rule 2) has no step "relance_sms"; '
        'did you mean "relance_ferme"?']
    c, issues = load_case_text("scenario: petit_montant\n" + text, "cases/x.yaml", p, ROOT)
    assert c is not None and issues == []


# --- errors, located ----------------------------------------------------------------------------

def test_a_rule_naming_an_unknown_scenario_is_an_error_at_its_field():
    assert errors("routing:\n  - {when: {debtor_kind: public}, scenario: publique}\n  - {scenario: rapide}\n") == [
        "dossier.yaml:3:45: routing[0].scenario: expected one of the project's scenarios "
        '(consommateur, petit_montant, public or standard), got "publique"; did you mean "public"?',
        "dossier.yaml:4:16: routing[1].scenario: expected one of the project's scenarios "
        '(consommateur, petit_montant, public or standard), got "rapide"',
    ]


def test_unknown_keys_bad_values_and_a_missing_scenario_are_refused_where_written():
    assert errors("""routing:
  - {when: {debtor: public}, scenario: public}
  - {when: {debtor_kind: particulier}, scenario: consommateur}
  - {when: {amount_below: -5, qualification: [fraude]}, scenario: petit_montant}
  - {when: {debtor_kind: consumer}}
  - {si: {debtor_kind: consumer}, scenario: consommateur}
  - {when: {amount_at_least: 1000, amount_below: 1000}, scenario: standard}
  - {when: [public], scenario: public}
""") == [
        'dossier.yaml:3:13: routing[0].when.debtor: unknown field; did you mean "debtor_kind"?',
        'dossier.yaml:4:26: routing[1].when.debtor_kind: expected professional, consumer or public, got "particulier"',
        "dossier.yaml:5:27: routing[2].when.amount_below: expected an amount of 0 or more, got -5",
        'dossier.yaml:5:47: routing[2].when.qualification[0]: expected oubli, negligence, administratif, contestation, mauvaise_foi, '
        'difficulte_passagere, situation_preoccupante or insolvabilite, got "fraude"',
        'dossier.yaml:6:5: routing[3]: missing required field "scenario"',
        "dossier.yaml:7:6: routing[4].si: unknown field (expected scenario or when)",
        "dossier.yaml:8:50: routing[5].when.amount_below: expected an amount above amount_at_least (1000), got 1000",
        "dossier.yaml:9:12: routing[6].when: expected conditions (debtor_kind, amount_below, amount_at_least, qualification), got a list",
    ]


def test_routing_must_be_a_list():
    assert errors("routing: {public: public}\n") == [
        "dossier.yaml:2:10: routing: expected a list of routing rules, got a mapping"]


def test_a_rule_naming_a_scenario_written_with_errors_is_not_reported_twice():
    got = errors("scenarios:\n  rapide:\n    steps:\n      - {id: relance, after_due: 3, channel: fax}\n"
                 "routing:\n  - {scenario: rapide}\n")
    assert got == ['dossier.yaml:5:46: scenarios.rapide.steps[0].channel: '
                   'expected email, letter, lrar, sms, phone, court or declaration, got "fax"']


def test_an_amount_in_error_does_not_route_the_case_to_another_ladder_in_the_same_breath():
    # The amount cannot be read: the steps of the journal are not checked against a ladder chosen without it.
    p = project()
    text = ("debtor: {name: Dupont SARL, kind: professional}\ninvoices:\n  - {number: F1, date: 2026-02-01, due: 2026-03-03, amount: -4800}\n"
            "events:\n  - {date: 2026-03-10, type: sent, step: relance_informelle}\n")
    c, issues = load_case_text(text, "cases/x.yaml", p, ROOT)
    assert c is None
    assert [str(i) for i in issues] == ["cases/x.yaml:3:61: invoices[0].amount: expected an amount greater than 0, got -4800"]

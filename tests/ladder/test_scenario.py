"""The reminder ladder: docs/format.md's date rules and each rule of the trade (issue 4), named in the tests' names."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

import pytest

from dossier.records import config
from dossier.law import ledger
from dossier.ladder import guardrails, scenario
from dossier.ladder import steps as ladder_steps
from dossier.records.errors import Source
from dossier.law import rates
from dossier.records.model import (
    Case,
    Creditor,
    Debtor,
    Event,
    Guardrails,
    Instalment,
    Invoice,
    Project,
    Scenario,
    Step,
    StepCondition,
)

D = dt.date
SRC = Source("t.yaml", 1, 1)
NBSP = "\u00a0"


def src(line: int) -> Source:
    return Source("cases/t.yaml", line, 7)


def plain(text: str) -> str:
    """Reasons use no-break spaces inside dates; compare with ordinary spaces."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


@dataclass(frozen=True)
class FakeStatement:
    """The attributes of ledger.Statement that the ladder reads."""

    principal: Decimal = Decimal("4800.00")
    total: Decimal = Decimal("4840.00")
    earliest_unpaid_due: dt.date | None = D(2026, 3, 3)
    prescription: dt.date | None = D(2031, 2, 1)
    prescribed: bool = False
    settled: bool = False


def standard() -> Scenario:
    s = SRC
    return Scenario("standard", (
        Step("relance_informelle", "email", Source("dossier.yaml", 10, 9), "relance-informelle", after_due=5),
        Step("relance_amiable", "email", Source("dossier.yaml", 11, 9), "relance-amiable", after_due=15),
        Step("appel", "phone", Source("dossier.yaml", 12, 9), "appel", after_due=22),
        Step("relance_ferme", "letter", Source("dossier.yaml", 13, 9), "relance-ferme", after_due=30),
        Step("mise_en_demeure", "lrar", Source("dossier.yaml", 14, 9), "mise-en-demeure", after_due=45, deadline_days=15, formal_notice=True),
        Step("injonction_de_payer", "court", Source("dossier.yaml", 15, 9), "requete-injonction", after_step="mise_en_demeure", after_days=15),
    ), s)


def project(*scenarios: Scenario, guardrails: Guardrails = Guardrails()) -> Project:
    table = {sc.name: sc for sc in (scenarios or (standard(),))}
    creditor = Creditor("default", "Atelier Martin SAS", SRC)
    return Project("t", {"default": creditor}, SRC, scenario=next(iter(table)), scenarios=table, guardrails=guardrails)


def case(*events: Event, kind: str = "professional", qualification: str | None = None,
         address: tuple[str, ...] = ("12 rue des Lilas", "69003 Lyon"), scenario_name: str | None = None) -> Case:
    debtor = Debtor("Dupont Rénovation SARL", kind, SRC, address=address, qualification=qualification)  # type: ignore[arg-type]
    invoice = Invoice("F2026-031", D(2026, 2, 1), D(2026, 3, 3), Decimal("4800.00"), SRC)
    return Case("2026-014-dupont", "cases/2026-014-dupont.yaml", debtor, (invoice,), Source("cases/2026-014-dupont.yaml", 1, 1),
                events=tuple(events), scenario=scenario_name)


def sent(day: dt.date, step: str, line: int = 20, **kw) -> Event:
    return Event(day, "sent", src(line), step=step, **kw)


def states(ladder: scenario.Ladder) -> list[tuple[str, str, dt.date | None]]:
    return [(s.step.id, s.state, s.date) for s in ladder.steps]


def reasons(ladder: scenario.Ladder) -> dict[str, str]:
    return {s.step.id: plain(s.reason) for s in ladder.steps}


FORMAT_EVENTS = (
    sent(D(2026, 3, 9), "relance_informelle", 20),
    Event(D(2026, 3, 20), "payment", src(21), amount=Decimal("1000.00"), invoice="F2026-031", reference="VIR 20/03"),
    Event(D(2026, 3, 25), "call", src(22), outcome="promise", note="promet un virement fin mars"),
    sent(D(2026, 4, 17), "mise_en_demeure", 23, tracking="1A 234 567 8901 2", received=D(2026, 4, 19)),
)


# --- docs/format.md's rules ----------------------------------------------------------------------------

def test_format_md_example_next_actions():
    lad = scenario.ladder(case(*FORMAT_EVENTS), project(), D(2026, 6, 30), FakeStatement(principal=Decimal("3827.16"), total=Decimal("3997.11")))
    assert lad.status == "open"
    assert scenario.to_json(lad) == [{"step": "injonction_de_payer", "due": "2026-05-04", "channel": "court"}]
    assert states(lad) == [
        ("relance_informelle", "done", D(2026, 3, 9)),
        ("relance_amiable", "skipped", None),
        ("appel", "done", D(2026, 3, 25)),
        ("relance_ferme", "skipped", None),
        ("mise_en_demeure", "done", D(2026, 4, 17)),
        ("injonction_de_payer", "due", D(2026, 5, 4)),
    ]
    assert reasons(lad) == {
        "relance_informelle": "envoyée le 9 mars 2026",
        "relance_amiable": "sautée : une étape ultérieure a été faite",
        "appel": "appel passé le 25 mars 2026",
        "relance_ferme": "sautée : une étape ultérieure a été faite",
        "mise_en_demeure": "envoyée le 17 avril 2026, reçue le 19 avril 2026",
        "injonction_de_payer": "due depuis le 4 mai 2026",
    }
    assert lad.next_actions == (scenario.Action("injonction_de_payer", D(2026, 5, 4), "court", "requete-injonction", "2026-014-dupont", Decimal("3997.11")),)
    assert lad.formal_notice is not None and lad.formal_notice.step.id == "mise_en_demeure"
    assert lad.deadline == D(2026, 5, 4)   # 17 April + 15 days = Saturday 2 May → Monday 4 May (CPC 642)
    assert lad.issues == ()


def test_format_md_example_through_the_real_ledger():
    proj = project()
    c = case(*FORMAT_EVENTS)
    tables, _ = rates.load_tables(proj)
    st = ledger.statement(c, proj, D(2026, 6, 30), tables)
    lad = scenario.ladder(c, proj, D(2026, 6, 30), st)
    assert (st.principal, st.total) == (Decimal("3827.16"), Decimal("3997.11"))
    assert scenario.to_json(lad) == [{"step": "injonction_de_payer", "due": "2026-05-04", "channel": "court"}]
    assert lad.next_actions[0].amount == Decimal("3997.11")


def test_after_due_counts_calendar_days_from_the_earliest_unpaid_due_date_then_cpc_642():
    # due Tuesday 3 March 2026: +5 = Sunday 8 March → Monday 9; +15 = 18 March; +22 = 25 March;
    # +30 = 2 April; +45 = 17 April; court: 17 April + 15 = Saturday 2 May → Monday 4 May
    lad = scenario.ladder(case(), project(), D(2026, 3, 4), FakeStatement())
    assert [(a.step, a.due) for a in lad.next_actions] == [
        ("relance_informelle", D(2026, 3, 9)),
        ("relance_amiable", D(2026, 3, 18)),
        ("appel", D(2026, 3, 25)),
        ("relance_ferme", D(2026, 4, 2)),
        ("mise_en_demeure", D(2026, 4, 17)),
        ("injonction_de_payer", D(2026, 5, 4)),
    ]
    assert {s.state for s in lad.steps} == {"upcoming"}
    assert reasons(lad)["relance_informelle"] == "prévue le 9 mars 2026"


def test_after_due_counts_from_the_earliest_unpaid_invoice_of_the_statement():
    lad = scenario.ladder(case(), project(), D(2026, 6, 1), FakeStatement(earliest_unpaid_due=D(2026, 5, 4)))
    assert lad.next_actions[0].due == D(2026, 5, 11)   # 4 May + 5 = Saturday 9 → Monday 11


def test_due_date_on_an_alsace_moselle_holiday_moves_to_the_next_working_day():
    # due Sunday 29 March 2026 + 5 = Friday 3 April, Good Friday: a working day in Lyon, not in Strasbourg
    st = FakeStatement(earliest_unpaid_due=D(2026, 3, 29))
    lyon = scenario.ladder(case(), project(), D(2026, 3, 30), st)
    strasbourg = scenario.ladder(case(address=("3 place Kléber", "67000 Strasbourg")), project(), D(2026, 3, 30), st)
    assert lyon.next_actions[0].due == D(2026, 4, 3)
    assert strasbourg.next_actions[0].due == D(2026, 4, 7)   # Good Friday, weekend, Easter Monday


def test_due_and_today_reasons():
    lad = scenario.ladder(case(), project(), D(2026, 3, 18), FakeStatement())
    r = reasons(lad)
    assert r["relance_informelle"] == "due depuis le 9 mars 2026"
    assert r["relance_amiable"] == "due aujourd’hui, 18 mars 2026"
    assert [s.state for s in lad.steps][:3] == ["due", "due", "upcoming"]


def test_steps_before_the_last_step_done_are_skipped():
    lad = scenario.ladder(case(sent(D(2026, 4, 2), "relance_ferme")), project(), D(2026, 4, 3), FakeStatement())
    assert states(lad)[:4] == [
        ("relance_informelle", "skipped", None),
        ("relance_amiable", "skipped", None),
        ("appel", "skipped", None),
        ("relance_ferme", "done", D(2026, 4, 2)),
    ]
    assert [a.step for a in lad.next_actions] == ["mise_en_demeure", "injonction_de_payer"]


def test_after_step_counts_from_the_received_date_else_the_sent_date():
    lad = scenario.ladder(case(sent(D(2026, 4, 17), "mise_en_demeure")), project(), D(2026, 4, 20), FakeStatement())
    # no received date: 17 April + 15 = Saturday 2 May → Monday 4 May
    assert lad.next_actions[-1].due == D(2026, 5, 4)
    lad = scenario.ladder(case(sent(D(2026, 4, 17), "mise_en_demeure", received=D(2026, 4, 24))), project(), D(2026, 4, 30), FakeStatement())
    assert lad.next_actions[-1].due == D(2026, 5, 11)   # 24 April + 15 = Saturday 9 May → Monday 11


def test_a_call_does_the_due_phone_step():
    call = Event(D(2026, 3, 26), "call", src(30), outcome="no_answer")
    lad = scenario.ladder(case(sent(D(2026, 3, 9), "relance_informelle"), sent(D(2026, 3, 18), "relance_amiable"), call), project(), D(2026, 3, 27), FakeStatement())
    assert states(lad)[2] == ("appel", "done", D(2026, 3, 26))
    assert lad.steps[2].event is call


def test_a_call_before_the_phone_step_is_due_does_not_do_it():
    call = Event(D(2026, 3, 12), "call", src(30), outcome="message")
    lad = scenario.ladder(case(sent(D(2026, 3, 9), "relance_informelle"), call), project(), D(2026, 3, 13), FakeStatement())
    assert states(lad)[2] == ("appel", "upcoming", D(2026, 3, 25))


def test_events_after_the_as_of_date_are_ignored():
    lad = scenario.ladder(case(*FORMAT_EVENTS), project(), D(2026, 3, 10), FakeStatement())
    assert [s.state for s in lad.steps] == ["done"] + ["upcoming"] * 5


# --- conditions -----------------------------------------------------------------------------------

def _conditional() -> Scenario:
    return Scenario("cond", (
        Step("relance_pro", "email", SRC, "relance-amiable", after_due=5, when=StepCondition(SRC, debtor_kind=("professional", "public"))),
        Step("relance_conso", "letter", SRC, "relance-amiable", after_due=5, when=StepCondition(SRC, debtor_kind=("consumer",))),
        Step("appel_gros", "phone", SRC, "appel", after_due=10, when=StepCondition(SRC, min_amount=Decimal("5000"))),
        Step("sms_petit", "sms", SRC, "sms", after_due=12, when=StepCondition(SRC, max_amount=Decimal("5000"))),
        Step("relance_oubli", "email", SRC, "relance-amiable", after_due=20, when=StepCondition(SRC, qualification=("oubli",))),
        Step("relance_ferme", "letter", SRC, "relance-ferme", after_due=30, when=StepCondition(SRC, not_qualification=("difficulte_passagere",))),
    ), SRC)


def test_a_false_condition_skips_the_step_with_its_reason():
    lad = scenario.ladder(case(scenario_name="cond"), project(_conditional()), D(2026, 3, 4), FakeStatement())
    assert [s.state for s in lad.steps] == ["upcoming", "skipped", "skipped", "upcoming", "skipped", "upcoming"]
    r = reasons(lad)
    assert r["relance_conso"] == "sautée : condition non remplie (débiteur professionnel)"
    assert r["appel_gros"] == "sautée : condition non remplie (montant de 4 800,00 € inférieur à 5 000,00 €)"
    assert r["relance_oubli"] == "sautée : condition non remplie (qualification : non renseignée)"


def test_conditions_on_amount_split_claims_at_the_threshold():
    lad = scenario.ladder(case(kind="consumer", qualification="difficulte_passagere", scenario_name="cond"), project(_conditional()), D(2026, 3, 4),
                          FakeStatement(principal=Decimal("5000.00")))
    assert [s.state for s in lad.steps] == ["skipped", "upcoming", "upcoming", "skipped", "skipped", "skipped"]
    r = reasons(lad)
    assert r["sms_petit"] == "sautée : condition non remplie (montant de 5 000,00 € supérieur ou égal à 5 000,00 €)"
    assert r["relance_ferme"] == "sautée : condition non remplie (qualification : difficulté passagère de trésorerie)"


# --- the rules of the trade -------------------------------------------------------------------------

def test_rule_dispute_pauses_the_ladder():
    c = case(sent(D(2026, 3, 9), "relance_informelle"), Event(D(2026, 3, 10), "dispute", src(25), note="conteste la quantité livrée"))
    lad = scenario.ladder(c, project(), D(2026, 3, 20), FakeStatement())
    assert lad.status == "paused"
    assert lad.next_actions == ()
    assert [s.state for s in lad.steps] == ["done"] + ["paused"] * 5
    assert reasons(lad)["relance_amiable"] == "suspendue : contestation du 10 mars 2026"
    assert lad.paused_by is not None and lad.paused_by.type == "dispute"


def test_rule_dispute_pauses_until_resolved_and_the_clock_resumes():
    c = case(sent(D(2026, 3, 9), "relance_informelle"), Event(D(2026, 3, 10), "dispute", src(25)),
             Event(D(2026, 4, 10), "dispute_resolved", src(26)))
    lad = scenario.ladder(c, project(), D(2026, 4, 15), FakeStatement())
    assert lad.status == "open"
    # the pause lasted 31 days: 18 March + 31 = Saturday 18 April → Monday 20 April; 25 March + 31 = 25 April → Monday 27
    assert [(a.step, a.due) for a in lad.next_actions][:2] == [("relance_amiable", D(2026, 4, 20)), ("appel", D(2026, 4, 27))]


def test_rule_a_call_with_a_dispute_outcome_pauses_too():
    c = case(Event(D(2026, 3, 6), "call", src(25), outcome="dispute"))
    assert scenario.ladder(c, project(), D(2026, 3, 20), FakeStatement()).status == "paused"


PLAN = Event(D(2026, 4, 1), "plan", src(40), signed=True, instalments=(
    Instalment(D(2026, 4, 30), Decimal("1600.00"), src(41)),
    Instalment(D(2026, 5, 31), Decimal("1600.00"), src(42)),
    Instalment(D(2026, 6, 30), Decimal("1600.00"), src(43)),
))


def _plan_case(*payments: Event) -> Case:
    return case(sent(D(2026, 3, 9), "relance_informelle"), sent(D(2026, 3, 18), "relance_amiable"), PLAN, *payments)


def test_rule_signed_plan_pauses_the_ladder_while_kept():
    c = _plan_case(Event(D(2026, 4, 29), "payment", src(50), amount=Decimal("1600.00")))
    lad = scenario.ladder(c, project(), D(2026, 5, 20), FakeStatement(principal=Decimal("3200.00")))
    assert lad.status == "paused"
    assert lad.next_actions == ()
    assert reasons(lad)["appel"] == "suspendue : échéancier signé le 1er avril 2026, respecté à ce jour"
    assert lad.broken_plan is None


def test_rule_missed_instalment_within_the_5_day_grace_keeps_the_pause():
    c = _plan_case(Event(D(2026, 4, 29), "payment", src(50), amount=Decimal("1600.00")))
    lad = scenario.ladder(c, project(), D(2026, 6, 5), FakeStatement(principal=Decimal("3200.00")))   # 31 May + 5 days
    assert lad.status == "paused"


def test_rule_missed_instalment_beyond_grace_resumes_at_the_firm_reminder_noting_the_acknowledgment():
    c = _plan_case(Event(D(2026, 4, 29), "payment", src(50), amount=Decimal("1600.00")))
    lad = scenario.ladder(c, project(), D(2026, 6, 10), FakeStatement(principal=Decimal("3200.00")))
    assert lad.status == "open"
    assert lad.broken_plan is PLAN
    # broken on 6 June (31 May + 5 days of grace, then the next day), a Saturday → Monday 8 June
    assert states(lad)[2:4] == [("appel", "skipped", None), ("relance_ferme", "due", D(2026, 6, 8))]
    r = reasons(lad)
    assert r["appel"] == "sautée : échéancier rompu, reprise à la relance ferme"
    assert r["relance_ferme"] == ("due depuis le 8 juin 2026 : échéancier rompu (échéance du 31 mai 2026 impayée) ; "
                                  "l’échéancier signé le 1er avril 2026 vaut reconnaissance de la dette")
    # the formal notice keeps its place: 45 days after the due date, shifted by the 66 days of the plan
    assert [(a.step, a.due) for a in lad.next_actions] == [
        ("relance_ferme", D(2026, 6, 8)), ("mise_en_demeure", D(2026, 6, 22)), ("injonction_de_payer", D(2026, 7, 7)),
    ]


def test_rule_promise_holds_the_next_step_until_its_date_plus_grace():
    promise = Event(D(2026, 3, 12), "promise", src(30), until=D(2026, 3, 20))
    c = case(sent(D(2026, 3, 9), "relance_informelle"), promise)
    lad = scenario.ladder(c, project(), D(2026, 3, 19), FakeStatement())
    assert [(a.step, a.due) for a in lad.next_actions][:2] == [("relance_amiable", D(2026, 3, 25)), ("appel", D(2026, 3, 25))]
    assert reasons(lad)["relance_amiable"] == (
        "prévue le 25 mars 2026 : promesse du 12 mars 2026 de payer au plus tard le 20 mars 2026, plus 5 jours de grâce")
    assert scenario.PROMISE_GRACE_DAYS == 5


def test_rule_promise_not_kept_makes_the_held_step_due():
    promise = Event(D(2026, 3, 12), "call", src(30), outcome="promise", until=D(2026, 3, 20))
    lad = scenario.ladder(case(sent(D(2026, 3, 9), "relance_informelle"), promise), project(), D(2026, 3, 30), FakeStatement())
    assert lad.steps[1].state == "due"
    assert reasons(lad)["relance_amiable"] == (
        "due depuis le 25 mars 2026 : promesse du 12 mars 2026 de payer au plus tard le 20 mars 2026, plus 5 jours de grâce, non tenue")


def test_rule_insolvency_stops_every_reminder_and_creates_one_declaration_action():
    ins = Event(D(2026, 6, 10), "insolvency", src(60), procedure="redressement", published=D(2026, 6, 15))
    lad = scenario.ladder(case(sent(D(2026, 3, 9), "relance_informelle"), ins), project(), D(2026, 6, 20), FakeStatement())
    assert lad.status == "paused"
    # due at once, on the publication date (a forclusion is not waited for, L622-26 C. com.);
    # the limit: 15 June + 2 months = 15 August (CPC 641), a Saturday and a holiday: the safe date is kept, not moved by CPC 642
    assert lad.next_actions == (scenario.Action("declaration_creance", D(2026, 6, 15), "declaration", "declaration-creance", "2026-014-dupont",
                                                Decimal("4840.00"), limit=D(2026, 8, 15)),)
    assert [s.state for s in lad.steps] == ["done"] + ["paused"] * 5 + ["due"]
    assert (lad.steps[-1].date, lad.steps[-1].limit) == (D(2026, 6, 15), D(2026, 8, 15))
    r = reasons(lad)
    assert r["relance_amiable"] == "suspendue : redressement judiciaire, publication au BODACC du 15 juin 2026"
    assert r["declaration_creance"] == ("à déclarer sans attendre au mandataire judiciaire, au plus tard le 15 août 2026 "
                                        "(forclusion, art. L622-26 C. com. ; redressement judiciaire, BODACC du 15 juin 2026)")
    # recorded before its publication: upcoming on the publication date
    early = scenario.ladder(case(sent(D(2026, 3, 9), "relance_informelle"), ins), project(), D(2026, 6, 12), FakeStatement())
    assert (early.steps[-1].state, early.next_actions[0].due) == ("upcoming", D(2026, 6, 15))
    # past the limit: still due, and the reason says the claim is barred unless relieved
    late = scenario.ladder(case(sent(D(2026, 3, 9), "relance_informelle"), ins), project(), D(2026, 8, 20), FakeStatement())
    assert reasons(late)["declaration_creance"] == ("forclusion acquise le 15 août 2026 sauf relevé de forclusion (art. L622-26 C. com.) ; "
                                                    "redressement judiciaire, BODACC du 15 juin 2026")


def test_rule_insolvency_declaration_done_leaves_no_action():
    ins = Event(D(2026, 6, 10), "insolvency", src(60), procedure="liquidation", published=D(2026, 6, 15))
    c = case(ins, sent(D(2026, 7, 1), "declaration_creance", 61))
    lad = scenario.ladder(c, project(), D(2026, 7, 2), FakeStatement())
    assert lad.next_actions == ()
    assert lad.steps[-1].state == "done"
    assert reasons(lad)["declaration_creance"] == "déclaration envoyée le 1er juillet 2026"


def test_rule_insolvency_without_publication_date_counts_from_the_event_and_warns():
    ins = Event(D(2026, 6, 10), "insolvency", src(60), procedure="sauvegarde")
    lad = scenario.ladder(case(ins), project(), D(2026, 6, 20), FakeStatement())
    assert (lad.next_actions[0].due, lad.next_actions[0].limit) == (D(2026, 6, 10), D(2026, 8, 10))
    assert [str(i) for i in lad.issues] == [
        "cases/t.yaml:60:7: warning: insolvency: no BODACC publication date (published:); the two months of the declaration are counted from the event date"]


def test_rule_prescribed_claim_gets_no_court_step_and_no_step_that_threatens_court():
    st = FakeStatement(prescribed=True, prescription=D(2026, 3, 20))
    lad = scenario.ladder(case(sent(D(2026, 3, 9), "relance_informelle")), project(), D(2026, 4, 5), st)
    assert lad.status == "prescribed"
    assert [(s.step.id, s.state) for s in lad.steps] == [
        ("relance_informelle", "done"), ("relance_amiable", "due"), ("appel", "due"), ("relance_ferme", "due"),
        ("mise_en_demeure", "skipped"), ("injonction_de_payer", "skipped"),
    ]
    assert [a.step for a in lad.next_actions] == ["relance_amiable", "appel", "relance_ferme"]
    assert reasons(lad)["mise_en_demeure"] == "sautée : créance prescrite depuis le 21 mars 2026, aucune action en justice ne peut être annoncée"


def test_rule_bad_faith_goes_straight_to_the_formal_notice():
    lad = scenario.ladder(case(qualification="mauvaise_foi"), project(), D(2026, 3, 10), FakeStatement())
    assert [s.state for s in lad.steps] == ["skipped"] * 4 + ["due", "upcoming"]
    assert reasons(lad)["relance_amiable"] == "sautée : débiteur de mauvaise foi, passage direct à la mise en demeure"
    # the formal notice takes the first reminder's date (3 March + 5, a Sunday → Monday 9 March);
    # it is not sent yet: the court step comes 15 days after today at the earliest, 25 March
    assert [(a.step, a.due) for a in lad.next_actions] == [("mise_en_demeure", D(2026, 3, 9)), ("injonction_de_payer", D(2026, 3, 25))]


def test_rule_temporary_cash_difficulty_gets_a_payment_plan_offer_in_the_firm_reminder():
    assert scenario.ladder(case(qualification="difficulte_passagere"), project(), D(2026, 3, 4), FakeStatement()).offer_plan is True
    assert scenario.ladder(case(qualification="oubli"), project(), D(2026, 3, 4), FakeStatement()).offer_plan is False


def test_rule_contestation_qualification_pauses():
    lad = scenario.ladder(case(qualification="contestation"), project(), D(2026, 3, 20), FakeStatement())
    assert lad.status == "paused"
    assert lad.next_actions == ()
    assert reasons(lad)["relance_informelle"] == "suspendue : le débiteur conteste la créance (qualification : contestation)"


def test_rule_court_step_only_once_the_formal_notice_deadline_has_passed():
    quick = Scenario("quick", (
        Step("mise_en_demeure", "lrar", SRC, "mise-en-demeure", after_due=10, deadline_days=15, formal_notice=True),
        Step("injonction_de_payer", "court", SRC, "requete-injonction", after_step="mise_en_demeure", after_days=3),
    ), SRC)
    c = case(sent(D(2026, 4, 17), "mise_en_demeure", received=D(2026, 4, 19)), scenario_name="quick")
    lad = scenario.ladder(c, project(quick), D(2026, 4, 25), FakeStatement())
    # 19 April + 3 = 22 April, but the notice gives until 17 April + 15 = Saturday 2 May → Monday 4 May
    assert lad.next_actions[0].due == D(2026, 5, 4)
    assert lad.deadline == D(2026, 5, 4)
    assert reasons(lad)["injonction_de_payer"] == "prévue le 4 mai 2026 : pas avant l’expiration du délai de la mise en demeure, le 4 mai 2026"


def test_rule_no_court_step_due_while_the_formal_notice_is_not_sent():
    # 10 May: every step is overdue, the formal notice since 17 April; the court step counts from
    # today, the earliest the notice can go: 10 May + 15 = 25 May, Whit Monday → Tuesday 26 May
    lad = scenario.ladder(case(), project(), D(2026, 5, 10), FakeStatement())
    assert states(lad)[-2:] == [("mise_en_demeure", "due", D(2026, 4, 17)), ("injonction_de_payer", "upcoming", D(2026, 5, 26))]


def test_rule_amicable_phase_beyond_90_days_warns():
    slow = Scenario("slow", (
        Step("relance", "email", SRC, "relance-amiable", after_due=5),
        Step("mise_en_demeure", "lrar", SRC, "mise-en-demeure", after_due=80, deadline_days=15, formal_notice=True),
        Step("injonction_de_payer", "court", Source("dossier.yaml", 30, 9), "requete-injonction", after_step="mise_en_demeure", after_days=20),
    ), SRC)
    lad = scenario.ladder(case(scenario_name="slow"), project(slow), D(2026, 3, 4), FakeStatement())
    # 3 March + 80 = 22 May; + 20 = 11 June: 100 days
    assert [str(i) for i in lad.issues] == [
        "cases/2026-014-dupont.yaml:1:1: warning: the amicable phase will last 100 days, from the due date 2026-03-03 to injonction_de_payer planned on 2026-06-11; the guardrail max_amicable_days is 90"]
    assert [str(i) for i in guardrails.validate_scenarios(project(slow))] == [
        "dossier.yaml:30:9: warning: scenario slow: step injonction_de_payer comes 100 days after the due date; the guardrail max_amicable_days is 90"]


def test_rule_amicable_phase_does_not_count_the_days_of_a_pause():
    c = case(sent(D(2026, 3, 9), "relance_informelle"), Event(D(2026, 3, 10), "dispute", src(25)),
             Event(D(2026, 4, 30), "dispute_resolved", src(26)))
    lad = scenario.ladder(c, project(), D(2026, 5, 2), FakeStatement())
    assert lad.next_actions[-1].due > D(2026, 6, 1)   # more than 90 days after 3 March …
    assert lad.issues == ()                          # … but 51 of them were a pause


def test_filed_event_means_litigation_and_does_the_court_step():
    c = case(*FORMAT_EVENTS, Event(D(2026, 5, 12), "filed", src(70), court="Tribunal des activités économiques de Lyon"))
    lad = scenario.ladder(c, project(), D(2026, 6, 30), FakeStatement())
    assert lad.status == "litigation"
    assert lad.next_actions == ()
    assert states(lad)[-1] == ("injonction_de_payer", "done", D(2026, 5, 12))
    assert reasons(lad)["injonction_de_payer"] == "requête déposée le 12 mai 2026"


def test_closed_event_means_closed():
    c = case(sent(D(2026, 3, 9), "relance_informelle"), Event(D(2026, 3, 30), "closed", src(70), reason="written_off"))
    lad = scenario.ladder(c, project(), D(2026, 4, 30), FakeStatement())
    assert lad.status == "closed"
    assert lad.next_actions == ()
    assert reasons(lad)["relance_amiable"] == "sans objet : dossier clos le 30 mars 2026"


def test_settled_claim_means_paid():
    lad = scenario.ladder(case(sent(D(2026, 3, 9), "relance_informelle")), project(), D(2026, 4, 30),
                          FakeStatement(principal=Decimal("0.00"), total=Decimal("0.00"), earliest_unpaid_due=None, settled=True))
    assert lad.status == "paid"
    assert lad.next_actions == ()
    assert reasons(lad)["mise_en_demeure"] == "sans objet : créance soldée"


def test_status_function_agrees_with_the_ladder():
    assert scenario.status(case(qualification="contestation"), project(), D(2026, 3, 20), FakeStatement()) == "paused"
    assert scenario.status(case(), project(), D(2026, 3, 20), FakeStatement(prescribed=True)) == "prescribed"


# --- guardrails -------------------------------------------------------------------------------------

def test_guardrail_builtin_scenarios_pass():
    builtin, issues = config.builtin_scenarios()
    assert issues == []
    assert sorted(builtin) == ["consommateur", "petit_montant", "public", "standard"]
    proj = replace(project(), scenarios=builtin)
    assert guardrails.validate_scenarios(proj) == []


def test_builtin_standard_is_format_md_s_ladder():
    builtin, _ = config.builtin_scenarios()
    std = builtin["standard"]
    assert [(s.id, s.channel, s.after_due, s.after_step, s.after_days) for s in std.steps] == [
        ("relance_informelle", "email", 5, None, None), ("relance_amiable", "email", 15, None, None),
        ("appel", "phone", 22, None, None), ("relance_ferme", "letter", 30, None, None),
        ("mise_en_demeure", "lrar", 45, None, None), ("injonction_de_payer", "court", None, "mise_en_demeure", 15),
        ("refere_provision", "court", None, "mise_en_demeure", 15),
    ]
    # no injonction de payer against a public body (administrative contract, CCP L6): the référé-provision (CJA R541-1)
    assert [(s.id, s.when.debtor_kind, s.template) for s in std.steps[-2:]] == [   # type: ignore[union-attr]
        ("injonction_de_payer", ("professional", "consumer"), "requete-injonction"), ("refere_provision", ("public",), None)]
    assert builtin["consommateur"].step("mise_en_demeure").formal_notice is True   # type: ignore[union-attr]
    assert builtin["public"].steps[1].channel == "phone"                           # call early
    assert [(s.id, s.channel, s.template) for s in builtin["public"].steps if s.channel == "court"] == [("refere_provision", "court", None)]
    assert all(s.id != "injonction_de_payer" for s in builtin["public"].steps)


def test_guardrail_scenario_with_15_reminders_is_refused():
    steps = tuple(Step(f"relance_{k}", "email", Source("dossier.yaml", 10 + k, 9), "relance-amiable", after_due=7 * k) for k in range(1, 16))
    issues = guardrails.validate_scenarios(project(Scenario("harcelement", steps, SRC)))
    assert [str(i) for i in issues] == [
        "dossier.yaml:17:9: scenario harcelement: step relance_7 is contact 7 of 15 in the amicable phase; the guardrail "
        "max_contacts allows at most 6 (repeated contacts are harassment, Code de la consommation L121-7)"]
    assert issues[0].severity == "error"


def test_guardrail_two_letters_one_day_apart_are_refused():
    steps = (
        Step("lettre_1", "letter", Source("dossier.yaml", 10, 9), "relance-amiable", after_due=10),
        Step("lettre_2", "letter", Source("dossier.yaml", 11, 9), "relance-ferme", after_due=11),
    )
    issues = guardrails.validate_scenarios(project(Scenario("serre", steps, SRC)))
    assert [str(i) for i in issues] == [
        "dossier.yaml:11:9: scenario serre: step lettre_2 comes 1 day after step lettre_1, both written contacts; the guardrail "
        "min_days_between_written requires at least 7 days between two written contacts"]


def test_guardrail_spacing_follows_after_step_and_conditions():
    def mix(sms_days: int) -> Scenario:
        return Scenario("mix", (
            Step("lettre_pro", "letter", SRC, "relance-amiable", after_due=10, when=StepCondition(SRC, debtor_kind=("professional",))),
            Step("lettre_conso", "letter", SRC, "relance-amiable", after_due=11, when=StepCondition(SRC, debtor_kind=("consumer",))),
            Step("sms", "sms", Source("dossier.yaml", 12, 9), "sms", after_step="lettre_pro", after_days=sms_days),
        ), SRC)
    # the two letters never go to the same debtor; the SMS comes 8 days after one, 7 after the other
    assert guardrails.validate_scenarios(project(mix(8))) == []
    assert [str(i) for i in guardrails.validate_scenarios(project(mix(6)))] == [
        "dossier.yaml:12:9: scenario mix: step sms comes 6 days after step lettre_pro, both written contacts; the guardrail "
        "min_days_between_written requires at least 7 days between two written contacts"]


def test_guardrail_limits_are_configurable():
    steps = tuple(Step(f"r{k}", "email", SRC, "relance-amiable", after_due=3 * k) for k in range(1, 9))
    assert guardrails.validate_scenarios(project(Scenario("dense", steps, SRC), guardrails=Guardrails(max_contacts=8, min_days_between_written=3))) == []


def test_guardrail_case_events_that_break_them_are_warnings():
    events = (
        sent(D(2026, 3, 9), "relance_informelle", 20),
        sent(D(2026, 3, 11), "relance_amiable", 21),                       # 2 days after the first
        Event(D(2026, 3, 14), "call", src(22), outcome="no_answer"),       # a Saturday
        Event(D(2026, 3, 16), "call", src(23), outcome="no_answer"),
        Event(D(2026, 3, 17), "call", src(24), outcome="message"),
        sent(D(2026, 3, 25), "relance_ferme", 25),
        Event(D(2026, 3, 26), "call", src(26), outcome="refusal"),          # the 7th contact
    )
    lad = scenario.ladder(case(*events), project(), D(2026, 3, 27), FakeStatement())
    assert [str(i) for i in lad.issues] == [
        "cases/t.yaml:21:7: warning: relance_amiable sent on 2026-03-11, 2 days after the written contact of 2026-03-09; the guardrail min_days_between_written requires 7",
        "cases/t.yaml:22:7: warning: call on 2026-03-14: not a working day; the guardrail allows calls on working days only, 10:00-13:00, 14:00-20:00",
        "cases/t.yaml:26:7: warning: call on 2026-03-26 is contact 7 of the amicable phase; the guardrail max_contacts allows 6 (repeated contacts may be harassment)",
    ]
    assert all(i.severity == "warning" for i in lad.issues)
    assert [i.fr for i in lad.issues] == [
        "Relance amiable du 11\u00a0mars\u00a02026\u00a0: 2\u00a0jours seulement après le contact écrit du 9\u00a0mars\u00a02026, "
        "quand le garde-fou min_days_between_written en exige 7.",
        "Appel du 14\u00a0mars\u00a02026\u00a0: jour non ouvré\u00a0; les appels ne sont permis que les jours ouvrés, "
        "de 10\u00a0h à 13\u00a0h et de 14\u00a0h à 20\u00a0h.",
        "Appel du 26\u00a0mars\u00a02026\u00a0: 7e contact de la phase amiable, au-delà des 6 permis par le garde-fou "
        "max_contacts (des sollicitations répétées peuvent constituer un harcèlement).",
    ]


def test_guardrail_next_written_step_waits_min_days_after_the_last_letter():
    # the amicable reminder was sent late, on 30 March: the call (25 March) is due from that day, not before;
    # it printed « au plus tard le 7 avril » (30 March + 8, CPC 641): the firm reminder (2 April) waits until
    # 8 April; with 10 days between written contacts, until 9 April
    c = case(sent(D(2026, 3, 9), "relance_informelle"), sent(D(2026, 3, 30), "relance_amiable"))
    lad = scenario.ladder(c, project(guardrails=Guardrails(min_days_between_written=10)), D(2026, 3, 31), FakeStatement())
    assert [(a.step, a.due) for a in lad.next_actions][:2] == [("appel", D(2026, 3, 30)), ("relance_ferme", D(2026, 4, 9))]
    assert reasons(lad)["relance_ferme"] == ("prévue le 9 avril 2026 : après le 7 avril 2026, dernier jour de paiement "
                                             "indiqué par le courrier précédent ; 10 jours au moins après le courrier du 30 mars 2026")


def test_rule_no_written_step_before_the_day_the_last_letter_printed_has_passed():
    # the firm reminder, sent late on Friday 10 April 2026, printed « au plus tard le 20 avril » (10 April + 8 =
    # Saturday 18, CPC 642 → Monday 20): the formal notice (after_due 45: 17 April) waits until 21 April, not the
    # 7 days of the guardrail (17 April)
    c = case(sent(D(2026, 3, 9), "relance_informelle"), sent(D(2026, 3, 18), "relance_amiable"),
             sent(D(2026, 4, 10), "relance_ferme"))
    lad = scenario.ladder(c, project(), D(2026, 4, 17), FakeStatement())
    assert states(lad)[4] == ("mise_en_demeure", "upcoming", D(2026, 4, 21))
    assert reasons(lad)["mise_en_demeure"] == ("prévue le 21 avril 2026 : après le 20 avril 2026, dernier jour de "
                                               "paiement indiqué par le courrier précédent")
    # the court step counts from the notice: 21 April + 15 = 6 May
    assert states(lad)[5] == ("injonction_de_payer", "upcoming", D(2026, 5, 6))
    # on 21 April the notice is due, and the deadline is the one the firm reminder's document prints
    assert [(a.step, a.due) for a in scenario.ladder(c, project(), D(2026, 4, 21), FakeStatement()).next_actions][0] == (
        "mise_en_demeure", D(2026, 4, 21))
    assert ladder_steps.payment_deadline(D(2026, 4, 10), standard().steps[3], "69") == D(2026, 4, 20)


def test_guardrail_bad_call_windows_are_an_error():
    issues = guardrails.validate_scenarios(project(guardrails=Guardrails(call_windows=(("10:00", "13:00"), ("21:00", "20:00")))))
    assert [i.message for i in issues] == ['guardrails.call_windows: expected windows such as "10:00-13:00", got "21:00-20:00"']


@pytest.mark.parametrize(
    "moment, dept, allowed",
    [
        (dt.datetime(2026, 11, 24, 10, 0), None, True),
        (dt.datetime(2026, 11, 24, 13, 30), None, False),    # lunch
        (dt.datetime(2026, 11, 24, 19, 59), None, True),
        (dt.datetime(2026, 11, 24, 20, 0), None, False),
        (dt.datetime(2026, 11, 28, 11, 0), None, False),     # Saturday
        (dt.datetime(2026, 11, 11, 11, 0), None, False),     # Armistice
        (dt.datetime(2026, 12, 26, 11, 0), "67", False),     # a Saturday anyway
        (dt.datetime(2025, 12, 26, 11, 0), None, True),
        (dt.datetime(2025, 12, 26, 11, 0), "68", False),     # Saint-Étienne in Alsace
    ],
)
def test_guardrail_calls_on_working_days_within_the_windows(moment, dept, allowed):
    assert guardrails.call_allowed(moment, Guardrails(), dept) is allowed


def test_ladder_is_deterministic():
    a = scenario.ladder(case(*FORMAT_EVENTS), project(), D(2026, 6, 30), FakeStatement())
    b = scenario.ladder(case(*FORMAT_EVENTS), project(), D(2026, 6, 30), FakeStatement())
    assert a == b


def test_successive_pauses_each_stop_the_clock_and_overlapping_ones_once():
    # two disputes, 10 March to 10 April (31 days) and 12 to 20 April (8 days)
    c = case(sent(D(2026, 3, 9), "relance_informelle"),
             Event(D(2026, 3, 10), "dispute", src(25)), Event(D(2026, 4, 10), "dispute_resolved", src(26)),
             Event(D(2026, 4, 12), "dispute", src(27)), Event(D(2026, 4, 20), "dispute_resolved", src(28)))
    lad = scenario.ladder(c, project(), D(2026, 4, 21), FakeStatement())
    # 18 March + 31 days = 18 April, which falls in the second pause: + 8 days = 26 April, a Sunday → 27
    assert lad.next_actions[0] == scenario.Action("relance_amiable", D(2026, 4, 27), "email", "relance-amiable", "2026-014-dupont", Decimal("4840.00"))
    assert scenario._merged([
        scenario.Pause(D(2026, 3, 10), D(2026, 4, 10), c.events[1], ""),
        scenario.Pause(D(2026, 4, 1), D(2026, 4, 20), c.events[1], ""),
        scenario.Pause(D(2026, 5, 1), None, c.events[1], ""),
    ]) == [(D(2026, 3, 10), D(2026, 4, 20))]


def test_a_call_or_a_filing_may_name_its_step():
    call = Event(D(2026, 3, 12), "call", src(30), outcome="other", step="appel")
    lad = scenario.ladder(case(call), project(), D(2026, 3, 13), FakeStatement())
    assert states(lad)[:3] == [("relance_informelle", "skipped", None), ("relance_amiable", "skipped", None), ("appel", "done", D(2026, 3, 12))]


# --- properties over random journals -----------------------------------------------------------------

from hypothesis import given, settings, strategies as hs  # noqa: E402

from dossier.law import calendar as cal  # noqa: E402

STEP_IDS = [s.id for s in standard().steps]


@hs.composite
def journals(draw):
    start = D(2026, 3, 4)
    days = sorted(draw(hs.lists(hs.integers(0, 200), max_size=12)))
    events = []
    for k, offset in enumerate(days):
        day = start + dt.timedelta(days=offset)
        kind = draw(hs.sampled_from(["sent", "sent", "sent", "call", "payment", "dispute", "dispute_resolved",
                                     "promise", "plan", "insolvency", "filed", "closed", "acknowledgment"]))
        s = src(100 + k)
        if kind == "sent":
            received = day + dt.timedelta(days=draw(hs.integers(0, 5))) if draw(hs.booleans()) else None
            events.append(Event(day, "sent", s, step=draw(hs.sampled_from(STEP_IDS)), received=received))
        elif kind == "call":
            until = day + dt.timedelta(days=draw(hs.integers(1, 30))) if draw(hs.booleans()) else None
            events.append(Event(day, "call", s, outcome=draw(hs.sampled_from(["promise", "dispute", "no_answer", "refusal"])), until=until))
        elif kind == "payment":
            events.append(Event(day, "payment", s, amount=Decimal(draw(hs.integers(1, 3000)))))
        elif kind == "promise":
            events.append(Event(day, "promise", s, until=day + dt.timedelta(days=draw(hs.integers(0, 40)))))
        elif kind == "plan":
            n = draw(hs.integers(1, 4))
            inst = tuple(Instalment(day + dt.timedelta(days=30 * (j + 1)), Decimal("500.00"), s) for j in range(n))
            events.append(Event(day, "plan", s, signed=draw(hs.booleans()), instalments=inst))
        elif kind == "insolvency":
            published = day + dt.timedelta(days=draw(hs.integers(0, 20))) if draw(hs.booleans()) else None
            events.append(Event(day, "insolvency", s, procedure="redressement", published=published))
        elif kind == "closed":
            events.append(Event(day, "closed", s, reason="written_off"))
        else:
            events.append(Event(day, kind, s))
    return tuple(events)


@settings(max_examples=150, deadline=None)
@given(
    events=journals(),
    as_of_offset=hs.integers(0, 260),
    qualification=hs.sampled_from([None, *("oubli", "contestation", "mauvaise_foi", "difficulte_passagere", "insolvabilite")]),
    prescribed=hs.booleans(),
    settled=hs.booleans(),
    dept=hs.sampled_from(["69003 Lyon", "67000 Strasbourg"]),
)
def test_property_any_journal_gives_a_consistent_ladder(events, as_of_offset, qualification, prescribed, settled, dept):
    as_of = D(2026, 3, 4) + dt.timedelta(days=as_of_offset)
    c = case(*events, qualification=qualification, address=("1 rue X", dept))
    st = FakeStatement(prescribed=prescribed, settled=settled, prescription=D(2026, 3, 1) if prescribed else D(2031, 3, 1))
    lad = scenario.ladder(c, project(), as_of, st)
    assert lad.status in ladder_steps.STATUSES
    assert [s.step.id for s in lad.steps][:6] == STEP_IDS
    assert all(s.state in ("done", "due", "upcoming", "skipped", "paused") for s in lad.steps)
    assert all(s.reason for s in lad.steps)
    dues = [a.due for a in lad.next_actions]
    assert all(cal.is_working_day(a.due, c.debtor.department) for a in lad.next_actions if a.channel != "declaration")
    if lad.status in ("closed", "paid", "litigation", "paused") and not any(a.channel == "declaration" for a in lad.next_actions):
        assert dues == []
    if not any(a.channel == "declaration" for a in lad.next_actions):
        assert dues == sorted(dues)
        assert [(a.step, a.due) for a in lad.next_actions] == [(s.step.id, s.date) for s in lad.steps if s.state in ("due", "upcoming")]
        for a in lad.next_actions:
            state = next(s for s in lad.steps if s.step.id == a.step)
            assert (state.state == "due") == (a.due <= as_of)
    if prescribed:
        assert not [a for a in lad.next_actions if a.step in ("mise_en_demeure", "injonction_de_payer")]
    court = [a for a in lad.next_actions if a.channel == "court"]
    if court and lad.deadline is not None:
        assert court[0].due >= lad.deadline
    if court and lad.formal_notice is None:
        assert court[0].due > as_of   # never due before the formal notice is sent


def test_guardrail_a_step_that_would_be_one_contact_too_many_warns():
    events = (
        sent(D(2026, 3, 9), "relance_informelle", 20),
        Event(D(2026, 3, 12), "call", src(21), outcome="no_answer"),
        sent(D(2026, 3, 18), "relance_amiable", 22),
        Event(D(2026, 3, 20), "call", src(23), outcome="message"),
        Event(D(2026, 3, 26), "call", src(24), outcome="refusal"),       # does the phone step: 5 contacts
    )
    lad = scenario.ladder(case(*events), project(), D(2026, 3, 27), FakeStatement())
    # the firm reminder is the 6th contact, the formal notice would be the 7th
    assert [str(i) for i in lad.issues] == [
        "cases/2026-014-dupont.yaml:1:1: warning: mise_en_demeure, due on 2026-04-17, would be contact 7 of the amicable phase; "
        "the guardrail max_contacts allows 6"]


# --- status precedence: closed > paid > litigation > prescribed > paused > open (docs/ladder.md) ----------------

PRECEDENCE = ("closed", "paid", "litigation", "prescribed", "paused", "open")


def _holding(*statuses: str) -> tuple[Case, FakeStatement]:
    """A case for which each of `statuses` holds on 1 June 2026."""
    events = []
    if "closed" in statuses:
        events.append(Event(D(2026, 5, 20), "closed", src(30)))
    if "litigation" in statuses:
        events.append(Event(D(2026, 5, 12), "filed", src(31)))
    if "paused" in statuses:
        events.append(Event(D(2026, 5, 2), "dispute", src(32), note="conteste la qualité"))
    statement = FakeStatement(settled="paid" in statuses, prescribed="prescribed" in statuses,
                              prescription=D(2026, 5, 1) if "prescribed" in statuses else D(2031, 2, 1))
    return case(*sorted(events, key=lambda e: e.date)), statement


@pytest.mark.parametrize("higher, lower", [(h, lo) for k, h in enumerate(PRECEDENCE) for lo in PRECEDENCE[k + 1:]])
def test_status_precedence_pair(higher, lower):
    c, st = _holding(higher, lower)
    assert scenario.ladder(c, project(), D(2026, 6, 1), st).status == higher
    alone, st = _holding(lower)
    assert scenario.ladder(alone, project(), D(2026, 6, 1), st).status == lower

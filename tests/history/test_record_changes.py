"""`dossier record` as a user expects: an event at its date, a receipt, a signature, a promise on a call,
the qualification, several changes in one commit, and no event after today."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.records.i18n import set_language
from dossier.cli import main
from dossier.history.record import record_changes, record_event, split_then
from dossier.history.record_changes import apply_change, change_from_args
from dossier.history.record_text import insert_event
from dossier.records.load import load_repository

from gitrepo import LOUISE, GitRepo

from test_record import FIXTURE, PATH, repo, state  # noqa: F401 (the same repository fixture and snapshot)

TODAY = "1795860000"   # SOURCE_DATE_EPOCH of 2026-11-28 18:00 UTC: today, for the CLI

# A consumer's case: a formal notice sent (no receipt yet), a draft plan laid out in block style, payments.
MARTIN = """\
debtor:
  name: Jeanne Martin
  kind: consumer               # particulière
  address: [3 rue Mercière, 69002 Lyon]
  qualification: oubli         # au premier appel
invoices:
  - {number: F2026-050, date: 2026-06-01, due: 2026-07-01, amount: 900.00}
events:
  - {date: 2026-07-10, type: sent, step: relance_informelle}
  - {date: 2026-09-01, type: sent, step: mise_en_demeure, tracking: "1A 111"}   # LRAR
  - date: 2026-09-20
    type: plan
    instalments: [{due: 2026-10-15, amount: 450.00}, {due: 2026-11-15, amount: 450.00}]
    note: |
      proposé au téléphone
  - {date: 2026-09-25, type: payment, amount: 20.00}
  - {date: 2026-10-02, type: payment, amount: 30.00}   # chèque
court: Tribunal judiciaire de Lyon
"""
MARTIN_PATH = "cases/2026-020-martin.yaml"


@pytest.fixture
def martin(repo: GitRepo) -> GitRepo:   # noqa: F811 (the fixture of test_record)
    repo.write(MARTIN_PATH, MARTIN)
    repo.commit("Martin: ouverture", LOUISE, "2026-10-03T09:00:00+02:00")
    return repo


def text(g: GitRepo, path: str = MARTIN_PATH) -> str:
    return (g.path / path).read_text(encoding="utf-8")


def last_commit(g: GitRepo) -> str:
    return g.git("log", "-1", "--format=%s%n%b")


def cli(g: GitRepo, monkeypatch, *args: str):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY)
    return CliRunner().invoke(main, ["record", *args, "--repo", str(g.path)])


def valid(g: GitRepo) -> None:
    loaded, issues = load_repository(g.path)
    assert loaded is not None and not [i for i in issues if i.severity == "error"], [str(i) for i in issues]


# ---------------------------------------------------------------- an event at its date

def test_a_late_transfer_is_inserted_at_its_date_in_one_commit(repo: GitRepo):   # noqa: F811
    late = {"date": dt.date(2026, 3, 15), "type": "payment", "amount": Decimal("250.00"), "invoice": "F2026-031",
            "reference": "VIR 15/03"}
    ok, messages = record_event(repo.path, "2026-014", late, today=dt.date(2026, 11, 28))
    assert ok, messages
    before = FIXTURE.read_bytes()
    cut = before.index(b"    -  {date: 2026-03-20")
    line = b"    -  {date: 2026-03-15, type: payment, amount: 250.00, invoice: F2026-031, reference: VIR 15/03}\n"
    assert (repo.path / PATH).read_bytes() == before[:cut] + line + before[cut:]
    assert last_commit(repo) == ("record(2026-014-dupont): payment 250.00 on 2026-03-15\n"
                                 "- {date: 2026-03-15, type: payment, amount: 250.00, invoice: F2026-031, reference: VIR 15/03}\n\n")
    assert messages == [f"{repo.head()[:7]} record(2026-014-dupont): payment 250.00 on 2026-03-15"]
    assert len(repo.log()) == 2 and repo.git("status", "--porcelain") == ""
    valid(repo)


def test_an_event_of_the_same_date_goes_after_those_of_its_date_and_before_the_first_one_at_the_top(martin: GitRepo):
    same = {"date": dt.date(2026, 9, 25), "type": "call", "outcome": "no_answer"}
    first = {"date": dt.date(2026, 7, 1), "type": "call", "outcome": "message"}
    assert record_changes(martin.path, "2026-020", [same, first], today=dt.date(2026, 11, 28))[0]
    assert text(martin) == MARTIN.replace(
        "  - {date: 2026-10-02,", "  - {date: 2026-09-25, type: call, outcome: no_answer}\n  - {date: 2026-10-02,").replace(
        "  - {date: 2026-07-10,", "  - {date: 2026-07-01, type: call, outcome: message}\n  - {date: 2026-07-10,")
    valid(martin)


@pytest.mark.parametrize("before, after", [
    # a block mapping before a block scalar: the new item takes the layout of the one above it
    ("events:\n  - date: 2026-01-01\n    type: call\n    note: |\n      rappeler\n\n  - {date: 2026-03-01, type: dispute}\n",
     "events:\n  - date: 2026-01-01\n    type: call\n    note: |\n      rappeler\n\n"
     "  - date: 2026-02-01\n    type: payment\n    amount: 5.00\n  - {date: 2026-03-01, type: dispute}\n"),
    # a flow list: inserted before the first later event
    ("events: [{date: 2026-01-01, type: dispute}, {date: 2026-03-01, type: dispute_resolved}]  # x\n",
     "events: [{date: 2026-01-01, type: dispute}, {date: 2026-02-01, type: payment, amount: 5.00}, "
     "{date: 2026-03-01, type: dispute_resolved}]  # x\n"),
    # before the first: at its line, after the comment that opens the list; CRLF kept
    ("events:\r\n  # début\r\n  -   {date: 2026-03-01, type: dispute}\r\n",
     "events:\r\n  # début\r\n  -   {date: 2026-02-01, type: payment, amount: 5.00}\r\n  -   {date: 2026-03-01, type: dispute}\r\n"),
    # the same date as the last: after it (stable)
    ("events:\n- {date: 2026-02-01, type: dispute}\n", "events:\n- {date: 2026-02-01, type: dispute}\n"
     "- {date: 2026-02-01, type: payment, amount: 5.00}\n"),
])
def test_insert_styles(before: str, after: str):
    assert insert_event(before, {"date": dt.date(2026, 2, 1), "type": "payment", "amount": Decimal("5")}) == after


# ---------------------------------------------------------------- receipt

def test_receipt_sets_received_on_the_steps_last_sent_event(martin: GitRepo, monkeypatch):
    result = cli(martin, monkeypatch, "2026-020", "receipt", "mise_en_demeure", "--date", "2026-09-03")
    assert result.exit_code == 0, result.stderr
    assert text(martin) == MARTIN.replace('tracking: "1A 111"}', 'tracking: "1A 111", received: 2026-09-03}')
    assert last_commit(martin) == (
        "record(2026-020-martin): receipt mise_en_demeure on 2026-09-03\n"
        '- {date: 2026-09-01, type: sent, step: mise_en_demeure, tracking: "1A 111", received: 2026-09-03}\n\n')
    assert result.stdout == f"{martin.head()[:7]} record(2026-020-martin): receipt mise_en_demeure on 2026-09-03\n"
    valid(martin)


def test_receipt_on_a_block_mapping_goes_after_the_tracking_before_the_note():
    case = "events:\n  - date: 2026-09-01\n    type: sent\n    step: mise_en_demeure\n    tracking: 1A\n    note: LRAR\n"
    new, line = apply_change(case, {"type": "receipt", "step": "mise_en_demeure", "date": dt.date(2026, 9, 3)})
    assert new == case.replace("    tracking: 1A\n", "    tracking: 1A\n    received: 2026-09-03\n")
    assert line == '- {date: 2026-09-01, type: sent, step: mise_en_demeure, tracking: "1A", received: 2026-09-03, note: "LRAR"}'


@pytest.mark.parametrize("args, message", [
    (["receipt", "relance_ferme", "--date", "2026-09-03"],
     'no "sent" event for the step relance_ferme in the journal: record the letter first '
     "(record ID sent relance_ferme --date …); nothing was written"),
    (["receipt", "mise_en_demeure", "--date", "2026-08-30"],
     "receipt 2026-08-30: before the mise_en_demeure sent on 2026-09-01; nothing was written"),
    (["receipt", "mise_en_demeure", "--date", "2026-12-01"],
     "receipt mise_en_demeure on 2026-12-01: that date is after today (2026-11-28); the journal records what has "
     "happened (a typo in the date?); nothing was written"),
])
def test_receipt_refused(martin: GitRepo, monkeypatch, args: list[str], message: str):
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-020", *args)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert state(martin) == kept


def test_receipt_already_there_is_refused_and_said(martin: GitRepo, monkeypatch):
    assert cli(martin, monkeypatch, "2026-020", "receipt", "mise_en_demeure", "--date", "2026-09-03").exit_code == 0
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-020", "receipt", "mise_en_demeure", "--date", "2026-09-04")
    assert (result.exit_code, result.stderr) == (1, (
        "the mise_en_demeure sent on 2026-09-01 has received: 2026-09-03, which is already recorded, not 2026-09-04; "
        "correct the file by hand if it is wrong; nothing was written\n"))
    result = cli(martin, monkeypatch, "2026-020", "receipt", "mise_en_demeure", "--date", "2026-09-03")
    assert (result.exit_code, result.stderr) == (1, (
        "the mise_en_demeure sent on 2026-09-01 has received: 2026-09-03, which is already recorded; "
        "correct the file by hand if it is wrong; nothing was written\n"))
    assert state(martin) == kept


# ---------------------------------------------------------------- sign-plan

def test_sign_plan_on_its_date_sets_signed(martin: GitRepo, monkeypatch):
    result = cli(martin, monkeypatch, "2026-020", "sign-plan", "--date", "2026-09-20")
    assert result.exit_code == 0, result.stderr
    assert text(martin) == MARTIN.replace("      proposé au téléphone\n", "      proposé au téléphone\n    signed: true\n")
    assert last_commit(martin).splitlines()[0] == "record(2026-020-martin): sign-plan on 2026-09-20"
    loaded, _ = load_repository(martin.path)
    plan = next(e for c in loaded.cases if c.id == "2026-020-martin" for e in c.events if e.type == "plan")
    assert (plan.date, plan.signed) == (dt.date(2026, 9, 20), True)


def test_sign_plan_later_dates_the_plan_by_its_signature_and_moves_it_in_order(martin: GitRepo, monkeypatch):
    result = cli(martin, monkeypatch, "2026-020", "sign-plan", "--date", "2026-09-28")
    assert result.exit_code == 0, result.stderr
    plan = ("  - date: 2026-09-28\n    type: plan\n"
            "    instalments: [{due: 2026-10-15, amount: 450.00}, {due: 2026-11-15, amount: 450.00}]\n"
            "    note: |\n      proposé au téléphone\n    signed: true\n")
    assert text(martin) == MARTIN.replace(
        "  - date: 2026-09-20\n    type: plan\n"
        "    instalments: [{due: 2026-10-15, amount: 450.00}, {due: 2026-11-15, amount: 450.00}]\n"
        "    note: |\n      proposé au téléphone\n", "").replace("  - {date: 2026-10-02,", plan + "  - {date: 2026-10-02,")
    assert last_commit(martin) == (
        "record(2026-020-martin): sign-plan on 2026-09-28\n"
        '- {date: 2026-09-28, type: plan, note: "proposé au téléphone\\n", instalments: [{due: 2026-10-15, amount: 450.00}, '
        "{due: 2026-11-15, amount: 450.00}], signed: true}\n\n")
    valid(martin)


def test_sign_plan_refused(martin: GitRepo, monkeypatch):
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-020", "sign-plan", "--date", "2026-09-19")
    assert (result.exit_code, result.stderr) == (
        1, "sign-plan 2026-09-19: before the plan drafted on 2026-09-20; nothing was written\n")
    assert state(martin) == kept
    assert cli(martin, monkeypatch, "2026-020", "sign-plan", "--date", "2026-09-20").exit_code == 0
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-020", "sign-plan", "--date", "2026-09-21")
    assert (result.exit_code, result.stderr) == (1, "the plan of 2026-09-20 is already signed; nothing was written\n")
    assert state(martin) == kept
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-014", "sign-plan", "--date", "2026-09-21")
    assert (result.exit_code, result.stderr) == (1, (
        "no plan in the journal to sign: record it first (record ID plan --instalments DUE:AMOUNT,…); nothing was written\n"))
    assert state(martin) == kept


# ---------------------------------------------------------------- call --outcome promise --until

def test_call_promise_until_is_written_and_read_by_the_ladder(martin: GitRepo, monkeypatch):
    result = cli(martin, monkeypatch, "2026-020", "call", "--outcome", "promise", "--until", "2026-10-20",
                 "--date", "2026-10-05", "--note", "virement promis")
    assert result.exit_code == 0, result.stderr
    assert text(martin) == MARTIN.replace(
        "  - {date: 2026-10-02, type: payment, amount: 30.00}   # chèque\n",
        "  - {date: 2026-10-02, type: payment, amount: 30.00}   # chèque\n"
        '  - {date: 2026-10-05, type: call, outcome: promise, note: "virement promis", until: 2026-10-20}\n')
    assert last_commit(martin).splitlines()[0] == "record(2026-020-martin): call promise on 2026-10-05"
    loaded, _ = load_repository(martin.path)
    call = next(e for c in loaded.cases if c.id == "2026-020-martin" for e in c.events if e.type == "call")
    assert (call.outcome, call.until) == ("promise", dt.date(2026, 10, 20))


def test_call_until_without_a_promise_is_refused(martin: GitRepo, monkeypatch):
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-020", "call", "no_answer", "--until", "2026-10-20", "--date", "2026-10-05")
    assert (result.exit_code, result.stderr) == (
        2, "call: --until is the date a promise runs to; give it with the outcome promise\n")
    assert state(martin) == kept


# ---------------------------------------------------------------- qualify

def test_qualify_adds_the_field_in_the_debtors_order(repo: GitRepo, monkeypatch):   # noqa: F811
    result = cli(repo, monkeypatch, "2026-014", "qualify", "mauvaise_foi")
    assert result.exit_code == 0, result.stderr
    before = FIXTURE.read_bytes()
    cut = before.index(b"\ninvoices:")   # after the email, the last field before it
    assert (repo.path / PATH).read_bytes() == before[:cut] + b"    qualification: mauvaise_foi\n" + before[cut:]
    assert last_commit(repo) == "record(2026-014-dupont): qualify mauvaise_foi\ndebtor.qualification: mauvaise_foi\n\n"
    valid(repo)


def test_qualify_replaces_the_value_and_keeps_the_comment(martin: GitRepo, monkeypatch):
    result = cli(martin, monkeypatch, "2026-020", "qualify", "difficulte_passagere")
    assert result.exit_code == 0, result.stderr
    assert text(martin) == MARTIN.replace("qualification: oubli         # au premier appel",
                                          "qualification: difficulte_passagere         # au premier appel")
    assert last_commit(martin) == ("record(2026-020-martin): qualify difficulte_passagere\n"
                                   "debtor.qualification: difficulte_passagere (was oubli)\n\n")


def test_qualify_refused(martin: GitRepo, monkeypatch):
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-020", "qualify", "distrait")
    assert (result.exit_code, result.stderr) == (2, (
        "qualify: expected a qualification, one of: oubli, negligence, administratif, contestation, mauvaise_foi, "
        'difficulte_passagere, situation_preoccupante, insolvabilite; got "distrait"\n'))
    result = cli(martin, monkeypatch, "2026-020", "qualify", "oubli")
    assert (result.exit_code, result.stderr) == (1, "the debtor's qualification is already oubli; nothing was written\n")
    result = cli(martin, monkeypatch, "2026-020", "qualify", "oubli", "--date", "2026-10-01")
    assert (result.exit_code, result.stderr) == (2, "qualify: takes no option, got --date\n")
    assert state(martin) == kept


# ---------------------------------------------------------------- several changes, one commit

def test_then_records_several_changes_in_one_commit(martin: GitRepo, monkeypatch):
    result = cli(martin, monkeypatch, "2026-020", "payment", "450", "--date", "2026-10-14", "--note", "then",
                 "then", "receipt", "mise_en_demeure", "--date", "2026-09-03",
                 "then", "call", "promise", "--until", "2026-11-20", "--date", "2026-11-16",
                 "then", "qualify", "negligence", "--author", "Louise Martin <louise@atelier-martin.fr>")
    assert result.exit_code == 0, result.stderr
    assert text(martin) == MARTIN.replace(
        'tracking: "1A 111"}', 'tracking: "1A 111", received: 2026-09-03}').replace(
        "qualification: oubli ", "qualification: negligence ").replace(
        "  - {date: 2026-10-02, type: payment, amount: 30.00}   # chèque\n",
        "  - {date: 2026-10-02, type: payment, amount: 30.00}   # chèque\n"
        '  - {date: 2026-10-14, type: payment, amount: 450.00, note: "then"}\n'
        "  - {date: 2026-11-16, type: call, outcome: promise, until: 2026-11-20}\n")
    assert martin.git("log", "-1", "--format=%an%n%s%n%b") == (
        "Louise Martin\n"
        "record(2026-020-martin): payment 450.00 on 2026-10-14; receipt mise_en_demeure on 2026-09-03; "
        "call promise on 2026-11-16; qualify negligence\n"
        '- {date: 2026-10-14, type: payment, amount: 450.00, note: "then"}\n'
        '- {date: 2026-09-01, type: sent, step: mise_en_demeure, tracking: "1A 111", received: 2026-09-03}\n'
        "- {date: 2026-11-16, type: call, outcome: promise, until: 2026-11-20}\n"
        "debtor.qualification: negligence (was oubli)\n\n")
    assert len(martin.log()) == 3   # the fixture's two commits, then this one
    valid(martin)


def test_then_is_all_or_nothing(martin: GitRepo, monkeypatch):
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-020", "payment", "450", "--date", "2026-10-14",
                 "then", "receipt", "relance_ferme", "--date", "2026-09-03")
    assert (result.exit_code, result.stderr) == (1, (
        'no "sent" event for the step relance_ferme in the journal: record the letter first '
        "(record ID sent relance_ferme --date …); nothing was written\n"))
    assert state(martin) == kept
    result = cli(martin, monkeypatch, "2026-020", "payment", "450", "--date", "2026-10-14",
                 "then", "sent", "mise_en_demeur", "--date", "2026-10-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{MARTIN_PATH}: the changes were not recorded; the result would not validate:"
    assert state(martin) == kept
    result = cli(martin, monkeypatch, "2026-020", "payment", "450", "then")
    assert result.exit_code == 2 and result.stderr.endswith("Error: after `then`: Missing argument 'EVENT'.\n")
    monkeypatch.chdir(martin.path)
    result = CliRunner().invoke(main, ["record", "2026-020", "payment", "450", "then"])
    assert result.exit_code == 2 and result.stderr.endswith("Error: expected an event after `then`\n")
    result = cli(martin, monkeypatch, "2026-020", "payment", "450", "--author", "A <a@x.fr>",
                 "then", "payment", "1", "--author", "B <b@x.fr>")
    assert result.exit_code == 2 and "--author: two different values in one call" in result.stderr
    assert state(martin) == kept


def test_split_then():
    takes = ["--note", "--date"]
    assert split_then(["ID", "payment", "1", "--note", "then", "then", "sent", "x"], takes) == [
        ["ID", "payment", "1", "--note", "then"], ["sent", "x"]]
    assert split_then(["ID", "qualify", "oubli"], takes) == [["ID", "qualify", "oubli"]]
    assert split_then(["ID", "a", "then", "then", "b"], takes) == [["ID", "a"], [], ["b"]]


# ---------------------------------------------------------------- nothing after today

@pytest.mark.parametrize("args, message", [
    (["payment", "600", "--date", "2027-11-28"],
     "payment 600.00 on 2027-11-28: that date is after today (2026-11-28); the journal records what has happened "
     "(a typo in the date?); nothing was written"),
    (["sent", "mise_en_demeure", "--date", "2026-11-20", "--received", "2026-11-30"],
     "sent mise_en_demeure on 2026-11-20: received 2026-11-30 is after today (2026-11-28); the journal records what "
     "has happened (a typo in the date?); nothing was written"),
    (["sign-plan", "--date", "2026-11-29"],
     "sign-plan on 2026-11-29: that date is after today (2026-11-28); the journal records what has happened "
     "(a typo in the date?); nothing was written"),
])
def test_a_date_after_today_is_refused(martin: GitRepo, monkeypatch, args: list[str], message: str):
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-020", *args)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert state(martin) == kept


def test_today_is_the_real_date_not_the_as_of(martin: GitRepo, monkeypatch):
    """--as-of (a past date) gives the default --date; an event may still be dated up to today, not after."""
    result = cli(martin, monkeypatch, "2026-020", "payment", "5", "--as-of", "2026-10-10")
    assert result.exit_code == 0, result.stderr
    assert "  - {date: 2026-10-10, type: payment, amount: 5.00}\n" in text(martin)
    result = cli(martin, monkeypatch, "2026-020", "payment", "5", "--date", "2026-11-28", "--as-of", "2026-10-10")
    assert result.exit_code == 0, result.stderr
    kept = state(martin)
    result = cli(martin, monkeypatch, "2026-020", "payment", "5", "--as-of", "2026-12-01")
    assert result.exit_code == 1 and "that date is after today (2026-11-28)" in result.stderr
    assert state(martin) == kept


def test_python_callers_without_today_are_not_checked(martin: GitRepo):
    """`today` comes from the command line (the clock is read there only); a caller that gives none is not checked."""
    ok, _ = record_event(martin.path, "2026-020", {"date": dt.date(2027, 1, 2), "type": "payment", "amount": Decimal("1")})
    assert ok
    assert record_event(martin.path, "2026-020", {"date": dt.date(2027, 1, 3), "type": "payment", "amount": Decimal("1")},
                        today=dt.date(2027, 1, 2))[1] == [
        "payment 1.00 on 2027-01-03: that date is after today (2027-01-02); the journal records what has happened "
        "(a typo in the date?); nothing was written"]


def test_change_from_args_words():
    assert change_from_args("receipt", "mise_en_demeure", {"date": "2026-09-03"}) == (
        {"type": "receipt", "step": "mise_en_demeure", "date": dt.date(2026, 9, 3)}, [])
    assert change_from_args("receipt", None, {}, dt.date(2026, 9, 3)) == (
        None, ["receipt: expected the step whose letter was received, such as mise_en_demeure"])
    assert change_from_args("receipt", "x", {"date": "3/9"}) == (None, ['--date: expected a date (YYYY-MM-DD), got "3/9"'])
    assert change_from_args("sign-plan", None, {"date": None}, dt.date(2026, 9, 3)) == (
        {"type": "sign-plan", "date": dt.date(2026, 9, 3)}, [])
    assert change_from_args("sign-plan", "oui", {}, dt.date(2026, 9, 3)) == (None, ['sign-plan: takes no positional value, got "oui"'])
    assert change_from_args("sign-plan", None, {"amount": "5"}, dt.date(2026, 9, 3)) == (
        None, ["sign-plan: takes only --date, got --amount"])
    assert change_from_args("payment", "5", {"date": None}, dt.date(2026, 9, 3)) == (
        {"type": "payment", "amount": Decimal("5.00"), "date": dt.date(2026, 9, 3)}, [])


def test_sign_plan_moves_a_flow_item_with_its_comment():
    case = ("events:\n  - {date: 2026-09-20, type: plan, instalments: [{due: 2026-10-15, amount: 900.00}]}  # brouillon\n"
            "  - {date: 2026-09-25, type: payment, amount: 20.00}\n")
    new, line = apply_change(case, {"type": "sign-plan", "date": dt.date(2026, 9, 26)})
    assert new == ("events:\n  - {date: 2026-09-25, type: payment, amount: 20.00}\n"
                   "  - {date: 2026-09-26, type: plan, instalments: [{due: 2026-10-15, amount: 900.00}], signed: true}  # brouillon\n")
    assert line == "- {date: 2026-09-26, type: plan, instalments: [{due: 2026-10-15, amount: 900.00}], signed: true}"


from hypothesis import given, settings, strategies as st  # noqa: E402

from dossier.records.yamlsrc import load_yaml  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(days=st.lists(st.integers(0, 40), min_size=0, max_size=6), new=st.integers(0, 40),
       style=st.sampled_from(["flow", "block", "list"]), indent=st.integers(0, 4), gap=st.integers(1, 3))
def test_an_event_lands_after_those_of_its_date_and_nothing_else_moves(days, new, style, indent, gap):
    base = dt.date(2026, 1, 1)
    dates = [base + dt.timedelta(days=d) for d in sorted(days)]
    items = [{"date": d, "type": "call", "note": f"n{n}"} for n, d in enumerate(dates)]
    pad = " " * indent
    if style == "flow":
        body = "".join(f"{pad}-{' ' * gap}{{date: {i['date']}, type: call, note: {i['note']}}}  # c\n" for i in items)
    elif style == "block":
        body = "".join(f"{pad}-{' ' * gap}date: {i['date']}\n{pad} {' ' * gap}type: call\n{pad} {' ' * gap}note: {i['note']}\n"
                       for i in items)
    else:
        body = ""
    text = "debtor: {name: X}\n" + ("events:\n" + body if style != "list" else
                                    "events: [" + ", ".join(f"{{date: {i['date']}, type: call, note: {i['note']}}}" for i in items) + "]\n") \
        + "# fin\ncourt: Y\n"
    event = {"date": base + dt.timedelta(days=new), "type": "payment", "amount": Decimal("1.00")}
    out = load_yaml(insert_event(text, event))
    assert not out.errors
    at = sum(1 for d in dates if d <= event["date"])
    assert out.data["events"] == items[:at] + [event] + items[at:]
    assert {k: v for k, v in out.data.items() if k != "events"} == {"debtor": {"name": "X"}, "court": "Y"}


def test_the_log_says_an_inserted_payment_a_receipt_and_a_qualification_as_what_happened(repo: GitRepo):   # noqa: F811
    from dossier.history import caselog

    sent = {"date": dt.date(2026, 4, 17), "type": "sent", "step": "mise_en_demeure"}
    assert record_event(repo.path, "2026-014", sent, today=dt.date(2026, 11, 28))[0]
    changes = [{"date": dt.date(2026, 3, 15), "type": "payment", "amount": Decimal("250.00")},
               {"type": "receipt", "step": "mise_en_demeure", "date": dt.date(2026, 4, 19)},
               {"type": "qualify", "qualification": "oubli"}]
    ok, messages = record_changes(repo.path, "2026-014", changes, today=dt.date(2026, 11, 28))
    assert messages == [f"{repo.head()[:7]} record(2026-014-dupont): payment 250.00 on 2026-03-15; "
                        "receipt mise_en_demeure on 2026-04-19; qualify oubli"]
    log = caselog.case_log(repo.path, "2026-014-dupont")
    assert [e.summaries for e in log[:2]] == [
        ("debtor's qualification: — → mere oversight", "payment of €250.00 recorded on 2026-03-15",
         "sending of 2026-04-17 corrected: date of receipt: — → 2026-04-19"),
        ("formal notice sent on 2026-04-17",)]
    set_language("fr")   # the command line's default
    log = caselog.case_log(repo.path, "2026-014-dupont")
    assert [e.summaries for e in log[:2]] == [
        ("qualification du débiteur\u00a0: — → simple oubli", "paiement de 250,00\u00a0€ enregistré le 15/03/2026",
         "envoi du 17/04/2026 corrigé\u00a0: date de réception\u00a0: — → 19/04/2026"),
        ("mise en demeure envoyée le 17/04/2026",)]

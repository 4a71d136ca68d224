"""`dossier record`: a text-level append that keeps the file as written, validated, atomic, committed."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest

from dossier.history.lock import LOCK_NAME
from dossier.history.record import commit_message, event_from_args, event_line, find_case, insert_event, record_event

from gitrepo import LOUISE, PAUL, GitRepo, isolated_env

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "history" / "hand-formatted.yaml"
PATH = "cases/2026-014-dupont.yaml"
PAYMENT = {"date": dt.date(2026, 11, 28), "type": "payment", "amount": Decimal("600.00"), "invoice": "F2026-031"}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> GitRepo:
    g = GitRepo(tmp_path / "claims")
    g.write(PATH, FIXTURE.read_bytes())
    g.commit("Dupont: ouverture", LOUISE, "2026-03-21T09:00:00+01:00")
    for k, v in isolated_env(PAUL, "2026-11-28T18:00:00+01:00").items():
        monkeypatch.setenv(k, v)
    return g


def state(g: GitRepo) -> tuple[bytes, str, str]:
    """The case file's bytes, the history and the status: what a refused call must leave as it was."""
    return (g.path / PATH).read_bytes(), g.git("log", "--format=%H %s"), g.git("status", "--porcelain")


def test_record_appends_keeps_every_other_byte_and_commits(repo: GitRepo):
    before = FIXTURE.read_bytes()
    ok, messages = record_event(repo.path, "2026-014", PAYMENT)
    assert ok, messages
    after = (repo.path / PATH).read_bytes()
    line = b"    -  {date: 2026-11-28, type: payment, amount: 600.00, invoice: F2026-031}\n"
    cut = before.index(b"    # appel pr")
    assert after == before[:cut] + line + before[cut:]
    assert repo.git("log", "-1", "--format=%an|%s%n%b") == (
        "Paul Girard|record(2026-014-dupont): payment 600.00 on 2026-11-28\n"
        "- {date: 2026-11-28, type: payment, amount: 600.00, invoice: F2026-031}\n\n")
    assert messages == [f"{repo.head()[:7]} record(2026-014-dupont): payment 600.00 on 2026-11-28"]
    assert repo.git("status", "--porcelain") == ""
    assert repo.git("show", "--stat", "--format=", "HEAD").strip().startswith(PATH)


def test_record_sent_with_tracking_and_author(repo: GitRepo):
    event, problems = event_from_args("sent", "mise_en_demeure", {"date": "2026-04-17", "tracking": "1A 234 567 8901 2", "received": None})
    assert problems == []
    ok, messages = record_event(repo.path, "2026-014-dupont", event, author="Louise Martin <louise@atelier-martin.fr>")
    assert ok, messages
    text = (repo.path / PATH).read_text(encoding="utf-8")
    assert '    -  {date: 2026-04-17, type: sent, step: mise_en_demeure, tracking: "1A 234 567 8901 2"}\n    # appel' in text
    assert repo.log()[0] == "Louise Martin|record(2026-014-dupont): sent mise_en_demeure on 2026-04-17"


def test_refused_when_uncommitted_invalid_or_unknown(repo: GitRepo):
    (repo.path / PATH).write_bytes(FIXTURE.read_bytes() + b"# brouillon\n")
    kept = state(repo)
    assert record_event(repo.path, "2026-014", PAYMENT) == (
        False, [f"{PATH}: has uncommitted changes; commit or discard them first (record commits the case file alone)"])
    assert state(repo) == kept
    repo.git("checkout", "--", PATH)
    kept = state(repo)
    typo = {"date": dt.date(2026, 11, 28), "type": "sent", "step": "mise_en_demeur"}
    ok, messages = record_event(repo.path, "2026-014", typo)
    assert not ok
    assert messages[0] == f"{PATH}: the event was not recorded; the result would not validate:"
    assert messages[1:] == [f'{PATH}:21:45: events[2].step: scenario "standard" has no step "mise_en_demeur"; '
                            'did you mean "mise_en_demeure"?']
    assert state(repo) == kept
    wrong = {"date": dt.date(2026, 11, 28), "type": "payment", "amount": Decimal("10.00"), "invoice": "F9999"}
    ok, messages = record_event(repo.path, "2026-014", wrong)
    assert not ok and "F9999" in messages[1]
    assert state(repo) == kept
    assert record_event(repo.path, "2027", PAYMENT) == (False, [f'no case "2027" in {repo.path / "cases"}'])


def test_refused_while_another_record_holds_the_lock(repo: GitRepo):
    lock = repo.path / ".git" / LOCK_NAME
    holder = subprocess.Popen(["sleep", "30"])   # a live process holds the lock
    try:
        lock.write_text(f"{holder.pid}\n")
        kept = state(repo)
        started = time.monotonic()
        ok, messages = record_event(repo.path, "2026-014", PAYMENT, wait=0.3)
        assert not ok and time.monotonic() - started >= 0.3
        assert messages == [f"another `dossier record` (process {holder.pid}) holds the repository's lock ({lock}); "
                            "nothing was written; try again"]
        assert state(repo) == kept and lock.read_text() == f"{holder.pid}\n"
    finally:
        holder.kill()
        holder.wait()
    lock.write_text(f"{os.getppid()}\n")   # alive too (pytest's parent), but the lock is very old: taken over
    old = time.time() - 3600
    os.utime(lock, (old, old))   # a crashed call's lock: taken over
    ok, _ = record_event(repo.path, "2026-014", PAYMENT, wait=0.3)
    assert ok and not lock.exists()


def _record_three(args) -> list[bool]:
    root, worker = args
    out = []
    for n in range(3):
        event = {"date": dt.date(2026, 11, 28), "type": "payment", "amount": Decimal("10.00"),
                 "reference": f"W{worker}-{n}"}
        out.append(record_event(Path(root), "2026-014", event)[0])
    return out


def test_parallel_records_lose_no_event(repo: GitRepo):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        results = pool.map(_record_three, [(str(repo.path), w) for w in range(4)])
    assert results == [[True] * 3] * 4
    text = (repo.path / PATH).read_text(encoding="utf-8")
    refs = sorted(f"W{w}-{n}" for w in range(4) for n in range(3))
    assert sorted(r for r in refs if f"reference: {r}}}" in text) == refs
    assert len(repo.log()) == 1 + 12
    assert repo.git("status", "--porcelain") == ""
    from dossier.records.load import load_repository
    loaded, issues = load_repository(repo.path)
    assert loaded is not None, [str(i) for i in issues]
    assert len(loaded.cases[0].events) == 2 + 12


@pytest.mark.parametrize("text, expected", [
    ("debtor: {name: X}\n", "debtor: {name: X}\nevents:\n  - {date: 2026-11-28, type: payment, amount: 600.00}\n"),
    ("a: 1\ninvoices:\n- x\n", "a: 1\ninvoices:\n- x\nevents:\n- {date: 2026-11-28, type: payment, amount: 600.00}\n"),
    ("events:  # rien\nb: 1\n", "events:  # rien\n  - {date: 2026-11-28, type: payment, amount: 600.00}\nb: 1\n"),
    ("events: ~ # rien\n", "events: # rien\n  - {date: 2026-11-28, type: payment, amount: 600.00}\n"),
    # an empty flow list becomes a block list: one event a line, never the whole journal on one line
    ("events: []\n", "events:\n  - {date: 2026-11-28, type: payment, amount: 600.00}\n"),
    ("events: [ ]  # rien\nb: 1", "events:  # rien\n  - {date: 2026-11-28, type: payment, amount: 600.00}\nb: 1"),
    ("events: [\n]\nb: 1\n", "events:\n  - {date: 2026-11-28, type: payment, amount: 600.00}\nb: 1\n"),
    ("a:\n    - x\nevents: []", "a:\n    - x\nevents:\n    - {date: 2026-11-28, type: payment, amount: 600.00}\n"),
    ("events: []\r\nb: 1\r\n", "events:\r\n  - {date: 2026-11-28, type: payment, amount: 600.00}\r\nb: 1\r\n"),
    ("events: [{date: 2026-01-01, type: dispute}]  # x\n",
     "events: [{date: 2026-01-01, type: dispute}, {date: 2026-11-28, type: payment, amount: 600.00}]  # x\n"),
    ("events:\n- date: 2026-01-01\n  type: dispute\n\n# fin\n",
     "events:\n- date: 2026-01-01\n  type: dispute\n- date: 2026-11-28\n  type: payment\n  amount: 600.00\n\n# fin\n"),
    ("events:\n  - date: 2026-01-01\n    type: call\n    note: |\n      rappeler\n      lundi\n\ncourt: TC Lyon\n",
     # a block scalar owns the blank lines after it: the item comes after them, the note stays the same
     "events:\n  - date: 2026-01-01\n    type: call\n    note: |\n      rappeler\n      lundi\n\n"
     "  - date: 2026-11-28\n    type: payment\n    amount: 600.00\ncourt: TC Lyon\n"),
    ("events:\r\n  - {date: 2026-01-01, type: dispute}",
     "events:\r\n  - {date: 2026-01-01, type: dispute}\r\n  - {date: 2026-11-28, type: payment, amount: 600.00}"),
])
def test_append_styles(text: str, expected: str):
    assert insert_event(text, {"date": dt.date(2026, 11, 28), "type": "payment", "amount": Decimal("600")}) == expected


EMPTY_FLOW_JOURNAL = b"""\
debtor:
  name: Dupont R\xc3\xa9novation SARL
  kind: professional
  address: [12 rue des Lilas, 69003 Lyon]
invoices:
  - {number: F2026-031, date: 2026-02-01, due: 2026-03-03, amount: 4800.00}
events: []   # \xc3\xa0 compl\xc3\xa9ter
court: Tribunal de commerce de Lyon
"""


def test_two_records_on_an_empty_flow_journal_write_one_event_a_line(repo: GitRepo):
    repo.write(PATH, EMPTY_FLOW_JOURNAL)
    repo.commit("Dupont: journal vide", LOUISE, "2026-03-21T10:00:00+01:00")
    sent = {"date": dt.date(2026, 3, 9), "type": "sent", "step": "relance_informelle"}
    assert record_event(repo.path, "2026-014", sent)[0]
    assert record_event(repo.path, "2026-014", PAYMENT)[0]
    assert (repo.path / PATH).read_bytes() == EMPTY_FLOW_JOURNAL.replace(
        b"events: []   # \xc3\xa0 compl\xc3\xa9ter\n",
        b"events:   # \xc3\xa0 compl\xc3\xa9ter\n"
        b"  - {date: 2026-03-09, type: sent, step: relance_informelle}\n"
        b"  - {date: 2026-11-28, type: payment, amount: 600.00, invoice: F2026-031}\n")
    assert repo.git("log", "--format=%s", "-2").splitlines() == [
        "record(2026-014-dupont): payment 600.00 on 2026-11-28",
        "record(2026-014-dupont): sent relance_informelle on 2026-03-09"]


def test_event_from_args():
    assert event_from_args("payment", "600,5", {"date": "2026-11-28", "invoice": "F2026-031"}) == (
        {"type": "payment", "amount": Decimal("600.50"), "date": dt.date(2026, 11, 28), "invoice": "F2026-031"}, [])
    assert event_from_args("payment", "6OO", {"date": "2026-11-28"}) == (
        None, ['--amount: expected an amount in euros such as 600.00, got "6OO"'])
    assert event_from_args("sent", "relance_ferme", {"date": "28/11/2026"}) == (
        None, ['--date: expected a date (YYYY-MM-DD), got "28/11/2026"'])
    assert event_from_args("refund", None, {})[1] == [
        'unknown event type "refund"; expected one of: sent, payment, call, promise, dispute, dispute_resolved, plan, '
        "acknowledgment, insolvency, filed, order, served, opposition, closed, credit_note "
        "(or a change to what is written: receipt STEP, sign-plan, qualify QUALIFICATION)"]
    assert event_from_args("dispute", "x", {"date": "2026-11-28"}) == (None, ['dispute: takes no positional value, got "x"'])
    event, _ = event_from_args("plan", None, {"date": "2026-11-28", "signed": True, "instalments": "2026-12-31:500,2027-01-31:500.00"})
    assert commit_message("x", [event], [event_line(event)]) == (
        "record(x): plan on 2026-11-28\n\n"
        "- {date: 2026-11-28, type: plan, instalments: [{due: 2026-12-31, amount: 500.00}, {due: 2027-01-31, amount: 500.00}], signed: true}\n")
    event, _ = event_from_args("call", "promise", {"date": "2026-11-28", "note": 'dit "fin du mois", rappeler'})
    assert commit_message("x", [event], [event_line(event)]).splitlines()[2] == \
        '- {date: 2026-11-28, type: call, outcome: promise, note: "dit \\"fin du mois\\", rappeler"}'


def test_find_case_prefix(repo: GitRepo):
    repo.write("cases/2026-015-durand.yaml", "x")
    repo.write("cases/2026-016-commune/dossier.yaml", "x")
    assert find_case(repo.path, "2026-014") == (PATH, "2026-014-dupont")
    assert find_case(repo.path, "2026-016") == ("cases/2026-016-commune/dossier.yaml", "2026-016-commune")
    assert find_case(repo.path, "2026-01") == (None, 'case id "2026-01" is ambiguous: 2026-014-dupont, 2026-015-durand, 2026-016-commune')


def test_failed_commit_puts_the_file_back(repo: GitRepo):
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'refusé par la règle du cabinet' >&2\nexit 1\n")
    hook.chmod(0o755)
    kept = state(repo)
    ok, messages = record_event(repo.path, "2026-014", PAYMENT)
    assert not ok
    assert messages[0].startswith(f"{PATH}: the commit failed, the file is unchanged: ")
    assert "refusé par la règle du cabinet" in messages[0]
    assert state(repo) == kept
    assert not (repo.path / ".git" / LOCK_NAME).exists()


def test_cli_record(repo: GitRepo, monkeypatch):
    from click.testing import CliRunner

    from dossier.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795860000")   # 2026-11-28: the default --date
    runner = CliRunner()
    result = runner.invoke(main, ["record", "2026-014", "payment", "600.00", "--invoice", "F2026-031", "--repo", str(repo.path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{repo.head()[:7]} record(2026-014-dupont): payment 600.00 on 2026-11-28\n"
    assert (repo.path / PATH).read_bytes().count(b"{date: 2026-11-28, type: payment, amount: 600.00, invoice: F2026-031}") == 1
    result = runner.invoke(main, ["record", "2026-014", "sent", "mise_en_demeur", "--date", "2026-04-17", "--repo", str(repo.path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{PATH}: the event was not recorded; the result would not validate:"
    result = runner.invoke(main, ["record", "2026-014", "payment", "--received", "hier", "--repo", str(repo.path)])
    assert (result.exit_code, result.stderr) == (2, '--received: expected a date (YYYY-MM-DD), got "hier"\n')


from hypothesis import given, settings, strategies as st  # noqa: E402

from dossier.records.yamlsrc import load_yaml  # noqa: E402

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(reference=_TEXT, note=_TEXT, style=st.sampled_from([0, 1, 2, 3]))
def test_any_text_reads_back_as_written(reference: str, note: str, style: int):
    """Whatever the user types, the appended line reads back as the same values, and nothing else moves."""
    texts = [
        FIXTURE.read_text(encoding="utf-8"),
        "debtor: {name: X}\n",
        "events: [{date: 2026-01-01, type: dispute}]\n",
        "events:\n- date: 2026-01-01\n  type: dispute\n# fin\n",
    ]
    text = texts[style]
    before = load_yaml(text).data.get("events") or []
    event = {"date": dt.date(2026, 11, 28), "type": "payment", "amount": Decimal("12.30"), "reference": reference, "note": note}
    new = insert_event(text, event)
    doc = load_yaml(new)
    assert not doc.errors
    events = doc.data["events"]
    assert events[:-1] == before
    assert events[-1] == {"date": dt.date(2026, 11, 28), "type": "payment", "amount": Decimal("12.30"),
                          "reference": reference, "note": note}
    assert {k: v for k, v in doc.data.items() if k != "events"} == {k: v for k, v in load_yaml(text).data.items() if k != "events"}


def test_refused_when_the_case_was_never_committed(repo: GitRepo):
    repo.write("cases/2026-015-durand.yaml", FIXTURE.read_text(encoding="utf-8").replace("F2026-031", "F2026-040"))
    kept = (repo.path / "cases/2026-015-durand.yaml").read_bytes()
    assert record_event(repo.path, "2026-015", PAYMENT | {"invoice": "F2026-040"}) == (
        False, ["cases/2026-015-durand.yaml: is not committed yet; commit it first (record commits the case file alone)"])
    assert (repo.path / "cases/2026-015-durand.yaml").read_bytes() == kept

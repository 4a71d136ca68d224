"""Loading a claims repository: every case validated, every message pinned with its file, line and field."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.records.config import load_project
from dossier.records.errors import Source
from dossier.records.load import case_files, load_case_text, load_repository
from dossier.records.model import EVENT_TYPES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "load"
VALID = FIXTURES / "valid"


def messages(issues) -> list[str]:
    return [str(i) for i in issues]


def check(name: str) -> list[str]:
    repo, issues = load_repository(FIXTURES / name)
    assert repo is None
    return messages(issues)


@pytest.fixture(scope="module")
def project():
    p, issues = load_project(VALID)
    assert issues == []
    return p


def case(text: str, project, path: str = "cases/x.yaml", root: Path = VALID):
    return load_case_text(text, path, project, root)


MINIMAL = "debtor: {name: Alpha SARL, kind: professional}\ninvoices:\n  - {number: F1, date: 2026-02-01, due: 2026-03-03, amount: 100.00}\n"


# --- the valid repository ---------------------------------------------------

def test_the_valid_repository_loads_every_case_sorted_by_id():
    repo, issues = load_repository(VALID)
    assert issues == []
    assert [c.id for c in repo.cases] == ["2026-014-dupont", "2026-017-leroy", "2026-020-mairie-villeurbanne"]
    assert [(c.path, c.folder) for c in repo.cases] == [
        ("cases/2026-014-dupont.yaml", "cases"),
        ("cases/2026-017-leroy.yaml", "cases"),
        ("cases/2026-020-mairie-villeurbanne/dossier.yaml", "cases/2026-020-mairie-villeurbanne"),
    ]


def test_the_format_example_case_becomes_these_records():
    repo, _ = load_repository(VALID)
    c = repo.case("2026-014-dupont")
    d = c.debtor
    assert (d.name, d.kind, d.siren, d.address, d.email, d.contact, d.qualification) == (
        "Dupont Rénovation SARL", "professional", "812345676", ("12 rue des Lilas", "69003 Lyon"),
        "compta@dupont-renovation.fr", "Mme Claire Dupont", "oubli")
    assert d.source == Source("cases/2026-014-dupont.yaml", 2, 3)
    assert (c.creditor, c.scenario, c.court) == ("default", "standard", None)
    assert (c.contract.kind, c.contract.date, c.contract.pieces) == ("devis_signe", dt.date(2026, 1, 10), ("cases/pieces/devis-2026-003.pdf",))
    assert (c.interest.rate, c.interest.indemnity) == (None, True)
    [inv] = c.invoices
    assert (inv.number, inv.date, inv.due, inv.amount, inv.piece, inv.delivered) == (
        "F2026-031", dt.date(2026, 2, 1), dt.date(2026, 3, 3), Decimal("4800.00"), "cases/pieces/F2026-031.pdf", None)
    assert inv.source == Source("cases/2026-014-dupont.yaml", 19, 5)
    assert [(e.date, e.type, e.step, e.amount, e.invoice, e.reference, e.outcome, e.note, e.tracking, e.received) for e in c.events] == [
        (dt.date(2026, 3, 9), "sent", "relance_informelle", None, None, None, None, None, None, None),
        (dt.date(2026, 3, 20), "payment", None, Decimal("1000.00"), "F2026-031", "VIR 20/03", None, None, None, None),
        (dt.date(2026, 3, 25), "call", None, None, None, None, "promise", "promet un virement fin mars", None, None),
        (dt.date(2026, 4, 17), "sent", "mise_en_demeure", None, None, None, None, None, "1A 234 567 8901 2", dt.date(2026, 4, 19)),
    ]
    assert [e.source.line for e in c.events] == [25, 26, 27, 28]


def test_a_consumer_case_with_a_plan_a_contractual_rate_and_a_text_address():
    repo, _ = load_repository(VALID)
    c = repo.case("2026-017-leroy")
    assert c.debtor.address == ("8 impasse des Tilleuls", "38000 Grenoble")
    assert c.debtor.birth == "né le 3 mars 1980 à Lyon"
    assert (c.interest.rate, c.interest.indemnity) == (Decimal("12.5"), False)
    assert [(i.number, i.amount, i.delivered) for i in c.invoices] == [
        ("F2026-040", Decimal("1250"), dt.date(2026, 2, 27)), ("41", Decimal("310.5"), None)]
    plan = c.events_of("plan")[0]
    assert plan.signed is True
    assert [(x.due, x.amount, x.source.line) for x in plan.instalments] == [
        (dt.date(2026, 5, 31), Decimal("600.00"), 21), (dt.date(2026, 6, 30), Decimal("650.00"), 22), (dt.date(2026, 7, 31), Decimal("310.50"), 23)]
    promise = c.events_of("promise")[0]
    assert (promise.until, promise.amount, promise.invoice) == (dt.date(2026, 6, 15), Decimal("600.00"), "F2026-040")
    assert c.scenario == "court"


def test_a_folder_case_resolves_its_pieces_from_its_own_folder():
    repo, _ = load_repository(VALID)
    c = repo.case("2026-020-mairie-villeurbanne")
    assert c.debtor.siren == "216902643"   # written "216 902 643"
    assert c.contract.pieces == ("cases/2026-020-mairie-villeurbanne/pieces/bc-2025-118.pdf",)
    assert c.invoices[0].piece == "cases/2026-020-mairie-villeurbanne/pieces/F2025-118.pdf"
    assert c.events[2].piece == "cases/2026-020-mairie-villeurbanne/pieces/ar-2026-02.pdf"
    assert c.scenario is None and c.interest is None


# --- one mini repository per kind of bad input ------------------------------

def test_unknown_missing_and_malformed_fields():
    assert check("bad-fields") == [
        'cases/fields.yaml:3:9: debtor.kind: expected professional, consumer or public, got "pro"',
        'cases/fields.yaml:4:3: debtor.adress: unknown field; did you mean "address"?',
        'cases/fields.yaml:5:10: debtor.siren: expected a SIREN of 9 digits, got "81234567"',
        'cases/fields.yaml:6:10: debtor.email: expected an email address, got "compta-at-dupont.fr"',
        'cases/fields.yaml:7:18: debtor.qualification: expected oubli, negligence, administratif, contestation, mauvaise_foi, difficulte_passagere, situation_preoccupante or insolvabilite, got "distrait"',
        'cases/fields.yaml:9:9: contract.kind: expected devis_signe, bon_de_commande, contrat, cgv or aucun, got "devis"',
        'cases/fields.yaml:10:9: contract.date: expected a date (YYYY-MM-DD), got "10/01/2026"',
        'cases/fields.yaml:12:9: interest.rate: expected "legal" or an annual rate such as "12%", got "douze"',
        'cases/fields.yaml:13:14: interest.indemnity: expected true or false, got "oui"',
        'cases/fields.yaml:17:10: invoices[0].due: expected a date (YYYY-MM-DD), got "31/03/2026"',
        'cases/fields.yaml:18:13: invoices[0].amount: expected an amount in euros such as 1234.56, got "4800,00"',
        'cases/fields.yaml:20:11: invoices[1].date: expected a real date, got "2026-02-30"',
        'cases/fields.yaml:22:13: invoices[1].amount: expected an amount with at most two decimals, got 12.345',
        'cases/fields.yaml:23:5: invoices[2]: missing required field "number"',
        'cases/fields.yaml:24:10: invoices[2].due: expected a date on or after the invoice date 2026-02-01, got 2026-01-01',
        'cases/fields.yaml:25:13: invoices[2].amount: expected an amount greater than 0, got -5',
        'cases/fields.yaml:26:48: invoices[3].due: expected a date on or after the invoice date 2026-03-01, got 2026-02-01',
        'cases/fields.yaml:26:68: invoices[3].amount: expected an amount greater than 0, got 0',
        'cases/fields.yaml:27:1: colour: unknown field; did you mean "court"?',
    ]


def test_events_order_steps_types_and_fields_per_type():
    assert check("bad-events") == [
        'cases/events.yaml:2:23: warning: interest.indemnity: ignored: a consumer owes no recovery indemnity (C. com. L441-10, CPCE L111-8)',
        'cases/events.yaml:6:42: events[0].step: scenario "consommateur" (routing rule 2) has no step "relance_infomelle"; did you mean "relance_informelle"?',
        'cases/events.yaml:7:12: events[1].date: expected a date on or after 2026-03-10 (events are written oldest first), got 2026-03-05',
        'cases/events.yaml:7:63: events[1].invoice: no invoice "F9" in this case (invoices: F1)',
        'cases/events.yaml:8:5: events[2]: missing required field "amount"',
        "cases/events.yaml:9:69: events[3].received: expected a date on or after the event's date 2026-03-21, got 2026-03-19",
        'cases/events.yaml:9:81: events[3].amount: a "sent" event has no field "amount" (its fields: channel, date, files, note, piece, received, reference, step, tracking, type, unclaimed)',
        'cases/events.yaml:10:30: events[4].type: expected sent, payment, call, promise, dispute, dispute_resolved, plan, acknowledgment, insolvency, filed, order, served, opposition, closed or credit_note, got "relance"',
        'cases/events.yaml:11:50: events[5].instalments[0]: missing required field "amount"',
        'cases/events.yaml:12:53: events[6].procedure: expected sauvegarde, redressement or liquidation, got "faillite"',
        'cases/events.yaml:13:5: events[7]: missing required field "until"',
        'cases/events.yaml:14:46: events[8].reason: expected paid, written_off or settled, got "abandoned"',
        'cases/events.yaml:15:45: events[9].outcome: expected promise, dispute, no_answer, message, refusal, paid or other, got "maybe"',
        'cases/events.yaml:15:52: events[9].nite: unknown field; did you mean "note"?',
        "cases/events.yaml:16:46: events[10].until: expected a date on or after the event's date 2026-03-28, got 2026-03-01",
        'cases/events.yaml:17:5: events[11]: missing required field "date"',
    ]


def test_invoice_numbers_are_unique_per_creditor_across_case_files_and_case_ids_are_unique():
    assert check("bad-duplicates") == [
        'cases/a.yaml:3:14: invoices[0].number: invoice number "F1" of creditor "default" is also used in cases/b.yaml:4:14',
        'cases/a.yaml:5:14: invoices[2].number: duplicate invoice number "F2" (also invoices[1])',
        'cases/b.yaml:4:14: invoices[1].number: invoice number "F1" of creditor "default" is also used in cases/a.yaml:3:14',
        'cases/c/dossier.yaml:3:14: invoices[0].number: invoice number "F4" of creditor "default" is also used in cases/d/dossier.yaml:3:14',
        'cases/d.yaml: case "d" is also written in cases/d/dossier.yaml',
        'cases/d/dossier.yaml:3:14: invoices[0].number: invoice number "F4" of creditor "default" is also used in cases/c/dossier.yaml:3:14',
    ]


def test_the_same_invoice_number_for_two_creditors_is_fine(tmp_path: Path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "dossier.yaml").write_text("creditors:\n  a: {name: A}\n  b: {name: B}\n", encoding="utf-8")
    (tmp_path / "cases" / "x.yaml").write_text("creditor: a\n" + MINIMAL, encoding="utf-8")
    (tmp_path / "cases" / "y.yaml").write_text("creditor: b\n" + MINIMAL, encoding="utf-8")
    repo, issues = load_repository(tmp_path)
    assert issues == []
    assert [(c.id, c.creditor) for c in repo.cases] == [("x", "a"), ("y", "b")]


def test_pieces_must_exist_and_stay_inside_the_repository():
    assert check("bad-pieces") == [
        'cases/pieces.yaml:4:49: contract.pieces[2]: no such file: cases/pieces/missing.pdf',
        'cases/pieces.yaml:4:69: contract.pieces[3]: expected a path inside the repository, got "../../secret.pdf" (it leaves the repository)',
        'cases/pieces.yaml:4:87: contract.pieces[4]: expected a relative path with / separators inside the repository, got "/etc/passwd"',
        'cases/pieces.yaml:4:100: contract.pieces[5]: expected a file, got a folder: cases/pieces/folder',
        'cases/pieces.yaml:6:76: invoices[0].piece: expected a relative path with / separators inside the repository, got "pieces\\\\ok.pdf"',
        'cases/pieces.yaml:8:69: events[0].piece: expected the path of a file, got 42',
    ]


def test_a_symlinked_piece_or_case_that_leaves_the_repository_is_refused_unread(tmp_path: Path):
    repo = tmp_path / "claims"
    shutil.copytree(VALID, repo)
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 secret")
    os.symlink(secret, repo / "cases" / "pieces" / "lien.pdf")
    os.symlink(tmp_path / "outside.yaml", repo / "cases" / "z-outside.yaml")
    (tmp_path / "outside.yaml").write_text(MINIMAL, encoding="utf-8")
    case_file = repo / "cases" / "2026-014-dupont.yaml"
    case_file.write_text(case_file.read_text(encoding="utf-8").replace("[pieces/devis-2026-003.pdf]", "[pieces/lien.pdf]"), encoding="utf-8")
    _, issues = load_repository(repo)
    assert messages(issues) == [
        'cases/2026-014-dupont.yaml:14:12: contract.pieces[0]: expected a path inside the repository, got "pieces/lien.pdf" (a link that leaves the repository)',
        "cases/z-outside.yaml: expected a file inside the repository, got a link that leaves it (not read)",
    ]


def test_yaml_syntax_errors_have_their_line():
    assert check("bad-syntax") == [
        'cases/broken.yaml:6:7: YAML syntax error: in the mapping opened with "{" on line 5: expected "," or "}", got ":" '
        '(is a "}" missing?)']


def test_an_empty_file_and_a_file_that_is_not_a_mapping():
    assert check("bad-empty") == ["cases/empty.yaml:1:1: empty file: expected a case (debtor, invoices, events…)"]
    assert check("bad-not-mapping") == ["cases/list.yaml:1:1: expected a mapping of fields (debtor, invoices, events…), got a list"]


def test_a_file_that_is_not_utf8():
    assert check("bad-encoding") == ["cases/latin1.yaml:2:13: expected UTF-8 text, got the byte 0xe9 (save the file as UTF-8)"]


def test_unknown_creditor_and_scenario_and_a_missing_creditor_when_there_are_several():
    assert check("bad-references") == [
        'cases/nocreditor.yaml:1:1: missing required field "creditor" (dossier.yaml has several creditors: martin or morel)',
        'cases/refs.yaml:2:11: creditor: no creditor "martine" in dossier.yaml; did you mean "martin"?',
        'cases/refs.yaml:3:11: scenario: no scenario "rapid"; did you mean "rapide"?',
    ]


def test_garbage_is_reported_never_raised():
    assert check("bad-garbage") == [
        'cases/binary.yaml:2:1: expected text, got the control character U+0001 (is this a binary file?)',
        "cases/garbage.yaml:1:9: debtor: expected the debtor's fields (name, kind, address…), got 42",
        'cases/garbage.yaml:2:11: creditor: expected text, got a list',
        'cases/garbage.yaml:4:11: contract: expected the contract\'s fields (kind, date, pieces), got "signé"',
        'cases/garbage.yaml:5:11: interest: expected interest terms (rate, indemnity), got a list',
        'cases/garbage.yaml:7:5: invoices[0]: expected an invoice (number, date, due, amount…), got nothing',
        'cases/garbage.yaml:8:5: invoices[1]: expected an invoice (number, date, due, amount…), got 7',
        'cases/garbage.yaml:9:5: invoices[2]: expected an invoice (number, date, due, amount…), got a list',
        'cases/garbage.yaml:10:14: invoices[3].number: expected text, got a mapping',
        'cases/garbage.yaml:10:28: invoices[3].date: expected a date (YYYY-MM-DD), got "2026-02-01 10:00"',
        'cases/garbage.yaml:10:51: invoices[3].due: expected a date (YYYY-MM-DD), got true',
        'cases/garbage.yaml:10:65: invoices[3].amount: expected an amount in euros such as 1234.56, got ".inf"',
        'cases/garbage.yaml:11:9: events: expected a list of events, got a mapping',
        'cases/garbage.yaml:13:3: expected a plain key',
        'cases/null.yaml:1:1: empty file: expected a case (debtor, invoices, events…)',
        'cases/number.yaml:1:1: expected a mapping of fields (debtor, invoices, events…), got 42',
    ]


def test_a_bad_project_file_stops_before_the_cases():
    repo, issues = load_repository(FIXTURES / "bad-project")
    assert repo is None
    assert {i.source.path for i in issues} == {"dossier.yaml"}


# --- single cases from text (`dossier record` validates this way) ----------

def test_load_case_text_returns_the_case_and_names_the_given_path(project):
    c, issues = case(MINIMAL, project, "cases/2026-099-alpha.yaml")
    assert issues == []
    assert (c.id, c.path, c.folder, c.creditor, c.source) == (
        "2026-099-alpha", "cases/2026-099-alpha.yaml", "cases", "default", Source("cases/2026-099-alpha.yaml", 1, 1))
    c, _ = case(MINIMAL, project, "cases/2026-099-alpha/dossier.yaml")
    assert (c.id, c.folder) == ("2026-099-alpha", "cases/2026-099-alpha")


def test_interest_rates_are_read_as_decimal_percent(project):
    def rate(written: str):
        c, issues = case(MINIMAL + f"interest: {{rate: {written}}}\n", project)
        return c.interest.rate if c else messages(issues)

    assert rate("legal") is None
    assert rate('"12%"') == Decimal("12")
    assert rate('"12,5 %"') == Decimal("12.5")
    assert rate("12") == Decimal("12")
    assert rate("9.75") == Decimal("9.75")
    assert rate('"150 %"') == ['cases/x.yaml:4:18: interest.rate: expected a rate above 0 % and below 100 %, got "150 %"']
    assert rate("0") == ["cases/x.yaml:4:18: interest.rate: expected a rate above 0 % and below 100 %, got 0"]


def test_lenient_spellings_users_write(project):
    text = (
        "debtor:\n  name: Alpha SARL\n  kind: professional\n  siren: 812345676\n  email: ~\n"
        "invoices:\n  - {number: 2026-17, date: '2026-02-01', due: 2026-03-03, amount: 100}\n"
    )
    c, issues = case(text, project)
    assert issues == []
    assert (c.debtor.siren, c.debtor.email) == ("812345676", None)
    assert (c.invoices[0].number, c.invoices[0].date, c.invoices[0].amount) == ("2026-17", dt.date(2026, 2, 1), Decimal("100"))


def test_a_required_field_written_empty_says_what_was_expected(project):
    c, issues = case("debtor: {name: Alpha, kind: professional}\ninvoices:\n  - {number: F1, date: 2026-02-01, due: , amount: 1.00}\n", project)
    assert c is None
    assert messages(issues) == ["cases/x.yaml:3:41: invoices[0].due: expected a date (YYYY-MM-DD), got nothing"]


def test_invoices_and_debtor_are_required_and_invoices_not_empty(project):
    assert messages(case("court: Tribunal de commerce de Lyon\n", project)[1]) == [
        'cases/x.yaml:1:1: missing required field "debtor"', 'cases/x.yaml:1:1: missing required field "invoices"']
    assert messages(case("debtor: {name: A, kind: consumer}\ninvoices: []\n", project)[1]) == [
        "cases/x.yaml:2:11: invoices: expected at least one of invoices, got an empty list"]


def test_a_step_of_the_case_own_scenario(project):
    text = MINIMAL + "scenario: court\nevents:\n  - {date: 2026-03-15, type: sent, step: relance_informelle}\n"
    assert messages(case(text, project)[1]) == [
        'cases/x.yaml:6:42: events[0].step: scenario "court" has no step "relance_informelle" (its steps: relance, mise_en_demeure or appel)']


def test_an_invalid_case_id(project):
    c, issues = case(MINIMAL, project, "cases/mon dossier.yaml")
    assert c is None
    assert messages(issues) == ['cases/mon dossier.yaml: a case id (the file or folder name) may use letters, digits, "_", "-" and "." only, got "mon dossier"']


def test_control_characters_inside_a_value_are_refused(project):
    c, issues = case('debtor: {name: "Alpha\\x07", kind: professional}\n' + MINIMAL.split("\n", 1)[1], project)
    assert messages(issues) == ["cases/x.yaml:1:16: debtor.name: expected text, got the control character U+0007"]


def test_case_files_lists_yaml_files_and_case_folders_and_warns_about_yml(tmp_path: Path):
    cases = tmp_path / "cases"
    (cases / "b-folder").mkdir(parents=True)
    (cases / "b-folder" / "dossier.yaml").write_text(MINIMAL, encoding="utf-8")
    (cases / "pieces").mkdir()
    (cases / "pieces" / "x.pdf").write_bytes(b"%PDF")
    (cases / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (cases / "c.yml").write_text(MINIMAL, encoding="utf-8")
    (cases / ".hidden.yaml").write_text(MINIMAL, encoding="utf-8")
    (cases / "notes.txt").write_text("x", encoding="utf-8")
    paths, issues = case_files(tmp_path)
    assert paths == ["cases/a.yaml", "cases/b-folder/dossier.yaml"]
    assert messages(issues) == ["cases/c.yml: warning: ignored: case files end in .yaml"]


def test_warnings_alone_keep_the_repository(tmp_path: Path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "dossier.yaml").write_text("creditor: {name: A, mediator: {name: M, website: \"https://m.fr\"}}\n", encoding="utf-8")
    (tmp_path / "cases" / "a.yaml").write_text(MINIMAL.replace("professional", "consumer") + "interest: {indemnity: true}\n", encoding="utf-8")
    repo, issues = load_repository(tmp_path)
    assert [c.id for c in repo.cases] == ["a"]
    assert messages(issues) == [
        "cases/a.yaml:4:23: warning: interest.indemnity: ignored: a consumer owes no recovery indemnity (C. com. L441-10, CPCE L111-8)"]


def test_a_repository_without_cases_folder_has_no_cases(tmp_path: Path):
    (tmp_path / "dossier.yaml").write_text("creditor: {name: A}\n", encoding="utf-8")
    repo, issues = load_repository(tmp_path)
    assert (repo.cases, issues) == ((), [])


# --- no input makes the loader raise ----------------------------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=12),
    st.sampled_from(["2026-02-30", "2026-03-03", "12%", "legal", "sent", "payment", "plan", "../x", "/etc/passwd", "F1"]),
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
)
_keys = st.sampled_from(["debtor", "invoices", "events", "name", "kind", "number", "date", "due", "amount", "type",
                         "step", "instalments", "interest", "rate", "contract", "pieces", "piece", "creditor", "scenario", "x"])
_data = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=6), max_leaves=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_data)
def test_any_yaml_structure_gives_issues_not_exceptions(project, data):
    text = yaml.safe_dump(data, allow_unicode=True)
    c, issues = case(text, project)
    assert c is not None or issues
    for issue in issues:
        assert issue.source.path == "cases/x.yaml"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_text_gives_issues_not_exceptions(project, text):
    c, issues = case(text, project)
    assert c is not None or issues


def test_unusable_piece_paths_are_issues_not_exceptions(project, tmp_path: Path):
    repo = tmp_path / "claims"
    shutil.copytree(VALID, repo)
    os.symlink("boucle.pdf", repo / "cases" / "pieces" / "boucle.pdf")

    def piece(path: str) -> list[str]:
        text = MINIMAL.replace("amount: 100.00}", f'amount: 100.00, piece: "{path}"}}')
        return messages(load_case_text(text, "cases/x.yaml", project, repo)[1])

    assert piece("a\\0b") == ['cases/x.yaml:3:76: invoices[0].piece: expected the path of a file, got "a\\u0000b"']
    assert piece("a" * 300) == [f'cases/x.yaml:3:76: invoices[0].piece: cannot use the path "{"a" * 59}…": File name too long']
    assert len(piece("pieces/boucle.pdf")) == 1 and piece("pieces/boucle.pdf")[0].startswith(
        'cases/x.yaml:3:76: invoices[0].piece: cannot use the path "pieces/boucle.pdf": ')


EVERY_FIELD = """\
debtor:
  name: Perrin Agencements SAS
  kind: professional
  siren: "523456788"
  address: [ZI des Platières, 69440 Mornant]
  email: contact@perrin.example
  phone: "04 78 00 00 00"
  contact: M. Luc Perrin
  qualification: situation_preoccupante
  legal_form: SAS
  representative: M. Luc Perrin, président
  birth: ~
court: Tribunal de commerce de Lyon
invoices:
  - {number: F1, date: 2026-01-05, due: 2026-02-04, amount: 2000.00, delivered: 2025-12-20}
events:
  - {date: 2026-02-10, type: sent, step: relance_informelle, reference: R1, note: courriel, tracking: T1, received: 2026-02-11}
  - {date: 2026-02-12, type: call, outcome: promise, step: appel}
  - {date: 2026-02-13, type: promise, until: 2026-02-28, amount: 500.00, invoice: F1}
  - {date: 2026-03-01, type: dispute, invoice: F1}
  - {date: 2026-03-02, type: dispute_resolved, invoice: F1}
  - {date: 2026-03-03, type: acknowledgment, amount: 2000.00}
  - {date: 2026-03-04, type: plan, signed: false, instalments: [{due: 2026-03-31, amount: 1000.00}]}
  - {date: 2026-03-05, type: payment, amount: 100.00}
  - {date: 2026-03-06, type: credit_note, number: AV-2026-004, invoice: F1, amount: 200.00}
  - {date: 2026-04-01, type: filed, court: Tribunal de commerce de Lyon, step: injonction_de_payer, amount: 1900.00}
  - {date: 2026-04-20, type: order, court: Tribunal de commerce de Lyon, amount: 1900.00, reference: "IP 26/118"}
  - {date: 2026-04-25, type: served, tracking: "acte 118", court: Tribunal de commerce de Lyon}
  - {date: 2026-05-10, type: opposition, court: Tribunal de commerce de Lyon}
  - {date: 2026-05-15, type: insolvency, procedure: redressement, published: 2026-05-20, court: Tribunal de commerce de Lyon}
  - {date: 2026-06-01, type: closed, reason: written_off, piece: pieces/F2026-031.pdf}
"""


def test_every_field_of_every_event_type_reaches_the_records(project):
    c, issues = case(EVERY_FIELD, project)
    assert issues == []
    d = c.debtor
    assert (d.phone, d.legal_form, d.representative, d.birth, d.postcode, d.department) == (
        "04 78 00 00 00", "SAS", "M. Luc Perrin, président", None, "69440", "69")
    assert c.court == "Tribunal de commerce de Lyon"
    by_type = {e.type: e for e in c.events}
    assert sorted(by_type) == sorted(EVENT_TYPES)
    sent = by_type["sent"]
    assert (sent.reference, sent.note, sent.tracking, sent.received) == ("R1", "courriel", "T1", dt.date(2026, 2, 11))
    assert (by_type["call"].outcome, by_type["call"].step) == ("promise", "appel")
    assert (by_type["promise"].until, by_type["promise"].amount) == (dt.date(2026, 2, 28), Decimal("500.00"))
    assert by_type["dispute"].invoice == by_type["dispute_resolved"].invoice == "F1"
    assert by_type["acknowledgment"].amount == Decimal("2000.00")
    assert (by_type["plan"].signed, len(by_type["plan"].instalments)) == (False, 1)
    assert (by_type["payment"].amount, by_type["payment"].invoice) == (Decimal("100.00"), None)
    assert (by_type["credit_note"].number, by_type["credit_note"].invoice, by_type["credit_note"].amount) == ("AV-2026-004", "F1", Decimal("200.00"))
    assert (by_type["filed"].step, by_type["filed"].amount) == ("injonction_de_payer", Decimal("1900.00"))
    assert (by_type["order"].reference, by_type["served"].tracking, by_type["opposition"].court) == (
        "IP 26/118", "acte 118", "Tribunal de commerce de Lyon")
    ins = by_type["insolvency"]
    assert (ins.procedure, ins.published, ins.court) == ("redressement", dt.date(2026, 5, 20), "Tribunal de commerce de Lyon")
    assert (by_type["closed"].reason, by_type["closed"].piece) == ("written_off", "cases/pieces/F2026-031.pdf")


def test_a_sent_declaration_of_claim_is_a_known_step_in_every_scenario(tmp_path):
    # insolvency proceedings call for a declaration the ladder creates itself (C. com. L622-24)
    from dossier.records.config import read_project
    from dossier.records.load import load_case_text

    project, issues = read_project("creditor: {name: Atelier Martin SAS}\n", tmp_path)
    assert issues == []
    text = (
        "debtor: {name: Dupont SARL, kind: professional}\n"
        "invoices:\n  - {number: F1, date: 2026-02-01, due: 2026-03-03, amount: 100.00}\n"
        "events:\n"
        "  - {date: 2026-04-01, type: insolvency, procedure: redressement, published: 2026-04-01}\n"
        "  - {date: 2026-04-15, type: sent, step: declaration_creance}\n"
    )
    case, issues = load_case_text(text, "cases/x.yaml", project, tmp_path)
    assert [str(i) for i in issues] == []
    assert case.events[-1].step == "declaration_creance"


def test_what_was_sold_the_rate_clause_and_the_mandataire(project):
    text = (
        "debtor: {name: Alpha SARL, kind: professional}\n"
        "interest: {rate: 10%, clause: \"article 9 du contrat-cadre du 3 novembre 2025\"}\n"
        "invoices:\n"
        "  - {number: F1, date: 2026-02-01, due: 2026-03-03, amount: 100.00, description: \"fourniture et pose d'une cuisine\"}\n"
        "events:\n"
        "  - date: 2026-03-10\n    type: insolvency\n    procedure: redressement\n"
        "    mandataire: |\n      SELARL Bernard & Associés, mandataire judiciaire\n      12 rue de la Bourse\n      69002 Lyon\n"
    )
    c, issues = case(text, project)
    assert issues == []
    assert c.invoices[0].description == "fourniture et pose d'une cuisine"
    assert c.interest.clause == "article 9 du contrat-cadre du 3 novembre 2025"
    assert c.events[0].mandataire == ("SELARL Bernard & Associés, mandataire judiciaire", "12 rue de la Bourse", "69002 Lyon")
    c, issues = case(MINIMAL + "events:\n  - {date: 2026-03-10, type: dispute, invoice: F1, suspends_interest: true}\n", project)
    assert (issues, c.events[0].suspends_interest) == ([], True)
    assert messages(case(MINIMAL + "events:\n  - {date: 2026-03-10, type: dispute, suspends_interest: oui}\n", project)[1]) == [
        'cases/x.yaml:5:58: events[0].suspends_interest: expected true or false, got "oui"']
    bad = MINIMAL + "events:\n  - {date: 2026-03-10, type: payment, amount: 1.00, mandataire: X}\n  - {date: 2026-03-11, type: insolvency, procedure: liquidation, mandataire: \"\"}\n"
    assert messages(case(bad, project)[1]) == [
        'cases/x.yaml:5:53: events[0].mandataire: a "payment" event has no field "mandataire" (its fields: amount, date, invoice, note, piece, reference, transaction, type)',
        "cases/x.yaml:6:78: events[1].mandataire: expected a list of address lines, got an empty string",
    ]


# --- limits: size, anchors, nesting -----------------------------------------

def test_a_case_file_over_1_mb_is_refused_unread_and_at_once(tmp_path: Path):
    import time

    (tmp_path / "cases").mkdir()
    (tmp_path / "dossier.yaml").write_text("creditor: {name: A}\n", encoding="utf-8")
    (tmp_path / "cases" / "big.yaml").write_text(MINIMAL + "#" * (10 * 1024 * 1024) + "\n", encoding="utf-8")
    (tmp_path / "cases" / "edge.yaml").write_text(MINIMAL + "#" * (1_000_000 - len(MINIMAL) - 1) + "\n", encoding="utf-8")
    start = time.perf_counter()
    repo, issues = load_repository(tmp_path)
    assert time.perf_counter() - start < 1
    assert repo is None
    assert messages(issues) == ["cases/big.yaml:1:1: expected a file of at most 1 MB (1,000,000 bytes), got 10,485,886 bytes (not read)"]


def test_a_case_text_over_1_mb_is_refused_before_parsing(project):
    c, issues = case(MINIMAL + "# é" * 400_000 + "\n", project)
    assert c is None
    assert messages(issues) == ["cases/x.yaml:1:1: expected a file of at most 1 MB (1,000,000 bytes), got 1,600,126 bytes (not read)"]


def test_a_pipe_named_like_a_case_is_not_read(tmp_path: Path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "dossier.yaml").write_text("creditor: {name: A}\n", encoding="utf-8")
    os.mkfifo(tmp_path / "cases" / "pipe.yaml")
    _, issues = load_repository(tmp_path)
    assert messages(issues) == ["cases/pipe.yaml: expected a regular file, got something else (a folder, a pipe or a device: not read)"]


def test_anchors_aliases_and_deep_nesting_in_a_case_are_located(project):
    text = "debtor: &d {name: Alpha SARL, kind: professional}\ninvoices:\n  - {number: F1, date: 2026-02-01, due: 2026-03-03, amount: 100.00}\n"
    assert messages(case(text, project)[1]) == [
        'cases/x.yaml:1:9: expected a value written out, got the YAML anchor "&d" (anchors and aliases are not supported: write the value in full)']
    assert messages(case(MINIMAL + "events: " + "[" * 450 + "]" * 450 + "\n", project)[1]) == [
        "cases/x.yaml:4:72: expected at most 64 levels of lists and mappings inside one another, got more"]


# --- bounds on field values (issue 11: each of these crashed `build` after a green `check`) ----

def test_control_characters_emails_dates_amounts_out_of_bounds_are_located():
    assert check("bad-limits") == [
        'cases/emails.yaml:1:53: debtor.email: expected an ASCII local part (before the @) in an email address, got "élise@martin.fr"',
        'cases/idna.yaml:2:55: debtor.email: expected an email domain that can be written in ASCII (IDNA), got "contact@société-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"',
        'cases/limits.yaml:3:9: debtor.name: expected text on one line, got a line break (U+000A)',
        'cases/limits.yaml:6:12: debtor.address: expected text, got the control character U+0009',
        'cases/limits.yaml:7:10: debtor.phone: expected text on one line, got a line break (U+2029)',
        'cases/limits.yaml:8:12: debtor.contact: expected text, got the control character U+007F',
        'cases/limits.yaml:10:14: invoices[0].number: expected text on one line, got a line break (U+000A)',
        'cases/limits.yaml:10:47: invoices[0].due: expected a date between 1900-01-01 and 2200-12-31, got 9999-12-31',
        'cases/limits.yaml:10:67: invoices[0].amount: expected an amount below 1000000000 euros, got 1234567890123456789012345678901234567890',
        'cases/limits.yaml:11:24: invoices[1].date: expected a date between 1900-01-01 and 2200-12-31, got 1899-12-31',
        'cases/limits.yaml:11:61: invoices[1].amount: expected an amount below 1000000000 euros, got 1000000000.00',
        'cases/limits.yaml:11:89: invoices[1].description: expected text on one line, got a line break (U+000A)',
        'cases/limits.yaml:14:72: events[0].tracking: expected text on one line, got a line break (U+000D)',
        'cases/limits.yaml:14:92: events[0].reference: expected text on one line, got a line break (U+0085)',
        'cases/limits.yaml:16:60: events[2].note: expected text, got the control character U+0009',
        'cases/limits.yaml:20:12: events[3].court: expected text on one line, got a line break (U+000A)',
        'cases/limits.yaml:21:17: events[3].mandataire: expected text with plain new lines, got the line break U+2028',
    ]


def test_an_accented_email_domain_is_kept_idna_encoded_and_a_note_keeps_its_line_breaks(project):
    text = MINIMAL.replace("kind: professional}", "kind: professional, email: compta@dupont-rénovation.fr}") + (
        'events:\n  - {date: 2026-03-11, type: call, outcome: message, note: "rappeler lundi\\nà 10 h"}\n')
    c, issues = case(text, project)
    assert issues == []
    assert c.debtor.email == "compta@dupont-rénovation.fr"  # kept for letters; mail.py encodes it
    assert c.events[0].note == "rappeler lundi\nà 10 h"


def test_the_bounds_themselves_are_accepted(project):
    text = ("debtor: {name: Alpha SARL, kind: professional}\ninvoices:\n"
            "  - {number: F1, date: 1900-01-01, due: 2200-12-31, amount: 999999999.99}\n")
    c, issues = case(text, project)
    assert issues == []
    assert (c.invoices[0].date, c.invoices[0].due, c.invoices[0].amount) == (
        dt.date(1900, 1, 1), dt.date(2200, 12, 31), Decimal("999999999.99"))


def test_a_case_id_with_a_line_break_is_refused(project):
    c, issues = case(MINIMAL, project, "cases/x\n.yaml")
    assert c is None
    assert messages(issues) == ['cases/x\\n.yaml: a case id (the file or folder name) may use letters, digits, "_", "-" and "." only, got "x\\n"']

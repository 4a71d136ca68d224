"""The project file: creditors, the firm, scenarios (built-in and the user's), guardrails, rates."""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import yaml

from dossier.records.config import load_project, read_project
from dossier.records.errors import Source
from dossier.records.model import Guardrails
from dossier.records.scenarios import BUILTIN_SCENARIOS, builtin_scenarios

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "load"


def messages(issues) -> list[str]:
    return [str(i) for i in issues]


def project(text: str, root: Path = FIXTURES / "valid"):
    return read_project(text, root)


def test_the_valid_fixture_project_loads_with_every_section():
    p, issues = load_project(FIXTURES / "valid")
    assert issues == []
    assert p.title == "Recouvrement — Atelier Martin"
    c = p.creditors["default"]
    assert (c.id, c.name, c.siren, c.address) == ("default", "Atelier Martin SAS", "901234567", ("4 quai des Célestins", "69002 Lyon"))
    assert (c.iban, c.bic, c.signatory) == ("FR76 3000 4000 0312 3456 7890 143", "BNPAFRPPXXX", "Louise Martin, gérante")
    assert c.source == Source("dossier.yaml", 4, 3)
    assert (c.mediator.name, c.mediator.website, c.mediator.address) == (
        "CM2C", "https://www.cm2c.net", ("49 rue de Ponthieu", "75008 Paris"))
    assert p.agency is None
    assert p.scenario == "standard"
    assert sorted(p.scenarios) == sorted({"court", *builtin_scenarios()[0]})
    court = p.scenarios["court"]
    assert [s.id for s in court.steps] == ["relance", "mise_en_demeure", "appel"]
    mise = court.steps[1]
    assert (mise.channel, mise.after_due, mise.after_step, mise.after_days, mise.deadline_days, mise.formal_notice) == (
        "lrar", None, "relance", 10, 8, True)
    when = court.steps[2].when
    assert (when.debtor_kind, when.min_amount, when.max_amount, when.qualification, when.not_qualification) == (
        ("professional", "public"), Decimal("1000"), None, (), ("contestation",))
    assert p.guardrails == Guardrails(max_contacts=6, min_days_between_written=7,
                                      call_windows=(("09:30", "12:00"), ("14:00", "19:00")), max_amicable_days=90)
    assert [(r.table, r.start, r.rate, r.source_text) for r in p.rates] == [
        ("ecb_mro", dt.date(2026, 6, 17), Decimal("2.40"), "BCE, décision du 11 juin 2026"),
        ("legal_autres_cas", dt.date(2026, 7, 1), Decimal("2.75"), "arrêté du 20 juin 2026"),
    ]
    assert p.root == str((FIXTURES / "valid").resolve())


def test_every_error_of_a_bad_project_file_is_reported_with_line_and_field():
    p, issues = load_project(FIXTURES / "bad-project")
    assert p is None
    assert messages(issues) == [
        'dossier.yaml:1:7: site: missing required field "title"',
        'dossier.yaml:1:8: site.titel: unknown field; did you mean "title"?',
        'dossier.yaml:4:10: creditor.siren: expected a SIREN of 9 digits, got 90123456',
        'dossier.yaml:5:9: creditor.iban: expected an IBAN with valid check digits, got "FR76 3000 4000 0312 3456 7890 144"',
        'dossier.yaml:6:8: creditor.bic: expected a BIC of 8 or 11 characters such as "BNPAFRPPXXX", got "BNPA"',
        'dossier.yaml:7:3: creditor.adresse: unknown field; did you mean "address"?',
        'dossier.yaml:8:9: agency: missing required field "firm": agency: true needs the recovery firm\'s identity (firm: name, address, siren…)',
        'dossier.yaml:13:34: scenarios.rapide.steps[0].after_due: expected a whole number of 0 or more, got -1',
        'dossier.yaml:13:47: scenarios.rapide.steps[0].channel: expected email, letter, lrar, sms, phone, court or declaration, got "fax"',
        'dossier.yaml:14:38: scenarios.rapide.steps[1].after: write either after_due or after, not both',
        'dossier.yaml:14:45: scenarios.rapide.steps[1].after.step: expected an earlier step of scenario "rapide" (relance), got "injonction"',
        'dossier.yaml:15:9: scenarios.rapide.steps[2]: missing required field "after_due" (or "after")',
        'dossier.yaml:15:57: scenarios.rapide.steps[2].deadline_days: expected a whole number of 1 or more, got 0',
        'dossier.yaml:16:14: scenarios.rapide.steps[3].id: duplicate step "relance" (also steps[0])',
        'dossier.yaml:16:69: scenarios.rapide.steps[3].formal_notice: expected true or false, got "yes"',
        'dossier.yaml:17:31: scenarios.rapide.steps[3].when.debtor_kind[0]: expected professional, consumer or public, got "particulier"',
        'dossier.yaml:17:74: scenarios.rapide.steps[3].when.max_amount: expected an amount of at least min_amount (500), got 100',
        'dossier.yaml:19:17: guardrails.max_contacts: expected a whole number of 1 or more, got 0',
        'dossier.yaml:20:18: guardrails.call_windows[0]: expected a time window such as "10:00-13:00", got "10h-13h"',
        'dossier.yaml:20:29: guardrails.call_windows[1]: expected a time window such as "10:00-13:00", got "14:00-25:00"',
        'dossier.yaml:20:44: guardrails.call_windows[2]: expected a time window such as "10:00-13:00", got "18:00-09:00"',
        'dossier.yaml:21:3: guardrails.max_days: unknown field; did you mean "max_amicable_days"?',
        'dossier.yaml:24:46: rates[1].rate: expected a rate in percent such as 2.15, got "beaucoup"',
        'dossier.yaml:25:37: rates[2].from: expected a half-year start (1 January or 1 July) for table legal_autres_cas, got 2026-07-15',
        'dossier.yaml:27:37: rates[4].from: duplicate rate for table legal_autres_cas from 2026-07-01 (also rates[3])',
        'dossier.yaml:28:5: rates[5]: missing required field "source"',
        'dossier.yaml:28:13: rates[5].table: expected ecb_mro, legal_autres_cas or legal_particuliers, got "euribor"',
    ]


def test_a_missing_project_file_says_how_to_make_one(tmp_path: Path):
    assert load_project(tmp_path) == (None, messages_as_issues(["dossier.yaml: no project file here (run `dossier init` to create one)"]))


def messages_as_issues(texts):
    from dossier.records.errors import Issue

    return [Issue(Source("dossier.yaml"), t.split(": ", 1)[1]) for t in texts]


def test_a_project_file_that_is_not_utf8_names_the_byte_and_its_line(tmp_path: Path):
    (tmp_path / "dossier.yaml").write_bytes("creditor:\n  name: Société\n".encode("latin-1"))
    p, issues = load_project(tmp_path)
    assert p is None
    assert messages(issues) == ["dossier.yaml:2:13: expected UTF-8 text, got the byte 0xe9 (save the file as UTF-8)"]


def test_an_empty_or_list_project_file_is_an_error():
    assert messages(project("# rien\n")[1]) == ["dossier.yaml:1:1: empty file: expected the project (site, creditor, scenario…)"]
    assert messages(project("- creditor\n")[1]) == [
        "dossier.yaml:1:1: expected a mapping of fields (site, creditor, scenario…), got a list"]


def test_a_yaml_syntax_error_in_the_project_file_has_its_line():
    p, issues = project("creditor:\n  name: [Atelier\n")
    assert p is None
    assert [(i.source.line, i.message.startswith("YAML syntax error")) for i in issues] == [(3, True)]


def test_creditor_and_creditors_exclude_each_other_and_one_is_required():
    both = "creditor: {name: A}\ncreditors:\n  b: {name: B}\n"
    assert messages(project(both)[1]) == ["dossier.yaml:2:1: creditors: write either creditor: or creditors:, not both"]
    assert messages(project("site: {title: T}\n")[1]) == ['dossier.yaml:1:1: missing required field "creditor" (or "creditors")']
    assert messages(project("creditors: {}\n")[1]) == ["dossier.yaml:1:12: creditors: expected at least one creditor, got an empty mapping"]
    bad_id = 'creditors:\n  "a b": {name: A}\n'
    assert messages(project(bad_id)[1]) == [
        'dossier.yaml:2:3: creditors.a b: expected an id made of letters, digits, "_", "-" and ".", got "a b"']


def test_several_creditors_are_keyed_by_id_in_sorted_order_and_the_title_defaults():
    p, issues = project("creditors:\n  morel: {name: Menuiserie Morel SARL}\n  martin: {name: Atelier Martin SAS, siren: 901234567}\n")
    assert issues == []
    assert list(p.creditors) == ["martin", "morel"]
    assert p.creditors["martin"].siren == "901234567"   # an unquoted number is kept as text
    assert p.creditors["martin"].source == Source("dossier.yaml", 3, 11)
    assert p.title == "Recouvrement"
    single, _ = project("creditor: {name: Atelier Martin SAS}\n")
    assert single.title == "Recouvrement — Atelier Martin SAS"


def test_agency_mode_needs_the_firm_and_builds_it():
    p, issues = project(
        "creditor: {name: A}\nagency: true\nfirm:\n  name: Cabinet Recouvra\n  siren: 552 100 554\n"
        "  address: [1 rue de la Paix, 75002 Paris]\n  signatory: Jeanne Roux, gérante\n")
    assert issues == []
    assert (p.agency.name, p.agency.siren, p.agency.address, p.agency.signatory) == (
        "Cabinet Recouvra", "552100554", ("1 rue de la Paix", "75002 Paris"), "Jeanne Roux, gérante")
    assert p.agency.source == Source("dossier.yaml", 4, 3)
    p, issues = project("creditor: {name: A}\nagency: true\nfirm: {siren: 552100554}\n")
    assert messages(issues) == ['dossier.yaml:3:7: firm: missing required field "name"']
    p, issues = project("creditor: {name: A}\nfirm: {name: Cabinet Recouvra}\n")
    assert p.agency is None
    assert messages(issues) == ["dossier.yaml:2:7: warning: firm: ignored: agency is not true"]


def test_builtin_scenarios_are_read_by_the_same_code_and_are_valid():
    """The built-in file is H4's; here: it reads without an issue and every written field arrives."""
    scenarios, issues = builtin_scenarios()
    assert issues == []
    raw = yaml.safe_load(BUILTIN_SCENARIOS.read_text(encoding="utf-8"))
    assert sorted(scenarios) == sorted(raw) and "standard" in scenarios
    for name, written in raw.items():
        got = scenarios[name].steps
        assert [s.id for s in got] == [w["id"] for w in written["steps"]]
        for step, w in zip(got, written["steps"]):
            after = w.get("after", {})
            assert (step.channel, step.template, step.after_due, step.after_step, step.after_days, step.deadline_days,
                    step.formal_notice) == (w["channel"], w.get("template"), w.get("after_due"), after.get("step"),
                                            after.get("days"), w.get("deadline_days"), w.get("formal_notice", False))
            assert step.source.path == "dossier/data/scenarios.yaml" and step.source.line > 0


def test_a_user_scenario_of_the_same_name_replaces_the_builtin_one():
    p, issues = project("creditor: {name: A}\nscenarios:\n  standard:\n    steps:\n"
                        "      - {id: seule, after_due: 3, channel: sms, template: relance-sms}\n")
    assert issues == []
    assert [s.id for s in p.scenarios["standard"].steps] == ["seule"]
    assert p.scenarios["standard"].source == Source("dossier.yaml", 4, 5)


def test_unknown_default_scenario_and_hints():
    assert messages(project("creditor: {name: A}\nscenario: standart\n")[1]) == [
        'dossier.yaml:2:11: scenario: no scenario "standart"; did you mean "standard"?']
    names = sorted(builtin_scenarios()[0])
    listed = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
    assert messages(project("creditor: {name: A}\nscenario: zzz\n")[1]) == [
        f'dossier.yaml:2:11: scenario: no scenario "zzz" (scenarios: {listed})']


def test_a_scenario_step_after_itself_or_with_no_earlier_step():
    text = "creditor: {name: A}\nscenarios:\n  s:\n    steps:\n      - {id: a, after: {step: a, days: 2}, channel: email}\n"
    assert messages(project(text)[1]) == [
        'dossier.yaml:5:31: scenarios.s.steps[0].after.step: expected an earlier step of scenario "s" (there is none), got "a"']
    empty = "creditor: {name: A}\nscenarios:\n  s: {steps: []}\n"
    assert messages(project(empty)[1]) == ["dossier.yaml:3:14: scenarios.s.steps: expected at least one of steps, got an empty list"]


def test_rates_accept_percent_text_zero_and_the_older_table_names():
    p, issues = project('creditor: {name: A}\nrates:\n  - {table: ecb_mro, from: 2016-03-16, rate: 0, source: BCE}\n'
                        '  - {table: legal_particuliers, from: 2026-07-01, rate: "6,84 %", source: "arrêté"}\n'
                        '  - {table: legal_professional_creditor, from: 2026-07-01, rate: 2.75, source: "arrêté"}\n')
    assert issues == []
    assert [(r.table, r.rate) for r in p.rates] == [
        ("ecb_mro", Decimal("0")), ("legal_autres_cas", Decimal("2.75")), ("legal_particuliers", Decimal("6.84"))]


def test_a_control_character_in_the_project_file_is_located():
    assert messages(project("creditor:\n  name: A\x00B\n")[1]) == [
        "dossier.yaml:2:10: expected text, got the control character U+0000 (is this a binary file?)"]


def test_a_project_file_over_1_mb_is_refused_unread(tmp_path: Path):
    (tmp_path / "dossier.yaml").write_text("creditor: {name: A}\n" + "#" * 2_000_000 + "\n", encoding="utf-8")
    p, issues = load_project(tmp_path)
    assert p is None
    assert messages(issues) == ["dossier.yaml:1:1: expected a file of at most 1 MB (1,000,000 bytes), got 2,000,021 bytes (not read)"]
    assert messages(project("creditor: {name: A}\n" + "#" * 2_000_000 + "\n")[1]) == [
        "dossier.yaml:1:1: expected a file of at most 1 MB (1,000,000 bytes), got 2,000,021 bytes (not read)"]


def test_anchors_in_the_project_file_are_refused_where_written():
    assert messages(project("creditor: &c {name: A}\nfirm: *c\n")[1]) == [
        'dossier.yaml:1:11: expected a value written out, got the YAML anchor "&c" (anchors and aliases are not supported: write the value in full)']


def test_day_counts_amounts_dates_and_one_line_texts_of_the_project_are_bounded():
    p, issues = load_project(FIXTURES / "bad-limits-project")
    assert p is None
    assert messages(issues) == [
        'dossier.yaml:1:15: site.title: expected text on one line, got a line break (U+000A)',
        'dossier.yaml:3:9: creditor.name: expected text on one line, got a line break (U+000D)',
        'dossier.yaml:4:10: creditor.email: expected an email address, got "compta@atelier-martin..fr"',
        'dossier.yaml:5:13: creditor.address[0]: expected text on one line, got a line break (U+2028)',
        'dossier.yaml:10:50: scenarios.lent.steps[0].after_due: expected a number of days of at most 3650 (ten years), got 1000000000',
        'dossier.yaml:11:75: scenarios.lent.steps[1].after.days: expected a number of days of at most 3650 (ten years), got 3651',
        'dossier.yaml:11:97: scenarios.lent.steps[1].deadline_days: expected a number of days of at most 3650 (ten years), got 5000',
        'dossier.yaml:12:14: scenarios.lent.steps[2].id: expected text, got the control character U+0009',
        'dossier.yaml:12:75: scenarios.lent.steps[2].when.max_amount: expected an amount below 1000000000 euros, got 1.0E+40',
        'dossier.yaml:13:33: guardrails.max_amicable_days: expected a number of days of at most 3650 (ten years), got 99999',
        'dossier.yaml:13:66: guardrails.min_days_between_written: expected a whole number of 0 or more, got -1',
        'dossier.yaml:13:84: guardrails.max_contacts: expected a whole number of at most 3650, got 4000',
        'dossier.yaml:15:28: rates[0].from: expected a date between 1900-01-01 and 2200-12-31, got 0001-01-01',
        'dossier.yaml:15:60: rates[0].source: expected text on one line, got a line break (U+0085)',
    ]


def test_a_key_with_a_line_break_is_not_a_creditor_id():
    assert messages(project('creditors:\n  "a\\n": {name: A}\n')[1]) == [
        "dossier.yaml:2:3: creditors: expected at least one creditor, got an empty mapping", "dossier.yaml:2:3: expected a plain key"]


def test_a_creditor_s_consumer_mediator_is_read_with_its_website_and_address():
    p, issues = project('creditor:\n  name: A\n  mediator:\n    name: CM2C\n    website: "https://www.cm2c.net"\n'
                        '    address: [49 rue de Ponthieu, 75008 Paris]\n')
    assert issues == []
    m = p.creditors["default"].mediator
    assert (m.name, m.website, m.address, m.source) == (
        "CM2C", "https://www.cm2c.net", ("49 rue de Ponthieu", "75008 Paris"), Source("dossier.yaml", 4, 5))
    p, issues = project('creditor:\n  name: A\n  mediator: {name: CM2C, address: "49 rue de Ponthieu\\n75008 Paris"}\n')
    assert issues == [] and p.creditors["default"].mediator.website is None
    assert p.creditors["default"].mediator.address == ("49 rue de Ponthieu", "75008 Paris")
    assert project("creditor: {name: A}\n")[0].creditors["default"].mediator is None


def test_a_mediator_needs_a_name_and_a_website_or_an_address_each_error_located():
    def errors(mediator: str) -> list[str]:
        p, issues = project(f"creditors:\n  martin:\n    name: A\n    mediator: {mediator}\n")
        assert p is None
        return messages(issues)

    assert errors("{name: CM2C}") == [
        "dossier.yaml:4:15: creditors.martin.mediator: expected the mediator's website or address (C. consom. R616-1), got neither"]
    assert errors("{name: CM2C, website: null, address: []}") == [
        "dossier.yaml:4:15: creditors.martin.mediator: expected the mediator's website or address (C. consom. R616-1), got neither"]
    assert errors('{website: "https://www.cm2c.net"}') == [
        'dossier.yaml:4:15: creditors.martin.mediator: missing required field "name"']
    assert errors("{name: CM2C, website: www.cm2c.net}") == [
        'dossier.yaml:4:37: creditors.martin.mediator.website: expected a website address such as "https://www.exemple.fr", '
        'got "www.cm2c.net"']
    assert errors('{name: CM2C, website: "https://cm2c .net"}') == [
        'dossier.yaml:4:37: creditors.martin.mediator.website: expected a website address such as "https://www.exemple.fr", '
        'got "https://cm2c .net"']
    assert errors('{name: CM2C, site: "https://www.cm2c.net"}') == [
        'dossier.yaml:4:28: creditors.martin.mediator.site: unknown field; did you mean "website"?']
    assert errors("CM2C") == [
        'dossier.yaml:4:15: creditors.martin.mediator: expected the mediator\'s fields (name, website, address), got "CM2C"']
    assert errors('{name: "", address: [x]}') == ["dossier.yaml:4:22: creditors.martin.mediator.name: expected text, got an empty string"]


def test_a_creditor_with_consumer_cases_and_no_mediator_is_warned_at_the_creditor(tmp_path: Path):
    import shutil

    from dossier.records.load import load_repository

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "repo", root)   # 2026-040-leroy is a consumer
    repo, issues = load_repository(root)
    warned = [i for i in issues if i.code == "consumer-mediator-missing"]
    assert [str(i) for i in warned] == [
        "dossier.yaml:5:3: warning: the creditor has consumer cases but no mediator: (C. consom. R616-1 requires its "
        "name and contact details in letters to consumers)"]
    assert warned[0].fr == (
        "Le créancier a des dossiers contre des particuliers mais aucun médiateur de la consommation (mediator:)\u00a0: "
        "l’article R616-1 du Code de la consommation impose d’indiquer son nom et ses coordonnées dans les lettres "
        "aux consommateurs.")
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    (root / "dossier.yaml").write_text(text.replace("agency: false\n", "  mediator: {name: CM2C, website: \"https://www.cm2c.net\"}\nagency: false\n"),
                                       encoding="utf-8")
    repo, issues = load_repository(root)
    assert repo is not None and not [i for i in issues if i.code == "consumer-mediator-missing"]


def test_the_mediator_warning_names_each_creditor_with_consumer_cases():
    from dossier.records.creditors import mediator_issues
    from dossier.records.load import load_repository

    repo, _ = load_repository(Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "repo")
    leroy = next(c for c in repo.cases if c.id == "2026-040-leroy")
    pro = next(c for c in repo.cases if c.debtor.kind == "professional")
    p, _ = project("creditors:\n  martin: {name: A}\n  morel:\n    name: B\n")
    cases = [dataclasses.replace(leroy, creditor="morel"), dataclasses.replace(pro, creditor="martin")]
    assert [(str(i.source), i.message) for i in mediator_issues(p, cases)] == [
        ("dossier.yaml:4:5", "creditor morel has consumer cases but no mediator: (C. consom. R616-1 requires its name and "
                             "contact details in letters to consumers)")]
    assert mediator_issues(p, cases[1:]) == []   # no consumer case, no warning

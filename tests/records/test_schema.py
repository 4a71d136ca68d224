"""`dossier schema`: the JSON Schema of a case file and of dossier.yaml, generated from the loaders' field tables.

The demo validates against it, with the `jsonschema` package and with the `check-jsonschema` command; what the
loader refuses for its structure (a wrong type, an unknown key, a value out of an enumeration or a range) the
schema refuses too; and where schema.py repeats a spec written inside a loader, the loader's own messages
prove the two agree.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from dossier.cli import main
from dossier.records import case_fields, readers
from dossier.records.config import load_project, read_project
from dossier.records.load import load_case_text
from dossier.records.schema import SchemaGap, _object, case_schema, fragment, project_schema

ROOT = Path(__file__).resolve().parents[2]
FAULTS = ROOT / "tests" / "faults"
DEMO_CASES = sorted(p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("cases/*.yaml"), *ROOT.glob("cases/*/dossier.yaml")])
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: a date is text (YAML 1.2 has no timestamp type)."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_editor(text: str) -> Any:
    return yaml.load(text, Loader=_EditorLoader)


def errors(schema: dict, data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return sorted(f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator.iter_errors(data))


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    return {"case": case_schema(), "project": project_schema()}


def test_both_schemas_are_valid_draft_2020_12(schemas):
    for schema in schemas.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_the_command_prints_the_generated_schema(schemas):
    for kind in ("case", "project"):
        result = CliRunner().invoke(main, ["schema", kind])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == schemas[kind]
    assert CliRunner().invoke(main, ["schema", "scenario"]).exit_code == 2


def test_the_schema_names_the_enumerations_and_the_required_fields(schemas):
    case, project = schemas["case"], schemas["project"]
    assert case["required"] == ["debtor", "invoices"] and case["additionalProperties"] is False
    debtor = case["properties"]["debtor"]
    assert debtor["required"] == ["name", "kind"]
    assert debtor["properties"]["kind"]["enum"] == ["professional", "consumer", "public"]
    assert debtor["properties"]["qualification"]["enum"][:2] == ["oubli", "negligence"]
    event = case["properties"]["events"]["items"]
    assert event["properties"]["type"]["enum"] == list(case_fields.EVENT_TYPES)
    plan = next(r["then"] for r in event["allOf"] if r["if"]["properties"]["type"]["const"] == "plan")
    assert plan == {"required": ["date", "type", "instalments"],
                    "propertyNames": {"enum": ["date", "type", "note", "piece", "reference", "instalments", "signed"]}}
    assert "minItems" not in case["properties"]["events"] and case["properties"]["invoices"]["minItems"] == 1
    invoice = case["properties"]["invoices"]["items"]
    assert invoice["required"] == ["number", "date", "due", "amount"]
    assert invoice["properties"]["due"]["pattern"] == r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$"
    assert invoice["properties"]["amount"]["exclusiveMinimum"] == 0
    assert invoice["properties"]["amount"]["exclusiveMaximum"] == 1_000_000_000
    assert project["oneOf"] == [{"required": ["creditor"]}, {"required": ["creditors"]}]
    step = project["properties"]["scenarios"]["patternProperties"]["^[A-Za-z0-9][A-Za-z0-9_.-]*$"]["properties"]["steps"]["items"]
    assert step["properties"]["channel"]["enum"] == ["email", "letter", "lrar", "sms", "phone", "court", "declaration"]
    assert step["properties"]["deadline_days"] == {"type": "integer", "minimum": 1, "maximum": 3650}


def test_the_mandate_and_the_kbis_are_in_the_schemas(schemas):
    """Issue 15: `mandate: {date, piece}` on a creditor or a case (date required), `debtor.kbis` a path."""
    case, project = schemas["case"], schemas["project"]
    mandate = {"type": "object", "additionalProperties": False, "required": ["date"]}
    assert {k: case["properties"]["mandate"][k] for k in mandate} == mandate
    assert set(case["properties"]["mandate"]["properties"]) == {"date", "piece"}
    assert case["properties"]["debtor"]["properties"]["kbis"] == case["properties"]["invoices"]["items"]["properties"]["piece"]
    creditor = project["properties"]["creditor"]
    assert creditor["properties"]["mandate"] == case["properties"]["mandate"]
    text = (ROOT / "cases/2026-014-dupont.yaml").read_text(encoding="utf-8")
    good = as_editor(text.replace("  qualification: negligence\n", "  qualification: negligence\n  kbis: pieces/kbis.pdf\n")
                     + "mandate: {date: 2026-01-05, piece: pieces/mandat.pdf}\n")
    assert errors(case, good) == []
    assert errors(case, {**good, "mandate": {"piece": "pieces/mandat.pdf"}}) == ["mandate: 'date' is a required property"]


@pytest.mark.parametrize("rel", DEMO_CASES)
def test_every_demo_case_validates(rel, schemas):
    assert errors(schemas["case"], as_editor((ROOT / rel).read_text(encoding="utf-8"))) == []


def test_the_demo_project_file_validates(schemas):
    assert len(DEMO_CASES) >= 15
    assert errors(schemas["project"], as_editor((ROOT / "dossier.yaml").read_text(encoding="utf-8"))) == []


def test_check_jsonschema_validates_the_demo_and_rejects_a_wrong_date(tmp_path: Path, schemas):
    for kind, schema in schemas.items():
        (tmp_path / f"{kind}.json").write_text(json.dumps(schema), encoding="utf-8")
    run = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(tmp_path / "case.json"), *DEMO_CASES],
                         cwd=ROOT, capture_output=True, text=True)
    assert (run.returncode, run.stdout.strip()) == (0, "ok -- validation done"), run.stdout + run.stderr
    run = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(tmp_path / "project.json"), "dossier.yaml"],
                         cwd=ROOT, capture_output=True, text=True)
    assert (run.returncode, run.stdout.strip()) == (0, "ok -- validation done"), run.stdout + run.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "cases/2026-014-dupont.yaml").read_text(encoding="utf-8").replace(
        "due: 2026-03-03", "due: 03/03/2026"), encoding="utf-8")
    run = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(tmp_path / "case.json"), str(bad)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "'03/03/2026' does not match" in run.stdout, run.stdout


DUPONT = (ROOT / "cases/2026-014-dupont.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("old, new, schema_error, loader_error", [
    ("due: 2026-03-03", "due: 03/03/2026", "invoices/0/due: '03/03/2026' does not match",
     'invoices[0].due: expected a date (YYYY-MM-DD), got "03/03/2026"'),
    ("due: 2026-03-03", "due: 2026-02-30", "invoices/0/due: '2026-02-30' is not a 'date'",
     'invoices[0].due: expected a real date, got "2026-02-30"'),
    ("  kind: professional", "  kind: professional\n  colour: blue",
     "debtor: Additional properties are not allowed ('colour' was unexpected)", "debtor.colour: unknown field"),
    ("debtor:", "debitor: {name: x, kind: professional}\ndebtor:",
     ": Additional properties are not allowed ('debitor' was unexpected)", 'debitor: unknown field; did you mean "debtor"?'),
])
def test_the_schema_rejects_what_the_loader_rejects(old, new, schema_error, loader_error, schemas):
    assert DUPONT.count(old) >= 1
    text = DUPONT.replace(old, new, 1)
    found = errors(schemas["case"], as_editor(text))
    assert found and found[0].startswith(schema_error), found
    project, _ = load_project(ROOT)
    case, issues = load_case_text(text, "cases/2026-014-dupont.yaml", project, ROOT)
    assert case is None and any(i.message.startswith(loader_error) for i in issues), [i.message for i in issues]


def test_the_event_type_decides_its_fields(schemas):
    data = as_editor(DUPONT)
    data["events"].append({"date": "2026-05-01", "type": "payment", "outcome": "paid"})
    assert errors(schemas["case"], data) == [
        "events/4: 'amount' is a required property",
        "events/4: 'outcome' is not one of ['date', 'type', 'note', 'piece', 'reference', 'amount', 'invoice', 'transaction']"]


# --- the loader's own messages: the specs schema.py repeats agree with the loaders' ---------------------------------

EXPECTED = re.compile(r"^(?:(?P<at>.*)\.)?zzzzzz: unknown field \(expected (?P<names>.*)\)$")
MISSING = re.compile(r'^(?:(?P<at>.*): )?missing required field "(?P<name>[^"]+)"$')


def _probe(issues) -> tuple[list[str], list[str]]:
    """The fields a loader lists for an unknown key "zzzzzz", and those it says are missing."""
    listed = [m["names"].replace(" or ", ", ").split(", ") for i in issues if (m := EXPECTED.match(i.message))]
    missing = [m["name"] for i in issues if (m := MISSING.match(i.message))]
    assert len(listed) == 1, [i.message for i in issues]
    return sorted(listed[0]), sorted(missing)


def _at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _node(schema: dict, path: tuple) -> dict:
    for key in path:
        if "properties" in schema:
            schema = schema["properties"][key]
        elif "patternProperties" in schema:
            schema = next(iter(schema["patternProperties"].values()))
        else:
            schema = schema["items"]
    return schema


CASE_PATHS = [(), ("debtor",), ("contract",), ("interest",), ("invoices", 0)]
PROJECT_PATHS = [(), ("creditor",), ("creditor", "mediator"), ("scenarios", "standard"), ("scenarios", "standard", "steps", 0),
                 ("scenarios", "standard", "steps", 0, "when"), ("scenarios", "standard", "steps", 1, "after"),
                 ("guardrails",), ("rates", 0), ("site",)]


@pytest.mark.parametrize("path", CASE_PATHS, ids=str)
def test_case_fields_and_required_fields_match_the_loader(path, schemas):
    data = yaml.safe_load(DUPONT)
    target = _at(data, path)
    target.clear()
    target["zzzzzz"] = 1
    project, _ = load_project(ROOT)
    _, issues = load_case_text(yaml.safe_dump(data, allow_unicode=True), "cases/x.yaml", project, ROOT)
    node = _node(schemas["case"], path)
    assert _probe(issues) == (sorted(node["properties"]), sorted(node.get("required", [])))


def test_instalment_and_event_fields_match_the_loader(schemas):
    data = yaml.safe_load(DUPONT)
    data["events"].append({"date": "2026-06-01", "type": "plan", "zzzzzz": 1, "instalments": [{"zzzzzz": 1}]})
    project, _ = load_project(ROOT)
    _, issues = load_case_text(yaml.safe_dump(data, allow_unicode=True), "cases/x.yaml", project, ROOT)
    events = schemas["case"]["properties"]["events"]["items"]
    plan = next(r["then"] for r in events["allOf"] if r["if"]["properties"]["type"]["const"] == "plan")
    instalment = events["properties"]["instalments"]["items"]
    by_path = {}
    for issue in issues:
        m = EXPECTED.match(issue.message)
        if m:
            by_path[m["at"]] = sorted(m["names"].replace(" or ", ", ").split(", "))
    assert by_path == {"events[4]": sorted(plan["propertyNames"]["enum"]),
                       "events[4].instalments[0]": sorted(instalment["properties"])}
    assert sorted(m["name"] for i in issues if (m := MISSING.match(i.message))) == sorted(instalment["required"])


@pytest.mark.parametrize("path", PROJECT_PATHS, ids=str)
def test_project_fields_and_required_fields_match_the_loader(path, schemas):
    data = yaml.safe_load((ROOT / "dossier.yaml").read_text(encoding="utf-8"))
    data.setdefault("guardrails", {"max_contacts": 8})
    data.setdefault("rates", [{"table": "ecb_mro", "from": "2026-06-11", "rate": 2.15, "source": "BCE"}])
    steps = [{"id": "a", "channel": "email", "after_due": 5, "when": {"debtor_kind": "consumer"}},
             {"id": "b", "channel": "lrar", "after": {"step": "a", "days": 8}}]
    data.setdefault("scenarios", {"standard": {"steps": steps}})
    target = _at(data, path)
    keep = {k: target[k] for k in ("creditor",) if not path and k in target}
    target.clear()
    target.update(keep, zzzzzz=1)
    _, issues = read_project(yaml.safe_dump(data, allow_unicode=True), ROOT)
    node = _node(schemas["project"], path)
    listed, missing = _probe(issues)
    assert listed == sorted(node["properties"])
    assert missing == sorted(node.get("required", [])) or (path[-1:] == (0,) and missing == [])


def test_a_reader_without_a_schema_stops_the_generation():
    def novel(r, value, at):   # a new reader, not described in records/schema.py
        return value

    with pytest.raises(SchemaGap, match=r"no JSON Schema for the reader .*novel: add it to records/schema.py"):
        _object({"name": readers.text, "colour": novel})
    assert fragment(readers.choice(("a", "b"))) == {"type": "string", "enum": ["a", "b"]}
    assert fragment(readers.days(2)) == {"type": "integer", "minimum": 2, "maximum": 3650}


# --- the fault suite's structural inputs ----------------------------------------------------------------------------

def _faults():
    sys.path.insert(0, str(FAULTS))
    try:
        import catalogue
        import harness
    finally:
        sys.path.remove(str(FAULTS))
    return catalogue, harness


#: Faults the loader refuses for the shape of a value: every wrong type of the walk over a case and dossier.yaml
#: (those it must refuse), dates out of range or not a day, amounts of the wrong sign, size or type, integers out of
#: range, control characters in one-line text, unknown keys, types, kinds and reasons, and missing required fields.
STRUCTURAL_KINDS = ("wrong type", "far date", "amount", "control char", "after_due")
STRUCTURAL_NAMES = (
    "events:unknown event type", "events:event without a type", "events:event without a date", "events:unknown field",
    "events:unknown insolvency procedure", "events:unknown closing reason", "events:events is a mapping",
    "invoices:no invoices", "invoices:unknown interest rate", "invoices:interest rate 1e9 %",
    "invoices:negative interest rate", "debtor:unknown debtor kind",
    "piece:absolute path", "piece:empty path", "piece:NUL in path",
)
#: Refused by the loader for reasons no schema sees: the order of the steps, a piece that is not on disk (a text
#: where a list of pieces goes is one piece), and NaN, which is no JSON number (PyYAML reads .nan as a float that
#: compares false with every bound).
#: (A dispute's `invoices:` naming an unknown invoice is a cross-reference, like a payment's `invoice:`: no schema
#: sees it since `invoices:` exists, issue 13; the loader locates it.)
NOT_STRUCTURAL = ("after_due:step after itself", "wrong type:case contract.pieces = string",
                  "events:credit note beyond the invoice")   # compares two amounts: only check sees it


def _structural(fault, accept_error) -> bool:
    if fault.id in NOT_STRUCTURAL or fault.accept != accept_error or "nan" in fault.name:
        return False
    return fault.kind in STRUCTURAL_KINDS or fault.id in STRUCTURAL_NAMES


def test_the_schema_rejects_the_structural_faults_the_loader_rejects(tmp_path: Path, schemas):
    catalogue, harness = _faults()
    chosen = [f for f in catalogue.all_faults() if _structural(f, catalogue.ERROR)]
    assert len(chosen) >= 250, len(chosen)   # 263 when written
    base = harness.make_base(tmp_path / "base")
    originals = {rel: (base / rel).read_bytes() for rel in ("dossier.yaml", harness.DUPONT, harness.ROUX)}
    passed = []
    for i, fault in enumerate(chosen):
        repo = tmp_path / f"r{i}"
        shutil.copytree(base, repo)
        fault.spoil(repo)
        changed = [rel for rel, data in originals.items() if (repo / rel).read_bytes() != data]
        assert len(changed) == 1, fault.id
        schema = schemas["project" if changed[0] == "dossier.yaml" else "case"]
        if not errors(schema, as_editor((repo / changed[0]).read_text(encoding="utf-8"))):
            passed.append(fault.id)
        shutil.rmtree(repo)
    assert passed == []


# --- the loader's fixtures --------------------------------------------------------------------------------------------

LOAD = ROOT / "tests" / "fixtures" / "load"
VALID_FIXTURES = sorted(p.relative_to(ROOT).as_posix() for base in (LOAD / "valid", ROOT / "tests/fixtures/documents")
                        for p in [*base.rglob("dossier.yaml"), *base.glob("**/cases/*.yaml")])
#: The files of the invalid fixtures whose errors are structural (each is refused by the schema). Left out: those
#: YAML cannot read (bad-encoding, bad-syntax, bad-garbage/binary) or JSON cannot hold (bad-garbage/garbage, a list as
#: a key), the errors across files or fields (bad-duplicates, bad-references), and an email domain too long once
#: IDNA-encoded (bad-limits/idna).
REFUSED_FIXTURES = [
    "bad-empty/cases/empty.yaml", "bad-events/cases/events.yaml", "bad-fields/cases/fields.yaml",
    "bad-garbage/cases/null.yaml", "bad-garbage/cases/number.yaml",
    "bad-limits/cases/emails.yaml", "bad-limits/cases/limits.yaml", "bad-limits-project/dossier.yaml",
    "bad-not-mapping/cases/list.yaml", "bad-pieces/cases/pieces.yaml", "bad-project/dossier.yaml",
]


def _kind(rel: str) -> str:
    return "case" if "/cases/" in rel else "project"


@pytest.mark.parametrize("rel", VALID_FIXTURES)
def test_every_valid_fixture_validates(rel, schemas):
    assert errors(schemas[_kind(rel)], as_editor((ROOT / rel).read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("rel", REFUSED_FIXTURES)
def test_the_structural_invalid_fixtures_are_refused(rel, schemas):
    assert errors(schemas[_kind(rel)], as_editor((LOAD / rel).read_text(encoding="utf-8")))
